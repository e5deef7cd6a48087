// The element types of typed arrays, NDArrays and memoryviews (numpy's dtype names).
// Its own module: the runtime's core (memoryview arguments, fused dispatch) needs these
// tables but not NDArray (ndarray.ts re-exports them).

export type DType = 'float64' | 'float32' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

export interface DTypeInfo {
  name: DType;
  ctor: any;
  /** Cython's name of the C type (LP64), as in "Buffer dtype mismatch" messages */
  cname: string;
  itemsize: number;
  kind: 'f' | 'i' | 'u';
  bits: number;
  /** struct / buffer format character */
  fmt: string;
}

export const DTYPES: Record<DType, DTypeInfo> = {
  float64: { name: 'float64', ctor: Float64Array, cname: 'double', itemsize: 8, kind: 'f', bits: 64, fmt: 'd' },
  float32: { name: 'float32', ctor: Float32Array, cname: 'float', itemsize: 4, kind: 'f', bits: 32, fmt: 'f' },
  int8: { name: 'int8', ctor: Int8Array, cname: 'signed char', itemsize: 1, kind: 'i', bits: 8, fmt: 'b' },
  uint8: { name: 'uint8', ctor: Uint8Array, cname: 'unsigned char', itemsize: 1, kind: 'u', bits: 8, fmt: 'B' },
  int16: { name: 'int16', ctor: Int16Array, cname: 'short', itemsize: 2, kind: 'i', bits: 16, fmt: 'h' },
  uint16: { name: 'uint16', ctor: Uint16Array, cname: 'unsigned short', itemsize: 2, kind: 'u', bits: 16, fmt: 'H' },
  int32: { name: 'int32', ctor: Int32Array, cname: 'int', itemsize: 4, kind: 'i', bits: 32, fmt: 'i' },
  uint32: { name: 'uint32', ctor: Uint32Array, cname: 'unsigned int', itemsize: 4, kind: 'u', bits: 32, fmt: 'I' },
  int64: { name: 'int64', ctor: BigInt64Array, cname: 'long', itemsize: 8, kind: 'i', bits: 64, fmt: 'l' },
  uint64: { name: 'uint64', ctor: BigUint64Array, cname: 'unsigned long', itemsize: 8, kind: 'u', bits: 64, fmt: 'L' },
};

/** dtype of a TypedArray (Uint8ClampedArray counts as uint8), or null */
export function dtypeOf(a: unknown): DType | null {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return 'uint8';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof BigUint64Array) return 'uint64';
  return null;
}

/** C-order strides (elements) for a shape */
export function cStrides(shape: readonly number[]): number[] {
  const st = new Array(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= Math.max(1, shape[i]);
  }
  return st;
}
