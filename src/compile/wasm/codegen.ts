// Typed IR (src/compile/ir/ir.ts) → a binaryen module, for the functions with
// tier 'native'. Translates the IR's fixed semantics one to one; decides nothing.
//
// Representation (docs/wasm-abi.md):
// - Ints ≤ 32 bits and bint are i32 values, kept normalized: 8- and 16-bit
//   values sign- or zero-extended per their signedness, bint 0/1. 64-bit ints
//   are i64. float is f32 (every op rounds to float32), double f64.
// - A memoryview is an i32 address of its element 0 (0 for None), `ndim` i64
//   extents and `ndim` i64 strides in elements; every IR local of memview type
//   is 1 + 2n wasm locals. Element k is at `data + wrap(k) * itemsize` (i32
//   arithmetic mod 2^32: exact for every address inside the 4 GiB memory).
// - Structured control flow maps onto wasm blocks: `loop` with `update` is
//   block(brk){ loop(top){ block(cont){ body } update; br top } }.
// - Memory and state: the memory is imported ("cypyx"."memory", shared by every
//   module of the process); the state block (same layout as the native one) is at
//   the address in the imported i32 global "cypyx"."stateBase".
// - Errors: the error state is the start of the state block (same layout as the native
//   state block); raising stores it and returns zero; a call to a callee that may
//   raise is followed by a test of the exception index.
// - libm functions wasm lacks are imported from JS (module "cypyx", in f64); exp is
//   wasm code (libm.ts) whose table lies in the state block after the C globals.
import type binaryenNS from 'binaryen';
import { ERROR_STATE, functionNumber } from '../ir/ir.js';
import type { Expr, IRFunction, LocalId, MathFn, Message, ModuleIR, NativeMessage, Stmt } from '../ir/ir.js';
import type { FloatType as IRFloat, IntType as IRInt, MemviewType, ScalarType, Type as IRType } from '../ir/types.js';
import type { PtrType } from '../ir/types.js';
import { holdsPointers, isAggregate, layoutOf, sizeOf, strideOf } from '../ir/layout.js';
import { walkExprs } from '../ir/classify.js';
import { has64Param, MAX_PAGES, mayWriteMemory, needsWrapper, RESULT_SLOT, STATE_OFFSET, heapBaseFor, paramKind, scalarKind } from './layout.js';
import { memoizable, tailRecursion, unrollsOnce, type TailCall, type TailRec } from './recursion.js';
import { addExp, EXP_TABLE_BYTES, expTable, type ExpSite } from './libm.js';

/** The imported global holding the address of this module's state block. */
const STATE_BASE = 'stateBase';
import type { WasmSig } from './layout.js';

type B = typeof binaryenNS;
type X = number; // binaryen ExpressionRef
type WT = number; // binaryen Type

export function internal(msg: string): never {
  throw new Error(`cypyx wasm back end (internal): ${msg}`);
}

function asScalar(t: IRType, what: string): ScalarType {
  if (t.k === 'int' || t.k === 'float' || t.k === 'bool') return t;
  return internal(`${what}: type ${t.k} in native code`);
}
const isMV = (t: IRType): t is MemviewType => t.k === 'memview';
const is64 = (t: ScalarType) => t.k === 'int' && t.bits === 64;

/** log2 of the in-memory size of a scalar (bint is a C int). */
function sizeLog2(t: ScalarType): number {
  if (t.k === 'bool') return 2;
  return Math.log2(t.bits / 8);
}

/** JS-implemented math imports: name → arity. All take and return f64, except ldexp (f64, i32). */
export const MATH_IMPORTS: Record<string, number> = {
  exp: 1, exp2: 1, expm1: 1, log: 1, log2: 1, log10: 1, log1p: 1,
  sin: 1, cos: 1, tan: 1, asin: 1, acos: 1, atan: 1, sinh: 1, cosh: 1, tanh: 1, asinh: 1, acosh: 1, atanh: 1,
  cbrt: 1, erf: 1, erfc: 1, tgamma: 1, lgamma: 1,
  atan2: 2, pow: 2, hypot: 2, fmod: 2, remainder: 2, ldexp: 2,
  fma: 3, fmaf: 3,
};

export interface Emitted {
  exports: Record<string, string>;
  sigs: Record<string, WasmSig>;
  stateOffset: number;
  heapBase: number;
  /** Functions exist that only binaryen's inliner, run before the optimizer, should see (ModuleGen.elementCall). */
  preInline: boolean;
}

// ---------------------------------------------------------------- module
export class ModuleGen {
  readonly impls = new Map<string, { ir: IRFunction; name: string; params: WT[]; result: WT }>();
  private readonly imported = new Set<string>();
  /** End of the state block (the heap's start in a private memory); grows by the exp table when exp is used. */
  heapBase: number;
  /** Offset of the exp table (libm.ts) from the state block's start: after the C globals. */
  private readonly expTableOffset: number;

  constructor(
    readonly b: B,
    readonly m: binaryenNS.Module,
    readonly mod: ModuleIR,
  ) {
    this.heapBase = heapBaseFor(mod.stateSize);
    this.expTableOffset = this.heapBase - STATE_OFFSET;
  }

  /** The address of the state block (an imported immutable global). */
  stateBase(): X {
    return this.m.global.get(STATE_BASE, this.b.i32);
  }

  /** The wasm value type of a scalar (bint and ints ≤ 32 bits → i32). */
  valT(t: ScalarType): WT {
    const b = this.b;
    if (t.k === 'bool') return b.i32;
    if (t.k === 'int') return t.bits === 64 ? b.i64 : b.i32;
    return t.bits === 32 ? b.f32 : b.f64;
  }

  /** The wasm type of a value of IR type t: a scalar's, a pointer's (an i32 address) or a function number's (i64). */
  cvalT(t: IRType): WT {
    if (t.k === 'ptr') return this.b.i32;
    if (t.k === 'funcptr') return this.b.i64;
    return this.valT(asScalar(t, 'value'));
  }

  /** The wasm parameter types of an IR parameter (implementation signature). */
  paramTypes(t: IRType, name: string): WT[] {
    if (isMV(t)) return [this.b.i32, ...Array<WT>(2 * t.ndim).fill(this.b.i64)];
    if (t.k === 'ptr') return [this.b.i32];
    return [this.valT(asScalar(t, `parameter ${name}`))];
  }

  retT(t: IRType): WT {
    if (t.k === 'ptr') return this.b.i32;
    return t.k === 'void' ? this.b.none : this.valT(asScalar(t, 'return'));
  }

  private cimports = new Set<string>();
  /** A C memory function imported from the runtime (module "cypyx"): malloc, calloc, realloc, free. */
  cImport(name: 'malloc' | 'calloc' | 'realloc' | 'free'): string {
    const b = this.b;
    const iname = `c.${name}`;
    if (!this.cimports.has(name)) {
      this.cimports.add(name);
      const sig: Record<string, [WT[], WT]> = {
        malloc: [[b.f64], b.i32],
        calloc: [[b.f64, b.f64], b.i32],
        realloc: [[b.i32, b.f64], b.i32],
        free: [[b.i32], b.none],
      };
      const [ps, r] = sig[name]!;
      this.m.addFunctionImport(iname, 'cypyx', `c_${name}`, b.createType(ps), r);
    }
    return iname;
  }

  private stackGlobals = false;
  /** The C stack for memory locals (a region of the shared memory the runtime reserves per module). */
  stackPointer(): string {
    if (!this.stackGlobals) {
      this.stackGlobals = true;
      const b = this.b;
      this.m.addGlobalImport('stackBase', 'cypyx', 'stackBase', b.i32, false);
      this.m.addGlobalImport('stackEnd', 'cypyx', 'stackEnd', b.i32, false);
      this.m.addGlobal('sp', b.i32, true, this.m.global.get('stackBase', b.i32));
    }
    return 'sp';
  }

  zero(t: WT): X {
    const m = this.m;
    const b = this.b;
    if (t === b.i32) return m.i32.const(0);
    if (t === b.i64) return m.i64.const(0n);
    if (t === b.f32) return m.f32.const(0);
    if (t === b.f64) return m.f64.const(0);
    return internal(`zero of type ${t}`);
  }

  /** An import of a JS math function (added on first use); returns its internal name. */
  mathImport(name: string): string {
    const arity = MATH_IMPORTS[name] ?? internal(`math import ${name}`);
    const iname = `m.${name}`;
    if (!this.imported.has(name)) {
      this.imported.add(name);
      const b = this.b;
      const params = name === 'ldexp' ? [b.f64, b.i32] : Array<WT>(arity).fill(b.f64);
      this.m.addFunctionImport(iname, 'cypyx', name, b.createType(params), b.f64);
    }
    return iname;
  }

