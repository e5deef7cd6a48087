// Python exception classes as JS Error subclasses: `name` is the Python class
// name, `message` is str(exc) computed from `args`.
import { hooks, isTuple, tuple, PYCLASS } from './values.js';

export class BaseException extends Error {
  declare args: readonly any[];
  constructor(...args: any[]) {
    super();
    this.args = Object.freeze(args);
    // a subclass's Python __init__ runs after BaseException.__new__ stored the args
    const init = (this as any).__init__;
    if (init !== baseInit) init.apply(this, args);
  }
  /** Python `BaseException.__init__` (for module classes that call super().__init__(...)). */
  __init__(...args: any[]): null {
    this.args = Object.freeze(args);
    return null;
  }
  override toString(): string {
    const m = this.message;
    return m ? `${this.name}: ${m}` : this.name;
  }
}

const baseInit = BaseException.prototype.__init__;

// message = str(exc), computed from args (an accessor on the prototype: Error's
// constructor without arguments creates no own `message`).
Object.defineProperty(BaseException.prototype, 'message', {
  get(this: BaseException): string {
    const self = this as any;
    if (typeof self.__str__ === 'function') return String(self.__str__());
    return excStr(this);
  },
  set(this: BaseException, v: string) {
    Object.defineProperty(this, 'message', { value: v, writable: true, configurable: true, enumerable: false });
  },
  configurable: true,
});

function excStr(e: BaseException): string {
  const args = e.args;
  if (!args || args.length === 0) return '';
  if (args.length === 1) {
    if (e instanceof KeyErrorBase) return hooks.repr(args[0]);
    return hooks.str(args[0]);
  }
  return hooks.repr(isTuple(args) ? args : tuple([...args]));
}

// KeyError needs its own str(); declared before the table so excStr can test it.
class KeyErrorBase extends BaseException {}

function setName(cls: Function, name: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(cls, 'name', { value: name, configurable: true });
  Object.defineProperty(cls, '__name__', { value: name, writable: true, configurable: true });
  Object.defineProperty(cls, '__qualname__', { value: name, writable: true, configurable: true });
  (cls as any)[PYCLASS] = 'exception';
}
setName(BaseException, 'BaseException');

export type ExcClass = new (...args: any[]) => BaseException;

/** The builtin exception classes by name. */
export const exc: Record<string, ExcClass> = Object.create(null);
exc.BaseException = BaseException;

function def(name: string, base: ExcClass, cls?: ExcClass): ExcClass {
  const c: ExcClass = cls ?? (class extends base {} as ExcClass);
  setName(c, name);
  exc[name] = c;
  return c;
}

const E = exc;
def('SystemExit', BaseException);
def('KeyboardInterrupt', BaseException);
def('GeneratorExit', BaseException);
def('Exception', BaseException);
def('ArithmeticError', E.Exception);
def('FloatingPointError', E.ArithmeticError);
def('OverflowError', E.ArithmeticError);
def('ZeroDivisionError', E.ArithmeticError);
def('AssertionError', E.Exception);
def('AttributeError', E.Exception);
def('BufferError', E.Exception);
def('EOFError', E.Exception);
def('ImportError', E.Exception);
def('ModuleNotFoundError', E.ImportError);
def('LookupError', E.Exception);
def('IndexError', E.LookupError);
// KeyError: the prototype chain must include LookupError; re-parent KeyErrorBase.
Object.setPrototypeOf(KeyErrorBase.prototype, E.LookupError.prototype);
Object.setPrototypeOf(KeyErrorBase, E.LookupError);
def('KeyError', E.LookupError, KeyErrorBase as ExcClass);
def('MemoryError', E.Exception);
def('NameError', E.Exception);
def('UnboundLocalError', E.NameError);
def('OSError', E.Exception);
exc.EnvironmentError = E.OSError;
exc.IOError = E.OSError;
def('FileNotFoundError', E.OSError);
def('FileExistsError', E.OSError);
def('PermissionError', E.OSError);
def('TimeoutError', E.OSError);
def('ReferenceError', E.Exception);
def('RuntimeError', E.Exception);
def('NotImplementedError', E.RuntimeError);
def('RecursionError', E.RuntimeError);
def('StopAsyncIteration', E.Exception);
def('StopIteration', E.Exception);
def('SyntaxError', E.Exception);
def('IndentationError', E.SyntaxError);
def('SystemError', E.Exception);
def('TypeError', E.Exception);
def('ValueError', E.Exception);
def('UnicodeError', E.ValueError);
def('UnicodeDecodeError', E.UnicodeError);
def('UnicodeEncodeError', E.UnicodeError);
def('UnicodeTranslateError', E.UnicodeError);
def('Warning', E.Exception);
def('UserWarning', E.Warning);
def('DeprecationWarning', E.Warning);
def('PendingDeprecationWarning', E.Warning);
def('RuntimeWarning', E.Warning);
def('SyntaxWarning', E.Warning);
def('FutureWarning', E.Warning);
def('ImportWarning', E.Warning);
def('UnicodeWarning', E.Warning);
def('BytesWarning', E.Warning);
def('ResourceWarning', E.Warning);

