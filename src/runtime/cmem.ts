// C memory for generic (JS) code: the memory model of SPEC L3 on JS values
// (src/compile/ir/ir.ts, "C data"; docs/value-model.md, "C data").
//
// Addresses are numbers. One process-wide heap (an ArrayBuffer, replaced by a
// larger copy when it grows, so addresses stay valid) holds:
//   [0, 64)               never valid: NULL and small offsets from it
//   [64, 64 + 8 MiB)      the C stack: frames of generic functions with memory locals
//   [64 + 8 MiB, …)       malloc / calloc / realloc blocks (16-byte aligned)
// Other memory (a memoryview's TypedArray, the module state block) is reached
// through regions: address = region × 2^32 + byte offset in its buffer, region ≥ 1.
// A bad access (NULL, freed-and-reused is the program's business, outside any
// buffer) raises MemoryError: the process never crashes.
//
// Values: C ints ≤ 32 bits and floats are numbers, 64-bit ints number | bigint
// (normalized as everywhere), bint booleans, pointers and function numbers
// numbers, aggregates (struct, union, ctuple, C array) Uint8Arrays holding their
// bytes (a fresh copy per load; never mutated).
import { raise, TypeErr, ValueErr, IndexErr } from './exceptions.js';
import { normBig, PyFloat, isTuple, tuple } from './values.js';
import { PyDict } from './dict.js';
import { toInt, toFloat, toBint, unboxInt, boxFloat, i64ToJS } from './convert.js';
import { typeName } from './typename.js';

const GUARD = 64;
const STACK = 8 << 20;
const HEAP0 = GUARD + STACK;
const REGION = 4294967296;
const MAX_HEAP = 2 ** 31;
const HDR = 16;
const USED = 0x43505855; // 'UXPC'
const FREE = 0x43505846;

let buf: ArrayBuffer | null = null;

function newHeapBuffer(n: number): ArrayBuffer {
  try {
    return new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer)(n, { maxByteLength: MAX_HEAP });
  } catch {
    return new ArrayBuffer(n);
  }
}
let dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let u8 = new Uint8Array(0);
/** heap byte length: accesses [GUARD, len) take the fast path */
let len = 0;
let sp = GUARD;
let top = HEAP0;
/** free blocks by their size class (bytes, header excluded) */
const freeLists = new Map<number, number[]>();

interface Resizable extends ArrayBuffer {
  resize(n: number): void;
  readonly maxByteLength: number;
}

function ensure(end: number): boolean {
  if (end <= len) return true;
  if (end > MAX_HEAP) return false;
  let n = Math.max(len * 2, HEAP0 + (1 << 20));
  while (n < end) n *= 2;
  n = Math.min(n, MAX_HEAP);
  // A resizable buffer grows in place, so TypedArrays over the heap (<double[:n]>p views)
  // stay valid; without resizable buffers the heap is copied into a larger one.
  const rb = buf as Resizable | null;
  if (rb && typeof rb.resize === 'function' && n <= rb.maxByteLength) {
    try {
      rb.resize(n);
      len = n;
      return true;
    } catch {
      return false;
    }
  }
  let nb: ArrayBuffer;
  try {
    nb = buf ? new ArrayBuffer(n) : newHeapBuffer(n);
  } catch {
    return false;
  }
  const nu = new Uint8Array(nb);
  if (buf) nu.set(u8);
  buf = nb;
  u8 = nu;
  dv = new DataView(nb);
  len = n;
  return true;
}

function bad(p: number): never {
  const a = typeof p === 'number' && Number.isFinite(p) ? '0x' + Math.max(0, p).toString(16) : String(p);
  return raise('MemoryError', `invalid memory access at address ${a} (not in C memory this program owns)`);
}

// ---------------------------------------------------------------- regions
interface Region {
  buffer(): ArrayBufferLike | undefined;
  view: DataView | null;
  bytes: Uint8Array | null;
}
const regions: (Region | null)[] = [null];
const regionIds = new WeakMap<object, number>();

