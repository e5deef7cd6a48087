// Memoryviews in the JS back end: view records, strided loads/stores, sub-views, None, int64 data.
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/compile/ir/ir.js';
import type { ScalarType } from '../../src/compile/ir/types.js';
import {
  T, bin, box, brk, c, cast, cmp, fn, glueText, if_, load, loop, module, mvIsNone, mvLoad, mvMake, mvShape, mvStore, mvStride, ret,
  set, type Fn,
} from './harness.js';

const ss = T.ssize;

/** for i in range(n): body(i) — the loop shape the lowering emits. */
function forRange(f: Fn, label: string, n: Expr, body: (i: Expr) => ReturnType<typeof set>[]) {
  const i = f.local(`i_${label}`, ss);
  return [
    set(i, c(0n, ss)),
    loop(label, [if_(cmp('ge', i, n), [brk(label)]), ...body(i)], [set(i, bin('add', i, c(1n, ss)))]),
  ];
}

/** sum(a[i] for i in range(a.shape[0])) over a 1-D view of `elem`. */
function sum1d(name: string, elem: ScalarType, acc: ScalarType = T.double) {
  return fn(name, acc, (f) => {
    const a = f.param('a', T.memview(elem, 1));
    const s = f.local('s', acc);
    return [
      set(s, c(0, acc)),
      ...forRange(f, 'L', mvShape(a, 0), (i) => [
        set(s, bin('add', s, cast(mvLoad(a, bin('mul', i, mvStride(a, 0))), acc))),
      ]),
      ret(s),
    ];
  });
}

