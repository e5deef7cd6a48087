// C data on the JS back end: the runtime's memory model (runtime/cmem.ts) and the code the
// JS back end emits for memory locals, loads/stores, pointers, function numbers, aggregates.
import { describe, expect, it } from 'vitest';
import type { Expr, Stmt } from '../../src/compile/ir/ir.js';
import type { FuncPtrType, PtrType, StructType, Type } from '../../src/compile/ir/types.js';
import * as cm from '../../src/runtime/cmem.js';
import { T, bin, c, call, cmp, fn, if_, load as loadModule, module, one, ret, set } from './harness.js';

const ptr = (to: Type): PtrType => ({ k: 'ptr', to });
const VOIDP = ptr(T.void);
const addrOf = (l: Expr): Expr => ({ kind: 'addrOf', id: (l as { id: number }).id, type: ptr(l.type) });
const ld = (p: Expr): Expr => ({ kind: 'load', ptr: p, type: (p.type as PtrType).to });
const st = (p: Expr, value: Expr): Stmt => ({ kind: 'store', ptr: p, value });
const field = (p: Expr, k: number): Expr => ({ kind: 'fieldAddr', ptr: p, field: k, type: ptr(((p.type as PtrType).to as StructType).fields[k]!.type) });
const ptrAdd = (p: Expr, i: Expr): Expr => ({ kind: 'ptrAdd', ptr: p, index: i, type: p.type });
const cast = (a: Expr, type: Type): Expr => ({ kind: 'cast', a, type });
const libc = (name: string, args: Expr[], type: Type): Expr => ({ kind: 'libc', fn: name as 'malloc', args, type });

const POINT: StructType = { k: 'struct', name: 'Point', union: false, fields: [{ name: 'x', type: T.double }, { name: 'y', type: T.double }] };

function mkAddressed(f: { locals: { id: number; addressed?: boolean }[] }, l: Expr): void {
  f.locals.find((x) => x.id === (l as { id: number }).id)!.addressed = true;
}

describe('runtime memory', () => {
  it('malloc returns 16-aligned blocks, reuses freed ones; calloc zeroes; realloc keeps the bytes', () => {
    const p = cm.malloc(24);
    expect(p % 16).toBe(0);
    cm.stF64(p, 1.5);
    cm.stI32(p + 8, -7);
    const q = cm.realloc(p, 4000);
    expect(cm.ldF64(q)).toBe(1.5);
    expect(cm.ldI32(q + 8)).toBe(-7);
    cm.free(q);
    const r = cm.malloc(4000);
    expect(r).toBe(q); // same size class
    cm.stI32(r, 99);
    cm.free(r);
    const z = cm.calloc(1000, 4);
    expect(z).toBe(q);
    expect(cm.ldI32(z)).toBe(0);
    cm.free(z);
    cm.free(0);
    expect(cm.malloc(2 ** 40)).toBe(0);
  });

  it('loads and stores of every kind, little-endian, with type punning and 64-bit values', () => {
    const p = cm.malloc(16);
    cm.stF32(p, -2.5);
    expect(cm.ldU32(p)).toBe(3223322624);
    cm.stI64(p, -(2n ** 63n));
    expect(cm.ldI64(p)).toBe(-(2n ** 63n));
    expect(cm.ldU64(p)).toBe(2n ** 63n);
    cm.stI64(p, -5);
    expect(cm.ldI64(p)).toBe(-5);
    expect([cm.ldU8(p), cm.ldI8(p), cm.ldU16(p + 6)]).toEqual([251, -5, 65535]);
    cm.stBool(p + 8, true);
    expect(cm.ldI32(p + 8)).toBe(1);
    expect(cm.ldBool(p + 8)).toBe(true);
    cm.stPtr(p, 2 ** 40 + 24);
    expect(cm.ldPtr(p)).toBe(2 ** 40 + 24);
    const agg = cm.ldAgg(p, 16);
    cm.stI32(p, 0);
    expect(agg[0]).toBe(24); // a copy
    cm.free(p);
  });

  it('pointers into TypedArrays (regions) read and write the array; NULL and stray pointers raise MemoryError', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    const p = cm.viewAddr({ data: a.subarray(1), offset: 1 }, 0); // element a[2]
    expect(cm.ldF64(p)).toBe(3);
    cm.stF64(p + 8, 40);
    expect(a[3]).toBe(40);
    expect(() => cm.ldF64(p + 16)).toThrow(/invalid memory access/);
    expect(() => cm.ldI32(0)).toThrow(expect.objectContaining({ name: 'MemoryError' }));
    expect(cm.viewAddr(null, 3)).toBe(0);
    cm.memset(p - 16, 0, 16);
    expect([...a]).toEqual([0, 0, 3, 40]);
  });

  it('<double[:n]>p views stay valid when the heap grows', () => {
    const p = cm.malloc(32);
    const v = cm.ptrView(p, 'float64', [2, 2]);
    expect(v.shape).toEqual([2, 2]);
    expect(v.strides).toEqual([2, 1]);
    (v.data as Float64Array)[3] = 7.5;
    expect(cm.ldF64(p + 24)).toBe(7.5);
    const big = cm.malloc(64 << 20); // grows the heap
    expect(big).not.toBe(0);
    (v.data as Float64Array)[0] = -1;
    expect(cm.ldF64(p)).toBe(-1);
    cm.free(big);
    cm.free(p);
  });

  it('struct conversions with Cython messages', () => {
    const spec = { k: 'struct', c: 'Item', size: 24, union: false, fields: [
      { name: 'id', off: 0, t: { k: 'i32', c: 'int' } }, { name: 'w', off: 8, t: { k: 'f64', c: 'double' } }, { name: 'on', off: 16, t: { k: 'bool', c: 'bint' } },
    ] } as const;
    const b = cm.encode(spec as never, { id: 7, w: 1.5, on: true });
    expect(cm.decode(spec as never, b)).toEqual({ id: 7, w: 1.5, on: true });
    expect(cm.decode(spec as never, cm.encode(spec as never, new Map<string, unknown>([['on', false], ['w', 2], ['id', -1]])))).toEqual({ id: -1, w: 2, on: false });
    expect(() => cm.encode(spec as never, { id: 7, w: 1.5 })).toThrow("No value specified for struct attribute 'on'");
    expect(() => cm.encode(spec as never, 5)).toThrow('Expected a mapping, got int');
    expect(() => cm.encode(spec as never, { id: 2 ** 40, w: 1, on: 1 })).toThrow(/value too large to convert to int/);
    const tup = { k: 'tuple', c: '(int, double)', size: 16, items: [{ off: 0, t: { k: 'i32', c: 'int' } }, { off: 8, t: { k: 'f64', c: 'double' } }] } as const;
    expect(() => cm.encode(tup as never, [1, 2, 3])).toThrow('Expected a tuple of size 2, got tuple');
    const arr = { k: 'array', c: 'int[3]', size: 12, n: 3, stride: 4, elem: { k: 'i32', c: 'int' } } as const;
    expect(() => cm.encode(arr as never, [1, 2])).toThrow('not enough values found during array assignment, expected 3, got 2');
  });
});