  private siteCopies = 0;
  /**
   * The function a ufunc loop (semantics/ufunc.ts) calls per element: a private copy of
   * the element function per call site (the loop calls it twice: contiguous and strided),
   * which binaryen inlines into its one caller. The element function itself is exported, so
   * binaryen would keep the call (V8 does not inline wasm calls: the frame, the stack check
   * and spilling around the call cost ~2 ns per element; LLVM inlines it on the native back
   * end). Null (a plain call) for other callers and for callees with a C stack frame or
   * calls to themselves.
   */
  elementCall(caller: IRFunction, callee: { ir: IRFunction; name: string; params: WT[]; result: WT }): string | null {
    if (!/\.ufunc_(loop|reduce)$/.test(caller.name) || frameLayout(callee.ir).size > 0) return null;
    let self = false;
    walkExprs(callee.ir.body, (e) => {
      if (e.kind === 'call' && e.fn === callee.ir.name) self = true;
    });
    if (self) return null;
    const name = `${callee.name}$e${this.siteCopies++}`;
    new FnGen(this, callee.ir, callee.params, callee.result, name, null).run();
    return name;
  }

  private libm = new Set<string>();
  private expBuilder: ((x: X, site: ExpSite) => X) | null = null;
  /** exp(x) in wasm (libm.ts: inline code, plus two functions added on first use). */
  wasmExp(x: X, site: ExpSite): X {
    if (!this.expBuilder) {
      this.libm.add('exp');
      this.expBuilder = addExp(this.b, this.m, 'l.exp', { base: () => this.stateBase(), offset: this.expTableOffset });
    }
    return this.expBuilder(x, site);
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
    let exact = false;
    this.mod.messages.forEach((m, k) => {
      if (m.template !== template || m.args.length !== kinds.length) return;
      const ex = m.args.every((a, j) => a === kinds[j]);
      if (found < 0 || (ex && !exact)) {
        found = k;
        exact = ex;
      }
    });
    if (found < 0) internal(`message ${JSON.stringify(template)} is not in ModuleIR.messages`);
    return found;
  }

  run(): Emitted {
    const { m, mod } = this;
    // the memory first: loads and stores resolve it when they are created
    // The memory and the state block's address are imported (docs/wasm-abi.md): every
    // module of a process shares one memory, so arrays from cypyx.alloc pass to any of
    // them without copies, and each module's state block is somewhere in its heap.
    m.setMemory(1, MAX_PAGES);
    m.addMemoryImport('0', 'cypyx', 'memory');
    m.addGlobalImport(STATE_BASE, 'cypyx', 'stateBase', this.b.i32, false);
    const native = mod.functions.filter((f) => f.tier === 'native');
    for (const f of native) {
      for (const p of f.params) if (p.star) internal(`${f.name}: star parameter in a native function`);
      const params = f.params.flatMap((p) => this.paramTypes(p.type, p.name));
      this.impls.set(f.name, { ir: f, name: `f.${f.name}`, params, result: this.retT(f.ret) });
    }
    for (const impl of this.impls.values()) {
      const frame = frameLayout(impl.ir);
      if (frame.size === 0) {
        // self-recursion (recursion.ts): a pure function calling itself several times has its
        // calls to itself expanded once and repeated ones merged; otherwise tail calls become a
        // loop, and a function left with one call to itself calls a copy of itself there,
        // which binaryen inlines (one unrolling)
        if (memoizable(impl.ir, false)) {
          new FnGen(this, impl.ir, impl.params, impl.result, impl.name, null, { tail: null, selfCall: impl.name, memo: true }).run();
          continue;
        }
        const tail = tailRecursion(impl.ir, false);
        const copy = unrollsOnce(impl.ir, tail, false) ? `${impl.name}$r` : null;
        new FnGen(this, impl.ir, impl.params, impl.result, impl.name, null, { tail, selfCall: copy ?? impl.name }).run();
        if (copy) new FnGen(this, impl.ir, impl.params, impl.result, copy, null, { tail, selfCall: impl.name }).run();
        continue;
      }
      // memory locals (C data, ir.ts): the body takes a frame on the C stack as a last
      // parameter; the function itself allocates it, calls the body and frees it on every exit
      const body = `${impl.name}.body`;
      new FnGen(this, impl.ir, [...impl.params, this.b.i32], impl.result, body, frame).run();
      this.frameWrapper(impl, body, frame.size);
    }

    const exports: Record<string, string> = {};
    const sigs: Record<string, WasmSig> = {};
    const writes = new Map<string, boolean>();
    for (const impl of this.impls.values()) {
      const f = impl.ir;
      // functions exchanging data pointers are called by native code only (ir/classify.ts)
      if (holdsPointers(f.ret) || f.params.some((p) => holdsPointers(p.type))) continue;
      const exp = `f:${f.name}`;
      let big: string | null = null;
      if (!needsWrapper(f)) m.addFunctionExport(impl.name, exp);
      else {
        this.boundary(impl, `w.${f.name}`, false);
        m.addFunctionExport(`w.${f.name}`, exp);
        if (has64Param(f)) {
          big = `${exp}:big`;
          this.boundary(impl, `W.${f.name}`, true);
          m.addFunctionExport(`W.${f.name}`, big);
        }
      }
      exports[f.name] = exp;
      sigs[f.name] = {
        name: f.name,
        export: exp,
        exportBig: big,
        params: f.params.map((p) => paramKind(p.type, `${f.name}: parameter ${p.name}`, mayWriteMemory(f, mod, writes))),
        ret: f.ret.k === 'void' ? 'void' : scalarKind(asScalar(f.ret, 'return')),
        mayRaise: f.mayRaise,
      };
    }
    if (this.libm.has('exp')) this.addExpTable();
    return { exports, sigs, stateOffset: STATE_OFFSET, heapBase: this.heapBase, preInline: this.siteCopies > 0 };
  }

  /**
   * The exp table (libm.ts) is part of this module's state block, after the C globals:
   * the block grows by its size (so no heap allocation can overlap it) and the start
   * function copies it there from a passive data segment at instantiation.
   */
  private addExpTable(): void {
    const { m, b } = this;
    const data = expTable();
    // setMemory again, now with the segment (it replaces the memory: imported again)
    m.setMemory(1, MAX_PAGES, null, [{ offset: 0, data, passive: true }]);
    m.addMemoryImport('0', 'cypyx', 'memory');
    const dest = m.i32.add(this.stateBase(), m.i32.const(this.expTableOffset));
    const init = m.block(null, [m.memory.init('0', dest, m.i32.const(0), m.i32.const(data.length)), m.data.drop('0')]);
    m.setStart(m.addFunction('l.exp.table', b.none, b.none, [], init));
    this.heapBase += EXP_TABLE_BYTES;
  }

  /** `name`: allocates a zeroed frame of `size` bytes on the C stack, calls `body` with it, frees it. */
  private frameWrapper(impl: { ir: IRFunction; name: string; params: WT[]; result: WT }, body: string, size: number): void {
    const { b, m } = this;
    const sp = this.stackPointer();
    const n = impl.params.length;
    const fp = n;
    const res = n + 1;
    const frame = (size + 15) & ~15;
    const args = impl.params.map((t, k) => m.local.get(k, t));
    const call = m.call(body, [...args, m.local.get(fp, b.i32)], impl.result);
    const out: X[] = [
      m.local.set(fp, m.global.get(sp, b.i32)),
      // a C stack overflow traps (a JS RangeError-like WebAssembly.RuntimeError, never a crash)
      m.if(m.i32.gt_u(m.i32.add(m.local.get(fp, b.i32), m.i32.const(frame)), m.global.get('stackEnd', b.i32)), m.unreachable()),
      m.global.set(sp, m.i32.add(m.local.get(fp, b.i32), m.i32.const(frame))),
      m.memory.fill(m.local.get(fp, b.i32), m.i32.const(0), m.i32.const(frame)),
    ];
    if (impl.result === b.none) out.push(call, m.global.set(sp, m.local.get(fp, b.i32)));
    else out.push(m.local.set(res, call), m.global.set(sp, m.local.get(fp, b.i32)), m.local.get(res, impl.result));
    const vars = impl.result === b.none ? [b.i32] : [b.i32, impl.result];
    m.addFunction(impl.name, b.createType(impl.params), impl.result, vars, m.block(null, out, impl.result));
  }

