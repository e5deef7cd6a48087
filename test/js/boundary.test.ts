// The JS boundary: export wrappers (fast path, parseArgs slow path), kwargs, defaults,
// arity errors, argument conversions, results, exported values, introspection.
import { describe, expect, it } from 'vitest';
import {
  T, bin, c, cast, cmp, f64, fn, glueText, kw, load, module, py, ret, str, thrown,
} from './harness.js';

describe('arguments', () => {
  // def scale(double x, double factor=2.0, *, bint neg=False): return -(x*factor) if neg else x*factor
  const scale = fn('scale', T.double, (b) => {
    const x = b.param('x', T.double);
    const factor = b.param('factor', T.double, { default: f64(2) });
    const neg = b.param('neg', T.bool, { kwOnly: true, default: c(false, T.bool) });
    const p = bin('mul', x, factor);
    return [ret({ kind: 'cond', cond: neg, a: { kind: 'neg', a: p, type: T.double }, b: p, type: T.double })];
  });

  it('positional, defaults and keyword arguments', async () => {
    const m = await load(module([scale]));
    expect(m.scale(3)).toBe(6);
    expect(m.scale(3, 3)).toBe(9);
    expect(m.scale(3, kw({ factor: 4 }))).toBe(12);
    expect(m.scale(kw({ x: 1, factor: 5 }))).toBe(5);
    expect(m.scale(3, kw({ neg: true }))).toBe(-6);
    expect(m.scale(3, 1, kw({ neg: true }))).toBe(-3);
    expect(m.scale(3n)).toBe(6);
  });

  it('arity and keyword errors are TypeErrors', async () => {
    const m = await load(module([scale]));
    expect(thrown(() => m.scale()).name).toBe('TypeError');
    expect(thrown(() => m.scale(1, 2, 3)).name).toBe('TypeError');
    expect(thrown(() => m.scale(1, kw({ scale: 3 }))).name).toBe('TypeError');
    expect(thrown(() => m.scale(1, kw({ x: 3 }))).name).toBe('TypeError');
    expect(thrown(() => m.scale('a')).name).toBe('TypeError');
  });

  it('arity messages match Cython', async () => {
    const two = fn('two', T.int, (b) => [ret(bin('add', b.param('a', T.int), b.param('b', T.int)))]);
    const m = await load(module([scale, two]));
    expect(thrown(() => m.two(1))).toEqual({ name: 'TypeError', message: 'two() takes exactly 2 positional arguments (1 given)' });
    expect(thrown(() => m.two(1, 2, 3))).toEqual({ name: 'TypeError', message: 'two() takes exactly 2 positional arguments (3 given)' });
    expect(thrown(() => m.scale(1, 2, 3))).toEqual({ name: 'TypeError', message: 'scale() takes at most 2 positional arguments (3 given)' });
    expect(thrown(() => m.scale(1, kw({ scale: 3 })))).toEqual({ name: 'TypeError', message: "scale() got an unexpected keyword argument 'scale'" });
    expect(thrown(() => m.scale(1, kw({ x: 3 })))).toEqual({ name: 'TypeError', message: "scale() got multiple values for keyword argument 'x'" });
  });

  it('C int parameters: range checks, bigint and non-integral input', async () => {
    const id8 = fn('id8', T.uchar, (b) => [ret(b.param('x', T.uchar))]);
    const id32 = fn('id32', T.int, (b) => [ret(b.param('x', T.int))]);
    const id64 = fn('id64', T.longlong, (b) => [ret(b.param('x', T.longlong))]);
    const m = await load(module([id8, id32, id64]));
    expect(m.id8(255)).toBe(255);
    expect(thrown(() => m.id8(256)).name).toBe('OverflowError');
    expect(thrown(() => m.id8(-1)).name).toBe('OverflowError');
    expect(Object.is(m.id32(-0), 0)).toBe(true);
    expect(thrown(() => m.id32(2 ** 31)).name).toBe('OverflowError');
    expect(thrown(() => m.id32('1')).name).toBe('TypeError');
    expect(m.id64(2 ** 53 - 1)).toBe(2 ** 53 - 1);
    expect(m.id64(2n ** 62n)).toBe(2n ** 62n);
    expect(m.id64(-(2n ** 40n))).toBe(-(2 ** 40));
    expect(thrown(() => m.id64(2n ** 63n)).name).toBe('OverflowError');
  });

  it('C int parameters accept small bigints (conformance: "C integer parameters must accept both number and bigint")', async () => {
    // waits on the runtime: conv.toInt(5n, 'i32') must give 5
    const id32 = fn('id32', T.int, (b) => [ret(b.param('x', T.int))]);
    const m = await load(module([id32]));
    expect(m.id32(-5n)).toBe(-5);
  });

  it('64-bit results beyond 2^53 come back exact (conv.i64ToJS)', async () => {
    const id64 = fn('id64', T.longlong, (b) => [ret(bin('add', b.param('x', T.longlong), c(1n, T.longlong)))]);
    const m = await load(module([id64]));
    expect(m.id64(2n ** 60n)).toBe(2n ** 60n + 1n);
    expect(m.id64(2 ** 53 - 1)).toBe(2n ** 53n);
  });

  it('float and bint parameters and results', async () => {
    const half = fn('half', T.float, (b) => [ret(b.param('x', T.float))]);
    const flip = fn('flip', T.bool, (b) => [ret({ kind: 'not', a: b.param('x', T.bool), type: T.bool })]);
    const isPos = fn('is_pos', T.bool, (b) => [ret(cmp('gt', b.param('x', T.double), f64(0)))]);
    const m = await load(module([half, flip, isPos]));
    expect(m.half(0.1)).toBe(Math.fround(0.1));
    expect(m.half(3)).toBe(3);
    expect(m.flip(true)).toBe(false);
    expect(m.flip(0)).toBe(true);
    expect(m.is_pos(2)).toBe(true);
    expect(m.is_pos(5n)).toBe(true);
  });

  it('fast and slow paths give the same results', async () => {
    const f = fn('f', T.double, (b) => {
      const a = b.param('a', T.int);
      const x = b.param('x', T.double);
      const v = b.param('v', T.memview(T.double, 1));
      return [ret(bin('add', bin('mul', cast(a, T.double), x), { kind: 'mvLoad', view: v, offset: c(0n, T.ssize), type: T.double }))];
    });
    const m = await load(module([f]));
    const v = new Float64Array([0.5]);
    expect(m.f(2, 1.5, v)).toBe(3.5);
    expect(m.f(2.0, 1, v)).toBe(2.5);
    expect(m.f(true, 1.5, v)).toBe(2); // bool → slow path (Python bool is an int)
    expect(m.f(2, 1.5, kw({ v }))).toBe(3.5);
    expect(m.f(2, 1.5, { data: v, shape: [1] })).toBe(3.5);
    expect(thrown(() => m.f(2, 1.5, new Float32Array(1))).name).toBe('ValueError');
  });

  it('a mutable default is evaluated once and shared', async () => {
    // def f(x=[]): x.append(1); return len(x)
    const f = fn('f', T.ssize, (b) => {
      const x = b.param('x', T.object, { default: py('list_new', []) });
      return [
        { kind: 'expr', value: py('callmethod', [x, str('append'), c(1), c(null, T.object)]) },
        ret(py('len', [x], T.ssize)),
      ];
    });
    const m = await load(module([f]));
    expect(m.f()).toBe(1);
    expect(m.f()).toBe(2);
    expect(m.f([7])).toBe(2);
    expect(m.f()).toBe(3);
  });

  it('object parameters: a trailing kwargs object is never taken positionally', async () => {
    const f = fn('f', T.object, (b) => [ret(b.param('x', T.object, { default: c('dflt', T.py('str')) }))]);
    const m = await load(module([f]));
    expect(m.f('given')).toBe('given');
    expect(m.f(kw({ x: 'kw' }))).toBe('kw');
    expect(m.f(kw({}))).toBe('dflt');
  });
});

