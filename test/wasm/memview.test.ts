// Memoryviews through the wasm runtime: copy-in/copy-out with write-back
// (contiguous, strided, 2-D, aliasing), zero-copy for wasm-owned arrays, growth.
import { describe, expect, it, beforeAll, vi } from 'vitest';
import type { MemviewType } from '../../src/compile/ir/types.js';
import {
  Fn, T, add, bin, build, c, call, cast, check, cmp, exprS, forRange, i64, iff, isNone, load, module, mul, mvMake, raise, ret, set, shape, store, stride,
  view1, type Built,
} from './helpers.js';

const V1 = T.memview(T.double, 1);
const V1C = T.memview(T.double, 1, 'c');
const V2 = T.memview(T.double, 2);
const V2C = T.memview(T.double, 2, 'c');
const VI64 = T.memview(T.longlong, 1);
const VU8 = T.memview(T.uchar, 1);

/** sum(a) over a 1-D double view */
function sumFn(name: string, t: MemviewType): Fn {
  const fn = new Fn(name, T.double);
  const a = fn.param('a', t);
  const i = fn.local('i', T.ssize);
  const s = fn.local('s', T.double);
  fn.body = [set(s, c(0, T.double)), ...forRange(i, i64(0), shape(a, 0), () => [set(s, add(s, load(a, mul(i, stride(a, 0)))))]), ret(s)];
  return fn;
}
/** a[i] *= k for all i (1-D) */
function scaleFn(name: string, t: MemviewType): Fn {
  const fn = new Fn(name);
  const a = fn.param('a', t);
  const k = fn.param('k', T.double);
  const i = fn.local('i', T.ssize);
  fn.body = forRange(i, i64(0), shape(a, 0), () => {
    const off = mul(i, stride(a, 0));
    return [store(a, off, mul(load(a, off), k))];
  });
  return fn;
}
/** 2-D: a[i, j] = a[i, j] * 10 + i - j; returns the sum of the new values */
function twoD(name: string, t: MemviewType): Fn {
  const fn = new Fn(name, T.double);
  const a = fn.param('a', t);
  const i = fn.local('i', T.ssize);
  const j = fn.local('j', T.ssize);
  const s = fn.local('s', T.double);
  fn.body = [
    set(s, c(0, T.double)),
    ...forRange(i, i64(0), shape(a, 0), () =>
      forRange(j, i64(0), shape(a, 1), () => {
        const off = add(mul(i, stride(a, 0)), mul(j, stride(a, 1)));
        return [
          store(a, off, add(mul(load(a, off), c(10, T.double)), cast(bin('sub', i, j), T.double))),
          set(s, add(s, load(a, off))),
        ];
      }),
    ),
    ret(s),
  ];
  return fn;
}

let B: Built;
let F: Built['fns'];

beforeAll(async () => {
  // copy(src, dst): dst[i] = src[i] for i in range(len(dst))   (alias test)
  const cp = new Fn('copy');
  const src = cp.param('src', V1);
  const dst = cp.param('dst', V1);
  const i = cp.local('i', T.ssize);
  cp.body = forRange(i, i64(0), shape(dst, 0), () => [store(dst, mul(i, stride(dst, 0)), load(src, mul(i, stride(src, 0))))]);
  // fill_then_raise(a): a[0] = 42; raise ValueError
  const fr = new Fn('fill_then_raise');
  fr.mayRaise = true;
  const fa = fr.param('a', V1);
  fr.body = [store(fa, i64(0), c(42, T.double)), raise('ValueError', { kind: 'const', text: 'boom' }, 7)];
  // is_none(a): a is None
  const nn = new Fn('is_none', T.bool);
  nn.body = [ret(isNone(nn.param('a', V1)))];
  // tail_sum(a): sum of a[1:] through mvMake, then call sum on it
  const ts = new Fn('tail_sum', T.double);
  const ta = ts.param('a', V1);
  const tl = ts.local('t', V1);
  ts.body = [
    set(tl, mvMake(ta, stride(ta, 0), [bin('sub', shape(ta, 0), i64(1))], [stride(ta, 0)], V1)),
    ret(call('sum', [tl], T.double)),
  ];
  // i64 and u8 views
  const s64 = new Fn('sum_i64', T.longlong);
  const sa = s64.param('a', VI64);
  const si = s64.local('i', T.ssize);
  const ss = s64.local('s', T.longlong);
  s64.body = [set(ss, i64(0)), ...forRange(si, i64(0), shape(sa, 0), () => [set(ss, add(ss, load(sa, mul(si, stride(sa, 0)))))]), ret(ss)];
  const inc8 = new Fn('inc_u8');
  const ua = inc8.param('a', VU8);
  const ui = inc8.local('i', T.ssize);
  inc8.body = forRange(ui, i64(0), shape(ua, 0), () => [store(ua, mul(ui, stride(ua, 0)), add(load(ua, mul(ui, stride(ua, 0))), c(1, T.uchar)))]);
  // checked(a, k): bounds-checked a[k] (IndexError with the index as format arg)
  const ck = new Fn('checked', T.double);
  ck.mayRaise = true;
  const ca = ck.param('a', V1);
  const ci = ck.param('k', T.ssize);
  ck.body = [
    ret(load(ca, check(cmp('lt', ci, shape(ca, 0)), 'IndexError', { kind: 'format', template: 'index %d out of range', args: [ci] }, ci, 12))),
  ];
  void iff;
  void exprS;
  const fns = [sumFn('sum', V1), sumFn('sum_c', V1C), scaleFn('scale', V1), scaleFn('scale_c', V1C), twoD('two_d', V2), twoD('two_d_c', V2C), cp, fr, nn, ts, s64, inc8, ck];
  B = await build(module(fns, { messages: [{ template: 'boom', args: [] }, { template: 'index %d out of range', args: ['i'] }] }));
  F = B.fns;
});

