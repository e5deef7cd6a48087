// C scalar semantics of the JS back end: wrapping, division, shifts, casts, float32, math.
import { describe, expect, it } from 'vitest';
import type { IntBinOp } from '../../src/compile/ir/ir.js';
import type { IntType, Type } from '../../src/compile/ir/types.js';
import {
  T, bin, bitnot, c, cast, check, cmp, cond, constMsg, and, f32, fn, letIn, load, math, module, neg, one, ret, thrown,
} from './harness.js';

const INT_TYPES: [string, IntType][] = [
  ['i8', T.schar], ['u8', T.uchar], ['i16', T.short], ['u16', T.ushort],
  ['i32', T.int], ['u32', T.uint], ['i64', T.longlong], ['u64', T.ulonglong],
];
const OPS: IntBinOp[] = ['add', 'sub', 'mul', 'div', 'rem', 'and', 'or', 'xor', 'shl', 'shr'];

function wrap(t: IntType, v: bigint): bigint {
  return t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v);
}
function ref(t: IntType, op: IntBinOp, a: bigint, b: bigint): bigint {
  const n = BigInt(t.bits);
  switch (op) {
    case 'add': return wrap(t, a + b);
    case 'sub': return wrap(t, a - b);
    case 'mul': return wrap(t, a * b);
    case 'div': return wrap(t, a / b);
    case 'rem': return wrap(t, a % b);
    case 'and': return wrap(t, a & b);
    case 'or': return wrap(t, a | b);
    case 'xor': return wrap(t, a ^ b);
    case 'shl': return wrap(t, a << BigInt.asUintN(t.bits, b) % n);
    case 'shr': return wrap(t, a >> BigInt.asUintN(t.bits, b) % n);
  }
}
function samples(t: IntType): bigint[] {
  const min = t.signed ? -(2n ** BigInt(t.bits - 1)) : 0n;
  const max = t.signed ? 2n ** BigInt(t.bits - 1) - 1n : 2n ** BigInt(t.bits) - 1n;
  const xs = [min, min + 1n, max, max - 1n, 0n, 1n, 2n, 3n, 7n, 13n, 100n, max / 3n, -1n, -7n, -100n, min / 3n];
  if (t.bits === 64) xs.push(2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) + 1n, 2n ** 53n + 12345n, -(2n ** 60n) + 3n);
  return [...new Set(xs.map((x) => wrap(t, x)))];
}
/** JS argument for an int value: number when safe (the boundary also takes bigint). */
const arg = (v: bigint) => (v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v);

