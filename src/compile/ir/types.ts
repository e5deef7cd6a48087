// IR types. Semantics (C arithmetic, Python division, wraparound, boundscheck)
// are decided when the front end lowers to IR; these types say only what a value
// is, so that every back end represents it the same way.

export type IntBits = 8 | 16 | 32 | 64;

export interface IntType {
  k: 'int';
  bits: IntBits;
  signed: boolean;
  /** The C spelling, for messages and .d.ts ("int", "unsigned char", "Py_ssize_t"). */
  c: string;
}
export interface FloatType {
  k: 'float';
  bits: 32 | 64;
  c: string;
}
/** `bint`: a truth value. Always 0 or 1 when it is a value; C int-sized in memory. */
export interface BoolType {
  k: 'bool';
}
export interface VoidType {
  k: 'void';
}

export type ScalarType = IntType | FloatType | BoolType;

/**
 * A typed memoryview: a data pointer plus `ndim` extents and `ndim` strides in
 * ELEMENTS (not bytes). `contig: 'c'` means the last stride is 1 (`T[:, ::1]`);
 * 'f' means the first is 1. `nullable`: may hold None (only parameters and
 * locals that were assigned None).
 */
export interface MemviewType {
  k: 'memview';
  elem: ScalarType;
  ndim: number;
  contig: 'c' | 'f' | null;
  readonly: boolean;
}

/** The Python kinds the compiler tracks statically for objects; null = unknown. */
export type PyKind = 'int' | 'float' | 'bool' | 'none' | 'str' | 'bytes' | 'list' | 'tuple' | 'dict' | 'set' | 'memview' | 'array' | 'exception' | 'function' | 'module' | 'type' | 'range';

/** A Python object (generic code only). */
export interface ObjectType {
  k: 'object';
  py: PyKind | null;
}

// --- L3 (C data). Sizes, alignments and field offsets: ir/layout.ts (C rules, LP64).
/** A C pointer. `to` void: `void *` (arithmetic counts bytes). */
export interface PtrType {
  k: 'ptr';
  to: Type;
}
/**
 * `cdef struct` / `cdef union` / `cdef packed struct`. One object per declaration:
 * struct types compare by identity (fields may point back at the struct itself).
 */
export interface StructType {
  k: 'struct';
  name: string;
  union: boolean;
  packed?: boolean;
  fields: { name: string; type: Type }[];
}
export interface CArrayType {
  k: 'carray';
  elem: Type;
  size: number;
}
export interface FuncPtrType {
  k: 'funcptr';
  ret: Type;
  params: Type[];
}
export interface CTupleType {
  k: 'ctuple';
  items: Type[];
}

export type Type = ScalarType | VoidType | MemviewType | ObjectType | PtrType | StructType | CArrayType | FuncPtrType | CTupleType;

// ---------------------------------------------------------------- constructors
function int(bits: IntBits, signed: boolean, c: string): IntType {
  return { k: 'int', bits, signed, c };
}
export const T = {
  char: int(8, true, 'char'),
  schar: int(8, true, 'signed char'),
  uchar: int(8, false, 'unsigned char'),
  short: int(16, true, 'short'),
  ushort: int(16, false, 'unsigned short'),
  int: int(32, true, 'int'),
  uint: int(32, false, 'unsigned int'),
  long: int(64, true, 'long'),
  ulong: int(64, false, 'unsigned long'),
  longlong: int(64, true, 'long long'),
  ulonglong: int(64, false, 'unsigned long long'),
  ssize: int(64, true, 'Py_ssize_t'),
  size: int(64, false, 'size_t'),
  int8: int(8, true, 'int8_t'),
  int16: int(16, true, 'int16_t'),
  int32: int(32, true, 'int32_t'),
  int64: int(64, true, 'int64_t'),
  uint8: int(8, false, 'uint8_t'),
  uint16: int(16, false, 'uint16_t'),
  uint32: int(32, false, 'uint32_t'),
  uint64: int(64, false, 'uint64_t'),
  float: { k: 'float', bits: 32, c: 'float' } as FloatType,
  double: { k: 'float', bits: 64, c: 'double' } as FloatType,
  bool: { k: 'bool' } as BoolType,
  void: { k: 'void' } as VoidType,
  object: { k: 'object', py: null } as ObjectType,
  py(kind: PyKind | null): ObjectType {
    return { k: 'object', py: kind };
  },
  memview(elem: ScalarType, ndim: number, contig: 'c' | 'f' | null = null, readonly = false): MemviewType {
    return { k: 'memview', elem, ndim, contig, readonly };
  },
};

export const isInt = (t: Type): t is IntType => t.k === 'int';
export const isFloat = (t: Type): t is FloatType => t.k === 'float';
export const isBool = (t: Type): t is BoolType => t.k === 'bool';
export const isScalar = (t: Type): t is ScalarType => t.k === 'int' || t.k === 'float' || t.k === 'bool';
export const isObject = (t: Type): t is ObjectType => t.k === 'object';
export const isMemview = (t: Type): t is MemviewType => t.k === 'memview';

export function sameType(a: Type, b: Type): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return a.bits === (b as IntType).bits && a.signed === (b as IntType).signed;
    case 'float':
      return a.bits === (b as FloatType).bits;
    case 'memview': {
      const m = b as MemviewType;
      return a.ndim === m.ndim && a.contig === m.contig && sameType(a.elem, m.elem);
    }
    case 'object':
      return true;
    case 'ptr':
      return sameType(a.to, (b as PtrType).to);
    case 'carray':
      return a.size === (b as CArrayType).size && sameType(a.elem, (b as CArrayType).elem);
    case 'funcptr': {
      const f = b as FuncPtrType;
      return sameType(a.ret, f.ret) && a.params.length === f.params.length && a.params.every((p, i) => sameType(p, f.params[i]!));
    }
    case 'ctuple': {
      const u = b as CTupleType;
      return a.items.length === u.items.length && a.items.every((p, i) => sameType(p, u.items[i]!));
    }
    case 'bool':
    case 'void':
      return true;
    default:
      return a === b;
  }
}

/** Size in bytes of a scalar in memory (bint is a C int). */
export function byteSize(t: ScalarType): number {
  if (t.k === 'bool') return 4;
  return t.bits / 8;
}

/** The TypedArray element kind for a memoryview element type (also the dtype name). */
export function dtypeOf(t: ScalarType): string {
  if (t.k === 'float') return t.bits === 64 ? 'float64' : 'float32';
  if (t.k === 'bool') return 'int32';
  return `${t.signed ? 'int' : 'uint'}${t.bits}`;
}

/** How a type is written in messages (Cython style: 'double', 'int', 'double[:]'). */
export function typeName(t: Type): string {
  switch (t.k) {
    case 'int':
    case 'float':
      return t.c;
    case 'bool':
      return 'bint';
    case 'void':
      return 'void';
    case 'object':
      return t.py ?? 'object';
    case 'memview': {
      const dims = Array.from({ length: t.ndim }, (_, i) =>
        (t.contig === 'c' && i === t.ndim - 1) || (t.contig === 'f' && i === 0) ? '::1' : ':',
      );
      return `${t.readonly ? 'const ' : ''}${typeName(t.elem)}[${dims.join(', ')}]`;
    }
    case 'ptr':
      return `${typeName(t.to)} *`;
    case 'struct':
      return t.name;
    case 'carray':
      return `${typeName(t.elem)}[${t.size}]`;
    case 'funcptr':
      return `${typeName(t.ret)} (*)(${t.params.map(typeName).join(', ')})`;
    case 'ctuple':
      return `(${t.items.map(typeName).join(', ')})`;
  }
}