/** The region number of a buffer (or of a WebAssembly.Memory, whose buffer changes when it grows). */
function regionOf(owner: ArrayBufferLike | { buffer: ArrayBufferLike }): number {
  let id = regionIds.get(owner);
  if (id !== undefined) return id;
  id = regions.length;
  const isMem = typeof WebAssembly !== 'undefined' && owner instanceof WebAssembly.Memory;
  const ref = new WeakRef(owner as object);
  regions.push({
    buffer: isMem ? () => (ref.deref() as WebAssembly.Memory | undefined)?.buffer : () => ref.deref() as ArrayBufferLike | undefined,
    view: null,
    bytes: null,
  });
  regionIds.set(owner, id);
  return id;
}

/** Base address of a buffer's region: its byte k is at base + k. */
export function bufferBase(owner: ArrayBufferLike | { buffer: ArrayBufferLike }): number {
  return regionOf(owner) * REGION;
}

/**
 * Address of element data[view.offset + index] of a memoryview (a view record, see
 * convert.ts): `&m[i]`. The None view gives NULL.
 */
export function viewAddr(view: { data: ArrayBufferView & { BYTES_PER_ELEMENT: number }; offset: number } | null, index: number): number {
  if (view === null) return 0;
  const data = view.data;
  const at = data.byteOffset + (view.offset + index) * data.BYTES_PER_ELEMENT;
  return data.buffer === buf ? at : regionOf(data.buffer) * REGION + at;
}

let sOff = 0;
/** The DataView holding [p, p + n), with the offset of p in it in sOff; MemoryError when there is none. */
function slow(p: number, n: number): DataView<ArrayBufferLike> {
  if (p >= GUARD && p + n <= len) {
    sOff = p;
    return dv;
  }
  if (p >= REGION) {
    const r = Math.floor(p / REGION);
    const reg = regions[r];
    if (reg) {
      const b = reg.buffer();
      if (b && b.byteLength > 0) {
        if (!reg.view || reg.view.buffer !== b) {
          reg.view = new DataView(b);
          reg.bytes = new Uint8Array(b);
        }
        const o = p - r * REGION;
        if (o >= 0 && o + n <= reg.view.byteLength) {
          sOff = o;
          return reg.view;
        }
      }
    }
  }
  return bad(p);
}

/** The bytes [p, p + n) as a Uint8Array view (no copy) and its offset in sOff. */
function slowBytes(p: number, n: number): Uint8Array {
  const d = slow(p, n);
  return d === dv ? u8 : regions[Math.floor(p / REGION)]!.bytes!;
}

// ---------------------------------------------------------------- loads and stores
export function ldI8(p: number): number {
  return p >= GUARD && p < len ? dv.getInt8(p) : slow(p, 1).getInt8(sOff);
}
export function ldU8(p: number): number {
  return p >= GUARD && p < len ? dv.getUint8(p) : slow(p, 1).getUint8(sOff);
}
export function ldI16(p: number): number {
  return p >= GUARD && p <= len - 2 ? dv.getInt16(p, true) : slow(p, 2).getInt16(sOff, true);
}
export function ldU16(p: number): number {
  return p >= GUARD && p <= len - 2 ? dv.getUint16(p, true) : slow(p, 2).getUint16(sOff, true);
}
export function ldI32(p: number): number {
  return p >= GUARD && p <= len - 4 ? dv.getInt32(p, true) : slow(p, 4).getInt32(sOff, true);
}
export function ldU32(p: number): number {
  return p >= GUARD && p <= len - 4 ? dv.getUint32(p, true) : slow(p, 4).getUint32(sOff, true);
}
export function ldF32(p: number): number {
  return p >= GUARD && p <= len - 4 ? dv.getFloat32(p, true) : slow(p, 4).getFloat32(sOff, true);
}
export function ldF64(p: number): number {
  return p >= GUARD && p <= len - 8 ? dv.getFloat64(p, true) : slow(p, 8).getFloat64(sOff, true);
}
export function ldBool(p: number): boolean {
  return ldI32(p) !== 0;
}
export function ldI64(p: number): number | bigint {
  let d = dv;
  let o = p;
  if (!(p >= GUARD && p <= len - 8)) {
    d = slow(p, 8);
    o = sOff;
  }
  const lo = d.getUint32(o, true);
  const hi = d.getInt32(o + 4, true);
  if (hi > -2097152 && hi < 2097152) return hi * REGION + lo;
  return normBig(d.getBigInt64(o, true));
}
export function ldU64(p: number): number | bigint {
  let d = dv;
  let o = p;
  if (!(p >= GUARD && p <= len - 8)) {
    d = slow(p, 8);
    o = sOff;
  }
  const lo = d.getUint32(o, true);
  const hi = d.getUint32(o + 4, true);
  if (hi < 2097152) return hi * REGION + lo;
  return normBig(d.getBigUint64(o, true));
}
/** A pointer or function number (8 bytes, unsigned). */
export function ldPtr(p: number): number {
  let d = dv;
  let o = p;
  if (!(p >= GUARD && p <= len - 8)) {
    d = slow(p, 8);
    o = sOff;
  }
  return d.getUint32(o + 4, true) * REGION + d.getUint32(o, true);
}