  /**
   * The exported boundary function: 64-bit int params as f64 (`big`: as i64, a JS
   * bigint), memoryviews as (i32 address, f64 extents, f64 strides); a 64-bit int
   * result is returned as f64 with its exact bits stored at RESULT_SLOT.
   */
  private boundary(impl: { ir: IRFunction; name: string; params: WT[]; result: WT }, name: string, big: boolean): void {
    const { b, m } = this;
    const f = impl.ir;
    const params: WT[] = [];
    const args: X[] = [];
    for (const p of f.params) {
      const t = p.type;
      if (isMV(t)) {
        args.push(m.local.get(params.length, b.i32));
        params.push(b.i32);
        // extents and strides are integers the runtime computed (never NaN or huge): the
        // trapping conversion. V8 compiles the saturating one to a branchy sequence, which
        // it scheduled inside the kernel's loop (a strided sigmoid: 8.4 → 6.5 ns per element)
        for (let k = 0; k < 2 * t.ndim; k++) {
          args.push(m.i64.trunc_s.f64(m.local.get(params.length, b.f64)));
          params.push(b.f64);
        }
      } else {
        const st = asScalar(t, `parameter ${p.name}`);
        if (is64(st) && !big) {
          args.push(m.i64.trunc_s_sat.f64(m.local.get(params.length, b.f64)));
          params.push(b.f64);
        } else {
          const wt = this.valT(st);
          args.push(m.local.get(params.length, wt));
          params.push(wt);
        }
      }
    }
    const call = m.call(impl.name, args, impl.result);
    let body: X;
    let result = impl.result;
    const rt = f.ret;
    if (rt.k === 'int' && rt.bits === 64) {
      const tmp = params.length;
      body = m.block(null, [
        m.local.set(tmp, call),
        m.i64.store(RESULT_SLOT, 8, m.i32.const(0), m.local.get(tmp, b.i64)),
        rt.signed ? m.f64.convert_s.i64(m.local.get(tmp, b.i64)) : m.f64.convert_u.i64(m.local.get(tmp, b.i64)),
      ], b.f64);
      result = b.f64;
      m.addFunction(name, b.createType(params), result, [b.i64], body);
      return;
    }
    body = call;
    m.addFunction(name, b.createType(params), result, [], body);
  }
}

// ---------------------------------------------------------------- functions
type Slot =
  | { k: 's'; t: ScalarType; wt: WT; idx: number }
  | { k: 'mv'; t: MemviewType; data: number; shape: number[]; strides: number[] }
  /** a memory local (ir.ts, C data): at byte `off` of the frame */
  | { k: 'm'; t: IRType; off: number };

/** Pointers live in i32 locals, function numbers in i64 ones (their slots carry these stand-in types). */
const PTR_SLOT: IRInt = { k: 'int', bits: 32, signed: false, c: 'void *' };
const FN_SLOT: IRInt = { k: 'int', bits: 64, signed: false, c: 'function number' };

/** Memory locals (Local.addressed, and every struct / array / ctuple local) and their frame offsets. */
function frameLayout(f: IRFunction): { size: number; offsets: Map<LocalId, number> } {
  const offsets = new Map<LocalId, number>();
  let size = 0;
  for (const l of f.locals) {
    if (!l.addressed && !isAggregate(l.type)) continue;
    const a = isAggregate(l.type) ? 16 : Math.max(1, Math.min(16, sizeOf(l.type)));
    size = Math.ceil(size / a) * a;
    offsets.set(l.id, size);
    size += sizeOf(l.type);
  }
  return { size, offsets };
}

/** A memoryview value: side effects to run first, then pure reads of its fields. */
interface MV {
  pre: X[];
  data(): X;
  shape(d: number): X;
  stride(d: number): X;
}

class FnGen {
  private readonly b: B;
  private readonly m: binaryenNS.Module;
  private readonly vars: WT[] = [];
  private slots = new Map<LocalId, Slot>();
  private readonly labels: { label: string; brk: string; cont: string | null }[] = [];
  private nlabel = 0;

  constructor(
    readonly g: ModuleGen,
    readonly ir: IRFunction,
    readonly params: WT[],
    readonly result: WT,
    readonly name: string,
    /** Memory locals: the frame is the last parameter. */
    readonly frame: { size: number; offsets: Map<LocalId, number> } | null,
    /**
     * Self-recursion: the tail calls that become a loop, the function its other calls to
     * itself call, and `memo`: a pure function whose calls to itself are expanded once and
     * reuse the results of earlier calls with the same arguments (recursion.ts memoizable).
     */
    readonly rec: { tail: TailRec | null; selfCall: string; memo?: boolean } | null = null,
  ) {
    this.b = g.b;
    this.m = g.m;
  }

  /** The loop that tail calls to itself branch to, and the accumulator of `return X op f(...)`. */
  private tre: { label: string; acc: number | null; t: ScalarType | null } | null = null;

  private tmp(t: WT): number {
    this.vars.push(t);
    return this.params.length + this.vars.length - 1;
  }

  run(): void {
    const { ir, m, b } = this;
    const prologue: X[] = [];
    // parameters occupy the first wasm locals, in order
    let k = 0;
    for (const p of ir.params) {
      const t = p.type;
      if (isMV(t)) {
        const data = k++;
        const shape = Array.from({ length: t.ndim }, () => k++);
        const strides = Array.from({ length: t.ndim }, () => k++);
        this.slots.set(p.local, { k: 'mv', t, data, shape, strides });
      } else {
        const st = t.k === 'ptr' ? PTR_SLOT : asScalar(t, `parameter ${p.name}`);
        const wt = this.g.cvalT(t);
        const idx = k++;
        const off = this.frame?.offsets.get(p.local);
        if (off !== undefined) {
          // a parameter whose address is taken lives in the frame
          this.slots.set(p.local, { k: 'm', t, off });
          prologue.push(this.storeValue(t, this.memAddr(off), m.local.get(idx, wt)));
          continue;
        }
        this.slots.set(p.local, { k: 's', t: st, wt, idx });
        // normalize narrow values (the boundary passes them range-checked; this is cheap insurance)
        if (st.k === 'bool' || (st.k === 'int' && st.bits < 32)) prologue.push(m.local.set(idx, this.norm(st, m.local.get(idx, wt))));
      }
    }
    for (const l of ir.locals) {
      if (this.slots.has(l.id)) continue;
      const t = l.type;
      const off = this.frame?.offsets.get(l.id);
      if (off !== undefined) {
        this.slots.set(l.id, { k: 'm', t, off });
        continue;
      }
      if (t.k === 'ptr' || t.k === 'funcptr') {
        const wt = this.g.cvalT(t);
        this.slots.set(l.id, { k: 's', t: t.k === 'ptr' ? PTR_SLOT : FN_SLOT, wt, idx: this.tmp(wt) });
        continue;
      }
      if (isMV(t)) {
        this.slots.set(l.id, {
          k: 'mv',
          t,
          data: this.tmp(b.i32),
          shape: Array.from({ length: t.ndim }, () => this.tmp(b.i64)),
          strides: Array.from({ length: t.ndim }, () => this.tmp(b.i64)),
        });
      } else {
        const st = asScalar(t, `local ${l.name}`);
        const wt = this.g.valT(st);
        this.slots.set(l.id, { k: 's', t: st, wt, idx: this.tmp(wt) });
      }
    }
    const tail = this.rec?.tail;
    if (tail) {
      // the body in a loop that tail calls branch back to, after setting the parameters
      const t = tail.op ? asScalar(ir.ret, 'return') : null;
      const acc = t ? this.tmp(this.g.valT(t)) : null;
      this.tre = { label: this.label('tail'), acc, t };
      if (acc !== null && t) prologue.push(m.local.set(acc, this.accIdentity(tail.op!, t)));
      const inner = this.stmts(ir.body);
      if (this.result !== b.none) inner.push(this.retZero());
      const body = [...prologue, m.loop(this.tre.label, m.block(null, inner))];
      if (this.result !== b.none) body.push(m.unreachable());
      m.addFunction(this.name, b.createType(this.params), this.result, this.vars, m.block(null, body));
      return;
    }
    const body = [...prologue, ...this.stmts(ir.body)];
    if (this.result !== b.none) body.push(this.retZero());
    m.addFunction(this.name, b.createType(this.params), this.result, this.vars, m.block(null, body));
  }

  /** Calls to itself made so far in this function's code (memo mode): argument and result locals, a valid flag. */
  private memoSites: { args: number[]; wts: WT[]; res: number; valid: number }[] = [];
  /** The function's body expanded in place (memo mode): `return v` branches out of this block with v. */
  private inlining: { label: string } | null = null;

  /**
   * A call of a pure function to itself (memo mode): reuses the result of a call with the
   * same arguments (bit for bit) made earlier in this activation; else, at the top level,
   * the body expanded in place (its own calls to itself are real calls), below it a call.
   * Wasm locals start at zero, so no site is valid when an activation begins.
   */
  private memoCall(e: Extract<Expr, { kind: 'call' }>): X {
    const { m, b } = this;
    const wts = this.ir.params.map((p) => this.g.cvalT(p.type));
    const args = wts.map((wt) => this.tmp(wt));
    const res = this.tmp(this.result);
    const valid = this.tmp(b.i32);
    const earlier = [...this.memoSites];
    this.memoSites.push({ args, wts, res, valid });
    const pre = e.args.map((a, k) => m.local.set(args[k]!, this.scalar(a)));
    let value = this.inlining ? m.call(this.rec!.selfCall, args.map((a, k) => m.local.get(a, wts[k]!)), this.result) : this.inlineSelf(args, wts);
    const same = (x: number, y: number, wt: WT): X => {
      const gx = m.local.get(x, wt);
      const gy = m.local.get(y, wt);
      if (wt === b.f64) return m.i64.eq(m.i64.reinterpret(gx), m.i64.reinterpret(gy));
      if (wt === b.f32) return m.i32.eq(m.i32.reinterpret(gx), m.i32.reinterpret(gy));
      return wt === b.i64 ? m.i64.eq(gx, gy) : m.i32.eq(gx, gy);
    };
    for (const q of earlier) {
      const hit = args.reduce((acc: X, a, k) => m.i32.and(acc, same(a, q.args[k]!, wts[k]!)), m.local.get(q.valid, b.i32));
      value = m.if(hit, m.local.get(q.res, this.result), value);
    }
    return m.block(null, [...pre, m.local.set(res, value), m.local.set(valid, m.i32.const(1)), m.local.get(res, this.result)], this.result);
  }

