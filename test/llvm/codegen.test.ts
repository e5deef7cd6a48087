// IR → LLVM text → (addon) native code, called through the N-API wrappers.
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/compile/ir/ir.js';
import { emitLLVM } from '../../src/compile/llvm/index.js';
import {
  T, Fn, add, bin, run, build, c, call, cast, check, cmp, f, forRange, glob, iff, i64, load, math, mkModule, mul,
  not, ret, set, shape, store, stride,
} from './helpers.js';


/** One-function module: fn(params) { return body(params) }. */
function unary(name: string, params: [string, (typeof T)[keyof typeof T]][], retT: Fn['ret'], body: (...a: Expr[]) => Expr) {
  const fn = new Fn(name, retT);
  const ps = params.map(([n, t]) => fn.param(n, t as never));
  fn.body = [ret(body(...ps))];
  return fn;
}

describe('scalars', () => {
  run('add(double, double)', () => {
    const m = build(mkModule([unary('add', [['a', T.double], ['b', T.double]], T.double, (a, b) => add(a!, b!))]));
    expect(m.text).toMatch(/fadd double/);
    expect(m.text).not.toMatch(/fast/);
    expect(m.fns.add!(1.25, 2.25)).toBe(3.5);
    expect(Number.isNaN(m.fns.add!(NaN, 1))).toBe(true);
  });

  run('int32 loop sum wraps', () => {
    const fn = new Fn('isum', T.int);
    const n = fn.param('n', T.int);
    const i = fn.local('i', T.int);
    const s = fn.local('s', T.int);
    fn.body = [set(s, c(0)), ...forRange(i, c(0), n, () => [set(s, add(s, mul(i, i)))]), ret(s)];
    const m = build(mkModule([fn]));
    let ref = 0;
    for (let k = 0; k < 100000; k++) ref = (ref + Math.imul(k, k)) | 0;
    expect(m.fns.isum!(100000)).toBe(ref);
    expect(m.fns.isum!(0)).toBe(0);
  });

  run('int64 results: number up to 2^53, bigint beyond; bigint arguments', () => {
    const mulL = unary('mul64', [['a', T.long], ['b', T.long]], T.long, (a, b) => mul(a!, b!));
    const neg = unary('negu', [['a', T.ulonglong]], T.ulonglong, (a) => ({ kind: 'neg', type: T.ulonglong, a: a! }));
    const m = build(mkModule([mulL, neg]));
    expect(m.fns.mul64!(3, 4)).toBe(12);
    expect(m.fns.mul64!(2 ** 26, 2 ** 27)).toBe(2 ** 53);
    expect(m.fns.mul64!(-(2 ** 26), 2 ** 27)).toBe(-(2 ** 53));
    expect(m.fns.mul64!(2 ** 40, 2 ** 20)).toBe(2n ** 60n);
    expect(m.fns.mul64!(-(2 ** 40), 2 ** 20)).toBe(-(2n ** 60n));
    expect(m.fns.mul64!(2n ** 62n, 2)).toBe(-(2n ** 63n)); // wraps
    expect(m.fns.mul64!(BigInt.asIntN(64, 2n ** 63n + 5n), 1)).toBe(-(2n ** 63n) + 5n);
    expect(m.fns.negu!(1)).toBe(2n ** 64n - 1n);
    expect(m.fns.negu!(BigInt.asIntN(64, 2n ** 64n - 7n))).toBe(7);
  });

  run('small ints: int8 wraps, unsigned results', () => {
    const a8 = unary('a8', [['a', T.schar], ['b', T.schar]], T.schar, (a, b) => add(a!, b!));
    const u32 = unary('u32', [['a', T.uint], ['b', T.uint]], T.uint, (a, b) => add(a!, b!));
    const u16 = unary('u16', [['a', T.ushort]], T.ushort, (a) => mul(a!, c(3, T.ushort)));
    const m = build(mkModule([a8, u32, u16]));
    expect(m.fns.a8!(100, 100)).toBe(-56);
    expect(m.fns.u32!(0xffffffff, 2)).toBe(1);
    expect(m.fns.u32!(0x80000000, 0x10)).toBe(0x80000010);
    expect(m.fns.u16!(30000)).toBe(90000 & 0xffff);
  });

  run('division: C truncation, MIN / -1 wraps, unsigned', () => {
    const d = unary('d', [['a', T.int], ['b', T.int]], T.int, (a, b) => bin('div', a!, b!));
    const r = unary('r', [['a', T.int], ['b', T.int]], T.int, (a, b) => bin('rem', a!, b!));
    const dl = unary('dl', [['a', T.long], ['b', T.long]], T.long, (a, b) => bin('div', a!, b!));
    const rl = unary('rl', [['a', T.long], ['b', T.long]], T.long, (a, b) => bin('rem', a!, b!));
    const du = unary('du', [['a', T.uint], ['b', T.uint]], T.uint, (a, b) => bin('div', a!, b!));
    const dc = unary('dc', [['a', T.int]], T.int, (a) => bin('div', a!, c(-2)));
    const fr = unary('fr', [['a', T.double], ['b', T.double]], T.double, (a, b) => bin('rem', a!, b!));
    const m = build(mkModule([d, r, dl, rl, du, dc, fr]));
    expect(m.fns.d!(-7, 2)).toBe(-3);
    expect(m.fns.r!(-7, 2)).toBe(-1);
    expect(m.fns.r!(7, -2)).toBe(1);
    expect(m.fns.d!(-(2 ** 31), -1)).toBe(-(2 ** 31));
    expect(m.fns.r!(-(2 ** 31), -1)).toBe(0);
    expect(m.fns.dl!(-(2n ** 63n), -1)).toBe(-(2n ** 63n));
    expect(m.fns.rl!(-(2n ** 63n), -1)).toBe(0);
    expect(m.fns.du!(0xfffffffe, 2)).toBe(0x7fffffff);
    expect(m.fns.dc!(-7)).toBe(3);
    expect(m.fns.fr!(-7.5, 2)).toBe(-1.5);
  });

  run('shifts: count modulo width, arithmetic vs logical', () => {
    const shl = unary('shl', [['a', T.int], ['n', T.int]], T.int, (a, n) => bin('shl', a!, n!));
    const sar = unary('sar', [['a', T.int], ['n', T.int]], T.int, (a, n) => bin('shr', a!, n!));
    const shr = unary('shr', [['a', T.uint], ['n', T.uint]], T.uint, (a, n) => bin('shr', a!, n!));
    const shl8 = unary('shl8', [['a', T.uchar], ['n', T.uchar]], T.uchar, (a, n) => bin('shl', a!, n!));
    const m = build(mkModule([shl, sar, shr, shl8]));
    expect(m.fns.shl!(1, 33)).toBe(2);
    expect(m.fns.shl!(1, 31)).toBe(-(2 ** 31));
    expect(m.fns.sar!(-8, 1)).toBe(-4);
    expect(m.fns.sar!(-8, 32)).toBe(-8);
    expect(m.fns.shr!(0x80000000, 31)).toBe(1);
    expect(m.fns.shr!(0x80000000, 63)).toBe(1);
    expect(m.fns.shl8!(3, 9)).toBe(6);
    expect(m.fns.shl8!(0x81, 1)).toBe(2);
  });

  run('float32 arithmetic rounds to float32', () => {
    const fa = unary('fa', [['a', T.float], ['b', T.float]], T.float, (a, b) => add(a!, b!));
    const fm = unary('fm', [['a', T.float], ['b', T.float]], T.float, (a, b) => mul(a!, b!));
    const m = build(mkModule([fa, fm]));
    const r = Math.fround;
    expect(m.fns.fa!(0.1, 0.2)).toBe(r(r(0.1) + r(0.2)));
    expect(m.fns.fm!(1 / 3, 3)).toBe(r(r(1 / 3) * 3));
    expect(m.fns.fm!(1e30, 1e30)).toBe(Infinity);
  });

  run('saturating float → int casts, NaN → 0', () => {
    const ti = unary('ti', [['x', T.double]], T.int, (x) => cast(x!, T.int));
    const tu8 = unary('tu8', [['x', T.double]], T.uchar, (x) => cast(x!, T.uchar));
    const tl = unary('tl', [['x', T.double]], T.long, (x) => cast(x!, T.long));
    const tul = unary('tul', [['x', T.float]], T.ulong, (x) => cast(x!, T.ulong));
    const m = build(mkModule([ti, tu8, tl, tul]));
    expect(m.fns.ti!(1e20)).toBe(2147483647);
    expect(m.fns.ti!(-1e20)).toBe(-2147483648);
    expect(m.fns.ti!(NaN)).toBe(0);
    expect(m.fns.ti!(-2.9)).toBe(-2);
    expect(m.fns.tu8!(300)).toBe(255);
    expect(m.fns.tu8!(-5)).toBe(0);
    expect(m.fns.tl!(1e30)).toBe(2n ** 63n - 1n);
    expect(m.fns.tl!(-Infinity)).toBe(-(2n ** 63n));
    expect(m.fns.tul!(1e30)).toBe(2n ** 64n - 1n);
    expect(m.fns.tul!(-1)).toBe(0);
  });

  run('int ↔ float ↔ bool casts', () => {
    const u2f = unary('u2f', [['x', T.uint]], T.double, (x) => cast(x!, T.double));
    const b2i = unary('b2i', [['x', T.double]], T.int, (x) => cast(cast(x!, T.bool), T.int));
    const i2b = unary('i2b', [['x', T.long]], T.bool, (x) => cast(x!, T.bool));
    const ext = unary('ext', [['x', T.schar]], T.uint, (x) => cast(x!, T.uint));
    const zext = unary('zext', [['x', T.uchar]], T.int, (x) => cast(x!, T.int));
    const m = build(mkModule([u2f, b2i, i2b, ext, zext]));
    expect(m.fns.u2f!(0xffffffff)).toBe(4294967295);
    expect(m.fns.b2i!(NaN)).toBe(1);
    expect(m.fns.b2i!(0)).toBe(0);
    expect(m.fns.b2i!(-0)).toBe(0);
    expect(m.fns.i2b!(2n ** 40n)).toBe(true);
    expect(m.fns.i2b!(0)).toBe(false);
    expect(m.fns.ext!(-1)).toBe(0xffffffff);
    expect(m.fns.zext!(200)).toBe(200);
  });

  run('and/or/cond short-circuit, letIn, bint params', () => {
    const fn = new Fn('logic', T.int);
    const a = fn.param('a', T.bool);
    const x = fn.param('x', T.int);
    const t = fn.local('t', T.int);
    const orE: Expr = { kind: 'or', type: T.bool, a, b: cmp('gt', x, c(10)) };
    const andE: Expr = { kind: 'and', type: T.bool, a: orE, b: cmp('lt', x, c(100)) };
    const letE: Expr = { kind: 'letIn', type: T.int, id: 2, value: mul(x, c(2)), body: add(t, c(1)) };
    fn.body = [ret({ kind: 'cond', type: T.int, cond: andE, a: letE, b: c(-1) })];
    const m = build(mkModule([fn]));
    expect(m.fns.logic!(1, 5)).toBe(11);
    expect(m.fns.logic!(0, 5)).toBe(-1);
    expect(m.fns.logic!(0, 50)).toBe(101);
    expect(m.fns.logic!(1, 500)).toBe(-1);
    expect(m.fns.logic!(true, 5)).toBe(11);
  });

  run('bint results and compares, NaN compares', () => {
    const lt = unary('lt', [['a', T.double], ['b', T.double]], T.bool, (a, b) => cmp('lt', a!, b!));
    const ne = unary('ne', [['a', T.double], ['b', T.double]], T.bool, (a, b) => cmp('ne', a!, b!));
    const ult = unary('ult', [['a', T.uint], ['b', T.uint]], T.bool, (a, b) => cmp('lt', a!, b!));
    const m = build(mkModule([lt, ne, ult]));
    expect(m.fns.lt!(1, 2)).toBe(true);
    expect(m.fns.lt!(NaN, 2)).toBe(false);
    expect(m.fns.ne!(NaN, NaN)).toBe(true);
    expect(m.fns.ult!(1, 0xffffffff)).toBe(true);
  });

  run('libc.math', () => {
    const fns = [
      unary('sqrt', [['x', T.double]], T.double, (x) => math('sqrt', [x!])),
      unary('sqrtf', [['x', T.float]], T.float, (x) => math('sqrt', [x!], T.float)),
      unary('fmin', [['a', T.double], ['b', T.double]], T.double, (a, b) => math('fmin', [a!, b!])),
      unary('atan2', [['a', T.double], ['b', T.double]], T.double, (a, b) => math('atan2', [a!, b!])),
      unary('pow', [['a', T.double], ['b', T.double]], T.double, (a, b) => math('pow', [a!, b!])),
      unary('tanf', [['x', T.float]], T.float, (x) => math('tan', [x!], T.float)),
      unary('isnan', [['x', T.double]], T.bool, (x) => math('isnan', [x!], T.bool)),
      unary('isinf', [['x', T.double]], T.int, (x) => math('isinf', [x!], T.int)),
      unary('isfinite', [['x', T.double]], T.bool, (x) => math('isfinite', [x!], T.bool)),
      unary('signbit', [['x', T.double]], T.bool, (x) => math('signbit', [x!], T.bool)),
      unary('round', [['x', T.double]], T.double, (x) => math('round', [x!])),
      unary('ldexp', [['x', T.double], ['n', T.int]], T.double, (x, n) => math('ldexp', [x!, n!])),
      unary('fmod', [['a', T.double], ['b', T.double]], T.double, (a, b) => math('fmod', [a!, b!])),
      unary('fma', [['a', T.double], ['b', T.double], ['d', T.double]], T.double, (a, b, d) => math('fma', [a!, b!, d!])),
      unary('erf', [['x', T.double]], T.double, (x) => math('erf', [x!])),
    ];
    const m = build(mkModule(fns));
    expect(m.fns.sqrt!(2)).toBe(Math.SQRT2);
    expect(m.fns.sqrtf!(2)).toBe(Math.fround(Math.SQRT2));
    expect(m.fns.fmin!(NaN, 3)).toBe(3);
    expect(m.fns.fmin!(2, 3)).toBe(2);
    expect(m.fns.atan2!(1, -1)).toBeCloseTo((3 * Math.PI) / 4, 15);
    expect(m.fns.pow!(2, 0.5)).toBe(Math.SQRT2);
    expect(m.fns.tanf!(1)).toBeCloseTo(Math.tan(1), 6);
    expect(m.fns.isnan!(NaN)).toBe(true);
    expect(m.fns.isnan!(1)).toBe(false);
    expect(m.fns.isinf!(-Infinity)).toBe(1);
    expect(m.fns.isfinite!(Infinity)).toBe(false);
    expect(m.fns.signbit!(-0)).toBe(true);
    expect(m.fns.round!(-2.5)).toBe(-3);
    expect(m.fns.ldexp!(3, 4)).toBe(48);
    expect(m.fns.fmod!(7, -3)).toBe(1);
    expect(m.fns.fma!(2, 3, 4)).toBe(10);
    expect(m.fns.erf!(0.5)).toBeCloseTo(0.5204998778130465, 14);
  });
});

