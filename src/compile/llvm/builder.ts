// A small LLVM IR text builder in the style of llvmlite.ir: types, values, a
// Module with globals/declarations/functions, Blocks, and a Builder positioned
// at a block whose instruction methods check operand types when IR is built
// (a mistake throws here, not later in the LLVM parser). Emits LLVM 14 text
// with typed pointers. Pure: no LLVM needed to build or print a module.

// ---------------------------------------------------------------- types
export type Type = IntType | FloatType | VoidType | PointerType | ArrayType | VectorType | StructType | FunctionType | LabelType;

export class IntType {
  readonly kind = 'int';
  constructor(readonly bits: number) {}
  toString(): string {
    return `i${this.bits}`;
  }
}
export class FloatType {
  readonly kind = 'float';
  constructor(readonly bits: 32 | 64) {}
  toString(): string {
    return this.bits === 32 ? 'float' : 'double';
  }
}
export class VoidType {
  readonly kind = 'void';
  toString(): string {
    return 'void';
  }
}
export class LabelType {
  readonly kind = 'label';
  toString(): string {
    return 'label';
  }
}
// Composite types are immutable: their text is computed once (types are printed and
// compared by text for every operand of every instruction).
export class PointerType {
  readonly kind = 'ptr';
  private text: string | undefined;
  constructor(readonly pointee: Type) {}
  toString(): string {
    return (this.text ??= `${this.pointee}*`);
  }
}
export class ArrayType {
  readonly kind = 'array';
  private text: string | undefined;
  constructor(readonly elem: Type, readonly count: number) {}
  toString(): string {
    return (this.text ??= `[${this.count} x ${this.elem}]`);
  }
}
export class VectorType {
  readonly kind = 'vector';
  private text: string | undefined;
  constructor(readonly elem: IntType | FloatType, readonly count: number) {}
  toString(): string {
    return (this.text ??= `<${this.count} x ${this.elem}>`);
  }
}
export class StructType {
  readonly kind = 'struct';
  private text: string | undefined;
  constructor(readonly elems: Type[]) {}
  toString(): string {
    return (this.text ??= `{ ${this.elems.join(', ')} }`);
  }
}
export class FunctionType {
  readonly kind = 'fn';
  private text: string | undefined;
  constructor(readonly ret: Type, readonly params: Type[], readonly varargs = false) {}
  toString(): string {
    if (this.text === undefined) {
      const ps = this.params.map(String);
      if (this.varargs) ps.push('...');
      this.text = `${this.ret} (${ps.join(', ')})`;
    }
    return this.text;
  }
}

export const i1 = new IntType(1);
export const i8 = new IntType(8);
export const i16 = new IntType(16);
export const i32 = new IntType(32);
export const i64 = new IntType(64);
export const f32 = new FloatType(32);
export const f64 = new FloatType(64);
export const voidT = new VoidType();
export const labelT = new LabelType();
export const ptr = (t: Type): PointerType => new PointerType(t);
export const intT = (bits: number): IntType => new IntType(bits);
export const fnT = (ret: Type, params: Type[], varargs = false): FunctionType => new FunctionType(ret, params, varargs);

export const typeEq = (a: Type, b: Type): boolean => a === b || String(a) === String(b);

// ---------------------------------------------------------------- values
/** A typed operand: `type` and its textual reference (`%x`, `@g`, `42`, `null`, a constant expression). */
export class Value {
  constructor(readonly type: Type, readonly ref: string) {}
  toString(): string {
    return `${this.type} ${this.ref}`;
  }
}

function fail(msg: string): never {
  throw new Error(`llvm builder: ${msg}`);
}

/** Double bits as LLVM's hex float literal (exact for both float and double). */
function hexDouble(v: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return '0x' + dv.getBigUint64(0).toString(16).toUpperCase().padStart(16, '0');
}