export function stI8(p: number, v: number): void {
  if (p >= GUARD && p < len) dv.setInt8(p, v);
  else slow(p, 1).setInt8(sOff, v);
}
export const stU8 = stI8;
export function stI16(p: number, v: number): void {
  if (p >= GUARD && p <= len - 2) dv.setInt16(p, v, true);
  else slow(p, 2).setInt16(sOff, v, true);
}
export const stU16 = stI16;
export function stI32(p: number, v: number): void {
  if (p >= GUARD && p <= len - 4) dv.setInt32(p, v, true);
  else slow(p, 4).setInt32(sOff, v, true);
}
export const stU32 = stI32;
export function stF32(p: number, v: number): void {
  if (p >= GUARD && p <= len - 4) dv.setFloat32(p, v, true);
  else slow(p, 4).setFloat32(sOff, v, true);
}
export function stF64(p: number, v: number): void {
  if (p >= GUARD && p <= len - 8) dv.setFloat64(p, v, true);
  else slow(p, 8).setFloat64(sOff, v, true);
}
export function stBool(p: number, v: boolean): void {
  stI32(p, v ? 1 : 0);
}
/** A 64-bit int (number or bigint, any value: taken modulo 2^64), also pointers and function numbers. */
export function stI64(p: number, v: number | bigint): void {
  let d = dv;
  let o = p;
  if (!(p >= GUARD && p <= len - 8)) {
    d = slow(p, 8);
    o = sOff;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) {
    const hi = Math.floor(v / REGION);
    d.setUint32(o, v - hi * REGION, true);
    d.setInt32(o + 4, hi, true);
  } else d.setBigInt64(o, typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)) || 0), true);
}
export const stU64 = stI64;
export const stPtr = stI64;

/** An aggregate's bytes (a fresh copy). */
export function ldAgg(p: number, n: number): Uint8Array {
  if (p >= GUARD && p <= len - n) return u8.slice(p, p + n);
  const b = slowBytes(p, n);
  return b.slice(sOff, sOff + n);
}
export function stAgg(p: number, v: Uint8Array, n: number): void {
  if (p >= GUARD && p <= len - n) u8.set(v.length === n ? v : v.subarray(0, n), p);
  else slowBytes(p, n).set(v.length === n ? v : v.subarray(0, n), sOff);
}

const zeros = new Map<number, Uint8Array>();
/** The all-zero aggregate of n bytes (shared: aggregate values are never mutated). */
export function zero(n: number): Uint8Array {
  let z = zeros.get(n);
  if (!z) zeros.set(n, (z = new Uint8Array(n)));
  return z;
}

// ---------------------------------------------------------------- the C stack
/** Allocates a zeroed frame of `size` bytes for a call; returns its address. */
export function enter(size: number): number {
  if (len === 0) ensure(HEAP0);
  const fp = sp;
  const end = fp + ((size + 15) & ~15);
  if (end > HEAP0) raise('RecursionError', 'C stack overflow (local C arrays and structs of generic code)');
  u8.fill(0, fp, end);
  sp = end;
  return fp;
}
/** Frees the frames from `fp` on (at the end of a call, also when it raises). */
export function leave(fp: number): void {
  sp = fp;
}

