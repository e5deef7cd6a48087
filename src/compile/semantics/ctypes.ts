// C type names and the usual arithmetic conversions (LP64, as Cython on x86-64 Linux).
import type { IntType, ScalarType, Type } from '../ir/types.js';
import { T } from '../ir/types.js';

/** Builtin C type names Cython knows without a cimport. */
export const C_TYPE_NAMES: Record<string, Type> = {
  char: T.char,
  short: T.short,
  int: T.int,
  long: T.long,
  'long long': T.longlong,
  'signed char': T.schar,
  'unsigned char': T.uchar,
  'signed short': T.short,
  'unsigned short': T.ushort,
  'signed int': T.int,
  'unsigned int': T.uint,
  unsigned: T.uint,
  'signed long': T.long,
  'unsigned long': T.ulong,
  'signed long long': T.longlong,
  'unsigned long long': T.ulonglong,
  'signed short int': T.short,
  'unsigned short int': T.ushort,
  float: T.float,
  double: T.double,
  'long double': T.double, // x86-64 long double is 80-bit; computed as double (documented)
  bint: T.bool,
  Py_ssize_t: T.ssize,
  size_t: T.size,
  Py_hash_t: T.ssize,
  ssize_t: T.ssize,
  ptrdiff_t: T.ssize,
  Py_UCS4: T.uint,
  void: T.void,
};

/** libc.stdint (after `from libc.stdint cimport ...`) and cython.* names. */
export const STDINT_NAMES: Record<string, Type> = {
  int8_t: T.int8,
  int16_t: T.int16,
  int32_t: T.int32,
  int64_t: T.int64,
  uint8_t: T.uint8,
  uint16_t: T.uint16,
  uint32_t: T.uint32,
  uint64_t: T.uint64,
  intptr_t: T.ssize,
  uintptr_t: T.size,
  int_fast8_t: T.int8,
  int_fast16_t: T.ssize,
  int_fast32_t: T.ssize,
  int_fast64_t: T.int64,
  uint_fast8_t: T.uint8,
  int_least8_t: T.int8,
  int_least16_t: T.int16,
  int_least32_t: T.int32,
  int_least64_t: T.int64,
  intmax_t: T.int64,
  uintmax_t: T.uint64,
};

/** `cython.int`, `cython.double`, ... (pure-Python mode names). */
export const CYTHON_TYPE_NAMES: Record<string, Type> = {
  char: T.char,
  uchar: T.uchar,
  short: T.short,
  ushort: T.ushort,
  int: T.int,
  uint: T.uint,
  long: T.long,
  ulong: T.ulong,
  longlong: T.longlong,
  ulonglong: T.ulonglong,
  float: T.float,
  double: T.double,
  bint: T.bool,
  Py_ssize_t: T.ssize,
  size_t: T.size,
  void: T.void,
};

/** numpy ctypedefs (`cimport numpy as cnp; cnp.float64_t`). */
export const NUMPY_TYPE_NAMES: Record<string, Type> = {
  float64_t: T.double,
  float32_t: T.float,
  double_t: T.double,
  float_t: T.double,
  int8_t: T.int8,
  int16_t: T.int16,
  int32_t: T.int32,
  int64_t: T.int64,
  uint8_t: T.uint8,
  uint16_t: T.uint16,
  uint32_t: T.uint32,
  uint64_t: T.uint64,
  intp_t: T.ssize,
  npy_intp: T.ssize,
  int_t: T.long,
  long_t: T.long,
  uint_t: T.ulong,
};

/** Python builtin type names usable as parameter/variable types. */
export const PY_TYPE_NAMES = new Set(['object', 'list', 'tuple', 'dict', 'set', 'frozenset', 'str', 'bytes', 'unicode', 'bool']);

function intRank(t: IntType): number {
  return t.bits;
}

/** C integer promotion: types narrower than int (and bint) become int. */
export function promote(t: ScalarType): ScalarType {
  if (t.k === 'bool') return T.int;
  if (t.k === 'int' && t.bits < 32) return T.int;
  return t;
}

/** The usual arithmetic conversions: the common type of a binary C operation. */
export function commonType(a: ScalarType, b: ScalarType): ScalarType {
  if (a.k === 'float' || b.k === 'float') {
    if (a.k === 'float' && b.k === 'float') return a.bits >= b.bits ? a : b;
    return a.k === 'float' ? a : (b as ScalarType);
  }
  const pa = promote(a) as IntType;
  const pb = promote(b) as IntType;
  if (pa.signed === pb.signed) return intRank(pa) >= intRank(pb) ? pa : pb;
  const [s, u] = pa.signed ? [pa, pb] : [pb, pa];
  if (intRank(u) >= intRank(s)) return u;
  // the signed type is wider, so it represents every value of the unsigned one
  return s;
}

/** The type of an integer literal: int when it fits, else long (64-bit), else unsigned long. */
export function literalIntType(v: bigint): IntType {
  if (v >= -(2n ** 31n) && v < 2n ** 31n) return T.int;
  if (v >= -(2n ** 63n) && v < 2n ** 63n) return T.long;
  return T.ulong;
}

/** The C type of an integer literal with its suffix ('', 'L', 'U', 'UL', 'LL', 'ULL'), by C's rules. */
export function suffixedIntType(v: bigint, suffix: string): IntType {
  const sfx = suffix.toUpperCase();
  if (sfx === '') return literalIntType(v);
  const unsigned = sfx.includes('U');
  const longs = sfx.replace('U', '').length;
  if (!unsigned) return longs >= 2 ? T.longlong : v < 2n ** 63n ? T.long : T.ulong;
  if (longs >= 2) return T.ulonglong;
  return longs === 0 && v < 2n ** 32n ? T.uint : T.ulong;
}

export function intMin(t: IntType): bigint {
  return t.signed ? -(2n ** BigInt(t.bits - 1)) : 0n;
}
export function intMax(t: IntType): bigint {
  return t.signed ? 2n ** BigInt(t.bits - 1) - 1n : 2n ** BigInt(t.bits) - 1n;
}

/** Wrap a mathematical integer to the type's width (two's complement). */
export function wrapInt(v: bigint, t: IntType): bigint {
  return t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v);
}
