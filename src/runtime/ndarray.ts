// NDArray: the JS object behind numpy arrays, cython.view.array and
// memoryview objects. Shares its TypedArray; strides and offset in elements.
import { PyFloat, PySlice, normBig, isTuple, tuple, isTypedArray, type TypedArray, splitKw, PYCLASS } from './values.js';
import { TypeErr, ValueErr, IndexErr } from './exceptions.js';
import { floatRepr } from './floatfmt.js';
import { toInt, toFloat } from './convert.js';
import { DTYPES, dtypeOf, cStrides, type DType, type DTypeInfo } from './dtypes.js';
import { registerNDArray } from './views.js';

export { DTYPES, dtypeOf, cStrides, type DType, type DTypeInfo };

export type NDKind = 'numpy' | 'memoryview' | 'cvarray';


/** element (JS level): numbers, or normalized ints for 64-bit arrays */
function readJS(data: TypedArray, i: number): number | bigint {
  const v = data[i];
  return typeof v === 'bigint' ? normBig(v) : v;
}

/** element as a Python value */
function readPy(data: TypedArray, i: number, kind: 'f' | 'i' | 'u'): any {
  const v = data[i];
  if (typeof v === 'bigint') return normBig(v);
  return kind === 'f' && Number.isInteger(v) ? new PyFloat(v) : v;
}

/** Python value → element of a typed array (NDArray stores), with the C conversions' checks and messages. */
function storeElem(dt: DTypeInfo, v: any): number | bigint {
  if (dt.kind === 'f') {
    const x = toFloat(v, dt.bits === 32 ? 'f32' : 'f64');
    return x;
  }
  const kind = (dt.kind === 'u' ? 'u' : 'i') + dt.bits;
  const x = toInt(v, kind, dt.cname);
  return dt.bits === 64 ? BigInt(x) : (x as number);
}

export class NDArray {
  data: TypedArray;
  shape: number[];
  strides: number[];
  offset: number;
  dtype: DType;
  kind: NDKind;

