// The representation of Python values in JS (docs/value-model.md) and the
// small type predicates everything else builds on. No dependencies.

/** An integral Python float (2.0, -0.0, 1e16): boxed so that it stays a float. */
export class PyFloat {
  readonly v: number;
  constructor(v: number) {
    this.v = v;
  }
  valueOf(): number {
    return this.v;
  }
  toString(): string {
    return hooks.repr(this);
  }
}

/** A Python int: a number when safe, else a bigint (normalized). */
export type PyInt = number | bigint;

/** The end-of-iteration sentinel returned by `py.next`. */
export const STOP: unique symbol = Symbol('cypyx.STOP');
export type Stop = typeof STOP;

/** Own property that marks a trailing keyword-arguments object. */
export const KW: unique symbol = Symbol.for('cypyx.kwargs') as any;

/** Marks a JS function as a Python class object (builtins and module classes). */
export const PYCLASS: unique symbol = Symbol.for('cypyx.pyclass') as any;

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const BIG_MAX_SAFE = BigInt(MAX_SAFE);
const BIG_MIN_SAFE = -BIG_MAX_SAFE;

/**
 * Late-bound hooks (set by format.ts) so that low-level modules can produce
 * str()/repr() text without import cycles.
 */
export const hooks: { str: (x: any) => string; repr: (x: any) => string } = {
  str: (x) => String(x),
  repr: (x) => String(x),
};

// ---------------------------------------------------------------- ints and floats

/** bigint → normalized int (number when it is safe). */
export function normBig(b: bigint): PyInt {
  return b >= BIG_MIN_SAFE && b <= BIG_MAX_SAFE ? Number(b) : b;
}

/** Any integral number / bigint / boolean → normalized int. */
export function normInt(v: number | bigint | boolean): PyInt {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
    return BigInt(v);
  }
  if (typeof v === 'bigint') return normBig(v);
  return v ? 1 : 0;
}

/** A float result → its Python representation (integral values boxed). */
export function mkFloat(x: number): number | PyFloat {
  return Number.isInteger(x) ? new PyFloat(x) : x;
}

/** int (including bool). */
export function isInt(x: unknown): x is number | bigint | boolean {
  const t = typeof x;
  if (t === 'number') return Number.isInteger(x);
  return t === 'bigint' || t === 'boolean';
}

/** int but not bool. */
export function isIntNotBool(x: unknown): x is number | bigint {
  return typeof x === 'number' ? Number.isInteger(x) : typeof x === 'bigint';
}

export function isFloat(x: unknown): x is number | PyFloat {
  return typeof x === 'number' ? !Number.isInteger(x) : x instanceof PyFloat;
}

/** The double of a float value (number or PyFloat). */
export function floatValue(x: number | PyFloat): number {
  return typeof x === 'number' ? x : x.v;
}

/** A number-like (int, bool, float). */
export function isNumber(x: unknown): boolean {
  const t = typeof x;
  return t === 'number' || t === 'bigint' || t === 'boolean' || x instanceof PyFloat;
}

/** int or bool value as a bigint. */
export function toBig(x: number | bigint | boolean): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'boolean') return x ? 1n : 0n;
  return BigInt(x);
}

// ---------------------------------------------------------------- sequences

export function isTuple(x: unknown): x is readonly any[] {
  return Array.isArray(x) && Object.isFrozen(x);
}

export function isList(x: unknown): x is any[] {
  return Array.isArray(x) && !Object.isFrozen(x);
}

/** Make a tuple (frozen array) from items (the array is frozen in place). */
export function tuple<T>(items: T[]): readonly T[] {
  return Object.freeze(items);
}

export const EMPTY_TUPLE: readonly any[] = Object.freeze([]);

export function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array;
}

export function isKwargs(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && (x as any)[KW] === true && Object.prototype.hasOwnProperty.call(x, KW);
}

/** Build a kwargs object (the user-facing `kwargs({...})` helper). */
export function kwargs(obj: Record<string, any> | null | undefined): Record<string, any> {
  const out: Record<string, any> = {};
  if (obj) for (const k of Object.keys(obj)) out[k] = obj[k];
  Object.defineProperty(out, KW, { value: true, enumerable: false });
  return out;
}

/** Split a JS argument list into positional args and a kwargs object (possibly empty). */
export function splitKw(args: any[]): [any[], Record<string, any>] {
  const n = args.length;
  if (n > 0 && isKwargs(args[n - 1])) return [args.slice(0, n - 1), args[n - 1]];
  return [args, NO_KW];
}

export const NO_KW: Record<string, any> = Object.freeze({}) as Record<string, any>;

export function hasKeys(o: Record<string, any> | null | undefined): boolean {
  if (!o) return false;
  for (const _ in o) return true;
  return false;
}

// ---------------------------------------------------------------- range and slice

export class PyRange {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
  readonly length: number;
  constructor(start: number, stop: number, step: number) {
    this.start = start;
    this.stop = stop;
    this.step = step;
    let n = 0;
    if (step > 0 && start < stop) n = Math.floor((stop - start - 1) / step) + 1;
    else if (step < 0 && start > stop) n = Math.floor((start - stop - 1) / -step) + 1;
    this.length = n;
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.start + i * this.step;
  }
}

export class PySlice {
  readonly start: any;
  readonly stop: any;
  readonly step: any;
  constructor(start: any, stop: any, step: any) {
    this.start = start ?? null;
    this.stop = stop ?? null;
    this.step = step ?? null;
  }
}

// ---------------------------------------------------------------- identity helpers

const ids = new WeakMap<object, number>();
let nextId = 0x7f0000001000;
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId;
    nextId += 48;
    ids.set(o, id);
  }
  return id;
}

/** The JS TypedArray classes (not DataView). */
export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

export type TypedArray =
  | Float64Array | Float32Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/** A Python class object backed by a JS function (builtin or module class). */
export function isPyClass(x: unknown): boolean {
  return typeof x === 'function' && (x as any)[PYCLASS] !== undefined;
}

/** JS class (constructor that must be called with `new`)? Cached. */
const classCache = new WeakMap<Function, boolean>();
export function isJSClass(f: Function): boolean {
  let r = classCache.get(f);
  if (r === undefined) {
    try {
      r = /^class[\s{]/.test(Function.prototype.toString.call(f));
    } catch {
      r = false;
    }
    classCache.set(f, r);
  }
  return r;
}
