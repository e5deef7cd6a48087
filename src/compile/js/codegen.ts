// IR function → JavaScript function text (the JS back end's code generator).
//
// Values (docs/value-model.md):
//   ints ≤ 32 bits  JS numbers, wrapped explicitly after every op (|0, >>>0, <<24>>24, &0xff …)
//   64-bit ints     number when safe (|v| ≤ 2^53−1), else bigint; small inline helpers of the
//                   glue take the number fast path and defer to $rt.i64 / $rt.u64 otherwise
//   float / double  numbers; float results go through Math.fround after every op
//   bint            JS booleans
//   memviews        view records { data, offset, shape, strides } or null (None)
//   objects         Python values of the runtime
//
// Module-wide questions (which JS function a `call` names, where a C global lives,
// Python globals, exception classes, hoisted constants, closures) are answered by a
// ModuleScope that glue.ts implements; this file only translates function bodies.
import type { ConstValue, Expr, Handler, IRFunction, Local, LocalId, MathFn, Message, ModuleIR, Stmt } from '../ir/ir.js';
import { functionNumber } from '../ir/ir.js';
import type { IntType, MemviewType, ScalarType, Type } from '../ir/types.js';
import { dtypeOf } from '../ir/types.js';
import { PY_KW_OPS } from '../ir/pyops.js';
import type { PtrType } from '../ir/types.js';
import { typeName } from '../ir/types.js';
import { cspecOf, isAggregate, layoutOf, sizeOf, strideOf } from '../ir/layout.js';

/** A comment line giving the .pyx line of the code that follows (0: none); see glue.ts lineTable. */
export function lineMark(line: number): string {
  return `/*@pyx:${line}*/`;
}

export class JsBackendError extends Error {
  override name = 'JsBackendError';
}

function fail(msg: string): never {
  throw new JsBackendError(`cypyx JS back end: ${msg}`);
}

const MAXS = 9007199254740991;

// ---------------------------------------------------------------- prelude helpers
// Small functions the generated code calls. The glue emits only the ones used (and their
// dependencies). `$rt`, `$py`, `$KW` are always defined by the glue before them.
const HELPER_TABLE = {
  // ---- 64-bit signed arithmetic: number fast paths, $rt.i64 for the rest
  i64add: `function $i64add(a, b) {
  if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r <= ${MAXS} && r >= -${MAXS}) return r; }
  return $rt.i64.add(a, b);
}`,
  i64sub: `function $i64sub(a, b) {
  if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r <= ${MAXS} && r >= -${MAXS}) return r; }
  return $rt.i64.sub(a, b);
}`,
  i64mul: `function $i64mul(a, b) {
  if (typeof a === 'number' && typeof b === 'number') { const r = a * b; if (r <= ${MAXS} && r >= -${MAXS}) return r + 0; }
  return $rt.i64.mul(a, b);
}`,
  i64div: `function $i64div(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
  return $rt.i64.div(a, b);
}`,
  i64rem: `function $i64rem(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return $rt.i64.rem(a, b);
}`,
  i64and: `function $i64and(a, b) {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a & b;
  return $rt.i64.and(a, b);
}`,
  i64or: `function $i64or(a, b) {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a | b;
  return $rt.i64.or(a, b);
}`,
  i64xor: `function $i64xor(a, b) {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a ^ b;
  return $rt.i64.xor(a, b);
}`,
  i64neg: `function $i64neg(a) {
  return typeof a === 'number' ? 0 - a : $rt.i64.neg(a);
}`,
  i64not: `function $i64not(a) {
  return typeof a === 'number' && a < ${MAXS} ? -a - 1 : $rt.i64.not(a);
}`,
  // ---- 64-bit unsigned
  u64add: `function $u64add(a, b) {
  if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r <= ${MAXS}) return r; }
  return $rt.u64.add(a, b);
}`,
  u64sub: `function $u64sub(a, b) {
  if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r >= 0) return r; }
  return $rt.u64.sub(a, b);
}`,
  u64mul: `function $u64mul(a, b) {
  if (typeof a === 'number' && typeof b === 'number') { const r = a * b; if (r <= ${MAXS}) return r; }
  return $rt.u64.mul(a, b);
}`,
  u64div: `function $u64div(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return Math.floor(a / b);
  return $rt.u64.div(a, b);
}`,
  u64rem: `function $u64rem(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a % b;
  return $rt.u64.rem(a, b);
}`,
  u64and: `function $u64and(a, b) {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a & b;
  return $rt.u64.and(a, b);
}`,
  u64or: `function $u64or(a, b) {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a | b;
  return $rt.u64.or(a, b);
}`,
  u64xor: `function $u64xor(a, b) {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) return a ^ b;
  return $rt.u64.xor(a, b);
}`,
  u64neg: `function $u64neg(a) {
  return a === 0 ? 0 : $rt.u64.neg(a);
}`,
  u64not: `function $u64not(a) {
  return $rt.u64.not(a);
}`,
  // ---- conversions
  lo32: `function $lo32(v) {
  return typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v));
}`,
  toi64: `function $toi64(v) {
  return typeof v === 'number' ? v : $rt.i64.wrap(v);
}`,
  tou64: `function $tou64(v) {
  return typeof v === 'number' && v >= 0 ? v : $rt.u64.wrap(v);
}`,
  f2i: `function $f2i(x, lo, hi) {
  return x !== x ? 0 : x <= lo ? lo : x >= hi ? hi : Math.trunc(x) + 0;
}`,
  f2i64: `function $f2i64(x) {
  return x !== x ? 0 : x < 9007199254740992 && x > -9007199254740992 ? Math.trunc(x) + 0 : $rt.i64.fromF64(x);
}`,
  f2u64: `function $f2u64(x) {
  return x !== x || x <= 0 ? 0 : x < 9007199254740992 ? Math.trunc(x) : $rt.u64.fromF64(x);
}`,
  i64f: `function $i64f(v) {
  return typeof v === 'number' ? v : Number(v);
}`,
  bigf32: `function $bigf32(v) {
  const neg = v < 0n, a = neg ? -v : v, n = a.toString(2).length;
  if (n <= 53) return Math.fround(Number(v));
  const sh = BigInt(n - 24), half = 1n << (sh - 1n);
  let m = a >> sh;
  const rest = a - (m << sh);
  if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  const r = Number(m) * 2 ** Number(sh);
  return neg ? -r : r;
}`,
  i64f32: `function $i64f32(v) {
  return typeof v === 'number' ? Math.fround(v) : $bigf32(v);
}`,
  nI64: `function $nI64(x) {
  return x >= -${MAXS}n && x <= ${MAXS}n ? Number(x) : x;
}`,
  nU64: `function $nU64(x) {
  return x <= ${MAXS}n ? Number(x) : x;
}`,
  // native ABI: 64-bit argument (number, or the signed 64-bit pattern as bigint)
  a64: `function $a64(v) {
  return typeof v === 'number' ? v : BigInt.asIntN(64, v);
}`,
  // native results normalized to the value model
  r64: `function $r64(r) {
  return typeof r === 'number' && r <= ${MAXS} && r >= -${MAXS} ? r : $rt.i64.wrap(r);
}`,
  ru64: `function $ru64(r) {
  return typeof r === 'number' && r <= ${MAXS} && r >= 0 ? r : $rt.u64.wrap(r);
}`,
  // JS boundary: 64-bit results
  j64: `function $j64(r) {
  return typeof r === 'number' ? r : $conv.i64ToJS(r);
}`,
  // ---- errors
  jsErr: `function $jsErr(e) {
  if (typeof $rt.fromJSError === 'function') return $rt.fromJSError(e);
  if (e instanceof RangeError && /call stack/i.test(String(e.message))) {
    try { $rt.raise('RecursionError', 'maximum recursion depth exceeded'); } catch (x) { return x; }
  }
  return e;
}`,
  pyRaise: `function $pyRaise(v, cause) {
  const e = typeof v === 'function' ? $py.exc_new(v, {}) : v;
  if (!(e instanceof Error)) $rt.raise('TypeError', 'exceptions must derive from BaseException');
  if (cause !== undefined) {
    e.__cause__ = typeof cause === 'function' ? $py.exc_new(cause, {}) : cause;
    e.__suppress_context__ = true;
  }
  throw e;
}`,
  nameErr: `function $nameErr(n) {
  return $rt.raise('NameError', "name '" + n + "' is not defined");
}`,
  isKw: `function $isKw(a) {
  return a !== null && typeof a === 'object' && a[$KW] === true;
}`,
  // ---- C math that differs from Math.*
  cpow: `function $cpow(x, y) {
  return x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y);
}`,
  round: `function $round(x) {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}`,
  rint: `function $rint(x) {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}`,
  signbit: `function $signbit(x) {
  return x < 0 || (x === 0 && 1 / x < 0);
}`,
  copysign: `function $copysign(x, y) {
  return $signbit(y) ? -Math.abs(x) : Math.abs(x);
}`,
  fmin: `function $fmin(x, y) {
  return x !== x ? y : y !== y ? x : Math.min(x, y);
}`,
  fmax: `function $fmax(x, y) {
  return x !== x ? y : y !== y ? x : Math.max(x, y);
}`,
  fdim: `function $fdim(x, y) {
  return x !== x || y !== y ? NaN : x > y ? x - y : 0;
}`,
  fma: `function $fma(a, b, c) {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0 || Math.abs(a) > 1e300 || Math.abs(b) > 1e300) return p + c;
  let t = 134217729 * a;
  const ah = t - (t - a), al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = p + c, z = s - p, f = (p - (s - z)) + (c - z);
  return s + (f + e);
}`,
  remainder: `function $remainder(x, y) {
  let r = x % y;
  if (r !== r || r === 0) return r;
  const ay = Math.abs(y), ar = Math.abs(r);
  if (ar > ay - ar || (ar === ay - ar && Math.abs(((x - r) / y) % 2) === 1)) r = r > 0 ? r - ay : r + ay;
  return r;
}`,
  ldexp: `function $ldexp(x, n) {
  if (n > 1023) {
    x *= 2 ** 1023; n -= 1023;
    if (n > 1023) { x *= 2 ** 1023; n -= 1023; if (n > 1023) n = 1023; }
  } else if (n < -1022) {
    x *= 2 ** -969; n += 969;
    if (n < -1022) { x *= 2 ** -969; n += 969; if (n < -1022) n = -1022; }
  }
  return x * 2 ** n;
}`,
} as const;

