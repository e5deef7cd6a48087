// cypyx runtime: Python semantics on JS values for generated ("generic") code.
// The generated glue does `import * as $rt from '.../runtime/index.js'` and uses
// $rt.py.<op> (every op of src/compile/ir/pyops.ts), $rt.conv, $rt.i64 / $rt.u64,
// $rt.exc, $rt.raise, $rt.fmt, $rt.print, $rt.NDArray, $rt.kwargs,
// $rt.nativeError and $rt.math (docs/value-model.md). Glue that needs less imports a
// smaller entry point with the same names (core.ts, nd.ts; tiers.ts).
// No Node-only imports here: this module also runs in browsers.
import {
  PyFloat, PyRange, PySlice, STOP, KW, tuple, kwargs, mkFloat, isInt, isFloat, floatValue, isTuple, isList,
  normInt, normBig, EMPTY_TUPLE,
} from './values.js';
import { PyDict, PySet } from './dict.js';
import {
  exc, raise, exc_class, exc_new, exc_matches, fromJSError, BaseException, newExc, isExcClass,
} from './exceptions.js';
import * as ops from './ops.js';
import * as bi from './builtins.js';
import { str, repr, ascii, format, percentFormat, strFormat } from './format.js';
import { getattr, setattr, delattr, callmethod, hasattr, getattr_, DictView, sortInPlace } from './methods.js';
import { call, call_star, callable, invoke, callFn } from './call.js';
import { iter as iterOp, next as nextOp, toArray, PyIter } from './iter.js';
import { typeName } from './typename.js';
import { i64, u64 } from './int64.js';
import {
  NDArray, numpy, cvarray, np_empty, np_zeros, np_ones, np_full, np_array, np_arange, DTYPES, dtypeOf,
} from './ndarray.js';
import { print, write } from './print.js';
import { nativeError, fmt } from './native.js';
import * as mathFns from './math.js';
import { floatRepr } from './floatfmt.js';
import * as cmemMod from './cmem.js';
import { cpow } from './ddmath.js';

/** Every Python op of PY_OPS (same names and argument order) plus helpers. */
export const py = {
  // arithmetic
  add: ops.add,
  sub: ops.sub,
  mul: ops.mul,
  truediv: ops.truediv,
  floordiv: ops.floordiv,
  mod: ops.mod,
  pow: ops.pow,
  lshift: ops.lshift,
  rshift: ops.rshift,
  bitand: ops.bitand,
  bitor: ops.bitor,
  bitxor: ops.bitxor,
  neg: ops.neg,
  pos: ops.pos,
  invert: ops.invert,
  iadd: ops.iadd,
  imul: ops.imul,
  // comparisons
  eq: ops.eq,
  ne: ops.ne,
  lt: ops.lt,
  le: ops.le,
  gt: ops.gt,
  ge: ops.ge,
  is: ops.is,
  is_not: ops.is_not,
  contains: ops.contains,
  truth: ops.truth,
  not: ops.not,
  // builtins
  len: ops.len,
  str: (a: any) => str(a),
  repr,
  ascii,
  int: bi.int,
  float: bi.float,
  bool: bi.bool,
  abs: ops.abs,
  min: bi.min,
  max: bi.max,
  sum: bi.sum,
  sorted: bi.sorted,
  reversed: bi.reversed,
  enumerate: bi.enumerate,
  zip: bi.zip,
  range: bi.range,
  list: bi.list,
  tuple: bi.tuple_,
  dict: bi.dict,
  set: bi.set,
  frozenset: bi.frozenset,
  isinstance: bi.isinstance,
  issubclass: bi.issubclass,
  round: bi.round,
  divmod: ops.divmod,
  ord: bi.ord,
  chr: bi.chr,
  any: bi.any,
  all: bi.all,
  hash: bi.hash,
  map: bi.map,
  filter: bi.filter,
  type: bi.type,
  id: bi.id,
  iter_: bi.iter_,
  next_: bi.next_,
  callable,
  getattr_,
  hasattr,
  format: (v: any, spec: any) => format(v, spec ?? ''),
  // construction
  list_new: (...items: any[]): any[] => items,
  tuple_new: (...items: any[]): readonly any[] => Object.freeze(items),
  set_new: (...items: any[]): PySet => new PySet(items),
  dict_new(...kv: any[]): PyDict {
    const d = new PyDict();
    for (let i = 0; i + 1 < kv.length; i += 2) d.set(kv[i], kv[i + 1]);
    return d;
  },
  slice_new: (lo: any, hi: any, step: any): PySlice => new PySlice(lo, hi, step),
  str_concat: (...parts: string[]): string => parts.join(''),
  // containers and attributes
  getitem: ops.getitem,
  setitem: ops.setitem,
  delitem: ops.delitem,
  getattr,
  setattr,
  delattr,
  callmethod,
  call,
  call_star,
  unpack: ops.unpack,
  unpack_star: ops.unpack_star,
  // iteration
  iter: iterOp,
  next: nextOp,
  is_stop: (v: any): boolean => v === STOP,
  // exceptions
  exc_new,
  exc_matches,
  exc_class,
  // ---- extras
  STOP,
  builtins: bi.builtins,
  NotImplemented: ops.NotImplemented,
  /** `import numpy as np` (a minimal numpy) */
  numpy,
  /** cython.view.array(shape, itemsize, format, mode='c') */
  cvarray,
  np_empty,
  np_zeros,
  np_ones,
  np_full,
  np_array,
  np_arange,
  /** p[:n] of a C char pointer: the bytes at p */
  cbytes: cmemMod.bytesAt,
  /** `x in c` with the operands in source order */
  in_: (item: any, c: any): boolean => ops.contains(c, item),
  not_in: (item: any, c: any): boolean => !ops.contains(c, item),
  /** Python ordering comparisons as a -1/0/1 helper is not Python; compare(a, b, '<') is */
  compare: ops.compare,
  pow3: (a: any, b: any, m: any) => bi.builtins.pow(a, b, m),
  delattr_: delattr,
  percent: percentFormat,
  str_format: strFormat,
  typeName,
  toArray,
  print,
  fromJSError,
  sort: sortInPlace,
  invoke,
  callFn,
};

export type PyOps = typeof py;

/** `$rt.conv`: JS boundary and C ↔ Python conversions, argument parsing (nd.ts). */
export { conv } from './nd.js';

/** libc.math functions missing from JS Math */
export const math = {
  pow: cpow,
  erf: mathFns.erf,
  erfc: mathFns.erfc,
  tgamma: mathFns.tgamma,
  lgamma: mathFns.lgamma,
};

export {
  exc, raise, fmt, print, write, NDArray, kwargs, nativeError, PyFloat, STOP, KW, i64, u64, PyDict, PySet, PyRange, PySlice,
  BaseException, fromJSError, newExc, isExcClass, exc_class, str, repr, format, typeName, tuple, mkFloat, isInt, isFloat,
  floatValue, isTuple, isList, normInt, normBig, EMPTY_TUPLE, DictView, PyIter, DTYPES, dtypeOf, numpy, cvarray, floatRepr,
};
export { unraisable, nativeUnraisable } from './unraisable.js';
/** C memory for generic code (SPEC L3): loads, stores, malloc, the C stack, struct conversions. */
export * as cmem from './cmem.js';
export { fused } from './core.js';
export { ufunc } from './uf.js';
export { sum, prod, min, max } from './reduce.js';
