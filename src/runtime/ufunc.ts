// Elementwise functions (`@cython.ufunc`) and reductions over TypedArrays and
// N-D arrays, with NumPy's rules: type resolution (first loop the inputs can be
// cast to safely; Python scalars by value when arrays are present), broadcasting,
// `out=` (same_kind casting), and `.reduce(a, axis=...)`.
//
// The compiled part is a list of loops, one per specialization (the glue makes
// them from the IR loops of semantics/ufunc.ts): `loop(n, a)` runs over n
// elements where `a` = [data0, offset0, stride0, ..., dataOut, offsetOut,
// strideOut] (offsets and strides in elements, strides may be 0 or negative);
// `reduce(n, data, offset, stride, acc)` folds n elements into acc. Everything
// else (shapes, casts, iteration over the outer dimensions) is here.
import { KW, PyFloat, isTypedArray, normBig, type TypedArray } from './values.js';
import { TypeErr, ValueErr } from './exceptions.js';
import { checkAttached } from './views.js';
import { NDArray, DTYPES, dtypeOf, type DType } from './ndarray.js';

export type LoopFn = (n: number, a: any[]) => void;
export type ReduceFn = (n: number, data: TypedArray, offset: number, stride: number, acc: number | bigint) => number | bigint;

export interface LoopSpec {
  ins: readonly DType[];
  out: DType;
  loop: LoopFn;
  reduce: ReduceFn | null;
}

/** A strided array: the pieces every function here works on. */
export interface Strided {
  data: TypedArray;
  dtype: DType;
  shape: number[];
  strides: number[];
  offset: number;
}

type Operand =
  | { kind: 'array'; a: Strided }
  | { kind: 'int'; v: number | bigint }
  | { kind: 'float'; v: number }
  | { kind: 'bool'; v: boolean };

// ---------------------------------------------------------------- arrays in and out

/** A JS array-like argument as a strided array: TypedArray, NDArray, scijs/stdlib-style {data, shape, strides|stride, offset}, nested JS arrays. Null when it is not one. */
export function toStrided(v: any): Strided | null {
  const r = stridedOf(v);
  if (r) checkAttached(r.data);
  return r;
}

function stridedOf(v: any): Strided | null {
  if (v === null || typeof v !== 'object') return null;
  if (isTypedArray(v)) {
    const dt = dtypeOf(v);
    if (!dt) return null;
    return { data: v, dtype: dt, shape: [v.length], strides: [1], offset: 0 };
  }
  if (v instanceof NDArray) return { data: v.data, dtype: v.dtype, shape: [...v.shape], strides: [...v.strides], offset: v.offset };
  if (Array.isArray(v)) return fromNested(v);
  const data = v.data;
  if (!isTypedArray(data)) return null;
  const dt = dtypeOf(data);
  if (!dt) return null;
  const shape: number[] = Array.isArray(v.shape) || isTypedArray(v.shape) ? Array.from(v.shape as ArrayLike<number>, Number) : [data.length];
  const st = v.strides ?? v.stride;
  const strides: number[] = st !== undefined && st !== null ? Array.from(st as ArrayLike<number>, Number) : cStrides(shape);
  if (strides.length !== shape.length) throw ValueErr(`strides (${strides.length} values) do not match shape (${shape.length} dimensions)`);
  const offset = typeof v.offset === 'number' ? v.offset : 0;
  checkExtent(data, shape, strides, offset);
  return { data, dtype: dt, shape, strides, offset };
}

/** Every element of a strided array must lie inside its buffer. */
function checkExtent(data: TypedArray, shape: number[], strides: number[], offset: number): void {
  let lo = offset;
  let hi = offset;
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (!Number.isInteger(n) || n < 0) throw ValueErr(`invalid shape ${JSON.stringify(shape)}`);
    if (n === 0) return;
    const s = strides[d]!;
    if (!Number.isInteger(s)) throw ValueErr(`invalid strides ${JSON.stringify(strides)}`);
    if (s > 0) hi += s * (n - 1);
    else lo += s * (n - 1);
  }
  if (!Number.isInteger(offset) || lo < 0 || hi >= data.length) throw ValueErr('array shape, strides and offset reach outside its data');
}

