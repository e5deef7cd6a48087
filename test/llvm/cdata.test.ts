// C data in the LLVM back end: memory locals, load/store/fieldAddr/ptrAdd, libc memory,
// function numbers and callPtr, aggregates across N-API (Uint8Array in, output buffer out).
import { describe, expect } from 'vitest';
import type { Expr, Stmt } from '../../src/compile/ir/ir.js';
import type { FuncPtrType, PtrType, StructType, Type } from '../../src/compile/ir/types.js';
import { T, Fn, add, build, c, call, f, forRange, i64, mkModule, mul, ret, run, set } from './helpers.js';

const ptr = (to: Type): PtrType => ({ k: 'ptr', to });
const VOIDP = ptr(T.void);
const addrOf = (l: Expr): Expr => ({ kind: 'addrOf', id: (l as { id: number }).id, type: ptr(l.type) });
const load = (p: Expr, align?: number): Expr => ({ kind: 'load', ptr: p, type: (p.type as PtrType).to, ...(align ? { align } : {}) });
const store = (p: Expr, value: Expr, align?: number): Stmt => ({ kind: 'store', ptr: p, value, ...(align ? { align } : {}) });
const field = (p: Expr, k: number): Expr => {
  const st = (p.type as PtrType).to as StructType;
  return { kind: 'fieldAddr', ptr: p, field: k, type: ptr(st.fields[k]!.type) };
};
const ptrAdd = (p: Expr, i: Expr): Expr => ({ kind: 'ptrAdd', ptr: p, index: i, type: p.type });
const cast = (a: Expr, type: Type): Expr => ({ kind: 'cast', a, type });

const POINT: StructType = { k: 'struct', name: 'Point', union: false, fields: [{ name: 'x', type: T.double }, { name: 'y', type: T.double }] };
const ITEM: StructType = { k: 'struct', name: 'Item', union: false, fields: [{ name: 'id', type: T.int }, { name: 'w', type: T.double }, { name: 'on', type: T.bool }] };
const PACKED: StructType = { k: 'struct', name: 'P', union: false, packed: true, fields: [{ name: 'tag', type: T.uchar }, { name: 'v', type: T.int }] };
const WORD: StructType = { k: 'struct', name: 'W', union: true, fields: [{ name: 'u', type: T.uint }, { name: 'f', type: T.float }] };

describe('memory locals and addresses', () => {
  run('a struct local: field stores and loads, a whole-struct copy', () => {
    const fn = new Fn('norm2', T.double);
    const x = fn.param('x', T.double);
    const y = fn.param('y', T.double);
    const p = fn.local('p', POINT);
    const q = fn.local('q', POINT);
    fn.locals[(p as { id: number }).id]!.addressed = true;
    fn.locals[(q as { id: number }).id]!.addressed = true;
    const px = field(addrOf(p), 0);
    const py = field(addrOf(p), 1);
    fn.body = [
      store(px, x), store(py, y),
      set(q, p), // copy
      store(field(addrOf(p), 0), c(0, T.double)), // q keeps its own copy
      ret(add(mul(load(field(addrOf(q), 0)), load(field(addrOf(q), 0))), mul(load(field(addrOf(q), 1)), load(field(addrOf(q), 1))))),
    ];
    const m = build(mkModule([fn]));
    expect(m.text).toMatch(/alloca \[2 x i64\], align 8/);
    expect(m.fns.norm2!(3, 4)).toBe(25);
  });

  run('union members share their bytes (type punning); packed fields are loaded with align 1', () => {
    const bits = new Fn('bits', T.uint);
    const xf = bits.param('x', T.float);
    const w = bits.local('w', WORD);
    bits.locals[(w as { id: number }).id]!.addressed = true;
    bits.body = [store(field(addrOf(w), 1), xf), ret(load(field(addrOf(w), 0)))];
    const pk = new Fn('packed', T.int);
    const v = pk.param('v', T.int);
    const r = pk.local('r', PACKED);
    pk.locals[(r as { id: number }).id]!.addressed = true;
    pk.body = [store(field(addrOf(r), 0), c(7, T.uchar)), store(field(addrOf(r), 1), v, 1), ret(add(load(field(addrOf(r), 1), 1), cast(load(field(addrOf(r), 0)), T.int)))];
    const m = build(mkModule([bits, pk]));
    expect(m.text).toMatch(/load i32, i32\* %\S+, align 1/);
    expect(m.fns.bits!(1)).toBe(1065353216);
    expect(m.fns.bits!(-2.5)).toBe(3223322624);
    expect(m.fns.packed!(-123456)).toBe(-123456 + 7);
  });

  run('malloc, pointer arithmetic, memset, realloc, free; an addressed scalar written through a pointer', () => {
    const fn = new Fn('heap', T.long);
    const n = fn.param('n', T.int);
    const p = fn.local('p', ptr(T.long));
    const i = fn.local('i', T.int);
    const s = fn.local('s', T.long);
    fn.locals[(s as { id: number }).id]!.addressed = true;
    const libc = (name: string, args: Expr[], type: Type): Expr => ({ kind: 'libc', fn: name as 'malloc', args, type });
    const size = cast(mul(cast(n, T.size), c(8, T.size)), T.size);
    const sp = addrOf(s);
    fn.body = [
      set(p, cast(libc('malloc', [size], VOIDP), ptr(T.long))),
      { kind: 'expr', value: libc('memset', [cast(p, VOIDP), c(0, T.int), size], VOIDP) },
      ...forRange(i, c(0), n, () => [store(ptrAdd(p, cast(i, T.ssize)), cast(mul(i, i), T.long))]),
      set(p, cast(libc('realloc', [cast(p, VOIDP), mul(size, c(2, T.size))], VOIDP), ptr(T.long))),
      set(s, c(0, T.long)),
      ...forRange(i, c(0), n, () => [store(sp, add(load(sp), load(ptrAdd(p, cast(i, T.ssize)))))]),
      { kind: 'expr', value: libc('free', [cast(p, VOIDP)], T.void) },
      ret(s),
    ];
    const m = build(mkModule([fn]));
    expect(m.text).toMatch(/declare i8\* @malloc\(i64\)/);
    expect(m.fns.heap!(10)).toBe(285);
    expect(m.fns.heap!(10000)).toBe(333283335000);
  });
});