describe('memoryviews', () => {
  run('1-D strided sum over a Float64Array', () => {
    const fn = new Fn('msum', T.double);
    const a = fn.param('a', T.memview(T.double, 1));
    const i = fn.local('i', T.ssize);
    const s = fn.local('s', T.double);
    fn.body = [set(s, f(0)), ...forRange(i, i64(0), shape(a, 0), () => [set(s, add(s, load(a, mul(i, stride(a, 0)))))]), ret(s)];
    const m = build(mkModule([fn]));
    const arr = Float64Array.from({ length: 10 }, (_, k) => k * 1.5);
    expect(m.fns.msum!(arr, 0, 10, 1)).toBe(arr.reduce((x, y) => x + y));
    expect(m.fns.msum!(arr, 1, 3, 3)).toBe(arr[1]! + arr[4]! + arr[7]!);
    expect(m.fns.msum!(arr, 9, 3, -2)).toBe(arr[9]! + arr[7]! + arr[5]!);
    const sub = arr.subarray(2); // byteOffset of the TypedArray itself
    expect(m.fns.msum!(sub, 1, 2, 1)).toBe(arr[3]! + arr[4]!);
    expect(m.fns.msum!(new Float64Array(0), 0, 0, 1)).toBe(0);
  });

  run('2-D int32 view: in-place writes, shape and strides', () => {
    const fn = new Fn('fill');
    const v = fn.param('v', T.memview(T.int, 2));
    const i = fn.local('i', T.ssize);
    const j = fn.local('j', T.ssize);
    const off = add(mul(i, stride(v, 0)), mul(j, stride(v, 1)));
    fn.body = forRange(i, i64(0), shape(v, 0), () =>
      forRange(j, i64(0), shape(v, 1), () => [store(v, off, cast(add(mul(i, i64(10)), j), T.int))]),
    );
    const m = build(mkModule([fn]));
    const data = new Int32Array(12).fill(-1);
    expect(m.fns.fill!(data, 0, 3, 4, 4, 1)).toBe(undefined);
    expect(Array.from(data)).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
    data.fill(-1); // transposed (Fortran order) 2x3 view starting at element 1
    m.fns.fill!(data, 1, 2, 3, 1, 2);
    expect(Array.from(data)).toEqual([-1, 0, 10, 1, 11, 2, 12, -1, -1, -1, -1, -1]);
  });

  run('None views, sub-views (mvMake), bint elements, calls with views', () => {
    const inner = new Fn('count', T.int); // count true elements of a bint[::1] view
    const bv = inner.param('b', T.memview(T.bool, 1, 'c'));
    const k = inner.local('k', T.ssize);
    const n = inner.local('n', T.int);
    inner.body = [
      set(n, c(0)),
      ...forRange(k, i64(0), shape(bv, 0), () => [iff(load(bv, k), [set(n, add(n, c(1)))])]),
      ret(n),
    ];
    const outer = new Fn('tail', T.int); // None → -1, else count(b[1:]) and set b[0] = True
    const b = outer.param('b', T.memview(T.bool, 1, 'c'));
    const make: Expr = { kind: 'mvMake', type: T.memview(T.bool, 1, 'c'), base: b, offset: i64(1), shape: [bin('sub', shape(b, 0), i64(1))], strides: [i64(1)] };
    outer.body = [
      iff({ kind: 'mvIsNone', type: T.bool, view: b }, [ret(c(-1))]),
      store(b, i64(0), c(true, T.bool)),
      ret(call('count', [make], T.int)),
    ];
    const m = build(mkModule([inner, outer]));
    const data = new Int32Array([0, 1, 0, 5, 1]);
    expect(m.fns.tail!(data, 0, 5, 1)).toBe(3);
    expect(data[0]).toBe(1);
    expect(m.fns.tail!(null, 0, 0, 0)).toBe(-1);
    expect(m.fns.count!(new Int32Array(0), 0, 0, 1)).toBe(0);
  });
});

