// The iteration protocol: `iter(x)` gives a JS iterator (also a Python
// iterator object); `next(it)` gives the next value or STOP. Runtime
// iterators implement a fast `[NEXT]()` that returns the value or STOP
// directly; any JS iterator / generator works too.
import { STOP, PyRange, isTypedArray } from './values.js';
import { PyDict, PySet, HOLE, changedSize } from './dict.js';
import { TypeErr, exc } from './exceptions.js';
import { typeName } from './typename.js';
import { hasSurrogates } from './strutil.js';
import { NDArray } from './ndarray.js';

export const NEXT: unique symbol = Symbol('cypyx.next') as any;

/** Base class of runtime iterators: JS iterator protocol on top of [NEXT]. */
export abstract class PyIter implements IterableIterator<any> {
  abstract [NEXT](): any;
  abstract get __pytype__(): string;
  next(): IteratorResult<any> {
    const v = this[NEXT]();
    return v === STOP ? { value: undefined, done: true } : { value: v, done: false };
  }
  [Symbol.iterator](): this {
    return this;
  }
  __repr__(): string {
    return `<${this.__pytype__} object at 0x7f${(Math.random() * 0xffffffff >>> 0).toString(16)}>`;
  }
}

export class ListIter extends PyIter {
  private i = 0;
  constructor(private readonly a: readonly any[]) {
    super();
  }
  get __pytype__(): string {
    return Object.isFrozen(this.a) ? 'tuple_iterator' : 'list_iterator';
  }
  [NEXT](): any {
    const a = this.a;
    return this.i < a.length ? a[this.i++] : STOP;
  }
  /** remaining length (for length hints) */
  remaining(): number {
    return Math.max(0, this.a.length - this.i);
  }
}

export class ListRevIter extends PyIter {
  private i: number;
  constructor(private readonly a: readonly any[]) {
    super();
    this.i = a.length - 1;
  }
  get __pytype__(): string {
    return Object.isFrozen(this.a) ? 'reversed' : 'list_reverseiterator';
  }
  [NEXT](): any {
    if (this.i >= this.a.length) this.i = this.a.length - 1;
    return this.i >= 0 ? this.a[this.i--] : STOP;
  }
}

export class StrIter extends PyIter {
  private i = 0;
  private readonly surr: boolean;
  constructor(private readonly s: string, private readonly rev = false) {
    super();
    this.surr = hasSurrogates(s);
    if (rev) this.i = s.length - 1;
  }
  get __pytype__(): string {
    return this.rev ? 'reversed' : 'str_ascii_iterator';
  }
  [NEXT](): any {
    const s = this.s;
    if (this.rev) {
      if (this.i < 0) return STOP;
      if (this.surr && this.i > 0) {
        const c = s.charCodeAt(this.i);
        if (c >= 0xdc00 && c <= 0xdfff) {
          const h = s.charCodeAt(this.i - 1);
          if (h >= 0xd800 && h <= 0xdbff) {
            this.i -= 2;
            return s.slice(this.i + 1, this.i + 3);
          }
        }
      }
      return s[this.i--];
    }
    if (this.i >= s.length) return STOP;
    if (this.surr) {
      const cp = s.codePointAt(this.i)!;
      const ch = String.fromCodePoint(cp);
      this.i += ch.length;
      return ch;
    }
    return s[this.i++];
  }
}

export class BytesIter extends PyIter {
  private i = 0;
  constructor(private readonly b: Uint8Array) {
    super();
  }
  get __pytype__(): string {
    return 'bytes_iterator';
  }
  [NEXT](): any {
    return this.i < this.b.length ? this.b[this.i++] : STOP;
  }
}

export class RangeIter extends PyIter {
  private i = 0;
  constructor(private readonly r: PyRange, private readonly rev = false) {
    super();
  }
  get __pytype__(): string {
    return 'range_iterator';
  }
  [NEXT](): any {
    const r = this.r;
    if (this.i >= r.length) return STOP;
    const k = this.i++;
    return this.rev ? r.start + (r.length - 1 - k) * r.step : r.start + k * r.step;
  }
}

type DictIterMode = 0 | 1 | 2; // keys, values, items

export class DictIter extends PyIter {
  private i: number;
  private readonly size0: number;
  private readonly layout0: number;
  constructor(private readonly d: PyDict, private readonly mode: DictIterMode, private readonly rev = false) {
    super();
    this.size0 = d.size;
    this.layout0 = d.layout;
    this.i = rev ? d.slotCount() - 1 : 0;
  }
  get __pytype__(): string {
    return ['dict_keyiterator', 'dict_valueiterator', 'dict_itemiterator'][this.mode];
  }
  [NEXT](): any {
    const d = this.d;
    if (d.size !== this.size0 || d.layout !== this.layout0) {
      this.i = Infinity;
      changedSize('dictionary');
    }
    if (this.rev) {
      while (this.i >= 0) {
        const i = this.i--;
        const k = d.keyAt(i);
        if (k !== HOLE) return this.mode === 0 ? k : this.mode === 1 ? d.valueAt(i) : Object.freeze([k, d.valueAt(i)]);
      }
      return STOP;
    }
    const n = d.slotCount();
    while (this.i < n) {
      const i = this.i++;
      const k = d.keyAt(i);
      if (k !== HOLE) return this.mode === 0 ? k : this.mode === 1 ? d.valueAt(i) : Object.freeze([k, d.valueAt(i)]);
    }
    return STOP;
  }
}