  /** This function's body as an expression of the values in `args` (fresh locals, zeroed as on entry). */
  private inlineSelf(args: number[], wts: WT[]): X {
    const { m } = this;
    const slots = new Map<LocalId, Slot>();
    const out: X[] = [];
    this.ir.params.forEach((p, k) => {
      const idx = this.tmp(wts[k]!);
      slots.set(p.local, { k: 's', t: asScalar(p.type, `parameter ${p.name}`), wt: wts[k]!, idx });
      out.push(m.local.set(idx, m.local.get(args[k]!, wts[k]!)));
    });
    for (const l of this.ir.locals) {
      if (slots.has(l.id)) continue;
      const t = asScalar(l.type, `local ${l.name}`);
      const wt = this.g.valT(t);
      const idx = this.tmp(wt);
      slots.set(l.id, { k: 's', t, wt, idx });
      out.push(m.local.set(idx, this.g.zero(wt)));
    }
    const label = this.label('self');
    const saved = this.slots;
    const outer = this.inlining;
    this.slots = slots;
    this.inlining = { label };
    try {
      out.push(...this.stmts(this.ir.body));
    } finally {
      this.slots = saved;
      this.inlining = outer;
    }
    out.push(m.br(label, undefined, this.g.zero(this.result)));
    return m.block(label, out, this.result);
  }

  /** The identity of an accumulating op: 0 for + | ^, 1 for *, all ones for &. */
  private accIdentity(op: NonNullable<TailRec['op']>, t: ScalarType): X {
    const v = op === 'mul' ? 1n : op === 'and' ? -1n : 0n;
    return this.scalar({ kind: 'const', value: v, type: t });
  }

  /** `acc op v` for a function whose tail calls accumulate, else `v`. */
  private accumulate(v: X): X {
    const tre = this.tre;
    if (!tre || tre.acc === null || !tre.t) return v;
    return this.bin(this.rec!.tail!.op!, tre.t, this.m.local.get(tre.acc, this.g.valT(tre.t)), v);
  }

  /**
   * `return f(args)` / `return X op f(args)` of the function to itself: X, then the
   * arguments, are evaluated in order; then acc = acc op X, the parameters take the
   * arguments, the other locals are zeroed (as on entry) and the loop starts again.
   */
  private tailCall(tc: TailCall): X[] {
    const { m } = this;
    const tre = this.tre ?? internal('tail call outside the tail loop');
    const out: X[] = [];
    let xt: number | null = null;
    if (tc.x && tre.acc !== null && tre.t) {
      xt = this.tmp(this.g.valT(tre.t));
      out.push(m.local.set(xt, this.scalar(tc.x)));
    }
    const params = this.ir.params.map((p) => {
      const s = this.slot(p.local);
      return s.k === 's' ? s : internal('tail call with a parameter in memory');
    });
    const temps = tc.args.map((a, k) => {
      const t = this.tmp(params[k]!.wt);
      out.push(m.local.set(t, this.scalar(a)));
      return t;
    });
    if (xt !== null && tre.acc !== null && tre.t) {
      const wt = this.g.valT(tre.t);
      out.push(m.local.set(tre.acc, this.bin(tc.op!, tre.t, m.local.get(tre.acc, wt), m.local.get(xt, wt))));
    }
    params.forEach((s, k) => out.push(m.local.set(s.idx, m.local.get(temps[k]!, s.wt))));
    const isParam = new Set(this.ir.params.map((p) => p.local));
    for (const l of this.ir.locals) {
      if (isParam.has(l.id)) continue;
      const s = this.slots.get(l.id);
      if (s?.k === 's') out.push(m.local.set(s.idx, this.g.zero(s.wt)));
      else if (s?.k === 'mv') {
        out.push(m.local.set(s.data, m.i32.const(0)));
        for (const idx of [...s.shape, ...s.strides]) out.push(m.local.set(idx, m.i64.const(0n)));
      }
    }
    out.push(m.br(tre.label));
    return out;
  }

  private slot(id: LocalId): Slot {
    return this.slots.get(id) ?? internal(`${this.ir.name}: unknown local ${id}`);
  }

  private retZero(): X {
    if (this.inlining) return this.m.br(this.inlining.label, undefined, this.g.zero(this.result));
    // with an accumulator, what the outermost call returns when this one returns zero
    return this.result === this.b.none ? this.m.return() : this.m.return(this.accumulate(this.g.zero(this.result)));
  }

  private label(base: string): string {
    return `${base || 'L'}$${this.nlabel++}`;
  }

  // ---------------------------------------------------------------- statements
  private stmts(list: Stmt[]): X[] {
    const out: X[] = [];
    for (const s of list) {
      const outer = this.line;
      if (s.loc) this.line = s.loc.line;
      out.push(...this.stmt(s));
      this.line = outer;
    }
    return out;
  }
  /** The .pyx line of the statement being generated: a raise or check without a loc reports it. */
  private line = 0;

  private block(list: Stmt[]): X {
    const xs = this.stmts(list);
    return xs.length === 1 ? xs[0]! : this.m.block(null, xs);
  }

  private stmt(s: Stmt): X[] {
    const { m } = this;
    switch (s.kind) {
      case 'set':
        return this.bind(s.id, s.value);
      case 'setGlobal': {
        const gl = this.global(s.name);
        return [this.storeScalar(gl.type, this.g.stateBase(), gl.offset, this.scalar(s.value))];
      }
      case 'mvStore': {
        const t = this.mvType(s.view);
        const v = this.mv(s.view);
        const addr = this.elemAddr(t, v, this.scalar(s.offset));
        return [...v.pre, this.storeScalar(t.elem, addr, 0, this.scalar(s.value))];
      }
      case 'expr':
        return this.effect(s.value);
      case 'if':
        return [m.if(this.scalar(s.cond), this.block(s.then), s.else.length ? this.block(s.else) : undefined)];
      case 'loop': {
        const brk = this.label(`${s.label}.brk`);
        const top = this.label(`${s.label}.top`);
        const cont = this.label(`${s.label}.cont`);
        this.labels.push({ label: s.label, brk, cont });
        const body = this.stmts(s.body);
        const update = this.stmts(s.update);
        this.labels.pop();
        return [m.block(brk, [m.loop(top, m.block(null, [m.block(cont, body), ...update, m.br(top)]))])];
      }
      case 'block': {
        const brk = this.label(`${s.label}.end`);
        this.labels.push({ label: s.label, brk, cont: null });
        const body = this.stmts(s.body);
        this.labels.pop();
        return [m.block(brk, body)];
      }
      case 'break':
      case 'continue': {
        const t = [...this.labels].reverse().find((l) => l.label === s.label);
        if (!t) internal(`${s.kind} to unknown label ${s.label}`);
        if (s.kind === 'break') return [m.br(t.brk)];
        return [m.br(t.cont ?? internal(`continue to block label ${s.label}`))];
      }
      case 'return': {
        if (this.inlining) {
          if (!s.value) return [this.retZero()];
          return [m.br(this.inlining.label, undefined, this.scalar(s.value))];
        }
        const tc = this.rec?.tail?.calls.get(s);
        if (tc) return this.tailCall(tc);
        if (s.value === null) return [this.retZero()];
        if (s.value.type.k === 'void') return [...this.effect(s.value), this.retZero()];
        if (this.result === this.b.none) return [...this.effect(s.value), m.return()];
        return [m.return(this.accumulate(this.scalar(s.value)))];
      }
      case 'raise':
        return [this.raise(s.exc, s.msg, s.loc?.line ?? this.line)];
      case 'store':
        return [this.storeMem((s.ptr.type as PtrType).to, this.scalar(s.ptr), s.value)];
      default:
        return internal(`statement ${s.kind} in native function ${this.ir.name}`);
    }
  }

  /** Evaluates `e` for its effects only. */
  private effect(e: Expr): X[] {
    if (e.type.k === 'void') {
      if (e.kind === 'libc') return [this.libc(e.fn, e.args)];
      if (e.kind !== 'call') internal(`void ${e.kind}`);
      return [this.call(e)];
    }
    if (isMV(e.type)) return this.mv(e).pre;
    return [this.m.drop(this.scalar(e))];
  }