describe('generated code', () => {
  it('memory locals live in a frame on the C stack: recursion keeps them apart, writes through pointers are seen', async () => {
    // rec(n): cdef double[4] a; a[1] = n; if n > 0: a[2] = rec(n - 1); return a[1] * 10 + a[2]
    const A = { k: 'carray', elem: T.double, size: 4 } as const;
    const f = fn('rec', T.double, (g) => {
      const n = g.param('n', T.int);
      const a = g.local('a', A);
      mkAddressed(g, a);
      const el = (k: number) => ptrAdd(cast(addrOf(a), ptr(T.double)), c(BigInt(k), T.ssize));
      return [
        st(el(1), cast(n, T.double)),
        if_(cmp('gt', n, c(0)), [st(el(2), call('rec', [bin('sub', n, c(1))], T.double))]),
        ret(bin('add', bin('mul', ld(el(1)), c(10, T.double)), ld(el(2)))),
      ];
    });
    const rec = await one(f);
    expect(rec(3)).toBe(60); // 10·3 + 10·2 + 10·1: each call kept its own a[1]
    expect(rec(0)).toBe(0);
  });

  it('struct parameters and results cross the boundary as plain objects; an addressed parameter is copied into the frame', async () => {
    const f = fn('mid', POINT, (g) => {
      const a = g.param('a', POINT);
      const b = g.param('b', POINT);
      mkAddressed(g, a);
      mkAddressed(g, b);
      const m = g.local('m', POINT);
      mkAddressed(g, m);
      const avg = (k: number) => bin('div', bin('add', ld(field(addrOf(a), k)), ld(field(addrOf(b), k))), c(2, T.double));
      return [st(field(addrOf(m), 0), avg(0)), st(field(addrOf(m), 1), avg(1)), ret(m)];
    });
    const mid = await one(f);
    expect(mid({ x: 0, y: 0 }, new Map([['y', -2], ['x', 4]]))).toEqual({ x: 2, y: -1 });
    expect(() => mid({ x: 0 }, { x: 1, y: 1 })).toThrow("No value specified for struct attribute 'y'");
  });

  it('malloc and free from generated code; function numbers call through the module table', async () => {
    const FT: FuncPtrType = { k: 'funcptr', ret: T.int, params: [T.int] };
    const inc = fn('inc', T.int, (g) => [ret(bin('add', g.param('x', T.int), c(1)))], { flavor: 'cdef', exported: false });
    const use = fn('use', T.int, (g) => {
      const n = g.param('n', T.int);
      const p = g.local('p', ptr(T.int));
      const f = g.local('f', FT);
      return [
        set(p, cast(libc('malloc', [c(8n, T.size)], VOIDP), ptr(T.int))),
        set(f, { kind: 'fnRef', fn: 'inc', type: FT }),
        st(p, { kind: 'callPtr', fn: f, args: [n], type: T.int }),
        st(ptrAdd(p, c(1n, T.ssize)), { kind: 'callPtr', fn: f, args: [ld(p)], type: T.int }),
        set(n, ld(ptrAdd(p, c(1n, T.ssize)))),
        { kind: 'expr', value: libc('free', [cast(p, VOIDP)], T.void) },
        ret(n),
      ];
    });
    const m = await loadModule(module([inc, use]));
    expect(m.use(40)).toBe(42);
  });
});
