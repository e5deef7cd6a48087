// Python truth (`bool(x)`, `if x:`) of runtime values. Its own module so that the
// boundary conversions (convert.ts: a bint parameter) need none of ops.ts.
import { PyFloat, PyRange } from './values.js';
import { PyDict, PySet } from './dict.js';

export function truth(a: any): boolean {
  switch (typeof a) {
    case 'boolean':
      return a;
    case 'number':
      return a !== 0;
    case 'string':
      return a.length > 0;
    case 'bigint':
      return a !== 0n;
    case 'undefined':
      return false;
    case 'object':
      if (a === null) return false;
      if (Array.isArray(a)) return a.length > 0;
      if (a instanceof PyFloat) return a.v !== 0;
      if (a instanceof PyDict || a instanceof PySet) return a.size > 0;
      if (typeof a.__bool__ === 'function') return !!a.__bool__();
      if (typeof a.__len__ === 'function') return Number(a.__len__()) !== 0;
      if (a instanceof Uint8Array) return a.length > 0;
      if (a instanceof PyRange) return a.length > 0;
      if (a instanceof Map || a instanceof Set) return a.size > 0;
      return true;
  }
  return true;
}