describe('integer arithmetic wraps at the type width (all ops × all widths, against BigInt)', () => {
  for (const [tn, t] of INT_TYPES) {
    it(tn, async () => {
      // one function per op: op_check(a, b, expected) -> bint, so that 64-bit results need no boundary conversion
      const fns = OPS.map((op) =>
        fn(`${op}_${tn}`, T.bool, (f) => {
          const a = f.param('a', t);
          const b = f.param('b', t);
          const e = f.param('e', t);
          return [ret(cmp('eq', bin(op, a, b), e))];
        }),
      );
      const raw = OPS.map((op) =>
        fn(`${op}_${tn}_raw`, t.bits === 64 ? T.double : t, (f) => {
          const a = f.param('a', t);
          const b = f.param('b', t);
          return [ret(t.bits === 64 ? cast(bin(op, a, b), T.double) : bin(op, a, b))];
        }),
      );
      const m = await load(module([...fns, ...raw]));
      const xs = samples(t);
      let n = 0;
      for (const op of OPS) {
        for (const a of xs) {
          for (const b of xs) {
            if ((op === 'div' || op === 'rem') && b === 0n) continue;
            const e = ref(t, op, a, b);
            const ok = m[`${op}_${tn}`](arg(a), arg(b), arg(e));
            if (ok !== true) {
              const got = m[`${op}_${tn}_raw`](arg(a), arg(b));
              expect.fail(`${tn} ${op}(${a}, ${b}) = ${got}, expected ${e}`);
            }
            if (t.bits < 64) expect(m[`${op}_${tn}_raw`](arg(a), arg(b))).toBe(Number(e));
            n++;
          }
        }
      }
      expect(n).toBeGreaterThan(1000);
    });
  }

  it('neg and bitnot wrap', async () => {
    const mk = (name: string, t: Type, op: 'neg' | 'bitnot') =>
      fn(name, t, (f) => [ret(op === 'neg' ? neg(f.param('a', t)) : bitnot(f.param('a', t)))]);
    const m = await load(
      module([
        mk('neg_i32', T.int, 'neg'), mk('neg_u8', T.uchar, 'neg'), mk('neg_i8', T.schar, 'neg'), mk('neg_u32', T.uint, 'neg'),
        mk('not_u32', T.uint, 'bitnot'), mk('not_u16', T.ushort, 'bitnot'), mk('not_i8', T.schar, 'bitnot'),
        mk('neg_i64', T.longlong, 'neg'), mk('not_i64', T.longlong, 'bitnot'), mk('neg_f', T.double, 'neg'),
      ]),
    );
    expect(m.neg_i32(-2147483648)).toBe(-2147483648);
    expect(m.neg_i32(5)).toBe(-5);
    expect(Object.is(m.neg_i32(0), 0)).toBe(true);
    expect(m.neg_u8(1)).toBe(255);
    expect(m.neg_i8(-128)).toBe(-128);
    expect(m.neg_u32(1)).toBe(4294967295);
    expect(m.not_u32(0)).toBe(4294967295);
    expect(m.not_u16(1)).toBe(65534);
    expect(m.not_i8(127)).toBe(-128);
    expect(m.neg_i64(7)).toBe(-7);
    expect(Object.is(m.neg_i64(0), 0)).toBe(true);
    expect(m.not_i64(-1)).toBe(0);
    expect(Object.is(m.neg_f(0), -0)).toBe(true);
  });

  it('64-bit ± constant (inline fast path) is exact at the safe-integer edges', async () => {
    const mk = (name: string, t: IntType, op: 'add' | 'sub', k: bigint, constFirst = false) =>
      fn(name, T.bool, (f) => {
        const x = f.param('x', t);
        const e = f.param('e', t);
        return [ret(cmp('eq', constFirst ? bin(op, c(k, t), x) : bin(op, x, c(k, t)), e))];
      });
    const m = await load(
      module([
        mk('inc', T.longlong, 'add', 1n), mk('dec', T.longlong, 'sub', 1n), mk('add_m5', T.longlong, 'add', -5n),
        mk('k_plus', T.longlong, 'add', 3n, true), mk('uinc', T.ulonglong, 'add', 1n), mk('udec', T.ulonglong, 'sub', 1n),
      ]),
    );
    const M = 2n ** 53n - 1n;
    for (const [f, x, e] of [
      ['inc', M - 1n, M], ['inc', M, M + 1n], ['inc', 2n ** 63n - 1n, -(2n ** 63n)], ['inc', -M, -M + 1n], ['inc', -M - 1n, -M],
      ['dec', -M + 1n, -M], ['dec', -M, -M - 1n], ['dec', -(2n ** 63n), 2n ** 63n - 1n], ['dec', M + 1n, M],
      ['add_m5', -M + 4n, -M - 1n], ['add_m5', 3n, -2n], ['k_plus', M - 2n, M + 1n],
      ['uinc', M, M + 1n], ['uinc', 2n ** 64n - 1n, 0n], ['udec', 0n, 2n ** 64n - 1n], ['udec', M + 1n, M],
    ] as const) {
      expect(m[f](arg(x), arg(e)), `${f}(${x})`).toBe(true);
    }
  });

  it('integer results never produce -0', async () => {
    const f = fn('f', T.double, (b) => {
      const x = b.param('x', T.int);
      const y = b.param('y', T.int);
      return [ret(cast(bin('rem', x, y), T.double))];
    });
    const g = fn('g', T.double, (b) => {
      const x = b.param('x', T.longlong);
      const y = b.param('y', T.longlong);
      return [ret(cast(bin('mul', x, y), T.double))];
    });
    const m = await load(module([f, g]));
    expect(Object.is(m.f(-4, 2), 0)).toBe(true);
    expect(Object.is(m.g(-4, 0), 0)).toBe(true);
  });
});