describe('memoryview loads and stores', () => {
  it('1-D sums: TypedArray fast path, and strided views with offsets', async () => {
    const m = await load(module([sum1d('total', T.double), sum1d('total_i32', T.int, T.longlong)]));
    expect(m.total(new Float64Array([1, 2, 3.5]))).toBe(6.5);
    // every other element, starting at element 1: 2 + 4 + 6
    const data = new Float64Array([1, 2, 3, 4, 5, 6, 7]);
    expect(m.total({ data, shape: [3], strides: [2], offset: 1 })).toBe(12);
    // negative stride: 7, 5, 3, 1
    expect(m.total({ data, shape: [4], strides: [-2], offset: 6 })).toBe(16);
    expect(m.total_i32(new Int32Array([2 ** 31 - 1, 2 ** 31 - 1]))).toBe(2 ** 32 - 2);
    expect(m.total(new Float64Array(0))).toBe(0);
  });

  it('2-D stores through strides are visible in the caller (C and F order)', async () => {
    const t = T.memview(T.double, 2);
    const fill = fn('fill', T.void, (f) => {
      const a = f.param('a', t);
      return [
        ...forRange(f, 'I', mvShape(a, 0), (i) =>
          forRange(f, 'J', mvShape(a, 1), (j) => [
            mvStore(
              a,
              bin('add', bin('mul', i, mvStride(a, 0)), bin('mul', j, mvStride(a, 1))),
              bin('add', bin('mul', cast(i, T.double), c(10, T.double)), cast(j, T.double)),
            ),
          ]),
        ),
        ret(),
      ];
    });
    const m = await load(module([fill]));
    const cdata = new Float64Array(6);
    expect(m.fill({ data: cdata, shape: [2, 3], strides: [3, 1] })).toBeUndefined();
    expect([...cdata]).toEqual([0, 1, 2, 10, 11, 12]);
    const fdata = new Float64Array(6);
    m.fill({ data: fdata, shape: [2, 3], strides: [1, 2] });
    expect([...fdata]).toEqual([0, 10, 1, 11, 2, 12]);
    // a strided sub-block with an offset leaves the rest alone
    const big = new Float64Array(12).fill(-1);
    m.fill({ data: big, shape: [2, 2], strides: [6, 2], offset: 1 });
    expect([...big]).toEqual([-1, 0, -1, 1, -1, -1, -1, 10, -1, 11, -1, -1]);
  });

  it('int64 data (BigInt64Array / BigUint64Array): loads normalize, stores convert', async () => {
    const inc = fn('inc', T.longlong, (f) => {
      const a = f.param('a', T.memview(T.longlong, 1));
      return [
        ...forRange(f, 'L', mvShape(a, 0), (i) => [mvStore(a, i, bin('add', mvLoad(a, i), c(1n, T.longlong)))]),
        ret(mvLoad(a, c(0n, ss))),
      ];
    });
    const first = fn('first_u', T.bool, (f) => {
      const a = f.param('a', T.memview(T.ulonglong, 1));
      return [ret(cmp('eq', mvLoad(a, c(0n, ss)), f.param('e', T.ulonglong)))];
    });
    const m = await load(module([inc, first]));
    const a = new BigInt64Array([1n, -1n, 2n ** 60n, 2n ** 63n - 1n]);
    expect(m.inc(a)).toBe(2);
    expect([...a]).toEqual([2n, 0n, 2n ** 60n + 1n, -(2n ** 63n)]);
    expect(m.first_u(new BigUint64Array([2n ** 64n - 1n]), 2n ** 64n - 1n)).toBe(true);
    expect(m.first_u(new BigUint64Array([7n]), 7)).toBe(true);
  });

  it('bint and uint8 elements', async () => {
    const anyTrue = fn('any_true', T.bool, (f) => {
      const a = f.param('a', T.memview(T.bool, 1));
      return [...forRange(f, 'L', mvShape(a, 0), (i) => [if_(mvLoad(a, i), [ret(c(true, T.bool))])]), ret(c(false, T.bool))];
    });
    const setFlag = fn('set_flag', T.void, (f) => {
      const a = f.param('a', T.memview(T.bool, 1));
      return [mvStore(a, c(1n, ss), c(true, T.bool)), ret()];
    });
    const bump = fn('bump', T.void, (f) => {
      const a = f.param('a', T.memview(T.uchar, 1));
      return [mvStore(a, c(0n, ss), bin('add', mvLoad(a, c(0n, ss)), c(1, T.uchar))), ret()];
    });
    const m = await load(module([anyTrue, setFlag, bump]));
    expect(m.any_true(new Int32Array([0, 0, 3]))).toBe(true);
    expect(m.any_true(new Int32Array([0, 0]))).toBe(false);
    const flags = new Int32Array(3);
    m.set_flag(flags);
    expect([...flags]).toEqual([0, 1, 0]);
    const u = new Uint8Array([255]);
    m.bump(u);
    expect(u[0]).toBe(0);
  });

  it('sub-views (mvMake) and None', async () => {
    const t1 = T.memview(T.double, 1);
    // tail(a): b = a[1::2]; return sum(b)
    const tail = fn('tail_sum', T.double, (f) => {
      const a = f.param('a', t1);
      const b = f.local('b', t1);
      const s = f.local('s', T.double);
      return [
        set(
          b,
          mvMake(a, mvStride(a, 0), [bin('div', mvShape(a, 0), c(2n, ss))], [bin('mul', mvStride(a, 0), c(2n, ss))], t1),
        ),
        set(s, c(0, T.double)),
        ...forRange(f, 'L', mvShape(b, 0), (i) => [set(s, bin('add', s, mvLoad(b, bin('mul', i, mvStride(b, 0)))))]),
        ret(s),
      ];
    });
    const isNone = fn('is_none', T.bool, (f) => [ret(mvIsNone(f.param('a', t1)))]);
    const notNone = fn('strict', T.bool, (f) => [ret(mvIsNone(f.param('a', t1, { notNone: true })))]);
    const ident = fn('ident', t1, (f) => [ret(f.param('a', t1))]);
    const asObj = fn('as_obj', T.object, (f) => [ret(box(f.param('a', t1)))]);
    const m = await load(module([tail, isNone, notNone, ident, asObj]));
    expect(m.tail_sum(new Float64Array([1, 2, 3, 4, 5, 6]))).toBe(2 + 4 + 6);
    expect(m.tail_sum({ data: new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8]), shape: [4], strides: [2], offset: 1 })).toBe(3 + 7);
    expect(m.is_none(null)).toBe(true);
    expect(m.is_none(new Float64Array(1))).toBe(false);
    expect(() => m.strict(null)).toThrow(expect.objectContaining({ name: 'TypeError' }));
    const data = new Float64Array([1, 2]);
    const r = m.ident(data);
    // an NDArray (or the TypedArray itself) over the same buffer
    const d = ArrayBuffer.isView(r) ? r : r.data;
    expect(d.buffer).toBe(data.buffer);
    expect(m.ident(null)).toBeNull();
    expect(m.as_obj(null)).toBeNull();
  });

  it('a view record expression is evaluated once per load/store', () => {
    const t1 = T.memview(T.double, 1);
    const g = fn('g', t1, (f) => [ret(f.param('a', t1))], { flavor: 'cdef', exported: false });
    const h = fn('h', T.double, (f) => {
      const a = f.param('a', t1);
      return [mvStore({ kind: 'call', fn: 'g', args: [a], type: t1 }, c(0n, ss), c(1, T.double)), ret(mvLoad({ kind: 'call', fn: 'g', args: [a], type: t1 }, c(0n, ss)))];
    });
    const text = glueText(module([g, h]));
    expect(text.match(/= \$f_g\(a\)/g)?.length).toBe(2);
  });
});
