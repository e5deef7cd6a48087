// Python builtins: functions of PY_OPS that are not operators, the iterator
// objects they return (enumerate, zip, map, filter, reversed) and the builtin
// class objects (`$rt.py.builtins.int` …) used by isinstance / type / calls.
import {
  PyFloat, PyRange, PySlice, STOP, PYCLASS, mkFloat, normBig, tuple, isTuple, splitKw, EMPTY_TUPLE, isPyClass,
  objectId, type PyInt, isTypedArray,
} from './values.js';
import { PyDict, PySet } from './dict.js';
import {
  TypeErr, ValueErr, OverflowErr, BaseException, exc, isExcClass,
} from './exceptions.js';
import { typeName } from './typename.js';
import {
  add, eq, lt, gt, truth, len, abs, divmod, indexValue, NotImplemented, pow as powOp,
} from './ops.js';
import { iter, next, toArray, PyIter, NEXT, ListRevIter, StrIter, RangeIter, pyIterate } from './iter.js';
import { str, repr, ascii, format } from './format.js';
import { callFn, popKw } from './call.js';
import { sortInPlace, dictUpdate, getattr_, hasattr, setTypeOf, DictView, callmethodKW, decodeBytes, setattr, delattr } from './methods.js';
import {
  parseIntStr, parseFloatStr, floatToInt, intToFloat, roundHalfEven, roundIntNeg, hashInt, hashFloat, hashStr,
  hashTupleOf, big, intPowMod,
} from './num.js';
import { fixedAbs } from './floatfmt.js';
import { NDArray } from './ndarray.js';
import { cpLen } from './strutil.js';

// ---------------------------------------------------------------- helpers

function isIntLike(x: any): boolean {
  const t = typeof x;
  return t === 'number' ? Number.isInteger(x) : t === 'bigint' || t === 'boolean';
}
function intOf(x: any): PyInt {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') return Number.isSafeInteger(x) ? x : BigInt(x);
  return normBig(x);
}
function asIndex(x: any): number {
  if (typeof x === 'bigint' && (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER)))
    throw OverflowErr('Python int too large to convert to C ssize_t');
  return indexValue(x, () => `'${typeName(x)}' object cannot be interpreted as an integer`);
}

// ---------------------------------------------------------------- iterator objects

class EnumerateIter extends PyIter {
  private i: PyInt;
  constructor(private readonly it: any, start: PyInt) {
    super();
    this.i = start;
  }
  get __pytype__(): string {
    return 'enumerate';
  }
  [NEXT](): any {
    const v = next(this.it);
    if (v === STOP) return STOP;
    const i = this.i;
    this.i = typeof i === 'number' && i < Number.MAX_SAFE_INTEGER ? i + 1 : normBig(big(i) + 1n);
    return tuple([i, v]);
  }
}

class ZipIter extends PyIter {
  constructor(private readonly its: any[]) {
    super();
  }
  get __pytype__(): string {
    return 'zip';
  }
  [NEXT](): any {
    if (this.its.length === 0) return STOP;
    const out: any[] = [];
    for (const it of this.its) {
      const v = next(it);
      if (v === STOP) return STOP;
      out.push(v);
    }
    return tuple(out);
  }
}

class MapIter extends PyIter {
  constructor(private readonly f: any, private readonly its: any[]) {
    super();
  }
  get __pytype__(): string {
    return 'map';
  }
  [NEXT](): any {
    const args: any[] = [];
    for (const it of this.its) {
      const v = next(it);
      if (v === STOP) return STOP;
      args.push(v);
    }
    return callFn(this.f, ...args);
  }
}

class FilterIter extends PyIter {
  constructor(private readonly f: any, private readonly it: any) {
    super();
  }
  get __pytype__(): string {
    return 'filter';
  }
  [NEXT](): any {
    for (;;) {
      const v = next(this.it);
      if (v === STOP) return STOP;
      if (this.f === null || this.f === undefined ? truth(v) : truth(callFn(this.f, v))) return v;
    }
  }
}

