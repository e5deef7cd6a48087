// The wasm back end at run time: instantiation, the module's linear memory (state
// block, a heap with a free-list allocator, growth), wasm-owned arrays that pass
// with no copy, copy-in/copy-out of ordinary TypedArrays, and per-function call
// wrappers that take exactly the native ABI's argument list (docs/wasm-abi.md).
// NDArray and the exception classes come from the runtime's index, which the build
// bundles into one file: the glue and the public API then share its classes (an
// `alloc`ed array is an instance of $rt.NDArray; a MemoryError raised here is caught
// by `except MemoryError` in generic code).
import { NDArray, DTYPES } from './ndarray.js';
import { newExc } from './exceptions.js';
import type { DType } from './ndarray.js';
import type { TypedArray } from './values.js';

// ---------------------------------------------------------------- boundary signatures
/** A C scalar at the boundary, by the IR's kind names. */
export type WasmScalar = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'bool';
/** A memoryview parameter. */
export interface WasmViewParam {
  /** dtype of the TypedArray (bint → 'int32'). */
  view: DType;
  elem: WasmScalar;
  ndim: number;
  contig: 'c' | 'f' | null;
  /** const view: never written back. */
  readonly: boolean;
  /** false when the function cannot write to memory (no write-back either); absent = may write. */
  written?: boolean;
}
export type WasmParam = WasmScalar | WasmViewParam;

/** How to call one native function (emitted by src/compile/wasm as JSON). */
export interface WasmSig {
  /** IR function name. */
  name: string;
  /** The export taking 64-bit ints as numbers (safe integers). */
  export: string;
  /** The export taking 64-bit ints as bigints; null when the function has no 64-bit int parameter. */
  exportBig: string | null;
  params: WasmParam[];
  ret: WasmScalar | 'void';
  mayRaise: boolean;
}

/** Where things are in linear memory (from `emitWasm(...).memory`). */
export interface WasmLayout {
  stateOffset: number;
  heapBase: number;
}

/** Bytes 8..15 of linear memory: the exact bits of the last 64-bit int result. */
export const WASM_RESULT_SLOT = 8;
const PAGE = 65536;
const MAX_BYTES = 65536 * PAGE;
/** Bytes of C stack per module whose native code has memory locals (ir.ts, C data). */
const C_STACK_BYTES = 1 << 20;

// ---------------------------------------------------------------- C math in JS
const f64buf = new DataView(new ArrayBuffer(8));

/** Finite nonzero x as mant × 2^exp (mant a signed bigint). */
function decompose(x: number): [bigint, number] {
  f64buf.setFloat64(0, x);
  const hi = f64buf.getUint32(0);
  const lo = f64buf.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    m |= 1n << 52n;
    exp = e - 1075;
  }
  return [hi >>> 31 ? -m : m, exp];
}

function bitLength(a: bigint): number {
  return a === 0n ? 0 : a.toString(2).length;
}

/** m × 2^e rounded to nearest-even at `prec` bits, subnormals below 2^emin (ulp exponent). */
function roundExact(m: bigint, e: number, prec: number, emin: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const top = e + bitLength(a) - 1;
  const q = Math.max(top - (prec - 1), emin);
  if (q > e) {
    const sh = BigInt(q - e);
    const rem = a & ((1n << sh) - 1n);
    a >>= sh;
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (a & 1n) === 1n)) a += 1n;
    e = q;
  }
  const r = ldexp(Number(a), e);
  return neg ? -r : r;
}

function ldexp(x: number, n: number): number {
  // musl scalbn: exact scaling, one rounding for subnormal results
  if (n > 1023) {
    x *= 2 ** 1023;
    n -= 1023;
    if (n > 1023) {
      x *= 2 ** 1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    x *= 2 ** -969;
    n += 969;
    if (n < -1022) {
      x *= 2 ** -969;
      n += 969;
      if (n < -1022) n = -1022;
    }
  }
  return x * 2 ** n;
}

function fmaTo(a: number, b: number, c: number, prec: number, emin: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b + c;
  if (!Number.isFinite(c)) return c;
  if (a === 0 || b === 0) return a * b + c;
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const mp = ma * mb;
  const ep = ea + eb;
  if (c === 0) return roundExact(mp, ep, prec, emin);
  const [mc, ec] = decompose(c);
  const e = Math.min(ep, ec);
  const s = (mp << BigInt(ep - e)) + (mc << BigInt(ec - e));
  return s === 0n ? 0 : roundExact(s, e, prec, emin);
}

/** IEEE remainder (fdlibm e_remainder). */
function remainder(x: number, p: number): number {
  if (p === 0 || Number.isNaN(p) || !Number.isFinite(x)) return NaN;
  if (!Number.isFinite(p)) return x;
  const sx = x < 0 || Object.is(x, -0);
  const ap = Math.abs(p);
  if (ap <= 8.98846567431158e307) x %= ap + ap;
  let ax = Math.abs(x);
  if (ax === ap) return sx ? -0 : 0;
  if (ap < 4.450147717014403e-308) {
    if (ax + ax > ap) {
      ax -= ap;
      if (ax + ax >= ap) ax -= ap;
    }
  } else {
    const h = 0.5 * ap;
    if (ax > h) {
      ax -= ap;
      if (ax >= h) ax -= ap;
    }
  }
  return sx ? -ax : ax;
}

const SQRTPI = Math.sqrt(Math.PI);
function erfSeries(x: number): number {
  // erf(x) = 2/sqrt(pi) e^{-x^2} sum 2^n x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return ((2 / SQRTPI) * Math.exp(-x2)) * sum;
}
function erfcFraction(x: number): number {
  // x > 0: erfc(x) = e^{-x^2}/sqrt(pi) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))) (modified Lentz)
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 5000; n++) {
    const an = n / 2;
    D = x + an * D;
    D = D === 0 ? tiny : D;
    C = x + an / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRTPI / f;
}
function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax === 0) return x;
  if (ax >= 6) return x > 0 ? 1 : -1;
  const r = ax < 2.5 ? erfSeries(ax) : 1 - erfcFraction(ax);
  return x < 0 ? -r : r;
}
function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 0.5) return 1 - erf(x);
  if (x > 27.3) return 0;
  return x < 2.5 ? 1 - erfSeries(x) : erfcFraction(x);
}

