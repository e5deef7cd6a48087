// Reductions over whole arrays or axes, like NumPy's sum / prod / min / max:
// `import { sum, prod, min, max } from 'cypyx'` (also `cypyx/runtime`).
//
//   sum(a)                      every element (axis=None, NumPy's default)
//   sum(a, 1)                   one axis (negative counts from the end)
//   sum(a, [0, 2])              several axes
//   sum(a, { axis, keepdims, out, initial })   or the same as kwargs({...})
//
// Arrays: TypedArrays, NDArrays, {data, shape, strides?, offset?} objects
// (scijs / stdlib style) and nested JS arrays. Result types follow NumPy:
// sum/prod of an integer array accumulate in int64 (uint64 for unsigned types)
// with wraparound, float32 stays float32, min/max keep the dtype (NaN
// propagates). A full reduction returns a scalar (number; bigint for 64-bit
// values beyond 2^53), an axis reduction an array (TypedArray for 1-D results,
// NDArray otherwise). Each (operation, dtype) pair has its own fold loop.
// A user-defined reduction is the `.reduce` of a binary `@cython.ufunc`.
import { KW, isTypedArray, type TypedArray } from './values.js';
import { TypeErr } from './exceptions.js';
import { DTYPES, type DType } from './ndarray.js';
import { finishReduce, normAxes, operand, reduceArray, toStrided, type LoopFn, type ReduceFn, type Strided } from './ufunc.js';

type Acc = number | bigint;

const M64 = (1n << 64n) - 1n;
const wrapI64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const wrapU64 = (v: bigint): bigint => v & M64;

/** Pairwise sum of a strided float run (NumPy's summation error behaviour); `f32` rounds every step. */
function pairwise(d: TypedArray, o: number, n: number, s: number, f32: boolean): number {
  const x = d as Float64Array;
  if (n <= 16) {
    let r = 0;
    if (f32) for (let i = 0; i < n; i++) r = Math.fround(r + x[o + i * s]!);
    else for (let i = 0; i < n; i++) r += x[o + i * s]!;
    return r;
  }
  const h = (n >> 1) & ~7;
  const a = pairwise(d, o, h, s, f32);
  const b = pairwise(d, o + h * s, n - h, s, f32);
  return f32 ? Math.fround(a + b) : a + b;
}

/** out = f(x, y) elementwise over strided runs (runtime/ufunc.ts LoopFn convention). */
function binaryLoop(f: (x: any, y: any) => any): LoopFn {
  return (n, a) => {
    const x = a[0];
    const y = a[3];
    const o = a[6];
    let px = a[1];
    let py = a[4];
    let po = a[7];
    const sx = a[2];
    const sy = a[5];
    const so = a[8];
    for (let i = 0; i < n; i++, px += sx, py += sy, po += so) o[po] = f(x[px], y[py]);
  };
}

function foldFor(op: 'sum' | 'prod' | 'min' | 'max', dt: DType): { fold: ReduceFn; acc: DType; identity: Acc | undefined; binary?: LoopFn } {
  const info = DTYPES[dt];
  const isF = info.kind === 'f';
  const f32 = dt === 'float32';
  const is64 = info.bits === 64 && !isF;
  switch (op) {
    case 'sum': {
      if (isF) {
        const fold: ReduceFn = (n, d, o, s, acc) => {
          const r = (acc as number) + pairwise(d, o, n, s, f32);
          return f32 ? Math.fround(r) : r;
        };
        return { fold, acc: dt, identity: 0, binary: binaryLoop(f32 ? (x, y) => Math.fround(x + y) : (x, y) => x + y) };
      }
      const acc: DType = info.kind === 'u' ? 'uint64' : 'int64';
      const wrap = info.kind === 'u' ? wrapU64 : wrapI64;
      if (is64) {
        const fold: ReduceFn = (n, d, o, s, a) => {
          let r = BigInt(a);
          const x = d as BigInt64Array;
          for (let i = 0; i < n; i++) r += x[o + i * s]!;
          return wrap(r);
        };
        return { fold, acc, identity: 0n };
      }
      // ≤ 32-bit elements: exact number sums in chunks of 2^20, then one bigint add per chunk
      const fold: ReduceFn = (n, d, o, s, a) => {
        let r = BigInt(a);
        const x = d as Int32Array;
        for (let i0 = 0; i0 < n; i0 += 1 << 20) {
          const i1 = Math.min(n, i0 + (1 << 20));
          let c = 0;
          for (let i = i0; i < i1; i++) c += x[o + i * s]!;
          r += BigInt(c);
        }
        return wrap(r);
      };
      return { fold, acc, identity: 0n };
    }
    case 'prod': {
      if (isF) {
        const fold: ReduceFn = (n, d, o, s, acc) => {
          let r = acc as number;
          const x = d as Float64Array;
          if (f32) for (let i = 0; i < n; i++) r = Math.fround(r * x[o + i * s]!);
          else for (let i = 0; i < n; i++) r *= x[o + i * s]!;
          return r;
        };
        return { fold, acc: dt, identity: 1, binary: binaryLoop(f32 ? (x, y) => Math.fround(x * y) : (x, y) => x * y) };
      }
      const acc: DType = info.kind === 'u' ? 'uint64' : 'int64';
      const wrap = info.kind === 'u' ? wrapU64 : wrapI64;
      const fold: ReduceFn = (n, d, o, s, a) => {
        let r = BigInt(a);
        const x = d as any;
        for (let i = 0; i < n; i++) r = wrap(r * BigInt(x[o + i * s]));
        return r;
      };
      return { fold, acc, identity: 1n };
    }
    case 'min':
    case 'max': {
      const isMin = op === 'min';
      if (isF) {
        const fold: ReduceFn = (n, d, o, s, acc) => {
          let r = acc as number;
          const x = d as Float64Array;
          if (r !== r) return r;
          for (let i = 0; i < n; i++) {
            const v = x[o + i * s]!;
            if (v !== v) return v;
            if (isMin ? v < r : v > r) r = v;
          }
          return r;
        };
        const pick = isMin ? (x: number, y: number) => (x !== x || y !== y ? NaN : y < x ? y : x) : (x: number, y: number) => (x !== x || y !== y ? NaN : y > x ? y : x);
        return { fold, acc: dt, identity: undefined, binary: binaryLoop(pick) };
      }
      const fold: ReduceFn = (n, d, o, s, acc) => {
        let r: any = is64 ? BigInt(acc) : acc;
        const x = d as any;
        for (let i = 0; i < n; i++) {
          const v = x[o + i * s];
          if (isMin ? v < r : v > r) r = v;
        }
        return r;
      };
      return { fold, acc: dt, identity: undefined, binary: binaryLoop(isMin ? (x, y) => (y < x ? y : x) : (x, y) => (y > x ? y : x)) };
    }
  }
}

