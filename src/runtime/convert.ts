// `$rt.conv`: conversions at the JS boundary and between Python objects and
// C values, with Cython 0.29's checks and messages; argument parsing.
import {
  PyFloat, PyRange, PySlice, mkFloat, normBig, isTuple, tuple, isTypedArray, isKwargs, type PyInt, type TypedArray,
} from './values.js';
import { PyDict, PySet } from './dict.js';
import { TypeErr, ValueErr, OverflowErr, BaseException, exc } from './exceptions.js';
import { typeName } from './typename.js';
import { truth } from './ops.js';
import { NDArray, DTYPES, dtypeOf, cStrides, ndHooks, type DType, type DTypeInfo } from './ndarray.js';
import { PyIter, toArray } from './iter.js';
import { DictView } from './methods.js';

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

// ---------------------------------------------------------------- memoryviews

export interface ViewSpec {
  dtype: DType | string;
  cname?: string;
  ndim: number;
  contig?: 'c' | 'f' | null;
  notNone?: boolean;
}

export interface ViewRecord {
  data: TypedArray;
  offset: number;
  shape: number[];
  strides: number[];
}

function isSafeIntArray(a: any): a is number[] {
  if (!Array.isArray(a)) return false;
  for (const x of a) if (!Number.isSafeInteger(x)) return false;
  return true;
}

function badView(msg: string): never {
  throw ValueErr(msg);
}

/** Check that every element a view can address lies inside `data`. */
function checkBounds(data: TypedArray, offset: number, shape: number[], strides: number[]): void {
  const n = (data as any).length as number;
  let empty = false;
  for (const s of shape) if (s === 0) empty = true;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > n) badView(`memoryview offset ${offset} is outside its buffer of ${n} elements`);
  if (empty) return;
  let lo = offset, hi = offset;
  for (let d = 0; d < shape.length; d++) {
    const span = (shape[d] - 1) * strides[d];
    if (span < 0) lo += span;
    else hi += span;
  }
  if (lo < 0 || hi >= n || !Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
    if (n === 0 && (data as any).buffer?.byteLength === 0) badView('memoryview buffer is detached or empty');
    badView(`memoryview shape/strides/offset exceed its buffer of ${n} elements`);
  }
}

function contigOk(shape: number[], strides: number[], order: 'c' | 'f'): boolean {
  for (const s of shape) if (s === 0) return true;
  let st = 1;
  if (order === 'c') {
    for (let d = shape.length - 1; d >= 0; d--) {
      if (shape[d] > 1 && strides[d] !== st) return false;
      st *= shape[d];
    }
  } else {
    for (let d = 0; d < shape.length; d++) {
      if (shape[d] > 1 && strides[d] !== st) return false;
      st *= shape[d];
    }
  }
  return true;
}

/** Normalize a JS array-like object into (data, shape, strides, offset) or throw Cython's TypeError. */
function viewParts(v: any): ViewRecord {
  const r = viewPartsOf(v);
  // A detached buffer looks like an empty array; slice() tells them apart (Node 20
  // has no ArrayBuffer.prototype.detached).
  if (r.data.length === 0) {
    try {
      (r.data.buffer as ArrayBuffer).slice(0, 0);
    } catch {
      throw ValueErr('the array\'s buffer is detached (transferred, or a wasm memory that grew)');
    }
  }
  return r;
}

function viewPartsOf(v: any): ViewRecord {
  if (isTypedArray(v)) {
    if (v instanceof Uint8ClampedArray) v = new Uint8Array(v.buffer, v.byteOffset, v.length);
    return { data: v as TypedArray, offset: 0, shape: [(v as any).length], strides: [1] };
  }
  if (v instanceof NDArray) return { data: v.data, offset: v.offset, shape: v.shape, strides: v.strides };
  if (v instanceof ArrayBuffer) {
    const d = new Uint8Array(v);
    return { data: d, offset: 0, shape: [d.length], strides: [1] };
  }
  if (v !== null && typeof v === 'object' && 'data' in v && 'shape' in v) {
    let data = v.data;
    if (!isTypedArray(data)) {
      if (data instanceof ArrayBuffer) data = new Uint8Array(data);
      else throw TypeErr(`a bytes-like object is required, not '${typeName(data)}'`);
    }
    if (data instanceof Uint8ClampedArray) data = new Uint8Array(data.buffer, data.byteOffset, data.length);
    const shape = Array.isArray(v.shape) || isTuple(v.shape) ? [...v.shape].map((x: any) => (typeof x === 'bigint' ? Number(x) : x)) : [v.shape];
    if (!isSafeIntArray(shape) || shape.some((s) => s < 0)) badView('memoryview shape must be a list of non-negative integers');
    let strides: any = v.strides ?? v.stride;
    if (strides === undefined || strides === null) strides = cStrides(shape);
    else if (typeof strides === 'number') strides = [strides];
    else strides = [...strides].map((x: any) => (typeof x === 'bigint' ? Number(x) : x));
    if (!isSafeIntArray(strides) || strides.length !== shape.length) badView('memoryview strides must be integers, one per dimension');
    const offset = v.offset === undefined || v.offset === null ? 0 : typeof v.offset === 'bigint' ? Number(v.offset) : v.offset;
    return { data, offset, shape, strides };
  }
  throw TypeErr(`a bytes-like object is required, not '${typeName(v)}'`);
}

