// Typed IR (src/compile/ir/ir.ts) → LLVM IR for the native tier. Translates the
// IR's fixed semantics one to one; decides nothing.
//
// Representation:
// - bint is i1 as a value and a C int (i32) in memory (globals, memoryview elements).
// - A memoryview value is its fields: data pointer `T*` (null for None), `ndim`
//   extents and `ndim` strides (i64, in elements). Implementation functions take
//   a memoryview parameter as those 1 + 2n scalar parameters, and a memoryview
//   local lives in 1 + 2n allocas, so SROA/mem2reg turn everything into SSA
//   values: extents and strides are loop-invariant, and a stride the type fixes
//   (`T[::1]`, `T[:, ::1]`, `T[::1, :]`) is the constant 1.
// - Every IR local is an alloca in the entry block, zero-initialized.
// - Errors: the error state lives at the start of the module's state block (see
//   ERROR_STATE); raising stores it and returns zero; a call to a callee that
//   may raise is followed by a test of the exception index.
import * as L from './builder.js';
import { ERROR_STATE, MATH_ARITY, functionNumber } from '../ir/ir.js';
import type { Expr, IRFunction, LocalId, MathFn, Message, ModuleIR, NativeMessage, Stmt } from '../ir/ir.js';
import type { FloatType as IRFloat, IntType as IRInt, MemviewType, ScalarType, Type as IRType } from '../ir/types.js';
import type { FuncPtrType, PtrType } from '../ir/types.js';
import { alignOf, isAggregate, layoutOf, sizeOf } from '../ir/layout.js';
import { walkExprs } from '../ir/classify.js';

export interface MV {
  data: L.Value;
  shape: L.Value[];
  strides: L.Value[];
}

export function internal(msg: string): never {
  throw new Error(`cypyx llvm back end (internal): ${msg}`);
}

// ---------------------------------------------------------------- type mapping
export function asScalar(t: IRType, what: string): ScalarType {
  if (t.k === 'int' || t.k === 'float' || t.k === 'bool') return t;
  return internal(`${what}: type ${t.k} in native code`);
}
/** The LLVM type of a scalar value (bint → i1). */
export function valT(t: ScalarType): L.IntType | L.FloatType {
  if (t.k === 'bool') return L.i1;
  if (t.k === 'int') return L.intT(t.bits);
  return t.bits === 32 ? L.f32 : L.f64;
}
/** The LLVM type of a scalar in memory (bint → i32, a C int). */
export function memT(t: ScalarType): L.IntType | L.FloatType {
  return t.k === 'bool' ? L.i32 : valT(t);
}
export function memAlign(t: ScalarType): number {
  return t.k === 'bool' ? 4 : t.bits / 8;
}
export function retT(t: IRType): L.Type {
  if (t.k === 'void') return L.voidT;
  return isCDataValue(t) ? cdataT(t) : valT(asScalar(t, 'return'));
}

// C data (ir.ts, "C data"): a pointer is an `i8*` (loads and stores bitcast it to the
// accessed type, field addresses are byte offsets of ir/layout.ts); a function pointer is
// its function number (i64) and calls go through the module's function table; an
// aggregate value (struct, union, ctuple, C array) is an integer array of its size
// (`[n x iW]`, W its alignment up to 8 bytes), so that LLVM's own struct layout is never
// relied on; every load and store of memory states the C alignment.
const p8 = L.ptr(L.i8);
/** Non-scalar C data values: pointers, function pointers, aggregates. */
export function isCDataValue(t: IRType): boolean {
  return t.k === 'ptr' || t.k === 'funcptr' || isAggregate(t);
}
/** The LLVM type of a C data value (also its type in memory). */
export function cdataT(t: IRType): L.Type {
  if (t.k === 'ptr') return p8;
  if (t.k === 'funcptr') return L.i64;
  const size = sizeOf(t);
  const w = Math.min(alignOf(t), 8);
  return new L.ArrayType(L.intT(w * 8), size / w);
}
/** The LLVM type of any non-memview value in memory (bint: i32). */
export function llMem(t: IRType): L.Type {
  if (t.k === 'void') return L.i8;
  return isCDataValue(t) ? cdataT(t) : memT(asScalar(t, 'memory'));
}

/** The LLVM parameters an IR parameter of type `t` expands to. */
export function paramParts(t: IRType, name: string): { type: L.Type; name: string }[] {
  if (isCDataValue(t)) return [{ type: cdataT(t), name }];
  if (t.k === 'memview') {
    const parts = [{ type: L.ptr(memT(t.elem)) as L.Type, name: `${name}.data` }];
    for (let d = 0; d < t.ndim; d++) parts.push({ type: L.i64, name: `${name}.shape${d}` });
    for (let d = 0; d < t.ndim; d++) parts.push({ type: L.i64, name: `${name}.stride${d}` });
    return parts;
  }
  return [{ type: valT(asScalar(t, `parameter ${name}`)), name }];
}

