// `$rt.conv`: conversions at the JS boundary and between Python objects and
// C values, with Cython 0.29's checks and messages; argument parsing.
// Memoryviews are in views.ts, JS ↔ Python values (fromJS / toJS) in jsconv.ts: this
// module is part of the runtime's small core (runtime/core.ts) and needs none of them.
import { PyFloat, mkFloat, normBig, tuple, isTypedArray, isKwargs, type PyInt } from './values.js';
import { PyDict, PySet } from './dict.js';
import { TypeErr, ValueErr, OverflowErr } from './exceptions.js';
import { typeName } from './typename.js';
import { truth } from './truth.js';

export type IntKind = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64';

const INT_RANGE: Record<string, [number, number]> = {
  i8: [-128, 127],
  u8: [0, 255],
  i16: [-32768, 32767],
  u16: [0, 65535],
  i32: [-2147483648, 2147483647],
  u32: [0, 4294967295],
};
const DEFAULT_CNAME: Record<string, string> = {
  i8: 'signed char', u8: 'unsigned char', i16: 'short', u16: 'unsigned short', i32: 'int', u32: 'unsigned int',
  i64: 'long', u64: 'unsigned long', f32: 'float', f64: 'double', bool: 'bint',
};
const I64_MIN = -(1n << 63n), I64_MAX = (1n << 63n) - 1n, U64_MAX = (1n << 64n) - 1n;

/** Python value of an int-convertible object (Cython's __Pyx_PyNumber_IntOrLong), or throws */
function intValueOf(v: any): PyInt {
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v)) return Number.isSafeInteger(v) ? v : BigInt(v);
      return floatToIntC(v);
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'object':
      if (v instanceof PyFloat) return floatToIntC(v.v);
      if (v !== null) {
        if (typeof v.__int__ === 'function') return intValueOf(v.__int__());
        if (typeof v.__index__ === 'function') return intValueOf(v.__index__());
      }
  }
  throw TypeErr('an integer is required');
}