  constructor(data: TypedArray, shape?: number[], strides?: number[], offset = 0, dtype?: DType | null, kind: NDKind = 'numpy') {
    this.data = data;
    this.shape = shape ? [...shape] : [data.length];
    this.strides = strides ? [...strides] : cStrides(this.shape);
    this.offset = offset;
    this.dtype = dtype ?? dtypeOf(data) ?? 'float64';
    this.kind = kind;
  }

  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    let n = 1;
    for (const s of this.shape) n *= s;
    return n;
  }
  get info(): DTypeInfo {
    return DTYPES[this.dtype];
  }
  get itemsize(): number {
    return DTYPES[this.dtype].itemsize;
  }
  get __pytype__(): string {
    return this.kind === 'numpy' ? 'numpy.ndarray' : this.kind === 'memoryview' ? '_memoryviewslice' : 'array';
  }

  private oob(axis: number, i: number): never {
    if (this.kind === 'numpy') throw IndexErr(`index ${i} is out of bounds for axis ${axis} with size ${this.shape[axis]}`);
    throw IndexErr(`Out of bounds on buffer access (axis ${axis})`);
  }

  /** flat index into data of a full index tuple (negative indices wrap; bounds-checked) */
  index(...idx: number[]): number {
    if (idx.length !== this.shape.length) throw IndexErr(`expected ${this.shape.length} indices, got ${idx.length}`);
    let p = this.offset;
    for (let d = 0; d < idx.length; d++) {
      let i = idx[d];
      const n = this.shape[d];
      if (i < 0) i += n;
      if (!(i >= 0 && i < n)) this.oob(d, idx[d]);
      p += i * this.strides[d];
    }
    return p;
  }

  /** element at a full index, as a JS value (number, or number|bigint for 64-bit ints) */
  get(...idx: number[]): number | bigint {
    return readJS(this.data, this.index(...idx));
  }
  /** store a JS number/bigint at a full index */
  set(value: number | bigint | boolean, ...idx: number[]): void {
    const p = this.index(...idx);
    this.data[p] = storeElem(this.info, value) as never;
  }

  /** nested JS arrays of JS values */
  toArray(): any[] {
    const rec = (d: number, p: number): any => {
      if (d === this.shape.length) return readJS(this.data, p);
      const out: any[] = [];
      for (let i = 0; i < this.shape[d]; i++) out.push(rec(d + 1, p + i * this.strides[d]));
      return out;
    };
    if (this.shape.length === 0) return readJS(this.data, this.offset) as any;
    return rec(0, this.offset);
  }

  /** nested Python lists of Python values */
  tolist(): any {
    const k = this.info.kind;
    const rec = (d: number, p: number): any => {
      if (d === this.shape.length) return readPy(this.data, p, k);
      const out: any[] = [];
      for (let i = 0; i < this.shape[d]; i++) out.push(rec(d + 1, p + i * this.strides[d]));
      return out;
    };
    return rec(0, this.offset);
  }

  /** visit every element in C order: f(flatDataIndex, k) */
  forEachIndex(f: (p: number, k: number) => void): void {
    const nd = this.shape.length;
    if (this.size === 0) return;
    if (nd === 0) {
      f(this.offset, 0);
      return;
    }
    const idx = new Array(nd).fill(0);
    let k = 0;
    let p = this.offset;
    for (;;) {
      f(p, k++);
      let d = nd - 1;
      for (; d >= 0; d--) {
        idx[d]++;
        p += this.strides[d];
        if (idx[d] < this.shape[d]) break;
        p -= idx[d] * this.strides[d];
        idx[d] = 0;
      }
      if (d < 0) return;
    }
  }

  isCContig(): boolean {
    let s = 1;
    if (this.size === 0) return true;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      if (this.shape[d] > 1 && this.strides[d] !== s) return false;
      s *= this.shape[d];
    }
    return true;
  }
  isFContig(): boolean {
    let s = 1;
    if (this.size === 0) return true;
    for (let d = 0; d < this.shape.length; d++) {
      if (this.shape[d] > 1 && this.strides[d] !== s) return false;
      s *= this.shape[d];
    }
    return true;
  }

  /** C-contiguous copy (same dtype and kind) */
  copy(kind: NDKind = this.kind): NDArray {
    const out = new (this.info.ctor)(this.size) as TypedArray;
    if (this.isCContig() && this.offset + this.size <= this.data.length && this.strides.every((s) => s >= 0)) {
      out.set(this.data.subarray(this.offset, this.offset + this.size) as any);
    } else this.forEachIndex((p, k) => (out[k] = this.data[p] as never));
    return new NDArray(out, this.shape, undefined, 0, this.dtype, kind);
  }

  // ------------------------------------------------------------ JS API (views share `data`)

  /**
   * An NDArray over any array-like: a TypedArray (1-D), an NDArray (same view), a
   * scijs/stdlib-style `{ data, shape, strides | stride, offset }` object, or nested
   * JS arrays of numbers (copied into float64, or int64 when every value is an integer).
   */
  static from(a: any): NDArray {
    if (a instanceof NDArray) return a;
    if (isTypedArray(a)) return new NDArray(a);
    if (Array.isArray(a)) {
      const shape: number[] = [];
      for (let x: any = a; Array.isArray(x); x = x[0]) shape.push(x.length);
      const flat = (a as any[]).flat(shape.length) as any[];
      if (flat.length !== shape.reduce((x, y) => x * y, 1) || flat.some((v) => Array.isArray(v))) throw ValueErr('nested arrays must be rectangular');
      const ints = flat.length > 0 && flat.every((v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)));
      const data = ints ? BigInt64Array.from(flat, (v) => BigInt(v)) : Float64Array.from(flat, Number);
      return new NDArray(data, shape);
    }
    if (a !== null && typeof a === 'object' && isTypedArray(a.data)) {
      const shape: number[] = a.shape ? Array.from(a.shape as ArrayLike<number>, Number) : [a.data.length];
      const st = a.strides ?? a.stride;
      const strides = st ? Array.from(st as ArrayLike<number>, Number) : undefined;
      if (strides && strides.length !== shape.length) throw ValueErr('strides and shape have different lengths');
      return new NDArray(a.data, shape, strides, typeof a.offset === 'number' ? a.offset : 0);
    }
    throw TypeErr(`cannot make an NDArray from ${a === null ? 'null' : typeof a}`);
  }

  /** A zero-filled C-contiguous array. */
  static zeros(shape: number[], dtype: DType = 'float64'): NDArray {
    const n = shape.reduce((x, y) => x * y, 1);
    return new NDArray(new (DTYPES[dtype].ctor)(n), shape, undefined, 0, dtype);
  }

  /** scijs-ndarray's name for `strides`. */
  get stride(): number[] {
    return this.strides;
  }

  /**
   * A view: one argument per leading axis, each a number (picks that index and drops
   * the axis; negative counts from the end), `null` (the whole axis), or
   * `[start, stop, step]` with Python slice semantics (any entry null/undefined).
   */
  view(...spec: (number | null | undefined | [number?, number?, number?] | (number | null | undefined)[])[]): NDArray {
    if (spec.length > this.shape.length) throw IndexErr(`too many indices for array: array is ${this.shape.length}-dimensional, but ${spec.length} were indexed`);
    let p = this.offset;
    const shape: number[] = [];
    const strides: number[] = [];
    for (let d = 0; d < this.shape.length; d++) {
      const s = spec[d];
      const n = this.shape[d];
      if (typeof s === 'number') {
        const j = s < 0 ? s + n : s;
        if (!Number.isInteger(s) || j < 0 || j >= n) this.oob(d, s);
        p += j * this.strides[d];
      } else if (Array.isArray(s)) {
        const [start, , step, len] = sliceOf(new PySlice(s[0] ?? null, s[1] ?? null, s[2] ?? null), n, 'numpy', d);
        p += start * this.strides[d];
        shape.push(len);
        strides.push(this.strides[d] * step);
      } else {
        shape.push(n);
        strides.push(this.strides[d]);
      }
    }
    return new NDArray(this.data, shape, strides, p, this.dtype, this.kind);
  }

  /** A view with the axes permuted (reversed when no order is given). */
  transpose(...axes: number[]): NDArray {
    const nd = this.shape.length;
    const order = axes.length ? axes.map((a) => (a < 0 ? a + nd : a)) : this.shape.map((_, i) => nd - 1 - i);
    if (order.length !== nd || new Set(order).size !== nd || order.some((a) => !(a >= 0 && a < nd))) throw ValueErr("axes don't match array");
    return new NDArray(this.data, order.map((a) => this.shape[a]), order.map((a) => this.strides[a]), this.offset, this.dtype, this.kind);
  }

  get T(): NDArray {
    return this.transpose();
  }

  /** Same elements in a new shape (one entry may be -1): a view when C-contiguous, else a copy. */
  reshape(...shape: (number | number[])[]): NDArray {
    let s: number[] = shape.length === 1 && Array.isArray(shape[0]) ? [...shape[0]] : (shape as number[]);
    const size = this.size;
    const unknown = s.indexOf(-1);
    if (unknown >= 0) {
      const rest = s.reduce((x, y, i) => (i === unknown ? x : x * y), 1);
      s = [...s];
      s[unknown] = rest === 0 ? 0 : size / rest;
    }
    if (s.reduce((x, y) => x * y, 1) !== size || s.some((n) => !Number.isInteger(n) || n < 0)) {
      throw ValueErr(`cannot reshape array of size ${size} into shape (${s.join(', ')}${s.length === 1 ? ',' : ''})`);
    }
    const src = this.isCContig() ? this : this.copy();
    return new NDArray(src.data, s, undefined, src.offset, this.dtype, this.kind);
  }

  /** The elements in C order as a new TypedArray of this dtype. */
  toTypedArray(): TypedArray {
    return this.copy().data;
  }

  /** The flat C-order TypedArray if this array covers its whole buffer contiguously, else null. */
  asTypedArray(): TypedArray | null {
    if (this.shape.length === 1 && this.offset === 0 && (this.strides[0] === 1 || this.shape[0] <= 1) && this.shape[0] === this.data.length)
      return this.data;
    return null;
  }

  // ------------------------------------------------------------ Python protocol

  [Symbol.iterator](): Iterator<any> {
    const n = this.shape.length === 0 ? 0 : this.shape[0];
    let i = 0;
    return {
      next: (): IteratorResult<any> => {
        if (i >= n) return { value: undefined, done: true };
        return { value: this.pyGetitem(i++), done: false };
      },
    };
  }

  __len__(): number {
    if (this.shape.length === 0) throw TypeErr('len() of unsized object');
    return this.shape[0];
  }

  __bool__(): boolean {
    if (this.kind === 'numpy') {
      const n = this.size;
      if (n > 1) throw ValueErr('The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
      if (n === 0) return false;
      let t = false;
      this.forEachIndex((p) => {
        const v = this.data[p];
        t = typeof v === 'bigint' ? v !== 0n : v !== 0;
      });
      return t;
    }
    return this.shape.length === 0 ? true : this.shape[0] > 0;
  }

  private badIndex(): never {
    if (this.kind === 'numpy')
      throw IndexErr('only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices');
    throw TypeErr("Cannot index with type '<class 'str'>'");
  }

  /** a[key] with Python semantics (ints, slices, tuples of them) */
  pyGetitem(key: any): any {
    const keys: any[] = isTuple(key) ? [...key] : [key];
    if (keys.length > this.shape.length) throw IndexErr(`too many indices for array: array is ${this.shape.length}-dimensional, but ${keys.length} were indexed`);
    let p = this.offset;
    const shape: number[] = [];
    const strides: number[] = [];
    let d = 0;
    for (const k of keys) {
      if (k instanceof PySlice) {
        const [start, , step, len] = sliceOf(k, this.shape[d], this.kind, d);
        p += start * this.strides[d];
        shape.push(len);
        strides.push(this.strides[d] * step);
      } else {
        const i = intIndex(k, () => this.badIndex());
        let j = i;
        if (j < 0) j += this.shape[d];
        if (!(j >= 0 && j < this.shape[d])) this.oob(d, i);
        p += j * this.strides[d];
      }
      d++;
    }
    for (; d < this.shape.length; d++) {
      shape.push(this.shape[d]);
      strides.push(this.strides[d]);
    }
    if (shape.length === 0) return readPy(this.data, p, this.info.kind);
    return new NDArray(this.data, shape, strides, p, this.dtype, this.kind === 'cvarray' ? 'memoryview' : this.kind);
  }

  /** a[key] = value (element store, or fill / copy into a sub-view) */
  pySetitem(key: any, value: any): void {
    const keys: any[] = isTuple(key) ? [...key] : [key];
    const allInts = keys.length === this.shape.length && keys.every((k) => !(k instanceof PySlice));
    if (allInts) {
      const idx = keys.map((k) => intIndex(k, () => this.badIndex()));
      const p = this.index(...idx);
      this.data[p] = storeElem(this.info, value) as never;
      return;
    }
    const target = this.pyGetitem(key) as NDArray;
    if (!(target instanceof NDArray)) throw TypeErr('bad assignment target');
    target.assign(value);
  }

  /** copy `value` (scalar or array of the same shape) into this view */
  assign(value: any): void {
    if (value instanceof NDArray || isTypedArray(value)) {
      const src = value instanceof NDArray ? value : new NDArray(value as TypedArray);
      if (src.shape.length !== this.shape.length)
        throw ValueErr(`Buffer has wrong number of dimensions (expected ${this.shape.length}, got ${src.shape.length})`);
      for (let d = 0; d < this.shape.length; d++)
        if (src.shape[d] !== this.shape[d])
          throw ValueErr(`got differing extents in dimension ${d} (got ${this.shape[d]} and ${src.shape[d]})`);
      // copy through a temporary in case the buffers overlap
      const tmp = src.copy();
      this.forEachIndex((p, k) => (this.data[p] = convertElem(tmp.data[k], tmp.info, this.info) as never));
      return;
    }
    const v = storeElem(this.info, value);
    this.forEachIndex((p) => (this.data[p] = v as never));
  }

  __repr__(): string {
    if (this.kind === 'memoryview') return `<MemoryView of 'ndarray' at 0x${(0x7f0000000000 + (this.offset & 0xffff)).toString(16)}>`;
    if (this.kind === 'cvarray') return `<cython.array object>`;
    const body = this.formatNested((v) => formatScalar(v, this.info), ', ', true);
    const showDtype = this.dtype !== 'float64' && this.dtype !== 'int64';
    if (this.size === 0) {
      const shp = this.shape.length === 1 ? '' : `shape=(${this.shape.join(', ')}), `;
      return `array([], ${shp}dtype=${this.dtype})`;
    }
    return `array(${body}${showDtype ? `, dtype=${this.dtype}` : ''})`;
  }

  __str__(): string {
    if (this.kind === 'memoryview') return "<MemoryView of 'ndarray' object>";
    if (this.kind === 'cvarray') return this.__repr__();
    return this.formatNested((v) => formatScalar(v, this.info, true), ' ', false);
  }

  private formatNested(fmt: (v: any) => string, sep: string, isRepr: boolean): string {
    const items: string[] = [];
    this.forEachIndex((p) => items.push(fmt(this.data[p])));
    const w = Math.max(0, ...items.map((s) => s.length));
    const padded = items.map((s) => s.padStart(w));
    const nd = this.shape.length;
    if (nd === 0) return padded[0] ?? '';
    const base = isRepr ? 6 : 0;
    let k = 0;
    const rec = (d: number): string => {
      const parts: string[] = [];
      if (d === nd - 1) {
        for (let i = 0; i < this.shape[d]; i++) parts.push(padded[k++]);
        return '[' + parts.join(sep) + ']';
      }
      for (let i = 0; i < this.shape[d]; i++) parts.push(rec(d + 1));
      return '[' + parts.join((isRepr ? ',' : '') + '\n'.repeat(nd - 1 - d) + ' '.repeat(base + d + 1)) + ']';
    };
    return rec(0);
  }

  /** Python attribute access for the runtime's getattr */
  __pyattr__(name: string): any {
    switch (name) {
      case 'shape':
        return tuple([...this.shape]);
      case 'ndim':
        return this.shape.length;
      case 'size':
        return this.size;
      case 'itemsize':
        return this.itemsize;
      case 'nbytes':
        return this.size * this.itemsize;
      case 'strides':
        return tuple(this.strides.map((s) => s * this.itemsize));
      case 'dtype':
        return dtypeObject(this.dtype);
      case 'T':
        return new NDArray(this.data, [...this.shape].reverse(), [...this.strides].reverse(), this.offset, this.dtype, this.kind);
      case 'base':
        return this;
    }
    return undefined;
  }
}
registerNDArray(NDArray);