describe('C division vs Python floor division (IR sequences)', () => {
  // Python a // b on C ints, as the lowering writes it:
  //   check(b != 0, ZeroDivisionError) ; q = a / b ; r = a % b ; (r != 0 && (r ^ b) < 0) ? q - 1 : q
  const floordiv = (t: IntType) =>
    fn(`floordiv_${t.bits}`, t, (f) => {
      const a = f.param('a', t);
      const b = f.param('b', t);
      const q = f.local('$q', t);
      const r = f.local('$r', t);
      const qid = (q as { id: number }).id;
      const rid = (r as { id: number }).id;
      const zero = c(0, t);
      const body = letIn(
        qid,
        bin('div', a, b),
        letIn(rid, bin('rem', a, b), cond(and(cmp('ne', r, zero), cmp('lt', bin('xor', r, b), zero)), bin('sub', q, c(1, t)), q)),
      );
      return [ret(check(cmp('ne', b, zero), 'ZeroDivisionError', constMsg('integer division or modulo by zero'), body))];
    });
  const cdiv = fn('cdiv', T.int, (f) => [ret(bin('div', f.param('a', T.int), f.param('b', T.int)))]);
  const crem = fn('crem', T.int, (f) => [ret(bin('rem', f.param('a', T.int), f.param('b', T.int)))]);

  it('int and long long', async () => {
    const m = await load(module([floordiv(T.int), floordiv(T.longlong), cdiv, crem]));
    const cases: [number, number, number, number, number][] = [
      // a, b, a // b, C a / b, C a % b
      [7, 2, 3, 3, 1], [-7, 2, -4, -3, -1], [7, -2, -4, -3, 1], [-7, -2, 3, 3, -1],
      [6, 3, 2, 2, 0], [-6, 3, -2, -2, 0], [0, 5, 0, 0, 0], [1, 7, 0, 0, 1], [-1, 7, -1, 0, -1],
    ];
    for (const [a, b, fl, cd, cr] of cases) {
      expect(m.floordiv_32(a, b)).toBe(fl);
      expect(m.floordiv_64(a, b)).toBe(fl);
      expect(m.cdiv(a, b)).toBe(cd);
      expect(m.crem(a, b)).toBe(cr);
    }
    expect(m.floordiv_64(-(2n ** 62n) - 1n > 0n ? 0 : -9007199254740991, 2)).toBe(-4503599627370496);
    const e = thrown(() => m.floordiv_32(1, 0));
    expect(e).toEqual({ name: 'ZeroDivisionError', message: 'integer division or modulo by zero' });
    expect(thrown(() => m.floordiv_64(1, 0)).name).toBe('ZeroDivisionError');
  });
});