function fromNested(v: any[]): Strided {
  const shape: number[] = [];
  let x: any = v;
  while (Array.isArray(x)) {
    shape.push(x.length);
    x = x[0];
  }
  const flat: any[] = [];
  const walk = (a: any, d: number): void => {
    if (d === shape.length) {
      flat.push(a);
      return;
    }
    if (!Array.isArray(a) || a.length !== shape[d]) throw ValueErr('setting an array element with a sequence. The requested array has an inhomogeneous shape');
    for (const y of a) walk(y, d + 1);
  };
  walk(v, 0);
  let isInt = flat.length > 0; // an empty list is float64, as in NumPy
  for (const e of flat) {
    if (typeof e === 'bigint' || typeof e === 'boolean') continue;
    if (typeof e === 'number') {
      if (!Number.isInteger(e)) isInt = false;
      continue;
    }
    if (e instanceof PyFloat) {
      isInt = false;
      continue;
    }
    throw TypeErr(`unsupported array element ${String(e)}`);
  }
  const data = isInt ? BigInt64Array.from(flat, (e) => BigInt(typeof e === 'boolean' ? +e : e)) : Float64Array.from(flat, (e) => Number(e instanceof PyFloat ? e.v : e));
  return { data, dtype: isInt ? 'int64' : 'float64', shape, strides: cStrides(shape), offset: 0 };
}

export function cStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= Math.max(1, shape[i]!);
  }
  return st;
}

export function operand(v: any, fname: string): Operand {
  const t = typeof v;
  if (t === 'number') return Number.isInteger(v) ? { kind: 'int', v } : { kind: 'float', v };
  if (t === 'bigint') return { kind: 'int', v };
  if (t === 'boolean') return { kind: 'bool', v };
  if (v instanceof PyFloat) return { kind: 'float', v: v.v };
  const a = toStrided(v);
  if (a) return { kind: 'array', a };
  throw TypeErr(noLoopMessage(fname));
}

function noLoopMessage(fname: string): string {
  return `ufunc '${fname}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`;
}

/** A JS result: scalars as numbers (64-bit ints: number when exact, else bigint). */
export function readScalar(data: TypedArray, i: number): number | bigint {
  const v = data[i]!;
  return typeof v === 'bigint' ? normBig(v) : v;
}

/** New C-contiguous result: a TypedArray for 1-D, an NDArray otherwise, a scalar for 0-D. */
function wrapResult(data: TypedArray, dtype: DType, shape: number[]): any {
  if (shape.length === 0) return readScalar(data, 0);
  if (shape.length === 1) return data;
  return new NDArray(data, shape, undefined, 0, dtype);
}

// ---------------------------------------------------------------- casting rules

const SAFE: Record<DType, readonly DType[]> = {
  float64: [],
  float32: ['float64'],
  int8: ['int16', 'int32', 'int64', 'float32', 'float64'],
  uint8: ['uint16', 'uint32', 'uint64', 'int16', 'int32', 'int64', 'float32', 'float64'],
  int16: ['int32', 'int64', 'float32', 'float64'],
  uint16: ['uint32', 'uint64', 'int32', 'int64', 'float32', 'float64'],
  int32: ['int64', 'float64'],
  uint32: ['uint64', 'int64', 'float64'],
  int64: ['float64'],
  uint64: ['float64'],
};

/** NumPy's 'safe' casting between dtypes. */
export function canCastSafe(from: DType, to: DType): boolean {
  return from === to || SAFE[from].includes(to);
}

const KIND_ORDER: Record<string, number> = { u: 1, i: 2, f: 4 };
/** NumPy's 'same_kind' casting: safe, or to a kind of the same or a higher order (u < i < f). */
export function canCastSameKind(from: DType, to: DType): boolean {
  return canCastSafe(from, to) || KIND_ORDER[DTYPES[from].kind]! <= KIND_ORDER[DTYPES[to].kind]!;
}