/** Which x86 vector ISA of glibc's libmvec to use: AVX2 (4 doubles) or SSE2 (2 doubles). */
export type VectorMath = 'avx2' | 'sse2';
const VECTOR_ISA: Record<VectorMath, { isa: string; lanes: number }> = { avx2: { isa: 'd', lanes: 4 }, sse2: { isa: 'b', lanes: 2 } };
/** Double functions libmvec (glibc ≥ 2.35) has vector versions of (arities: MATH_ARITY). */
const LIBMVEC = new Set<MathFn>(['exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'cbrt', 'erf', 'erfc', 'pow', 'atan2', 'hypot']);

/** A function that calls itself directly and is small enough to inline into itself once. */
function smallSelfRecursive(f: IRFunction): boolean {
  let self = false;
  let nodes = 0;
  walkExprs(f.body, (e) => {
    nodes++;
    if (e.kind === 'call' && e.fn === f.name) self = true;
  });
  return self && nodes <= 60;
}

function containsLoop(stmts: Stmt[]): boolean {
  return stmts.some((s) =>
    s.kind === 'loop' ||
    (s.kind === 'if' && (containsLoop(s.then) || containsLoop(s.else))) ||
    (s.kind === 'block' && containsLoop(s.body)));
}

/**
 * Inlining attributes of a native function. `cdef inline` is a hint, as in C. A function
 * with a loop that is called from two or more places in the module stays out of line
 * (noinline): its loop dominates the time of a call, so inlining it saves little at run
 * time, while every inlined copy is vectorized (runtime alias checks, remainder loops)
 * and compiled again, which is most of a cold compile (jacobi's sweep, inlined twice:
 * 50 -> 31 ms from IR to object). Called once, it is inlined as usual.
 */
function inlineAttrs(f: IRFunction, callSites: ReadonlyMap<string, number>): string[] {
  if (f.inline) return ['inlinehint'];
  return (callSites.get(f.name) ?? 0) >= 2 && containsLoop(f.body) ? ['noinline'] : [];
}

// ---------------------------------------------------------------- module
export class ModuleGen {
  readonly m: L.Module;
  readonly state: L.GlobalVariable;
  readonly stateSize: number;
  /** Fast-math flags for float ops ('' unless opts.fastMath). */
  readonly fm: string;
  readonly impls = new Map<string, { ir: IRFunction; fn: L.Func }>();

  /** The glibc libmvec ISA whose vector math the vectorizer may call (fast-math only). */
  readonly vectorMath: VectorMath | null;
  private readonly vectorVariants: L.Func[] = [];

  constructor(readonly mod: ModuleIR, readonly hash8: string, fastMath: boolean, vectorMath: VectorMath | null = null) {
    this.m = new L.Module(mod.name);
    this.fm = fastMath ? 'fast' : '';
    this.vectorMath = fastMath ? vectorMath : null;
    this.stateSize = Math.max(mod.stateSize, ERROR_STATE.size);
    const st = new L.ArrayType(L.i8, this.stateSize);
    this.state = this.m.addGlobal(`cpx_${hash8}.state`, st, L.Const.zero(st), { linkage: 'internal', align: 16 });
  }

  sym(name: string): string {
    // '.' cannot occur in a Python name, so user names never clash with these symbols
    return `cpx_${this.hash8}.fn.${name}`;
  }

  /** A constant `T*` pointing at byte `offset` of the state block. */
  statePtr(offset: number, t: L.Type): L.Value {
    const p = L.Const.gep(this.state, [L.Const.int(L.i64, 0), L.Const.int(L.i64, offset)]);
    return L.typeEq(t, L.i8) ? p : L.Const.bitcast(p, L.ptr(t));
  }

  intrinsic(name: string, ret: L.Type, params: L.Type[]): L.Func {
    return this.m.declare(name, L.fnT(ret, params), ['nounwind', 'readnone', 'speculatable', 'willreturn']);
  }
  /**
   * Call-site attributes telling the loop vectorizer that libmvec has a vector version of
   * double function `name` (glibc's `_ZGV<isa>N<lanes><args>_<name>`, e.g. _ZGVdN4v_exp);
   * '' when there is none. Only with fast-math: libmvec's results may differ from libm's
   * in the last bits (up to 4 ulp), which is what gcc's -ffast-math accepts too.
   */
  vectorVariant(name: MathFn): string {
    const vm = this.vectorMath;
    if (!vm || !LIBMVEC.has(name)) return '';
    const arity = MATH_ARITY[name];
    const { isa, lanes } = VECTOR_ISA[vm];
    const args = 'v'.repeat(arity);
    const vname = `_ZGV${isa}N${lanes}${args}_${name}`;
    if (!this.m.getFunction(vname)) {
      const vt = new L.VectorType(L.f64, lanes);
      this.vectorVariants.push(this.m.declare(vname, L.fnT(vt, Array(arity).fill(vt)), ['nounwind', 'readnone', 'willreturn']));
    }
    return `"vector-function-abi-variant"="_ZGV_LLVM_N${lanes}${args}_${name}(${vname})"`;
  }

  /** Keeps the vector variants' declarations alive until the vectorizer has seen them. */
  finish(): void {
    if (this.vectorVariants.length === 0) return;
    const t = new L.ArrayType(p8, this.vectorVariants.length);
    const init = new L.Value(t, `[${this.vectorVariants.map((f) => String(L.Const.bitcast(f, p8))).join(', ')}]`);
    this.m.addGlobal('llvm.compiler.used', t, init, { linkage: 'appending', section: 'llvm.metadata' });
  }

  /** A libm function: no side effect visible to this code (errno is never read). */
  libm(name: string, ret: L.Type, params: L.Type[]): L.Func {
    return this.m.declare(name, L.fnT(ret, params), ['nounwind', 'readnone', 'willreturn']);
  }

  /** Declares every native function, then emits their bodies. */
  emitFunctions(): void {
    const native = this.mod.functions.filter((f) => f.tier === 'native');
    const callSites = new Map<string, number>();
    for (const f of native) {
      walkExprs(f.body, (e) => {
        if (e.kind === 'call') callSites.set(e.fn, (callSites.get(e.fn) ?? 0) + 1);
      });
    }
    const paramNames = new Map<string, string[]>();
    for (const f of native) {
      for (const p of f.params) if (p.star) internal(`${f.name}: star parameter in a native function`);
      const parts = f.params.flatMap((p) => paramParts(p.type, p.name));
      const fn = this.m.addFunction(this.sym(f.name), L.fnT(retT(f.ret), parts.map((p) => p.type)), {
        linkage: 'internal',
        attrs: ['nounwind', ...inlineAttrs(f, callSites)],
        paramNames: parts.map((p) => p.name),
      });
      this.impls.set(f.name, { ir: f, fn });
      paramNames.set(f.name, parts.map((p) => p.name));
    }
    for (const { ir, fn } of this.impls.values()) {
      if (!smallSelfRecursive(ir)) {
        new FnGen(this, ir, fn).run();
        continue;
      }
      // LLVM never inlines a function into itself; gcc inlines small recursive functions
      // a few levels deep. A twin that calls the original, called by the original, gets
      // one level inlined (halving the calls) and lets GVN merge repeated pure calls.
      const twin = this.m.addFunction(`cpx_${this.hash8}.rec.${ir.name}`, fn.fnType, {
        linkage: 'internal',
        attrs: ['nounwind'],
        paramNames: paramNames.get(ir.name)!,
      });
      new FnGen(this, ir, fn, twin).run();
      new FnGen(this, ir, twin, fn).run();
    }
  }

  private fnTableVar: L.GlobalVariable | null = null;
  /**
   * `cpx_<h>.fntable`: function number k (ir.ts, C data) → the implementation of
   * ModuleIR.functions[k - 1] as an i8*, null for the functions that do not run native
   * (ir/classify.ts keeps native code from calling through pointers that may reach them).
   */
  fnTable(): L.GlobalVariable {
    if (!this.fnTableVar) {
      const entries = [L.Const.null(p8), ...this.mod.functions.map((f) => {
        const impl = this.impls.get(f.name);
        return impl ? L.Const.bitcast(impl.fn, p8) : L.Const.null(p8);
      })];
      const t = new L.ArrayType(p8, entries.length);
      const init = new L.Value(t, `[${entries.map(String).join(', ')}]`);
      this.fnTableVar = this.m.addGlobal(`cpx_${this.hash8}.fntable`, t, init, { linkage: 'internal', constant: true, align: 8 });
    }
    return this.fnTableVar;
  }

  excIndex(exc: string): number {
    const k = this.mod.excNames.indexOf(exc);
    if (k <= 0) internal(`exception ${exc} is not in ModuleIR.excNames`);
    return k;
  }
  /** The index of `msg` in ModuleIR.messages (by template and arity; exact arg kinds preferred). */
  messageIndex(msg: Message, kinds: NativeMessage['args']): number {
    if (msg.kind === 'object') internal('object message in native code');
    const template = msg.kind === 'const' ? msg.text : msg.template;
    let found = -1;
    this.mod.messages.forEach((m, k) => {
      if (m.template !== template || m.args.length !== kinds.length) return;
      if (found < 0 || m.args.every((a, j) => a === kinds[j])) {
        if (found < 0 || !this.mod.messages[found]!.args.every((a, j) => a === kinds[j])) found = k;
      }
    });
    if (found < 0) internal(`message ${JSON.stringify(template)} is not in ModuleIR.messages`);
    return found;
  }
}

// ---------------------------------------------------------------- functions
type Slot =
  | { k: 's'; t: ScalarType; p: L.Value }
  | { k: 'mv'; t: MemviewType; data: L.Value; shape: L.Value[]; strides: L.Value[] }
  /** a value kept in its memory type (C data, addressed bint): read and written with memLoad / memStore */
  | { k: 'm'; t: IRType; p: L.Value; align: number };

const isMV = (t: IRType): t is MemviewType => t.k === 'memview';
const FLOAT_CMP = { eq: 'oeq', ne: 'une', lt: 'olt', le: 'ole', gt: 'ogt', ge: 'oge' } as const;

class FnGen {
  readonly b: L.Builder;
  private readonly entry: L.Builder; // allocas
  private readonly slots = new Map<LocalId, Slot>();
  private readonly labels: { label: string; brk: L.Block; cont: L.Block | null }[] = [];
  private unwindBlock: L.Block | null = null;
  private readonly fm: string;

  constructor(
    readonly g: ModuleGen,
    readonly ir: IRFunction,
    readonly fn: L.Func,
    /** Where direct self-calls go (the recursion twin), if not to `fn` itself. */
    private readonly selfCallee: L.Func = fn,
  ) {
    this.fm = g.fm;
    const entry = fn.appendBlock('entry');
    this.entry = new L.Builder(entry);
    this.b = new L.Builder(fn.appendBlock('start'));
  }

  run(): void {
    const { ir, fn } = this;
    const localType = new Map<LocalId, IRType>(ir.locals.map((l) => [l.id, l.type]));
    for (const p of ir.params) localType.set(p.local, p.type);
    const names = new Map<LocalId, string>(ir.locals.map((l) => [l.id, l.name]));
    const addressed = new Set(ir.locals.filter((l) => l.addressed).map((l) => l.id));
    for (const [id, t] of localType) this.slots.set(id, this.makeSlot(t, names.get(id) ?? `l${id}`, addressed.has(id)));
    // parameters → their locals
    let k = 0;
    for (const p of ir.params) {
      const s = this.slots.get(p.local)!;
      if (s.k === 'mv') {
        this.entry.store(fn.params[k++]!, s.data);
        for (const q of [...s.shape, ...s.strides]) this.entry.store(fn.params[k++]!, q);
      } else if (s.k === 'm') {
        const v = fn.params[k++]!;
        this.entry.store(s.t.k === 'bool' ? this.entry.zext(v, L.i32) : v, s.p, s.align);
      } else this.entry.store(fn.params[k++]!, s.p);
    }
    this.stmts(ir.body);
    if (!this.b.terminated) this.retZero(this.b);
    this.entry.br(this.b.fn.blocks[1]!);
  }

  private makeSlot(t: IRType, name: string, addressed = false): Slot {
    const e = this.entry;
    if (isCDataValue(t) || (addressed && t.k === 'bool')) {
      // C data, and a bint whose address is taken (a C int in memory)
      const mt = llMem(t);
      const align = alignOf(t);
      const p = e.alloca(mt, name, align);
      e.store(L.Const.zero(mt), p, align);
      return { k: 'm', t, p, align };
    }
    if (isMV(t)) {
      const pt = L.ptr(memT(t.elem));
      const data = e.alloca(pt, `${name}.data`);
      e.store(L.Const.null(pt), data);
      const fld = (f: string) =>
        Array.from({ length: t.ndim }, (_, d) => {
          const p = e.alloca(L.i64, `${name}.${f}${d}`);
          e.store(L.Const.int(L.i64, 0), p);
          return p;
        });
      return { k: 'mv', t, data, shape: fld('shape'), strides: fld('stride') };
    }
    const st = asScalar(t, `local ${name}`);
    const p = e.alloca(valT(st), name);
    e.store(L.Const.zero(valT(st)), p);
    return { k: 's', t: st, p };
  }

  private slot(id: LocalId): Slot {
    return this.slots.get(id) ?? internal(`${this.ir.name}: unknown local ${id}`);
  }

  private retZero(b: L.Builder): void {
    const rt = this.fn.fnType.ret;
    b.ret(rt instanceof L.VoidType ? null : L.Const.zero(rt));
  }

  /** The block that returns zero (the error unwind path). */
  private unwind(): L.Block {
    if (!this.unwindBlock) {
      this.unwindBlock = this.fn.appendBlock('unwind');
      const b = new L.Builder(this.unwindBlock);
      if (this.ir.swallowErrors) {
        // Cython 0.29 unraisable: hand the exception to the glue's report, do not propagate
        const exc = b.load(this.g.statePtr(ERROR_STATE.exc, L.i32), 'exc', 4);
        // with the function number, so that the report names the function
        const fn = L.Const.int(L.i32, functionNumber(this.g.mod, this.ir.name) << ERROR_STATE.unraisableFnShift);
        b.store(b.or(exc, fn), this.g.statePtr(ERROR_STATE.unraisable, L.i32), 4);
        b.store(L.Const.int(L.i32, 0), this.g.statePtr(ERROR_STATE.exc, L.i32), 4);
      }
      this.retZero(b);
    }
    return this.unwindBlock;
  }

  /** Branches to a cold block when `cond` is `expected`'s negation. */
  private expect(cond: L.Value, expected: boolean): L.Value {
    const f = this.g.intrinsic('llvm.expect.i1', L.i1, [L.i1, L.i1]);
    return this.b.call(f, [cond, L.Const.int(L.i1, expected)], { name: 'exp' })!;
  }

  // ---------------------------------------------------------------- statements
  private stmts(list: Stmt[]): void {
    for (const s of list) {
      if (this.b.terminated) return; // the rest of the list is unreachable
      const outer = this.line;
      if (s.loc) this.line = s.loc.line;
      this.stmt(s);
      this.line = outer;
    }
  }
  /** The .pyx line of the statement being generated: a raise or check without a loc reports it. */
  private line = 0;

  private stmt(s: Stmt): void {
    const b = this.b;
    switch (s.kind) {
      case 'set': {
        const sl = this.slot(s.id);
        if (sl.k === 'mv') this.storeMV(this.mv(s.value), sl);
        else if (sl.k === 'm') this.slotStore(sl, this.scalar(s.value));
        else b.store(this.scalar(s.value), sl.p);
        return;
      }
      case 'store': {
        const p = this.scalar(s.ptr);
        this.memStore(p, (s.ptr.type as PtrType).to, this.scalar(s.value), s.align);
        return;
      }
      case 'setGlobal': {
        const gl = this.global(s.name);
        let v = this.scalar(s.value);
        if (gl.type.k === 'bool') v = b.zext(v, L.i32);
        b.store(v, this.g.statePtr(gl.offset, memT(gl.type)), memAlign(gl.type));
        return;
      }
      case 'mvStore': {
        const t = this.mvType(s.view);
        const view = this.mv(s.view);
        const off = this.scalar(s.offset);
        let v = this.scalar(s.value);
        if (t.elem.k === 'bool') v = b.zext(v, L.i32);
        b.store(v, b.gep(view.data, [off], { inbounds: true, name: 'ep' }), memAlign(t.elem));
        return;
      }
      case 'expr':
        this.any(s.value);
        return;
      case 'if': {
        const c = this.scalar(s.cond);
        if (s.else.length === 0) b.ifThen(c, () => this.stmts(s.then));
        else
          b.ifElse(
            c,
            () => this.stmts(s.then),
            () => this.stmts(s.else),
          );
        return;
      }
      case 'loop': {
        const body = b.appendBlock(`${s.label || 'loop'}.body`);
        const update = b.appendBlock(`${s.label || 'loop'}.update`);
        const exit = b.appendBlock(`${s.label || 'loop'}.exit`);
        b.br(body);
        this.labels.push({ label: s.label, brk: exit, cont: update });
        b.positionAtEnd(body);
        this.stmts(s.body);
        if (!b.terminated) b.br(update);
        b.positionAtEnd(update);
        this.stmts(s.update);
        // gcc -O2/-O3 does not unroll loops of unknown trip count, and LLVM's runtime
        // unrolling roughly doubles code size and codegen time for 2-D kernels (jacobi:
        // 220 → 70 ms) for no measured gain; vectorized loops are interleaved anyway.
        if (!b.terminated) b.br(body, this.g.m.loopId(['llvm.loop.unroll.runtime.disable']));
        this.labels.pop();
        b.positionAtEnd(exit);
        return;
      }
      case 'block': {
        const exit = b.appendBlock(`${s.label || 'block'}.exit`);
        this.labels.push({ label: s.label, brk: exit, cont: null });
        this.stmts(s.body);
        if (!b.terminated) b.br(exit);
        this.labels.pop();
        b.positionAtEnd(exit);
        return;
      }
      case 'break':
      case 'continue': {
        const t = [...this.labels].reverse().find((l) => l.label === s.label);
        if (!t) internal(`${s.kind} to unknown label ${s.label}`);
        if (s.kind === 'break') b.br(t.brk);
        else b.br(t.cont ?? internal(`continue to block label ${s.label}`));
        return;
      }
      case 'return': {
        if (s.value === null) {
          if (this.fn.fnType.ret instanceof L.VoidType) b.ret(null);
          else this.retZero(b);
        } else if (s.value.type.k === 'void') {
          this.any(s.value);
          this.retZero(b);
        } else b.ret(this.scalar(s.value));
        return;
      }
      case 'raise':
        this.raise(s.exc, s.msg, s.loc?.line ?? this.line);
        return;
      default:
        internal(`statement ${s.kind} in native function ${this.ir.name}`);
    }
  }

  private storeMV(v: MV, sl: Extract<Slot, { k: 'mv' }>): void {
    this.b.store(v.data, sl.data);
    sl.shape.forEach((p, d) => this.b.store(v.shape[d]!, p));
    sl.strides.forEach((p, d) => this.b.store(v.strides[d]!, p));
  }

  // ---------------------------------------------------------------- errors
  /** Stores the error state (exception, message, format args, line) and unwinds. */
  private raise(exc: string, msg: Message, line: number): void {
    const { b, g } = this;
    const ei = g.excIndex(exc);
    const args = msg.kind === 'format' ? msg.args : [];
    if (args.length > ERROR_STATE.maxArgs) internal(`message with ${args.length} args (max ${ERROR_STATE.maxArgs})`);
    const kinds = args.map((a) => {
      const t = asScalar(a.type, 'message arg');
      return t.k === 'float' ? 'f' : t.k === 'bool' ? 'b' : t.signed ? 'i' : 'u';
    });
    const mi = g.messageIndex(msg, kinds);
    const tableKinds = g.mod.messages[mi]!.args;
    args.forEach((a, k) => {
      const t = asScalar(a.type, 'message arg');
      const v = this.scalar(a);
      const pI = g.statePtr(ERROR_STATE.argsI64 + 8 * k, L.i64);
      const pF = g.statePtr(ERROR_STATE.argsF64 + 8 * k, L.f64);
      const kind = tableKinds[k];
      if (kind === 'f') {
        b.store(this.convert(v, t, F64), pF, 8);
      } else {
        const as = kind === 'u' ? U64 : I64;
        const iv = this.convert(v, t, as);
        b.store(iv, pI, 8);
        b.store(this.convert(iv, as, F64), pF, 8);
      }
    });
    b.store(L.Const.int(L.i32, ei), g.statePtr(ERROR_STATE.exc, L.i32), 4);
    b.store(L.Const.int(L.i32, mi), g.statePtr(ERROR_STATE.msg, L.i32), 4);
    b.store(L.Const.int(L.i32, line), g.statePtr(ERROR_STATE.line, L.i32), 4);
    b.br(this.unwind());
  }

  /** After a call to a callee that may raise: return zero when the exception index is set. */
  private propagate(): void {
    const b = this.b;
    const exc = b.load(this.g.statePtr(ERROR_STATE.exc, L.i32), 'exc', 4);
    const isErr = this.expect(b.icmp('ne', exc, L.Const.int(L.i32, 0), 'raised'), false);
    const cont = b.appendBlock('noexc');
    b.cbr(isErr, this.unwind(), cont);
    b.positionAtEnd(cont);
  }

  private check(e: Extract<Expr, { kind: 'check' }>): void {
    const b = this.b;
    const ok = this.expect(this.scalar(e.ok), true);
    const cont = b.appendBlock('ok');
    const err = b.appendBlock('fail');
    b.cbr(ok, cont, err);
    b.positionAtEnd(err);
    this.raise(e.exc, e.msg, e.loc?.line ?? this.line);
    b.positionAtEnd(cont);
  }

  // ---------------------------------------------------------------- expressions
  private global(name: string) {
    return this.g.mod.globals.find((x) => x.name === name) ?? internal(`unknown global ${name}`);
  }

  private mvType(e: Expr): MemviewType {
    return isMV(e.type) ? e.type : internal(`${e.kind} is not a memoryview`);
  }

  /** Any expression: scalar value, memview fields, or null for void. */
  private any(e: Expr): L.Value | MV | null {
    if (e.type.k === 'void') {
      if (e.kind === 'libc' || e.kind === 'callPtr') return this.voidCData(e);
      if (e.kind !== 'call') internal(`void ${e.kind}`);
      return this.call(e);
    }
    return isMV(e.type) ? this.mv(e) : this.scalar(e);
  }

  private scalar(e: Expr): L.Value {
    const b = this.b;
    const fm = this.fm;
    switch (e.kind) {
      case 'const': {
        if (isCDataValue(e.type)) {
          const ct = cdataT(e.type);
          if (e.value === null || e.value === 0 || e.value === 0n) return L.Const.zero(ct);
          if (e.type.k === 'funcptr') return L.Const.int(L.i64, e.value as number | bigint);
          if (e.type.k === 'ptr') return b.inttoptr(L.Const.int(L.i64, e.value as number | bigint), p8, 'ptr');
          return internal(`aggregate constant ${String(e.value)}`);
        }
        const t = asScalar(e.type, 'const');
        const v = e.value;
        if (t.k === 'float') {
          if (typeof v !== 'number' && typeof v !== 'bigint') internal(`float const ${String(v)}`);
          return L.Const.float(valT(t) as L.FloatType, Number(v));
        }
        if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') internal(`int const ${String(v)}`);
        if (t.k === 'bool') return L.Const.int(L.i1, typeof v === 'boolean' ? v : v !== 0 && v !== 0n);
        return L.Const.int(valT(t) as L.IntType, v);
      }
      case 'local': {
        const s = this.slot(e.id);
        if (s.k === 'm') return this.slotLoad(s);
        if (s.k !== 's') internal('memview local read as a scalar');
        return b.load(s.p, 'v');
      }
      case 'global': {
        const gl = this.global(e.name);
        const v = b.load(this.g.statePtr(gl.offset, memT(gl.type)), e.name, memAlign(gl.type));
        return gl.type.k === 'bool' ? b.icmp('ne', v, L.Const.int(L.i32, 0)) : v;
      }
      case 'bin':
        return this.bin(e.op, asScalar(e.type, 'bin'), this.scalar(e.a), this.scalar(e.b));
      case 'neg': {
        const a = this.scalar(e.a);
        return a.type instanceof L.FloatType ? b.fneg(a, fm, 'neg') : b.sub(L.Const.zero(a.type), a, 'neg');
      }
      case 'bitnot': {
        const a = this.scalar(e.a);
        return b.xor(a, L.Const.int(a.type as L.IntType, -1), 'inv');
      }
      case 'not':
        return b.xor(this.scalar(e.a), L.Const.int(L.i1, true), 'not');
      case 'cmp': {
        if (e.a.type.k === 'ptr' || e.a.type.k === 'funcptr') {
          const op = e.op === 'eq' || e.op === 'ne' ? e.op : (`u${e.op}` as L.ICmpPred);
          return b.icmp(op, this.scalar(e.a), this.scalar(e.b));
        }
        const t = asScalar(e.a.type, 'cmp');
        const x = this.scalar(e.a);
        const y = this.scalar(e.b);
        if (t.k === 'float') return b.fcmp(FLOAT_CMP[e.op], x, y, fm);
        if (e.op === 'eq' || e.op === 'ne') return b.icmp(e.op, x, y);
        const signed = t.k === 'int' && t.signed;
        return b.icmp(`${signed ? 's' : 'u'}${e.op}` as L.ICmpPred, x, y);
      }
      case 'cast':
        if (isCDataValue(e.type) || isCDataValue(e.a.type)) return this.castPtr(this.scalar(e.a), e.a.type, e.type);
        return this.convert(this.scalar(e.a), asScalar(e.a.type, 'cast'), asScalar(e.type, 'cast'));
      case 'and':
      case 'or': {
        const a = this.scalar(e.a);
        const from = b.block;
        const rhs = b.appendBlock(e.kind);
        const end = b.appendBlock(`${e.kind}.end`);
        if (e.kind === 'and') b.cbr(a, rhs, end);
        else b.cbr(a, end, rhs);
        b.positionAtEnd(rhs);
        const v = this.scalar(e.b);
        const rhsEnd = b.block;
        b.br(end);
        b.positionAtEnd(end);
        return b
          .phi(L.i1, e.kind)
          .addIncoming(L.Const.int(L.i1, e.kind === 'or'), from)
          .addIncoming(v, rhsEnd);
      }
      case 'cond': {
        const [tv, tb, ev, eb] = this.branches(e.cond, () => this.scalar(e.a), () => this.scalar(e.b));
        return b.phi(tv.type, 'cond').addIncoming(tv, tb).addIncoming(ev, eb);
      }
      case 'letIn':
        this.bind(e.id, e.value);
        return this.scalar(e.body);
      case 'check':
        this.check(e);
        return this.scalar(e.value);
      case 'call':
        return this.call(e) ?? internal(`void call ${e.fn} used as a value`);
      case 'math':
        return this.math(e.fn, e.args, asScalar(e.type, 'math'));
      case 'mvShape': {
        const v = this.mv(e.view);
        return v.shape[e.dim] ?? internal(`mvShape dim ${e.dim}`);
      }
      case 'mvStride': {
        const t = this.mvType(e.view);
        const v = this.mv(e.view);
        if ((t.contig === 'c' && e.dim === t.ndim - 1) || (t.contig === 'f' && e.dim === 0)) return L.Const.int(L.i64, 1);
        return v.strides[e.dim] ?? internal(`mvStride dim ${e.dim}`);
      }
      case 'mvLoad': {
        const t = this.mvType(e.view);
        const v = this.mv(e.view);
        const off = this.scalar(e.offset);
        const x = b.load(b.gep(v.data, [off], { inbounds: true, name: 'ep' }), 'el', memAlign(t.elem));
        return t.elem.k === 'bool' ? b.icmp('ne', x, L.Const.int(L.i32, 0)) : x;
      }
      case 'mvIsNone': {
        const v = this.mv(e.view);
        return b.icmp('eq', v.data, L.Const.null(v.data.type as L.PointerType), 'isnone');
      }
      default: {
        const c = this.cdataExpr(e);
        if (c) return c;
        if (e.kind === 'libc') return L.Const.undef(p8); // free(): no value
        return internal(`expression ${e.kind} in native function ${this.ir.name}`);
      }
    }
  }

  private mv(e: Expr): MV {
    const b = this.b;
    const t = this.mvType(e);
    switch (e.kind) {
      case 'local': {
        const s = this.slot(e.id);
        if (s.k !== 'mv') internal('scalar local read as a memview');
        return {
          data: b.load(s.data, 'data'),
          shape: s.shape.map((p) => b.load(p, 'n')),
          strides: s.strides.map((p) => b.load(p, 's')),
        };
      }
      case 'mvNone': {
        const zero = Array.from({ length: t.ndim }, () => L.Const.int(L.i64, 0));
        return { data: L.Const.null(L.ptr(memT(t.elem))), shape: zero, strides: zero };
      }
      case 'mvMake': {
        const base = this.mv(e.base);
        if (!L.typeEq(base.data.type, L.ptr(memT(t.elem)))) internal('mvMake changes the element type');
        const data = b.gep(base.data, [this.scalar(e.offset)], { inbounds: true, name: 'sub' });
        if (e.shape.length !== t.ndim || e.strides.length !== t.ndim) internal('mvMake arity');
        return { data, shape: e.shape.map((x) => this.scalar(x)), strides: e.strides.map((x) => this.scalar(x)) };
      }
      case 'cast': {
        const v = this.mv(e.a);
        if (!L.typeEq(v.data.type, L.ptr(memT(t.elem))) || v.shape.length !== t.ndim) internal('memview cast changes layout');
        return v;
      }
      case 'cond': {
        const [tv, tb, ev, eb] = this.branches(e.cond, () => this.mv(e.a), () => this.mv(e.b));
        const phi = (x: L.Value, y: L.Value, n: string) => b.phi(x.type, n).addIncoming(x, tb).addIncoming(y, eb);
        return {
          data: phi(tv.data, ev.data, 'data'),
          shape: tv.shape.map((x, d) => phi(x, ev.shape[d]!, 'n')),
          strides: tv.strides.map((x, d) => phi(x, ev.strides[d]!, 's')),
        };
      }
      case 'letIn':
        this.bind(e.id, e.value);
        return this.mv(e.body);
      case 'check':
        this.check(e);
        return this.mv(e.value);
      case 'ptrView': {
        // a C-contiguous view of C memory: the strides are products of the later extents
        const data = b.bitcast(this.scalar(e.ptr), L.ptr(memT(t.elem)), 'pv');
        const shape = e.shape.map((x) => this.scalar(x));
        const strides: L.Value[] = new Array(shape.length);
        let s: L.Value = L.Const.int(L.i64, 1);
        for (let d = shape.length - 1; d >= 0; d--) {
          strides[d] = s;
          if (d > 0) s = b.mul(s, shape[d]!, 'st');
        }
        return { data, shape, strides };
      }
      default:
        return internal(`memview expression ${e.kind} in native function ${this.ir.name}`);
    }
  }

  private bind(id: LocalId, value: Expr): void {
    const s = this.slot(id);
    if (s.k === 'mv') this.storeMV(this.mv(value), s);
    else if (s.k === 'm') this.slotStore(s, this.scalar(value));
    else this.b.store(this.scalar(value), s.p);
  }

  // ---------------------------------------------------------------- C data
  private slotStore(s: Extract<Slot, { k: 'm' }>, v: L.Value): void {
    this.b.store(s.t.k === 'bool' ? this.b.zext(v, L.i32) : v, s.p, s.align);
  }
  private slotLoad(s: Extract<Slot, { k: 'm' }>): L.Value {
    const v = this.b.load(s.p, 'v', s.align);
    return s.t.k === 'bool' ? this.b.icmp('ne', v, L.Const.int(L.i32, 0)) : v;
  }

  /** The value of IR type t stored at the i8* address p (bint is a C int in memory). */
  private memLoad(p: L.Value, t: IRType, align?: number): L.Value {
    const b = this.b;
    const tp = b.bitcast(p, L.ptr(llMem(t)), 'tp');
    const v = b.load(tp, 'ld', align ?? alignOf(t));
    return t.k === 'bool' ? b.icmp('ne', v, L.Const.int(L.i32, 0)) : v;
  }
  private memStore(p: L.Value, t: IRType, v: L.Value, align?: number): void {
    const b = this.b;
    const tp = b.bitcast(p, L.ptr(llMem(t)), 'tp');
    b.store(t.k === 'bool' ? b.zext(v, L.i32) : v, tp, align ?? alignOf(t));
  }

  /** `cast` when a pointer or function pointer is involved (ir.ts: addresses are kept; ints are unsigned 64-bit addresses). */
  private castPtr(v: L.Value, from: IRType, to: IRType): L.Value {
    const b = this.b;
    const asI64 = (x: L.Value, t: IRType): L.Value => {
      if (t.k === 'ptr') return b.ptrtoint(x, L.i64, 'addr');
      if (t.k === 'funcptr') return x;
      if (t.k === 'bool') return b.zext(x, L.i64);
      if (t.k === 'int') return b.intResize(x, L.i64, t.signed, 'addr');
      return internal(`pointer cast from ${t.k}`);
    };
    if (from.k === 'ptr' && to.k === 'ptr') return v;
    const a = asI64(v, from);
    if (to.k === 'ptr') return b.inttoptr(a, p8, 'ptr');
    if (to.k === 'funcptr') return a;
    if (to.k === 'int') return b.intResize(a, L.intT(to.bits), false, 'conv');
    if (to.k === 'bool') return b.icmp('ne', a, L.Const.int(L.i64, 0), 'tobool');
    return internal(`pointer cast to ${to.k}`);
  }

  /** The module's function table (function number → implementation), for calls through function pointers. */
  private fnTable(): L.Value {
    return this.g.fnTable();
  }

  /** A void C-data expression used as a statement (free(p), a call through a pointer to a void function). */
  private voidCData(e: Expr): null {
    this.cdataExpr(e);
    return null;
  }

  private cdataExpr(e: Expr): L.Value | null {
    const b = this.b;
    switch (e.kind) {
      case 'addrOf': {
        const s = this.slot(e.id);
        if (s.k === 'mv') return internal('address of a memoryview local');
        return b.bitcast(s.p, p8, 'addr');
      }
      case 'globalAddr': {
        const m = this.g.mod;
        const g = m.globals.find((x) => x.name === e.name) ?? m.dataGlobals?.find((x) => x.name === e.name) ?? internal(`unknown global ${e.name}`);
        return this.g.statePtr(g.offset, L.i8);
      }
      case 'load':
        return this.memLoad(this.scalar(e.ptr), e.type, e.align);
      case 'ptrAdd': {
        const to = (e.type as PtrType).to;
        const p = this.scalar(e.ptr);
        const i = this.scalar(e.index);
        if (to.k === 'void') return b.gep(p, [i], { inbounds: true, name: 'pa' });
        const tp = b.bitcast(p, L.ptr(llMem(to)), 'tp');
        return b.bitcast(b.gep(tp, [i], { inbounds: true, name: 'pa' }), p8, 'pa');
      }
      case 'fieldAddr': {
        const st = (e.ptr.type as PtrType).to;
        if (st.k !== 'struct' && st.k !== 'ctuple') return internal('fieldAddr on a non-struct');
        const off = layoutOf(st).offsets[e.field]!;
        const p = this.scalar(e.ptr);
        return off === 0 ? p : b.gep(p, [L.Const.int(L.i64, off)], { inbounds: true, name: 'fld' });
      }
      case 'mvAddr': {
        const v = this.mv(e.view);
        return b.bitcast(b.gep(v.data, [this.scalar(e.offset)], { inbounds: true, name: 'ep' }), p8, 'addr');
      }
      case 'fnRef':
        return L.Const.int(L.i64, functionNumber(this.g.mod, e.fn));
      case 'callPtr': {
        const t = e.fn.type as FuncPtrType;
        const id = this.scalar(e.fn);
        const args: L.Value[] = [];
        const types: L.Type[] = [];
        e.args.forEach((a, k) => {
          const pt = t.params[k]!;
          if (isMV(pt)) {
            const v = this.mv(a);
            args.push(v.data, ...v.shape, ...v.strides);
          } else args.push(this.scalar(a));
          types.push(...paramParts(pt, `a${k}`).map((p) => p.type));
        });
        const tbl = this.fnTable();
        const slot = b.gep(tbl, [L.Const.int(L.i64, 0), id], { inbounds: true, name: 'fslot' });
        const fp = b.bitcast(b.load(slot, 'fn', 8), L.ptr(L.fnT(retT(t.ret), types)), 'callee');
        const r = b.call(fp, args, { name: 'r' });
        this.propagate();
        return r;
      }
      case 'libc':
        return this.libc(e.fn, e.args);
      default:
        return null;
    }
  }

  private libc(fn: Extract<Expr, { kind: 'libc' }>['fn'], argExprs: Expr[]): L.Value | null {
    const b = this.b;
    const m = this.g.m;
    const args = argExprs.map((a) => this.scalar(a));
    const f1 = L.Const.int(L.i1, false);
    switch (fn) {
      case 'malloc':
        return b.call(m.declare('malloc', L.fnT(p8, [L.i64]), ['nounwind']), args, { name: 'mem' });
      case 'calloc':
        return b.call(m.declare('calloc', L.fnT(p8, [L.i64, L.i64]), ['nounwind']), args, { name: 'mem' });
      case 'realloc':
        return b.call(m.declare('realloc', L.fnT(p8, [p8, L.i64]), ['nounwind']), args, { name: 'mem' });
      case 'free':
        return b.call(m.declare('free', L.fnT(L.voidT, [p8]), ['nounwind']), args);
      case 'memcpy':
      case 'memmove': {
        const f = m.declare(`llvm.${fn}.p0i8.p0i8.i64`, L.fnT(L.voidT, [p8, p8, L.i64, L.i1]), ['nounwind']);
        b.call(f, [args[0]!, args[1]!, args[2]!, f1]);
        return args[0]!;
      }
      case 'memset': {
        const f = m.declare('llvm.memset.p0i8.i64', L.fnT(L.voidT, [p8, L.i8, L.i64, L.i1]), ['nounwind']);
        b.call(f, [args[0]!, b.trunc(args[1]!, L.i8, 'byte'), args[2]!, f1]);
        return args[0]!;
      }
      case 'memcmp':
        return b.call(m.declare('memcmp', L.fnT(L.i32, [p8, p8, L.i64]), ['nounwind', 'readonly']), args, { name: 'cmp' });
      case 'strlen':
        return b.call(m.declare('strlen', L.fnT(L.i64, [p8]), ['nounwind', 'readonly']), args, { name: 'len' });
      case 'strcmp':
        return b.call(m.declare('strcmp', L.fnT(L.i32, [p8, p8]), ['nounwind', 'readonly']), args, { name: 'cmp' });
      case 'qsort': {
        // libc's qsort with the comparator's implementation (a C function: i32 (i8*, i8*))
        const cmpT = L.fnT(L.i32, [p8, p8]);
        const slot = b.gep(this.fnTable(), [L.Const.int(L.i64, 0), args[3]!], { inbounds: true, name: 'fslot' });
        const cmp = b.bitcast(b.load(slot, 'fn', 8), L.ptr(cmpT), 'cmp');
        b.call(m.declare('qsort', L.fnT(L.voidT, [p8, L.i64, L.i64, L.ptr(cmpT)])), [args[0]!, args[1]!, args[2]!, cmp]);
        this.propagate();
        return null;
      }
    }
  }

  /** cond ? a() : b() as two blocks meeting in a fresh block; returns each arm's value and last block. */
  private branches<T>(cond: Expr, a: () => T, c: () => T): [T, L.Block, T, L.Block] {
    const b = this.b;
    const tb = b.appendBlock('cond.then');
    const eb = b.appendBlock('cond.else');
    const end = b.appendBlock('cond.end');
    b.cbr(this.scalar(cond), tb, eb);
    b.positionAtEnd(tb);
    const tv = a();
    const tEnd = b.block;
    b.br(end);
    b.positionAtEnd(eb);
    const ev = c();
    const eEnd = b.block;
    b.br(end);
    b.positionAtEnd(end);
    return [tv, tEnd, ev, eEnd];
  }

  private call(e: Extract<Expr, { kind: 'call' }>): L.Value | null {
    const callee = this.g.impls.get(e.fn) ?? internal(`call of ${e.fn}, which is not a native function`);
    if (e.args.length !== callee.ir.params.length) internal(`call of ${e.fn} with ${e.args.length} args`);
    const args: L.Value[] = [];
    e.args.forEach((a, k) => {
      if (isMV(callee.ir.params[k]!.type)) {
        const v = this.mv(a);
        args.push(v.data, ...v.shape, ...v.strides);
      } else args.push(this.scalar(a));
    });
    const r = this.b.call(e.fn === this.ir.name ? this.selfCallee : callee.fn, args, { name: e.fn });
    if (callee.ir.mayRaise) this.propagate();
    return r;
  }

  // ---------------------------------------------------------------- arithmetic
  private bin(op: Extract<Expr, { kind: 'bin' }>['op'], t: ScalarType, x: L.Value, y: L.Value): L.Value {
    const b = this.b;
    if (t.k === 'float') {
      const fop = { add: b.fadd, sub: b.fsub, mul: b.fmul, div: b.fdiv, rem: b.frem }[op as 'add'];
      if (!fop) internal(`float ${op}`);
      return fop(x, y, this.fm, op);
    }
    if (t.k === 'bool' && !['and', 'or', 'xor'].includes(op)) internal(`bint ${op}`);
    const signed = t.k === 'int' && t.signed;
    const it = x.type as L.IntType;
    switch (op) {
      case 'add':
      case 'sub':
      case 'mul':
      case 'and':
      case 'or':
      case 'xor':
        return b[op](x, y, op);
      case 'div':
      case 'rem': {
        if (!signed) return op === 'div' ? b.udiv(x, y, 'div') : b.urem(x, y, 'rem');
        // C truncating division that wraps: MIN / -1 == MIN and MIN % -1 == 0 (LLVM's
        // sdiv/srem are undefined there and x86 traps), so divide by 1 instead of -1.
        if (/^-?\d+$/.test(y.ref) && y.ref !== '-1') return op === 'div' ? b.sdiv(x, y, 'div') : b.srem(x, y, 'rem');
        const m1 = b.icmp('eq', y, L.Const.int(it, -1), 'm1');
        const safe = b.select(m1, L.Const.int(it, 1), y, 'dv');
        if (op === 'rem') return b.srem(x, safe, 'rem');
        return b.select(m1, b.sub(L.Const.int(it, 0), x, 'neg'), b.sdiv(x, safe, 'div'), 'div');
      }
      case 'shl':
      case 'shr': {
        const n = b.and(y, L.Const.int(it, it.bits - 1), 'cnt');
        if (op === 'shl') return b.shl(x, n, 'shl');
        return signed ? b.ashr(x, n, 'shr') : b.lshr(x, n, 'shr');
      }
    }
  }

  /** IR `cast` semantics between scalar types. */
  convert(v: L.Value, from: ScalarType, to: ScalarType): L.Value {
    const b = this.b;
    if (from.k === 'bool') {
      if (to.k === 'bool') return v;
      return to.k === 'int' ? b.zext(v, L.intT(to.bits), 'b2i') : b.uitofp(v, valT(to) as L.FloatType, 'b2f');
    }
    if (from.k === 'int') {
      if (to.k === 'bool') return b.icmp('ne', v, L.Const.int(v.type as L.IntType, 0), 'tobool');
      if (to.k === 'int') return b.intResize(v, L.intT(to.bits), from.signed, 'conv');
      return from.signed ? b.sitofp(v, valT(to) as L.FloatType, 'conv') : b.uitofp(v, valT(to) as L.FloatType, 'conv');
    }
    // from float
    if (to.k === 'bool') return b.fcmp('une', v, L.Const.float(v.type as L.FloatType, 0), '', 'tobool');
    if (to.k === 'float') {
      if (to.bits === from.bits) return v;
      return to.bits > from.bits ? b.fpext(v, L.f64, 'conv') : b.fptrunc(v, L.f32, 'conv');
    }
    // saturating, NaN → 0
    const it = L.intT(to.bits);
    const name = `llvm.fpto${to.signed ? 's' : 'u'}i.sat.i${to.bits}.f${from.bits}`;
    return b.call(this.g.intrinsic(name, it, [v.type]), [v], { name: 'conv' })!;
  }

  // ---------------------------------------------------------------- libc.math
  private math(fn: MathFn, argExprs: Expr[], rt: ScalarType): L.Value {
    const b = this.b;
    const g = this.g;
    const raw = argExprs.map((a) => ({ v: this.scalar(a), t: asScalar(a.type, 'math arg') }));
    // The precision: the result's for value functions, the argument's for predicates.
    const ft: IRFloat = rt.k === 'float' ? rt : raw[0]?.t.k === 'float' ? raw[0].t : F64;
    const lt = valT(ft) as L.FloatType;
    const fl = (k: number) => {
      const a = raw[k] ?? internal(`${fn}: missing argument ${k}`);
      return this.convert(a.v, a.t, ft);
    };
    const result = (v: L.Value, from: ScalarType) => this.convert(v, from, rt);
    const sfx = ft.bits === 32 ? 'f32' : 'f64';
    // fast-math, double: libmvec's vector version, named on the libm call ('' if none)
    const vectorVariant = ft.bits === 64 ? g.vectorVariant(fn) : '';
    const libm = (name: string, n: number) => {
      const f = g.libm(ft.bits === 32 ? `${name}f` : name, lt, Array(n).fill(lt));
      return result(b.call(f, Array.from({ length: n }, (_, k) => fl(k)), { name: fn, flags: this.fm, fnAttrs: vectorVariant })!, ft);
    };
    const intr = (name: string, n: number) => {
      // (the libm call carries the vector variant the intrinsic cannot)
      if (vectorVariant) return libm(name, n);
      const f = g.intrinsic(`llvm.${name}.${sfx}`, lt, Array(n).fill(lt));
      return result(b.call(f, Array.from({ length: n }, (_, k) => fl(k)), { name: fn, flags: this.fm })!, ft);
    };
    const inf = L.Const.float(lt, Infinity);
    const fabs = (x: L.Value) => b.call(g.intrinsic(`llvm.fabs.${sfx}`, lt, [lt]), [x], { name: 'abs' })!;
    switch (fn) {
      case 'sqrt':
      case 'exp':
      case 'exp2':
      case 'log':
      case 'log2':
      case 'log10':
      case 'sin':
      case 'cos':
      case 'floor':
      case 'ceil':
      case 'trunc':
      case 'round':
      case 'rint':
      case 'nearbyint':
      case 'fabs':
        return intr(fn, 1);
      case 'pow':
      case 'copysign':
        return intr(fn, 2);
      case 'fma':
        return intr('fma', 3);
      // C fmin/fmax return the other operand when one is NaN: LLVM's minnum/maxnum.
      case 'fmin':
        return intr('minnum', 2);
      case 'fmax':
        return intr('maxnum', 2);
      case 'fmod':
        return result(b.frem(fl(0), fl(1), this.fm, 'fmod'), ft);
      case 'expm1':
      case 'log1p':
      case 'tan':
      case 'asin':
      case 'acos':
      case 'atan':
      case 'sinh':
      case 'cosh':
      case 'tanh':
      case 'asinh':
      case 'acosh':
      case 'atanh':
      case 'cbrt':
      case 'erf':
      case 'erfc':
      case 'tgamma':
      case 'lgamma':
        return libm(fn, 1);
      case 'atan2':
      case 'hypot':
      case 'fdim':
      case 'remainder':
        return libm(fn, 2);
      case 'ldexp': {
        const n = raw[1] ?? internal('ldexp: missing exponent');
        const e = n.t.k === 'float' || n.t.k === 'bool' ? this.convert(n.v, n.t, I32) : b.intResize(n.v, L.i32, n.t.signed);
        const f = g.libm(ft.bits === 32 ? 'ldexpf' : 'ldexp', lt, [lt, L.i32]);
        return result(b.call(f, [fl(0), e], { name: fn })!, ft);
      }
      // Classification is exact even under fast-math (no flags on these compares).
      case 'isnan': {
        const x = fl(0);
        return result(b.fcmp('uno', x, x, '', 'isnan'), BOOL);
      }
      case 'isinf':
        return result(b.fcmp('oeq', fabs(fl(0)), inf, '', 'isinf'), BOOL);
      case 'isfinite':
        return result(b.fcmp('one', fabs(fl(0)), inf, '', 'isfinite'), BOOL);
      case 'signbit': {
        const bits = b.bitcast(fl(0), L.intT(ft.bits), 'bits');
        return result(b.icmp('slt', bits, L.Const.int(L.intT(ft.bits), 0), 'signbit'), BOOL);
      }
      default:
        return internal(`math function ${String(fn)}`);
    }
  }
}

const F64: IRFloat = { k: 'float', bits: 64, c: 'double' };
const I64: IRInt = { k: 'int', bits: 64, signed: true, c: 'int64_t' };
const U64: IRInt = { k: 'int', bits: 64, signed: false, c: 'uint64_t' };
const I32: IRInt = { k: 'int', bits: 32, signed: true, c: 'int' };
const BOOL: ScalarType = { k: 'bool' };