describe('casts', () => {
  const castFn = (name: string, from: Type, to: Type) => fn(name, to, (f) => [ret(cast(f.param('x', from), to))]);

  it('int → int truncates or extends per source signedness', async () => {
    const m = await load(
      module([
        castFn('i32_u8', T.int, T.uchar), castFn('i32_i8', T.int, T.schar), castFn('i32_i16', T.int, T.short),
        castFn('u32_i32', T.uint, T.int), castFn('i32_u32', T.int, T.uint), castFn('i8_u16', T.schar, T.ushort),
        castFn('i64_i32', T.longlong, T.int), castFn('i64_u8', T.longlong, T.uchar), castFn('u64_i32', T.ulonglong, T.int),
        fn('i32_u64_is', T.bool, (f) => [ret(cmp('eq', cast(f.param('x', T.int), T.ulonglong), f.param('e', T.ulonglong)))]),
        fn('u64_i64_is', T.bool, (f) => [ret(cmp('eq', cast(f.param('x', T.ulonglong), T.longlong), f.param('e', T.longlong)))]),
      ]),
    );
    expect(m.i32_u8(300)).toBe(44);
    expect(m.i32_u8(-1)).toBe(255);
    expect(m.i32_i8(200)).toBe(-56);
    expect(m.i32_i16(40000)).toBe(-25536);
    expect(m.u32_i32(4294967295)).toBe(-1);
    expect(m.i32_u32(-2)).toBe(4294967294);
    expect(m.i8_u16(-1)).toBe(65535);
    expect(m.i64_i32(2 ** 40 + 5)).toBe(5);
    expect(m.i64_i32(-(2n ** 62n) - 3n)).toBe(-3);
    expect(m.i64_i32(2 ** 31)).toBe(-2147483648);
    expect(m.i64_u8(-1)).toBe(255);
    expect(m.u64_i32(2n ** 64n - 1n)).toBe(-1);
    expect(m.i32_u64_is(-1, 2n ** 64n - 1n)).toBe(true);
    expect(m.i32_u64_is(5, 5)).toBe(true);
    expect(m.u64_i64_is(2n ** 64n - 1n, -1)).toBe(true);
    expect(m.u64_i64_is(2n ** 63n, -(2n ** 63n))).toBe(true);
  });

  it('float → int truncates toward zero and saturates (NaN → 0)', async () => {
    const m = await load(
      module([
        castFn('d_i32', T.double, T.int), castFn('d_u8', T.double, T.uchar), castFn('d_i8', T.double, T.schar),
        castFn('d_u32', T.double, T.uint),
        fn('d_i64_is', T.bool, (f) => [ret(cmp('eq', cast(f.param('x', T.double), T.longlong), f.param('e', T.longlong)))]),
        fn('d_u64_is', T.bool, (f) => [ret(cmp('eq', cast(f.param('x', T.double), T.ulonglong), f.param('e', T.ulonglong)))]),
      ]),
    );
    expect(m.d_i32(-3.7)).toBe(-3);
    expect(m.d_i32(3.99)).toBe(3);
    expect(Object.is(m.d_i32(-0.5), 0)).toBe(true);
    expect(m.d_i32(NaN)).toBe(0);
    expect(m.d_i32(1e20)).toBe(2147483647);
    expect(m.d_i32(-1e20)).toBe(-2147483648);
    expect(m.d_i32(Infinity)).toBe(2147483647);
    expect(m.d_u8(300.5)).toBe(255);
    expect(m.d_u8(-5)).toBe(0);
    expect(m.d_i8(-200)).toBe(-128);
    expect(m.d_u32(4294967295.9)).toBe(4294967295);
    expect(m.d_u32(-1)).toBe(0);
    expect(m.d_i64_is(1e19, 2n ** 63n - 1n)).toBe(true);
    expect(m.d_i64_is(-1e19, -(2n ** 63n))).toBe(true);
    expect(m.d_i64_is(NaN, 0)).toBe(true);
    expect(m.d_i64_is(-2.5, -2)).toBe(true);
    expect(m.d_i64_is(2 ** 60, 2n ** 60n)).toBe(true);
    expect(m.d_u64_is(1e20, 2n ** 64n - 1n)).toBe(true);
    expect(m.d_u64_is(-3, 0)).toBe(true);
    expect(m.d_u64_is(2 ** 63, 2n ** 63n)).toBe(true);
  });

  it('int → float rounds to nearest (float32 without double rounding)', async () => {
    const m = await load(
      module([
        castFn('i32_f', T.int, T.float), castFn('i64_d', T.longlong, T.double), castFn('i64_f', T.longlong, T.float),
        castFn('u64_d', T.ulonglong, T.double), castFn('b_i', T.bool, T.int), castFn('i_b', T.int, T.bool),
        castFn('d_b', T.double, T.bool), castFn('d_f', T.double, T.float), castFn('i64_b', T.longlong, T.bool),
      ]),
    );
    expect(m.i32_f(16777217)).toBe(16777216);
    expect(m.i64_d(2n ** 60n + 1n)).toBe(2 ** 60);
    // 2^60 + 2^36 + 1: direct rounding to float32 gives 2^60 + 2^37; via double it would tie to 2^60
    expect(m.i64_f(2n ** 60n + 2n ** 36n + 1n)).toBe(2 ** 60 + 2 ** 37);
    expect(m.i64_f(-(2n ** 60n + 2n ** 36n + 1n))).toBe(-(2 ** 60 + 2 ** 37));
    expect(m.i64_f(2n ** 60n + 2n ** 36n)).toBe(2 ** 60);
    expect(m.u64_d(2n ** 64n - 1n)).toBe(2 ** 64);
    expect(m.b_i(true)).toBe(1);
    expect(m.i_b(-3)).toBe(true);
    expect(m.i_b(0)).toBe(false);
    expect(m.d_b(NaN)).toBe(true);
    expect(m.d_b(-0)).toBe(false);
    expect(m.d_f(0.1)).toBe(Math.fround(0.1));
    expect(m.i64_b(2n ** 62n)).toBe(true);
  });
});