/** Python value of an object converted with __index__ (Cython's __Pyx_PyIndex_AsSsize_t, used for Py_ssize_t): floats are refused */
function indexValueOf(v: any): PyInt {
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v)) return Number.isSafeInteger(v) ? v : BigInt(v);
      break;
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'object':
      if (v !== null && !(v instanceof PyFloat) && typeof v.__index__ === 'function') return indexValueOf(v.__index__());
  }
  throw TypeErr(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

function floatToIntC(x: number): PyInt {
  if (x !== x) throw ValueErr('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw OverflowErr('cannot convert float infinity to integer');
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

function negMsgName(cname: string): string {
  return cname === 'unsigned long long' ? 'unsigned PY_LONG_LONG' : cname;
}

/**
 * JS / Python value → C integer of `kind` (Cython 0.29 semantics: floats truncate,
 * NaN → ValueError, out of range → OverflowError with Cython's messages).
 * ≤ 32-bit kinds give a number; 64-bit kinds a normalized number | bigint.
 */
export function toInt(v: any, kind: IntKind | string, cname?: string): PyInt {
  // At the JS boundary a fractional number is a TypeError (SPEC §3; docs/design.md):
  // Cython would truncate a Python float, but JS has no int/float distinction.
  if (typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v)) throw TypeErr("'float' object cannot be interpreted as an integer");
  return unboxInt(v, kind, cname);
}

/**
 * Python object → C integer of `kind` inside compiled code (Cython 0.29: floats
 * truncate, NaN → ValueError, out of range → OverflowError with Cython's messages).
 */
export function unboxInt(v: any, kind: IntKind | string, cname?: string): PyInt {
  // fast path
  if (typeof v === 'number' && Number.isInteger(v)) {
    const r = INT_RANGE[kind];
    if (r !== undefined) {
      if (v >= r[0] && v <= r[1]) return v === 0 ? 0 : v;
    } else if (Number.isSafeInteger(v) && (kind !== 'u64' || v >= 0)) return v === 0 ? 0 : v;
  }
  const name = cname ?? DEFAULT_CNAME[kind] ?? kind;
  let x = name === 'Py_ssize_t' ? indexValueOf(v) : intValueOf(v);
  if (typeof x === 'bigint') x = normBig(x);
  const unsigned = kind[0] === 'u';
  if (unsigned && x < 0) throw OverflowErr(`can't convert negative value to ${negMsgName(name)}`);
  if (kind === 'i64' || kind === 'u64') {
    const b = typeof x === 'bigint' ? x : BigInt(x);
    if (kind === 'i64' && (b < I64_MIN || b > I64_MAX))
      throw OverflowErr(name === 'Py_ssize_t' || name === 'ssize_t' ? 'Python int too large to convert to C ssize_t' : 'Python int too large to convert to C long');
    if (kind === 'u64' && b > U64_MAX) throw OverflowErr('Python int too large to convert to C unsigned long');
    return normBig(b);
  }
  const r = INT_RANGE[kind];
  if (!r) throw TypeErr(`unknown integer kind ${kind}`);
  if (typeof x === 'bigint') {
    if (unsigned ? x > U64_MAX : x < I64_MIN || x > I64_MAX)
      throw OverflowErr(unsigned ? 'Python int too large to convert to C unsigned long' : 'Python int too large to convert to C long');
    throw OverflowErr(`value too large to convert to ${name}`);
  }
  if (x < r[0] || x > r[1]) {
    if (!unsigned && (x < -9223372036854775808 || x >= 9223372036854775808)) throw OverflowErr('Python int too large to convert to C long');
    throw OverflowErr(`value too large to convert to ${name}`);
  }
  return x;
}

/** JS / Python value → C double (or float with kind 'f32'). */
export function toFloat(v: any, kind: string = 'f64'): number {
  let x: number;
  switch (typeof v) {
    case 'number':
      x = v;
      break;
    case 'bigint': {
      x = Number(v);
      if (!Number.isFinite(x)) throw OverflowErr('int too large to convert to float');
      break;
    }
    case 'boolean':
      x = v ? 1 : 0;
      break;
    default:
      if (v instanceof PyFloat) x = v.v;
      else if (v !== null && typeof v === 'object' && typeof v.__float__ === 'function') x = Number(v.__float__());
      else if (v !== null && typeof v === 'object' && typeof v.__index__ === 'function') x = Number(v.__index__());
      else throw TypeErr(`must be real number, not ${typeName(v)}`);
  }
  return kind === 'f32' ? Math.fround(x) : x;
}

/** JS / Python value → bint (Python truth). */
export function toBint(v: any): boolean {
  if (typeof v === 'boolean') return v;
  if (isTypedArray(v)) return (v as any).length > 0;
  return truth(v);
}

export const unboxFloat = toFloat;
export const unboxBint = toBint;

export function boxInt(n: number | bigint): PyInt {
  if (typeof n === 'number') return n === 0 ? 0 : Number.isSafeInteger(n) ? n : BigInt(n);
  return normBig(n);
}
export function boxFloat(x: number): number | PyFloat {
  return mkFloat(x);
}
export function boxBool(b: any): boolean {
  return !!b;
}

/** 64-bit C result → JS (number when safe, else bigint) */
export function i64ToJS(v: number | bigint): number | bigint {
  return typeof v === 'bigint' ? normBig(v) : v;
}

const PY_TYPE_CHECK: Record<string, (v: any) => boolean> = {
  list: (v) => Array.isArray(v) && !Object.isFrozen(v),
  tuple: (v) => Array.isArray(v),
  dict: (v) => v instanceof PyDict,
  set: (v) => v instanceof PySet && !v.frozen,
  frozenset: (v) => v instanceof PySet && v.frozen,
  str: (v) => typeof v === 'string',
  unicode: (v) => typeof v === 'string',
  bytes: (v) => v instanceof Uint8Array,
  bytearray: (v) => v instanceof Uint8Array,
  int: (v) => typeof v === 'bigint' || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)),
  long: (v) => typeof v === 'bigint' || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)),
  float: (v) => (typeof v === 'number' && !Number.isInteger(v)) || v instanceof PyFloat,
  bool: (v) => typeof v === 'boolean',
  object: () => true,
};

/**
 * Check a Python-typed argument (None passes). Returns the value to use: a JS
 * Array given for a `tuple` parameter is accepted as a tuple (JS has none).
 */
export function checkPyType(v: any, kind: string, argName: string): any {
  if (v === null || v === undefined) return null;
  const f = PY_TYPE_CHECK[kind];
  if (f === undefined || f(v)) {
    if (kind === 'tuple' && !Object.isFrozen(v)) return tuple(v.slice());
    return v;
  }
  throw TypeErr(`Argument '${argName}' has incorrect type (expected ${kind}, got ${typeName(v)})`);
}

// ---------------------------------------------------------------- argument parsing

