// JS values ↔ Python values at the boundary (`$rt.conv.fromJS` / `toJS`, docs/value-model.md).
import {
  PyFloat, PyRange, PySlice, mkFloat, normBig, tuple, isTypedArray, isKwargs, type TypedArray,
} from './values.js';
import { PyDict, PySet } from './dict.js';
import { BaseException } from './exceptions.js';
import { NDArray } from './ndarray.js';
import { PyIter, toArray } from './iter.js';
import { viewParts, checkBounds, type ViewRecord } from './views.js';
import { dtypeOf } from './dtypes.js';

/**
 * Late-bound: dict views (methods.ts, which sets this) pass through fromJS and become
 * arrays in toJS. Without methods.ts loaded there are no dict views.
 */
export const jsconvHooks: { isDictView: (v: any) => boolean } = {
  isDictView: () => false,
};

function isPlain(o: any): boolean {
  const p = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null;
}

function isNDLike(o: any): boolean {
  return (isTypedArray(o.data) || o.data instanceof ArrayBuffer) && (Array.isArray(o.shape) || typeof o.shape === 'number');
}

/** Is `v` already a value of the Python value model (deep for lists)? */
function isPyValue(v: any, seen?: Set<any>): boolean {
  switch (typeof v) {
    case 'number':
      return !Number.isInteger(v) || Number.isSafeInteger(v) ? !Object.is(v, -0) : false;
    case 'bigint':
      return v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER);
    case 'string':
    case 'boolean':
    case 'function':
      return true;
    case 'undefined':
      return false;
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        if (seen?.has(v)) return true;
        const s = seen ?? new Set();
        s.add(v);
        for (let i = 0; i < v.length; i++) if (!isPyValue(v[i], s)) return false;
        return true;
      }
      if (v instanceof Map || v instanceof Set) return false;
      if (v instanceof Uint8Array) return v.constructor === Uint8Array || (typeof Buffer !== 'undefined' && v instanceof (Buffer as any));
      if (isTypedArray(v) || v instanceof ArrayBuffer) return false;
      if (isPlain(v)) return false;
      return true;
    }
  }
  return true;
}

/** JS value → Python value (deep). Arrays that already hold Python values are shared, not copied. */
export function fromJS(v: any): any {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? (Number.isSafeInteger(v) ? (v === 0 ? 0 : v) : mkFloat(v)) : v;
    case 'bigint':
      return normBig(v);
    case 'undefined':
      return null;
    case 'object':
      if (v === null) return null;
      return fromJSObject(v, new Map());
  }
  return v;
}

function fromJSObject(v: any, seen: Map<any, any>): any {
  if (Array.isArray(v)) {
    if (Object.isFrozen(v)) {
      if (isPyValue(v)) return v;
      return tuple(v.map((x) => fromJSInner(x, seen)));
    }
    if (isPyValue(v)) return v;
    const done = seen.get(v);
    if (done) return done;
    const out: any[] = [];
    seen.set(v, out);
    for (const x of v) out.push(fromJSInner(x, seen));
    return out;
  }
  if (v instanceof PyFloat || v instanceof PyDict || v instanceof PySet || v instanceof NDArray || v instanceof PyRange ||
      v instanceof PySlice || v instanceof BaseException || v instanceof PyIter || jsconvHooks.isDictView(v)) return v;
  if (v instanceof Map) {
    const d = new PyDict();
    seen.set(v, d);
    for (const [k, x] of v) d.set(fromJSInner(k, seen), fromJSInner(x, seen));
    return d;
  }
  if (v instanceof Set) {
    const s = new PySet();
    for (const x of v) s.add(fromJSInner(x, seen));
    return s;
  }
  if (v instanceof Uint8Array && v.constructor === Uint8Array) return v;
  if (typeof Buffer !== 'undefined' && v instanceof (Buffer as any)) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (isTypedArray(v)) return new NDArray(v as TypedArray, undefined, undefined, 0, null, 'numpy');
  if (isPlain(v)) {
    if (isNDLike(v)) {
      const p = viewParts(v);
      checkBounds(p.data, p.offset, p.shape, p.strides);
      return new NDArray(p.data, p.shape, p.strides, p.offset, null, 'numpy');
    }
    if (isKwargs(v)) return v;
    const d = new PyDict();
    seen.set(v, d);
    for (const k of Object.keys(v)) d.set(k, fromJSInner(v[k], seen));
    return d;
  }
  return v;
}

function fromJSInner(v: any, seen: Map<any, any>): any {
  if (v !== null && typeof v === 'object') {
    const done = seen.get(v);
    if (done !== undefined) return done;
    return fromJSObject(v, seen);
  }
  return fromJS(v);
}

/** Python value → JS value (deep): PyFloat → number, tuple → Array, dict → Map, set → Set. */
export function toJS(v: any): any {
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'function':
      return v;
    case 'bigint':
      return normBig(v);
    case 'undefined':
      return null;
    case 'object':
      if (v === null) return null;
      if (v instanceof PyFloat) return v.v;
      return toJSObject(v, new Map());
  }
  return v;
}

function toJSObject(v: any, seen: Map<any, any>): any {
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: any[] = [];
    seen.set(v, out);
    for (const x of v) out.push(toJSInner(x, seen));
    return out;
  }
  if (v instanceof PyDict) {
    const m = new Map();
    seen.set(v, m);
    for (const [k, x] of v.entries()) m.set(toJSInner(k, seen), toJSInner(x, seen));
    return m;
  }
  if (v instanceof PySet) {
    const s = new Set();
    seen.set(v, s);
    for (const x of v) s.add(toJSInner(x, seen));
    return s;
  }
  if (v instanceof NDArray) return v.asTypedArray() ?? v;
  if (v instanceof PyRange) return Array.from(v);
  if (jsconvHooks.isDictView(v)) return toArray(v).map((x) => toJSInner(x, seen));
  return v;
}

function toJSInner(v: any, seen: Map<any, any>): any {
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat)) return toJSObject(v, seen);
  return toJS(v);
}

/** A view record used as a Python object → NDArray (a memoryview object). */
export function viewToObject(view: ViewRecord | NDArray | null): NDArray | null {
  if (view === null || view === undefined) return null;
  if (view instanceof NDArray) return view;
  return new NDArray(view.data, view.shape, view.strides, view.offset, dtypeOf(view.data), 'memoryview');
}