describe('float32', () => {
  it('rounds after every operation', async () => {
    // s = 0f; loop 10×: s = s + 0.1f ; return s
    const f = fn('acc', T.float, (b) => {
      const x = b.param('x', T.float);
      const y = b.param('y', T.float);
      return [ret(bin('mul', bin('add', x, y), bin('sub', x, y)))];
    });
    const g = fn('div3', T.float, (b) => [ret(bin('div', b.param('x', T.float), f32(3)))]);
    const m = await load(module([f, g]));
    const fr = Math.fround;
    expect(m.acc(0.1, 0.2)).toBe(fr(fr(fr(0.1) + fr(0.2)) * fr(fr(0.1) - fr(0.2))));
    expect(m.div3(1)).toBe(fr(1 / 3));
    expect(m.div3(1)).not.toBe(1 / 3);
    // argument conversion rounds too
    expect(m.div3(0.1)).toBe(fr(fr(0.1) / 3));
  });

  it('float32 constants and math are rounded', async () => {
    const m = await load(
      module([
        fn('k', T.float, () => [ret(f32(0.1))]),
        fn('sq', T.float, (b) => [ret(math('sqrt', [b.param('x', T.float)], T.float))]),
        fn('pw', T.float, (b) => [ret(math('pow', [b.param('x', T.float), b.param('y', T.float)], T.float))]),
      ]),
    );
    expect(m.k()).toBe(Math.fround(0.1));
    expect(m.sq(2)).toBe(Math.fround(Math.SQRT2));
    expect(m.pw(1.1, 2.2)).toBe(Math.fround(Math.pow(Math.fround(1.1), Math.fround(2.2))));
  });
});

describe('comparisons', () => {
  it('follow operand types (unsigned, 64-bit mixed number/bigint, NaN)', async () => {
    const m = await load(
      module([
        fn('lt_u32', T.bool, (b) => [ret(cmp('lt', b.param('a', T.uint), b.param('b', T.uint)))]),
        fn('eq_i64', T.bool, (b) => [ret(cmp('eq', b.param('a', T.longlong), b.param('b', T.longlong)))]),
        fn('lt_i64', T.bool, (b) => [ret(cmp('lt', b.param('a', T.longlong), b.param('b', T.longlong)))]),
        fn('ne_d', T.bool, (b) => [ret(cmp('ne', b.param('a', T.double), b.param('b', T.double)))]),
        fn('le_d', T.bool, (b) => [ret(cmp('le', b.param('a', T.double), b.param('b', T.double)))]),
      ]),
    );
    expect(m.lt_u32(1, 4294967295)).toBe(true);
    expect(m.eq_i64(2n ** 62n, 2n ** 62n)).toBe(true);
    expect(m.lt_i64(5, 2n ** 62n)).toBe(true);
    expect(m.lt_i64(-(2n ** 62n), -5)).toBe(true);
    expect(m.ne_d(NaN, NaN)).toBe(true);
    expect(m.le_d(NaN, 1)).toBe(false);
  });
});