export const Const = {
  int(t: IntType, v: number | bigint | boolean): Value {
    if (typeof v === 'boolean') v = v ? 1n : 0n;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) fail(`integer constant ${v} is not integral`);
      v = BigInt(v);
    }
    if (t.bits === 1) return new Value(t, BigInt.asUintN(1, v) ? 'true' : 'false');
    return new Value(t, BigInt.asIntN(t.bits, v).toString());
  },
  float(t: FloatType, v: number): Value {
    return new Value(t, hexDouble(t.bits === 32 ? Math.fround(v) : v));
  },
  null(t: PointerType): Value {
    return new Value(t, 'null');
  },
  undef(t: Type): Value {
    return new Value(t, 'undef');
  },
  zero(t: Type): Value {
    if (t instanceof IntType) return Const.int(t, 0);
    if (t instanceof FloatType) return Const.float(t, 0);
    if (t instanceof PointerType) return Const.null(t);
    return new Value(t, 'zeroinitializer');
  },
  /** A constant `getelementptr` expression (e.g. into a global). */
  gep(p: Value, idx: Value[], inbounds = true): Value {
    const rt = gepResultType(p, idx);
    return new Value(rt, `getelementptr ${inbounds ? 'inbounds ' : ''}(${(p.type as PointerType).pointee}, ${[p, ...idx].join(', ')})`);
  },
  bitcast(v: Value, t: Type): Value {
    return new Value(t, `bitcast (${v} to ${t})`);
  },
};

const IDENT = /^[-a-zA-Z$._][-a-zA-Z$._0-9]*$/;
/** `@name` / `%name`, quoted when the name is not a bare LLVM identifier. */
export function sigil(s: '@' | '%', name: string): string {
  if (IDENT.test(name)) return s + name;
  const esc = Array.from(new TextEncoder().encode(name), (c) =>
    c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c ? '\\' + c.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(c),
  ).join('');
  return `${s}"${esc}"`;
}

function gepResultType(p: Value, idx: Value[]): PointerType {
  if (!(p.type instanceof PointerType)) fail(`gep on non-pointer ${p.type}`);
  if (idx.length === 0) fail('gep without indices');
  let t: Type = p.type.pointee;
  for (const [k, ix] of idx.entries()) {
    if (!(ix.type instanceof IntType)) fail(`gep index of type ${ix.type}`);
    if (k === 0) continue;
    if (t instanceof ArrayType) t = t.elem;
    else if (t instanceof StructType) {
      if (!typeEq(ix.type, i32) || !/^\d+$/.test(ix.ref)) fail('struct gep index must be an i32 constant');
      const f = t.elems[Number(ix.ref)];
      if (!f) fail(`struct gep index ${ix.ref} out of range`);
      t = f;
    } else fail(`gep into non-aggregate ${t}`);
  }
  return ptr(t);
}

// ---------------------------------------------------------------- module
export type Linkage = '' | 'internal' | 'private' | 'external' | 'appending';

export class GlobalVariable extends Value {
  constructor(
    readonly name: string,
    readonly valueType: Type,
    readonly init: Value | null,
    readonly opts: { linkage?: Linkage; align?: number; constant?: boolean; section?: string },
  ) {
    super(ptr(valueType), sigil('@', name));
  }
  render(): string {
    const { linkage = '', align, constant, section } = this.opts;
    const init = this.init ? ` ${this.init.ref}` : '';
    return `${this.ref} = ${linkage ? linkage + ' ' : this.init ? '' : 'external '}${constant ? 'constant' : 'global'} ${this.valueType}${init}${section ? `, section "${section}"` : ''}${align ? `, align ${align}` : ''}`;
  }
}

export class Block {
  readonly lines: (string | Phi)[] = [];
  terminated = false;
  constructor(readonly fn: Func, readonly name: string) {}
  get label(): Value {
    return new Value(labelT, sigil('%', this.name));
  }
}