  private bind(id: LocalId, value: Expr): X[] {
    const { m } = this;
    const s = this.slot(id);
    if (s.k === 'm') return [this.storeMem(s.t, this.memAddr(s.off), value)];
    if (s.k === 's') return [m.local.set(s.idx, this.scalar(value))];
    const v = this.mv(value);
    return [
      ...v.pre,
      m.local.set(s.data, v.data()),
      ...s.shape.map((idx, d) => m.local.set(idx, v.shape(d))),
      ...s.strides.map((idx, d) => m.local.set(idx, v.stride(d))),
    ];
  }

  // ---------------------------------------------------------------- errors
  /** Stores the error state (exception, message, format args, line) and returns zero. */
  private raise(exc: string, msg: Message, line: number): X {
    const { m, g, b } = this;
    const ei = g.excIndex(exc);
    const args = msg.kind === 'format' ? msg.args : [];
    if (args.length > ERROR_STATE.maxArgs) internal(`message with ${args.length} args (max ${ERROR_STATE.maxArgs})`);
    const kinds = args.map((a) => {
      const t = asScalar(a.type, 'message arg');
      return t.k === 'float' ? 'f' : t.k === 'bool' ? 'b' : t.signed ? 'i' : 'u';
    });
    const mi = g.messageIndex(msg, kinds);
    const tableKinds = g.mod.messages[mi]!.args;
    const out: X[] = [];
    const zero = () => g.stateBase();
    args.forEach((a, k) => {
      const t = asScalar(a.type, 'message arg');
      const v = this.scalar(a);
      const offI = ERROR_STATE.argsI64 + 8 * k;
      const offF = ERROR_STATE.argsF64 + 8 * k;
      if (tableKinds[k] === 'f') {
        out.push(m.f64.store(offF, 8, zero(), this.convert(v, t, F64)));
      } else {
        const as = tableKinds[k] === 'u' ? U64 : I64;
        const tmp = this.tmp(b.i64);
        out.push(m.local.set(tmp, this.convert(v, t, as)));
        out.push(m.i64.store(offI, 8, zero(), m.local.get(tmp, b.i64)));
        out.push(m.f64.store(offF, 8, zero(), this.convert(m.local.get(tmp, b.i64), as, F64)));
      }
    });
    out.push(m.i32.store(ERROR_STATE.exc, 4, zero(), m.i32.const(ei)));
    out.push(m.i32.store(ERROR_STATE.msg, 4, zero(), m.i32.const(mi)));
    out.push(m.i32.store(ERROR_STATE.line, 4, zero(), m.i32.const(line)));
    out.push(this.errorReturn());
    return m.block(null, out);
  }

  /** After a call to a callee that may raise: return zero when the exception index is set. */
  private propagate(): X {
    const m = this.m;
    return m.if(m.i32.load(ERROR_STATE.exc, 4, this.g.stateBase()), this.errorReturn());
  }

  /**
   * Returns zero on the error path. A `swallowErrors` function (Cython 0.29
   * unraisable) first hands the exception to the glue's report and clears it.
   */
  private errorReturn(): X {
    const m = this.m;
    if (!this.ir.swallowErrors) return this.retZero();
    return m.block(null, [
      // exception index | function number << 16 (ir.ts ERROR_STATE): the report names the function
      m.i32.store(
        ERROR_STATE.unraisable,
        4,
        this.g.stateBase(),
        m.i32.or(
          m.i32.load(ERROR_STATE.exc, 4, this.g.stateBase()),
          m.i32.const(functionNumber(this.g.mod, this.ir.name) << ERROR_STATE.unraisableFnShift),
        ),
      ),
      m.i32.store(ERROR_STATE.exc, 4, this.g.stateBase(), m.i32.const(0)),
      this.retZero(),
    ]);
  }

  private check(e: Extract<Expr, { kind: 'check' }>): X {
    return this.m.if(this.m.i32.eqz(this.scalar(e.ok)), this.raise(e.exc, e.msg, e.loc?.line ?? this.line));
  }

  // ---------------------------------------------------------------- expressions
  private global(name: string) {
    return this.g.mod.globals.find((x) => x.name === name) ?? internal(`unknown global ${name}`);
  }

  private mvType(e: Expr): MemviewType {
    return isMV(e.type) ? e.type : internal(`${e.kind} is not a memoryview`);
  }

  /** A block of `pre` then `value` (just `value` when there is nothing before it). */
  private seq(pre: X[], value: X, t: WT): X {
    return pre.length ? this.m.block(null, [...pre, value], t) : value;
  }

  /** Wraps an i32 (or i64) holding a result of `t`'s width back into `t`'s normalized range. */
  private norm(t: ScalarType, x: X): X {
    const m = this.m;
    if (t.k === 'bool') return m.i32.ne(x, m.i32.const(0));
    if (t.k !== 'int' || t.bits >= 32) return x;
    if (t.bits === 8) return t.signed ? m.i32.extend8_s(x) : m.i32.and(x, m.i32.const(0xff));
    return t.signed ? m.i32.extend16_s(x) : m.i32.and(x, m.i32.const(0xffff));
  }

  private loadScalar(t: ScalarType, ptr: X, offset: number): X {
    const m = this.m;
    if (t.k === 'bool') return m.i32.ne(m.i32.load(offset, 4, ptr), m.i32.const(0));
    if (t.k === 'float') return t.bits === 32 ? m.f32.load(offset, 4, ptr) : m.f64.load(offset, 8, ptr);
    switch (t.bits) {
      case 8:
        return t.signed ? m.i32.load8_s(offset, 1, ptr) : m.i32.load8_u(offset, 1, ptr);
      case 16:
        return t.signed ? m.i32.load16_s(offset, 2, ptr) : m.i32.load16_u(offset, 2, ptr);
      case 32:
        // binaryen.js makes i32.load a *signed* load, and its optimizer then folds an i64.extend_i32_u of it
        // into i64.load32_s (u32 0xFFFFFFFF widened to -1): build unsigned 32-bit loads through the C API
        if (!t.signed) {
          const api = this.b as unknown as { _BinaryenLoad(mod: number, bytes: number, signed: boolean, offset: number, align: number, type: number, ptr: X, name: number): X };
          return api._BinaryenLoad((m as unknown as { ptr: number }).ptr, 4, false, offset, 4, this.b.i32, ptr, 0);
        }
        return m.i32.load(offset, 4, ptr);
      default:
        return m.i64.load(offset, 8, ptr);
    }
  }

  private storeScalar(t: ScalarType, ptr: X, offset: number, v: X): X {
    const m = this.m;
    if (t.k === 'bool') return m.i32.store(offset, 4, ptr, v);
    if (t.k === 'float') return t.bits === 32 ? m.f32.store(offset, 4, ptr, v) : m.f64.store(offset, 8, ptr, v);
    switch (t.bits) {
      case 8:
        return m.i32.store8(offset, 1, ptr, v);
      case 16:
        return m.i32.store16(offset, 2, ptr, v);
      case 32:
        return m.i32.store(offset, 4, ptr, v);
      default:
        return m.i64.store(offset, 8, ptr, v);
    }
  }

  /** Address of element `off` (an i64 expression) of view `v`. */
  private elemAddr(t: MemviewType, v: MV, off: X): X {
    const m = this.m;
    const k = sizeLog2(t.elem);
    const idx = m.i32.wrap(off);
    return m.i32.add(v.data(), k ? m.i32.shl(idx, m.i32.const(k)) : idx);
  }