class SeqRevIter extends PyIter {
  private i: number;
  constructor(private readonly o: any) {
    super();
    this.i = len(o) - 1;
  }
  get __pytype__(): string {
    return 'reversed';
  }
  [NEXT](): any {
    if (this.i < 0) return STOP;
    return this.o.__getitem__(this.i--);
  }
}

// ---------------------------------------------------------------- builtin functions (ops)

export function range(...a: any[]): PyRange {
  if (a.length === 0) throw TypeErr('range expected at least 1 argument, got 0');
  if (a.length > 3) throw TypeErr(`range expected at most 3 arguments, got ${a.length}`);
  const v = a.map(asIndex);
  if (v.length === 1) return new PyRange(0, v[0], 1);
  const step = v.length === 3 ? v[2] : 1;
  if (step === 0) throw ValueErr('range() arg 3 must not be zero');
  return new PyRange(v[0], v[1], step);
}

export function enumerate(iterable: any, start: any = 0): any {
  if (!isIntLike(start)) throw TypeErr(`'${typeName(start)}' object cannot be interpreted as an integer`);
  return new EnumerateIter(iter(iterable), intOf(start));
}

export function zip(...iterables: any[]): any {
  return new ZipIter(iterables.map((x, i) => {
    try {
      return iter(x);
    } catch (e) {
      if (e instanceof exc.TypeError) throw TypeErr(`zip argument #${i + 1} must support iteration`);
      throw e;
    }
  }));
}

export function map(f: any, ...iterables: any[]): any {
  if (iterables.length === 0) throw TypeErr('map() must have at least two arguments.');
  return new MapIter(f, iterables.map(iter));
}

export function filter(f: any, iterable: any): any {
  return new FilterIter(f, iter(iterable));
}

export function reversed(seq: any): any {
  if (Array.isArray(seq)) return new ListRevIter(seq);
  if (typeof seq === 'string') return new StrIter(seq, true);
  if (seq instanceof PyRange) return new RangeIter(seq, true);
  if (seq instanceof PyDict) return new (DictView as any)(seq, 0).__reversed__();
  if (seq !== null && typeof seq === 'object') {
    if (typeof seq.__reversed__ === 'function') return seq.__reversed__();
    if (seq instanceof Uint8Array) return new ListRevIter(Array.from(seq));
    if (seq instanceof NDArray) return new ListRevIter(toArray(seq));
    if (typeof seq.__getitem__ === 'function' && typeof seq.__len__ === 'function') return new SeqRevIter(seq);
  }
  throw TypeErr(`'${typeName(seq)}' object is not reversible`);
}

export function list(x?: any): any[] {
  if (x === undefined) return [];
  return toArray(x);
}

export function tuple_(x?: any): readonly any[] {
  if (x === undefined) return EMPTY_TUPLE;
  if (isTuple(x)) return x;
  return tuple(toArray(x));
}

export function set(x?: any): PySet {
  const s = new PySet();
  if (x !== undefined) for (const v of pyIterate(x)) s.add(v);
  return s;
}

export function frozenset(x?: any): PySet {
  if (x instanceof PySet && x.frozen) return x;
  const s = new PySet(null, true);
  if (x !== undefined) for (const v of pyIterate(x)) s.add(v);
  return s;
}

/** dict([mapping or iterable], **kw) — as an op: (...args, kw) */
export function dict(...rest: any[]): PyDict {
  const [a, kw] = popKw(rest);
  if (a.length > 1) throw TypeErr(`dict expected at most 1 argument, got ${a.length}`);
  const d = new PyDict();
  dictUpdate(d, a[0], kw);
  return d;
}