// Lanczos approximation (g = 7, n = 9)
const LG = 7;
const LC = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function lanczosSum(x: number): number {
  let a = LC[0]!;
  for (let i = 1; i < 9; i++) a += LC[i]! / (x + i);
  return a;
}
function tgamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Infinity) return x;
  if (x === -Infinity) return NaN;
  if (x === 0) return 1 / x;
  if (x < 0 && Number.isInteger(x)) return NaN;
  if (Number.isInteger(x) && x <= 171) {
    let r = 1;
    for (let k = 2; k < x; k++) r *= k;
    return r;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * tgamma(1 - x));
  if (x > 171.7) return Infinity;
  const y = x - 1;
  const t = y + LG + 0.5;
  // split the power so that it does not overflow before the division by e^t
  const p = Math.pow(t, (y + 0.5) / 2);
  return ((Math.sqrt(2 * Math.PI) * p) * (p * Math.exp(-t))) * lanczosSum(y);
}
function lgamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  if (x < 20) return Math.log(Math.abs(tgamma(x)));
  const y = x - 1;
  const t = y + LG + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(lanczosSum(y));
}

/** The JS functions a cypyx wasm module imports (module "cypyx"), with C semantics. */
export const WASM_MATH: Record<string, (...a: number[]) => number> = {
  exp: Math.exp,
  exp2: (x) => Math.pow(2, x),
  expm1: Math.expm1,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  cbrt: Math.cbrt,
  atan2: Math.atan2,
  hypot: (x, y) => Math.hypot(x, y),
  // C pow: pow(1, y) == 1 and pow(-1, ±inf) == 1 (Math.pow gives NaN)
  pow: (x, y) => (x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y)),
  // JS % on numbers is C fmod, exactly
  fmod: (x, y) => x % y,
  remainder,
  ldexp,
  fma: (a, b, c) => fmaTo(a, b, c, 53, -1074),
  fmaf: (a, b, c) => fmaTo(a, b, c, 24, -149),
  erf,
  erfc,
  tgamma,
  lgamma,
};

// ---------------------------------------------------------------- linear memory heap
/**
 * A first-fit free-list allocator over [heapBase, memory end), 16-byte granules,
 * growing the memory on demand. Bookkeeping lives in JS (no headers in memory).
 */
export class WasmHeap {
  top: number;
  private readonly free: { a: number; s: number }[] = [];
  private readonly live = new Map<number, number>();

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly base: number,
    private readonly onGrow: () => void,
  ) {
    this.top = base;
  }

  /** Bytes currently allocated. */
  get used(): number {
    let n = 0;
    for (const s of this.live.values()) n += s;
    return n;
  }

  malloc(bytes: number): number {
    if (!(bytes >= 0) || bytes > MAX_BYTES) throw newExc('MemoryError', `cannot allocate ${bytes} bytes in wasm memory`);
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const fl = this.free;
    for (let i = 0; i < fl.length; i++) {
      const blk = fl[i]!;
      if (blk.s < size) continue;
      const a = blk.a;
      if (blk.s === size) fl.splice(i, 1);
      else {
        blk.a += size;
        blk.s -= size;
      }
      this.live.set(a, size);
      return a;
    }
    const a = this.top;
    const end = a + size;
    if (end > this.memory.buffer.byteLength) this.grow(end);
    this.top = end;
    this.live.set(a, size);
    return a;
  }

  /** The size of the live block at `a`, or undefined (C realloc). */
  blockSize(a: number): number | undefined {
    return this.live.get(a);
  }

  release(a: number): void {
    const size = this.live.get(a);
    if (size === undefined) throw new Error(`cypyx wasm heap: free of ${a}, which is not allocated`);
    this.live.delete(a);
    const fl = this.free;
    if (a + size === this.top) {
      this.top = a;
      while (fl.length && fl[fl.length - 1]!.a + fl[fl.length - 1]!.s === this.top) this.top = fl.pop()!.a;
      return;
    }
    // insert sorted by address, coalescing with the neighbors
    let lo = 0;
    let hi = fl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fl[mid]!.a < a) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? fl[lo - 1]! : null;
    const next = lo < fl.length ? fl[lo]! : null;
    if (prev && prev.a + prev.s === a) {
      prev.s += size;
      if (next && prev.a + prev.s === next.a) {
        prev.s += next.s;
        fl.splice(lo, 1);
      }
    } else if (next && a + size === next.a) {
      next.a = a;
      next.s += size;
    } else fl.splice(lo, 0, { a, s: size });
  }

  private grow(end: number): void {
    const cur = this.memory.buffer.byteLength;
    const need = Math.ceil((end - cur) / PAGE);
    const curPages = cur / PAGE;
    // amortized: grow by at least half the current size (at most 64 MiB at a time)
    const want = Math.max(need, Math.min(Math.ceil(curPages / 2), 1024));
    try {
      this.memory.grow(Math.min(want, 65536 - curPages));
    } catch {
      try {
        this.memory.grow(need);
      } catch {
        throw newExc('MemoryError', `cannot grow wasm memory to ${end} bytes`);
      }
    }
    if (this.memory.buffer.byteLength < end) throw newExc('MemoryError', `cannot grow wasm memory to ${end} bytes`);
    this.onGrow();
  }
}