export class Phi extends Value {
  readonly incoming: [Value, Block][] = [];
  addIncoming(v: Value, b: Block): this {
    if (!typeEq(v.type, this.type)) fail(`phi incoming ${v.type} for ${this.type}`);
    this.incoming.push([v, b]);
    return this;
  }
  render(): string {
    if (this.incoming.length === 0) fail(`phi ${this.ref} without incoming values`);
    return `${this.ref} = phi ${this.type} ${this.incoming.map(([v, b]) => `[ ${v.ref}, ${b.label.ref} ]`).join(', ')}`;
  }
}

/** A local name that needs no rewriting: starts with a letter or `_`, then [A-Za-z0-9_.]. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

export class Func extends Value {
  readonly params: Value[];
  readonly blocks: Block[] = [];
  private readonly names = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly fnType: FunctionType,
    readonly opts: { linkage?: Linkage; attrs?: string[]; paramAttrs?: string[][]; paramNames?: string[] } = {},
  ) {
    super(ptr(fnType), sigil('@', name));
    this.params = fnType.params.map((t, k) => new Value(t, sigil('%', this.uniq(opts.paramNames?.[k] ?? `a${k}`))));
  }
  /** A fresh local name from a hint (locals and blocks share one namespace). */
  uniq(hint: string): string {
    let base = hint;
    if (!PLAIN_NAME.test(base)) {
      base = hint.replace(/[^A-Za-z0-9_.]/g, '_') || 't';
      if (/^[0-9]/.test(base)) base = 'v' + base;
    }
    const n = this.names.get(base);
    if (n === undefined) {
      this.names.set(base, 0);
      return base;
    }
    for (let k = n + 1; ; k++) {
      const cand = `${base}.${k}`;
      if (!this.names.has(cand)) {
        this.names.set(base, k);
        this.names.set(cand, 0);
        return cand;
      }
    }
  }
  appendBlock(name = 'bb'): Block {
    const b = new Block(this, this.uniq(name));
    this.blocks.push(b);
    return b;
  }
  get isDeclaration(): boolean {
    return this.blocks.length === 0;
  }
  render(): string {
    const { linkage = '', attrs = [], paramAttrs = [] } = this.opts;
    const ps = this.fnType.params.map((t, k) => {
      const pa = paramAttrs[k]?.length ? ' ' + paramAttrs[k]!.join(' ') : '';
      return this.isDeclaration ? `${t}${pa}` : `${t}${pa} ${this.params[k]!.ref}`;
    });
    if (this.fnType.varargs) ps.push('...');
    const head = `${this.fnType.ret} ${this.ref}(${ps.join(', ')})${attrs.length ? ' ' + attrs.join(' ') : ''}`;
    if (this.isDeclaration) return `declare ${head}`;
    const body = this.blocks.map((b) => {
      if (!b.terminated) fail(`block ${b.name} of ${this.name} has no terminator`);
      return `${b.name}:\n${b.lines.map((l) => '  ' + (typeof l === 'string' ? l : l.render())).join('\n')}`;
    });
    return `define ${linkage ? linkage + ' ' : ''}${head} {\n${body.join('\n')}\n}`;
  }
}

export class Module {
  readonly globals: GlobalVariable[] = [];
  readonly functions: Func[] = [];
  private readonly byName = new Map<string, GlobalVariable | Func>();
  triple: string | null = null;
  dataLayout: string | null = null;
  /** Numbered metadata nodes, `!0 = ...`, in order. */
  private readonly metadata: string[] = [];
  constructor(readonly name: string) {}

  /**
   * A fresh loop identity for a loop's back edge (`br ..., !llvm.loop !N`), carrying the
   * given loop properties, e.g. `"llvm.loop.unroll.runtime.disable"`. Each loop needs its
   * own distinct node: LLVM identifies loops by it.
   */
  loopId(properties: string[]): string {
    const props = properties.map((p) => {
      const n = `!${this.metadata.length}`;
      this.metadata.push(`${n} = !{!"${p}"}`);
      return n;
    });
    const id = `!${this.metadata.length}`;
    this.metadata.push(`${id} = distinct !{${[id, ...props].join(', ')}}`);
    return id;
  }