describe('errors and globals', () => {
  const excNames = ['', 'ZeroDivisionError', 'IndexError'];
  const messages = [
    { template: 'integer division of %d by zero', args: ['i' as const] },
    { template: 'index %d out of range (%g)', args: ['i' as const, 'f' as const] },
    { template: 'boom', args: [] },
  ];

  function errModule() {
    const div = new Fn('div', T.int);
    div.mayRaise = true;
    const a = div.param('a', T.int);
    const b = div.param('b', T.int);
    div.body = [ret(check(cmp('ne', b, c(0)), 'ZeroDivisionError', { kind: 'format', template: messages[0]!.template, args: [a] }, bin('div', a, b), 42))];
    const outer = new Fn('outer', T.double);
    outer.mayRaise = true;
    const x = outer.param('x', T.int);
    const y = outer.param('y', T.int);
    outer.body = [ret(add(cast(call('div', [x, y], T.int), T.double), f(0.5)))];
    const boom = new Fn('boom');
    boom.mayRaise = true;
    const k = boom.param('k', T.long);
    boom.body = [
      iff(cmp('gt', k, i64(2)), [{ kind: 'raise', exc: 'IndexError', msg: { kind: 'format', template: messages[1]!.template, args: [k, f(2.5)] }, loc: { line: 7, col: 1, endLine: 7, endCol: 1 } }]),
      iff(cmp('lt', k, i64(0)), [{ kind: 'raise', exc: 'IndexError', msg: { kind: 'const', text: 'boom' } }]),
    ];
    return mkModule([div, outer, boom], { excNames, messages });
  }

  run('check raises with a format message; the wrapper returns undefined', () => {
    const m = build(errModule());
    expect(m.fns.div!(7, 2)).toBe(3);
    expect(m.exc()).toBe(0);
    expect(m.fns.div!(7, 0)).toBe(undefined);
    expect(m.exc()).toBe(1);
    expect(m.msg()).toBe(0);
    expect(m.argI64(0)).toBe(7n);
    expect(m.argF64(0)).toBe(7);
    expect(m.line()).toBe(42);
    m.clear();
  });

  run('an error propagates through a call', () => {
    const m = build(errModule());
    expect(m.fns.outer!(9, 3)).toBe(3.5);
    expect(m.fns.outer!(-9, 0)).toBe(undefined);
    expect(m.exc()).toBe(1);
    expect(m.argI64(0)).toBe(-9n);
    m.clear();
    expect(m.fns.outer!(10, 5)).toBe(2.5);
  });

  run('raise statement with int and float args, const message', () => {
    const m = build(errModule());
    expect(m.fns.boom!(1)).toBe(undefined);
    expect(m.exc()).toBe(0);
    m.fns.boom!(2n ** 60n);
    expect([m.exc(), m.msg(), m.argI64(0), m.argF64(1), m.line()]).toEqual([2, 1, 2n ** 60n, 2.5, 7]);
    m.clear();
    m.fns.boom!(-1);
    expect([m.exc(), m.msg(), m.line()]).toEqual([2, 2, 0]);
    m.clear();
  });

  run('globals live in the state block', () => {
    const gl = [
      { name: 'counter', type: T.long, offset: 80, init: null },
      { name: 'flag', type: T.bool, offset: 88, init: null },
      { name: 'scale', type: T.float, offset: 92, init: null },
    ];
    const bump = new Fn('bump', T.long);
    const k = bump.param('k', T.long);
    bump.body = [
      { kind: 'setGlobal', name: 'counter', value: add(glob('counter', T.long), k) },
      { kind: 'setGlobal', name: 'flag', value: not(glob('flag', T.bool)) },
      ret(glob('counter', T.long)),
    ];
    const scaled = unary('scaled', [['x', T.float]], T.float, (x) => mul(x!, glob('scale', T.float)));
    const m = build(mkModule([bump, scaled], { globals: gl }));
    expect(m.state.byteLength).toBe(96);
    const dv = new DataView(m.state);
    dv.setBigInt64(80, 40n, true);
    dv.setFloat32(92, 0.5, true);
    expect(m.fns.bump!(2)).toBe(42);
    expect(m.fns.bump!(2n ** 60n)).toBe(2n ** 60n + 42n);
    expect(dv.getBigInt64(80, true)).toBe(2n ** 60n + 42n);
    expect(dv.getInt32(88, true)).toBe(0); // toggled twice
    expect(m.fns.scaled!(3)).toBe(1.5);
  });
});