/**
 * Argument → view record with Cython's checks: None (notNone), contiguity,
 * number of dimensions, element type; bounds of shape/strides/offset.
 */
export function toView(v: any, spec: ViewSpec, argName?: string): ViewRecord | null {
  if (v === null || v === undefined) {
    if (spec.notNone) throw TypeErr(`Argument '${argName ?? '?'}' must not be None`);
    return null;
  }
  const p = viewParts(v);
  // contiguity first (numpy refuses the buffer request), then ndim, then dtype
  if (spec.contig && !contigOk(p.shape, p.strides, spec.contig))
    throw ValueErr(spec.contig === 'c' ? 'ndarray is not C-contiguous' : 'ndarray is not Fortran contiguous');
  if (p.shape.length !== spec.ndim)
    throw ValueErr(`Buffer has wrong number of dimensions (expected ${spec.ndim}, got ${p.shape.length})`);
  const dt = v instanceof NDArray ? v.dtype : dtypeOf(p.data);
  if (dt !== spec.dtype) {
    const want = spec.cname ?? DTYPES[spec.dtype as DType]?.cname ?? String(spec.dtype);
    const got = dt ? DTYPES[dt].cname : 'unknown';
    throw ValueErr(`Buffer dtype mismatch, expected '${want}' but got '${got}'`);
  }
  checkBounds(p.data, p.offset, p.shape, p.strides);
  return { data: p.data, offset: p.offset, shape: [...p.shape], strides: bufferStrides(p.shape, p.strides) };
}

/**
 * The strides numpy's buffer export reports: an array that is C- (else Fortran-) contiguous in numpy's
 * relaxed sense (extents of 1 ignored, any zero extent) gets the canonical strides, so that Cython sees
 * shape (1, 3) with strides (5, 1) as C-contiguous, strides (3, 1).
 */
function bufferStrides(shape: number[], strides: number[]): number[] {
  const canonical = (order: 'c' | 'f') => {
    const out = new Array<number>(shape.length);
    let st = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = order === 'c' ? shape.length - 1 - i : i;
      out[d] = st;
      st *= shape[d]!;
    }
    return out;
  };
  if (contigOk(shape, strides, 'c')) return canonical('c');
  if (contigOk(shape, strides, 'f')) return canonical('f');
  return [...strides];
}

/** Python object → view record (memoryview assignment / unboxing inside generic code). */
export function unboxView(v: any, spec: ViewSpec): ViewRecord | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array && !(v as any).__pytype__ && !(spec.cname ?? '').startsWith('const'))
    throw new exc.BufferError('Object is not writable.');
  if (!(v instanceof NDArray) && !isTypedArray(v) && !(v instanceof ArrayBuffer))
    throw TypeErr(`a bytes-like object is required, not '${typeName(v)}'`);
  return toView(v, spec, '?');
}

/** A view record used as a Python object → NDArray (a memoryview object). */
export function viewToObject(view: ViewRecord | NDArray | null): NDArray | null {
  if (view === null || view === undefined) return null;
  if (view instanceof NDArray) return view;
  return new NDArray(view.data, view.shape, view.strides, view.offset, dtypeOf(view.data), 'memoryview');
}

// Python value → element of a typed array (NDArray stores)
function storeElem(dt: DTypeInfo, v: any): number | bigint {
  if (dt.kind === 'f') {
    const x = toFloat(v, dt.bits === 32 ? 'f32' : 'f64');
    return x;
  }
  const kind = (dt.kind === 'u' ? 'u' : 'i') + dt.bits;
  const x = toInt(v, kind, dt.cname);
  return dt.bits === 64 ? BigInt(x) : (x as number);
}
ndHooks.store = storeElem;

// ---------------------------------------------------------------- JS ↔ Python values

function isPlain(o: any): boolean {
  const p = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null;
}

function isNDLike(o: any): boolean {
  return (isTypedArray(o.data) || o.data instanceof ArrayBuffer) && (Array.isArray(o.shape) || typeof o.shape === 'number');
}

