// Python type names of runtime values (for messages: "'int' object is not iterable").
import { PyFloat, PyRange, PySlice, isPyClass, isTypedArray } from './values.js';
import { PyDict, PySet } from './dict.js';
import { BaseException } from './exceptions.js';

export function typeName(x: unknown): string {
  switch (typeof x) {
    case 'number':
      return Number.isInteger(x) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
    case 'undefined':
      return 'NoneType';
    case 'function':
      if (isPyClass(x) || (x as any).prototype instanceof BaseException || x === BaseException) return 'type';
      if ((x as any).__builtin__) return 'builtin_function_or_method';
      if (/^class[\s{]/.test(Function.prototype.toString.call(x))) return 'type';
      return 'function';
    case 'symbol':
      return 'object';
    case 'object': {
      if (x === null) return 'NoneType';
      if (x instanceof PyFloat) return 'float';
      if (Array.isArray(x)) return Object.isFrozen(x) ? 'tuple' : 'list';
      if (x instanceof PyDict) return 'dict';
      if (x instanceof PySet) return x.frozen ? 'frozenset' : 'set';
      const o = x as any;
      if (typeof o.__pytype__ === 'string') return o.__pytype__;
      if (x instanceof Uint8Array && !o.__pytype__) return 'bytes';
      if (x instanceof PyRange) return 'range';
      if (x instanceof PySlice) return 'slice';
      if (x instanceof BaseException) return x.name;
      if (isTypedArray(x)) return 'memoryview';
      if (x instanceof Map) return 'dict';
      if (x instanceof Set) return 'set';
      if (typeof o.next === 'function' && typeof o[Symbol.iterator] === 'function') {
        const tag = o[Symbol.toStringTag];
        if (tag === 'Generator') return 'generator';
        return 'iterator';
      }
      const c = o.constructor;
      if (c && c !== Object) return c.__name__ ?? c.name ?? 'object';
      return 'object';
    }
  }
  return 'object';
}