// ---------------------------------------------------------------- the state block
/**
 * TypedArray views over the state block (index = byte offset / element size,
 * exactly as over the native state ArrayBuffer). The object is stable; its
 * arrays are replaced when memory grows: never cache them across a call.
 */
export class WasmState {
  buffer!: ArrayBuffer;
  i8!: Int8Array;
  u8!: Uint8Array;
  i16!: Int16Array;
  u16!: Uint16Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  i64!: BigInt64Array;
  u64!: BigUint64Array;
  f32!: Float32Array;
  f64!: Float64Array;

  constructor(
    readonly offset: number,
    readonly size: number,
  ) {}

  refresh(buf: ArrayBuffer): void {
    const o = this.offset;
    const n = this.size;
    this.buffer = buf;
    this.i8 = new Int8Array(buf, o, n);
    this.u8 = new Uint8Array(buf, o, n);
    this.i16 = new Int16Array(buf, o, n >> 1);
    this.u16 = new Uint16Array(buf, o, n >> 1);
    this.i32 = new Int32Array(buf, o, n >> 2);
    this.u32 = new Uint32Array(buf, o, n >> 2);
    this.i64 = new BigInt64Array(buf, o, n >> 3);
    this.u64 = new BigUint64Array(buf, o, n >> 3);
    this.f32 = new Float32Array(buf, o, n >> 2);
    this.f64 = new Float64Array(buf, o, n >> 3);
  }
}

/** The raised error as stored in the state block (docs/native-abi.md, ERROR_STATE). */
export interface WasmError {
  exc: number;
  msg: number;
  argsF64: number[];
  argsI64: bigint[];
  line: number;
}

// ---------------------------------------------------------------- arrays and copies
type TA = Exclude<ArrayBufferView, DataView> & { length: number; BYTES_PER_ELEMENT: number; [k: number]: any };

interface Job {
  p: WasmViewParam;
  ta: TA;
  /** index in the wasm argument list of the address, then extents, then strides */
  w: number;
  shape: number[];
  strides: number[];
  /** byte range in ta.buffer that the view covers, and the byte of element 0 */
  lo: number;
  hi: number;
  first: number;
  count: number;
}

interface Copy {
  kind: 'span' | 'compact';
  buf: ArrayBufferLike;
  /** the allocation, and the address of byte `lo` inside it */
  alloc: number;
  addr: number;
  lo: number;
  len: number;
  write: boolean;
  job?: Job;
}

const UNIT: Record<number, { new (b: ArrayBufferLike, o: number, n: number): { [k: number]: number } }> = {
  1: Uint8Array,
  2: Uint16Array,
  4: Uint32Array,
  8: Uint32Array,
};

/** Calls fn(sourceElement, k) for every element of the view in C (or F) order, k = 0, 1, ... */
function forEachElem(shape: number[], strides: number[], fOrder: boolean, fn: (src: number, k: number) => void): void {
  const n = shape.length;
  const dims = fOrder ? [...Array(n).keys()] : [...Array(n).keys()].reverse(); // fastest first
  let k = 0;
  const rec = (level: number, base: number) => {
    const d = dims[level]!;
    const ext = shape[d]!;
    const st = strides[d]!;
    if (level === 0) {
      for (let i = 0; i < ext; i++) fn(base + i * st, k++);
    } else for (let i = 0; i < ext; i++) rec(level - 1, base + i * st);
  };
  if (n === 0) fn(0, 0);
  else rec(n - 1, 0);
}

/** Whether a copied-in view is copied back after the call. */
function writesBack(p: WasmViewParam): boolean {
  return !p.readonly && p.written !== false;
}

function detachedError(old: boolean): Error {
  return newExc(
    'ValueError',
    old
      ? 'TypedArray over wasm memory is detached (the memory grew): read the array\'s .data again after allocating'
      : 'cannot pass a detached ArrayBuffer',
  );
}

// ---------------------------------------------------------------- scalar call wrappers
type Fn = (...a: any[]) => any;
const num = (x: unknown) => typeof x === 'number';
const big = (x: any) => (typeof x === 'bigint' ? x : BigInt(x));

/**
 * The wrapper of a function without memoryview parameters. Fixed-arity closures
 * (no rest arguments) keep the call within a few ns of the raw export: a 64-bit
 * int argument that is a number takes the f64 export, a bigint the i64 one.
 */