/** Is `v` already a value of the Python value model (deep for lists)? */
function isPyValue(v: any, seen?: Set<any>): boolean {
  switch (typeof v) {
    case 'number':
      return !Number.isInteger(v) || Number.isSafeInteger(v) ? !Object.is(v, -0) : false;
    case 'bigint':
      return v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER);
    case 'string':
    case 'boolean':
    case 'function':
      return true;
    case 'undefined':
      return false;
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        if (seen?.has(v)) return true;
        const s = seen ?? new Set();
        s.add(v);
        for (let i = 0; i < v.length; i++) if (!isPyValue(v[i], s)) return false;
        return true;
      }
      if (v instanceof Map || v instanceof Set) return false;
      if (v instanceof Uint8Array) return v.constructor === Uint8Array || (typeof Buffer !== 'undefined' && v instanceof (Buffer as any));
      if (isTypedArray(v) || v instanceof ArrayBuffer) return false;
      if (isPlain(v)) return false;
      return true;
    }
  }
  return true;
}

/** JS value → Python value (deep). Arrays that already hold Python values are shared, not copied. */
export function fromJS(v: any): any {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? (Number.isSafeInteger(v) ? (v === 0 ? 0 : v) : mkFloat(v)) : v;
    case 'bigint':
      return normBig(v);
    case 'undefined':
      return null;
    case 'object':
      if (v === null) return null;
      return fromJSObject(v, new Map());
  }
  return v;
}

function fromJSObject(v: any, seen: Map<any, any>): any {
  if (Array.isArray(v)) {
    if (Object.isFrozen(v)) {
      if (isPyValue(v)) return v;
      return tuple(v.map((x) => fromJSInner(x, seen)));
    }
    if (isPyValue(v)) return v;
    const done = seen.get(v);
    if (done) return done;
    const out: any[] = [];
    seen.set(v, out);
    for (const x of v) out.push(fromJSInner(x, seen));
    return out;
  }
  if (v instanceof PyFloat || v instanceof PyDict || v instanceof PySet || v instanceof NDArray || v instanceof PyRange ||
      v instanceof PySlice || v instanceof BaseException || v instanceof PyIter || v instanceof DictView) return v;
  if (v instanceof Map) {
    const d = new PyDict();
    seen.set(v, d);
    for (const [k, x] of v) d.set(fromJSInner(k, seen), fromJSInner(x, seen));
    return d;
  }
  if (v instanceof Set) {
    const s = new PySet();
    for (const x of v) s.add(fromJSInner(x, seen));
    return s;
  }
  if (v instanceof Uint8Array && v.constructor === Uint8Array) return v;
  if (typeof Buffer !== 'undefined' && v instanceof (Buffer as any)) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (isTypedArray(v)) return new NDArray(v as TypedArray, undefined, undefined, 0, null, 'numpy');
  if (isPlain(v)) {
    if (isNDLike(v)) {
      const p = viewParts(v);
      checkBounds(p.data, p.offset, p.shape, p.strides);
      return new NDArray(p.data, p.shape, p.strides, p.offset, null, 'numpy');
    }
    if (isKwargs(v)) return v;
    const d = new PyDict();
    seen.set(v, d);
    for (const k of Object.keys(v)) d.set(k, fromJSInner(v[k], seen));
    return d;
  }
  return v;
}

function fromJSInner(v: any, seen: Map<any, any>): any {
  if (v !== null && typeof v === 'object') {
    const done = seen.get(v);
    if (done !== undefined) return done;
    return fromJSObject(v, seen);
  }
  return fromJS(v);
}

/** Python value → JS value (deep): PyFloat → number, tuple → Array, dict → Map, set → Set. */
export function toJS(v: any): any {
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'function':
      return v;
    case 'bigint':
      return normBig(v);
    case 'undefined':
      return null;
    case 'object':
      if (v === null) return null;
      if (v instanceof PyFloat) return v.v;
      return toJSObject(v, new Map());
  }
  return v;
}

function toJSObject(v: any, seen: Map<any, any>): any {
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: any[] = [];
    seen.set(v, out);
    for (const x of v) out.push(toJSInner(x, seen));
    return out;
  }
  if (v instanceof PyDict) {
    const m = new Map();
    seen.set(v, m);
    for (const [k, x] of v.entries()) m.set(toJSInner(k, seen), toJSInner(x, seen));
    return m;
  }
  if (v instanceof PySet) {
    const s = new Set();
    seen.set(v, s);
    for (const x of v) s.add(toJSInner(x, seen));
    return s;
  }
  if (v instanceof NDArray) return v.asTypedArray() ?? v;
  if (v instanceof PyRange) return Array.from(v);
  if (v instanceof DictView) return toArray(v).map((x) => toJSInner(x, seen));
  return v;
}

function toJSInner(v: any, seen: Map<any, any>): any {
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) return toJSObject(v, seen);
  return toJS(v);
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