describe('text', () => {
  it('emits N-API symbols and internal implementations', () => {
    const mod = mkModule([unary('add', [['a', T.double], ['b', T.double]], T.double, (a, b) => add(a!, b!))]);
    const { text, symbols } = emitLLVM(mod, { hash8: 'deadbeef' });
    expect(symbols).toEqual({ state: 'cpx_deadbeef.state_fn', fns: { add: 'cpx_deadbeef.napi.add' } });
    expect(text).toMatch(/define internal double @cpx_deadbeef\.fn\.add\(double %a, double %b\) nounwind/);
    expect(text).toMatch(/define i8\* @cpx_deadbeef\.napi\.add\(i8\* %env, i8\* %info\)/);
    expect(text).toMatch(/@cpx_deadbeef.state = internal global \[80 x i8\] zeroinitializer, align 16/);
  });

  it('fastMath puts `fast` on float ops only when asked', () => {
    const mod = mkModule([unary('add', [['a', T.double], ['b', T.double]], T.double, (a, b) => math('sqrt', [add(a!, b!)]))]);
    const fast = emitLLVM(mod, { hash8: '00000001', fastMath: true }).text;
    expect(fast).toMatch(/fadd fast double/);
    expect(fast).toMatch(/call fast double @llvm\.sqrt\.f64/);
    expect(emitLLVM(mod, { hash8: '00000002' }).text).not.toMatch(/fast/);
  });

  it('rejects generic-only nodes', () => {
    const fn = new Fn('bad', T.int);
    fn.body = [ret({ kind: 'py', op: 'add', args: [], type: T.int })];
    expect(() => emitLLVM(mkModule([fn]), { hash8: '00000003' })).toThrow(/py in native function/);
    const fn2 = new Fn('bad2');
    fn2.body = [{ kind: 'print', args: [], sep: null, end: null }];
    expect(() => emitLLVM(mkModule([fn2]), { hash8: '00000004' })).toThrow(/print/);
  });

  it('skips generic functions', () => {
    const mod = mkModule([unary('add', [['a', T.double], ['b', T.double]], T.double, (a, b) => add(a!, b!))]);
    mod.functions[0]!.tier = 'generic';
    const { text, symbols } = emitLLVM(mod, { hash8: '00000005' });
    expect(symbols.fns).toEqual({});
    expect(text).not.toMatch(/@cpx_00000005_add/);
  });
});