// ---------------------------------------------------------------- malloc
function sizeClass(n: number): number {
  if (n <= 0) return 16;
  if (n <= 4096) return (n + 15) & ~15;
  return 2 ** Math.ceil(Math.log2(n));
}

export function malloc(size: number | bigint): number {
  const n = Number(size);
  if (!(n >= 0) || n > MAX_HEAP) return 0;
  if (len === 0 && !ensure(HEAP0)) return 0;
  const cls = sizeClass(n);
  const list = freeLists.get(cls);
  if (list && list.length) {
    const p = list.pop()!;
    dv.setUint32(p - HDR + 4, USED, true);
    return p;
  }
  const p = top + HDR;
  if (!ensure(p + cls)) return 0;
  dv.setUint32(p - HDR, cls, true);
  dv.setUint32(p - HDR + 4, USED, true);
  top = p + cls;
  return p;
}

/** The size class of a live block, or -1 when p is not one. */
function blockSize(p: number): number {
  if (!(p >= HEAP0 + HDR && p < top && p % 16 === 0)) return -1;
  if (dv.getUint32(p - HDR + 4, true) !== USED) return -1;
  return dv.getUint32(p - HDR, true);
}

export function free(p: number): void {
  if (p === 0) return;
  const cls = blockSize(p);
  if (cls < 0) return; // not a live block (double free, stack or foreign address): ignored
  dv.setUint32(p - HDR + 4, FREE, true);
  let list = freeLists.get(cls);
  if (!list) freeLists.set(cls, (list = []));
  list.push(p);
}

export function calloc(n: number | bigint, m: number | bigint): number {
  const total = Number(n) * Number(m);
  if (!(total >= 0) || total > MAX_HEAP) return 0;
  const p = malloc(total);
  if (p !== 0) u8.fill(0, p, p + total);
  return p;
}

export function realloc(p: number, size: number | bigint): number {
  const n = Number(size);
  if (p === 0) return malloc(n);
  const cls = blockSize(p);
  if (cls < 0) return bad(p);
  if (n === 0) {
    free(p);
    return 0;
  }
  if (n <= cls) return p;
  const q = malloc(n);
  if (q === 0) return 0;
  u8.copyWithin(q, p, p + cls);
  free(p);
  return q;
}

export function memmove(d: number, s: number, size: number | bigint): number {
  const n = Number(size);
  if (n <= 0) return d;
  if (d >= GUARD && s >= GUARD && d <= len - n && s <= len - n) u8.copyWithin(d, s, s + n);
  else {
    const src = slowBytes(s, n).slice(sOff, sOff + n);
    slowBytes(d, n).set(src, sOff);
  }
  return d;
}
export const memcpy = memmove;

export function memset(d: number, c: number, size: number | bigint): number {
  const n = Number(size);
  if (n <= 0) return d;
  const b = slowBytes(d, n);
  b.fill(c & 255, sOff, sOff + n);
  return d;
}