  private scalar(e: Expr): X {
    const { m, b } = this;
    switch (e.kind) {
      case 'const': {
        if (e.type.k === 'ptr') return m.i32.const(Number(e.value ?? 0));
        if (e.type.k === 'funcptr') return m.i64.const(BigInt(e.value ?? 0));
        const t = asScalar(e.type, 'const');
        const v = e.value;
        if (t.k === 'float') {
          if (typeof v !== 'number' && typeof v !== 'bigint') internal(`float const ${String(v)}`);
          return t.bits === 32 ? m.f32.const(Math.fround(Number(v))) : m.f64.const(Number(v));
        }
        if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') internal(`int const ${String(v)}`);
        if (t.k === 'bool') return m.i32.const(typeof v === 'boolean' ? +v : v !== 0 && v !== 0n ? 1 : 0);
        const big = typeof v === 'boolean' ? BigInt(+v) : typeof v === 'number' ? BigInt(Math.trunc(v)) : v;
        const w = t.signed ? BigInt.asIntN(t.bits, big) : BigInt.asUintN(t.bits, big);
        if (t.bits === 64) {
          const u = BigInt.asUintN(64, w);
          return m.i64.const(BigInt.asIntN(64, u));
        }
        return m.i32.const(Number(BigInt.asIntN(32, w)));
      }
      case 'local': {
        const s = this.slot(e.id);
        if (s.k === 'm') return this.loadValue(s.t, this.memAddr(s.off));
        if (s.k !== 's') internal('memview local read as a scalar');
        return m.local.get(s.idx, s.wt);
      }
      case 'global': {
        const gl = this.global(e.name);
        return this.loadScalar(gl.type, this.g.stateBase(), gl.offset);
      }
      case 'bin':
        return this.bin(e.op, asScalar(e.type, 'bin'), this.scalar(e.a), this.scalar(e.b));
      case 'neg': {
        const t = asScalar(e.type, 'neg');
        const a = this.scalar(e.a);
        if (t.k === 'float') return t.bits === 32 ? m.f32.neg(a) : m.f64.neg(a);
        if (is64(t)) return m.i64.sub(m.i64.const(0n), a);
        return this.norm(t, m.i32.sub(m.i32.const(0), a));
      }
      case 'bitnot': {
        const t = asScalar(e.type, 'bitnot');
        const a = this.scalar(e.a);
        if (is64(t)) return m.i64.xor(a, m.i64.const(-1n));
        return this.norm(t, m.i32.xor(a, m.i32.const(-1)));
      }
      case 'not':
        return m.i32.eqz(this.scalar(e.a));
      case 'cmp':
        if (e.a.type.k === 'ptr') return this.cmp(e.op, PTR_SLOT, this.scalar(e.a), this.scalar(e.b));
        if (e.a.type.k === 'funcptr') return this.cmp(e.op, FN_SLOT, this.scalar(e.a), this.scalar(e.b));
        return this.cmp(e.op, asScalar(e.a.type, 'cmp'), this.scalar(e.a), this.scalar(e.b));
      case 'cast': {
        // pointers are unsigned 32-bit addresses, function numbers unsigned 64-bit ints
        const st = (t: IRType): ScalarType => (t.k === 'ptr' ? PTR_SLOT : t.k === 'funcptr' ? FN_SLOT : asScalar(t, 'cast'));
        const from = st(e.a.type);
        const to = st(e.type);
        return from === to ? this.scalar(e.a) : this.convert(this.scalar(e.a), from, to);
      }
      case 'and':
        return m.if(this.scalar(e.a), this.scalar(e.b), m.i32.const(0));
      case 'or':
        return m.if(this.scalar(e.a), m.i32.const(1), this.scalar(e.b));
      case 'cond':
        return m.if(this.scalar(e.cond), this.scalar(e.a), this.scalar(e.b));
      case 'letIn':
        return this.seq(this.bind(e.id, e.value), this.scalar(e.body), this.g.cvalT(e.type));
      case 'check':
        return this.seq([this.check(e)], this.scalar(e.value), this.g.cvalT(e.type));
      case 'call':
        if (e.type.k === 'void') internal(`void call ${e.fn} used as a value`);
        return this.call(e);
      case 'math':
        return this.math(e.fn, e.args, asScalar(e.type, 'math'));
      case 'mvShape': {
        const v = this.mv(e.view);
        if (e.dim >= this.mvType(e.view).ndim) internal(`mvShape dim ${e.dim}`);
        return this.seq(v.pre, v.shape(e.dim), b.i64);
      }
      case 'mvStride': {
        const t = this.mvType(e.view);
        const v = this.mv(e.view);
        if (e.dim >= t.ndim) internal(`mvStride dim ${e.dim}`);
        const fixed = (t.contig === 'c' && e.dim === t.ndim - 1) || (t.contig === 'f' && e.dim === 0);
        return this.seq(v.pre, fixed ? m.i64.const(1n) : v.stride(e.dim), b.i64);
      }
      case 'mvLoad': {
        const t = this.mvType(e.view);
        const v = this.mv(e.view);
        const addr = this.elemAddr(t, v, this.scalar(e.offset));
        return this.seq(v.pre, this.loadScalar(t.elem, addr, 0), this.g.valT(t.elem));
      }
      case 'mvIsNone': {
        const v = this.mv(e.view);
        return this.seq(v.pre, m.i32.eqz(v.data()), b.i32);
      }
      default:
        return this.cdata(e) ?? internal(`expression ${e.kind} in native function ${this.ir.name}`);
    }
  }

  // ---------------------------------------------------------------- C data (the subset of ir/classify.ts)
  /** The address of byte `off` of this call's frame. */
  private memAddr(off: number): X {
    const fp = this.m.local.get(this.params.length - 1, this.b.i32);
    return off === 0 ? fp : this.m.i32.add(fp, this.m.i32.const(off));
  }

  /** The value of IR type t at address `addr` (a pointer is the low half of its 8 bytes). */
  private loadValue(t: IRType, addr: X): X {
    const m = this.m;
    if (t.k === 'ptr') return m.i32.load(0, 4, addr);
    if (t.k === 'funcptr') return m.i64.load(0, 8, addr);
    return this.loadScalar(asScalar(t, 'load'), addr, 0);
  }

  private storeValue(t: IRType, addr: X, v: X): X {
    const m = this.m;
    if (t.k === 'ptr') return m.i64.store(0, 8, addr, m.i64.extend_u(v));
    if (t.k === 'funcptr') return m.i64.store(0, 8, addr, v);
    return this.storeScalar(asScalar(t, 'store'), addr, 0, v);
  }

  /** *addr = value: a scalar, pointer or function number; or a whole aggregate copied from memory (or zeroed). */
  private storeMem(t: IRType, addr: X, value: Expr): X {
    const m = this.m;
    if (!isAggregate(t)) return this.storeValue(t, addr, this.scalar(value));
    const size = m.i32.const(sizeOf(t));
    if (value.kind === 'const') return m.memory.fill(addr, m.i32.const(0), size);
    let src: X;
    if (value.kind === 'load') src = this.scalar(value.ptr);
    else if (value.kind === 'local') {
      const s = this.slot(value.id);
      if (s.k !== 'm') internal('an aggregate local outside memory');
      src = this.memAddr(s.off);
    } else return internal(`aggregate value ${value.kind} in wasm`);
    return m.memory.copy(addr, src, size);
  }

  private cdata(e: Expr): X | null {
    const { m, b } = this;
    switch (e.kind) {
      case 'addrOf': {
        const s = this.slot(e.id);
        if (s.k !== 'm') return internal(`address of local ${e.id}, which is not in memory`);
        return this.memAddr(s.off);
      }
      case 'globalAddr': {
        const mod = this.g.mod;
        const gl = mod.globals.find((x) => x.name === e.name) ?? mod.dataGlobals?.find((x) => x.name === e.name) ?? internal(`unknown global ${e.name}`);
        return m.i32.add(this.g.stateBase(), m.i32.const(gl.offset));
      }
      case 'load':
        return this.loadValue(e.type, this.scalar(e.ptr));
      case 'ptrAdd': {
        const size = strideOf((e.type as PtrType).to);
        const i = m.i32.wrap(this.scalar(e.index));
        return m.i32.add(this.scalar(e.ptr), size === 1 ? i : m.i32.mul(i, m.i32.const(size)));
      }
      case 'fieldAddr': {
        const st = (e.ptr.type as PtrType).to;
        if (st.k !== 'struct' && st.k !== 'ctuple') return internal('fieldAddr on a non-struct');
        const off = layoutOf(st).offsets[e.field]!;
        const p = this.scalar(e.ptr);
        return off === 0 ? p : m.i32.add(p, m.i32.const(off));
      }
      case 'mvAddr': {
        const t = this.mvType(e.view);
        const v = this.mv(e.view);
        return this.seq(v.pre, this.elemAddr(t, v, this.scalar(e.offset)), b.i32);
      }
      case 'fnRef':
        return m.i64.const(BigInt(functionNumber(this.g.mod, e.fn)));
      case 'libc':
        return this.libc(e.fn, e.args);
      default:
        return null;
    }
  }

  /** malloc and friends call the runtime's heap (their sizes as f64, exact); memcpy/memset are bulk memory. */
  private libc(fn: Extract<Expr, { kind: 'libc' }>['fn'], argExprs: Expr[]): X {
    const { m, b, g } = this;
    const a = argExprs.map((x) => this.scalar(x));
    const size = (x: X) => m.f64.convert_u.i64(x);
    switch (fn) {
      case 'malloc':
        return m.call(g.cImport('malloc'), [size(a[0]!)], b.i32);
      case 'calloc':
        return m.call(g.cImport('calloc'), [size(a[0]!), size(a[1]!)], b.i32);
      case 'realloc':
        return m.call(g.cImport('realloc'), [a[0]!, size(a[1]!)], b.i32);
      case 'free':
        return m.call(g.cImport('free'), [a[0]!], b.none);
      case 'memcpy':
      case 'memmove':
      case 'memset': {
        const d = this.tmp(b.i32);
        const op = fn === 'memset'
          ? m.memory.fill(m.local.get(d, b.i32), a[1]!, m.i32.wrap(a[2]!))
          : m.memory.copy(m.local.get(d, b.i32), a[1]!, m.i32.wrap(a[2]!));
        return m.block(null, [m.local.set(d, a[0]!), op, m.local.get(d, b.i32)], b.i32);
      }
      default:
        return internal(`${fn} in wasm code`);
    }
  }