  private claim<T extends GlobalVariable | Func>(v: T): T {
    const name = v instanceof Func ? v.name : (v as GlobalVariable).name;
    if (this.byName.has(name)) fail(`duplicate global name ${name}`);
    this.byName.set(name, v);
    return v;
  }
  addGlobal(name: string, t: Type, init: Value | null, opts: GlobalVariable['opts'] = {}): GlobalVariable {
    if (init && !typeEq(init.type, t)) fail(`global ${name}: initializer ${init.type} for ${t}`);
    const g = this.claim(new GlobalVariable(name, t, init, opts));
    this.globals.push(g);
    return g;
  }
  addFunction(name: string, t: FunctionType, opts: Func['opts'] = {}): Func {
    const f = this.claim(new Func(name, t, opts));
    this.functions.push(f);
    return f;
  }
  /** Declares an external function once; later calls with the same name return it (types must agree). */
  declare(name: string, t: FunctionType, attrs: string[] = [], paramAttrs: string[][] = []): Func {
    const old = this.byName.get(name);
    if (old) {
      if (!(old instanceof Func) || !typeEq(old.fnType, t)) fail(`conflicting declaration of ${name}`);
      return old;
    }
    return this.addFunction(name, t, { attrs, paramAttrs });
  }
  getFunction(name: string): Func | undefined {
    const f = this.byName.get(name);
    return f instanceof Func ? f : undefined;
  }
  toString(): string {
    const out = [`; ModuleID = '${this.name.replace(/[^\x20-\x7e]|'/g, '_')}'`, `source_filename = "${this.name.replace(/[^\x20-\x7e]|"|\\/g, '_')}"`];
    if (this.dataLayout) out.push(`target datalayout = "${this.dataLayout}"`);
    if (this.triple) out.push(`target triple = "${this.triple}"`);
    out.push('');
    for (const g of this.globals) out.push(g.render());
    if (this.globals.length) out.push('');
    const defs = this.functions.filter((f) => !f.isDeclaration);
    const decls = this.functions.filter((f) => f.isDeclaration);
    for (const f of defs) out.push(f.render(), '');
    for (const f of decls) out.push(f.render());
    if (this.metadata.length) out.push('', ...this.metadata);
    return out.join('\n') + '\n';
  }
}

// ---------------------------------------------------------------- builder
export type ICmpPred = 'eq' | 'ne' | 'slt' | 'sle' | 'sgt' | 'sge' | 'ult' | 'ule' | 'ugt' | 'uge';
export type FCmpPred = 'false' | 'oeq' | 'ogt' | 'oge' | 'olt' | 'ole' | 'one' | 'ord' | 'ueq' | 'ugt' | 'uge' | 'ult' | 'ule' | 'une' | 'uno' | 'true';
/** Fast-math flags text ('' for none, 'fast', 'nnan ninf', ...). */
export type FMFlags = string;

const isInt = (v: Value): v is Value & { type: IntType } => v.type instanceof IntType;
const isFloat = (v: Value): v is Value & { type: FloatType } => v.type instanceof FloatType;
const isPtr = (v: Value): v is Value & { type: PointerType } => v.type instanceof PointerType;

export class Builder {
  private cur: Block | null = null;
  constructor(block?: Block) {
    if (block) this.positionAtEnd(block);
  }
  positionAtEnd(b: Block): this {
    this.cur = b;
    return this;
  }
  get block(): Block {
    return this.cur ?? fail('builder is not positioned');
  }
  get fn(): Func {
    return this.block.fn;
  }
  /** True when the current block already ends with a terminator. */
  get terminated(): boolean {
    return this.block.terminated;
  }
  appendBlock(name?: string): Block {
    return this.fn.appendBlock(name);
  }