function scalarCaller(sig: WasmSig, ex: Fn, exBig: Fn | null, conv: ((r: any) => any) | null): Fn {
  const n = sig.params.length;
  let mask = 0;
  sig.params.forEach((p, k) => {
    if (p === 'i64' || p === 'u64') mask |= 1 << k;
  });
  if (mask === 0) {
    if (!conv) return ex;
    const cv = conv;
    switch (n) {
      case 0:
        return () => cv(ex());
      case 1:
        return (a) => cv(ex(a));
      case 2:
        return (a, b) => cv(ex(a, b));
      case 3:
        return (a, b, c) => cv(ex(a, b, c));
      default:
        return (...a) => cv(ex(...a));
    }
  }
  const B = exBig!;
  const id = (r: any) => r;
  const cv = conv ?? id;
  const m0 = mask & 1;
  const m1 = mask & 2;
  const m2 = mask & 4;
  const m3 = mask & 8;
  const bg = (on: number, x: any) => (on ? big(x) : x);
  switch (n) {
    case 1:
      return (a) => cv(num(a) ? ex(a) : B(big(a)));
    case 2:
      return (a, b) => cv((!m0 || num(a)) && (!m1 || num(b)) ? ex(a, b) : B(bg(m0, a), bg(m1, b)));
    case 3:
      return (a, b, c) => cv((!m0 || num(a)) && (!m1 || num(b)) && (!m2 || num(c)) ? ex(a, b, c) : B(bg(m0, a), bg(m1, b), bg(m2, c)));
    case 4:
      return (a, b, c, d) =>
        cv(
          (!m0 || num(a)) && (!m1 || num(b)) && (!m2 || num(c)) && (!m3 || num(d))
            ? ex(a, b, c, d)
            : B(bg(m0, a), bg(m1, b), bg(m2, c), bg(m3, d)),
        );
    default:
      return (...a) => {
        for (let k = 0; k < n; k++) if (mask & (1 << k) && !num(a[k])) return cv(B(...a.map((x, j) => bg(mask & (1 << j), x))));
        return cv(ex(...a));
      };
  }
}

// ---------------------------------------------------------------- the memory
export interface WasmInstanceOptions {
  /** Replacements for the JS math imports (e.g. the runtime's own erf/tgamma). */
  math?: Record<string, (...a: number[]) => number>;
  /**
   * The memory to instantiate in. Default: a new private memory whose first
   * `layout.heapBase` bytes are reserved, the state block at `layout.stateOffset`
   * (one module per memory). The loader passes `sharedWasmMemory()`: the state block
   * is then allocated in its heap.
   */
  memory?: WasmMemory;
}

interface AllocRecord {
  ptr: number;
  count: number;
  ctor: any;
  freed: boolean;
  refs: number;
  ta: TA | null;
}

/** Bytes reserved at the start of a shared memory: the None guard and the 64-bit result slot. */
const SHARED_RESERVED = 16;
const INITIAL_PAGES = 16;

/**
 * One WebAssembly.Memory with its heap: the arrays of `alloc`, the per-call copies
 * and the state blocks of the modules instantiated in it. Growth detaches every
 * TypedArray over the old buffer; `onGrow` listeners (the modules' state views)
 * are refreshed at once.
 */
export class WasmMemory {
  readonly memory: WebAssembly.Memory;
  readonly heap: WasmHeap;
  /** Buffers of this memory from before a growth (detached). */
  private readonly oldBuffers = new WeakSet<ArrayBufferLike>();
  private readonly listeners = new Set<(buf: ArrayBuffer) => void>();
  private readonly allocs = new WeakMap<object, AllocRecord>();
  private readonly registry = new FinalizationRegistry<AllocRecord>((rec) => this.unref(rec));
  private buf: ArrayBuffer;
  slotI64!: BigInt64Array;
  slotU64!: BigUint64Array;

  /** `reserved`: bytes at the start that the heap never hands out (≥ 16). */
  constructor(reserved: number = SHARED_RESERVED) {
    const base = Math.max(SHARED_RESERVED, (reserved + 15) & ~15);
    const pages = Math.max(INITIAL_PAGES, Math.ceil(base / PAGE) + 1);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_BYTES / PAGE });
    this.buf = this.memory.buffer;
    this.refresh();
    this.heap = new WasmHeap(this.memory, base, () => this.refresh());
  }

  private refresh(): void {
    if (this.buf !== this.memory.buffer) this.oldBuffers.add(this.buf);
    this.buf = this.memory.buffer;
    this.slotI64 = new BigInt64Array(this.buf, WASM_RESULT_SLOT, 1);
    this.slotU64 = new BigUint64Array(this.buf, WASM_RESULT_SLOT, 1);
    for (const fn of this.listeners) fn(this.buf);
  }

  /** Calls `fn(buffer)` now and after every growth. */
  onGrow(fn: (buf: ArrayBuffer) => void): void {
    this.listeners.add(fn);
    fn(this.buf);
  }

  /** Whether `buf` is a buffer of this memory from before a growth. */
  wasBuffer(buf: ArrayBufferLike): boolean {
    return this.oldBuffers.has(buf);
  }

  malloc(bytes: number): number {
    return this.heap.malloc(bytes);
  }

  /** `bytes` zeroed bytes, 16-aligned, never freed (a module's state block). */
  reserve(bytes: number): number {
    const a = this.heap.malloc(Math.max(bytes, 16));
    new Uint8Array(this.memory.buffer, a, bytes).fill(0);
    return a;
  }

  free(ptrOrArray: number | object): void {
    if (typeof ptrOrArray === 'number') return this.heap.release(ptrOrArray);
    const rec = this.allocs.get(ptrOrArray);
    if (!rec) throw newExc('ValueError', 'not an array allocated in this wasm memory');
    if (!rec.freed) {
      rec.freed = true;
      this.heap.release(rec.ptr);
    }
  }

  private unref(rec: AllocRecord): void {
    if (--rec.refs === 0 && !rec.freed) {
      rec.freed = true;
      this.heap.release(rec.ptr);
    }
  }

  /**
   * A zero-filled C-contiguous array in wasm memory (`cypyx.alloc`): an NDArray
   * whose `data` getter returns a TypedArray over the current memory buffer, so
   * it passes to the modules of this memory with no copy. The memory is freed when
   * the NDArray and every TypedArray read from it are unreachable, or by `free`.
   */
  alloc(dtype: DType, shape: number | number[]): NDArray {
    const info = DTYPES[dtype];
    if (!info) throw newExc('ValueError', `unknown dtype ${String(dtype)}`);
    const dims = typeof shape === 'number' ? [shape] : [...shape];
    let count = 1;
    for (const n of dims) {
      if (!Number.isSafeInteger(n) || n < 0) throw newExc('ValueError', `bad extent ${n}`);
      count *= n;
    }
    const bytes = count * info.itemsize;
    const ptr = this.heap.malloc(bytes);
    new Uint8Array(this.memory.buffer, ptr, bytes).fill(0);
    const rec: AllocRecord = { ptr, count, ctor: info.ctor, freed: false, refs: 0, ta: null };
    const arr = new NDArray(this.view(rec) as unknown as TypedArray, dims, undefined, 0, dtype);
    Object.defineProperty(arr, 'data', {
      get: () => this.view(rec),
      set: () => {
        throw newExc('AttributeError', 'the data of a wasm-allocated array cannot be replaced');
      },
      enumerable: true,
      configurable: true,
    });
    this.allocs.set(arr, rec);
    rec.refs++;
    this.registry.register(arr, rec);
    return arr;
  }

  private view(rec: AllocRecord): TA {
    if (rec.freed) throw newExc('ValueError', 'wasm array used after free()');
    if (!rec.ta || rec.ta.buffer !== this.memory.buffer) {
      rec.ta = new rec.ctor(this.memory.buffer, rec.ptr, rec.count) as TA;
      rec.refs++;
      this.registry.register(rec.ta, rec);
      this.allocs.set(rec.ta, rec);
    }
    return rec.ta;
  }

  /** Whether `ta` is over this memory (passes with no copy). */
  isWasmOwned(ta: ArrayBufferView): boolean {
    return ta.buffer === this.memory.buffer;
  }
}