// StopIteration.value
Object.defineProperty(E.StopIteration.prototype, 'value', {
  get(this: BaseException) {
    return this.args.length > 0 ? this.args[0] : null;
  },
  configurable: true,
});

/** Is `x` a Python exception class (builtin or module-defined)? */
export function isExcClass(x: unknown): x is ExcClass {
  return typeof x === 'function' && (x === BaseException || x.prototype instanceof BaseException);
}

/** Create a new exception instance of a builtin class name or a class object. */
export function newExc(cls: string | ExcClass, message?: any): BaseException {
  const C = typeof cls === 'string' ? exc[cls] : cls;
  if (!C) {
    // Unknown name: make a RuntimeError that names it.
    return new E.RuntimeError(`unknown exception class ${String(cls)}: ${message ?? ''}`);
  }
  return message === undefined || message === null ? new C() : new C(message);
}

/** `$rt.raise(nameOrClass, message)`: throw a new exception. */
export function raise(cls: string | ExcClass, message?: any): never {
  throw newExc(cls, message);
}

// Short helpers used across the runtime.
export function TypeErr(msg: string): BaseException {
  return new E.TypeError(msg);
}
export function ValueErr(msg: string): BaseException {
  return new E.ValueError(msg);
}
export function IndexErr(msg: string): BaseException {
  return new E.IndexError(msg);
}
export function KeyErr(key: any): BaseException {
  return new E.KeyError(key);
}
export function OverflowErr(msg: string): BaseException {
  return new E.OverflowError(msg);
}
export function ZeroDivErr(msg: string): BaseException {
  return new E.ZeroDivisionError(msg);
}
export function AttrErr(msg: string): BaseException {
  return new E.AttributeError(msg);
}

/**
 * exc_class(name, base[, module[, methods]]): a new exception class for a module
 * (base: class object or builtin name). `methods` (optional) are installed on the
 * prototype; a `__init__` there runs on construction (after args are stored), and
 * may call `BaseException.prototype.__init__` for `super().__init__(...)`.
 */
export function exc_class(name: string, base?: string | ExcClass | null, module?: string | null, methods?: Record<string, any> | null): ExcClass {
  let B: ExcClass;
  if (base == null) B = E.Exception;
  else if (typeof base === 'string') {
    B = exc[base];
    if (!B) throw TypeErr(`unknown exception base class '${base}'`);
  } else if (isExcClass(base)) B = base;
  else throw TypeErr('exception class must derive from BaseException');
  const C = class extends B {} as ExcClass;
  setName(C, name);
  if (module) Object.defineProperty(C, '__module__', { value: module, writable: true, configurable: true });
  if (methods) {
    for (const k of Object.keys(methods)) {
      Object.defineProperty(C.prototype, k, { value: methods[k], writable: true, configurable: true, enumerable: false });
    }
  }
  return C;
}

/** exc_new(cls, ...args, kw): instantiate an exception class. */
export function exc_new(cls: any, ...rest: any[]): BaseException {
  // trailing kw object (possibly empty) is dropped: exceptions take no keywords
  const args = rest.length > 0 && isPlainKw(rest[rest.length - 1]) ? rest.slice(0, -1) : rest;
  if (isExcClass(cls)) return new cls(...args);
  if (cls instanceof BaseException) return cls;
  throw TypeErr('exceptions must derive from BaseException');
}

function isPlainKw(x: any): boolean {
  if (x === null || typeof x !== 'object') return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Map an arbitrary thrown JS value to the Python exception it stands for. */
export function fromJSError(e: unknown): unknown {
  if (e instanceof BaseException) return e;
  if (e instanceof RangeError) {
    const m = e.message;
    if (/call stack/i.test(m)) return withCause(new E.RecursionError('maximum recursion depth exceeded'), e);
    if (/Invalid (array|string|typed array) length|Array buffer allocation failed|out of memory/i.test(m))
      return withCause(new E.MemoryError(), e);
    if (/BigInt/i.test(m)) return withCause(new E.OverflowError('integer too large'), e);
  }
  if (e instanceof Error && e.name === 'InternalError' && /recursion/i.test(e.message))
    return withCause(new E.RecursionError('maximum recursion depth exceeded'), e);
  return e;
}

function withCause(p: BaseException, cause: unknown): BaseException {
  Object.defineProperty(p, 'cause', { value: cause, configurable: true, writable: true, enumerable: false });
  return p;
}

/** exc_matches(e, clsOrTuple): does caught `e` match an except clause? */
export function exc_matches(e: unknown, cls: any): boolean {
  if (isTuple(cls) || Array.isArray(cls)) {
    for (const c of cls) if (exc_matches(e, c)) return true;
    return false;
  }
  if (!(e instanceof BaseException)) {
    const m = fromJSError(e);
    if (m instanceof BaseException) e = m;
    else return cls === BaseException || cls === E.Exception;
  }
  if (typeof cls === 'string') cls = exc[cls];
  if (typeof cls !== 'function') throw TypeErr('catching classes that do not inherit from BaseException is not allowed');
  return e instanceof cls;
}