  private emit(line: string | Phi): void {
    const b = this.block;
    if (b.terminated) fail(`instruction after terminator in block ${b.name}: ${line}`);
    b.lines.push(line);
  }
  private def(t: Type, text: string, name = 't'): Value {
    const v = new Value(t, sigil('%', this.fn.uniq(name)));
    this.emit(`${v.ref} = ${text}`);
    return v;
  }
  private term(text: string): void {
    this.emit(text);
    this.block.terminated = true;
  }

  // --- integer arithmetic (wrapping; operands of one int type)
  private ibin(op: string, a: Value, b: Value, name?: string): Value {
    if (!isInt(a) || !typeEq(a.type, b.type)) fail(`${op}: operands ${a.type}, ${b.type}`);
    return this.def(a.type, `${op} ${a}, ${b.ref}`, name);
  }
  add = (a: Value, b: Value, name?: string) => this.ibin('add', a, b, name);
  sub = (a: Value, b: Value, name?: string) => this.ibin('sub', a, b, name);
  mul = (a: Value, b: Value, name?: string) => this.ibin('mul', a, b, name);
  sdiv = (a: Value, b: Value, name?: string) => this.ibin('sdiv', a, b, name);
  udiv = (a: Value, b: Value, name?: string) => this.ibin('udiv', a, b, name);
  srem = (a: Value, b: Value, name?: string) => this.ibin('srem', a, b, name);
  urem = (a: Value, b: Value, name?: string) => this.ibin('urem', a, b, name);
  and = (a: Value, b: Value, name?: string) => this.ibin('and', a, b, name);
  or = (a: Value, b: Value, name?: string) => this.ibin('or', a, b, name);
  xor = (a: Value, b: Value, name?: string) => this.ibin('xor', a, b, name);
  shl = (a: Value, b: Value, name?: string) => this.ibin('shl', a, b, name);
  lshr = (a: Value, b: Value, name?: string) => this.ibin('lshr', a, b, name);
  ashr = (a: Value, b: Value, name?: string) => this.ibin('ashr', a, b, name);

  // --- float arithmetic
  private fbin(op: string, a: Value, b: Value, flags: FMFlags = '', name?: string): Value {
    if (!isFloat(a) || !typeEq(a.type, b.type)) fail(`${op}: operands ${a.type}, ${b.type}`);
    return this.def(a.type, `${op} ${flags ? flags + ' ' : ''}${a}, ${b.ref}`, name);
  }
  fadd = (a: Value, b: Value, flags?: FMFlags, name?: string) => this.fbin('fadd', a, b, flags, name);
  fsub = (a: Value, b: Value, flags?: FMFlags, name?: string) => this.fbin('fsub', a, b, flags, name);
  fmul = (a: Value, b: Value, flags?: FMFlags, name?: string) => this.fbin('fmul', a, b, flags, name);
  fdiv = (a: Value, b: Value, flags?: FMFlags, name?: string) => this.fbin('fdiv', a, b, flags, name);
  frem = (a: Value, b: Value, flags?: FMFlags, name?: string) => this.fbin('frem', a, b, flags, name);
  fneg(a: Value, flags: FMFlags = '', name?: string): Value {
    if (!isFloat(a)) fail(`fneg: operand ${a.type}`);
    return this.def(a.type, `fneg ${flags ? flags + ' ' : ''}${a}`, name);
  }

  // --- comparisons and select
  icmp(pred: ICmpPred, a: Value, b: Value, name = 'c'): Value {
    if (!(isInt(a) || isPtr(a)) || !typeEq(a.type, b.type)) fail(`icmp: operands ${a.type}, ${b.type}`);
    return this.def(i1, `icmp ${pred} ${a}, ${b.ref}`, name);
  }
  fcmp(pred: FCmpPred, a: Value, b: Value, flags: FMFlags = '', name = 'c'): Value {
    if (!isFloat(a) || !typeEq(a.type, b.type)) fail(`fcmp: operands ${a.type}, ${b.type}`);
    return this.def(i1, `fcmp ${flags ? flags + ' ' : ''}${pred} ${a}, ${b.ref}`, name);
  }
  select(c: Value, a: Value, b: Value, name = 'sel'): Value {
    if (!typeEq(c.type, i1) || !typeEq(a.type, b.type)) fail(`select: ${c.type} ? ${a.type} : ${b.type}`);
    return this.def(a.type, `select ${c}, ${a}, ${b}`, name);
  }
  phi(t: Type, name = 'phi'): Phi {
    const p = new Phi(t, sigil('%', this.fn.uniq(name)));
    this.emit(p);
    return p;
  }

