// Python operators on runtime values: arithmetic, comparisons, truth,
// containment, len, indexing / slicing, item assignment and deletion,
// unpacking.
import {
  PyFloat, PyRange, PySlice, STOP, mkFloat, normBig, tuple, type PyInt, isTypedArray,
} from './values.js';
import { PyDict, PySet, checkHashable } from './dict.js';
import { TypeErr, ValueErr, IndexErr, KeyErr, OverflowErr, exc } from './exceptions.js';
import {
  intAdd, intSub, intMul, intFloorDiv, intMod, intTrueDiv, intPow, intShl, intShr, intAnd, intOr, intXor,
  intNeg, intInvert, intToFloat, cmpIntFloat, floatFloorDiv, floatMod, floatTrueDiv, floatPow, intAbs, floatDivmod,
} from './num.js';
import { typeName } from './typename.js';
import { strCmp, cpLen, hasSurrogates } from './strutil.js';
import { percentFormat } from './format.js';
import { iter, next, toArray } from './iter.js';
import { NDArray } from './ndarray.js';
import { truth } from './truth.js';

export { truth };

// ---------------------------------------------------------------- classification

/** 0: not a number, 1: int (incl. bool), 2: float */
function nk(x: any): 0 | 1 | 2 {
  switch (typeof x) {
    case 'number':
      return Number.isInteger(x) ? 1 : 2;
    case 'bigint':
    case 'boolean':
      return 1;
    case 'object':
      return x instanceof PyFloat ? 2 : 0;
  }
  return 0;
}

/** int value (number | bigint) of an int-kind value */
function iv(x: any): PyInt {
  if (typeof x === 'number') return Number.isSafeInteger(x) ? x : BigInt(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  return normBig(x);
}

/** double of a number-kind value */
function fv(x: any): number {
  if (typeof x === 'number') return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === 'boolean') return x ? 1 : 0;
  return intToFloat(x);
}

export const NotImplemented: any = Object.freeze({ __repr__: () => 'NotImplemented', __pytype__: 'NotImplementedType' });

function unsupported(op: string, a: any, b: any): never {
  throw TypeErr(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Try user-defined dunder methods (a.__op__(b), then b.__rop__(a)). */
function dunder(a: any, b: any, name: string, rname: string | null): any {
  if (a !== null && typeof a === 'object' && typeof a[name] === 'function') {
    const r = a[name](b);
    if (r !== NotImplemented) return r;
  }
  if (rname && b !== null && typeof b === 'object' && typeof b[rname] === 'function') {
    const r = b[rname](a);
    if (r !== NotImplemented) return r;
  }
  return NotImplemented;
}

function isObj(x: any): boolean {
  return x !== null && typeof x === 'object';
}

// ---------------------------------------------------------------- arithmetic

export function add(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isInteger(a) && Number.isInteger(b)) return Number.isSafeInteger(r) ? r : intAdd(iv(a), iv(b));
    return Number.isInteger(r) ? new PyFloat(r) : r;
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) return intAdd(iv(a), iv(b));
    return mkFloat(fv(a) + fv(b));
  }
  if (typeof a === 'string') {
    if (isObj(b) && typeof b.__radd__ === 'function') {
      const r = b.__radd__(a);
      if (r !== NotImplemented) return r;
    }
    throw TypeErr(`can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (Array.isArray(a)) {
    if (Array.isArray(b) && Object.isFrozen(a) === Object.isFrozen(b)) {
      const r = a.concat(b);
      return Object.isFrozen(a) ? tuple(r) : r;
    }
    const r = dunder(null, b, '', '__radd__');
    if (r !== NotImplemented) return r;
    const t = Object.isFrozen(a) ? 'tuple' : 'list';
    throw TypeErr(`can only concatenate ${t} (not "${typeName(b)}") to ${t}`);
  }
  if (a instanceof Uint8Array && !(a as any).__pytype__) {
    if (b instanceof Uint8Array) {
      const r = new Uint8Array(a.length + b.length);
      r.set(a);
      r.set(b, a.length);
      return r;
    }
    throw TypeErr(`can't concat ${typeName(b)} to bytes`);
  }
  const r = dunder(a, b, '__add__', '__radd__');
  if (r !== NotImplemented) return r;
  unsupported('+', a, b);
}

