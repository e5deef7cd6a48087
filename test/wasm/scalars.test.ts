// Scalar semantics of the wasm back end: wrapping, C division, float32 rounding,
// saturating casts, shifts, math, control flow.
import { describe, expect, it, beforeAll } from 'vitest';
import type { Expr, Stmt } from '../../src/compile/ir/ir.js';
import type { ScalarType } from '../../src/compile/ir/types.js';
import {
  Fn, T, add, bin, brk, build, c, call, cast, cmp, cond, cont, f, forRange, glob, i64, iff, math, module, neg, not, ret, set, setGlobal,
  type Built,
} from './helpers.js';

type Op = Extract<Expr, { kind: 'bin' }>['op'];
/** A function `name(a: t, b: t) -> t` returning a op b. */
function binFn(name: string, op: Op, t: ScalarType): Fn {
  const fn = new Fn(name, t);
  const a = fn.param('a', t);
  const b = fn.param('b', t);
  fn.body = [ret(bin(op, a, b))];
  return fn;
}
function castFn(name: string, from: ScalarType, to: ScalarType): Fn {
  const fn = new Fn(name, to);
  fn.body = [ret(cast(fn.param('x', from), to))];
  return fn;
}
function mathFn(name: string, fnName: Extract<Expr, { kind: 'math' }>['fn'], arity: number, t: ScalarType = T.double, rt: ScalarType = t): Fn {
  const fn = new Fn(name, rt);
  const args = Array.from({ length: arity }, (_, k) => fn.param(`x${k}`, t));
  fn.body = [ret(math(fnName, args, rt))];
  return fn;
}

let B: Built;
let F: Built['fns'];