describe('copy-in / copy-out', () => {
  it('contiguous 1-D: sum and in-place write visible in the caller', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    expect(F.sum(...view1(a))).toBe(10);
    expect(F.sum_c(...view1(a))).toBe(10);
    F.scale(...view1(a), 2);
    expect([...a]).toEqual([2, 4, 6, 8]);
    F.scale_c(...view1(a), 0.5);
    expect([...a]).toEqual([1, 2, 3, 4]);
    expect(B.inst.heap.used).toBe(0);
  });
  it('strided 1-D (sparse: gathered; dense: a span), negative strides, offsets', () => {
    const a = Float64Array.from({ length: 20 }, (_, k) => k);
    // a[1::5] → 1, 6, 11, 16 (sparse)
    expect(F.sum(a, 1, 4, 5)).toBe(34);
    F.scale(a, 1, 4, 5, -1);
    expect([...a].filter((x) => x < 0)).toEqual([-1, -6, -11, -16]);
    expect(a[2]).toBe(2);
    // a[::2] over the first 10 → 0, 2, 4, 6, 8 (dense span)
    const b = Float64Array.from({ length: 10 }, (_, k) => k);
    F.scale(b, 0, 5, 2, 10);
    expect([...b]).toEqual([0, 1, 20, 3, 40, 5, 60, 7, 80, 9]);
    // b[::-3] → 9, 6, 3, 0
    expect(F.sum(b, 9, 4, -3)).toBe(9 + 60 + 3 + 0);
    F.scale(b, 9, 4, -3, 2);
    expect([...b]).toEqual([0, 1, 20, 6, 40, 5, 120, 7, 80, 18]);
    // a subarray with a byteOffset
    const sub = new Float64Array(a.buffer, 8 * 3, 4);
    expect(F.sum(...view1(sub))).toBe(3 + 4 + 5 - 6);
    expect(B.inst.heap.used).toBe(0);
  });
  it('2-D views: C-contiguous, transposed, strided', () => {
    const mk = () => Float64Array.from({ length: 12 }, (_, k) => k); // 3×4
    let a = mk();
    const expectAfter = (orig: number[], idx: (i: number, j: number) => number, n0: number, n1: number) => {
      const want = [...orig];
      let s = 0;
      for (let i = 0; i < n0; i++)
        for (let j = 0; j < n1; j++) {
          want[idx(i, j)] = orig[idx(i, j)]! * 10 + i - j;
          s += want[idx(i, j)]!;
        }
      return { want, s };
    };
    let e = expectAfter([...a], (i, j) => 4 * i + j, 3, 4);
    expect(F.two_d_c(a, 0, 3, 4, 4, 1)).toBe(e.s);
    expect([...a]).toEqual(e.want);
    // transposed: shape (4, 3), strides (1, 4)
    a = mk();
    e = expectAfter([...a], (i, j) => i + 4 * j, 4, 3);
    expect(F.two_d(a, 0, 4, 3, 1, 4)).toBe(e.s);
    expect([...a]).toEqual(e.want);
    // a[::2, 1::2] of the 3×4: shape (2, 2), strides (8, 2), offset 1 (sparse: gathered)
    a = mk();
    e = expectAfter([...a], (i, j) => 1 + 8 * i + 2 * j, 2, 2);
    expect(F.two_d(a, 1, 2, 2, 8, 2)).toBe(e.s);
    expect([...a]).toEqual(e.want);
    // an NDArray-like in wasm memory works the same (below, zero-copy)
    expect(B.inst.heap.used).toBe(0);
  });
  it('views of one buffer alias each other inside the call', () => {
    const a = Float64Array.from([0, 1, 2, 3, 4, 5]);
    // copy(src=a[0:5], dst=a[1:6]) in a forward loop smears a[0] (as in C)
    F.copy(a, 0, 5, 1, a, 1, 5, 1);
    expect([...a]).toEqual([0, 0, 0, 0, 0, 0]);
    const b = Float64Array.from([0, 1, 2, 3, 4, 5]);
    F.copy(b, 1, 5, 1, b, 0, 5, 1);
    expect([...b]).toEqual([1, 2, 3, 4, 5, 5]);
    // disjoint views of one buffer are separate spans
    const big = new Float64Array(100000);
    big[99999] = 7;
    F.copy(big, 99999, 1, 1, big, 0, 1, 1);
    expect(big[0]).toBe(7);
    expect(B.inst.heap.used).toBe(0);
  });
  it('writes back also when the call raised', () => {
    const a = new Float64Array(3);
    F.fill_then_raise(...view1(a));
    expect(a[0]).toBe(42);
    const err = B.inst.error()!;
    expect(B.out.memory && err.exc).toBe(1); // ValueError
    expect(err.line).toBe(7);
    B.inst.clearError();
    expect(B.inst.heap.used).toBe(0);
  });
  it('None views, empty views, mvMake and calls with views', () => {
    expect(F.is_none(null, 0, 0, 0)).toBe(true);
    expect(F.is_none(...view1(new Float64Array(0)))).toBe(false);
    expect(F.sum(...view1(new Float64Array(0)))).toBe(0);
    expect(F.tail_sum(...view1(new Float64Array([100, 1, 2, 3])))).toBe(6);
    expect(F.tail_sum(Float64Array.from([9, 1, 9, 2, 9, 3]), 0, 3, 2)).toBe(9 + 9);
  });
  it('int64 and uint8 elements', () => {
    const a = BigInt64Array.from([2n ** 62n, 2n ** 62n, -5n]);
    expect(F.sum_i64(...view1(a))).toBe(2n ** 63n - 5n); // 2^63 wraps to -2^63, minus 5 wraps back
    expect(F.sum_i64(a, 2, 1, 1)).toBe(-5);
    const u = Uint8Array.from([0, 254, 255]);
    F.inc_u8(...view1(u));
    expect([...u]).toEqual([1, 255, 0]);
    const sparse = Uint8Array.from({ length: 30 }, () => 255);
    F.inc_u8(sparse, 0, 3, 10);
    expect(sparse[0]).toBe(0);
    expect(sparse[10]).toBe(0);
    expect(sparse[1]).toBe(255);
  });
  it('a bounds check raises IndexError with its format argument', () => {
    const a = new Float64Array([5, 6]);
    expect(F.checked(...view1(a), 1)).toBe(6);
    expect(B.inst.error()).toBeNull();
    F.checked(...view1(a), 2 ** 40);
    const err = B.inst.error()!;
    expect(err.exc).toBe(3); // IndexError
    expect(err.msg).toBe(1);
    expect(err.argsI64[0]).toBe(2n ** 40n);
    expect(err.argsF64[0]).toBe(2 ** 40);
    expect(err.line).toBe(12);
    B.inst.clearError();
  });
});

