// The emitted IR optimizes the way the native targets need: contiguous loops vectorize,
// strict-IEEE reductions stay in order, fast-math reductions vectorize.
import { describe, expect, it } from 'vitest';
import { emitLLVM } from '../../src/compile/llvm/index.js';
import { T, Fn, add, bin, call, cmp, f, forRange, i64, iff, load, math, mkModule, mul, opt, optimize, ret, set, shape, store, stride } from './helpers.js';

const withOpt = opt ? it : it.skip;

function vadd(contig: 'c' | null): Fn {
  const fn = new Fn('vadd');
  const mv = T.memview(T.double, 1, contig);
  const a = fn.param('a', mv);
  const b = fn.param('b', mv);
  const o = fn.param('o', mv);
  const i = fn.local('i', T.ssize);
  const at = (v: typeof a) => mul(i, stride(v, 0));
  fn.body = forRange(i, i64(0), shape(o, 0), () => [store(o, at(o), add(load(a, at(a)), load(b, at(b))))]);
  return fn;
}

function dsum(): Fn {
  const fn = new Fn('dsum', T.double);
  const x = fn.param('x', T.memview(T.double, 1, 'c'));
  const i = fn.local('i', T.ssize);
  const s = fn.local('s', T.double);
  fn.body = [set(s, f(0)), ...forRange(i, i64(0), shape(x, 0), () => [set(s, add(s, load(x, i)))]), ret(s)];
  return fn;
}

/**
 * The optimized body of one function's implementation (`cpx_<h>.fn.<name>`; its N-API
 * wrapper `cpx_<h>.napi.<name>` is optnone and only calls it).
 */
function body(optText: string, wrapperSym: string): string {
  const sym = wrapperSym.replace('.napi.', '.fn.');
  const start = optText.indexOf(`@${sym}(`);
  expect(start).toBeGreaterThan(0);
  return optText.slice(start, optText.indexOf('\n}\n', start));
}

describe('optimization (opt-14 default<O2> -mcpu=native)', () => {
  withOpt('a contiguous double loop vectorizes', () => {
    const { text, symbols } = emitLLVM(mkModule([vadd('c')]), { hash8: 'a0000001' });
    const out = body(optimize(text), symbols.fns.vadd!);
    expect(out).toMatch(/fadd <[248] x double>/);
    expect(out).not.toMatch(/alloca double/);
  });

  withOpt('a strided double[:] loop vectorizes through stride versioning', () => {
    const { text, symbols } = emitLLVM(mkModule([vadd(null)]), { hash8: 'a0000002' });
    expect(body(optimize(text), symbols.fns.vadd!)).toMatch(/fadd <[248] x double>/);
  });

  withOpt('a strict reduction keeps its order; with fastMath it vectorizes', () => {
    const strict = emitLLVM(mkModule([dsum()]), { hash8: 'a0000003' });
    expect(body(optimize(strict.text), strict.symbols.fns.dsum!)).not.toMatch(/x double>/);
    const fast = emitLLVM(mkModule([dsum()]), { hash8: 'a0000004', fastMath: true });
    expect(body(optimize(fast.text), fast.symbols.fns.dsum!)).toMatch(/fadd fast <[248] x double>/);
  });

  withOpt('an int32 wrapping reduction vectorizes', () => {
    const fn = new Fn('isum', T.int);
    const x = fn.param('x', T.memview(T.int, 1, 'c'));
    const i = fn.local('i', T.ssize);
    const s = fn.local('s', T.int);
    fn.body = [set(s, { kind: 'const', type: T.int, value: 0 }), ...forRange(i, i64(0), shape(x, 0), () => [set(s, add(s, load(x, i)))]), ret(s)];
    const { text, symbols } = emitLLVM(mkModule([fn]), { hash8: 'a0000005' });
    expect(body(optimize(text), symbols.fns.isum!)).toMatch(/add <(4|8|16) x i32>/);
  });

  withOpt('a small self-recursive function is inlined into itself once (through its twin)', () => {
    const fib = new Fn('fib', T.int);
    const n = fib.param('n', T.int);
    fib.body = [
      iff(cmp('lt', n, { kind: 'const', type: T.int, value: 2 }), [ret(n)]),
      ret(add(call('fib', [bin('sub', n, { kind: 'const', type: T.int, value: 1 })], T.int), call('fib', [bin('sub', n, { kind: 'const', type: T.int, value: 2 })], T.int))),
    ];
    const { text, symbols } = emitLLVM(mkModule([fib]), { hash8: 'a0000006' });
    expect(text).toMatch(/define internal i32 @cpx_a0000006\.rec\.fib\(/);
    const opt = optimize(text);
    // the twin was inlined and deleted: the implementation calls only itself
    expect(opt).not.toMatch(/define[^\n]*\.rec\.fib/);
    const calls = body(opt, symbols.fns.fib!).match(/call[^\n]*@cpx_a0000006\.(fn|rec)\.fib\(/g) ?? [];
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => c.includes('.fn.fib('))).toBe(true);
  });

  function vexp(): Fn {
    const fn = new Fn('vexp');
    const mv = T.memview(T.double, 1, 'c');
    const x = fn.param('x', mv);
    const o = fn.param('o', mv);
    const i = fn.local('i', T.ssize);
    fn.body = forRange(i, i64(0), shape(o, 0), () => [store(o, i, math('exp', [load(x, i)]))]);
    return fn;
  }

  withOpt('fast-math calls libmvec vector math (vectorMath), strict code never does', () => {
    const fast = emitLLVM(mkModule([vexp()]), { hash8: 'a0000007', fastMath: true, vectorMath: 'avx2' });
    expect(fast.text).toContain('"vector-function-abi-variant"="_ZGV_LLVM_N4v_exp(_ZGVdN4v_exp)"');
    expect(body(optimize(fast.text), fast.symbols.fns.vexp!)).toMatch(/call fast <4 x double> @_ZGVdN4v_exp\(/);
    const sse = emitLLVM(mkModule([vexp()]), { hash8: 'a0000008', fastMath: true, vectorMath: 'sse2' });
    expect(sse.text).toContain('_ZGV_LLVM_N2v_exp(_ZGVbN2v_exp)');
    const strict = emitLLVM(mkModule([vexp()]), { hash8: 'a0000009', vectorMath: 'avx2' });
    expect(strict.text).not.toContain('_ZGV');
  });
});