describe('control flow and calls', () => {
  run('early return from a loop, continue, labeled block', () => {
    const first = new Fn('firstNeg', T.ssize);
    const a = first.param('a', T.memview(T.double, 1));
    const i = first.local('i', T.ssize);
    first.body = [
      ...forRange(i, i64(0), shape(a, 0), () => [iff(cmp('lt', load(a, mul(i, stride(a, 0))), f(0)), [ret(i)])]),
      ret(i64(-1)),
    ];
    const evens = new Fn('evens', T.int); // sum of even k < n, stopping at k == stop
    const n = evens.param('n', T.int);
    const stop = evens.param('stop', T.int);
    const k = evens.local('k', T.int);
    const s = evens.local('s', T.int);
    evens.body = [
      set(s, c(0)),
      {
        kind: 'block',
        label: 'outer',
        body: forRange(k, c(0), n, (loop) => [
          iff(cmp('eq', k, stop), [{ kind: 'break', label: 'outer' }]),
          iff(cmp('ne', bin('and', k, c(1)), c(0)), [{ kind: 'continue', label: loop }]),
          set(s, add(s, k)),
        ]),
      },
      ret(s),
    ];
    const m = build(mkModule([first, evens]));
    expect(m.fns.firstNeg!(new Float64Array([1, 2, -3, -4]), 0, 4, 1)).toBe(2);
    expect(m.fns.firstNeg!(new Float64Array([1, 2]), 0, 2, 1)).toBe(-1);
    expect(m.fns.evens!(10, -1)).toBe(0 + 2 + 4 + 6 + 8);
    expect(m.fns.evens!(10, 5)).toBe(0 + 2 + 4);
  });

  run('recursion, nullary and void functions', () => {
    const fib = new Fn('fib', T.long);
    const n = fib.param('n', T.long);
    fib.body = [
      iff(cmp('lt', n, i64(2)), [ret(n)]),
      ret(add(call('fib', [bin('sub', n, i64(1))], T.long), call('fib', [bin('sub', n, i64(2))], T.long))),
    ];
    const answer = new Fn('answer', T.int);
    answer.body = [ret(c(42))];
    const pos = new Fn('checkPos');
    pos.mayRaise = true;
    const x = pos.param('x', T.double);
    pos.body = [iff(cmp('lt', x, f(0)), [{ kind: 'raise', exc: 'ValueError', msg: { kind: 'format', template: 'negative: %g', args: [x] } }])];
    const m = build(mkModule([fib, answer, pos], { excNames: ['', 'ValueError'], messages: [{ template: 'negative: %g', args: ['f'] }] }));
    expect(m.fns.fib!(30)).toBe(832040);
    expect(m.fns.answer!()).toBe(42);
    expect(m.fns.checkPos!(1)).toBe(undefined);
    expect(m.exc()).toBe(0);
    expect(m.fns.checkPos!(-2.5)).toBe(undefined);
    expect([m.exc(), m.msg(), m.argF64(0)]).toEqual([1, 0, -2.5]);
    m.clear();
  });

  run('bounds-checked indexing with wraparound (as lowering emits it)', () => {
    const get = new Fn('get', T.double);
    get.mayRaise = true;
    const a = get.param('a', T.memview(T.double, 1));
    const i = get.param('i', T.ssize);
    const j = get.local('j', T.ssize);
    const jr: Expr = { kind: 'local', id: 2, type: T.ssize };
    const inRange: Expr = { kind: 'and', type: T.bool, a: cmp('ge', jr, i64(0)), b: cmp('lt', jr, shape(a, 0)) };
    const wrapped: Expr = { kind: 'cond', type: T.ssize, cond: cmp('lt', i, i64(0)), a: add(i, shape(a, 0)), b: i };
    get.body = [
      set(j, wrapped),
      ret(check(inRange, 'IndexError', { kind: 'const', text: 'Out of bounds on buffer access (axis 0)' }, load(a, mul(jr, stride(a, 0))), 12)),
    ];
    const m = build(mkModule([get], { excNames: ['', 'IndexError'], messages: [{ template: 'Out of bounds on buffer access (axis 0)', args: [] }] }));
    const arr = new Float64Array([10, 20, 30]);
    expect(m.fns.get!(arr, 0, 3, 1, -1)).toBe(30);
    expect(m.fns.get!(arr, 0, 3, 1, 1)).toBe(20);
    expect(m.exc()).toBe(0);
    expect(m.fns.get!(arr, 0, 3, 1, 3)).toBe(undefined);
    expect([m.exc(), m.msg(), m.line()]).toEqual([1, 0, 12]);
    m.clear();
    expect(m.fns.get!(arr, 0, 3, 1, -4)).toBe(undefined);
    m.clear();
  });

  run('memview-valued cond and locals; bint global; float32 predicates', () => {
    const pick = new Fn('pick', T.double);
    const mv = T.memview(T.double, 1, 'c');
    const a = pick.param('a', mv);
    const b = pick.param('b', mv);
    const first = pick.param('first', T.bool);
    const v = pick.local('v', mv);
    pick.body = [
      set(v, { kind: 'cond', type: mv, cond: first, a, b }),
      { kind: 'setGlobal', name: 'picked', value: first },
      ret(add(load(v, i64(0)), cast(shape(v, 0), T.double))),
    ];
    const nanf = new Fn('nanf', T.bool);
    const x = nanf.param('x', T.float);
    nanf.body = [ret({ kind: 'or', type: T.bool, a: math('isnan', [x], T.bool), b: glob('picked', T.bool) })];
    const m = build(mkModule([pick, nanf], { globals: [{ name: 'picked', type: T.bool, offset: 80, init: null }] }));
    const A = new Float64Array([1, 2]);
    const B = new Float64Array([5, 6, 7]);
    expect(m.fns.pick!(A, 0, 2, 1, B, 0, 3, 1, 1)).toBe(3);
    expect(m.fns.nanf!(1)).toBe(true);
    expect(m.fns.pick!(A, 0, 2, 1, B, 1, 2, 1, 0)).toBe(8);
    expect(new Int32Array(m.state)[20]).toBe(0);
    expect(m.fns.nanf!(1)).toBe(false);
    expect(m.fns.nanf!(NaN)).toBe(true);
  });
});