describe('wasm-owned arrays', () => {
  it('pass with no copy, and stay valid when memory grows', () => {
    const { inst } = B;
    const arr = inst.alloc('float64', [4]);
    arr.data.set([1, 2, 3, 4]);
    const malloc = vi.spyOn(inst.heap, 'malloc');
    F.scale(...view1(arr.data as Float64Array), 3);
    expect([...arr.data]).toEqual([3, 6, 9, 12]);
    expect(F.sum(arr.data, 1, 3, 1)).toBe(27);
    expect(malloc).not.toHaveBeenCalled();
    malloc.mockRestore();
    // 2-D wasm-owned
    const m = inst.alloc('float64', [3, 4]);
    (m.data as Float64Array).set(Float64Array.from({ length: 12 }, (_, k) => k));
    expect(F.two_d_c(m.data, 0, 3, 4, 4, 1)).toBeGreaterThan(0);
    expect(m.data[5]).toBe(5 * 10 + 1 - 1);
    // growth: old TypedArrays detach, the NDArray's .data follows the new buffer
    const old = arr.data;
    const before = inst.memory.buffer.byteLength;
    const big = inst.alloc('uint8', [before * 2]);
    expect(inst.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(old.length).toBe(0);
    expect([...arr.data]).toEqual([3, 6, 9, 12]);
    expect(inst.state.i32.length).toBeGreaterThan(0);
    F.scale(...view1(arr.data as Float64Array), 2);
    expect([...arr.data]).toEqual([6, 12, 18, 24]);
    expect(() => F.scale(old, 0, 4, 1, 2)).toThrow(/detached/);
    inst.free(big);
    inst.free(arr);
    inst.free(m);
    expect(() => arr.data).toThrow(/after free/);
    expect(inst.heap.used).toBe(0);
  });
});