beforeAll(async () => {
  const fns: Fn[] = [
    binFn('add_i32', 'add', T.int),
    binFn('mul_i32', 'mul', T.int),
    binFn('sub_i32', 'sub', T.int),
    binFn('add_u8', 'add', T.uchar),
    binFn('sub_u8', 'sub', T.uchar),
    binFn('mul_u8', 'mul', T.uchar),
    binFn('add_i8', 'add', T.schar),
    binFn('mul_i16', 'mul', T.short),
    binFn('add_u32', 'add', T.uint),
    binFn('add_i64', 'add', T.longlong),
    binFn('mul_i64', 'mul', T.longlong),
    binFn('add_u64', 'add', T.ulonglong),
    binFn('div_i32', 'div', T.int),
    binFn('rem_i32', 'rem', T.int),
    binFn('div_u32', 'div', T.uint),
    binFn('rem_u32', 'rem', T.uint),
    binFn('div_i64', 'div', T.longlong),
    binFn('rem_i64', 'rem', T.longlong),
    binFn('div_i8', 'div', T.schar),
    binFn('add_f32', 'add', T.float),
    binFn('mul_f32', 'mul', T.float),
    binFn('div_f32', 'div', T.float),
    binFn('rem_f64', 'rem', T.double),
    binFn('rem_f32', 'rem', T.float),
    binFn('shl_i32', 'shl', T.int),
    binFn('shr_i32', 'shr', T.int),
    binFn('shr_u32', 'shr', T.uint),
    binFn('shl_i8', 'shl', T.schar),
    binFn('shr_i8', 'shr', T.schar),
    binFn('shl_u8', 'shl', T.uchar),
    binFn('shr_u16', 'shr', T.ushort),
    binFn('shl_i64', 'shl', T.longlong),
    binFn('shr_i64', 'shr', T.longlong),
    binFn('shr_u64', 'shr', T.ulonglong),
    castFn('d2i', T.double, T.int),
    castFn('d2u', T.double, T.uint),
    castFn('d2u8', T.double, T.uchar),
    castFn('d2i8', T.double, T.schar),
    castFn('d2i16', T.double, T.short),
    castFn('d2i64', T.double, T.longlong),
    castFn('d2u64', T.double, T.ulonglong),
    castFn('f2i', T.float, T.int),
    castFn('d2f', T.double, T.float),
    castFn('i2f', T.int, T.float),
    castFn('l2f', T.longlong, T.float),
    castFn('l2d', T.longlong, T.double),
    castFn('ul2d', T.ulonglong, T.double),
    castFn('u2d', T.uint, T.double),
    castFn('i2u8', T.int, T.uchar),
    castFn('i8_2u16', T.schar, T.ushort),
    castFn('u8_2i64', T.uchar, T.longlong),
    castFn('i32_2u64', T.int, T.ulonglong),
    castFn('l2i8', T.longlong, T.schar),
    castFn('d2b', T.double, T.bool),
    castFn('i2b', T.int, T.bool),
    castFn('b2d', T.bool, T.double),
    castFn('b2i', T.bool, T.int),
    mathFn('sqrt', 'sqrt', 1),
    mathFn('round', 'round', 1),
    mathFn('roundf', 'round', 1, T.float),
    mathFn('rint', 'rint', 1),
    mathFn('fmin', 'fmin', 2),
    mathFn('fmax', 'fmax', 2),
    mathFn('fdim', 'fdim', 2),
    mathFn('pow', 'pow', 2),
    mathFn('powf', 'pow', 2, T.float),
    mathFn('exp', 'exp', 1),
    mathFn('expf', 'exp', 1, T.float),
    mathFn('fmod', 'fmod', 2),
    mathFn('fma', 'fma', 3),
    mathFn('fmaf', 'fma', 3, T.float),
    mathFn('atan2', 'atan2', 2),
    mathFn('hypot', 'hypot', 2),
    mathFn('remainder', 'remainder', 2),
    mathFn('isnan', 'isnan', 1, T.double, T.bool),
    mathFn('isinf', 'isinf', 1, T.double, T.bool),
    mathFn('isfinite', 'isfinite', 1, T.double, T.bool),
    mathFn('signbit', 'signbit', 1, T.double, T.int),
    mathFn('copysign', 'copysign', 2),
    mathFn('erf', 'erf', 1),
    mathFn('tgamma', 'tgamma', 1),
    mathFn('lgamma', 'lgamma', 1),
    mathFn('cbrt', 'cbrt', 1),
  ];
  // ldexp(x: double, n: int)
  const ld = new Fn('ldexp', T.double);
  ld.body = [ret(math('ldexp', [ld.param('x', T.double), ld.param('n', T.int)]))];
  fns.push(ld);
  // neg / bitnot / not
  const ng = new Fn('neg_i8', T.schar);
  ng.body = [ret(neg(ng.param('x', T.schar)))];
  const bn = new Fn('bitnot_u8', T.uchar);
  bn.body = [ret({ kind: 'bitnot', type: T.uchar, a: bn.param('x', T.uchar) })];
  const nt = new Fn('not_b', T.bool);
  nt.body = [ret(not(nt.param('x', T.bool)))];
  const cmpU = new Fn('lt_u32', T.bool);
  cmpU.body = [ret(cmp('lt', cmpU.param('a', T.uint), cmpU.param('b', T.uint)))];
  const cmpNaN = new Fn('ne_nan', T.bool);
  const xn = cmpNaN.param('x', T.double);
  cmpNaN.body = [ret(cmp('ne', xn, xn))];
  fns.push(ng, bn, nt, cmpU, cmpNaN);
  B = await build(module(fns));
  F = B.fns;
});