export type HelperName = keyof typeof HELPER_TABLE;

const HELPER_DEPS: Partial<Record<HelperName, HelperName[]>> = {
  i64f32: ['bigf32'],
  copysign: ['signbit'],
};

/** The text of the given helpers plus their dependencies, in a stable order. */
export function helperText(used: Iterable<HelperName>): string {
  const all = new Set<HelperName>();
  const add = (h: HelperName) => {
    if (all.has(h)) return;
    all.add(h);
    for (const d of HELPER_DEPS[h] ?? []) add(d);
  };
  for (const h of used) add(h);
  return (Object.keys(HELPER_TABLE) as HelperName[])
    .filter((h) => all.has(h))
    .map((h) => HELPER_TABLE[h])
    .join('\n');
}

// ---------------------------------------------------------------- module scope (glue)
export interface ModuleScope {
  readonly mod: ModuleIR;
  /** Records that the generated code uses a prelude helper; returns its JS name. */
  use(h: HelperName): string;
  /** A module-level constant (evaluated once at load, before any function runs); returns its name. */
  hoist(jsExpr: string): string;
  /** JS callee for a `call` of module function `fnName`. */
  callee(fnName: string): string;
  /** JS name of the factory that makes closure `fnName`'s Python callable from its default values. */
  closureFactory(fnName: string): string;
  /** Declarations of the closures whose parent is `fn` (emitted inside its JS function). */
  nested(fn: IRFunction, parent: FnGen, indent: string): string[];
  readGlobal(name: string): string;
  /** A JS statement (without `;`) storing `value` into C global `name`. */
  writeGlobal(name: string, value: string): string;
  readPyGlobal(name: string): string;
  writePyGlobal(name: string, value: string): string;
  /** First argument of `$rt.raise`: a string literal (builtin) or a module class. */
  excRaiseRef(name: string): string;
  /** An exception class object by name (for `except` clauses). */
  excClass(name: string): string;
  /** A hoisted `conv.toView`/`unboxView` spec object for a memoryview type. */
  viewSpec(t: MemviewType, notNone: boolean): string;
  /** A JS expression for the C address of byte 0 of the module's state block (C globals, `globalAddr`). */
  stateBase(): string;
}

// ---------------------------------------------------------------- type helpers
export function scalarKind(t: ScalarType): string {
  if (t.k === 'bool') return 'bool';
  if (t.k === 'float') return `f${t.bits}`;
  return `${t.signed ? 'i' : 'u'}${t.bits}`;
}

/** The TypedArray constructor name holding elements of `t`. */
export function typedArrayName(t: ScalarType): string {
  switch (dtypeOf(t)) {
    case 'float64': return 'Float64Array';
    case 'float32': return 'Float32Array';
    case 'int8': return 'Int8Array';
    case 'uint8': return 'Uint8Array';
    case 'int16': return 'Int16Array';
    case 'uint16': return 'Uint16Array';
    case 'int32': return 'Int32Array';
    case 'uint32': return 'Uint32Array';
    case 'int64': return 'BigInt64Array';
    case 'uint64': return 'BigUint64Array';
  }
  return fail(`no TypedArray for ${dtypeOf(t)}`);
}

const JS_RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN ' +
    'Infinity Object Array Math Number BigInt String Symbol Error RangeError TypeError Boolean Map Set JSON Reflect ' +
    'Proxy Promise Date RegExp globalThis process console ArrayBuffer SharedArrayBuffer DataView Int8Array Uint8Array ' +
    'Uint8ClampedArray Int16Array Uint16Array Int32Array Uint32Array Float32Array Float64Array BigInt64Array ' +
    'BigUint64Array Function isNaN isFinite parseInt parseFloat')
    .split(' '),
);

/** A JS identifier for a Python / IR name (never starts with `$`, never reserved). */
export function jsIdent(name: string): string {
  let s = name.replace(/^\$+/, '').replace(/[^\p{ID_Continue}$]/gu, '_');
  if (s === '' || !/^[\p{ID_Start}_]/u.test(s)) s = `_${s}`;
  if (JS_RESERVED.has(s)) s = `${s}$`;
  return s;
}

/** A JS label / identifier part derived from a name (may be used after a `$` prefix). */
export function identPart(name: string): string {
  return name.replace(/[^\p{ID_Continue}]/gu, '_');
}

function is64(t: Type): t is IntType {
  return t.k === 'int' && t.bits === 64;
}

/** A JS literal for a number (parenthesized when negative). */
function numLit(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  const s = String(v);
  return v < 0 ? `(${s})` : s;
}

function intLit(v: bigint, t: IntType): string {
  const w = t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v);
  if (w <= BigInt(MAXS) && w >= -BigInt(MAXS)) return numLit(Number(w));
  return w < 0n ? `(${w}n)` : `${w}n`;
}