export function sub(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isInteger(a) && Number.isInteger(b)) return Number.isSafeInteger(r) ? r : intSub(iv(a), iv(b));
    return Number.isInteger(r) ? new PyFloat(r) : r;
  }
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) return intSub(iv(a), iv(b));
    return mkFloat(fv(a) - fv(b));
  }
  if (a instanceof PySet && b instanceof PySet) {
    const out = new PySet(null, a.frozen);
    for (const x of a) if (!b.has(x)) out.add(x);
    return out;
  }
  const r = dunder(a, b, '__sub__', '__rsub__');
  if (r !== NotImplemented) return r;
  unsupported('-', a, b);
}

function repeatCount(n: any): number {
  const v = iv(n);
  if (typeof v === 'bigint') {
    if (v < 0n) return 0;
    throw OverflowErr("cannot fit 'int' into an index-sized integer");
  }
  return v;
}

function repeatSeq(s: any, n: any): any {
  const k = repeatCount(n);
  if (typeof s === 'string') {
    if (k <= 0 || s.length === 0) return '';
    if (s.length * k > 0x1fffffe8) throw new exc.MemoryError();
    return s.repeat(k);
  }
  if (Array.isArray(s)) {
    const out: any[] = [];
    if (k > 0 && s.length > 0) {
      if (s.length * k > 1e9) throw new exc.MemoryError();
      for (let i = 0; i < k; i++) for (let j = 0; j < s.length; j++) out.push(s[j]);
    }
    return Object.isFrozen(s) ? tuple(out) : out;
  }
  // bytes
  const b = s as Uint8Array;
  const out = new Uint8Array(Math.max(0, k) * b.length);
  for (let i = 0; i < k; i++) out.set(b, i * b.length);
  return out;
}

function isSeq(x: any): boolean {
  return typeof x === 'string' || Array.isArray(x) || (x instanceof Uint8Array && !(x as any).__pytype__);
}

export function mul(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isInteger(a) && Number.isInteger(b)) return Number.isSafeInteger(r) ? (r === 0 ? 0 : r) : intMul(iv(a), iv(b));
    return Number.isInteger(r) ? new PyFloat(r) : r;
  }
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) return intMul(iv(a), iv(b));
    return mkFloat(fv(a) * fv(b));
  }
  if (isSeq(a)) {
    if (kb === 1) return repeatSeq(a, b);
    const r = dunder(null, b, '', '__rmul__');
    if (r !== NotImplemented) return r;
    throw TypeErr(`can't multiply sequence by non-int of type '${typeName(b)}'`);
  }
  if (isSeq(b)) {
    if (ka === 1) return repeatSeq(b, a);
    const r = dunder(a, null, '__mul__', null);
    if (r !== NotImplemented) return r;
    throw TypeErr(`can't multiply sequence by non-int of type '${typeName(a)}'`);
  }
  const r = dunder(a, b, '__mul__', '__rmul__');
  if (r !== NotImplemented) return r;
  unsupported('*', a, b);
}

export function truediv(a: any, b: any): any {
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) return mkFloat(intTrueDiv(iv(a), iv(b)));
    return mkFloat(floatTrueDiv(fv(a), fv(b)));
  }
  const r = dunder(a, b, '__truediv__', '__rtruediv__');
  if (r !== NotImplemented) return r;
  unsupported('/', a, b);
}

export function floordiv(a: any, b: any): any {
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) return intFloorDiv(iv(a), iv(b));
    return mkFloat(floatFloorDiv(fv(a), fv(b)));
  }
  const r = dunder(a, b, '__floordiv__', '__rfloordiv__');
  if (r !== NotImplemented) return r;
  unsupported('//', a, b);
}

