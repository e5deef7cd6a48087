// Memoryview arguments (`$rt.conv.toView`): JS arrays, NDArrays and {data, shape,
// strides, offset} objects → view records, with Cython 0.29's checks and messages.
import { isTuple, isTypedArray, type TypedArray } from './values.js';
import { TypeErr, ValueErr, exc } from './exceptions.js';
import { typeName } from './typename.js';
import { DTYPES, dtypeOf, cStrides, type DType } from './dtypes.js';

/** What this module reads of an NDArray. */
interface NDArrayView {
  data: TypedArray;
  offset: number;
  shape: number[];
  strides: number[];
  dtype: DType | null;
}

/**
 * NDArray, registered by ndarray.ts when it loads: memoryview arguments are part of the
 * runtime's core (core.ts), which does not load NDArray; before ndarray.ts is loaded no
 * NDArray exists.
 */
let NDArrayClass: (abstract new (...args: never[]) => NDArrayView) | null = null;

export function registerNDArray(c: abstract new (...args: never[]) => NDArrayView): void {
  NDArrayClass = c;
}

function isNDArray(v: unknown): v is NDArrayView {
  return NDArrayClass !== null && v instanceof NDArrayClass;
}

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
export function checkBounds(data: TypedArray, offset: number, shape: number[], strides: number[]): void {
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

/**
 * Throws ValueError when `data`'s buffer is detached (transferred, or a wasm memory that
 * grew). A detached buffer looks like an empty array; slice() tells them apart (Node 20
 * has no ArrayBuffer.prototype.detached).
 */
export function checkAttached(data: TypedArray): void {
  if (data.length !== 0) return;
  try {
    (data.buffer as ArrayBuffer).slice(0, 0);
  } catch {
    throw ValueErr('the array\'s buffer is detached (transferred, or a wasm memory that grew)');
  }
}

/** Normalize a JS array-like object into (data, shape, strides, offset) or throw Cython's TypeError. */
export function viewParts(v: any): ViewRecord {
  const r = viewPartsOf(v);
  checkAttached(r.data);
  return r;
}

function viewPartsOf(v: any): ViewRecord {
  if (isTypedArray(v)) {
    if (v instanceof Uint8ClampedArray) v = new Uint8Array(v.buffer, v.byteOffset, v.length);
    return { data: v as TypedArray, offset: 0, shape: [(v as any).length], strides: [1] };
  }
  if (isNDArray(v)) return { data: v.data, offset: v.offset, shape: v.shape, strides: v.strides };
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
  const dt = isNDArray(v) ? v.dtype : dtypeOf(p.data);
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
  if (!isNDArray(v) && !isTypedArray(v) && !(v instanceof ArrayBuffer))
    throw TypeErr(`a bytes-like object is required, not '${typeName(v)}'`);
  return toView(v, spec, '?');
}