export class SetIter extends PyIter {
  private i = 0;
  private readonly size0: number;
  private readonly layout0: number;
  constructor(private readonly s: PySet) {
    super();
    this.size0 = s.size;
    this.layout0 = s.layout;
  }
  get __pytype__(): string {
    return 'set_iterator';
  }
  [NEXT](): any {
    const s = this.s;
    if (s.size !== this.size0 || s.layout !== this.layout0) {
      this.i = Infinity;
      changedSize('set');
    }
    const n = s.slotCount();
    while (this.i < n) {
      const k = s.keyAt(this.i++);
      if (k !== HOLE) return k;
    }
    return STOP;
  }
}

/** Wraps any JS iterator (generators, Map iterators, user iterables). */
export class JSIter extends PyIter {
  constructor(private readonly it: Iterator<any>, private readonly name = 'iterator') {
    super();
  }
  get __pytype__(): string {
    return this.name;
  }
  [NEXT](): any {
    const r = this.it.next();
    return r.done ? STOP : r.value;
  }
}

/** A user object with __next__ (raising StopIteration at the end). */
class DunderIter extends PyIter {
  constructor(private readonly o: any) {
    super();
  }
  get __pytype__(): string {
    return typeName(this.o);
  }
  [NEXT](): any {
    try {
      return this.o.__next__();
    } catch (e) {
      if (e instanceof exc.StopIteration) return STOP;
      throw e;
    }
  }
}

/** iter(x) */
export function iter(x: any): any {
  if (Array.isArray(x)) return new ListIter(x);
  switch (typeof x) {
    case 'string':
      return new StrIter(x);
    case 'object':
      if (x === null) break;
      if (x instanceof PyIter) return x;
      if (x instanceof PyDict) return new DictIter(x, 0);
      if (x instanceof PySet) return new SetIter(x);
      if (x instanceof PyRange) return new RangeIter(x);
      if (x instanceof Uint8Array && !(x as any).__pytype__) return new BytesIter(x);
      if (x instanceof NDArray) return new JSIter(x[Symbol.iterator](), 'iterator');
      if (typeof x.__iter__ === 'function') {
        const it = x.__iter__();
        if (it !== null && typeof it === 'object' && typeof it.__next__ === 'function' && !(it instanceof PyIter)) return new DunderIter(it);
        return it;
      }
      if (typeof x.next === 'function' && typeof x[Symbol.iterator] === 'function') return x; // generators, JS iterators
      if (typeof x.__next__ === 'function') return new DunderIter(x);
      if (x instanceof Map) return new JSIter(x.keys(), 'dict_keyiterator');
      if (typeof x[Symbol.iterator] === 'function') return x[Symbol.iterator]();
      if (isTypedArray(x)) return new JSIter((x as any)[Symbol.iterator]());
      break;
    case 'function':
      break;
  }
  throw TypeErr(`'${typeName(x)}' object is not iterable`);
}

/** next(it): the value or STOP */
export function next(it: any): any {
  const f = it[NEXT];
  if (f !== undefined) return f.call(it);
  if (typeof it.next === 'function') {
    const r = it.next();
    return r.done ? STOP : r.value;
  }
  if (typeof it.__next__ === 'function') {
    try {
      return it.__next__();
    } catch (e) {
      if (e instanceof exc.StopIteration) return STOP;
      throw e;
    }
  }
  throw TypeErr(`'${typeName(it)}' object is not an iterator`);
}

/** Is `x` a Python iterator object (has a next protocol)? */
export function isIterator(x: any): boolean {
  return x !== null && typeof x === 'object' && (x instanceof PyIter || typeof x.next === 'function' || typeof x.__next__ === 'function');
}

/** Iterate a Python iterable with a JS for-of. */
export function* pyIterate(x: any): Generator<any> {
  if (Array.isArray(x)) {
    // Python list iteration sees appends made during the loop
    for (let i = 0; i < x.length; i++) yield x[i];
    return;
  }
  const it = iter(x);
  for (;;) {
    const v = next(it);
    if (v === STOP) return;
    yield v;
  }
}

/** All items of an iterable as a fresh JS array (list(x)). */
export function toArray(x: any): any[] {
  if (Array.isArray(x)) return x.slice();
  if (typeof x === 'string' && !hasSurrogates(x)) return x.split('');
  const out: any[] = [];
  const it = iter(x);
  for (;;) {
    const v = next(it);
    if (v === STOP) return out;
    out.push(v);
  }
}

/** Items as a JS array, without copying when x already is an array (read-only use). */
export function asArray(x: any): readonly any[] {
  return Array.isArray(x) ? x : toArray(x);
}