function minmax(name: 'min' | 'max', a: any[], kw: Record<string, any>): any {
  for (const k in kw) if (k !== 'key' && k !== 'default') throw TypeErr(`${name}() got an unexpected keyword argument '${k}'`);
  const key = kw.key ?? null;
  const hasDefault = Object.prototype.hasOwnProperty.call(kw, 'default');
  let items: any;
  if (a.length === 0) throw TypeErr(`${name} expected at least 1 argument, got 0`);
  if (a.length === 1) items = a[0];
  else {
    if (hasDefault) throw TypeErr(`Cannot specify a default for ${name}() with multiple positional arguments`);
    items = a;
  }
  const better = name === 'min' ? lt : gt;
  let best: any = STOP, bestKey: any;
  const it = iter(items);
  for (;;) {
    const v = next(it);
    if (v === STOP) break;
    const k = key === null ? v : callFn(key, v);
    if (best === STOP || better(k, bestKey)) {
      best = v;
      bestKey = k;
    }
  }
  if (best === STOP) {
    if (hasDefault) return kw.default;
    throw ValueErr(`${name}() arg is an empty sequence`);
  }
  return best;
}

export function min(...rest: any[]): any {
  const [a, kw] = popKw(rest);
  return minmax('min', a, kw);
}
export function max(...rest: any[]): any {
  const [a, kw] = popKw(rest);
  return minmax('max', a, kw);
}

export function sum(iterable: any, start: any = 0): any {
  if (typeof start === 'string') throw TypeErr("sum() can't sum strings [use ''.join(seq) instead]");
  if (start instanceof Uint8Array) throw TypeErr("sum() can't sum bytes [use b''.join(seq) instead]");
  let acc = start;
  if (Array.isArray(iterable)) {
    for (let i = 0; i < iterable.length; i++) acc = add(acc, iterable[i]);
    return acc;
  }
  const it = iter(iterable);
  for (;;) {
    const v = next(it);
    if (v === STOP) return acc;
    acc = add(acc, v);
  }
}

/** sorted(iterable, key=, reverse=) — as an op: (iterable, kw) */
export function sorted(...rest: any[]): any[] {
  const [a, kw] = popKw(rest);
  if (a.length !== 1) throw TypeErr(`sorted expected 1 argument, got ${a.length}`);
  for (const k in kw) if (k !== 'key' && k !== 'reverse') throw TypeErr(`sort() got an unexpected keyword argument '${k}'`);
  const out = toArray(a[0]);
  sortInPlace(out, kw.key ?? null, truth(kw.reverse ?? false));
  return out;
}

export function any(iterable: any): boolean {
  for (const v of pyIterate(iterable)) if (truth(v)) return true;
  return false;
}
export function all(iterable: any): boolean {
  for (const v of pyIterate(iterable)) if (!truth(v)) return false;
  return true;
}