const SHARED_KEY = Symbol.for('cypyx.wasm.memory');

/**
 * The memory every wasm module of this thread is instantiated in (created on first
 * use). Kept on globalThis, so that two copies of the runtime (e.g. cypyx reached
 * through two paths) still share it.
 */
export function sharedWasmMemory(): WasmMemory {
  const g = globalThis as unknown as Record<symbol, WasmMemory | undefined>;
  return (g[SHARED_KEY] ??= new WasmMemory());
}

/**
 * `cypyx.alloc(dtype, shape)`: a zero-filled C-order array in the shared wasm memory,
 * passed without copies to every wasm module (and, as any TypedArray, to native ones).
 * 1-D or N-D: an NDArray whose `data` is re-read after anything that may grow memory.
 */
export function alloc(dtype: DType, shape: number | number[]): NDArray {
  return sharedWasmMemory().alloc(dtype, shape);
}

// ---------------------------------------------------------------- the instance
export class WasmInstance {
  readonly instance: WebAssembly.Instance;
  readonly exports: Record<string, any>;
  readonly mem: WasmMemory;
  readonly memory: WebAssembly.Memory;
  readonly heap: WasmHeap;
  /** Views over the state block; stable object, arrays refreshed on growth. */
  readonly state: WasmState;
  /** Address of the state block. */
  readonly stateAddr: number;