export function memcmp(a: number, b: number, size: number | bigint): number {
  const n = Number(size);
  if (n <= 0) return 0;
  const x = slowBytes(a, n).slice(sOff, sOff + n);
  const y = slowBytes(b, n).slice(sOff, sOff + n);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

// ---------------------------------------------------------------- C strings
const bytesPtrs = new WeakMap<Uint8Array, number>();
const freeBytes = typeof FinalizationRegistry !== 'undefined' ? new FinalizationRegistry<number>((p) => free(p)) : null;

/**
 * A bytes object as a `char *` (Cython's bytes → char* coercion): a NUL-terminated
 * copy in C memory, the same for the object's lifetime (freed when it is collected).
 * Writes through the pointer do not change the object (bytes are immutable).
 */
export function bytesPtr(b: unknown): number {
  if (!(b instanceof Uint8Array)) {
    const tn = b === null || b === undefined ? 'NoneType' : typeName(b);
    return raise('TypeError', `expected bytes, ${tn} found`);
  }
  let p = bytesPtrs.get(b);
  if (p !== undefined) return p;
  p = malloc(b.length + 1);
  if (p === 0) return raise('MemoryError', '');
  u8.set(b, p);
  u8[p + b.length] = 0;
  bytesPtrs.set(b, p);
  freeBytes?.register(b, p);
  return p;
}

export function strlen(p: number): number {
  let n = 0;
  if (p >= GUARD) {
    const end = u8.indexOf(0, p);
    if (p < len && end >= 0) return end - p;
  }
  while (ldU8(p + n) !== 0) n++;
  return n;
}

export function strcmp(a: number, b: number): number {
  for (let i = 0; ; i++) {
    const x = ldU8(a + i);
    const y = ldU8(b + i);
    if (x !== y) return x < y ? -1 : 1;
    if (x === 0) return 0;
  }
}

/** The bytes [p, p + n) as a bytes object (`p[:n]`). */
export function bytesAt(p: number, n: number | bigint): Uint8Array {
  const k = Math.max(0, Number(n));
  if (k === 0) return new Uint8Array(0);
  const b = slowBytes(p, k);
  return b.slice(sOff, sOff + k);
}

/** A char pointer as bytes (Cython's char* → bytes): up to the first NUL. */
export function cstr(p: number): Uint8Array {
  if (p === 0) return raise('ValueError', 'cannot convert a NULL char pointer to bytes');
  return bytesAt(p, strlen(p));
}

const ARRAYS: Record<string, { new (b: ArrayBufferLike, off: number, n: number): ArrayBufferView; BYTES_PER_ELEMENT: number }> = {
  float64: Float64Array, float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
};

/**
 * `<double[:n, :m]>p`: a C-contiguous view record over the memory at p (no copy).
 * The extents are positive (the compiled code checked them and NULL).
 */
export function ptrView(p: number, dtype: string, shape: number[]): { data: ArrayBufferView; offset: number; shape: number[]; strides: number[] } {
  const A = ARRAYS[dtype]!;
  const total = shape.reduce((a, b) => a * b, 1);
  const size = A.BYTES_PER_ELEMENT;
  slow(p, total * size); // the whole extent must be C memory
  let buffer: ArrayBufferLike;
  let off: number;
  if (p < REGION) {
    buffer = buf!;
    off = p;
  } else {
    const r = Math.floor(p / REGION);
    buffer = regions[r]!.buffer()!;
    off = p - r * REGION;
  }
  if (off % size !== 0) return raise('ValueError', `a ${dtype} view of C memory needs an address aligned to ${size} bytes`);
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return { data: new A(buffer, off, total), offset: 0, shape, strides };
}

/** qsort(base, n, size, cmp): sorts n elements of `size` bytes in place; cmp gets their addresses. */
export function qsort(base: number, count: number | bigint, width: number | bigint, cmp: (a: number, b: number) => number): void {
  const n = Number(count);
  const size = Number(width);
  if (n <= 1 || size <= 0) return;
  const order = Array.from({ length: n }, (_, i) => i);
  // the elements stay in place while the comparator runs (it sees their addresses)
  order.sort((i, j) => {
    const r = cmp(base + i * size, base + j * size);
    return typeof r === 'number' ? r : Number(r);
  });
  const bytes = slowBytes(base, n * size);
  const at = sOff;
  const copy = bytes.slice(at, at + n * size);
  order.forEach((from, to) => bytes.set(copy.subarray(from * size, from * size + size), at + to * size));
}

/** A call through an invalid function number. */
export function badFn(id: number): never {
  return raise('MemoryError', id === 0 ? 'call through a NULL function pointer' : `call through an invalid function pointer (${id})`);
}

/** Pointer ↔ integer casts: an integer (number | bigint) as an address. */
export function toPtr(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(BigInt.asUintN(64, v)) : v < 0 ? v + 2 ** 64 : v;
}

// ---------------------------------------------------------------- conversions
// The layout description (src/compile/ir/layout.ts, CSpec) the glue passes.
export type CSpec =
  | { k: 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'bool' | 'ptr' | 'fn'; c: string }
  | { k: 'struct'; c: string; size: number; union: boolean; fields: { name: string; off: number; t: CSpec }[] }
  | { k: 'tuple'; c: string; size: number; items: { off: number; t: CSpec }[] }
  | { k: 'array'; c: string; size: number; n: number; stride: number; elem: CSpec; bytes?: true };

function readScalar(d: DataView<ArrayBufferLike>, o: number, t: CSpec): any {
  switch (t.k) {
    case 'i8': return d.getInt8(o);
    case 'u8': return d.getUint8(o);
    case 'i16': return d.getInt16(o, true);
    case 'u16': return d.getUint16(o, true);
    case 'i32': return d.getInt32(o, true);
    case 'u32': return d.getUint32(o, true);
    case 'i64': return normBig(d.getBigInt64(o, true));
    case 'u64': return normBig(d.getBigUint64(o, true));
    case 'f32': return d.getFloat32(o, true);
    case 'f64': return d.getFloat64(o, true);
    case 'bool': return d.getInt32(o, true) !== 0;
    case 'ptr':
    case 'fn': return d.getUint32(o + 4, true) * REGION + d.getUint32(o, true);
  }
  return undefined;
}

function writeScalar(d: DataView<ArrayBufferLike>, o: number, t: CSpec, v: any): void {
  switch (t.k) {
    case 'i8': case 'u8': d.setInt8(o, v); return;
    case 'i16': case 'u16': d.setInt16(o, v, true); return;
    case 'i32': case 'u32': d.setInt32(o, v, true); return;
    case 'i64': case 'u64': case 'ptr': case 'fn': d.setBigInt64(o, BigInt.asIntN(64, BigInt(v)), true); return;
    case 'f32': d.setFloat32(o, v, true); return;
    case 'f64': d.setFloat64(o, v, true); return;
    case 'bool': d.setInt32(o, v ? 1 : 0, true); return;
  }
}

/** Aggregate bytes → the JS value the boundary returns: struct → plain object (field order), C array / ctuple → Array. */
export function decode(t: CSpec, bytes: Uint8Array): any {
  return dec(t, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, false);
}

/** Aggregate bytes → Python value: struct → dict, C array → list, ctuple → tuple. */
export function toPy(t: CSpec, bytes: Uint8Array): any {
  return dec(t, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, true);
}

function dec(t: CSpec, d: DataView<ArrayBufferLike>, o: number, py: boolean): any {
  switch (t.k) {
    case 'struct': {
      if (py) {
        const r = new PyDict();
        for (const f of t.fields) r.set(f.name, dec(f.t, d, o + f.off, true));
        return r;
      }
      const r: Record<string, any> = {};
      for (const f of t.fields) r[f.name] = dec(f.t, d, o + f.off, false);
      return r;
    }
    case 'tuple': {
      const items = t.items.map((it) => dec(it.t, d, o + it.off, py));
      return py ? tuple(items) : items;
    }
    case 'array': {
      if (t.bytes) {
        // char arrays are bytes, up to the first NUL (Cython's char * conversion)
        const end = new Uint8Array(d.buffer, d.byteOffset + o, t.n).indexOf(0);
        return new Uint8Array(d.buffer.slice(d.byteOffset + o, d.byteOffset + o + (end < 0 ? t.n : end)));
      }
      const out = new Array(t.n);
      // Cython converts a bint array element by element as C ints: [1, 0], not [True, False]
      if (t.elem.k === 'bool') for (let i = 0; i < t.n; i++) out[i] = d.getInt32(o + i * t.stride, true);
      else for (let i = 0; i < t.n; i++) out[i] = dec(t.elem, d, o + i * t.stride, py);
      return out;
    }
    case 'f32':
    case 'f64':
      return py ? boxFloat(readScalar(d, o, t)) : readScalar(d, o, t);
    case 'i64':
    case 'u64':
      return py ? readScalar(d, o, t) : i64ToJS(readScalar(d, o, t));
    default:
      return readScalar(d, o, t);
  }
}

/**
 * JS value → aggregate bytes at the JS boundary (struct: a plain object or a Map; C
 * array: an Array; ctuple: an Array standing for a tuple), with Cython's errors.
 */
export function encode(t: CSpec, v: any, argName?: string): Uint8Array {
  void argName;
  const out = new Uint8Array((t as { size: number }).size);
  enc(t, new DataView(out.buffer), 0, v, false);
  return out;
}

/** Python value → aggregate bytes (struct: a mapping; C array: a sequence; ctuple: a tuple). */
export function fromPy(t: CSpec, v: any, argName?: string): Uint8Array {
  void argName;
  const out = new Uint8Array((t as { size: number }).size);
  enc(t, new DataView(out.buffer), 0, v, true);
  return out;
}

function mappingGet(v: any, key: string): { found: boolean; value: any } {
  if (v instanceof PyDict) return v.has(key) ? { found: true, value: v.get(key) } : { found: false, value: undefined };
  if (v instanceof Map) return v.has(key) ? { found: true, value: v.get(key) } : { found: false, value: undefined };
  if (Object.prototype.hasOwnProperty.call(v, key)) return { found: true, value: v[key] };
  return { found: false, value: undefined };
}

function isMapping(v: any, py: boolean): boolean {
  if (v instanceof PyDict || v instanceof Map) return true;
  if (py) return false;
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof PyFloat);
}