function convertElem(v: number | bigint, from: DTypeInfo, to: DTypeInfo): number | bigint {
  if (to.bits === 64 && to.kind !== 'f') return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return typeof v === 'bigint' ? Number(v) : v;
}

function formatScalar(v: number | bigint, info: DTypeInfo, forStr = false): string {
  if (typeof v === 'bigint') return v.toString();
  if (info.kind !== 'f') return String(v);
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return (Object.is(v, -0) ? '-0' : String(v)) + '.';
  if (info.bits === 32) return shortestF32(v);
  void forStr;
  return floatRepr(v);
}

function shortestF32(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const x = Number(v.toPrecision(p));
    if (Math.fround(x) === v) return floatRepr(x);
  }
  return floatRepr(v);
}

/** int index value of a Python index object, or calls bad() */
export function intIndex(k: any, bad: () => never): number {
  if (typeof k === 'number' && Number.isInteger(k)) return k;
  if (typeof k === 'boolean') return k ? 1 : 0;
  if (typeof k === 'bigint') return Number(k);
  if (k !== null && typeof k === 'object' && typeof k.__index__ === 'function') return Number(k.__index__());
  return bad();
}

/** Resolve a slice over an axis of length n: [start, stop, step, length] */
export function sliceOf(s: PySlice, n: number, kind: NDKind = 'numpy', axis = 0): [number, number, number, number] {
  let step = 1;
  if (s.step !== null) {
    step = intIndex(s.step, () => { throw TypeErr('slice indices must be integers or None or have an __index__ method'); });
    if (step === 0) {
      if (kind === 'numpy') throw ValueErr('slice step cannot be zero');
      throw ValueErr(`Step may not be zero (axis ${axis})`);
    }
  }
  const lowDefault = step < 0 ? n - 1 : 0;
  const highDefault = step < 0 ? -1 : n;
  let start: number, stop: number;
  const conv = (v: any) => intIndex(v, () => { throw TypeErr('slice indices must be integers or None or have an __index__ method'); });
  if (s.start === null) start = lowDefault;
  else {
    start = conv(s.start);
    if (start < 0) {
      start += n;
      if (start < 0) start = step < 0 ? -1 : 0;
    } else if (start >= n) start = step < 0 ? n - 1 : n;
  }
  if (s.stop === null) stop = highDefault;
  else {
    stop = conv(s.stop);
    if (stop < 0) {
      stop += n;
      if (stop < 0) stop = step < 0 ? -1 : 0;
    } else if (stop >= n) stop = step < 0 ? n - 1 : n;
  }
  let len = 0;
  if (step < 0) {
    if (stop < start) len = Math.floor((start - stop - 1) / -step) + 1;
  } else if (start < stop) len = Math.floor((stop - start - 1) / step) + 1;
  return [start, stop, step, len];
}