  constructor(
    readonly module: WebAssembly.Module,
    readonly layout: WasmLayout,
    opts: WasmInstanceOptions = {},
  ) {
    const stateSize = layout.heapBase - layout.stateOffset;
    if (opts.memory) {
      this.mem = opts.memory;
      this.stateAddr = this.mem.reserve(stateSize);
    } else {
      this.mem = new WasmMemory(layout.heapBase);
      this.stateAddr = layout.stateOffset;
    }
    this.memory = this.mem.memory;
    this.heap = this.mem.heap;
    const math = { ...WASM_MATH, ...opts.math };
    const imports: Record<string, any> = {};
    const cmem = this.cMemoryImports();
    let stack = 0;
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module === 'cypyx' && imp.kind === 'memory' && imp.name === 'memory') imports.memory = this.memory;
      else if (imp.module === 'cypyx' && imp.kind === 'global' && imp.name === 'stateBase') imports.stateBase = this.stateAddr;
      else if (imp.module === 'cypyx' && imp.kind === 'global' && (imp.name === 'stackBase' || imp.name === 'stackEnd')) {
        // the C stack of this module's memory locals (frames of native functions with C data)
        if (!stack) stack = this.mem.reserve(C_STACK_BYTES);
        imports[imp.name] = imp.name === 'stackBase' ? stack : stack + C_STACK_BYTES;
      } else if (imp.module === 'cypyx' && imp.kind === 'function' && cmem[imp.name]) imports[imp.name] = cmem[imp.name];
      else if (imp.module === 'cypyx' && imp.kind === 'function' && math[imp.name]) imports[imp.name] = math[imp.name];
      else throw new Error(`cypyx wasm: unknown import ${imp.module}.${imp.name}`);
    }
    this.instance = new WebAssembly.Instance(module, { cypyx: imports });
    this.exports = this.instance.exports as Record<string, any>;
    this.state = new WasmState(this.stateAddr, stateSize);
    this.mem.onGrow((buf) => this.state.refresh(buf));
  }

  /**
   * C's malloc / calloc / realloc / free for compiled code (imports c_*): blocks of the
   * shared heap; out of memory gives NULL; freeing something that is not a live block is
   * ignored (it is the program's bug, as in C, but never breaks the heap).
   */
  private cMemoryImports(): Record<string, Function> {
    const heap = () => this.mem.heap;
    const malloc = (n: number): number => {
      if (!(n >= 0) || n > MAX_BYTES) return 0;
      try {
        return this.mem.malloc(Math.max(n, 1));
      } catch {
        return 0;
      }
    };
    const free = (p: number): void => {
      if (p !== 0 && heap().blockSize(p) !== undefined) heap().release(p);
    };
    return {
      c_malloc: malloc,
      c_calloc: (n: number, m: number): number => {
        const total = n * m;
        const p = malloc(total);
        if (p !== 0) new Uint8Array(this.memory.buffer, p, total).fill(0);
        return p;
      },
      c_realloc: (p: number, n: number): number => {
        if (p === 0) return malloc(n);
        const old = heap().blockSize(p);
        if (old === undefined) return 0;
        if (n === 0) {
          free(p);
          return 0;
        }
        if (n <= old) return p;
        const q = malloc(n);
        if (q === 0) return 0;
        new Uint8Array(this.memory.buffer).copyWithin(q, p, p + old);
        free(p);
        return q;
      },
      c_free: free,
    };
  }

  // ---------------------------------------------------------------- errors
  /** The pending error, or null. Does not clear it. */
  error(): WasmError | null {
    const s = this.state;
    if (s.i32[0] === 0) return null;
    return {
      exc: s.i32[0]!,
      msg: s.i32[1]!,
      argsF64: Array.from(s.f64.subarray(1, 5)),
      argsI64: Array.from(s.i64.subarray(5, 9)),
      line: s.i32[18]!,
    };
  }
  clearError(): void {
    this.state.i32[0] = 0;
  }

  // ---------------------------------------------------------------- memory
  malloc(bytes: number): number {
    return this.mem.malloc(bytes);
  }
  free(ptrOrArray: number | object): void {
    this.mem.free(ptrOrArray);
  }
  /** An array in this instance's memory (see WasmMemory.alloc). */
  alloc(dtype: DType, shape: number | number[]): NDArray {
    return this.mem.alloc(dtype, shape);
  }
  /** Whether `ta` is over this module's memory (passes with no copy). */
  isWasmOwned(ta: ArrayBufferView): boolean {
    return this.mem.isWasmOwned(ta);
  }

  // ---------------------------------------------------------------- calls
  /**
   * A JS function taking the native ABI's argument list for `sig` (docs/native-abi.md:
   * scalars as numbers, 64-bit ints as number or bigint, a memoryview as
   * TypedArray|null, element offset, extents, strides) and returning the native
   * ABI's result (bint → boolean, 64-bit → number when |v| ≤ 2^53 else bigint).
   * When the function raised, the error state is set and the result is meaningless.
   */
  fn(sig: WasmSig): (...args: any[]) => any {
    const ex = this.exports[sig.export] as (...a: any[]) => any;
    if (typeof ex !== 'function') throw new Error(`cypyx wasm: no export ${sig.export}`);
    const exBig = sig.exportBig ? (this.exports[sig.exportBig] as (...a: any[]) => any) : null;
    const conv = this.resultConv(sig.ret);
    const hasView = sig.params.some((p) => typeof p !== 'string');
    if (!hasView) return scalarCaller(sig, ex, exBig, conv);
    return (...a) => this.callViews(sig, ex, exBig, conv, a);
  }

  /** One call with the native ABI's argument list (the same as `fn(sig)(...args)`). */
  call(sig: WasmSig, args: any[]): any {
    return this.fn(sig)(...args);
  }

  private resultConv(ret: WasmSig['ret']): ((r: any) => any) | null {
    if (ret === 'bool') return (r: number) => r !== 0;
    if (ret === 'u32') return (r: number) => r >>> 0;
    if (ret === 'i64' || ret === 'u64') {
      const signed = ret === 'i64';
      return (r: number) => {
        if (r > -9007199254740992 && r < 9007199254740992) return r;
        const v = signed ? this.mem.slotI64[0]! : this.mem.slotU64[0]!;
        return v >= -9007199254740992n && v <= 9007199254740992n ? Number(v) : v;
      };
    }
    return null;
  }

  private callViews(sig: WasmSig, ex: (...a: any[]) => any, exBig: ((...a: any[]) => any) | null, conv: ((r: any) => any) | null, a: any[]): any {
    const w: any[] = [];
    const wide: number[] = [];
    let big = false;
    let jobs: Job[] | null = null;
    let j = 0;
    const mbuf = this.memory.buffer;
    // 1. scalars, None views, and zero-copy views (before any allocation can grow memory)
    for (const p of sig.params) {
      if (typeof p === 'string') {
        const v = a[j++];
        if (p === 'i64' || p === 'u64') {
          wide.push(w.length);
          if (typeof v !== 'number') big = true;
        }
        w.push(v);
        continue;
      }
      const n = p.ndim;
      const ta = a[j] as TA | null | undefined;
      const off = +a[j + 1] || 0;
      const at = w.length;
      w.push(0);
      for (let d = 0; d < 2 * n; d++) w.push(+a[j + 2 + d] || 0);
      if (ta != null) {
        if (ta.buffer === mbuf) w[at] = ta.byteOffset + off * ta.BYTES_PER_ELEMENT;
        else (jobs ??= []).push(this.job(p, ta, off, a.slice(j + 2, j + 2 + n), a.slice(j + 2 + n, j + 2 + 2 * n), at));
      }
      j += 2 + 2 * n;
    }
    if (big) for (const k of wide) w[k] = BigInt(w[k]);
    // 2. copies into wasm memory
    let copies: Copy[] | null = null;
    try {
      if (jobs) copies = this.copyIn(jobs, w);
      const r = (big ? exBig! : ex)(...w);
      return conv ? conv(r) : r;
    } finally {
      // 3. write back (also when the call raised) and free
      if (copies) this.copyOut(copies);
    }
  }

  private job(p: WasmViewParam, ta: TA, off: number, shape: number[], strides: number[], w: number): Job {
    const isz = ta.BYTES_PER_ELEMENT;
    let count = 1;
    let minE = off;
    let maxE = off;
    for (let d = 0; d < shape.length; d++) {
      const n = shape[d]!;
      count *= n;
      const span = (n - 1) * strides[d]!;
      if (span < 0) minE += span;
      else maxE += span;
    }
    // a TypedArray over this memory from before a growth has length 0: refuse it rather
    // than treat it as empty
    if (ta.buffer.byteLength === 0 && (count > 0 || this.mem.wasBuffer(ta.buffer))) throw detachedError(this.mem.wasBuffer(ta.buffer));
    const first = ta.byteOffset + off * isz;
    const lo = ta.byteOffset + minE * isz;
    const hi = ta.byteOffset + (maxE + 1) * isz;
    if (count > 0 && (minE < 0 || hi > ta.byteOffset + ta.byteLength)) {
      throw newExc('IndexError', 'memoryview extends beyond its buffer');
    }
    return { p, ta, w, shape: shape.map(Number), strides: strides.map(Number), lo, hi, first, count };
  }

  private copyIn(jobs: Job[], w: any[]): Copy[] {
    const copies: Copy[] = [];
    try {
      const groups = new Map<ArrayBufferLike, Job[]>();
      for (const jb of jobs) {
        if (jb.count === 0) {
          w[jb.w] = this.stateAddr; // a valid, non-null address; nothing is read
          continue;
        }
        const g = groups.get(jb.ta.buffer);
        if (g) g.push(jb);
        else groups.set(jb.ta.buffer, [jb]);
      }
      for (const [buf, g] of groups) {
        const one = g.length === 1 ? g[0]! : null;
        const isz = one?.ta.BYTES_PER_ELEMENT ?? 1;
        if (one && one.count * isz * 2 < one.hi - one.lo) {
          // sparse strided view: gather exactly its elements, compactly
          const len = one.count * isz;
          const addr = this.heap.malloc(len);
          copies.push({ kind: 'compact', buf, alloc: addr, addr, lo: one.lo, len, write: writesBack(one.p), job: one });
          this.gather(one, addr);
          const fOrder = one.p.contig === 'f';
          const n = one.shape.length;
          let s = 1;
          for (let q = 0; q < n; q++) {
            const d = fOrder ? q : n - 1 - q;
            w[one.w + 1 + n + d] = s;
            s *= Math.max(1, one.shape[d]!);
          }
          w[one.w] = addr;
          continue;
        }
        // merged byte spans: views of one buffer keep aliasing each other inside wasm memory
        g.sort((x, y) => x.lo - y.lo);
        let k = 0;
        while (k < g.length) {
          const lo = g[k]!.lo;
          let hi = g[k]!.hi;
          let end = k + 1;
          while (end < g.length && g[end]!.lo <= hi) hi = Math.max(hi, g[end++]!.hi);
          const len = hi - lo;
          // keep the source's alignment modulo 16
          const raw = this.heap.malloc(len + 16);
          const addr = raw + (((lo & 15) - (raw & 15) + 16) & 15);
          let write = false;
          for (let q = k; q < end; q++) {
            const jb = g[q]!;
            w[jb.w] = addr + (jb.first - lo);
            if (writesBack(jb.p)) write = true;
          }
          copies.push({ kind: 'span', buf, alloc: raw, addr, lo, len, write });
          new Uint8Array(this.memory.buffer, addr, len).set(new Uint8Array(buf, lo, len));
          k = end;
        }
      }
    } catch (e) {
      for (const c of copies) this.heap.release(c.alloc);
      throw e;
    }
    return copies;
  }

  private gather(jb: Job, addr: number): void {
    const isz = jb.ta.BYTES_PER_ELEMENT;
    const U = UNIT[isz]!;
    const per = isz === 8 ? 2 : 1;
    const unit = isz / per;
    const src = new U(jb.ta.buffer, jb.lo, (jb.hi - jb.lo) / unit);
    const dst = new U(this.memory.buffer, addr, jb.count * per);
    const base = (jb.first - jb.lo) / isz;
    if (per === 1) forEachElem(jb.shape, jb.strides, jb.p.contig === 'f', (s, k) => (dst[k] = src[base + s]!));
    else
      forEachElem(jb.shape, jb.strides, jb.p.contig === 'f', (s, k) => {
        const i = 2 * (base + s);
        dst[2 * k] = src[i]!;
        dst[2 * k + 1] = src[i + 1]!;
      });
  }

  private scatter(jb: Job, addr: number): void {
    const isz = jb.ta.BYTES_PER_ELEMENT;
    const U = UNIT[isz]!;
    const per = isz === 8 ? 2 : 1;
    const unit = isz / per;
    const dst = new U(jb.ta.buffer, jb.lo, (jb.hi - jb.lo) / unit);
    const src = new U(this.memory.buffer, addr, jb.count * per);
    const base = (jb.first - jb.lo) / isz;
    if (per === 1) forEachElem(jb.shape, jb.strides, jb.p.contig === 'f', (s, k) => (dst[base + s] = src[k]!));
    else
      forEachElem(jb.shape, jb.strides, jb.p.contig === 'f', (s, k) => {
        const i = 2 * (base + s);
        dst[i] = src[2 * k]!;
        dst[i + 1] = src[2 * k + 1]!;
      });
  }

  private copyOut(copies: Copy[]): void {
    let err: unknown = null;
    for (const c of copies) {
      try {
        if (c.write && c.buf.byteLength > 0) {
          if (c.kind === 'compact') this.scatter(c.job!, c.addr);
          else new Uint8Array(c.buf, c.lo, c.len).set(new Uint8Array(this.memory.buffer, c.addr, c.len));
        }
      } catch (e) {
        err ??= e;
      }
      this.heap.release(c.alloc);
    }
    if (err) throw err;
  }
}