function enc(t: CSpec, d: DataView<ArrayBufferLike>, o: number, v: any, py: boolean): void {
  switch (t.k) {
    case 'struct': {
      if (!isMapping(v, py)) throw TypeErr(`Expected a mapping, got ${typeName(v)}`);
      if (t.union) {
        // Cython: a union converts from a mapping with exactly one of its members
        const present = t.fields.filter((f) => mappingGet(v, f.name).found);
        if (present.length === 0) throw ValueErr(`No value specified for any of the union attributes (${t.fields.map((f) => f.name).join(', ')})`);
        if (present.length > 1) throw ValueErr(`More than one union attribute passed: '${present[0]!.name}' and '${present[1]!.name}'`);
      }
      for (const f of t.fields) {
        const m = mappingGet(v, f.name);
        if (!m.found) {
          if (t.union) continue;
          throw ValueErr(`No value specified for struct attribute '${f.name}'`);
        }
        enc(f.t, d, o + f.off, m.value, py);
      }
      return;
    }
    case 'tuple': {
      const ok = py ? isTuple(v) : Array.isArray(v) || isTuple(v);
      if (!ok || v.length !== t.items.length) {
        const tn = !py && Array.isArray(v) ? 'tuple' : typeName(v);
        throw TypeErr(`Expected a tuple of size ${t.items.length}, got ${tn}`);
      }
      t.items.forEach((it, i) => enc(it.t, d, o + it.off, v[i], py));
      return;
    }
    case 'array': {
      if (t.bytes && v instanceof Uint8Array) {
        // bytes into a char array: Cython converts them as a sequence of ints, exactly n of them
        if (v.length < t.n) throw IndexErr(`not enough values found during array assignment, expected ${t.n}, got ${v.length}`);
        if (v.length > t.n) throw IndexErr(`too many values found during array assignment, expected ${t.n}`);
        new Uint8Array(d.buffer, d.byteOffset + o, t.n).set(v);
        return;
      }
      if (!Array.isArray(v) && !isTuple(v)) throw TypeErr(`Expected a sequence, got ${typeName(v)}`);
      if (v.length < t.n) throw IndexErr(`not enough values found during array assignment, expected ${t.n}, got ${v.length}`);
      if (v.length > t.n) throw IndexErr(`too many values found during array assignment, expected ${t.n}`);
      for (let i = 0; i < t.n; i++) enc(t.elem, d, o + i * t.stride, v[i], py);
      return;
    }
    case 'f32':
    case 'f64':
      writeScalar(d, o, t, toFloat(v, t.k));
      return;
    case 'bool':
      writeScalar(d, o, t, toBint(v));
      return;
    case 'ptr':
    case 'fn':
      throw TypeErr(`Cannot convert Python object to '${t.c}'`);
    default:
      writeScalar(d, o, t, py ? unboxInt(v, t.k, t.c) : toInt(v, t.k, t.c));
  }
}