// ---------------------------------------------------------------- dtypes as Python objects

export class DTypeObject {
  readonly name: DType;
  constructor(name: DType) {
    this.name = name;
  }
  get __pytype__(): string {
    return 'numpy.dtype';
  }
  __repr__(): string {
    return `dtype('${this.name}')`;
  }
  __str__(): string {
    return this.name;
  }
  __eq__(o: any): boolean {
    try {
      return parseDType(o) === this.name;
    } catch {
      return false;
    }
  }
  __pyattr__(n: string): any {
    if (n === 'name') return this.name;
    if (n === 'itemsize') return DTYPES[this.name].itemsize;
    if (n === 'kind') return DTYPES[this.name].kind;
    if (n === 'char') return DTYPES[this.name].fmt;
    return undefined;
  }
}
const DTYPE_OBJS = new Map<DType, DTypeObject>();
export function dtypeObject(d: DType): DTypeObject {
  let o = DTYPE_OBJS.get(d);
  if (!o) DTYPE_OBJS.set(d, (o = new DTypeObject(d)));
  return o;
}

const DTYPE_NAMES: Record<string, DType> = {
  float64: 'float64', f8: 'float64', d: 'float64', double: 'float64', float: 'float64', float_: 'float64', '<f8': 'float64',
  float32: 'float32', f4: 'float32', f: 'float32', single: 'float32', '<f4': 'float32',
  int8: 'int8', i1: 'int8', b: 'int8', byte: 'int8',
  uint8: 'uint8', u1: 'uint8', B: 'uint8', ubyte: 'uint8', bool: 'uint8', bool_: 'uint8', '?': 'uint8',
  int16: 'int16', i2: 'int16', h: 'int16', short: 'int16',
  uint16: 'uint16', u2: 'uint16', H: 'uint16', ushort: 'uint16',
  int32: 'int32', i4: 'int32', i: 'int32', intc: 'int32', '<i4': 'int32',
  uint32: 'uint32', u4: 'uint32', I: 'uint32', uintc: 'uint32',
  int64: 'int64', i8: 'int64', l: 'int64', q: 'int64', int: 'int64', int_: 'int64', long: 'int64', longlong: 'int64', intp: 'int64', '<i8': 'int64',
  uint64: 'uint64', u8: 'uint64', L: 'uint64', Q: 'uint64', uint: 'uint64', ulonglong: 'uint64', uintp: 'uint64',
};