describe('integers wrap at their width', () => {
  it('int32', () => {
    expect(F.add_i32(2147483647, 1)).toBe(-2147483648);
    expect(F.sub_i32(-2147483648, 1)).toBe(2147483647);
    expect(F.mul_i32(65536, 65537)).toBe(65536);
    expect(F.add_u32(4294967295, 2)).toBe(1);
    expect(F.add_u32(2147483647, 1)).toBe(2147483648);
  });
  it('uint8 / int8 / int16', () => {
    expect(F.add_u8(250, 10)).toBe(4);
    expect(F.sub_u8(3, 5)).toBe(254);
    expect(F.mul_u8(16, 17)).toBe(16);
    expect(F.add_i8(127, 1)).toBe(-128);
    expect(F.mul_i16(300, 300)).toBe((90000 << 16) >> 16);
    expect(F.neg_i8(-128)).toBe(-128);
    expect(F.bitnot_u8(5)).toBe(250);
    expect(F.i2u8(-1)).toBe(255);
    expect(F.i2u8(257)).toBe(1);
    expect(F.i8_2u16(-1)).toBe(65535);
    expect(F.l2i8(200n)).toBe(-56);
    expect(F.l2i8(-129)).toBe(127);
  });
  it('int64 (numbers when safe, bigints otherwise)', () => {
    expect(F.add_i64(1, 2)).toBe(3);
    expect(F.add_i64(9223372036854775807n, 1)).toBe(-9223372036854775808n);
    expect(F.add_i64(2 ** 53 - 1, 1)).toBe(2 ** 53);
    expect(F.add_i64(2 ** 53, 1)).toBe(2n ** 53n + 1n);
    expect(F.add_i64(-(2 ** 53), -1)).toBe(-(2n ** 53n) - 1n);
    expect(F.mul_i64(4294967296, 4294967296)).toBe(0);
    expect(F.mul_i64(-3, 5)).toBe(-15);
    expect(F.add_u64(-1n, 1)).toBe(0);
    expect(F.add_u64(BigInt.asIntN(64, 2n ** 63n), 0)).toBe(2n ** 63n);
    expect(F.u8_2i64(255)).toBe(255);
    expect(F.i32_2u64(-1)).toBe(2n ** 64n - 1n);
  });
  it('comparisons use signedness', () => {
    expect(F.lt_u32(1, 4294967295)).toBe(true);
    expect(F.lt_u32(4294967295, 1)).toBe(false);
    expect(F.ne_nan(NaN)).toBe(true);
    expect(F.not_b(1)).toBe(false);
  });
});

describe('C division and remainder', () => {
  it('truncates toward zero', () => {
    expect(F.div_i32(-7, 2)).toBe(-3);
    expect(F.rem_i32(-7, 2)).toBe(-1);
    expect(F.rem_i32(7, -2)).toBe(1);
    expect(F.div_u32(4294967295, 2)).toBe(2147483647);
    expect(F.rem_u32(4294967295, 10)).toBe(5);
    expect(F.div_i64(-9007199254740993n, 2)).toBe(-4503599627370496);
    expect(F.rem_i64(-7, 3)).toBe(-1);
    expect(F.div_i8(-128, 2)).toBe(-64);
  });
  it('float rem is fmod', () => {
    expect(F.rem_f64(-7.5, 2)).toBe(-1.5);
    expect(F.rem_f64(1e300, 3)).toBe(1e300 % 3);
    expect(F.rem_f32(5.5, 2)).toBe(1.5);
    expect(F.fmod(-0, 1)).toBe(-0);
  });
});

describe('float32 and conversions', () => {
  it('float32 ops round to float32', () => {
    const r = Math.fround;
    expect(F.add_f32(16777216, 1)).toBe(16777216);
    expect(F.add_f32(0.1, 0.2)).toBe(r(r(0.1) + r(0.2)));
    expect(F.mul_f32(1.1, 1.1)).toBe(r(r(1.1) * r(1.1)));
    expect(F.div_f32(1, 3)).toBe(r(1 / 3));
    expect(F.d2f(1e40)).toBe(Infinity);
    expect(F.i2f(16777217)).toBe(16777216);
    expect(F.l2f(2n ** 60n + 1n)).toBe(2 ** 60);
    expect(F.l2d(-(2n ** 62n) - 1n)).toBe(-(2 ** 62));
    expect(F.ul2d(-1n)).toBe(2 ** 64);
    expect(F.u2d(4294967295)).toBe(4294967295);
  });
  it('float → int saturates, NaN → 0', () => {
    expect(F.d2i(1e10)).toBe(2147483647);
    expect(F.d2i(-1e10)).toBe(-2147483648);
    expect(F.d2i(NaN)).toBe(0);
    expect(F.d2i(-2.9)).toBe(-2);
    expect(F.d2u(-5)).toBe(0);
    expect(F.d2u(5e9)).toBe(4294967295);
    expect(F.d2u8(300)).toBe(255);
    expect(F.d2u8(-5)).toBe(0);
    expect(F.d2u8(200.7)).toBe(200);
    expect(F.d2i8(200)).toBe(127);
    expect(F.d2i8(-200)).toBe(-128);
    expect(F.d2i16(-1e9)).toBe(-32768);
    expect(F.d2i64(1e30)).toBe(2n ** 63n - 1n);
    expect(F.d2i64(-Infinity)).toBe(-(2n ** 63n));
    expect(F.d2i64(2 ** 60)).toBe(2n ** 60n);
    expect(F.d2u64(-1)).toBe(0);
    expect(F.d2u64(Infinity)).toBe(2n ** 64n - 1n);
    expect(F.f2i(3e9)).toBe(2147483647);
  });
  it('bool conversions', () => {
    expect(F.d2b(NaN)).toBe(true);
    expect(F.d2b(-0)).toBe(false);
    expect(F.i2b(-7)).toBe(true);
    expect(F.b2d(1)).toBe(1);
    expect(F.b2i(1)).toBe(1);
  });
});