/** Wraps a JS expression whose ToInt32 has the wanted low bits to the range of `t` (≤ 32 bits). */
function wrapInt(t: IntType, x: string): string {
  switch (t.bits) {
    case 32: return t.signed ? `(${x} | 0)` : `(${x} >>> 0)`;
    case 16: return t.signed ? `(${x} << 16 >> 16)` : `(${x} & 65535)`;
    case 8: return t.signed ? `(${x} << 24 >> 24)` : `(${x} & 255)`;
  }
  return fail(`wrapInt on ${t.bits} bits`);
}

function intRange(t: IntType): [number, number] {
  if (t.bits === 64) return fail('intRange on 64 bits');
  return t.signed ? [-(2 ** (t.bits - 1)), 2 ** (t.bits - 1) - 1] : [0, 2 ** t.bits - 1];
}

/** Every value of `a` is a value of `b` (both ≤ 32 bits) */
function intFits(a: IntType, b: IntType): boolean {
  if (a.signed === b.signed) return a.bits <= b.bits;
  return !a.signed && b.signed && a.bits < b.bits;
}

const CMP_JS = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

const MATH_DIRECT: Partial<Record<MathFn, string>> = {
  sqrt: 'Math.sqrt', exp: 'Math.exp', expm1: 'Math.expm1', log: 'Math.log', log2: 'Math.log2', log10: 'Math.log10',
  log1p: 'Math.log1p', sin: 'Math.sin', cos: 'Math.cos', tan: 'Math.tan', asin: 'Math.asin', acos: 'Math.acos',
  atan: 'Math.atan', atan2: 'Math.atan2', sinh: 'Math.sinh', cosh: 'Math.cosh', tanh: 'Math.tanh',
  asinh: 'Math.asinh', acosh: 'Math.acosh', atanh: 'Math.atanh', floor: 'Math.floor', ceil: 'Math.ceil',
  trunc: 'Math.trunc', fabs: 'Math.abs', cbrt: 'Math.cbrt', hypot: 'Math.hypot',
};
const MATH_HELPER: Partial<Record<MathFn, HelperName>> = {
  pow: 'cpow', round: 'round', rint: 'rint', nearbyint: 'rint', copysign: 'copysign', fmin: 'fmin', fmax: 'fmax',
  fdim: 'fdim', fma: 'fma', remainder: 'remainder', ldexp: 'ldexp',
};
/** Functions whose float32 result needs no extra rounding (exact on float32 inputs). */
const MATH_EXACT = new Set<MathFn>(['floor', 'ceil', 'trunc', 'fabs', 'round', 'rint', 'nearbyint', 'copysign', 'fmin', 'fmax', 'fmod']);
/** Provided by the runtime (`$rt.math`). */
const MATH_RUNTIME = new Set<MathFn>(['erf', 'erfc', 'tgamma', 'lgamma']);

// ---------------------------------------------------------------- function code generator
interface LabelInfo {
  ir: string;
  js: string;
  /** For loops with `continue` and an update: the label of the block around the body. */
  cont: string | null;
  loop: boolean;
}

/** Generates one IR function (or a standalone expression context) as JS. */
export class FnGen {
  private readonly names = new Map<LocalId, string>();
  private readonly localsById = new Map<LocalId, Local>();
  private readonly own = new Set<string>();
  private readonly decls: string[] = [];
  private readonly labels: LabelInfo[] = [];
  private readonly usedLabels = new Set<string>();
  private readonly excVars: string[] = [];
  private tempCount = 0;

  constructor(
    readonly scope: ModuleScope,
    readonly fn: IRFunction | null,
    readonly parent: FnGen | null = null,
  ) {
    if (!fn) return;
    const params = new Set(fn.params.map((p) => p.local));
    for (const l of fn.locals) {
      this.localsById.set(l.id, l);
      // A closure may list the enclosing function's captured locals among its own: share them.
      if (!params.has(l.id) && this.parent?.capturedMatch(l)) continue;
      const name = this.fresh(jsIdent(l.name.startsWith('$') ? `${l.name.slice(1)}$` : l.name));
      this.names.set(l.id, name);
      if (l.addressed) this.frameSlot(l);
      else if (!params.has(l.id)) this.decls.push(`${name} = ${this.initial(l.type)}`);
    }
    for (const p of fn.params) if (!this.names.has(p.local)) this.names.set(p.local, this.fresh(jsIdent(p.name)));
  }

  /** This function or an enclosing one has `l` (same id and name), captured. */
  capturedMatch(l: Local): boolean {
    for (let g: FnGen | null = this; g; g = g.parent) {
      const o = g.localsById.get(l.id);
      if (o) return o.name === l.name && (o.captured === true || l.captured === true);
    }
    return false;
  }

  /** Names visible in this function (own and enclosing), so that nested names never shadow them. */
  private taken(name: string): boolean {
    for (let g: FnGen | null = this; g; g = g.parent) if (g.own.has(name)) return true;
    return false;
  }

  private fresh(base: string): string {
    let name = base;
    for (let i = 2; this.taken(name); i++) name = `${base}$${i}`;
    this.own.add(name);
    return name;
  }

  /** A function-level temporary (declared with `let` at the top). */
  temp(prefix: string): string {
    const name = this.fresh(`$${prefix}${this.tempCount++}`);
    this.decls.push(name);
    return name;
  }

  private lookup(id: LocalId): string | undefined {
    for (let g: FnGen | null = this; g; g = g.parent) {
      const n = g.names.get(id);
      if (n !== undefined) return n;
    }
    return undefined;
  }

  /** The JS name of a local (own, else an enclosing function's; else declared here). */
  local(id: LocalId): string {
    return this.lookup(id) ?? this.declareOwn(id);
  }

  private declareOwn(id: LocalId): string {
    const name = this.fresh(`t$${id}`);
    this.names.set(id, name);
    this.decls.push(name);
    return name;
  }

  /** The params of the function, as JS names. */
  paramNames(): string[] {
    return (this.fn?.params ?? []).map((p) => this.local(p.local));
  }

  /** The whole function as a declaration. */
  emitFunction(jsName: string, indent = ''): string {
    const fn = this.fn ?? fail('emitFunction without a function');
    const params = this.paramNames();
    let body: string[] = [];
    if (fn.swallowErrors) {
      // Cython 0.29: the exception is reported as unraisable and the function returns zero
      const inner: string[] = [];
      this.stmts(fn.body, indent + '    ', inner);
      const modName = (this.scope as { mod?: { name: string } }).mod?.name ?? '';
      const qual = JSON.stringify(modName ? `${modName}.${fn.pyName}` : fn.pyName);
      const zero = fn.ret.k === 'void' ? '' : ` ${initialValue(fn.ret)}`;
      body = [`${indent}  try {`, ...inner, `${indent}  } catch ($e) {`, `${indent}    $rt.unraisable($e, ${qual});`, `${indent}    return${zero};`, `${indent}  }`];
    } else this.stmts(fn.body, indent + '  ', body);
    if (this.frameSize > 0) body = this.withFrame(fn, body, indent + '  ');
    const nested = this.scope.nested(fn, this, indent + '  ');
    const out = [`${indent}${lineMark(fn.loc.line)}`, `${indent}function ${jsName}(${params.join(', ')}) {`];
    out.push(...this.declLines(indent + '  '));
    out.push(...nested, ...body, `${indent}}`);
    return out.join('\n');
  }