export function mod(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b) && b !== 0) {
    let r = a % b;
    if (r !== 0 && (r < 0) !== (b < 0)) r += b;
    return r === 0 ? 0 : r;
  }
  if (typeof a === 'string') return percentFormat(a, b);
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) return intMod(iv(a), iv(b));
    return mkFloat(floatMod(fv(a), fv(b)));
  }
  if (a instanceof Uint8Array && !(a as any).__pytype__) {
    const s = percentFormat(String.fromCharCode(...a), b, true);
    return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
  }
  const r = dunder(a, b, '__mod__', '__rmod__');
  if (r !== NotImplemented) return r;
  unsupported('%', a, b);
}

export function pow(a: any, b: any): any {
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) {
      const y = iv(b);
      const r = intPow(iv(a), y);
      return y < 0 ? mkFloat(r as number) : r;
    }
    return mkFloat(floatPow(fv(a), fv(b)));
  }
  const r = dunder(a, b, '__pow__', '__rpow__');
  if (r !== NotImplemented) return r;
  unsupported('** or pow()', a, b);
}

function intOnly(op: string, a: any, b: any, f: (x: PyInt, y: PyInt) => PyInt, dn: string, rdn: string): any {
  if (nk(a) === 1 && nk(b) === 1) return f(iv(a), iv(b));
  const r = dunder(a, b, dn, rdn);
  if (r !== NotImplemented) return r;
  unsupported(op, a, b);
}

export function lshift(a: any, b: any): any {
  return intOnly('<<', a, b, intShl, '__lshift__', '__rlshift__');
}
export function rshift(a: any, b: any): any {
  return intOnly('>>', a, b, intShr, '__rshift__', '__rrshift__');
}

function setOp(a: PySet, b: PySet, op: '&' | '|' | '^'): PySet {
  const out = new PySet(null, a.frozen);
  if (op === '|') {
    for (const x of a) out.add(x);
    for (const x of b) out.add(x);
  } else if (op === '&') {
    for (const x of a) if (b.has(x)) out.add(x);
  } else {
    for (const x of a) if (!b.has(x)) out.add(x);
    for (const x of b) if (!a.has(x)) out.add(x);
  }
  return out;
}

export function bitand(a: any, b: any): any {
  if (typeof a === 'boolean' && typeof b === 'boolean') return a && b;
  if (a instanceof PySet && b instanceof PySet) return setOp(a, b, '&');
  return intOnly('&', a, b, intAnd, '__and__', '__rand__');
}
export function bitor(a: any, b: any): any {
  if (typeof a === 'boolean' && typeof b === 'boolean') return a || b;
  if (a instanceof PySet && b instanceof PySet) return setOp(a, b, '|');
  if (a instanceof PyDict && b instanceof PyDict) {
    const d = a.copy();
    for (const [k, v] of b.entries()) d.set(k, v);
    return d;
  }
  return intOnly('|', a, b, intOr, '__or__', '__ror__');
}
export function bitxor(a: any, b: any): any {
  if (typeof a === 'boolean' && typeof b === 'boolean') return a !== b;
  if (a instanceof PySet && b instanceof PySet) return setOp(a, b, '^');
  return intOnly('^', a, b, intXor, '__xor__', '__rxor__');
}

export function neg(a: any): any {
  switch (nk(a)) {
    case 1:
      return intNeg(iv(a));
    case 2:
      return mkFloat(-fv(a));
  }
  if (isObj(a) && typeof a.__neg__ === 'function') return a.__neg__();
  throw TypeErr(`bad operand type for unary -: '${typeName(a)}'`);
}
export function pos(a: any): any {
  switch (nk(a)) {
    case 1:
      return iv(a);
    case 2:
      return a;
  }
  if (isObj(a) && typeof a.__pos__ === 'function') return a.__pos__();
  throw TypeErr(`bad operand type for unary +: '${typeName(a)}'`);
}
export function invert(a: any): any {
  if (nk(a) === 1) return intInvert(iv(a));
  if (isObj(a) && typeof a.__invert__ === 'function') return a.__invert__();
  throw TypeErr(`bad operand type for unary ~: '${typeName(a)}'`);
}
export function abs(a: any): any {
  switch (nk(a)) {
    case 1:
      return intAbs(iv(a));
    case 2:
      return mkFloat(Math.abs(fv(a)));
  }
  if (isObj(a) && typeof a.__abs__ === 'function') return a.__abs__();
  throw TypeErr(`bad operand type for abs(): '${typeName(a)}'`);
}