const NUMPY_NAMES = { sum: 'add', prod: 'multiply', min: 'minimum', max: 'maximum' } as const;

function parseOpts(fname: string, rest: any[]): Record<string, any> {
  const names = ['axis', 'out', 'keepdims', 'initial'];
  let opts: Record<string, any> = {};
  const last = rest[rest.length - 1];
  if (rest.length && last !== null && typeof last === 'object' && !Array.isArray(last) && !isTypedArray(last) && !(typeof last.data === 'object' && 'shape' in last)) {
    opts = { ...last };
    delete (opts as any)[KW];
    rest = rest.slice(0, -1);
  }
  if (rest.length > 1) throw TypeErr(`${fname}() takes at most 2 positional arguments (${rest.length + 1} given)`);
  if (rest.length === 1) {
    if ('axis' in opts) throw TypeErr(`${fname}() got multiple values for argument 'axis'`);
    opts.axis = rest[0];
  }
  for (const k of Object.keys(opts)) if (!names.includes(k)) throw TypeErr(`${fname}() got an unexpected keyword argument '${k}'`);
  return opts;
}

function makeReduction(op: 'sum' | 'prod' | 'min' | 'max') {
  const fn = function (a: any, ...rest: any[]): any {
    const opts = parseOpts(op, rest);
    let arr: Strided | null = toStrided(a);
    if (!arr) {
      const o = operand(a, op);
      if (o.kind === 'array') arr = o.a;
      else {
        const isF = o.kind === 'float';
        const data = isF ? Float64Array.of(o.v as number) : BigInt64Array.of(BigInt(o.kind === 'bool' ? +o.v : (o.v as number | bigint)));
        arr = { data, dtype: isF ? 'float64' : 'int64', shape: [], strides: [], offset: 0 };
      }
    }
    const { fold, acc, identity, binary } = foldFor(op, arr.dtype);
    const axes = normAxes(opts.axis === undefined ? null : opts.axis, arr.shape.length);
    let initial: Acc | undefined;
    if (opts.initial !== undefined && opts.initial !== null) {
      const v = opts.initial;
      const accInfo = DTYPES[acc];
      if (accInfo.kind === 'f') initial = Number(v);
      else {
        if (typeof v === 'number' && !Number.isInteger(v)) throw TypeErr(`initial value ${v} cannot be used with an integer reduction`);
        initial = accInfo.bits === 64 ? BigInt(v) : Number(v);
      }
    }
    const r = reduceArray(NUMPY_NAMES[op], arr, axes, !!opts.keepdims, acc, { fold, binary: binary ?? null }, initial, identity);
    return finishReduce(r, acc, opts.out);
  };
  Object.defineProperty(fn, 'name', { value: op });
  return fn;
}

/** Sum of the elements (over all axes, or `axis`). */
export const sum: (a: any, ...opts: any[]) => any = makeReduction('sum');
/** Product of the elements. */
export const prod: (a: any, ...opts: any[]) => any = makeReduction('prod');
/** Smallest element (NaN if any element is NaN); an empty reduction raises ValueError. */
export const min: (a: any, ...opts: any[]) => any = makeReduction('min');
/** Largest element (NaN if any element is NaN); an empty reduction raises ValueError. */
export const max: (a: any, ...opts: any[]) => any = makeReduction('max');