  // --- casts
  private cast(op: string, v: Value, t: Type, ok: boolean, name?: string): Value {
    if (!ok) fail(`${op} from ${v.type} to ${t}`);
    return this.def(t, `${op} ${v} to ${t}`, name);
  }
  trunc = (v: Value, t: IntType, name?: string) => this.cast('trunc', v, t, isInt(v) && v.type.bits > t.bits, name);
  zext = (v: Value, t: IntType, name?: string) => this.cast('zext', v, t, isInt(v) && v.type.bits < t.bits, name);
  sext = (v: Value, t: IntType, name?: string) => this.cast('sext', v, t, isInt(v) && v.type.bits < t.bits, name);
  fptrunc = (v: Value, t: FloatType, name?: string) => this.cast('fptrunc', v, t, isFloat(v) && v.type.bits > t.bits, name);
  fpext = (v: Value, t: FloatType, name?: string) => this.cast('fpext', v, t, isFloat(v) && v.type.bits < t.bits, name);
  fptosi = (v: Value, t: IntType, name?: string) => this.cast('fptosi', v, t, isFloat(v), name);
  fptoui = (v: Value, t: IntType, name?: string) => this.cast('fptoui', v, t, isFloat(v), name);
  sitofp = (v: Value, t: FloatType, name?: string) => this.cast('sitofp', v, t, isInt(v), name);
  uitofp = (v: Value, t: FloatType, name?: string) => this.cast('uitofp', v, t, isInt(v), name);
  ptrtoint = (v: Value, t: IntType, name?: string) => this.cast('ptrtoint', v, t, isPtr(v), name);
  inttoptr = (v: Value, t: PointerType, name?: string) => this.cast('inttoptr', v, t, isInt(v), name);
  bitcast(v: Value, t: Type, name?: string): Value {
    const sized = (x: Type) => (x instanceof IntType ? x.bits : x instanceof FloatType ? x.bits : -1);
    const ok = (isPtr(v) && t instanceof PointerType) || (sized(v.type) > 0 && sized(v.type) === sized(t));
    return this.cast('bitcast', v, t, ok, name);
  }
  /** Integer resize by signedness (no-op when widths agree). */
  intResize(v: Value, t: IntType, signed: boolean, name?: string): Value {
    if (!isInt(v)) fail(`intResize of ${v.type}`);
    if (v.type.bits === t.bits) return v;
    if (v.type.bits > t.bits) return this.trunc(v, t, name);
    return signed ? this.sext(v, t, name) : this.zext(v, t, name);
  }

  // --- memory
  alloca(t: Type, name = 'slot', align?: number): Value {
    return this.def(ptr(t), `alloca ${t}${align ? `, align ${align}` : ''}`, name);
  }
  load(p: Value, name = 'ld', align?: number): Value {
    if (!isPtr(p)) fail(`load from ${p.type}`);
    return this.def(p.type.pointee, `load ${p.type.pointee}, ${p}${align ? `, align ${align}` : ''}`, name);
  }
  store(v: Value, p: Value, align?: number): void {
    if (!isPtr(p) || !typeEq(p.type.pointee, v.type)) fail(`store ${v.type} to ${p.type}`);
    this.emit(`store ${v}, ${p}${align ? `, align ${align}` : ''}`);
  }
  gep(p: Value, idx: Value[], opts: { inbounds?: boolean; name?: string } = {}): Value {
    const t = gepResultType(p, idx);
    const pt = (p.type as PointerType).pointee;
    return this.def(t, `getelementptr ${opts.inbounds ? 'inbounds ' : ''}${pt}, ${[p, ...idx].join(', ')}`, opts.name ?? 'p');
  }