/** a += b */
export function iadd(a: any, b: any): any {
  if (Array.isArray(a) && !Object.isFrozen(a)) {
    if (Array.isArray(b)) {
      const n = b.length;
      for (let i = 0; i < n; i++) a.push(b[i]);
    } else for (const x of toArray(b)) a.push(x);
    return a;
  }
  if (a instanceof PySet && !a.frozen && b instanceof PySet) {
    // (sets use |=, not +=; keep Python's TypeError via add)
  }
  if (isObj(a) && typeof a.__iadd__ === 'function') {
    const r = a.__iadd__(b);
    if (r !== NotImplemented) return r;
  }
  return add(a, b);
}

/** a *= b */
export function imul(a: any, b: any): any {
  if (Array.isArray(a) && !Object.isFrozen(a)) {
    if (nk(b) !== 1) throw TypeErr(`can't multiply sequence by non-int of type '${typeName(b)}'`);
    const k = repeatCount(b);
    if (k <= 0) a.length = 0;
    else {
      const n = a.length;
      for (let i = 1; i < k; i++) for (let j = 0; j < n; j++) a.push(a[j]);
    }
    return a;
  }
  if (isObj(a) && typeof a.__imul__ === 'function') {
    const r = a.__imul__(b);
    if (r !== NotImplemented) return r;
  }
  return mul(a, b);
}

export function divmod(a: any, b: any): any {
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) {
      const x = iv(a), y = iv(b);
      return tuple([intFloorDiv(x, y, 'integer division or modulo by zero'), intMod(x, y, 'integer division or modulo by zero')]);
    }
    const q = floatDivmod(fv(a), fv(b));
    return tuple([mkFloat(q[0]), mkFloat(q[1])]);
  }
  const r = dunder(a, b, '__divmod__', '__rdivmod__');
  if (r !== NotImplemented) return r;
  unsupported('divmod()', a, b);
}


// ---------------------------------------------------------------- comparisons

export function eq(a: any, b: any): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === 'number' && typeof b === 'number') return false;
  if (ta === 'string' || typeof b === 'string') return false;
  return eqSlow(a, b);
}

function eqSlow(a: any, b: any): boolean {
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    if (ka === 1 && kb === 1) return iv(a) == iv(b); // eslint-disable-line eqeqeq
    if (ka === 2 && kb === 2) return fv(a) === fv(b);
    return ka === 1 ? cmpIntFloat(iv(a), fv(b)) === 0 : cmpIntFloat(iv(b), fv(a)) === 0;
  }
  if (a == null || b == null) return a == null && b == null;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || Object.isFrozen(a) !== Object.isFrozen(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof PyDict) {
    if (!(b instanceof PyDict) || a.size !== b.size) return false;
    for (const [k, v] of a.entries()) {
      if (!b.has(k)) return false;
      if (!eq(v, b.get(k))) return false;
    }
    return true;
  }
  if (a instanceof PySet) {
    if (!(b instanceof PySet) || a.size !== b.size) return false;
    for (const k of a) if (!b.has(k)) return false;
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array && !(a as any).__pytype__ && !(b as any).__pytype__) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof PyRange && b instanceof PyRange) {
    if (a.length !== b.length) return false;
    if (a.length === 0) return true;
    if (a.start !== b.start) return false;
    return a.length === 1 || a.step === b.step;
  }
  if (a instanceof PySlice && b instanceof PySlice) return eq(a.start, b.start) && eq(a.stop, b.stop) && eq(a.step, b.step);
  if (typeof a === 'object' && typeof a.__eq__ === 'function') {
    const r = a.__eq__(b);
    if (r !== NotImplemented) return truth(r);
  }
  if (typeof b === 'object' && typeof b.__eq__ === 'function') {
    const r = b.__eq__(a);
    if (r !== NotImplemented) return truth(r);
  }
  return false;
}