export interface ParamDesc {
  name: string;
  kwOnly: boolean;
  hasDefault: boolean;
  star?: '' | '*' | '**';
}

function argtupleInvalid(fn: string, exact: boolean, min: number, max: number, found: number): never {
  let n: number, more: string;
  if (found < min) {
    n = min;
    more = 'at least';
  } else {
    n = max;
    more = 'at most';
  }
  if (exact) more = 'exactly';
  throw TypeErr(`${fn}() takes ${more} ${n} positional argument${n === 1 ? '' : 's'} (${found} given)`);
}

/**
 * Split a JS argument list (optional trailing kwargs object) into one value per
 * parameter, with Cython 0.29's TypeErrors. Missing optional → undefined;
 * a `*` parameter gets a tuple, a `**` parameter a dict.
 * `qualName` ("module.f") is used for the METH_NOARGS / METH_O messages of
 * functions with no parameter or one required positional parameter.
 */
export function parseArgs(fnName: string, args: any[], params: readonly ParamDesc[], minPositional?: number, qualName?: string): any[] {
  let kw: Record<string, any> | null = null;
  let npos = args.length;
  if (npos > 0 && isKwargs(args[npos - 1])) {
    kw = args[npos - 1];
    npos--;
  }
  const kwKeys = kw ? Object.keys(kw) : [];
  const nparams = params.length;
  const qn = qualName ?? fnName;

  // METH_NOARGS / METH_O style functions
  if (nparams === 0) {
    if (npos > 0) throw TypeErr(`${qn}() takes no arguments (${npos} given)`);
    if (kwKeys.length) throw TypeErr(`${qn}() takes no keyword arguments`);
    return [];
  }
  if (nparams === 1 && !params[0].kwOnly && !params[0].hasDefault && !params[0].star) {
    if (kwKeys.length) throw TypeErr(`${qn}() takes no keyword arguments`);
    if (npos !== 1) throw TypeErr(`${qn}() takes exactly one argument (${npos} given)`);
    return [args[0]];
  }

  const posIdx: number[] = [];
  let starIdx = -1, kwStarIdx = -1;
  params.forEach((p, i) => {
    if (p.star === '*') starIdx = i;
    else if (p.star === '**') kwStarIdx = i;
    else if (!p.kwOnly) posIdx.push(i);
  });
  const maxPos = posIdx.length;
  let minPos = minPositional ?? 0;
  if (minPositional === undefined) for (const i of posIdx) if (!params[i].hasDefault) minPos++;
  const exact = minPos === maxPos && starIdx < 0;
  if (starIdx < 0 && npos > maxPos) argtupleInvalid(fnName, exact, minPos, maxPos, npos);

  const out: any[] = new Array(nparams).fill(undefined);
  const nAssign = Math.min(npos, maxPos);
  for (let k = 0; k < nAssign; k++) out[posIdx[k]] = args[k];
  if (starIdx >= 0) out[starIdx] = Object.freeze(args.slice(maxPos, npos));
  if (kwStarIdx >= 0) out[kwStarIdx] = new PyDict();

  const has = (name: string) => kw !== null && Object.prototype.hasOwnProperty.call(kw, name);
  // required (and optional) parameters not given positionally, in declaration order
  for (let k = nAssign; k < maxPos; k++) {
    const i = posIdx[k];
    const p = params[i];
    if (has(p.name)) out[i] = kw![p.name];
    else if (!p.hasDefault) argtupleInvalid(fnName, exact, minPos, maxPos, k);
  }
  for (let i = 0; i < nparams; i++) {
    const p = params[i];
    if (!p.kwOnly || p.star) continue;
    if (has(p.name)) out[i] = kw![p.name];
    else if (!p.hasDefault) throw TypeErr(`${fnName}() needs keyword-only argument ${p.name}`);
  }
  // every keyword: duplicates of positional values, unknown names, **kwargs
  for (const key of kwKeys) {
    const i = params.findIndex((p) => p.name === key && !p.star);
    if (i >= 0) {
      const k = posIdx.indexOf(i);
      if (k >= 0 && k < nAssign) throw TypeErr(`${fnName}() got multiple values for keyword argument '${key}'`);
      continue;
    }
    if (kwStarIdx >= 0) (out[kwStarIdx] as PyDict).set(key, kw![key]);
    else throw TypeErr(`${fnName}() got an unexpected keyword argument '${key}'`);
  }
  return out;
}