describe('module values and introspection', () => {
  it('exported values, __cypyx__, reserved export names', async () => {
    const f = fn('f', T.int, () => [ret(c(1))]);
    const del = fn('delete', T.int, () => [ret(c(2))]);
    const m = await load(
      module([f, del], { exportedValues: [{ name: 'Color', value: { RED: 0, GREEN: 1, BLUE: 5 } }] }),
    );
    expect(m.Color).toEqual({ RED: 0, GREEN: 1, BLUE: 5 });
    expect(Object.isFrozen(m.Color)).toBe(true);
    expect(m.delete()).toBe(2);
    expect(m.__cypyx__.file).toBe('/tmp/testmod.pyx');
    expect(m.__cypyx__.functions).toEqual([
      { name: 'f', pyName: 'f', tier: 'generic', runsAs: 'js', genericReason: null },
      { name: 'delete', pyName: 'delete', tier: 'generic', runsAs: 'js', genericReason: null },
    ]);
  });

  it('source names that are JS reserved words or collide still work', async () => {
    const f = fn('f', T.int, (b) => {
      const a = b.param('new', T.int);
      const x = b.param('this', T.int);
      const l1 = b.local('arguments', T.int);
      const l2 = b.local('$tmp', T.int);
      const l3 = b.local('$tmp', T.int);
      return [
        { kind: 'set', id: (l1 as { id: number }).id, value: bin('add', a, x) },
        { kind: 'set', id: (l2 as { id: number }).id, value: c(1) },
        { kind: 'set', id: (l3 as { id: number }).id, value: c(2) },
        ret(bin('add', l1, bin('add', l2, bin('mul', l3, c(10))))),
      ];
    });
    const m = await load(module([f]));
    expect(m.f(1, 2)).toBe(24);
    expect(m.f(kw({ new: 1, this: 2 }))).toBe(24);
  });

  it('the glue is plain ESM text with the runtime import first', () => {
    const text = glueText(module([fn('f', T.int, () => [ret(c(1))])]));
    expect(text.split('\n')[1]).toMatch(/^import \* as \$rt from "file:/);
    expect(text).toContain('export function f(');
  });
});