  /** `let` lines for the locals and temporaries (call after generating the body). */
  declLines(indent: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.decls.length; i += 8) out.push(`${indent}let ${this.decls.slice(i, i + 8).join(', ')};`);
    return out;
  }

  // -------------------------------------------------------------- expressions
  expr(e: Expr): string {
    switch (e.kind) {
      case 'const':
        return this.constant(e.value, e.type);
      case 'local':
        if (this.frame.has(e.id)) return this.loadMem(e.type, this.frameAddr(e.id));
        return this.local(e.id);
      case 'global':
        return this.scope.readGlobal(e.name);
      case 'bin':
        return this.bin(e.op, e.type, e.a, e.b);
      case 'neg':
        return this.neg(e.type, this.expr(e.a));
      case 'bitnot':
        return this.bitnot(e.type, this.expr(e.a));
      case 'not':
        return `!${this.expr(e.a)}`;
      case 'cmp': {
        const t = e.a.type;
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        if (is64(t) && (e.op === 'eq' || e.op === 'ne')) return `(${a} ${e.op === 'eq' ? '==' : '!='} ${b})`;
        return `(${a} ${CMP_JS[e.op]} ${b})`;
      }
      case 'cast':
        return this.cast(e.a.type, e.type, this.expr(e.a));
      case 'and':
        return `(${this.expr(e.a)} && ${this.expr(e.b)})`;
      case 'or':
        return `(${this.expr(e.a)} || ${this.expr(e.b)})`;
      case 'cond':
        return `(${this.expr(e.cond)} ? ${this.expr(e.a)} : ${this.expr(e.b)})`;
      case 'letIn': {
        if (this.frame.has(e.id)) return `(${this.storeMem(e.value.type, this.frameAddr(e.id), this.expr(e.value))}, ${this.expr(e.body)})`;
        const name = this.names.get(e.id) ?? this.lookup(e.id) ?? this.declareOwn(e.id);
        return `(${name} = ${this.expr(e.value)}, ${this.expr(e.body)})`;
      }
      case 'check': {
        if (e.ok.kind === 'const' && e.ok.value === true) return this.expr(e.value);
        return `(${this.expr(e.ok)} ? ${this.expr(e.value)} : ${this.raiseCall(e.exc, e.msg)})`;
      }
      case 'call':
        return `${this.scope.callee(e.fn)}(${e.args.map((a) => this.expr(a)).join(', ')})`;
      case 'math':
        return this.math(e.fn, e.type, e.args);
      case 'mvShape': {
        // the None view has extent 0 (ir.ts); `?.` keeps the common case one load
        const v = this.expr(e.view);
        return `(${v}?.shape[${e.dim}] ?? 0)`;
      }
      case 'mvStride':
        return `${this.expr(e.view)}.strides[${e.dim}]`;
      case 'mvLoad': {
        const [pre, v] = this.once(e.view);
        const elem = (e.view.type as MemviewType).elem;
        // the offset's bounds check must run before `.data` is read: a None view raises IndexError (extent 0)
        const [opre, off] = this.onceIfChecked(e.offset);
        const load = this.loadElem(elem, `${v}.data[${v}.offset + ${off}]`);
        const pres = [pre, opre].filter((x) => x !== '');
        return pres.length ? `(${pres.join(', ')}, ${load})` : load;
      }
      case 'mvMake': {
        const [pre, b] = this.once(e.base);
        const rec =
          `{ data: ${b}.data, offset: ${b}.offset + ${this.expr(e.offset)}, ` +
          `shape: [${e.shape.map((x) => this.expr(x)).join(', ')}], strides: [${e.strides.map((x) => this.expr(x)).join(', ')}] }`;
        return pre ? `(${pre}, ${rec})` : `(${rec})`;
      }
      case 'mvIsNone':
        return `(${this.expr(e.view)} === null)`;
      case 'mvNone':
        return 'null';
      case 'py':
        return this.py(e.op, e.args);
      case 'box':
        return this.box(e.a.type, this.expr(e.a));
      case 'unbox':
        return this.unbox(e.type, this.expr(e.a));
      case 'pyGlobal':
        return this.scope.readPyGlobal(e.name);
      case 'closure': {
        const f = this.scope.mod.functions.find((g) => g.name === e.fn) ?? fail(`closure of unknown function ${e.fn}`);
        const defaults = f.params.map((p) => (p.default ? this.expr(p.default) : 'undefined'));
        return `${this.scope.closureFactory(e.fn)}([${defaults.join(', ')}])`;
      }
    }
    const c = this.cdata(e);
    if (c !== null) return c;
    return fail(`unknown expression kind ${(e as { kind: string }).kind}`);
  }

  /** Evaluates a view expression once: [prefix assignment or '', the JS name holding it]. */
  /** Like once(), for an expression that contains a check (bounds check): evaluated first into a temp. */
  private onceIfChecked(e: Expr): [string, string] {
    if (!containsCheck(e)) return ['', this.expr(e)];
    const t = this.temp('o');
    return [`${t} = ${this.expr(e)}`, t];
  }

  private once(e: Expr): [string, string] {
    if (e.kind === 'local') return ['', this.local(e.id)];
    const t = this.temp('v');
    return [`${t} = ${this.expr(e)}`, t];
  }

  constant(v: ConstValue, t: Type): string {
    switch (t.k) {
      case 'int': {
        if (typeof v === 'boolean') return v ? '1' : '0';
        if (typeof v === 'bigint') return intLit(v, t);
        if (typeof v === 'number') return Number.isInteger(v) ? intLit(BigInt(v), t) : fail(`int constant ${v}`);
        return fail(`int constant ${String(v)}`);
      }
      case 'float': {
        const x = typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : (v as number);
        if (typeof x !== 'number') return fail(`float constant ${String(v)}`);
        return numLit(t.bits === 32 ? Math.fround(x) : x);
      }
      case 'bool':
        return v ? 'true' : 'false';
      case 'object': {
        if (v === null) return 'null';
        if (typeof v === 'string' && t.py === 'bytes') return this.scope.hoist(`new Uint8Array(${JSON.stringify(Array.from(v, (ch) => ch.charCodeAt(0)))})`);
        if (typeof v === 'string') return JSON.stringify(v);
        if (typeof v === 'boolean') return v ? 'true' : 'false';
        if (typeof v === 'bigint') {
          if (v <= BigInt(MAXS) && v >= -BigInt(MAXS)) return numLit(Number(v));
          return v < 0n ? `(${v}n)` : `${v}n`;
        }
        if (typeof v === 'number') {
          const isFloat = t.py === 'float' || !Number.isInteger(v) || Object.is(v, -0);
          if (isFloat && Number.isFinite(v) && Number.isInteger(v)) return this.scope.hoist(`$conv.boxFloat(${numLit(v)})`);
          if (!isFloat && !Number.isSafeInteger(v)) return `${BigInt(v)}n`;
          return numLit(v);
        }
        return fail(`object constant ${String(v)}`);
      }
      case 'memview':
        if (v === null) return 'null';
        return fail('memview constant');
      case 'ptr':
      case 'funcptr':
        if (v === null || v === 0 || v === 0n) return '0';
        return typeof v === 'bigint' || typeof v === 'number' ? numLit(Number(v)) : fail(`pointer constant ${String(v)}`);
      case 'struct':
      case 'carray':
      case 'ctuple':
        if (v !== null) return fail(`aggregate constant ${String(v)}`);
        return this.scope.hoist(`$cm.zero(${sizeOf(t)})`);
      default:
        return fail(`constant of type ${t.k}`);
    }
  }

  private bin(op: string, t: Type, ea: Expr, eb: Expr): string {
    const a = this.expr(ea);
    const b = this.expr(eb);
    if (t.k === 'float') {
      let r: string;
      switch (op) {
        case 'add': r = `${a} + ${b}`; break;
        case 'sub': r = `${a} - ${b}`; break;
        case 'mul': r = `${a} * ${b}`; break;
        case 'div': r = `${a} / ${b}`; break;
        case 'rem': return `(${a} % ${b})`; // fmod is exact: no rounding needed
        default: return fail(`float op ${op}`);
      }
      return t.bits === 32 ? `Math.fround(${r})` : `(${r})`;
    }
    if (t.k === 'bool') {
      // Not produced by lowering; treat as ints 0/1 for and/or/xor.
      const ops: Record<string, string> = { and: '&&', or: '||', xor: '!==' };
      if (ops[op]) return `(${a} ${ops[op]} ${b})`;
      return fail(`bool op ${op}`);
    }
    if (t.k !== 'int') return fail(`bin on ${t.k}`);
    if (t.bits === 64) {
      if (op === 'shl' || op === 'shr') return `$rt.${t.signed ? 'i64' : 'u64'}.${op}(${a}, ${b})`;
      // x ± constant on a local (loop counters): inline number fast path, exact at the edges
      const helper = this.scope.use(`${t.signed ? 'i64' : 'u64'}${op}` as HelperName);
      if (op === 'add' || op === 'sub') {
        let x: Expr | null = null;
        let k: number | null = null;
        if (ea.kind === 'local' && smallConst(eb) !== null) [x, k] = [ea, smallConst(eb)];
        else if (op === 'add' && eb.kind === 'local' && smallConst(ea) !== null) [x, k] = [eb, smallConst(ea)];
        if (x && k !== null) {
          const v = this.expr(x);
          const d = op === 'add' ? k : -k; // v + d
          const guard = t.signed
            ? d >= 0 ? `${v} <= ${MAXS - d}` : `${v} >= ${-MAXS - d}`
            : d >= 0 ? `${v} <= ${MAXS - d}` : `${v} >= ${-d}`;
          const fast = d >= 0 ? `${v} + ${d}` : `${v} - ${-d}`;
          return `(typeof ${v} === 'number' && ${guard} ? ${fast} : ${helper}(${a}, ${b}))`;
        }
      }
      return `${helper}(${a}, ${b})`;
    }
    const u32 = t.bits === 32 && !t.signed;
    const mask = t.bits - 1;
    switch (op) {
      case 'add': return wrapInt(t, `(${a} + ${b})`);
      case 'sub': return wrapInt(t, `(${a} - ${b})`);
      case 'mul': return t.bits === 32 && t.signed ? `Math.imul(${a}, ${b})` : wrapInt(t, `Math.imul(${a}, ${b})`);
      case 'div': return t.signed || t.bits === 32 ? wrapInt(t, `(${a} / ${b})`) : `((${a} / ${b}) | 0)`;
      case 'rem': return t.signed ? `((${a} % ${b}) | 0)` : `(${a} % ${b})`;
      case 'and': return u32 ? `((${a} & ${b}) >>> 0)` : `(${a} & ${b})`;
      case 'or': return u32 ? `((${a} | ${b}) >>> 0)` : `(${a} | ${b})`;
      case 'xor': return u32 ? `((${a} ^ ${b}) >>> 0)` : `(${a} ^ ${b})`;
      case 'shl':
        if (t.bits === 32) return t.signed ? `(${a} << ${b})` : `((${a} << ${b}) >>> 0)`;
        return wrapInt(t, `(${a} << (${b} & ${mask}))`);
      case 'shr':
        if (t.bits === 32) return t.signed ? `(${a} >> ${b})` : `(${a} >>> ${b})`;
        return t.signed ? `(${a} >> (${b} & ${mask}))` : `(${a} >>> (${b} & ${mask}))`;
    }
    return fail(`int op ${op}`);
  }

  private neg(t: Type, a: string): string {
    if (t.k === 'float') return `(-${a})`;
    if (t.k !== 'int') return fail(`neg on ${t.k}`);
    if (t.bits === 64) return `${this.scope.use(t.signed ? 'i64neg' : 'u64neg')}(${a})`;
    return wrapInt(t, `(-${a})`);
  }

  private bitnot(t: Type, a: string): string {
    if (t.k !== 'int') return fail(`bitnot on ${t.k}`);
    if (t.bits === 64) return `${this.scope.use(t.signed ? 'i64not' : 'u64not')}(${a})`;
    if (t.signed) return `(~${a})`;
    return t.bits === 32 ? `(~${a} >>> 0)` : `(~${a} & ${t.bits === 16 ? 65535 : 255})`;
  }

  cast(from: Type, to: Type, a: string): string {
    // pointers are numbers; function numbers too (ir.ts, C data)
    const isPtr = (t: Type) => t.k === 'ptr' || t.k === 'funcptr';
    if (isPtr(from) && isPtr(to)) return a;
    if (isPtr(from)) return this.cast({ k: 'int', bits: 64, signed: false, c: 'size_t' }, to, a);
    if (isPtr(to)) return from.k === 'int' ? `$cm.toPtr(${a})` : fail(`cast from ${from.k} to a pointer`);
    if (from.k === 'bool') {
      if (to.k === 'bool') return a;
      if (to.k === 'int' || to.k === 'float') return `(${a} ? 1 : 0)`;
    }
    if (to.k === 'bool') {
      if (from.k === 'int') return from.bits === 64 ? `(${a} != 0)` : `(${a} !== 0)`;
      if (from.k === 'float') return `(${a} !== 0)`;
    }
    if (from.k === 'int' && to.k === 'int') {
      if (to.bits < 64) {
        if (from.bits === 64) {
          const lo = `${this.scope.use('lo32')}(${a})`;
          return to.bits === 32 && to.signed ? lo : wrapInt(to, lo);
        }
        return intFits(from, to) ? a : wrapInt(to, a);
      }
      if (to.signed) return from.bits === 64 && !from.signed ? `${this.scope.use('toi64')}(${a})` : a;
      if (!from.signed) return a;
      return `${this.scope.use('tou64')}(${a})`;
    }
    if (from.k === 'float' && to.k === 'int') {
      if (to.bits === 64) return `${this.scope.use(to.signed ? 'f2i64' : 'f2u64')}(${a})`;
      const [lo, hi] = intRange(to);
      return `${this.scope.use('f2i')}(${a}, ${numLit(lo)}, ${hi})`;
    }
    if (from.k === 'int' && to.k === 'float') {
      if (from.bits === 64) return `${this.scope.use(to.bits === 32 ? 'i64f32' : 'i64f')}(${a})`;
      return to.bits === 32 && from.bits === 32 ? `Math.fround(${a})` : a;
    }
    if (from.k === 'float' && to.k === 'float') {
      return from.bits === 64 && to.bits === 32 ? `Math.fround(${a})` : a;
    }
    if (from.k === to.k && (from.k === 'memview' || from.k === 'object')) return a;
    return fail(`cast from ${from.k} to ${to.k}`);
  }

  private math(fn: MathFn, t: Type, args: Expr[]): string {
    const xs = args.map((a) => this.expr(a));
    const f32 = t.k === 'float' && t.bits === 32;
    const asResult = (boolExpr: string) => (t.k === 'bool' ? boolExpr : `(${boolExpr} ? 1 : 0)`);
    let r: string;
    switch (fn) {
      case 'isnan': return asResult(`(${xs[0]} !== ${xs[0]})`);
      case 'isinf': {
        const [pre, x] = args[0]!.kind === 'local' ? ['', xs[0]!] : ((v) => [`${v} = ${xs[0]}, `, v])(this.temp('m'));
        return asResult(`(${pre}${x} === Infinity || ${x} === -Infinity)`);
      }
      case 'isfinite': return asResult(`Number.isFinite(${xs[0]})`);
      case 'signbit': return asResult(`${this.scope.use('signbit')}(${xs[0]})`);
      case 'fmod': return `(${xs[0]} % ${xs[1]})`;
      case 'exp2': r = `Math.pow(2, ${xs[0]})`; break;
      default: {
        const direct = MATH_DIRECT[fn];
        const helper = MATH_HELPER[fn];
        if (direct) r = `${direct}(${xs.join(', ')})`;
        else if (helper) r = `${this.scope.use(helper)}(${xs.join(', ')})`;
        else if (MATH_RUNTIME.has(fn)) r = `$rt.math.${fn}(${xs.join(', ')})`;
        else return fail(`math function ${fn}`);
      }
    }
    return f32 && !MATH_EXACT.has(fn) ? `Math.fround(${r})` : r;
  }

  private loadElem(elem: ScalarType, raw: string): string {
    if (elem.k === 'bool') return `(${raw} !== 0)`;
    if (elem.k === 'int' && elem.bits === 64) return `${this.scope.use(elem.signed ? 'nI64' : 'nU64')}(${raw})`;
    return raw;
  }

  private storeElem(elem: ScalarType, v: string): string {
    if (elem.k === 'bool') return `(${v} ? 1 : 0)`;
    if (elem.k === 'int' && elem.bits === 64) return `BigInt(${v})`;
    return v;
  }

  // -------------------------------------------------------------- C data (ir.ts, "C data"; runtime/cmem.ts)
  /** Memory locals (Local.addressed): byte offset of each in this call's frame on the C stack. */
  private readonly frame = new Map<LocalId, number>();
  private frameSize = 0;

  private frameSlot(l: Local): void {
    const size = sizeOf(l.type);
    const align = Math.min(16, isAggregate(l.type) ? 16 : size);
    this.frameSize = Math.ceil(this.frameSize / align) * align;
    this.frame.set(l.id, this.frameSize);
    this.frameSize += size;
  }

  private frameAddr(id: LocalId): string {
    const off = this.frame.get(id)!;
    return off === 0 ? '$fp' : `($fp + ${off})`;
  }

  /** Allocates the frame at entry (copying memory parameters into it) and frees it at exit. */
  private withFrame(fn: IRFunction, body: string[], ind: string): string[] {
    this.decls.push('$fp');
    const pro = [`${ind}$fp = $cm.enter(${this.frameSize});`];
    for (const p of fn.params) {
      if (this.frame.has(p.local)) pro.push(`${ind}${this.storeMem(p.type, this.frameAddr(p.local), this.local(p.local))};`);
    }
    return [...pro, `${ind}try {`, ...body.map((l) => `  ${l}`), `${ind}} finally {`, `${ind}  $cm.leave($fp);`, `${ind}}`];
  }

  /** The initial value of a JS local of type t. */
  private initial(t: Type): string {
    if (isAggregate(t)) return this.constant(null, t);
    return initialValue(t);
  }

  /** The hoisted runtime layout description of an aggregate type. */
  cspec(t: Type): string {
    return this.scope.hoist(`Object.freeze(${JSON.stringify(cspecOf(t, typeName))})`);
  }

  private static readonly LD: Record<string, string> = {
    i8: 'I8', u8: 'U8', i16: 'I16', u16: 'U16', i32: 'I32', u32: 'U32', i64: 'I64', u64: 'U64', f32: 'F32', f64: 'F64', bool: 'Bool',
  };

  private memKind(t: Type): string {
    if (t.k === 'int' || t.k === 'float' || t.k === 'bool') return FnGen.LD[scalarKind(t)]!;
    if (t.k === 'ptr' || t.k === 'funcptr') return 'Ptr';
    if (isAggregate(t)) return 'Agg';
    return fail(`a value of type ${t.k} in C memory`);
  }

  /** The value of type t at address p (a JS expression). */
  loadMem(t: Type, p: string): string {
    const k = this.memKind(t);
    // the runtime's functions as module constants: hot loops call them directly
    return k === 'Agg' ? `${this.scope.hoist('$cm.ldAgg')}(${p}, ${sizeOf(t)})` : `${this.scope.hoist(`$cm.ld${k}`)}(${p})`;
  }

  /** A JS expression storing value v (of type t) at address p. */
  storeMem(t: Type, p: string, v: string): string {
    const k = this.memKind(t);
    return k === 'Agg' ? `${this.scope.hoist('$cm.stAgg')}(${p}, ${v}, ${sizeOf(t)})` : `${this.scope.hoist(`$cm.st${k}`)}(${p}, ${stripParens(v)})`;
  }

  /** An i64 expression as a JS number (an index: a bigint becomes its nearest number). */
  private numberOf(e: Expr): string {
    if (e.kind === 'const' && (typeof e.value === 'bigint' || typeof e.value === 'number')) return numLit(Number(e.value));
    if (e.kind === 'cast' && (e.a.type.k === 'bool' || (e.a.type.k === 'int' && e.a.type.bits < 64))) return this.expr(e);
    if (e.kind === 'neg') return `(-${this.numberOf(e.a)})`;
    return `${this.scope.use('i64f')}(${this.expr(e)})`;
  }

  /** The hoisted table of the module's functions by function number (ir.ts, C data). */
  private fnTable(): string {
    return this.scope.hoist(
      `[undefined, ${this.scope.mod.functions.map((f) => (f.parent || f.flavor === 'lambda' ? 'undefined' : this.scope.callee(f.name))).join(', ')}]`,
    );
  }

  /** C-data expressions (see ir.ts). */
  private cdata(e: Expr): string | null {
    switch (e.kind) {
      case 'addrOf':
        if (!this.frame.has(e.id)) return fail(`address of local ${e.id}, which is not addressed`);
        return this.frameAddr(e.id);
      case 'globalAddr': {
        const mod = this.scope.mod;
        const g = mod.globals.find((x) => x.name === e.name) ?? mod.dataGlobals?.find((x) => x.name === e.name) ?? fail(`unknown global ${e.name}`);
        return `(${this.scope.stateBase()} + ${g.offset})`;
      }
      case 'load':
        return this.loadMem(e.type, this.expr(e.ptr));
      case 'ptrAdd': {
        const size = strideOf((e.type as PtrType).to);
        const i = e.index;
        if (i.kind === 'const' && (typeof i.value === 'bigint' || typeof i.value === 'number')) {
          const d = Number(i.value) * size;
          return d === 0 ? this.expr(e.ptr) : `(${this.expr(e.ptr)} + ${numLit(d)})`;
        }
        return `(${this.expr(e.ptr)} + ${this.numberOf(i)}${size === 1 ? '' : ` * ${size}`})`;
      }
      case 'fieldAddr': {
        const st = (e.ptr.type as PtrType).to;
        if (st.k !== 'struct' && st.k !== 'ctuple') return fail('fieldAddr on a non-struct');
        const off = layoutOf(st).offsets[e.field]!;
        return off === 0 ? this.expr(e.ptr) : `(${this.expr(e.ptr)} + ${off})`;
      }
      case 'mvAddr':
        return `$cm.viewAddr(${this.expr(e.view)}, ${this.numberOf(e.offset)})`;
      case 'ptrView': {
        const elem = (e.type as MemviewType).elem;
        return `$cm.ptrView(${this.expr(e.ptr)}, ${JSON.stringify(dtypeOf(elem))}, [${e.shape.map((x) => this.numberOf(x)).join(', ')}])`;
      }
      case 'fnRef':
        return String(functionNumber(this.scope.mod, e.fn));
      case 'callPtr': {
        const table = this.fnTable();
        let id = this.expr(e.fn);
        let pre = '';
        if (e.fn.kind !== 'local' && e.fn.kind !== 'const') {
          const t = this.temp('fp');
          pre = `${t} = ${id}, `;
          id = t;
        }
        return `(${pre}${table}[${id}] ?? $cm.badFn(${id}))(${e.args.map((a) => this.expr(a)).join(', ')})`;
      }
      case 'libc':
        if (e.fn === 'qsort') {
          // the comparator: the function its number names
          const [base, n, size, f] = e.args.map((a) => this.expr(a));
          return `$cm.qsort(${base}, ${n}, ${size}, ${this.fnTable()}[${f}] ?? $cm.badFn(${f}))`;
        }
        return `$cm.${e.fn}(${e.args.map((a) => this.expr(a)).join(', ')})`;
      default:
        return null;
    }
  }

  private py(op: string, args: Expr[]): string {
    if (op === 'kw_new') return this.kwObject(args);
    let xs = args;
    let kw: string | null = null;
    // kw ops: the lowering always passes the keyword slot last — `null` (none), a
    // `dict_new` of constant names, or (later) any dict object, passed through as is.
    if (PY_KW_OPS.has(op) && xs.length > 0) {
      kw = this.kwSlot(xs[xs.length - 1]!);
      xs = xs.slice(0, -1);
    }
    const js = xs.map((a) => this.expr(a));
    if (kw !== null) js.push(kw);
    const callee = /^[A-Za-z_]\w*$/.test(op) ? `$py.${op}` : `$py[${JSON.stringify(op)}]`;
    return `${callee}(${js.join(', ')})`;
  }

  /** The JS keyword-arguments object of a kw op's last IR argument. */
  private kwSlot(e: Expr): string {
    if (e.kind === 'const' && (e.value === null || e.value === undefined)) return '{}';
    if (e.kind === 'py' && (e.op === 'kw_new' || e.op === 'dict_new')) {
      const names = e.args.filter((_, i) => i % 2 === 0);
      if (names.every((k) => k.kind === 'const' && typeof k.value === 'string')) return this.kwObject(e.args);
    }
    return this.expr(e);
  }

  /** `kw_new(name1, v1, name2, v2, …)`: a plain object of keyword arguments. */
  private kwObject(args: Expr[]): string {
    const parts: string[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      const k = args[i]!;
      if (k.kind !== 'const' || typeof k.value !== 'string') return fail('kw_new: names must be string constants');
      parts.push(`${JSON.stringify(k.value)}: ${this.expr(args[i + 1]!)}`);
    }
    return `{ ${parts.join(', ')} }`;
  }

  box(t: Type, a: string): string {
    switch (t.k) {
      case 'int':
      case 'bool':
      case 'object':
        return a; // C ints (normalized number|bigint) and bools already are Python values
      case 'float':
        return `$conv.boxFloat(${a})`;
      case 'memview':
        return `$conv.viewToObject(${a})`;
      case 'void':
        return `(${a}, null)`;
      case 'struct':
      case 'carray':
      case 'ctuple':
        return `$cm.toPy(${this.cspec(t)}, ${a})`;
      case 'ptr':
        return `$cm.cstr(${a})`; // char * → bytes
    }
    return fail(`box of ${t.k}`);
  }

  unbox(t: Type, a: string): string {
    switch (t.k) {
      case 'int':
        return `$conv.unboxInt(${a}, ${JSON.stringify(scalarKind(t))}, ${JSON.stringify(t.c)})`;
      case 'float':
        return `$conv.unboxFloat(${a}, ${JSON.stringify(scalarKind(t))})`;
      case 'bool':
        return `$conv.unboxBint(${a})`;
      case 'memview':
        return `$conv.unboxView(${a}, ${this.scope.viewSpec(t, false)})`;
      case 'object':
        return a;
      case 'struct':
      case 'carray':
      case 'ctuple':
        return `$cm.fromPy(${this.cspec(t)}, ${a})`;
      case 'ptr':
        return `$cm.bytesPtr(${a})`; // bytes → char *
    }
    return fail(`unbox to ${t.k}`);
  }

  private message(m: Message): string {
    switch (m.kind) {
      case 'const':
        return JSON.stringify(m.text);
      case 'format': {
        const args = m.args.map((a) => (a.type.k === 'float' ? `$conv.boxFloat(${this.expr(a)})` : this.expr(a)));
        return `$rt.fmt(${JSON.stringify(m.template)}, [${args.join(', ')}])`;
      }
      case 'object':
        return this.expr(m.value);
    }
  }

  private raiseCall(exc: string, m: Message): string {
    return `$rt.raise(${this.scope.excRaiseRef(exc)}, ${this.message(m)})`;
  }

  // -------------------------------------------------------------- statements
  stmts(ss: Stmt[], ind: string, out: string[]): void {
    for (const s of ss) {
      // a line marker when the .pyx line changes (glue.ts turns them into the line table)
      if (s.loc && s.loc.line !== this.markedLine) {
        this.markedLine = s.loc.line;
        out.push(`${ind}${lineMark(s.loc.line)}`);
      }
      this.stmt(s, ind, out);
    }
  }
  /** The .pyx line of the last marker this function emitted. */
  private markedLine = 0;

  private stmt(s: Stmt, ind: string, out: string[]): void {
    switch (s.kind) {
      case 'set':
        if (this.frame.has(s.id)) {
          out.push(`${ind}${this.storeMem(s.value.type, this.frameAddr(s.id), this.expr(s.value))};`);
          return;
        }
        out.push(`${ind}${this.local(s.id)} = ${stripParens(this.expr(s.value))};`);
        return;
      case 'store':
        out.push(`${ind}${this.storeMem((s.ptr.type as PtrType).to, this.expr(s.ptr), this.expr(s.value))};`);
        return;
      case 'setGlobal':
        out.push(`${ind}${this.scope.writeGlobal(s.name, this.expr(s.value))};`);
        return;
      case 'setPyGlobal':
        out.push(`${ind}${this.scope.writePyGlobal(s.name, this.expr(s.value))};`);
        return;
      case 'mvStore': {
        const [pre, v] = this.once(s.view);
        if (pre) out.push(`${ind}${pre};`);
        const elem = (s.view.type as MemviewType).elem;
        const [opre, off] = this.onceIfChecked(s.offset);
        if (opre) out.push(`${ind}${opre};`);
        out.push(`${ind}${v}.data[${v}.offset + ${off}] = ${this.storeElem(elem, this.expr(s.value))};`);
        return;
      }
      case 'expr':
        out.push(`${ind}${this.expr(s.value)};`);
        return;
      case 'if': {
        out.push(`${ind}if (${stripParens(this.expr(s.cond))}) {`);
        this.stmts(s.then, ind + '  ', out);
        let els = s.else;
        while (els.length === 1 && els[0]!.kind === 'if') {
          const e = els[0] as Extract<Stmt, { kind: 'if' }>;
          out.push(`${ind}} else if (${stripParens(this.expr(e.cond))}) {`);
          this.stmts(e.then, ind + '  ', out);
          els = e.else;
        }
        if (els.length) {
          out.push(`${ind}} else {`);
          this.stmts(els, ind + '  ', out);
        }
        out.push(`${ind}}`);
        return;
      }
      case 'loop': {
        const js = this.label(s.label);
        const needCont = s.update.length > 0 && hasContinue(s.body, s.label);
        const cont = needCont ? this.label(`${s.label}_body`) : null;
        this.labels.push({ ir: s.label, js, cont, loop: true });
        out.push(`${ind}${js}: for (;;) {`);
        if (cont) {
          out.push(`${ind}  ${cont}: {`);
          this.stmts(s.body, ind + '    ', out);
          out.push(`${ind}  }`);
        } else {
          this.stmts(s.body, ind + '  ', out);
        }
        this.stmts(s.update, ind + '  ', out);
        out.push(`${ind}}`);
        this.labels.pop();
        return;
      }
      case 'block': {
        const js = this.label(s.label);
        this.labels.push({ ir: s.label, js, cont: null, loop: false });
        out.push(`${ind}${js}: {`);
        this.stmts(s.body, ind + '  ', out);
        out.push(`${ind}}`);
        this.labels.pop();
        return;
      }
      case 'break':
        out.push(`${ind}break ${this.findLabel(s.label).js};`);
        return;
      case 'continue': {
        const l = this.findLabel(s.label);
        if (!l.loop) fail(`continue to block ${s.label}`);
        out.push(l.cont ? `${ind}break ${l.cont};` : `${ind}continue ${l.js};`);
        return;
      }
      case 'return':
        out.push(s.value ? `${ind}return ${stripParens(this.expr(s.value))};` : `${ind}return;`);
        return;
      case 'raise':
        out.push(`${ind}${this.raiseCall(s.exc, s.msg)};`);
        return;
      case 'reraise': {
        const e = this.excVars[this.excVars.length - 1];
        out.push(e ? `${ind}throw ${e};` : `${ind}$rt.raise('RuntimeError', 'No active exception to reraise');`);
        return;
      }
      case 'pyRaise': {
        const cause = s.cause ? `, ${this.expr(s.cause)}` : '';
        out.push(`${ind}${this.scope.use('pyRaise')}(${this.expr(s.value)}${cause});`);
        return;
      }
      case 'try':
        this.tryStmt(s, ind, out);
        return;
      case 'print': {
        const sep = s.sep ? this.expr(s.sep) : 'null';
        const end = s.end ? this.expr(s.end) : 'null';
        out.push(`${ind}$rt.print([${s.args.map((a) => this.expr(a)).join(', ')}], ${sep}, ${end});`);
        return;
      }
    }
    fail(`unknown statement kind ${(s as { kind: string }).kind}`);
  }

  private tryStmt(s: Extract<Stmt, { kind: 'try' }>, ind: string, out: string[]): void {
    const hasFinally = s.finally.length > 0;
    const inner = hasFinally ? ind + '  ' : ind;
    if (hasFinally) out.push(`${ind}try {`);
    if (s.handlers.length === 0) {
      this.stmts(s.body, inner, out);
      this.stmts(s.orelse, inner, out);
    } else {
      const ok = s.orelse.length ? this.temp('ok') : null;
      if (ok) out.push(`${inner}${ok} = false;`);
      out.push(`${inner}try {`);
      this.stmts(s.body, inner + '  ', out);
      if (ok) out.push(`${inner}  ${ok} = true;`);
      const ev = this.fresh(`$e${this.excVars.length}`);
      out.push(`${inner}} catch (${ev}) {`);
      out.push(`${inner}  ${ev} = ${this.scope.use('jsErr')}(${ev});`);
      this.excVars.push(ev);
      this.handlers(s.handlers, ev, inner + '  ', out);
      this.excVars.pop();
      out.push(`${inner}}`);
      if (ok) {
        out.push(`${inner}if (${ok}) {`);
        this.stmts(s.orelse, inner + '  ', out);
        out.push(`${inner}}`);
      }
    }
    if (hasFinally) {
      out.push(`${ind}} finally {`);
      this.stmts(s.finally, ind + '  ', out);
      out.push(`${ind}}`);
    }
  }

  private handlers(hs: Handler[], ev: string, ind: string, out: string[]): void {
    let first = true;
    let catchAll = false;
    for (const h of hs) {
      const body: string[] = [];
      if (h.bind !== null) body.push(`${ind}  ${this.local(h.bind)} = ${ev};`);
      this.stmts(h.body, ind + '  ', body);
      if (h.types === null) {
        out.push(first ? `${ind}{` : `${ind}} else {`);
        out.push(...body);
        catchAll = true;
        break;
      }
      const conds = h.types.map((t) => `$py.exc_matches(${ev}, ${this.excType(t)})`);
      out.push(`${ind}${first ? '' : '} else '}if (${conds.join(' || ')}) {`);
      out.push(...body);
      first = false;
    }
    if (!catchAll) {
      out.push(`${ind}} else {`);
      out.push(`${ind}  throw ${ev};`);
    }
    out.push(`${ind}}`);
  }

  private excType(t: Expr): string {
    if (t.kind === 'const' && typeof t.value === 'string') return this.scope.excClass(t.value);
    return this.expr(t);
  }

  private label(ir: string): string {
    const base = `L_${identPart(ir)}`;
    let js = base;
    for (let i = 2; this.usedLabels.has(js); i++) js = `${base}$${i}`;
    this.usedLabels.add(js);
    return js;
  }

  private findLabel(ir: string): LabelInfo {
    for (let i = this.labels.length - 1; i >= 0; i--) if (this.labels[i]!.ir === ir) return this.labels[i]!;
    return fail(`break/continue to unknown label ${ir}`);
  }
}