/** dtype argument (string, dtype object, builtin class, numpy scalar type) → DType */
export function parseDType(d: any): DType {
  if (d === null || d === undefined) return 'float64';
  if (d instanceof DTypeObject) return d.name;
  if (typeof d === 'string') {
    const r = DTYPE_NAMES[d];
    if (r) return r;
    throw TypeErr(`data type '${d}' not understood`);
  }
  if (typeof d === 'function' || typeof d === 'object') {
    if (d.__dtype__) return d.__dtype__;
    const nm = d.__name__;
    if (nm === 'float') return 'float64';
    if (nm === 'int') return 'int64';
    if (nm === 'bool') return 'uint8';
    if (nm === 'complex') throw TypeErr('complex dtypes are not supported');
  }
  throw TypeErr(`Cannot interpret '${String(d)}' as a data type`);
}

function shapeArg(shape: any): number[] {
  const one = (v: any): number => {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'bigint') return Number(v);
    throw TypeErr(`'${v === null ? 'NoneType' : typeof v === 'string' ? 'str' : 'float'}' object cannot be interpreted as an integer`);
  };
  let dims: number[];
  if (Array.isArray(shape)) dims = shape.map(one);
  else if (typeof shape === 'number' && !Number.isInteger(shape)) throw TypeErr(`expected a sequence of integers or a single integer, got '${floatRepr(shape)}'`);
  else if (shape instanceof PyFloat) throw TypeErr(`expected a sequence of integers or a single integer, got '${floatRepr(shape.v)}'`);
  else dims = [one(shape)];
  for (const n of dims) if (n < 0) throw ValueErr('negative dimensions are not allowed');
  return dims;
}

