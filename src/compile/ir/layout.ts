// Memory layout of C data (SPEC L3): sizes, alignments and field offsets with the C
// rules of the LP64 targets Cython builds for (x86-64 / aarch64 Linux and macOS):
// pointers and function pointers are 8 bytes, bint is a C int, a struct aligns each
// field to its alignment and pads its size to a multiple of its alignment, a `packed`
// struct has alignment 1 and no padding, a union is as large as its largest member
// (padded to its alignment), a ctuple is laid out as the struct of its items. Every
// back end, the runtime's memory model and the JS boundary use these numbers.
import type { CTupleType, StructType, Type } from './types.js';
import { byteSize } from './types.js';

export interface AggLayout {
  size: number;
  align: number;
  /** Byte offset of each field (struct, union: all 0, ctuple: each item). */
  offsets: number[];
}

const cache = new WeakMap<object, AggLayout>();

export type AggregateType = StructType | CTupleType | Extract<Type, { k: 'carray' }>;

/** Structs, unions, ctuples and C arrays: values that live in memory and copy by value. */
export function isAggregate(t: Type): t is AggregateType {
  return t.k === 'struct' || t.k === 'ctuple' || t.k === 'carray';
}

/** The fields of a struct/union or the items of a ctuple, as types. */
export function fieldTypes(t: StructType | CTupleType): Type[] {
  return t.k === 'struct' ? t.fields.map((f) => f.type) : t.items;
}

export function layoutOf(t: StructType | CTupleType): AggLayout {
  let l = cache.get(t);
  if (l) return l;
  const types = fieldTypes(t);
  const packed = t.k === 'struct' && t.packed === true;
  const union = t.k === 'struct' && t.union;
  let size = 0;
  let align = 1;
  const offsets: number[] = [];
  for (const ft of types) {
    const fa = packed ? 1 : alignOf(ft);
    const fs = sizeOf(ft);
    align = Math.max(align, fa);
    if (union) {
      offsets.push(0);
      size = Math.max(size, fs);
    } else {
      const off = Math.ceil(size / fa) * fa;
      offsets.push(off);
      size = off + fs;
    }
  }
  size = Math.ceil(size / align) * align;
  l = { size, align, offsets };
  cache.set(t, l);
  return l;
}

/** sizeof(t) in bytes (void: 1, as GCC's void-pointer arithmetic). */
export function sizeOf(t: Type): number {
  switch (t.k) {
    case 'int':
    case 'float':
    case 'bool':
      return byteSize(t);
    case 'ptr':
    case 'funcptr':
    case 'object':
    case 'memview':
      return 8;
    case 'void':
      return 1;
    case 'carray':
      return t.size * sizeOf(t.elem);
    case 'struct':
    case 'ctuple':
      return layoutOf(t).size;
  }
}

export function alignOf(t: Type): number {
  switch (t.k) {
    case 'int':
    case 'float':
    case 'bool':
      return byteSize(t);
    case 'ptr':
    case 'funcptr':
    case 'object':
    case 'memview':
      return 8;
    case 'void':
      return 1;
    case 'carray':
      return alignOf(t.elem);
    case 'struct':
    case 'ctuple':
      return layoutOf(t).align;
  }
}

/** Size of the element a pointer of type `ptr(to)` steps over (void: 1). */
export function strideOf(to: Type): number {
  return to.k === 'void' ? 1 : sizeOf(to);
}

/**
 * Whether a value of this type holds a data pointer (possibly inside an aggregate).
 * Function pointers do not count: they are function numbers, the same on every tier.
 */
export function holdsPointers(t: Type, seen = new Set<Type>()): boolean {
  if (t.k === 'ptr') return true;
  if (seen.has(t)) return false;
  seen.add(t);
  if (t.k === 'carray') return holdsPointers(t.elem, seen);
  if (t.k === 'struct' || t.k === 'ctuple') return fieldTypes(t).some((f) => holdsPointers(f, seen));
  return false;
}

/** C values Cython converts to and from Python objects: scalars, and structs / C arrays / ctuples of them. */
export function pyConvertible(t: Type): boolean {
  switch (t.k) {
    case 'int':
    case 'float':
    case 'bool':
      return true;
    case 'carray':
      return pyConvertible(t.elem);
    case 'struct':
    case 'ctuple':
      // a struct cannot contain itself by value: the recursion ends
      return fieldTypes(t).every((f) => pyConvertible(f));
    default:
      return false;
  }
}

/** C data that native code can hold: scalars, pointers, function pointers and aggregates of them. */
export function isCData(t: Type, seen = new Set<Type>()): boolean {
  switch (t.k) {
    case 'int':
    case 'float':
    case 'bool':
    case 'ptr':
    case 'funcptr':
      return true;
    case 'carray':
      return isCData(t.elem, seen);
    case 'struct':
    case 'ctuple':
      if (seen.has(t)) return true;
      seen.add(t);
      return fieldTypes(t).every((f) => isCData(f, seen));
    default:
      return false;
  }
}

/** A C array of char, signed char or unsigned char: Cython converts it to bytes, not to a list. */
export function isCharArray(t: Type): boolean {
  return t.k === 'carray' && t.elem.k === 'int' && t.elem.bits === 8;
}

/**
 * The description of a C type the runtime uses to read, write and convert memory
 * (src/runtime/cmem.ts): JSON, hoisted by the glue. Scalars by IR kind ('i32', 'f64',
 * 'bool', ...), pointers 'ptr', function pointers 'fn'.
 */
export type CSpec =
  | { k: 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'bool' | 'ptr' | 'fn'; c: string }
  | { k: 'struct'; c: string; size: number; union: boolean; fields: { name: string; off: number; t: CSpec }[] }
  | { k: 'tuple'; c: string; size: number; items: { off: number; t: CSpec }[] }
  /** `bytes`: a char / signed char / unsigned char array, which Cython converts to bytes (up to the first NUL) */
  | { k: 'array'; c: string; size: number; n: number; stride: number; elem: CSpec; bytes?: true };

export function cspecOf(t: Type, cname: (t: Type) => string): CSpec {
  switch (t.k) {
    case 'int':
      return { k: `${t.signed ? 'i' : 'u'}${t.bits}` as 'i32', c: cname(t) };
    case 'float':
      return { k: t.bits === 32 ? 'f32' : 'f64', c: cname(t) };
    case 'bool':
      return { k: 'bool', c: 'bint' };
    case 'ptr':
      return { k: 'ptr', c: cname(t) };
    case 'funcptr':
      return { k: 'fn', c: cname(t) };
    case 'carray': {
      const s: CSpec = { k: 'array', c: cname(t), size: sizeOf(t), n: t.size, stride: sizeOf(t.elem), elem: cspecOf(t.elem, cname) };
      if (isCharArray(t)) s.bytes = true;
      return s;
    }
    case 'struct': {
      const l = layoutOf(t);
      return { k: 'struct', c: t.name, size: l.size, union: t.union, fields: t.fields.map((f, i) => ({ name: f.name, off: l.offsets[i]!, t: cspecOf(f.type, cname) })) };
    }
    case 'ctuple': {
      const l = layoutOf(t);
      return { k: 'tuple', c: cname(t), size: l.size, items: t.items.map((it, i) => ({ off: l.offsets[i]!, t: cspecOf(it, cname) })) };
    }
    default:
      throw new Error(`cypyx: no memory layout for type ${t.k}`);
  }
}