// ---------------------------------------------------------------- instantiation
/**
 * Compiles and instantiates synchronously (`new WebAssembly.Module`): for Node and
 * small modules (an async compile can queue behind V8's background jobs for a
 * second). Browsers refuse synchronous compiles of large modules on the main
 * thread: use `instantiateWasmAsync` there.
 */
export function instantiateWasm(binary: Uint8Array | WebAssembly.Module, layout: WasmLayout, opts?: WasmInstanceOptions): WasmInstance {
  const mod = binary instanceof WebAssembly.Module ? binary : new WebAssembly.Module(binary as Uint8Array<ArrayBuffer>);
  return new WasmInstance(mod, layout, opts);
}

export async function instantiateWasmAsync(binary: Uint8Array, layout: WasmLayout, opts?: WasmInstanceOptions): Promise<WasmInstance> {
  const mod = await WebAssembly.compile(binary as Uint8Array<ArrayBuffer>);
  return new WasmInstance(mod, layout, opts);
}

// ---------------------------------------------------------------- loading (the glue)
const loadedWasm = new Map<string, WasmInstance>();

function readBinary(ref: string): Uint8Array {
  // The cache's memory fallback embeds the binary in the glue as a data: URL.
  if (ref.startsWith('data:')) {
    const b64 = ref.slice(ref.indexOf(',') + 1);
    const B = (globalThis as { Buffer?: { from(s: string, e: string): Uint8Array } }).Buffer;
    if (B) return B.from(b64, 'base64');
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  const fs = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.('node:fs') as
    | { readFileSync(p: string): Uint8Array }
    | undefined;
  if (!fs) throw new Error(`cypyx: cannot read ${ref}: no file system here (embed the .wasm in the glue instead)`);
  return fs.readFileSync(ref);
}

/**
 * Modules with at most this much code are compiled by the optimizing tier at once (see
 * compileEager). TurboFan takes about 2.5 µs per byte of code (a 1 KB kernel module 2 ms,
 * a 9 KB one 22 ms, on every load, cache hits too); most modules have under 3 KB. Data
 * segments (exp's 2 KB table) cost nothing to compile and are not counted.
 */
const EAGER_LIMIT = 8 << 10;

/** The size of a wasm binary's code section (id 10), or the whole size if it cannot tell. */
export function wasmCodeBytes(bytes: Uint8Array): number {
  let p = 8; // magic + version
  const leb = (): number => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = bytes[p++];
      if (b === undefined) return -1;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    return -1;
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    if (size < 0 || p + size > bytes.length) return bytes.length;
    if (id === 10) return size;
    p += size;
  }
  return 0;
}