/** An integer constant with |v| ≤ 2^31 (a number), else null. */
function smallConst(e: Expr): number | null {
  if (e.kind !== 'const' || e.type.k !== 'int') return null;
  const v = typeof e.value === 'bigint' ? e.value : typeof e.value === 'number' && Number.isInteger(e.value) ? BigInt(e.value) : null;
  if (v === null || v > 2n ** 31n || v < -(2n ** 31n)) return null;
  const t = e.type;
  const w = t.signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
  return w === v ? Number(v) : null;
}

function hasContinue(ss: Stmt[], label: string): boolean {
  for (const s of ss) {
    switch (s.kind) {
      case 'continue':
        if (s.label === label) return true;
        break;
      case 'if':
        if (hasContinue(s.then, label) || hasContinue(s.else, label)) return true;
        break;
      case 'loop':
        if (hasContinue(s.body, label) || hasContinue(s.update, label)) return true;
        break;
      case 'block':
        if (hasContinue(s.body, label)) return true;
        break;
      case 'try':
        if (
          hasContinue(s.body, label) ||
          hasContinue(s.orelse, label) ||
          hasContinue(s.finally, label) ||
          s.handlers.some((h) => hasContinue(h.body, label))
        )
          return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/** Removes one pair of outer parentheses when they enclose the whole expression. */
function stripParens(s: string): string {
  if (!s.startsWith('(') || !s.endsWith(')')) return s;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0 && i !== s.length - 1) return s;
    } else if (c === ',' && depth === 1) return s; // a comma expression keeps its parentheses
  }
  return s.slice(1, -1);
}

/** Initial JS value of a local of type `t` (keeps each local monomorphic). */
/** Whether an IR expression contains a `check` node (a test that may raise). */
function containsCheck(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  if (Array.isArray(e)) return e.some(containsCheck);
  const o = e as Record<string, unknown>;
  if (o.kind === 'check') return true;
  for (const k in o) if (k !== 'type' && k !== 'loc' && containsCheck(o[k])) return true;
  return false;
}

export function initialValue(t: Type): string {
  switch (t.k) {
    case 'int':
    case 'float':
    case 'ptr':
    case 'funcptr':
      return '0';
    case 'struct':
    case 'carray':
    case 'ctuple':
      return `$cm.zero(${sizeOf(t)})`;
    case 'bool':
      return 'false';
    case 'memview':
      return 'null';
    default:
      return 'undefined';
  }
}