function npNew(fill: number | null, args: any[]): NDArray {
  const [pos, kw] = splitKw(args);
  const shape = shapeArg(pos.length > 0 ? pos[0] : kw.shape);
  const dt = parseDType(pos.length > 1 ? pos[1] : kw.dtype);
  const info = DTYPES[dt];
  let n = 1;
  for (const s of shape) n *= s;
  const data = new info.ctor(n) as TypedArray;
  if (fill !== null && fill !== 0) data.fill((info.bits === 64 && info.kind !== 'f' ? BigInt(fill) : fill) as never);
  return new NDArray(data, shape, undefined, 0, dt, 'numpy');
}

/** numpy.empty(shape, dtype=float64) */
export function np_empty(...args: any[]): NDArray {
  return npNew(null, args);
}
/** numpy.zeros(shape, dtype=float64) */
export function np_zeros(...args: any[]): NDArray {
  return npNew(0, args);
}
/** numpy.ones(shape, dtype=float64) */
export function np_ones(...args: any[]): NDArray {
  return npNew(1, args);
}
/** numpy.full(shape, value, dtype=None) */
export function np_full(...args: any[]): NDArray {
  const [pos, kw] = splitKw(args);
  const a = npNew(null, [pos[0] ?? kw.shape, pos[2] ?? kw.dtype ?? 'float64']);
  a.assign(pos.length > 1 ? pos[1] : kw.fill_value);
  return a;
}