const I_RANGE: Record<string, [bigint, bigint]> = {
  int8: [-128n, 127n],
  uint8: [0n, 255n],
  int16: [-32768n, 32767n],
  uint16: [0n, 65535n],
  int32: [-2147483648n, 2147483647n],
  uint32: [0n, 4294967295n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};
const F32_MAX = 3.4028234663852886e38;

/** Can a Python scalar operand use a loop of type `to` (NumPy 1.x value-based casting when `byValue`)? */
function scalarFits(op: Operand, to: DType, byValue: boolean): boolean {
  const info = DTYPES[to];
  switch (op.kind) {
    case 'bool':
      return true;
    case 'int': {
      const v = BigInt(op.v);
      if (!byValue) {
        const from: DType = v >= I_RANGE.int64![0] && v <= I_RANGE.int64![1] ? 'int64' : 'uint64';
        if (v > I_RANGE.uint64![1] || v < I_RANGE.int64![0]) return false;
        return canCastSafe(from, to);
      }
      if (info.kind === 'f') return to === 'float64' || (v >= -32768n && v < 65536n);
      const [lo, hi] = I_RANGE[to]!;
      return v >= lo && v <= hi;
    }
    case 'float':
      if (info.kind !== 'f') return false;
      if (to === 'float64') return true;
      return byValue && (!Number.isFinite(op.v) || Math.abs(op.v) <= F32_MAX);
    default:
      return false;
  }
}

const CATEGORY: Record<string, number> = { bool: 0, int: 1, float: 2 };
function arrayCategory(dt: DType): number {
  return DTYPES[dt].kind === 'f' ? 2 : 1;
}

/** Index of the loop NumPy's legacy type resolver picks for these operands, or -1. */
export function resolveLoop(loops: readonly LoopSpec[], ops: readonly Operand[]): number {
  let maxArr = -1;
  let maxScal = -1;
  for (const op of ops) {
    if (op.kind === 'array') maxArr = Math.max(maxArr, arrayCategory(op.a.dtype));
    else maxScal = Math.max(maxScal, CATEGORY[op.kind]!);
  }
  const byValue = maxArr >= 0 && maxArr >= maxScal;
  for (let i = 0; i < loops.length; i++) {
    const l = loops[i]!;
    if (ops.every((op, k) => (op.kind === 'array' ? canCastSafe(op.a.dtype, l.ins[k]!) : scalarFits(op, l.ins[k]!, byValue)))) return i;
  }
  return -1;
}

/** Converts one element value to the representation of dtype `to` (numbers; bigints for 64-bit ints). */
function convertValue(v: number | bigint | boolean, to: DType): number | bigint {
  const info = DTYPES[to];
  if (typeof v === 'boolean') v = v ? 1 : 0;
  if (info.kind === 'f') return Number(v);
  if (info.bits === 64) return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return Number(v);
}

/** A C-contiguous copy of `a` with dtype `to` (values converted as by a C cast). */
export function castCopy(a: Strided, to: DType): Strided {
  const size = a.shape.reduce((x, y) => x * y, 1);
  const out = new (DTYPES[to].ctor)(size) as TypedArray;
  const res: Strided = { data: out, dtype: to, shape: [...a.shape], strides: cStrides(a.shape), offset: 0 };
  copyInto(a, res);
  return res;
}

/** dst[...] = src[...] elementwise (same shape), converting values. */
function copyInto(src: Strided, dst: Strided): void {
  const sameRepr = (DTYPES[src.dtype].bits === 64 && DTYPES[src.dtype].kind !== 'f') === (DTYPES[dst.dtype].bits === 64 && DTYPES[dst.dtype].kind !== 'f');
  const conv = sameRepr ? null : DTYPES[dst.dtype].kind === 'f' ? (x: any) => Number(x) : DTYPES[dst.dtype].bits === 64 ? (x: any) => BigInt(x) : (x: any) => Number(x);
  const sd = src.data as any;
  const dd = dst.data as any;
  iterate(src.shape, [src, dst], (n, a) => {
    let ps = a[1] as number;
    let pd = a[4] as number;
    const ss = a[2] as number;
    const sd2 = a[5] as number;
    if (conv) for (let i = 0; i < n; i++, ps += ss, pd += sd2) dd[pd] = conv(sd[ps]);
    else for (let i = 0; i < n; i++, ps += ss, pd += sd2) dd[pd] = sd[ps];
  });
}

// ---------------------------------------------------------------- broadcasting and iteration

function shapeStr(s: readonly number[]): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(',')})`;
}

/** The broadcast shape of several shapes (NumPy rules), or null. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] | null {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = nd - s.length + i;
      const n = s[i]!;
      if (out[d] === 1) out[d] = n;
      else if (n !== 1 && n !== out[d]) return null;
    }
  }
  return out;
}

/** Strides of `a` seen with shape `shape` (0 along broadcast dimensions). */
function broadcastStrides(a: Strided, shape: readonly number[]): number[] {
  const nd = shape.length;
  const st = new Array<number>(nd).fill(0);
  for (let i = 0; i < a.shape.length; i++) {
    const d = nd - a.shape.length + i;
    st[d] = a.shape[i] === 1 && shape[d] !== 1 ? 0 : a.strides[i]!;
  }
  return st;
}

/**
 * Calls `body(n, a)` for every innermost run of `shape`, where a = [data, offset,
 * stride] per operand (operands' strides already broadcast to `shape`, or
 * Strided values with that shape). Size-1 dimensions are dropped and
 * dimensions that are contiguous for every operand are merged, so a whole
 * C-contiguous array is one call.
 */
export function iterate(shape: readonly number[], ops: readonly (Strided | { data: TypedArray; offset: number; strides: number[] })[], body: (n: number, a: any[]) => void): void {
  for (const n of shape) if (n === 0) return;
  // collapse
  const dims: number[] = [];
  const st: number[][] = ops.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    dims.push(shape[d]!);
    ops.forEach((o, k) => st[k]!.push(o.strides[d]!));
  }
  for (let d = dims.length - 1; d > 0; d--) {
    if (st.every((s) => s[d - 1] === s[d]! * dims[d]!)) {
      dims[d - 1]! *= dims[d]!;
      dims.splice(d, 1);
      for (const s of st) s.splice(d - 1, 1); // the merged dimension keeps the inner stride
    }
  }
  const a: any[] = [];
  ops.forEach((o, k) => a.push(o.data, o.offset, dims.length ? st[k]![dims.length - 1]! : 0));
  if (dims.length === 0) {
    body(1, a);
    return;
  }
  const inner = dims[dims.length - 1]!;
  const outer = dims.length - 1;
  if (outer === 0) {
    body(inner, a);
    return;
  }
  // odometer over the outer dimensions
  const idx = new Array<number>(outer).fill(0);
  for (;;) {
    body(inner, a);
    let d = outer - 1;
    for (; d >= 0; d--) {
      idx[d]!++;
      for (let k = 0; k < ops.length; k++) a[3 * k + 1] += st[k]![d]!;
      if (idx[d]! < dims[d]!) break;
      for (let k = 0; k < ops.length; k++) a[3 * k + 1] -= st[k]![d]! * dims[d]!;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
}

// ---------------------------------------------------------------- the ufunc object

export function splitKw(args: ArrayLike<any>): { pos: any[]; kw: Record<string, any> } {
  let n = args.length;
  let kw: Record<string, any> = {};
  if (n > 0) {
    const last = args[n - 1];
    if (last !== null && typeof last === 'object' && last[KW] === true) {
      kw = last;
      n--;
    }
  }
  return { pos: Array.prototype.slice.call(args, 0, n), kw };
}

const TYPE_CHARS: Record<DType, string> = {
  float64: 'd', float32: 'f', int8: 'b', uint8: 'B', int16: 'h', uint16: 'H', int32: 'i', uint32: 'I', int64: 'l', uint64: 'L',
};

function sameLayout(a: { data: TypedArray; offset: number }, sa: readonly number[], b: { data: TypedArray; offset: number }, sb: readonly number[]): boolean {
  return a.data === b.data && a.offset === b.offset && sa.every((s, i) => s === sb[i]);
}

function overlaps(a: TypedArray, b: TypedArray): boolean {
  if (a.buffer !== b.buffer) return false;
  const a0 = a.byteOffset;
  const a1 = a0 + a.byteLength;
  const b0 = b.byteOffset;
  const b1 = b0 + b.byteLength;
  return a0 < b1 && b0 < a1;
}

function getOut(pos: any[], kw: Record<string, any>, nin: number, fname: string): any {
  let out = pos.length > nin ? pos[nin] : undefined;
  if (pos.length > nin + 1) throw TypeErr(`${fname}() takes from ${nin} to ${nin + 1} positional arguments but ${pos.length} were given`);
  if ('out' in kw) {
    if (pos.length > nin) throw TypeErr("cannot specify 'out' as both a positional and keyword argument");
    out = kw.out;
    if (Array.isArray(out)) {
      if (out.length !== 1) throw ValueErr(`The 'out' tuple must have exactly one entry per ufunc output`);
      out = out[0];
    }
  }
  for (const k of Object.keys(kw)) {
    if (k === 'out' || (k === 'where' && kw[k] === true)) continue;
    if (k === 'where') throw TypeErr(`${fname}(): where= other than True is not supported by cypyx ufuncs`);
    throw TypeErr(`${fname}() got an unexpected keyword argument '${k}'`);
  }
  return out === null ? undefined : out;
}

export interface UFunc {
  (...args: any[]): any;
  readonly nin: number;
  readonly nout: 1;
  readonly nargs: number;
  readonly ntypes: number;
  readonly types: string[];
  readonly identity: null;
  reduce(array: any, ...rest: any[]): any;
}

/** Makes the JS function exported for a `@cython.ufunc` (called by the generated glue). */
export function make(name: string, nin: number, loops: readonly LoopSpec[]): UFunc {
  const quick = new Map<string, number>();
  const f = function (this: unknown): any {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    // Fast path: TypedArrays of one length whose dtypes a loop takes as they are, no keywords.
    if (args.length === nin) {
      let key = '';
      let n = -1;
      let ok = true;
      for (let k = 0; k < nin; k++) {
        const x = args[k];
        const dt = isTypedArray(x) ? dtypeOf(x) : null;
        if (!dt || (n >= 0 && x.length !== n)) {
          ok = false;
          break;
        }
        n = x.length;
        key += dt + ',';
      }
      if (ok) {
        let li = quick.get(key);
        if (li === undefined) {
          li = resolveLoop(loops, Array.from({ length: nin }, (_, k) => ({ kind: 'array', a: toStrided(args[k])! }) as Operand));
          if (li >= 0 && !loops[li]!.ins.every((d, k) => d === dtypeOf(args[k]))) li = -2;
          quick.set(key, li);
        }
        if (li >= 0) {
          const l = loops[li]!;
          const out = new (DTYPES[l.out].ctor)(n) as TypedArray;
          if (n > 0) {
            const a: any[] = [];
            for (let k = 0; k < nin; k++) a.push(args[k], 0, 1);
            a.push(out, 0, 1);
            l.loop(n, a);
          }
          return out;
        }
      }
    }
    // Fast path: Python scalars only (JS numbers / bigints, no keywords): a 0-d call through scratch cells.
    if (args.length === nin) {
      let key = 0;
      let ok = true;
      for (let k = 0; k < nin; k++) {
        const x = args[k];
        if (typeof x !== 'number' || (Number.isInteger(x) && !Number.isSafeInteger(x))) {
          ok = false;
          break;
        }
        key = key * 2 + (Number.isInteger(x) ? 0 : 1);
      }
      if (ok) {
        let sc = scalarCache.get(key);
        if (sc === undefined) {
          const ops = Array.from({ length: nin }, (_, k) => operand(args[k], name));
          const li = resolveLoop(loops, ops);
          sc = li < 0 ? null : { l: loops[li]!, a: scratch(loops[li]!) };
          scalarCache.set(key, sc);
        }
        if (sc !== null) {
          const { l, a } = sc;
          for (let k = 0; k < nin; k++) {
            const cell = a[3 * k] as any;
            const x = args[k] as number;
            cell[0] = typeof cell[0] === 'bigint' ? BigInt(x) : x;
          }
          l.loop(1, a);
          return readScalar(a[3 * nin], 0);
        }
      }
    }
    return call(name, nin, loops, args);
  } as unknown as UFunc;
  const scalarCache = new Map<number, { l: LoopSpec; a: any[] } | null>();
  const scratch = (l: LoopSpec): any[] => {
    const a: any[] = [];
    for (const dt of [...l.ins, l.out]) a.push(new (DTYPES[dt].ctor)(1), 0, 0);
    return a;
  };
  Object.defineProperty(f, 'name', { value: name });
  Object.defineProperties(f, {
    nin: { value: nin },
    nout: { value: 1 },
    nargs: { value: nin + 1 },
    ntypes: { value: loops.length },
    types: { get: () => loops.map((l) => l.ins.map((d) => TYPE_CHARS[d]).join('') + '->' + TYPE_CHARS[l.out]) },
    identity: { value: null },
    __name__: { value: name },
    reduce: { value: (...a: any[]) => reduce(name, nin, loops, a) },
  });
  return f;
}

function call(fname: string, nin: number, loops: readonly LoopSpec[], args: ArrayLike<any>): any {
  const { pos, kw } = splitKw(args);
  if (pos.length < nin) throw TypeErr(`${fname}() takes from ${nin} to ${nin + 1} positional arguments but ${pos.length} were given`);
  const outArg = getOut(pos, kw, nin, fname);
  const ops = pos.slice(0, nin).map((v) => operand(v, fname));
  const li = resolveLoop(loops, ops);
  if (li < 0) throw TypeErr(noLoopMessage(fname));
  const l = loops[li]!;
  // operands as strided arrays of the loop's dtypes
  const arrs: Strided[] = ops.map((op, k) => {
    const dt = l.ins[k]!;
    if (op.kind !== 'array') {
      const data = new (DTYPES[dt].ctor)(1) as TypedArray;
      (data as any)[0] = convertValue(op.v, dt);
      return { data, dtype: dt, shape: [], strides: [], offset: 0 };
    }
    return op.a.dtype === dt ? op.a : castCopy(op.a, dt);
  });
  let out: Strided | null = null;
  if (outArg !== undefined) {
    out = toStrided(outArg);
    if (!out || Array.isArray(outArg)) throw TypeErr('return arrays must be of ArrayType');
  }
  const shapes = arrs.map((a) => a.shape);
  const bshape = broadcastShapes(out ? [...shapes, out.shape] : shapes);
  if (!bshape) {
    const all = out ? [...shapes, out.shape] : shapes;
    throw ValueErr(`operands could not be broadcast together with shapes ${all.map(shapeStr).join(' ')} `);
  }
  if (out && (out.shape.length !== bshape.length || out.shape.some((n, i) => n !== bshape[i]))) {
    throw ValueErr(`non-broadcastable output operand with shape ${shapeStr(out.shape)} doesn't match the broadcast shape ${shapeStr(bshape)}`);
  }
  if (out && !canCastSameKind(l.out, out.dtype)) {
    throw TypeErr(`Cannot cast ufunc '${fname}' output from dtype('${l.out}') to dtype('${out.dtype}') with casting rule 'same_kind'`);
  }
  // the loop writes into `dst`: the out array itself, or a fresh contiguous array
  const size = bshape.reduce((x, y) => x * y, 1);
  const direct = out !== null && out.dtype === l.out;
  const dst: Strided = direct
    ? out!
    : { data: new (DTYPES[l.out].ctor)(size) as TypedArray, dtype: l.out, shape: bshape, strides: cStrides(bshape), offset: 0 };
  const views = arrs.map((a) => ({ data: a.data, offset: a.offset, strides: broadcastStrides(a, bshape) }));
  if (direct) {
    // inputs that share memory with `out` in another layout are read from a copy first
    views.forEach((v, k) => {
      if (overlaps(v.data, dst.data) && !sameLayout(v, v.strides, dst, dst.strides)) {
        const c = castCopy(arrs[k]!, arrs[k]!.dtype);
        views[k] = { data: c.data, offset: 0, strides: broadcastStrides(c, bshape) };
      }
    });
  }
  iterate(bshape, [...views, dst], l.loop);
  if (out) {
    if (!direct) copyInto(dst, out);
    return outArg;
  }
  return wrapResult(dst.data, l.out, bshape);
}