describe('function pointers', () => {
  run('function numbers: callPtr goes through the module table', () => {
    const twice = new Fn('twice', T.double);
    const tx = twice.param('x', T.double);
    twice.body = [ret(mul(tx, f(2)))];
    const sq = new Fn('sq', T.double);
    const sx = sq.param('x', T.double);
    sq.body = [ret(mul(sx, sx))];
    const FT: FuncPtrType = { k: 'funcptr', ret: T.double, params: [T.double] };
    const pick = new Fn('pick', FT);
    const which = pick.param('k', T.int);
    pick.body = [
      { kind: 'if', cond: { kind: 'cmp', op: 'eq', a: which, b: c(0), type: T.bool }, then: [ret({ kind: 'fnRef', fn: 'twice', type: FT })], else: [] },
      ret({ kind: 'fnRef', fn: 'sq', type: FT }),
    ];
    const apply = new Fn('apply', T.double);
    const k = apply.param('k', T.int);
    const x = apply.param('x', T.double);
    apply.body = [ret({ kind: 'callPtr', fn: call('pick', [k], FT), args: [x], type: T.double })];
    const m = build(mkModule([twice, sq, pick, apply]));
    expect(m.text).toMatch(/fntable = internal constant \[5 x i8\*\]/);
    expect(m.fns.apply!(0, 3.5)).toBe(7);
    expect(m.fns.apply!(1, -3)).toBe(9);
    expect(m.fns.pick!(1)).toBe(2); // 1 + the index of sq
  });
});

describe('aggregates across N-API', () => {
  run('a struct parameter is a Uint8Array of its bytes; a struct result fills the last argument', () => {
    const fn = new Fn('bump', ITEM);
    const it = fn.param('it', ITEM);
    fn.locals[(it as { id: number }).id]!.addressed = true;
    fn.body = [
      store(field(addrOf(it), 0), add(load(field(addrOf(it), 0)), c(1))),
      store(field(addrOf(it), 1), mul(load(field(addrOf(it), 1)), f(2))),
      store(field(addrOf(it), 2), { kind: 'not', a: load(field(addrOf(it), 2)), type: T.bool }),
      ret(it),
    ];
    const m = build(mkModule([fn]));
    const inp = new Uint8Array(24);
    const dv = new DataView(inp.buffer);
    dv.setInt32(0, 41, true);
    dv.setFloat64(8, 1.25, true);
    dv.setInt32(16, 1, true);
    const out = new Uint8Array(24);
    expect(m.fns.bump!(inp, out)).toBeUndefined();
    const ov = new DataView(out.buffer);
    expect([ov.getInt32(0, true), ov.getFloat64(8, true), ov.getInt32(16, true)]).toEqual([42, 2.5, 0]);
    expect(dv.getInt32(0, true)).toBe(41); // passed by value
  });

  run('a C array result (def functions return them)', () => {
    const A = { k: 'carray', elem: T.int, size: 4 } as const;
    const fn = new Fn('squares', A);
    const a = fn.local('a', A);
    const i = fn.local('i', T.int);
    fn.locals[(a as { id: number }).id]!.addressed = true;
    const first = cast(addrOf(a), ptr(T.int));
    fn.body = [...forRange(i, c(0), c(4), () => [store(ptrAdd(first, cast(i, T.ssize)), mul(i, i))]), ret(a)];
    const m = build(mkModule([fn]));
    const out = new Int32Array(4);
    m.fns.squares!(new Uint8Array(out.buffer));
    expect([...out]).toEqual([0, 1, 4, 9]);
    void i64;
  });
});