/** numpy.array(nested lists / NDArray / TypedArray, dtype=None) */
export function np_array(...args: any[]): NDArray {
  const [pos, kw] = splitKw(args);
  const src = pos[0];
  const dtArg = pos.length > 1 ? pos[1] : kw.dtype;
  if (src instanceof NDArray || isTypedArray(src)) {
    const a = src instanceof NDArray ? src : new NDArray(src as TypedArray);
    if (dtArg == null || parseDType(dtArg) === a.dtype) return a.copy('numpy');
    const out = npNew(null, [tuple([...a.shape]), dtArg]);
    out.assign(a);
    return out;
  }
  // infer shape from nested sequences
  const shape: number[] = [];
  let probe = src;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: any[] = [];
  const walk = (x: any, d: number) => {
    if (d === shape.length) {
      flat.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) throw ValueErr('setting an array element with a sequence. The requested array has an inhomogeneous shape');
    for (const y of x) walk(y, d + 1);
  };
  walk(src, 0);
  let dt: DType;
  if (dtArg != null) dt = parseDType(dtArg);
  else dt = flat.every((v) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint') && flat.length > 0 ? 'int64' : 'float64';
  const info = DTYPES[dt];
  const data = new info.ctor(flat.length) as TypedArray;
  for (let i = 0; i < flat.length; i++) data[i] = storeElem(info, flat[i]) as never;
  return new NDArray(data, shape, undefined, 0, dt, 'numpy');
}

/** numpy.arange(stop) / arange(start, stop[, step]) */
export function np_arange(...args: any[]): NDArray {
  const [pos, kw] = splitKw(args);
  let start = 0, stop: number, step = 1;
  const nums = pos.map((v) => (v instanceof PyFloat ? v.v : Number(v)));
  if (nums.length === 1) stop = nums[0];
  else [start, stop, step = 1] = nums as [number, number, number?] as any;
  const allInt = pos.every((v) => typeof v === 'bigint' || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)));
  const dt = kw.dtype != null ? parseDType(kw.dtype) : allInt ? 'int64' : 'float64';
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const info = DTYPES[dt];
  const data = new info.ctor(n) as TypedArray;
  for (let i = 0; i < n; i++) data[i] = storeElem(info, start + i * step) as never;
  return new NDArray(data, [n], undefined, 0, dt, 'numpy');
}