export function ne(a: any, b: any): boolean {
  if (isObj(a) && typeof a.__ne__ === 'function') {
    const r = a.__ne__(b);
    if (r !== NotImplemented) return truth(r);
  }
  return !eq(a, b);
}

type CmpOp = '<' | '<=' | '>' | '>=';
const SWAP: Record<CmpOp, CmpOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const DUNDER: Record<CmpOp, string> = { '<': '__lt__', '<=': '__le__', '>': '__gt__', '>=': '__ge__' };

function fromCmp(c: number, op: CmpOp): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/** Rich comparison a op b for the ordering operators. */
export function compare(a: any, b: any, op: CmpOp): boolean {
  const ka = nk(a), kb = nk(b);
  if (ka && kb) {
    let c: number;
    if (ka === 1 && kb === 1) {
      const x = iv(a), y = iv(b);
      c = x < y ? -1 : x > y ? 1 : 0;
    } else if (ka === 2 && kb === 2) {
      const x = fv(a), y = fv(b);
      if (x !== x || y !== y) return false;
      c = x < y ? -1 : x > y ? 1 : 0;
    } else if (ka === 1) c = cmpIntFloat(iv(a), fv(b));
    else c = -cmpIntFloat(iv(b), fv(a));
    if (c !== c) return false;
    return fromCmp(c, op);
  }
  if (typeof a === 'string' && typeof b === 'string') return fromCmp(strCmp(a, b), op);
  if (Array.isArray(a) && Array.isArray(b) && Object.isFrozen(a) === Object.isFrozen(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!eq(a[i], b[i])) return compare(a[i], b[i], op);
    }
    return fromCmp(a.length - b.length, op);
  }
  if (a instanceof PySet && b instanceof PySet) {
    const sub = (x: PySet, y: PySet) => {
      if (x.size > y.size) return false;
      for (const k of x) if (!y.has(k)) return false;
      return true;
    };
    switch (op) {
      case '<=':
        return sub(a, b);
      case '<':
        return a.size < b.size && sub(a, b);
      case '>=':
        return sub(b, a);
      case '>':
        return a.size > b.size && sub(b, a);
    }
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array && !(a as any).__pytype__ && !(b as any).__pytype__) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return fromCmp(a[i] - b[i], op);
    return fromCmp(a.length - b.length, op);
  }
  if (isObj(a) && typeof a[DUNDER[op]] === 'function') {
    const r = a[DUNDER[op]](b);
    if (r !== NotImplemented) return truth(r);
  }
  if (isObj(b) && typeof b[DUNDER[SWAP[op]]] === 'function') {
    const r = b[DUNDER[SWAP[op]]](a);
    if (r !== NotImplemented) return truth(r);
  }
  throw TypeErr(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function lt(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return compare(a, b, '<');
}
export function le(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  return compare(a, b, '<=');
}
export function gt(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return compare(a, b, '>');
}
export function ge(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a >= b;
  return compare(a, b, '>=');
}

export function is(a: any, b: any): boolean {
  if (a === b) return true;
  return a == null && b == null;
}
export function is_not(a: any, b: any): boolean {
  return !is(a, b);
}

// ---------------------------------------------------------------- truth, len, contains

export function not(a: any): boolean {
  return !truth(a);
}

export function len(a: any): number {
  if (typeof a === 'string') return cpLen(a);
  if (Array.isArray(a)) return a.length;
  if (a instanceof PyDict || a instanceof PySet) return a.size;
  if (a !== null && typeof a === 'object') {
    if (typeof a.__len__ === 'function') {
      const n = a.__len__();
      return typeof n === 'bigint' ? Number(n) : n;
    }
    if (a instanceof Uint8Array) return a.length;
    if (a instanceof PyRange) return a.length;
    if (a instanceof Map || a instanceof Set) return a.size;
    if (isTypedArray(a)) return (a as any).length;
  }
  throw TypeErr(`object of type '${typeName(a)}' has no len()`);
}

/** `item in container` (container first) */
export function contains(c: any, item: any): boolean {
  if (typeof c === 'string') {
    if (typeof item !== 'string') throw TypeErr(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return c.includes(item);
  }
  if (Array.isArray(c)) {
    if (typeof item === 'string' || (typeof item === 'number' && item === item)) {
      if (c.includes(item)) return true;
      if (typeof item === 'string') return false;
    }
    for (let i = 0; i < c.length; i++) if (c[i] === item || eq(c[i], item)) return true;
    return false;
  }
  if (c instanceof PyDict || c instanceof PySet) {
    try {
      return c.has(item);
    } catch (e) {
      throw e;
    }
  }
  if (c instanceof PyRange) {
    if (nk(item) === 1 || (nk(item) === 2 && Number.isInteger(fv(item)))) {
      const v = Number(nk(item) === 1 ? iv(item) : fv(item));
      if (c.length === 0) return false;
      if (c.step > 0 ? v < c.start || v >= c.stop : v > c.start || v <= c.stop) return false;
      return (v - c.start) % c.step === 0;
    }
    for (const x of c) if (eq(x, item)) return true;
    return false;
  }
  if (c instanceof Uint8Array && !(c as any).__pytype__) {
    if (nk(item) === 1) {
      const v = Number(iv(item));
      if (v < 0 || v > 255) throw ValueErr('byte must be in range(0, 256)');
      return c.includes(v);
    }
    if (item instanceof Uint8Array) {
      const s = String.fromCharCode(...c), t = String.fromCharCode(...item);
      return s.includes(t);
    }
    throw TypeErr(`a bytes-like object is required, not '${typeName(item)}'`);
  }
  if (c !== null && typeof c === 'object') {
    if (typeof c.__contains__ === 'function') return truth(c.__contains__(item));
    if (c instanceof Map) return c.has(item);
    if (c instanceof Set) return c.has(item);
  }
  let it: any;
  try {
    it = iter(c);
  } catch (e) {
    if (e instanceof exc.TypeError) throw TypeErr(`argument of type '${typeName(c)}' is not iterable`);
    throw e;
  }
  for (;;) {
    const v = next(it);
    if (v === STOP) return false;
    if (v === item || eq(v, item)) return true;
  }
}

// ---------------------------------------------------------------- indexing

/** An index value (int / bool / __index__) as a JS number; TypeError otherwise. */
export function indexValue(k: any, what: () => string): number {
  if (typeof k === 'number') {
    if (Number.isInteger(k)) return k;
  } else if (typeof k === 'boolean') return k ? 1 : 0;
  else if (typeof k === 'bigint') {
    if (k > BigInt(Number.MAX_SAFE_INTEGER) || k < -BigInt(Number.MAX_SAFE_INTEGER))
      throw IndexErr("cannot fit 'int' into an index-sized integer");
    return Number(k);
  } else if (k !== null && typeof k === 'object' && typeof k.__index__ === 'function') return Number(k.__index__());
  throw TypeErr(what());
}

/** Slice → [start, stop, step, length] for a sequence of length n (PySlice_AdjustIndices). */
export function sliceIndices(s: PySlice, n: number): [number, number, number, number] {
  const conv = (v: any) => indexValue(v, () => 'slice indices must be integers or None or have an __index__ method');
  let step = 1;
  if (s.step !== null) {
    step = conv(s.step);
    if (step === 0) throw ValueErr('slice step cannot be zero');
  }
  let start: number, stop: number;
  if (s.start === null) start = step < 0 ? n - 1 : 0;
  else {
    start = conv(s.start);
    if (start < 0) {
      start += n;
      if (start < 0) start = step < 0 ? -1 : 0;
    } else if (start >= n) start = step < 0 ? n - 1 : n;
  }
  if (s.stop === null) stop = step < 0 ? -1 : n;
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

function sliceArray(a: readonly any[], s: PySlice): any[] {
  const [start, stop, step, len] = sliceIndices(s, a.length);
  if (step === 1) return a.slice(start, Math.max(start, stop));
  const out = new Array(len);
  for (let i = 0, j = start; i < len; i++, j += step) out[i] = a[j];
  return out;
}

function strIndex(s: string, k: any): string {
  const i0 = indexValue(k, () => `string indices must be integers, not '${typeName(k)}'`);
  if (!hasSurrogates(s)) {
    const i = i0 < 0 ? i0 + s.length : i0;
    if (i < 0 || i >= s.length) throw IndexErr('string index out of range');
    return s[i];
  }
  const cps = Array.from(s);
  const i = i0 < 0 ? i0 + cps.length : i0;
  if (i < 0 || i >= cps.length) throw IndexErr('string index out of range');
  return cps[i];
}

function strSlice(s: string, sl: PySlice): string {
  if (!hasSurrogates(s)) {
    const [start, stop, step, len] = sliceIndices(sl, s.length);
    if (step === 1) return s.slice(start, Math.max(start, stop));
    let out = '';
    for (let i = 0, j = start; i < len; i++, j += step) out += s[j];
    return out;
  }
  return sliceArray(Array.from(s), sl).join('');
}

export function getitem(a: any, k: any): any {
  if (Array.isArray(a)) {
    if (typeof k === 'number' && Number.isInteger(k)) {
      const i = k < 0 ? k + a.length : k;
      if (i >= 0 && i < a.length) return a[i];
      throw IndexErr(Object.isFrozen(a) ? 'tuple index out of range' : 'list index out of range');
    }
    if (k instanceof PySlice) {
      const r = sliceArray(a, k);
      return Object.isFrozen(a) ? tuple(r) : r;
    }
    const tn = Object.isFrozen(a) ? 'tuple' : 'list';
    const i0 = indexValue(k, () => `${tn} indices must be integers or slices, not ${typeName(k)}`);
    const i = i0 < 0 ? i0 + a.length : i0;
    if (i >= 0 && i < a.length) return a[i];
    throw IndexErr(`${tn} index out of range`);
  }
  if (typeof a === 'string') {
    if (k instanceof PySlice) return strSlice(a, k);
    return strIndex(a, k);
  }
  if (a instanceof PyDict) {
    const v = a.get(k);
    if (v !== undefined || a.has(k)) return v;
    throw KeyErr(k);
  }
  if (a !== null && typeof a === 'object') {
    if (a instanceof NDArray) return a.pyGetitem(k);
    if (typeof a.__getitem__ === 'function') return a.__getitem__(k);
    if (a instanceof Uint8Array && !(a as any).__pytype__) {
      if (k instanceof PySlice) return Uint8Array.from(sliceArray(Array.from(a), k));
      const i0 = indexValue(k, () => `byte indices must be integers or slices, not ${typeName(k)}`);
      const i = i0 < 0 ? i0 + a.length : i0;
      if (i < 0 || i >= a.length) throw IndexErr('index out of range');
      return a[i];
    }
    if (a instanceof PyRange) {
      if (k instanceof PySlice) {
        const [start, stop, step] = sliceIndices(k, a.length);
        return new PyRange(a.start + start * a.step, a.start + stop * a.step, a.step * step);
      }
      const i0 = indexValue(k, () => `range indices must be integers or slices, not ${typeName(k)}`);
      const i = i0 < 0 ? i0 + a.length : i0;
      if (i < 0 || i >= a.length) throw IndexErr('range object index out of range');
      return a.at(i);
    }
    if (a instanceof Map) {
      if (!a.has(k)) throw KeyErr(k);
      return a.get(k);
    }
    if (isTypedArray(a)) return new NDArray(a as any, undefined, undefined, 0, null, 'memoryview').pyGetitem(k);
  }
  if (typeof a === 'function' && typeof (a as any).__class_getitem__ === 'function') return (a as any).__class_getitem__(k);
  throw TypeErr(`'${typeName(a)}' object is not subscriptable`);
}

export function setitem(a: any, k: any, v: any): null {
  if (Array.isArray(a) && !Object.isFrozen(a)) {
    if (typeof k === 'number' && Number.isInteger(k)) {
      const i = k < 0 ? k + a.length : k;
      if (i >= 0 && i < a.length) {
        a[i] = v;
        return null;
      }
      throw IndexErr('list assignment index out of range');
    }
    if (k instanceof PySlice) {
      listSetSlice(a, k, v);
      return null;
    }
    const i0 = indexValue(k, () => `list indices must be integers or slices, not ${typeName(k)}`);
    const i = i0 < 0 ? i0 + a.length : i0;
    if (i < 0 || i >= a.length) throw IndexErr('list assignment index out of range');
    a[i] = v;
    return null;
  }
  if (a instanceof PyDict) {
    a.set(k, v);
    return null;
  }
  if (a !== null && typeof a === 'object') {
    if (a instanceof NDArray) {
      a.pySetitem(k, v);
      return null;
    }
    if (typeof a.__setitem__ === 'function') {
      a.__setitem__(k, v);
      return null;
    }
    if (a instanceof Map) {
      a.set(k, v);
      return null;
    }
    if (isTypedArray(a) && !(a instanceof Uint8Array && !(a as any).__pytype__)) {
      new NDArray(a as any, undefined, undefined, 0, null, 'memoryview').pySetitem(k, v);
      return null;
    }
  }
  throw TypeErr(`'${typeName(a)}' object does not support item assignment`);
}

function listSetSlice(a: any[], s: PySlice, v: any): void {
  const items = v === a ? a.slice() : toArray(v);
  const [start, stop, step, len] = sliceIndices(s, a.length);
  if (step === 1) {
    a.splice(start, Math.max(0, stop - start), ...items);
    return;
  }
  if (items.length !== len)
    throw ValueErr(`attempt to assign sequence of size ${items.length} to extended slice of size ${len}`);
  for (let i = 0, j = start; i < len; i++, j += step) a[j] = items[i];
}

export function delitem(a: any, k: any): null {
  if (Array.isArray(a) && !Object.isFrozen(a)) {
    if (k instanceof PySlice) {
      const [start, stop, step, len] = sliceIndices(k, a.length);
      if (step === 1) a.splice(start, Math.max(0, stop - start));
      else {
        const del = new Set<number>();
        for (let i = 0, j = start; i < len; i++, j += step) del.add(j);
        let w = 0;
        for (let r = 0; r < a.length; r++) if (!del.has(r)) a[w++] = a[r];
        a.length = w;
      }
      return null;
    }
    const i0 = indexValue(k, () => `list indices must be integers or slices, not ${typeName(k)}`);
    const i = i0 < 0 ? i0 + a.length : i0;
    if (i < 0 || i >= a.length) throw IndexErr('list assignment index out of range');
    a.splice(i, 1);
    return null;
  }
  if (a instanceof PyDict) {
    checkHashable(k);
    if (!a.has(k)) throw KeyErr(k);
    a.delete(k);
    return null;
  }
  if (a !== null && typeof a === 'object') {
    if (typeof a.__delitem__ === 'function') {
      a.__delitem__(k);
      return null;
    }
    if (a instanceof Map) {
      if (!a.delete(k)) throw KeyErr(k);
      return null;
    }
  }
  throw TypeErr(`'${typeName(a)}' object doesn't support item deletion`);
}

// ---------------------------------------------------------------- unpacking (Cython 0.29 messages)

function needMore(n: number): never {
  throw ValueErr(`need more than ${n} value${n === 1 ? '' : 's'} to unpack`);
}

/** unpack(seq, n): exactly n items as a JS array */
export function unpack(seq: any, n: number): any[] {
  if (Array.isArray(seq)) {
    if (seq.length === n) return seq.slice();
    if (seq.length > n) throw ValueErr(`too many values to unpack (expected ${n})`);
    needMore(seq.length);
  }
  const it = iter(seq);
  const out: any[] = [];
  for (let i = 0; i < n; i++) {
    const v = next(it);
    if (v === STOP) needMore(i);
    out.push(v);
  }
  if (next(it) !== STOP) throw ValueErr(`too many values to unpack (expected ${n})`);
  return out;
}

/** unpack_star(seq, before, after): [...before items, list of the middle, ...after items] */
export function unpack_star(seq: any, before: number, after: number): any[] {
  const items = toArray(seq);
  if (items.length < before + after) needMore(items.length);
  const out = items.slice(0, before);
  out.push(items.slice(before, items.length - after));
  for (let i = items.length - after; i < items.length; i++) out.push(items[i]);
  return out;
}

