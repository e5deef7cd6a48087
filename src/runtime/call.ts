// Calling Python callables: JS functions (generated code, lambdas, builtins),
// builtin class objects, exception classes and JS classes.
import { KW, hasKeys, isJSClass, NO_KW } from './values.js';
import { PyDict } from './dict.js';
import { TypeErr, isExcClass } from './exceptions.js';
import { typeName } from './typename.js';
import { toArray } from './iter.js';

/** Is `x` a plain JS object (a kwargs record)? */
export function isPlainObject(x: any): boolean {
  if (x === null || typeof x !== 'object') return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Split the trailing kw record of a kw op: (...args, kw) → [args, kw] */
export function popKw(rest: any[]): [any[], Record<string, any>] {
  const n = rest.length;
  if (n > 0 && isPlainObject(rest[n - 1])) return [rest.slice(0, n - 1), rest[n - 1]];
  return [rest, NO_KW];
}

function mark(kw: Record<string, any>): Record<string, any> {
  if ((kw as any)[KW] === true) return kw;
  const out: Record<string, any> = Object.isExtensible(kw) ? kw : Object.assign({}, kw);
  Object.defineProperty(out, KW, { value: true, enumerable: false, configurable: true });
  return out;
}

/** Call a Python callable with positional args and an optional keyword record. */
export function invoke(f: any, args: any[], kw?: Record<string, any> | null): any {
  if (kw && hasKeys(kw)) args = [...args, mark(kw)];
  if (typeof f === 'function') {
    if (isExcClass(f)) {
      if (kw && hasKeys(kw)) throw TypeErr(`${f.name}() takes no keyword arguments`);
      return new f(...args);
    }
    if (f.prototype !== undefined && isJSClass(f)) return new f(...args);
    return f(...args);
  }
  if (f !== null && typeof f === 'object' && typeof f.__call__ === 'function') return f.__call__(...args);
  throw TypeErr(`'${typeName(f)}' object is not callable`);
}

/** Call with positional args only (sort keys, map, filter, ...). */
export function callFn(f: any, ...args: any[]): any {
  if (typeof f === 'function' && !(f.prototype !== undefined && (isExcClass(f) || isJSClass(f)))) return f(...args);
  return invoke(f, args, null);
}

/** py.call(f, ...args, kw) */
export function call(f: any, ...rest: any[]): any {
  const [args, kw] = popKw(rest);
  return invoke(f, args, kw);
}

/** py.call_star(f, argsSeq, kwDictOrNull) */
export function call_star(f: any, argsSeq: any, kwDict: any): any {
  const args = argsSeq == null ? [] : toArray(argsSeq);
  let kw: Record<string, any> | null = null;
  if (kwDict != null) {
    kw = {};
    const entries: Iterable<[any, any]> =
      kwDict instanceof PyDict ? kwDict.entries() : kwDict instanceof Map ? kwDict.entries() : Object.entries(kwDict);
    for (const [k, v] of entries) {
      if (typeof k !== 'string') throw TypeErr('keywords must be strings');
      kw[k] = v;
    }
  }
  return invoke(f, args, kw);
}

/** is `x` callable? */
export function callable(x: any): boolean {
  if (typeof x === 'function') return true;
  return x !== null && typeof x === 'object' && typeof x.__call__ === 'function';
}