const CVARRAY_FORMATS: Record<string, DType> = {
  d: 'float64', f: 'float32', i: 'int32', I: 'uint32', l: 'int64', L: 'uint64', q: 'int64', Q: 'uint64',
  h: 'int16', H: 'uint16', b: 'int8', B: 'uint8', c: 'int8', '?': 'uint8', n: 'int64', N: 'uint64',
};

/**
 * cython.view.array(shape, itemsize, format, mode='c', allocate_buffer=True)
 * (arguments positional or by keyword in a trailing kwargs object).
 */
export function cvarray(...args: any[]): NDArray {
  const [pos, kw] = splitKw(args);
  const names = ['shape', 'itemsize', 'format', 'mode', 'allocate_buffer'];
  const val: any[] = names.map((n, i) => (i < pos.length ? pos[i] : kw[n]));
  const [shape, itemsize, format] = val;
  const mode = val[3] ?? 'c';
  if (!isTuple(shape)) throw TypeErr(`Argument 'shape' has incorrect type (expected tuple, got ${shape === null || shape === undefined ? 'NoneType' : Array.isArray(shape) ? 'list' : typeof shape === 'number' && Number.isInteger(shape) ? 'int' : typeof shape})`);
  const ndim = shape.length;
  if (!ndim) throw ValueErr('Empty shape tuple for cython.array');
  if (!(Number(itemsize) > 0)) throw ValueErr('itemsize <= 0 for cython.array');
  const fmt = format instanceof Uint8Array ? String.fromCharCode(...format) : String(format);
  const dims: number[] = [];
  shape.forEach((dim: any, idx: number) => {
    const n = Number(dim);
    if (!(n > 0)) throw ValueErr(`Invalid shape in axis ${idx}: ${n}.`);
    dims.push(n);
  });
  const key = fmt.replace(/^[@=<>!]/, '');
  const dt = CVARRAY_FORMATS[key];
  if (!dt) throw ValueErr(`unsupported buffer format for cython.array: '${fmt}'`);
  let n = 1;
  for (const d of dims) n *= d;
  const data = new (DTYPES[dt].ctor)(n) as TypedArray;
  let strides: number[];
  if (mode === 'c') strides = cStrides(dims);
  else if (mode === 'fortran') {
    strides = [];
    let s = 1;
    for (const d of dims) {
      strides.push(s);
      s *= d;
    }
  } else throw ValueErr(`Invalid mode, expected 'c' or 'fortran', got ${mode}`);
  return new NDArray(data, dims, strides, 0, dt, 'cvarray');
}

/** numpy scalar types / dtypes as Python-callable objects (np.float64(x), dtype=np.int32) */
function scalarType(dt: DType): any {
  const info = DTYPES[dt];
  const f: any = function (v: any = 0) {
    const x = storeElem(info, v);
    if (info.kind === 'f') {
      const n = Number(x);
      return Number.isInteger(n) ? new PyFloat(n) : n;
    }
    return typeof x === 'bigint' ? normBig(x) : x;
  };
  f.__dtype__ = dt;
  f.__name__ = dt;
  f[PYCLASS] = 'numpy';
  return f;
}

/** A minimal `numpy` module object (what `import numpy as np` binds to). */
export const numpy: Record<string, any> = {
  __name__: 'numpy',
  empty: np_empty,
  zeros: np_zeros,
  ones: np_ones,
  full: np_full,
  array: np_array,
  asarray: (...a: any[]) => (a[0] instanceof NDArray ? a[0] : np_array(...a)),
  arange: np_arange,
  ndarray: NDArray,
  dtype: (d: any) => dtypeObject(parseDType(d)),
  nan: NaN,
  inf: Infinity,
  pi: Math.PI,
  e: Math.E,
};
for (const d of Object.keys(DTYPES) as DType[]) numpy[d] = scalarType(d);
numpy.double = numpy.float64;
numpy.single = numpy.float32;
numpy.intc = numpy.int32;
numpy.int_ = numpy.int64;
numpy.longlong = numpy.int64;
numpy.uint = numpy.uint64;
numpy.uintc = numpy.uint32;
numpy.float_ = numpy.float64;
numpy.bool_ = numpy.uint8;
for (const k of ['empty', 'zeros', 'ones', 'full', 'array', 'asarray', 'arange']) (numpy[k] as any).__builtin__ = true;

Object.defineProperty(NDArray, '__name__', { value: 'ndarray' });