  private mv(e: Expr): MV {
    const { m, b } = this;
    const t = this.mvType(e);
    switch (e.kind) {
      case 'local': {
        const s = this.slot(e.id);
        if (s.k !== 'mv') internal('scalar local read as a memview');
        return {
          pre: [],
          data: () => m.local.get(s.data, b.i32),
          shape: (d) => m.local.get(s.shape[d]!, b.i64),
          stride: (d) => m.local.get(s.strides[d]!, b.i64),
        };
      }
      case 'mvNone':
        return { pre: [], data: () => m.i32.const(0), shape: () => m.i64.const(0n), stride: () => m.i64.const(0n) };
      case 'mvMake': {
        const base = this.mv(e.base);
        const bt = this.mvType(e.base);
        if (scalarKind(bt.elem) !== scalarKind(t.elem)) internal('mvMake changes the element type');
        if (e.shape.length !== t.ndim || e.strides.length !== t.ndim) internal('mvMake arity');
        const td = this.tmp(b.i32);
        const ts = e.shape.map(() => this.tmp(b.i64));
        const tt = e.strides.map(() => this.tmp(b.i64));
        const pre = [
          ...base.pre,
          m.local.set(td, this.elemAddr(t, base, this.scalar(e.offset))),
          ...e.shape.map((x, d) => m.local.set(ts[d]!, this.scalar(x))),
          ...e.strides.map((x, d) => m.local.set(tt[d]!, this.scalar(x))),
        ];
        return this.temps(pre, td, ts, tt);
      }
      case 'cast': {
        const at = this.mvType(e.a);
        if (scalarKind(at.elem) !== scalarKind(t.elem) || at.ndim !== t.ndim) internal('memview cast changes layout');
        return this.mv(e.a);
      }
      case 'cond': {
        const td = this.tmp(b.i32);
        const ts = Array.from({ length: t.ndim }, () => this.tmp(b.i64));
        const tt = Array.from({ length: t.ndim }, () => this.tmp(b.i64));
        const arm = (x: Expr) => {
          const v = this.mv(x);
          return m.block(null, [
            ...v.pre,
            m.local.set(td, v.data()),
            ...ts.map((idx, d) => m.local.set(idx, v.shape(d))),
            ...tt.map((idx, d) => m.local.set(idx, v.stride(d))),
          ]);
        };
        return this.temps([m.if(this.scalar(e.cond), arm(e.a), arm(e.b))], td, ts, tt);
      }
      case 'letIn': {
        const pre = this.bind(e.id, e.value);
        const v = this.mv(e.body);
        return { ...v, pre: [...pre, ...v.pre] };
      }
      case 'check': {
        const pre = [this.check(e)];
        const v = this.mv(e.value);
        return { ...v, pre: [...pre, ...v.pre] };
      }
      case 'ptrView': {
        // a C-contiguous view of C memory: the strides are products of the later extents
        const td = this.tmp(b.i32);
        const ts = e.shape.map(() => this.tmp(b.i64));
        const tt = e.shape.map(() => this.tmp(b.i64));
        const pre = [m.local.set(td, this.scalar(e.ptr)), ...e.shape.map((x, d) => m.local.set(ts[d]!, this.scalar(x)))];
        for (let d = e.shape.length - 1; d >= 0; d--) {
          pre.push(m.local.set(tt[d]!, d === e.shape.length - 1 ? m.i64.const(1n) : m.i64.mul(m.local.get(tt[d + 1]!, b.i64), m.local.get(ts[d + 1]!, b.i64))));
        }
        return this.temps(pre, td, ts, tt);
      }
      default:
        return internal(`memview expression ${e.kind} in native function ${this.ir.name}`);
    }
  }

  private temps(pre: X[], td: number, ts: number[], tt: number[]): MV {
    const { m, b } = this;
    return {
      pre,
      data: () => m.local.get(td, b.i32),
      shape: (d) => m.local.get(ts[d]!, b.i64),
      stride: (d) => m.local.get(tt[d]!, b.i64),
    };
  }

  private call(e: Extract<Expr, { kind: 'call' }>): X {
    const { m } = this;
    if (this.rec?.memo && e.fn === this.ir.name) return this.memoCall(e);
    const callee = this.g.impls.get(e.fn) ?? internal(`call of ${e.fn}, which is not a native function`);
    if (e.args.length !== callee.ir.params.length) internal(`call of ${e.fn} with ${e.args.length} args`);
    const pre: X[] = [];
    const ops: { x: X; t: WT }[] = [];
    e.args.forEach((a, k) => {
      const pt = callee.ir.params[k]!.type;
      if (isMV(pt)) {
        const v = this.mv(a);
        if (v.pre.length) {
          // keep left-to-right order: evaluate earlier operands before this view's effects
          for (const op of ops) {
            const tmp = this.tmp(op.t);
            pre.push(m.local.set(tmp, op.x));
            op.x = m.local.get(tmp, op.t);
          }
          pre.push(...v.pre);
        }
        ops.push({ x: v.data(), t: this.b.i32 });
        for (let d = 0; d < pt.ndim; d++) ops.push({ x: v.shape(d), t: this.b.i64 });
        for (let d = 0; d < pt.ndim; d++) ops.push({ x: v.stride(d), t: this.b.i64 });
      } else {
        ops.push({ x: this.scalar(a), t: this.g.cvalT(pt) });
      }
    });
    // a call to itself goes to the function's copy when it has one (ModuleGen.run)
    const target = e.fn === this.ir.name && this.rec ? this.rec.selfCall : (this.g.elementCall(this.ir, callee) ?? callee.name);
    const call = m.call(target, ops.map((o) => o.x), callee.result);
    if (!callee.ir.mayRaise) return this.seq(pre, call, callee.result);
    if (callee.result === this.b.none) return m.block(null, [...pre, call, this.propagate()]);
    const tmp = this.tmp(callee.result);
    return m.block(null, [...pre, m.local.set(tmp, call), this.propagate(), m.local.get(tmp, callee.result)], callee.result);
  }

  // ---------------------------------------------------------------- arithmetic
  private bin(op: Extract<Expr, { kind: 'bin' }>['op'], t: ScalarType, x: X, y: X): X {
    const m = this.m;
    if (t.k === 'float') {
      const f = t.bits === 32 ? m.f32 : m.f64;
      switch (op) {
        case 'add':
          return f.add(x, y);
        case 'sub':
          return f.sub(x, y);
        case 'mul':
          return f.mul(x, y);
        case 'div':
          return f.div(x, y);
        case 'rem': {
          // C fmod, exact in JS (`%`); exactly representable in float32 for float32 operands
          const fm = this.g.mathImport('fmod');
          if (t.bits === 64) return m.call(fm, [x, y], this.b.f64);
          return m.f32.demote(m.call(fm, [m.f64.promote(x), m.f64.promote(y)], this.b.f64));
        }
        default:
          return internal(`float ${op}`);
      }
    }
    if (t.k === 'bool' && !['and', 'or', 'xor'].includes(op)) internal(`bint ${op}`);
    const signed = t.k === 'int' && t.signed;
    if (is64(t)) {
      const I = m.i64;
      switch (op) {
        case 'add': return I.add(x, y);
        case 'sub': return I.sub(x, y);
        case 'mul': return I.mul(x, y);
        case 'and': return I.and(x, y);
        case 'or': return I.or(x, y);
        case 'xor': return I.xor(x, y);
        // lowering guarantees a divisor that is neither 0 nor (signed) -1 with MIN
        case 'div': return signed ? I.div_s(x, y) : I.div_u(x, y);
        case 'rem': return signed ? I.rem_s(x, y) : I.rem_u(x, y);
        // wasm takes shift counts modulo 64
        case 'shl': return I.shl(x, y);
        case 'shr': return signed ? I.shr_s(x, y) : I.shr_u(x, y);
      }
    }
    const I = m.i32;
    const bits = t.k === 'int' ? t.bits : 32;
    // narrow values are sign/zero-extended in i32, so 32-bit ops then re-normalizing give the wrapped result
    switch (op) {
      case 'add': return this.norm(t, I.add(x, y));
      case 'sub': return this.norm(t, I.sub(x, y));
      case 'mul': return this.norm(t, I.mul(x, y));
      case 'and': return I.and(x, y);
      case 'or': return I.or(x, y);
      case 'xor': return I.xor(x, y);
      case 'div': return this.norm(t, signed ? I.div_s(x, y) : I.div_u(x, y));
      case 'rem': return signed ? I.rem_s(x, y) : I.rem_u(x, y);
      case 'shl':
      case 'shr': {
        const n = bits === 32 ? y : I.and(y, I.const(bits - 1));
        if (op === 'shl') return this.norm(t, I.shl(x, n));
        return signed ? I.shr_s(x, n) : I.shr_u(x, n);
      }
    }
  }