/** int([x[, base]]) */
export function int(...a: any[]): PyInt {
  if (a.length === 0) return 0;
  const x = a[0];
  if (a.length > 1 && a[1] !== undefined) {
    const b = a[1];
    if (!isIntLike(b)) throw TypeErr(`'${typeName(b)}' object cannot be interpreted as an integer`);
    const base = Number(intOf(b));
    if (base !== 0 && (base < 2 || base > 36)) throw ValueErr('int() base must be >= 2 and <= 36, or 0');
    let s: string;
    if (typeof x === 'string') s = x;
    else if (x instanceof Uint8Array) s = decodeBytes(x, 'latin-1', 'strict');
    else throw TypeErr("int() can't convert non-string with explicit base");
    const r = parseIntStr(s, base);
    if (r === null) throw ValueErr(`invalid literal for int() with base ${base}: ${repr(x)}`);
    return r;
  }
  if (typeof x === 'number') return Number.isInteger(x) ? intOf(x) : floatToInt(x);
  if (typeof x === 'bigint' || typeof x === 'boolean') return intOf(x);
  if (x instanceof PyFloat) return floatToInt(x.v);
  if (typeof x === 'string' || x instanceof Uint8Array) {
    const s = typeof x === 'string' ? x : decodeBytes(x, 'latin-1', 'strict');
    const r = parseIntStr(s, 10);
    if (r === null) throw ValueErr(`invalid literal for int() with base 10: ${repr(x)}`);
    return r;
  }
  if (x !== null && typeof x === 'object') {
    if (typeof x.__int__ === 'function') return intOf(x.__int__());
    if (typeof x.__index__ === 'function') return intOf(x.__index__());
    if (typeof x.__trunc__ === 'function') return intOf(x.__trunc__());
  }
  throw TypeErr(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
}

/** float([x]) */
export function float(...a: any[]): any {
  if (a.length === 0) return new PyFloat(0);
  const x = a[0];
  if (typeof x === 'number') return mkFloat(x);
  if (x instanceof PyFloat) return x;
  if (typeof x === 'bigint' || typeof x === 'boolean') return mkFloat(intToFloat(intOf(x)));
  if (typeof x === 'string' || x instanceof Uint8Array) {
    const s = typeof x === 'string' ? x : decodeBytes(x, 'latin-1', 'strict');
    const r = parseFloatStr(s);
    if (r === null) throw ValueErr(`could not convert string to float: ${repr(x)}`);
    return mkFloat(r);
  }
  if (x !== null && typeof x === 'object') {
    if (typeof x.__float__ === 'function') return mkFloat(Number(x.__float__()));
    if (typeof x.__index__ === 'function') return mkFloat(intToFloat(intOf(x.__index__())));
  }
  throw TypeErr(`float() argument must be a string or a real number, not '${typeName(x)}'`);
}

export function bool(...a: any[]): boolean {
  return a.length === 0 ? false : truth(a[0]);
}

/** str(x) / str(bytes, encoding[, errors]) */
export function str_(...a: any[]): string {
  if (a.length === 0) return '';
  if (a.length > 1 && a[0] instanceof Uint8Array) return decodeBytes(a[0], a[1], a[2] ?? 'strict');
  return str(a[0]);
}

export function bytes(...a: any[]): Uint8Array {
  if (a.length === 0) return new Uint8Array(0);
  const x = a[0];
  if (typeof x === 'string') {
    if (a.length < 2) throw TypeErr('string argument without an encoding');
    return callmethodKW(x, 'encode', a.slice(1), {});
  }
  if (isIntLike(x)) {
    const n = Number(intOf(x));
    if (n < 0) throw ValueErr('negative count');
    return new Uint8Array(n);
  }
  if (x instanceof Uint8Array) return x.slice();
  const items = toArray(x);
  const out = new Uint8Array(items.length);
  items.forEach((v, i) => {
    if (!isIntLike(v)) throw TypeErr(`'${typeName(v)}' object cannot be interpreted as an integer`);
    const n = Number(intOf(v));
    if (n < 0 || n > 255) throw ValueErr('bytes must be in range(0, 256)');
    out[i] = n;
  });
  return out;
}

export function round(x: any, nd?: any): any {
  if (nd === null || nd === undefined) {
    if (isIntLike(x)) return intOf(x);
    if (x instanceof PyFloat || typeof x === 'number') {
      const v = x instanceof PyFloat ? x.v : x;
      if (v !== v) throw ValueErr('cannot convert float NaN to integer');
      if (!Number.isFinite(v)) throw OverflowErr('cannot convert float infinity to integer');
      return floatToInt(roundHalfEven(v));
    }
  } else {
    if (!isIntLike(nd)) throw TypeErr(`'${typeName(nd)}' object cannot be interpreted as an integer`);
    const n = Number(intOf(nd));
    if (isIntLike(x)) return n >= 0 ? intOf(x) : roundIntNeg(intOf(x), n);
    if (x instanceof PyFloat || typeof x === 'number') {
      const v = x instanceof PyFloat ? x.v : x;
      return mkFloat(roundFloat(v, n));
    }
  }
  if (x !== null && typeof x === 'object' && typeof x.__round__ === 'function') return nd === undefined ? x.__round__() : x.__round__(nd);
  throw TypeErr(`type ${typeName(x)} doesn't define __round__ method`);
}

/** CPython double_round: correctly rounded to nd decimal places (half-even on the exact value) */
export function roundFloat(x: number, nd: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (nd > 323) return x;
  if (nd < -308) return 0 * x;
  const r = Number(fixedAbs(Math.abs(x), nd));
  if (!Number.isFinite(r)) throw OverflowErr('rounded value too large to represent');
  return x < 0 ? -r : r;
}

export function ord(c: any): number {
  if (typeof c === 'string') {
    const n = cpLen(c);
    if (n !== 1) throw TypeErr(`ord() expected a character, but string of length ${n} found`);
    return c.codePointAt(0)!;
  }
  if (c instanceof Uint8Array) {
    if (c.length !== 1) throw TypeErr(`ord() expected a character, but string of length ${c.length} found`);
    return c[0];
  }
  throw TypeErr(`ord() expected string of length 1, but ${typeName(c)} found`);
}

export function chr(i: any): string {
  if (!isIntLike(i)) throw TypeErr(`'${typeName(i)}' object cannot be interpreted as an integer`);
  const v = intOf(i);
  if (typeof v === 'bigint') throw OverflowErr('Python int too large to convert to C int');
  if (v < 0 || v > 0x10ffff) throw ValueErr('chr() arg not in range(0x110000)');
  return String.fromCodePoint(v);
}

const NONE_HASH = -9223363242286445604n;

export function hash(a: any): PyInt {
  switch (typeof a) {
    case 'number':
      return Number.isInteger(a) ? hashInt(intOf(a)) : hashFloat(a);
    case 'bigint':
      return hashInt(normBig(a));
    case 'boolean':
      return a ? 1 : 0;
    case 'string':
      return hashStr(a);
    case 'undefined':
      return normBig(NONE_HASH);
    case 'function':
      return hashInt(objectId(a) >> 4);
    case 'object': {
      if (a === null) return normBig(NONE_HASH);
      if (a instanceof PyFloat) return hashFloat(a.v);
      if (Array.isArray(a)) {
        if (!Object.isFrozen(a)) throw TypeErr("unhashable type: 'list'");
        return hashTupleOf(a.map(hash));
      }
      if (a instanceof PyDict) throw TypeErr("unhashable type: 'dict'");
      if (a instanceof PySet) {
        if (!a.frozen) throw TypeErr("unhashable type: 'set'");
        return frozensetHash(a);
      }
      if (a instanceof Uint8Array && !(a as any).__pytype__) return hashStr(String.fromCharCode(...a));
      if (a instanceof NDArray && a.kind === 'numpy') throw TypeErr("unhashable type: 'numpy.ndarray'");
      if (typeof a.__hash__ === 'function') return intOf(a.__hash__());
      if (a.__hash__ === null) throw TypeErr(`unhashable type: '${typeName(a)}'`);
      return hashInt(objectId(a) >> 4);
    }
  }
  return 0;
}

function frozensetHash(s: PySet): PyInt {
  const M = (1n << 64n) - 1n;
  const shuffle = (h: bigint) => (((h ^ 89869747n) ^ ((h << 16n) & M)) * 3644798167n) & M;
  let h = 0n;
  for (const k of s) h ^= shuffle(BigInt.asUintN(64, big(hash(k))));
  h ^= ((BigInt(s.size) + 1n) * 1927868237n) & M;
  h ^= (h >> 11n) ^ (h >> 25n);
  h = (h * 69069n + 907133923n) & M;
  if (h === M) h = 590923713n;
  return normBig(BigInt.asIntN(64, h));
}

export function id(a: any): PyInt {
  if (a !== null && (typeof a === 'object' || typeof a === 'function')) return objectId(a);
  if (a === null || a === undefined) return 0x7f0000000100;
  const h = hash(a);
  return 0x7f1000000000 + Number(BigInt.asUintN(32, big(h)));
}

export function iter_(a: any, sentinel?: any): any {
  if (sentinel !== undefined) {
    const f = a;
    return new (class extends PyIter {
      done = false;
      get __pytype__() {
        return 'callable_iterator';
      }
      [NEXT]() {
        if (this.done) return STOP;
        const v = callFn(f);
        if (eq(v, sentinel)) {
          this.done = true;
          return STOP;
        }
        return v;
      }
    })();
  }
  return iter(a);
}

export function next_(it: any, ...dflt: any[]): any {
  if (it === null || typeof it !== 'object' || (typeof it.next !== 'function' && typeof it.__next__ !== 'function' && (it as any)[NEXT] === undefined))
    throw TypeErr(`'${typeName(it)}' object is not an iterator`);
  const v = next(it);
  if (v === STOP) {
    if (dflt.length > 0) return dflt[0];
    throw new exc.StopIteration();
  }
  return v;
}

// ---------------------------------------------------------------- classes: isinstance / issubclass / type

interface BuiltinClass {
  (...a: any[]): any;
  __name__: string;
  __bases__: readonly any[];
  __instancecheck__: (x: any) => boolean;
  [PYCLASS]: string;
}

function mkClass(name: string, f: (...a: any[]) => any, check: (x: any) => boolean, bases: any[]): BuiltinClass {
  const c = function (this: any, ...args: any[]) {
    const [a, kw] = splitKw(args);
    if (Object.keys(kw).length && name !== 'dict') throw TypeErr(`${name}() takes no keyword arguments`);
    return name === 'dict' ? f(...a, kw) : f(...a);
  } as unknown as BuiltinClass;
  Object.defineProperty(c, 'name', { value: name });
  Object.defineProperty(c, '__name__', { value: name, writable: true });
  Object.defineProperty(c, '__qualname__', { value: name, writable: true });
  Object.defineProperty(c, '__module__', { value: 'builtins', writable: true });
  c.__bases__ = Object.freeze(bases);
  c.__instancecheck__ = check;
  c[PYCLASS] = 'builtin';
  return c;
}

const objectCls = mkClass('object', () => Object.create(null), () => true, []);
const isIntVal = (x: any) => (typeof x === 'number' ? Number.isInteger(x) : typeof x === 'bigint' || typeof x === 'boolean');
const intCls = mkClass('int', int, isIntVal, [objectCls]);
const boolCls = mkClass('bool', bool, (x) => typeof x === 'boolean', [intCls]);
const floatCls = mkClass('float', float, (x) => (typeof x === 'number' ? !Number.isInteger(x) : x instanceof PyFloat), [objectCls]);
const strCls = mkClass('str', str_, (x) => typeof x === 'string', [objectCls]);
const listCls = mkClass('list', list, (x) => Array.isArray(x) && !Object.isFrozen(x), [objectCls]);
const tupleCls = mkClass('tuple', tuple_, (x) => isTuple(x), [objectCls]);
const dictCls = mkClass('dict', dict, (x) => x instanceof PyDict, [objectCls]);
const setCls = mkClass('set', set, (x) => x instanceof PySet && !x.frozen, [objectCls]);
const frozensetCls = mkClass('frozenset', frozenset, (x) => x instanceof PySet && x.frozen, [objectCls]);
const bytesCls = mkClass('bytes', bytes, (x) => x instanceof Uint8Array && !(x as any).__pytype__, [objectCls]);
const rangeCls = mkClass('range', range, (x) => x instanceof PyRange, [objectCls]);
const sliceCls = mkClass('slice', (...a: any[]) => (a.length === 1 ? new PySlice(null, a[0], null) : new PySlice(a[0], a[1], a[2])), (x) => x instanceof PySlice, [objectCls]);
const noneCls = mkClass('NoneType', () => null, (x) => x === null || x === undefined, [objectCls]);
const functionCls = mkClass('function', () => {
  throw TypeErr("cannot create 'function' instances");
}, (x) => typeof x === 'function' && !isClassObj(x), [objectCls]);
const typeCls = mkClass('type', (x: any) => type(x), (x) => isClassObj(x), [objectCls]);
const complexCls = mkClass('complex', () => {
  throw TypeErr('complex numbers are not supported');
}, () => false, [objectCls]);
const enumerateCls = mkClass('enumerate', enumerate, (x) => x instanceof EnumerateIter, [objectCls]);
const zipCls = mkClass('zip', zip, (x) => x instanceof ZipIter, [objectCls]);
const mapCls = mkClass('map', map, (x) => x instanceof MapIter, [objectCls]);
const filterCls = mkClass('filter', filter, (x) => x instanceof FilterIter, [objectCls]);
const reversedCls = mkClass('reversed', reversed, (x) => x instanceof ListRevIter, [objectCls]);
const memoryviewCls = mkClass('memoryview', (x: any) => (x instanceof NDArray ? x : new NDArray(x, undefined, undefined, 0, null, 'memoryview')), (x) => x instanceof NDArray || isTypedArray(x), [objectCls]);

function isClassObj(x: any): boolean {
  return typeof x === 'function' && (isPyClass(x) || isExcClass(x) || /^class[\s{]/.test(Function.prototype.toString.call(x)));
}

export function type(x: any): any {
  switch (typeof x) {
    case 'number':
      return Number.isInteger(x) ? intCls : floatCls;
    case 'bigint':
      return intCls;
    case 'boolean':
      return boolCls;
    case 'string':
      return strCls;
    case 'undefined':
      return noneCls;
    case 'function':
      return isClassObj(x) ? typeCls : functionCls;
    case 'object':
      if (x === null) return noneCls;
      if (x instanceof PyFloat) return floatCls;
      if (Array.isArray(x)) return Object.isFrozen(x) ? tupleCls : listCls;
      if (x instanceof PyDict) return dictCls;
      if (x instanceof PySet) return x.frozen ? frozensetCls : setCls;
      if (x instanceof Uint8Array && !(x as any).__pytype__) return bytesCls;
      if (x instanceof PyRange) return rangeCls;
      if (x instanceof PySlice) return sliceCls;
      if (x instanceof BaseException) return x.constructor;
      return x.constructor ?? objectCls;
  }
  return objectCls;
}
setTypeOf(type);

function classCheck(cls: any, what: string): void {
  if (!isClassObj(cls)) throw TypeErr(what);
}

export function isinstance(x: any, cls: any): boolean {
  if (isTuple(cls) || Array.isArray(cls)) {
    for (const c of cls) if (isinstance(x, c)) return true;
    return false;
  }
  if (typeof cls === 'function') {
    if (typeof cls.__instancecheck__ === 'function') return truth(cls.__instancecheck__(x));
    if (cls.prototype !== undefined && isClassObj(cls)) return x instanceof cls;
  }
  throw TypeErr('isinstance() arg 2 must be a type, a tuple of types, or a union');
}

function builtinSubclass(a: any, b: any): boolean {
  if (a === b || b === objectCls) return true;
  const bases: readonly any[] = a.__bases__ ?? [];
  return bases.some((c) => builtinSubclass(c, b));
}

export function issubclass(a: any, b: any): boolean {
  if (!isClassObj(a)) throw TypeErr('issubclass() arg 1 must be a class');
  if (isTuple(b) || Array.isArray(b)) {
    for (const c of b) if (issubclass(a, c)) return true;
    return false;
  }
  classCheck(b, 'issubclass() arg 2 must be a class, a tuple of classes, or a union');
  if (a === b || b === objectCls) return true;
  if (a[PYCLASS] === 'builtin' || b[PYCLASS] === 'builtin') {
    if (a[PYCLASS] === 'builtin' && b[PYCLASS] === 'builtin') return builtinSubclass(a, b);
    return false;
  }
  return a.prototype instanceof b;
}

// ---------------------------------------------------------------- the builtins namespace

function bf(name: string, f: (...a: any[]) => any, kwNames?: string[]): any {
  const g = function (...args: any[]) {
    const [a, kw] = splitKw(args);
    if (kwNames) return f(...a, kw);
    if (Object.keys(kw).length) throw TypeErr(`${name}() takes no keyword arguments`);
    return f(...a);
  };
  Object.defineProperty(g, 'name', { value: name });
  Object.defineProperty(g, '__name__', { value: name });
  (g as any).__builtin__ = true;
  return g;
}

function pow3(a: any, b: any, m?: any): any {
  if (m === undefined || m === null) return powOp(a, b);
  if (!isIntLike(a) || !isIntLike(b) || !isIntLike(m)) throw TypeErr('pow() 3rd argument not allowed unless all arguments are integers');
  return intPowMod(intOf(a), intOf(b), intOf(m));
}

/** print as a value (e.g. passed around); the `print` statement uses $rt.print */
let printImpl: (args: any[], sep: any, end: any) => null = () => null;
export function setPrintImpl(f: (args: any[], sep: any, end: any) => null): void {
  printImpl = f;
}

export const builtins: Record<string, any> = {
  object: objectCls,
  int: intCls,
  bool: boolCls,
  float: floatCls,
  str: strCls,
  list: listCls,
  tuple: tupleCls,
  dict: dictCls,
  set: setCls,
  frozenset: frozensetCls,
  bytes: bytesCls,
  range: rangeCls,
  slice: sliceCls,
  type: typeCls,
  complex: complexCls,
  enumerate: enumerateCls,
  zip: zipCls,
  map: mapCls,
  filter: filterCls,
  reversed: reversedCls,
  memoryview: memoryviewCls,
  NoneType: noneCls,
  function: functionCls,
  len: bf('len', len),
  repr: bf('repr', repr),
  ascii: bf('ascii', ascii),
  abs: bf('abs', abs),
  min: bf('min', (...a: any[]) => minmax('min', a.slice(0, -1), a[a.length - 1]), ['key', 'default']),
  max: bf('max', (...a: any[]) => minmax('max', a.slice(0, -1), a[a.length - 1]), ['key', 'default']),
  sum: bf('sum', sum),
  sorted: bf('sorted', (...a: any[]) => sorted(...a), ['key', 'reverse']),
  isinstance: bf('isinstance', isinstance),
  issubclass: bf('issubclass', issubclass),
  round: bf('round', round),
  divmod: bf('divmod', divmod),
  pow: bf('pow', pow3),
  ord: bf('ord', ord),
  chr: bf('chr', chr),
  any: bf('any', any),
  all: bf('all', all),
  hash: bf('hash', hash),
  id: bf('id', id),
  iter: bf('iter', iter_),
  next: bf('next', next_),
  callable: bf('callable', (x: any) => typeof x === 'function' || (x !== null && typeof x === 'object' && typeof x.__call__ === 'function')),
  getattr: bf('getattr', getattr_),
  setattr: bf('setattr', setattr),
  delattr: bf('delattr', delattr),
  hasattr: bf('hasattr', hasattr),
  format: bf('format', (v: any, spec: any = '') => format(v, spec)),
  print: bf('print', (...a: any[]) => {
    const kw = a.pop();
    return printImpl(a, kw.sep ?? null, kw.end ?? null);
  }, ['sep', 'end', 'file', 'flush']),
  hex: bf('hex', (x: any) => radixStr(x, 16, '0x')),
  oct: bf('oct', (x: any) => radixStr(x, 8, '0o')),
  bin: bf('bin', (x: any) => radixStr(x, 2, '0b')),
  NotImplemented,
  Ellipsis: Object.freeze({ __repr__: () => 'Ellipsis', __pytype__: 'ellipsis' }),
  None: null,
  True: true,
  False: false,
};
for (const [k, v] of Object.entries(exc)) builtins[k] = v;

function radixStr(x: any, radix: number, prefix: string): string {
  if (!isIntLike(x)) throw TypeErr(`'${typeName(x)}' object cannot be interpreted as an integer`);
  const v = intOf(x);
  const neg = v < 0;
  const digits = (typeof v === 'bigint' ? (neg ? -v : v) : Math.abs(v)).toString(radix);
  return (neg ? '-' : '') + prefix + digits;
}