describe('shifts take the count modulo the width', () => {
  it('32 and 64 bits', () => {
    expect(F.shl_i32(1, 33)).toBe(2);
    expect(F.shr_i32(-8, 1)).toBe(-4);
    expect(F.shr_i32(-8, 33)).toBe(-4);
    expect(F.shr_u32(4294967288, 1)).toBe(2147483644);
    expect(F.shl_i64(1, 65)).toBe(2);
    expect(F.shl_i64(1, 63)).toBe(-(2n ** 63n));
    expect(F.shr_i64(-(2n ** 63n), 62)).toBe(-2);
    expect(F.shr_u64(-1n, 60)).toBe(15);
  });
  it('narrow types', () => {
    expect(F.shl_i8(1, 9)).toBe(2);
    expect(F.shl_i8(1, 7)).toBe(-128);
    expect(F.shr_i8(-128, 7)).toBe(-1);
    expect(F.shr_i8(-128, 8)).toBe(-128);
    expect(F.shl_u8(255, 4)).toBe(240);
    expect(F.shr_u16(65535, 17)).toBe(32767);
  });
});

describe('libc.math', () => {
  it('in wasm', () => {
    expect(F.sqrt(2)).toBe(Math.SQRT2);
    expect(F.round(2.5)).toBe(3);
    expect(F.round(-2.5)).toBe(-3);
    expect(F.round(0.49999999999999994)).toBe(0);
    expect(Object.is(F.round(-0.4), -0)).toBe(true);
    expect(F.roundf(1.5)).toBe(2);
    expect(F.rint(2.5)).toBe(2);
    expect(F.rint(3.5)).toBe(4);
    expect(F.fmin(NaN, 1)).toBe(1);
    expect(F.fmin(1, NaN)).toBe(1);
    expect(F.fmax(-1, 3)).toBe(3);
    expect(F.fdim(5, 3)).toBe(2);
    expect(F.fdim(3, 5)).toBe(0);
    expect(F.fdim(NaN, 5)).toBeNaN();
    expect(F.isnan(NaN)).toBe(true);
    expect(F.isinf(-Infinity)).toBe(true);
    expect(F.isfinite(Infinity)).toBe(false);
    expect(F.signbit(-0)).toBe(1);
    expect(F.signbit(0)).toBe(0);
    expect(F.copysign(3, -0)).toBe(-3);
  });
  it('imported from JS, with C semantics', () => {
    expect(F.pow(1, NaN)).toBe(1);
    expect(F.pow(-1, Infinity)).toBe(1);
    expect(F.pow(2, 10)).toBe(1024);
    expect(F.powf(2, 0.5)).toBe(Math.fround(Math.SQRT2));
    expect(F.exp(1)).toBe(Math.E);
    expect(F.expf(1)).toBe(Math.fround(Math.E));
    expect(F.atan2(1, 1)).toBe(Math.PI / 4);
    expect(F.hypot(3, 4)).toBe(5);
    expect(F.cbrt(27)).toBe(3);
    expect(F.remainder(5, 3)).toBe(-1);
    expect(F.remainder(7, 2)).toBe(-1);
    expect(F.remainder(5, 2)).toBe(1);
    expect(F.ldexp(1, -1074)).toBe(5e-324);
    expect(F.ldexp(1, 1024)).toBe(Infinity);
    expect(F.ldexp(3, 4)).toBe(48);
    // fma is exact: 0.1 * 10 - 1 is not 0 with one rounding
    expect(F.fma(0.1, 10, -1)).toBe(5.551115123125783e-17);
    expect(F.fma(2, 3, 4)).toBe(10);
    expect(F.fmaf(0.1, 10, -1)).toBe(Math.fround(Math.fround(0.1) * 10 - 1));
    expect(F.erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(F.erf(3)).toBeCloseTo(0.9999779095030014, 15);
    expect(F.tgamma(5)).toBe(24);
    expect(F.tgamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 14);
    expect(F.lgamma(100)).toBeCloseTo(359.1342053695754, 10);
  });
});

describe('control flow', () => {
  it('loop with break, continue, update and a labeled block; cond/and/or', async () => {
    // s = 0; for i in range(n): if i == 7: break; if i % 2: continue; s += i
    // then block B: if s > 5: break B; s = -1 (skipped when s > 5)
    const fn = new Fn('loop', T.int);
    const n = fn.param('n', T.int);
    const i = fn.local('i', T.int);
    const s = fn.local('s', T.int);
    fn.body = [
      set(s, c(0)),
      ...forRange(i, c(0), n, (L) => [
        iff(cmp('eq', i, c(7)), [brk(L)]),
        iff(cast(bin('rem', i, c(2)), T.bool), [cont(L)]),
        set(s, add(s, i)),
      ]),
      { kind: 'block', label: 'B', body: [iff(cmp('gt', s, c(5)), [brk('B')]), set(s, c(-1))] } as Stmt,
      ret(cond(cmp('ge', s, c(0)), s, c(-100))),
    ];
    // short circuit: x > 0 and 10 / x > 2   (never divides by zero)
    const sc = new Fn('sc', T.bool);
    const x = sc.param('x', T.int);
    sc.body = [ret({ kind: 'and', type: T.bool, a: cmp('gt', x, c(0)), b: cmp('gt', bin('div', c(10), x), c(2)) })];
    const or = new Fn('or', T.bool);
    const y = or.param('y', T.int);
    or.body = [ret({ kind: 'or', type: T.bool, a: cmp('eq', y, c(0)), b: cmp('gt', bin('div', c(10), y), c(2)) })];
    const { fns } = await build(module([fn, sc, or]));
    expect(fns.loop(100)).toBe(0 + 2 + 4 + 6);
    expect(fns.loop(3)).toBe(-100); // s = 2 → not > 5 → s = -1 → cond → -100
    expect(fns.sc(0)).toBe(false);
    expect(fns.sc(3)).toBe(true);
    expect(fns.sc(5)).toBe(false);
    expect(fns.or(0)).toBe(true);
    expect(fns.or(4)).toBe(false);
  });

  it('calls, globals in the state block', async () => {
    const sq = new Fn('sq', T.double);
    const x = sq.param('x', T.double);
    sq.body = [ret(bin('mul', x, x))];
    const bump = new Fn('bump', T.longlong);
    const by = bump.param('by', T.longlong);
    bump.body = [
      setGlobal('counter', add(glob('counter', T.longlong), by)),
      setGlobal('last', call('sq', [cast(by, T.double)], T.double)),
      setGlobal('flag', cmp('gt', glob('counter', T.longlong), i64(10))),
      ret(glob('counter', T.longlong)),
    ];
    const mod = module([sq, bump], {
      globals: [
        { name: 'flag', type: T.bool },
        { name: 'counter', type: T.longlong },
        { name: 'last', type: T.double },
      ],
    });
    const { fns, inst, out } = await build(mod);
    expect(out.memory.stateOffset % 16).toBe(0);
    expect(out.memory.heapBase).toBeGreaterThanOrEqual(out.memory.stateOffset + mod.stateSize);
    const g = (n: string) => mod.globals.find((q) => q.name === n)!.offset;
    // the glue's module init writes initial values through the state views
    inst.state.i64[g('counter') / 8] = 5n;
    expect(fns.bump(2)).toBe(7);
    expect(inst.state.f64[g('last') / 8]).toBe(4);
    expect(inst.state.i32[g('flag') / 4]).toBe(0);
    expect(fns.bump(2 ** 40)).toBe(2 ** 40 + 7);
    expect(inst.state.i32[g('flag') / 4]).toBe(1);
    expect(inst.state.i64[g('counter') / 8]).toBe(2n ** 40n + 7n);
    expect(inst.state.f64[g('last') / 8]).toBe(2 ** 80);
  });
});

it('refuses Python-object operations', async () => {
  const fn = new Fn('obj', T.int);
  fn.body = [ret({ kind: 'py', op: 'add', args: [], type: T.int } as Expr)];
  await expect(build(module([fn]))).rejects.toThrow(/internal.*py/);
  void f;
});