/**
 * V8 first compiles wasm with its baseline compiler (Liftoff) and tiers a function
 * up only after it has run for a while, and a running call never switches (no
 * on-stack replacement for wasm): the first call of a kernel (often the only one)
 * ran 4× slower than later ones. In Node, small cypyx modules are compiled by
 * TurboFan at once instead: Liftoff off *and* lazy compilation off for this one
 * synchronous compile (with lazy compilation, the default, functions are compiled at
 * their first call, when the flags are back to normal: turning Liftoff off alone did
 * nothing), both restored right after. Left alone when the process has wasm tiering
 * flags of its own. Browsers have no such switch: there the first long call runs
 * Liftoff code and later calls the optimized code (V8 tiers up in the background).
 */
function compileEager(bytes: Uint8Array): WebAssembly.Module {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown; execArgv?: string[]; env?: Record<string, string | undefined> } }).process;
  const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
  const own = [...(proc?.execArgv ?? []), ...(proc?.env?.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--(no-)?(liftoff|wasm[-_](tier|dynamic|lazy))/.test(a));
  if (!v8 || wasmCodeBytes(bytes) > EAGER_LIMIT || own) {
    return new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  }
  v8.setFlagsFromString('--no-liftoff --no-wasm-lazy-compilation');
  try {
    return new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  } finally {
    v8.setFlagsFromString('--liftoff --wasm-lazy-compilation');
  }
}

/**
 * What a module's glue calls when it is evaluated: instantiates the cached `.wasm`
 * (a file path, or a data: URL) in the shared memory. Each binary is instantiated
 * once per thread: importing the same compiled module again (another URL, a
 * re-import) reuses the instance and its state block, as loadNative does.
 */
export function loadWasm(ref: string, layout: WasmLayout, opts: Omit<WasmInstanceOptions, 'memory'> = {}): WasmInstance {
  const hit = loadedWasm.get(ref);
  if (hit) return hit;
  const inst = instantiateWasm(compileEager(readBinary(ref)), layout, { ...opts, memory: sharedWasmMemory() });
  loadedWasm.set(ref, inst);
  return inst;
}