// ---------------------------------------------------------------- reductions

export function normAxes(axis: any, ndim: number): number[] {
  if (axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list: any[] = Array.isArray(axis) ? axis : [axis];
  const out: number[] = [];
  for (const a0 of list) {
    const a = typeof a0 === 'bigint' ? Number(a0) : a0;
    if (typeof a !== 'number' || !Number.isInteger(a)) throw TypeErr(`'${typeof a0}' object cannot be interpreted as an integer`);
    if (a < -ndim || a >= ndim) throw ValueErr(`axis ${a} is out of bounds for array of dimension ${ndim}`);
    const x = a < 0 ? a + ndim : a;
    if (out.includes(x)) throw ValueErr('duplicate value in \'axis\'');
    out.push(x);
  }
  return out.sort((x, y) => x - y);
}

/** How a reduction computes: a fold over lanes, and (when it has one) an elementwise binary loop. */
export interface ReduceKernel {
  /** acc = f(...f(acc, x0)..., x_{n-1}) over a strided run */
  fold: ReduceFn;
  /** out[i] = f(x[i], y[i]) over strided runs (LoopFn convention), all of dtype `dtype`; optional */
  binary: LoopFn | null;
}

/**
 * Reduces `a` (already of the kernel's input dtype) over `axes` into an array
 * of dtype `outDtype` (the fold's accumulator type). `initial`: the starting
 * value (else the first element of each lane). Empty lanes give `initial`, else
 * `identity`, else raise ValueError. Values are in the accumulator's
 * representation (bigint for 64-bit ints).
 */
export function reduceArray(
  opName: string,
  a: Strided,
  axes: number[],
  keepdims: boolean,
  outDtype: DType,
  k: ReduceKernel,
  initial: number | bigint | undefined,
  identity?: number | bigint,
): { data: TypedArray; shape: number[] } {
  const red = new Set(axes);
  const keptDims = a.shape.map((_, i) => i).filter((i) => !red.has(i));
  const keptShape = keptDims.map((i) => a.shape[i]!);
  const redDims = axes;
  const redShape = redDims.map((i) => a.shape[i]!);
  const count = redShape.reduce((x, y) => x * y, 1);
  const outSize = keptShape.reduce((x, y) => x * y, 1);
  const resShape = keepdims ? a.shape.map((n, i) => (red.has(i) ? 1 : n)) : keptShape;
  const res = new (DTYPES[outDtype].ctor)(outSize) as TypedArray;
  if (outSize === 0) return { data: res, shape: resShape };
  if (count === 0) {
    const v = initial ?? identity;
    if (v === undefined) throw ValueErr(`zero-size array to reduction operation ${opName} which has no identity`);
    res.fill(v as never);
    return { data: res, shape: resShape };
  }
  const resStrides = cStrides(keptShape);
  const keptStrides = keptDims.map((i) => a.strides[i]!);
  const w = res as any;
  const big64 = DTYPES[outDtype].kind !== 'f' && DTYPES[outDtype].bits === 64;
  const init = initial;
  // Two strategies: (A) fold each output's lane(s); (B) for one reduced axis, run the
  // elementwise loop out = f(out, a[..., j, ...]) once per j. Pick the cheaper by a small
  // cost model: a call costs ~CALL element steps, an element read with stride s costs
  // min(8, |s|) (cache lines touched), B moves three streams.
  const CALL = 150;
  const elem = (st: number): number => Math.min(8, Math.max(1, Math.abs(st)));
  if (k.binary && redDims.length === 1 && a.dtype === outDtype && count > 1) {
    const ax = redDims[0]!;
    const runs = countRuns(keptShape, [keptStrides, resStrides]);
    const innerStride = keptStrides.filter((_, i) => keptShape[i]! > 1).pop() ?? 1;
    const costA = outSize * (CALL + count * elem(a.strides[ax]!));
    const costB = (count - 1) * (runs * CALL + 1.5 * outSize * elem(innerStride));
    if (costB < costA) {
      const dst = { data: res, offset: 0, strides: resStrides };
      let j0 = 0;
      if (init === undefined) {
        copyInto({ data: a.data, dtype: a.dtype, shape: keptShape, strides: keptStrides, offset: a.offset }, { data: res, dtype: outDtype, shape: keptShape, strides: resStrides, offset: 0 });
        j0 = 1;
      } else res.fill(init as never);
      for (let j = j0; j < count; j++) {
        const src = { data: a.data, offset: a.offset + j * a.strides[ax]!, strides: keptStrides };
        iterate(keptShape, [dst, src, dst], k.binary);
      }
      return { data: res, shape: resShape };
    }
  }
  // Strategy A: for every output element, fold its lane(s) in C order.
  const outIdx = new Array<number>(keptShape.length).fill(0);
  const data = a.data;
  let p = a.offset;
  const lane: Strided = { data, dtype: a.dtype, shape: redShape, strides: redDims.map((i) => a.strides[i]!), offset: 0 };
  const single = redDims.length === 1;
  const rs = single ? a.strides[redDims[0]!]! : 0;
  for (let o = 0; o < outSize; o++) {
    let acc: number | bigint | undefined = init;
    if (single) {
      let off = p;
      let n = count;
      if (acc === undefined) {
        acc = readAcc(data, off, outDtype);
        off += rs;
        n--;
      }
      if (n > 0) acc = k.fold(n, data, off, rs, acc);
    } else {
      lane.offset = p;
      iterate(redShape, [lane], (n, r) => {
        let off = r[1] as number;
        const s = r[2] as number;
        if (acc === undefined) {
          acc = readAcc(data, off, outDtype);
          off += s;
          n--;
          if (n === 0) return;
        }
        acc = k.fold(n, data, off, s, acc);
      });
    }
    w[o] = big64 ? BigInt(acc as number | bigint) : acc;
    // next output index
    for (let d = keptShape.length - 1; d >= 0; d--) {
      outIdx[d]!++;
      p += keptStrides[d]!;
      if (outIdx[d]! < keptShape[d]!) break;
      p -= keptStrides[d]! * keptShape[d]!;
      outIdx[d] = 0;
    }
  }
  return { data: res, shape: resShape };
}

/** An element read as an accumulator of dtype `dt` (bigint for 64-bit ints). */
function readAcc(data: TypedArray, i: number, dt: DType): number | bigint {
  const v = data[i]!;
  const info = DTYPES[dt];
  if (info.kind === 'f') return Number(v);
  if (info.bits === 64) return typeof v === 'bigint' ? v : BigInt(v);
  return Number(v);
}

/** How many innermost runs `iterate` makes over `shape` for operands with these strides. */
function countRuns(shape: readonly number[], strides: readonly (readonly number[])[]): number {
  let runs = 0;
  iterate(shape, strides.map((s) => ({ data: EMPTY, offset: 0, strides: [...s] })), () => void runs++);
  return runs;
}
const EMPTY = new Float64Array(0);

function reduce(fname: string, nin: number, loops: readonly LoopSpec[], rawArgs: any[]): any {
  if (nin !== 2) throw ValueErr('reduce only supported for binary functions');
  const { pos, kw } = splitKw(rawArgs);
  const names = ['array', 'axis', 'dtype', 'out', 'keepdims', 'initial'];
  if (pos.length > names.length) throw TypeErr(`reduce() takes at most ${names.length} arguments (${pos.length} given)`);
  const opts: Record<string, any> = {};
  pos.forEach((v, i) => (opts[names[i]!] = v));
  for (const [k, v] of Object.entries(kw)) {
    if (!names.includes(k)) throw TypeErr(`reduce() got an unexpected keyword argument '${k}'`);
    if (k in opts) throw TypeErr(`argument for reduce() given by name ('${k}') and position (${names.indexOf(k) + 1})`);
    opts[k] = v;
  }
  if (!('array' in opts)) throw TypeErr("reduce() missing required argument 'array' (pos 1)");
  let a = toStrided(opts.array);
  if (!a) {
    const op = operand(opts.array, fname);
    if (op.kind === 'array') a = op.a;
    else {
      const dt: DType = op.kind === 'float' ? 'float64' : 'int64';
      const data = new (DTYPES[dt].ctor)(1) as TypedArray;
      (data as any)[0] = convertValue(op.v, dt);
      a = { data, dtype: dt, shape: [], strides: [], offset: 0 };
    }
  }
  const want: DType | null = opts.dtype === undefined || opts.dtype === null ? null : String(opts.dtype) as DType;
  if (want !== null && !(want in DTYPES)) throw TypeErr(`data type '${want}' not understood`);
  let li = -1;
  for (let i = 0; i < loops.length; i++) {
    const l = loops[i]!;
    if (!l.reduce) continue;
    if (want !== null ? l.out === want && canCastSameKind(a.dtype, want) : canCastSafe(a.dtype, l.ins[0]!)) {
      li = i;
      break;
    }
  }
  if (li < 0) throw TypeErr(`No loop matching the specified signature and casting was found for ufunc ${fname}`);
  const l = loops[li]!;
  const src = a.dtype === l.out ? a : castCopy(a, l.out);
  const axes = normAxes(opts.axis === undefined ? 0 : opts.axis, src.shape.length);
  const keepdims = !!opts.keepdims;
  const initial = opts.initial === undefined || opts.initial === null ? undefined : convertValue(opts.initial instanceof PyFloat ? opts.initial.v : opts.initial, l.out);
  const r = reduceArray(fname, src, axes, keepdims, l.out, { fold: l.reduce!, binary: l.loop }, initial);
  return finishReduce(r, l.out, opts.out);
}

/** Writes a reduction result into `out` (when given) or wraps it. */
export function finishReduce(r: { data: TypedArray; shape: number[] }, dtype: DType, outArg: any): any {
  if (outArg === undefined || outArg === null) return wrapResult(r.data, dtype, r.shape);
  const target = Array.isArray(outArg) && outArg.length === 1 ? outArg[0] : outArg;
  const out = toStrided(target);
  if (!out) throw TypeErr('output must be an array');
  if (out.shape.length !== r.shape.length || out.shape.some((n, i) => n !== r.shape[i])) {
    throw ValueErr(`output parameter for reduction operation has the wrong shape ${shapeStr(out.shape)}, expected ${shapeStr(r.shape)}`);
  }
  if (!canCastSameKind(dtype, out.dtype)) throw TypeErr(`Cannot cast output from dtype('${dtype}') to dtype('${out.dtype}') with casting rule 'same_kind'`);
  copyInto({ data: r.data, dtype, shape: r.shape, strides: cStrides(r.shape), offset: 0 }, out);
  return target;
}