  private cmp(op: Extract<Expr, { kind: 'cmp' }>['op'], t: ScalarType, x: X, y: X): X {
    const m = this.m;
    if (t.k === 'float') {
      const f = t.bits === 32 ? m.f32 : m.f64;
      return f[op](x, y);
    }
    const I = is64(t) ? m.i64 : m.i32;
    if (op === 'eq' || op === 'ne') return I[op](x, y);
    const signed = t.k === 'int' && t.signed;
    return I[`${op}_${signed ? 's' : 'u'}`](x, y);
  }

  /** IR `cast` semantics between scalar types. */
  convert(v: X, from: ScalarType, to: ScalarType): X {
    const m = this.m;
    if (from.k === 'bool') {
      if (to.k === 'bool') return v;
      if (to.k === 'int') return to.bits === 64 ? m.i64.extend_u(v) : v;
      return to.bits === 32 ? m.f32.convert_u.i32(v) : m.f64.convert_u.i32(v);
    }
    if (from.k === 'int') {
      const w = from.bits === 64;
      if (to.k === 'bool') return w ? m.i64.ne(v, m.i64.const(0n)) : m.i32.ne(v, m.i32.const(0));
      if (to.k === 'int') {
        if (to.bits === 64) return w ? v : from.signed ? m.i64.extend_s(v) : m.i64.extend_u(v);
        const x = w ? m.i32.wrap(v) : v;
        return to.bits === from.bits && to.signed === from.signed ? x : this.norm(to, x);
      }
      const F = to.bits === 32 ? m.f32 : m.f64;
      const c = from.signed ? F.convert_s : F.convert_u;
      return w ? c.i64(v) : c.i32(v);
    }
    // from float
    const f32 = from.bits === 32;
    if (to.k === 'bool') return f32 ? m.f32.ne(v, m.f32.const(0)) : m.f64.ne(v, m.f64.const(0));
    if (to.k === 'float') {
      if (to.bits === from.bits) return v;
      return to.bits === 64 ? m.f64.promote(v) : m.f32.demote(v);
    }
    // saturating, NaN → 0
    const sfx = f32 ? 'f32' : 'f64';
    if (to.bits === 64) return to.signed ? m.i64.trunc_s_sat[sfx](v) : m.i64.trunc_u_sat[sfx](v);
    const x = to.signed ? m.i32.trunc_s_sat[sfx](v) : m.i32.trunc_u_sat[sfx](v);
    if (to.bits === 32) return x;
    // clamp to the narrow range
    const tmp = this.tmp(this.b.i32);
    const get = () => m.local.get(tmp, this.b.i32);
    const max = to.signed ? 2 ** (to.bits - 1) - 1 : 2 ** to.bits - 1;
    if (!to.signed) {
      return m.block(null, [m.local.set(tmp, x), m.select(m.i32.gt_u(get(), m.i32.const(max)), m.i32.const(max), get())], this.b.i32);
    }
    const min = -(2 ** (to.bits - 1));
    return m.block(null, [
      m.local.set(tmp, x),
      m.select(m.i32.gt_s(get(), m.i32.const(max)), m.i32.const(max), m.select(m.i32.lt_s(get(), m.i32.const(min)), m.i32.const(min), get())),
    ], this.b.i32);
  }

  // ---------------------------------------------------------------- libc.math
  private math(fn: MathFn, argExprs: Expr[], rt: ScalarType): X {
    const { m, b, g } = this;
    const raw = argExprs.map((a) => ({ v: this.scalar(a), t: asScalar(a.type, 'math arg') }));
    // The precision: the result's for value functions, the argument's for predicates.
    const ft: IRFloat = rt.k === 'float' ? rt : raw[0]?.t.k === 'float' ? raw[0].t : F64;
    const f32 = ft.bits === 32;
    const F = f32 ? m.f32 : m.f64;
    const wt = f32 ? b.f32 : b.f64;
    // arguments are evaluated once each, in order, into temps when used more than once
    const fl = (k: number) => {
      const a = raw[k] ?? internal(`${fn}: missing argument ${k}`);
      return this.convert(a.v, a.t, ft);
    };
    const result = (v: X, from: ScalarType) => this.convert(v, from, rt);
    const temps = (n: number): { pre: X[]; get: (k: number) => X } => {
      const idx = Array.from({ length: n }, () => this.tmp(wt));
      return { pre: idx.map((t, k) => m.local.set(t, fl(k))), get: (k) => m.local.get(idx[k]!, wt) };
    };
    const js = (name: string, n: number) => {
      const args = Array.from({ length: n }, (_, k) => (f32 ? m.f64.promote(fl(k)) : fl(k)));
      // exp is wasm code (libm.ts: glibc's algorithm and results), the others JS imports
      const r = name === 'exp' ? g.wasmExp(args[0]!, { tmp: (t) => this.tmp(t), label: this.label('exp') }) : m.call(g.mathImport(name), args, b.f64);
      return result(f32 ? m.f32.demote(r) : r, ft);
    };
    const inf = () => F.const(Infinity);
    switch (fn) {
      case 'sqrt':
        return result(F.sqrt(fl(0)), ft);
      case 'floor':
        return result(F.floor(fl(0)), ft);
      case 'ceil':
        return result(F.ceil(fl(0)), ft);
      case 'trunc':
        return result(F.trunc(fl(0)), ft);
      case 'rint':
      case 'nearbyint':
        return result(F.nearest(fl(0)), ft);
      case 'fabs':
        return result(F.abs(fl(0)), ft);
      case 'copysign':
        return result(F.copysign(fl(0), fl(1)), ft);
      case 'round': {
        // C round: half away from zero. x - trunc(x) is exact.
        const { pre, get } = temps(1);
        const t = this.tmp(wt);
        const tg = () => m.local.get(t, wt);
        return result(
          m.block(null, [
            ...pre,
            m.local.set(t, F.trunc(get(0))),
            m.select(F.ge(F.abs(F.sub(get(0), tg())), F.const(0.5)), F.add(tg(), F.copysign(F.const(1), get(0))), tg()),
          ], wt),
          ft,
        );
      }
      case 'fmin':
      case 'fmax': {
        // C: a NaN operand yields the other operand
        const { pre, get } = temps(2);
        const mm = fn === 'fmin' ? F.min(get(0), get(1)) : F.max(get(0), get(1));
        return result(
          m.block(null, [...pre, m.select(F.ne(get(0), get(0)), get(1), m.select(F.ne(get(1), get(1)), get(0), mm))], wt),
          ft,
        );
      }
      case 'fdim': {
        // x > y ? x - y : (x <= y ? +0 : NaN)
        const { pre, get } = temps(2);
        return result(
          m.block(null, [
            ...pre,
            m.select(F.gt(get(0), get(1)), F.sub(get(0), get(1)), m.select(F.le(get(0), get(1)), F.const(0), F.add(get(0), get(1)))),
          ], wt),
          ft,
        );
      }
      case 'fmod':
        return js('fmod', 2);
      case 'fma': {
        if (!f32) return js('fma', 3);
        const imp = g.mathImport('fmaf');
        return result(m.f32.demote(m.call(imp, [0, 1, 2].map((k) => m.f64.promote(fl(k))), b.f64)), ft);
      }
      case 'exp':
      case 'exp2':
      case 'expm1':
      case 'log':
      case 'log2':
      case 'log10':
      case 'log1p':
      case 'sin':
      case 'cos':
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
        return js(fn, 1);
      case 'atan2':
      case 'pow':
      case 'hypot':
      case 'remainder':
        return js(fn, 2);
      case 'ldexp': {
        const n = raw[1] ?? internal('ldexp: missing exponent');
        const e = n.t.k === 'int' ? (n.t.bits === 64 ? m.i32.wrap(n.v) : n.v) : this.convert(n.v, n.t, I32);
        const x = f32 ? m.f64.promote(fl(0)) : fl(0);
        const r = m.call(g.mathImport('ldexp'), [x, e], b.f64);
        return result(f32 ? m.f32.demote(r) : r, ft);
      }
      case 'isnan': {
        const { pre, get } = temps(1);
        return result(m.block(null, [...pre, F.ne(get(0), get(0))], b.i32), BOOL);
      }
      case 'isinf':
        return result(F.eq(F.abs(fl(0)), inf()), BOOL);
      case 'isfinite':
        return result(F.lt(F.abs(fl(0)), inf()), BOOL);
      case 'signbit': {
        const bits = f32 ? m.i32.reinterpret(fl(0)) : m.i64.reinterpret(fl(0));
        return result(f32 ? m.i32.lt_s(bits, m.i32.const(0)) : m.i64.lt_s(bits, m.i64.const(0n)), BOOL);
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