describe('libc.math', () => {
  it('matches C where Math.* differs', async () => {
    const d = T.double;
    const m1 = (name: string, f: Parameters<typeof math>[0]) => fn(name, d, (b) => [ret(math(f, [b.param('x', d)]))]);
    const m2 = (name: string, f: Parameters<typeof math>[0]) =>
      fn(name, d, (b) => [ret(math(f, [b.param('x', d), b.param('y', d)]))]);
    const m = await load(
      module([
        m2('pow', 'pow'), m1('round', 'round'), m1('rint', 'rint'), m2('fmod', 'fmod'), m2('copysign', 'copysign'),
        m2('fmin', 'fmin'), m2('fmax', 'fmax'), m2('fdim', 'fdim'), m2('remainder', 'remainder'), m1('sqrt', 'sqrt'),
        m2('hypot', 'hypot'), m1('exp2', 'exp2'), m1('cbrt', 'cbrt'), m1('fabs', 'fabs'), m1('trunc', 'trunc'),
        fn('ldexp', d, (b) => [ret(math('ldexp', [b.param('x', d), b.param('n', T.int)]))]),
        fn('fma', d, (b) => [ret(math('fma', [b.param('x', d), b.param('y', d), b.param('z', d)]))]),
        fn('isnan', T.bool, (b) => [ret(math('isnan', [b.param('x', d)], T.bool as never))]),
        fn('isinf', T.int, (b) => [ret(math('isinf', [b.param('x', d)], T.int))]),
        fn('signbit', T.bool, (b) => [ret(math('signbit', [b.param('x', d)], T.bool as never))]),
      ]),
    );
    expect(m.pow(1, NaN)).toBe(1);
    expect(m.pow(-1, Infinity)).toBe(1);
    expect(m.pow(NaN, 0)).toBe(1);
    expect(m.pow(2, 10)).toBe(1024);
    expect(m.round(2.5)).toBe(3);
    expect(m.round(-2.5)).toBe(-3);
    expect(m.round(0.49999999999999994)).toBe(0);
    expect(Object.is(m.round(-0.2), -0)).toBe(true);
    expect(m.rint(2.5)).toBe(2);
    expect(m.rint(3.5)).toBe(4);
    expect(m.rint(-2.5)).toBe(-2);
    expect(m.rint(-3.5)).toBe(-4);
    expect(m.rint(2.4)).toBe(2);
    expect(m.fmod(-7, 2)).toBe(-1);
    expect(m.fmod(7.5, 2)).toBe(1.5);
    expect(m.copysign(3, -0)).toBe(-3);
    expect(m.copysign(-3, 0)).toBe(3);
    expect(m.fmin(NaN, 1)).toBe(1);
    expect(m.fmax(2, NaN)).toBe(2);
    expect(m.fdim(5, 3)).toBe(2);
    expect(m.fdim(3, 5)).toBe(0);
    expect(m.remainder(5, 2)).toBe(1);
    expect(m.remainder(7, 2)).toBe(-1);
    expect(m.remainder(-7, 2)).toBe(1);
    expect(m.remainder(5.5, 2)).toBe(-0.5);
    expect(m.sqrt(2)).toBe(Math.SQRT2);
    expect(m.hypot(3, 4)).toBe(5);
    expect(m.exp2(10)).toBe(1024);
    expect(m.cbrt(27)).toBe(3);
    expect(m.fabs(-0)).toBe(0);
    expect(m.trunc(-2.7)).toBe(-2);
    expect(m.ldexp(1, -1074)).toBe(5e-324);
    expect(m.ldexp(1, 1024)).toBe(Infinity);
    expect(m.ldexp(0.75, 4)).toBe(12);
    expect(m.ldexp(1.5, -1074)).toBe(1e-323);
    expect(m.fma(2, 3, 4)).toBe(10);
    // fma keeps the exact product: (1 + 2^-30)^2 - (1 + 2^-29) = 2^-60
    expect(m.fma(1 + 2 ** -30, 1 + 2 ** -30, -(1 + 2 ** -29))).toBe(2 ** -60);
    expect(m.isnan(NaN)).toBe(true);
    expect(m.isinf(-Infinity)).toBe(1);
    expect(m.isinf(1)).toBe(0);
    expect(m.signbit(-0)).toBe(true);
  });

  it('one-argument functions map to Math', async () => {
    const m = await one(fn('s', T.double, (b) => [ret(math('sin', [b.param('x', T.double)]))]));
    expect(m(1)).toBe(Math.sin(1));
  });
});