  // --- calls
  /** Calls `f`; returns the result, or null for a void function. */
  /** `fnAttrs`: call-site function attributes, e.g. `"vector-function-abi-variant"="..."`. */
  call(f: Func | Value, args: Value[], opts: { name?: string; flags?: FMFlags; tail?: boolean; fnAttrs?: string } = {}): Value | null {
    const ft = f instanceof Func ? f.fnType : f.type instanceof PointerType && f.type.pointee instanceof FunctionType ? f.type.pointee : null;
    if (!ft) fail(`call of non-function ${f.type}`);
    const fname = f instanceof Func ? f.name : f.ref;
    if (ft.varargs ? args.length < ft.params.length : args.length !== ft.params.length) fail(`call ${fname}: ${args.length} args for ${ft}`);
    ft.params.forEach((t, k) => {
      if (!typeEq(t, args[k]!.type)) fail(`call ${fname}: arg ${k} is ${args[k]!.type}, expected ${t}`);
    });
    const callee = ft.varargs ? `${ft} ${f.ref}` : `${ft.ret} ${f.ref}`;
    const text = `${opts.tail ? 'tail ' : ''}call ${opts.flags ? opts.flags + ' ' : ''}${callee}(${args.join(', ')})${opts.fnAttrs ? ' ' + opts.fnAttrs : ''}`;
    if (ft.ret instanceof VoidType) {
      this.emit(text);
      return null;
    }
    return this.def(ft.ret, text, opts.name ?? 'r');
  }

  // --- terminators
  /** Unconditional branch; `loopId` (from Module.loopId) marks it as a loop's back edge. */
  br(b: Block, loopId?: string): void {
    this.term(`br ${b.label}${loopId ? `, !llvm.loop ${loopId}` : ''}`);
  }
  cbr(c: Value, t: Block, f: Block): void {
    if (!typeEq(c.type, i1)) fail(`br condition of type ${c.type}`);
    this.term(`br ${c}, ${t.label}, ${f.label}`);
  }
  ret(v: Value | null): void {
    const rt = this.fn.fnType.ret;
    if (v === null) {
      if (!(rt instanceof VoidType)) fail(`ret void in function returning ${rt}`);
      this.term('ret void');
    } else {
      if (!typeEq(v.type, rt)) fail(`ret ${v.type} in function returning ${rt}`);
      this.term(`ret ${v}`);
    }
  }
  unreachable(): void {
    this.term('unreachable');
  }

  // --- structured helpers
  /** if (cond) { then() } — continues after the if. */
  ifThen(cond: Value, then: () => void, name = 'if'): void {
    const tb = this.appendBlock(`${name}.then`);
    const end = this.appendBlock(`${name}.end`);
    this.cbr(cond, tb, end);
    this.positionAtEnd(tb);
    then();
    if (!this.terminated) this.br(end);
    this.positionAtEnd(end);
  }
  /** if (cond) { then() } else { otherwise() } — continues after the if. */
  ifElse(cond: Value, then: () => void, otherwise: () => void, name = 'if'): void {
    const tb = this.appendBlock(`${name}.then`);
    const eb = this.appendBlock(`${name}.else`);
    const end = this.appendBlock(`${name}.end`);
    this.cbr(cond, tb, eb);
    this.positionAtEnd(tb);
    then();
    if (!this.terminated) this.br(end);
    this.positionAtEnd(eb);
    otherwise();
    if (!this.terminated) this.br(end);
    // When both arms terminated, `end` has no predecessors: code emitted there is dead
    // but valid; the caller terminates it.
    this.positionAtEnd(end);
  }
}
