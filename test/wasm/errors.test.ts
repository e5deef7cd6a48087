// The error protocol (state block at memory.stateOffset, same layout as native),
// propagation through calls, the heap allocator, and measurements.
import { describe, expect, it } from 'vitest';
import { ERROR_STATE } from '../../src/compile/ir/ir.js';
import { WasmHeap } from '../../src/runtime/wasm.js';
import { Fn, T, add, build, c, call, cast, check, cmp, exprS, f, glob, i64, module, ret, set, setGlobal, view1 } from './helpers.js';

const MESSAGES = [
  { template: 'x must be non-negative, got %d', args: ['i' as const] },
  { template: 'bad %s: %g (flag %d, u %d)', args: ['i' as const, 'f' as const, 'b' as const, 'u' as const] },
];

function errorModule() {
  // checked(x: int) -> int: check(x >= 0, ValueError('x must be non-negative, got %d' % x)); return x * 2
  const chk = new Fn('checked', T.int);
  chk.mayRaise = true;
  const x = chk.param('x', T.int);
  chk.body = [ret(check(cmp('ge', x, c(0)), 'ValueError', { kind: 'format', template: MESSAGES[0]!.template, args: [x] }, add(x, x), 41))];
  // multi(a: long, d: double, b: bint, u: unsigned long): raises with four args of every kind
  const multi = new Fn('multi', T.double);
  multi.mayRaise = true;
  const a = multi.param('a', T.long);
  const d = multi.param('d', T.double);
  const b = multi.param('b', T.bool);
  const u = multi.param('u', T.ulong);
  multi.body = [
    {
      kind: 'raise', exc: 'ZeroDivisionError', loc: { line: 99, col: 1, endLine: 99, endCol: 1 } as never,
      msg: { kind: 'format', template: MESSAGES[1]!.template, args: [a, d, b, u] },
    },
  ];
  // outer(x): g = 1; r = checked(x); g = 2; return r + 1  — g stays 1 when checked raised
  const outer = new Fn('outer', T.int);
  outer.mayRaise = true;
  const ox = outer.param('x', T.int);
  const r = outer.local('r', T.int);
  outer.body = [setGlobal('g', c(1)), set(r, call('checked', [ox], T.int)), setGlobal('g', c(2)), ret(add(r, c(1)))];
  // void propagation: vouter(x): checked(x) as a statement, then g = 3
  const vouter = new Fn('vouter');
  vouter.mayRaise = true;
  const vx = vouter.param('x', T.int);
  vouter.body = [exprS(call('checked', [vx], T.int)), setGlobal('g', c(3))];
  return module([chk, multi, outer, vouter], { messages: MESSAGES, globals: [{ name: 'g', type: T.int }] });
}

describe('errors', () => {
  it('check sets the error state (exception, message, args, line) and returns', async () => {
    const mod = errorModule();
    const { fns, inst, out } = await build(mod);
    expect(fns.checked(21)).toBe(42);
    expect(inst.error()).toBeNull();
    fns.checked(-5);
    const e = inst.error()!;
    expect(mod.excNames[e.exc]).toBe('ValueError');
    expect(mod.messages[e.msg]!.template).toBe(MESSAGES[0]!.template);
    expect(e.argsI64[0]).toBe(-5n);
    expect(e.argsF64[0]).toBe(-5);
    expect(e.line).toBe(41);
    // the same bytes through raw memory, at the documented offsets
    const dv = new DataView(inst.memory.buffer, out.memory.stateOffset);
    expect(dv.getInt32(ERROR_STATE.exc, true)).toBe(e.exc);
    expect(dv.getInt32(ERROR_STATE.msg, true)).toBe(e.msg);
    expect(dv.getInt32(ERROR_STATE.line, true)).toBe(41);
    expect(dv.getBigInt64(ERROR_STATE.argsI64, true)).toBe(-5n);
    inst.clearError();
    expect(inst.error()).toBeNull();
  });

  it('format args of every kind', async () => {
    const mod = errorModule();
    const { fns, inst } = await build(mod);
    fns.multi(-(2n ** 60n), 2.5, 1, -1n);
    const e = inst.error()!;
    expect(mod.excNames[e.exc]).toBe('ZeroDivisionError');
    expect(e.msg).toBe(1);
    expect(e.argsI64[0]).toBe(-(2n ** 60n));
    expect(e.argsF64[0]).toBe(-(2 ** 60));
    expect(e.argsF64[1]).toBe(2.5);
    expect(e.argsI64[2]).toBe(1n);
    expect(BigInt.asUintN(64, e.argsI64[3]!)).toBe(2n ** 64n - 1n);
    expect(e.argsF64[3]).toBe(2 ** 64);
    expect(e.line).toBe(99);
    inst.clearError();
  });

  it('propagates through calls (value and void), skipping the rest of the caller', async () => {
    const mod = errorModule();
    const { fns, inst } = await build(mod);
    const gi = mod.globals[0]!.offset / 4;
    expect(fns.outer(4)).toBe(9);
    expect(inst.state.i32[gi]).toBe(2);
    fns.outer(-1);
    expect(inst.error()!.line).toBe(41);
    expect(inst.state.i32[gi]).toBe(1);
    inst.clearError();
    fns.vouter(-1);
    expect(inst.error()).not.toBeNull();
    expect(inst.state.i32[gi]).toBe(1);
    inst.clearError();
    fns.vouter(1);
    expect(inst.state.i32[gi]).toBe(3);
  });

  it('unoptimized modules behave the same', async () => {
    const mod = errorModule();
    const { fns, inst } = await build(mod, false);
    expect(fns.outer(4)).toBe(9);
    fns.outer(-3);
    expect(inst.error()!.argsI64[0]).toBe(-3n);
    inst.clearError();
  });
});

describe('heap', () => {
  it('first fit, coalescing, top shrinks, growth', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 100 });
    let grown = 0;
    const h = new WasmHeap(mem, 1024, () => grown++);
    const a = h.malloc(10);
    const b = h.malloc(100);
    const c2 = h.malloc(16);
    expect(a).toBe(1024);
    expect(b).toBe(1040);
    expect(c2).toBe(1152);
    h.release(a);
    h.release(b); // coalesces with a
    expect(h.malloc(112)).toBe(1024); // reuses the merged block
    h.release(1024);
    h.release(c2); // top shrinks back to the base, absorbing the free block
    expect(h.top).toBe(1024);
    const big = h.malloc(200000);
    expect(grown).toBe(1);
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(1024 + 200000);
    h.release(big);
    expect(h.used).toBe(0);
    expect(() => h.release(12345)).toThrow();
    expect(() => h.malloc(2 ** 33)).toThrow(/MemoryError|cannot/);
  });
});

describe('measurements (printed, not asserted)', () => {
  it('emit + optimize time, .wasm size, call overhead', async () => {
    // a small kernel module: dot, saxpy, add
    const dot = new Fn('dot', T.double);
    const V = T.memview(T.double, 1);
    const x = dot.param('x', V);
    const y = dot.param('y', V);
    const i = dot.local('i', T.ssize);
    const s = dot.local('s', T.double);
    const { forRange, load, mul, shape, stride } = await import('./helpers.js');
    dot.body = [set(s, f(0)), ...forRange(i, i64(0), shape(x, 0), () => [set(s, add(s, mul(load(x, mul(i, stride(x, 0))), load(y, mul(i, stride(y, 0))))))]), ret(s)];
    const addf = new Fn('addf', T.double);
    addf.body = [ret(add(addf.param('a', T.double), addf.param('b', T.double)))];
    const addl = new Fn('addl', T.long);
    addl.body = [ret(add(addl.param('a', T.long), addl.param('b', T.long)))];
    const mod = module([dot, addf, addl]);
    const { out, fns, inst } = await build(mod); // warm binaryen
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const o = await (await import('../../src/compile/wasm/index.js')).emitWasm(mod);
      times.push(performance.now() - t0);
      expect(o.binary.length).toBe(out.binary.length);
    }
    times.sort((p, q) => p - q);
    const t0 = performance.now();
    const N = 1_000_000;
    let acc = 0;
    for (let k = 0; k < N; k++) acc += fns.addf(k, 1);
    const tAdd = ((performance.now() - t0) / N) * 1e6;
    const raw = inst.exports[out.exports.addf!] as (a: number, b: number) => number;
    const t1 = performance.now();
    for (let k = 0; k < N; k++) acc += raw(k, 1);
    const tRaw = ((performance.now() - t1) / N) * 1e6;
    const t2 = performance.now();
    for (let k = 0; k < N; k++) acc += fns.addl(k, 1);
    const tAddl = ((performance.now() - t2) / N) * 1e6;
    const big = new Float64Array(1 << 20).fill(1);
    const t3 = performance.now();
    for (let k = 0; k < 20; k++) acc += fns.dot(...view1(big), ...view1(big));
    const tCopy = (performance.now() - t3) / 20;
    const owned = inst.alloc('float64', [1 << 20]);
    (owned.data as Float64Array).fill(1);
    const t4 = performance.now();
    for (let k = 0; k < 20; k++) acc += fns.dot(...view1(owned.data as Float64Array), ...view1(owned.data as Float64Array));
    const tOwned = (performance.now() - t4) / 20;
    console.log(
      `[wasm] small module: first emit ${out.timings.load.toFixed(0)} ms binaryen load + ${(out.timings.build + out.timings.optimize + out.timings.emit).toFixed(1)} ms; ` +
        `warm emit+optimize median ${times[2]!.toFixed(1)} ms; .wasm ${out.binary.length} bytes\n` +
        `[wasm] call: addf(double,double) ${tAdd.toFixed(1)} ns (raw export ${tRaw.toFixed(1)} ns), addl(long,long) ${tAddl.toFixed(1)} ns; ` +
        `dot over 2×1M doubles: copied ${tCopy.toFixed(2)} ms, wasm-owned ${tOwned.toFixed(2)} ms (acc ${acc > 0})`,
    );
    inst.free(owned);
  });
});

void cast;
void glob;

describe('boundary', () => {
  it('sigs are JSON; async instantiation; many and 64-bit arguments (number or bigint)', async () => {
    const { emitWasm } = await import('../../src/compile/wasm/index.js');
    const { instantiateWasmAsync } = await import('../../src/runtime/wasm.js');
    const { load, mul, shape, stride, forRange } = await import('./helpers.js');
    // five(a: long, b: int, c: unsigned long, d: double, e: long) -> long: a + b + c + d + e
    const five = new Fn('five', T.long);
    const ps = [five.param('a', T.long), five.param('b', T.int), five.param('c', T.ulong), five.param('d', T.double), five.param('e', T.long)];
    five.body = [ret(add(add(add(add(ps[0]!, cast(ps[1]!, T.long)), cast(ps[2]!, T.long)), cast(ps[3]!, T.long)), ps[4]!))];
    // scaled_sum(a: double[:], k: long) -> double
    const ss = new Fn('scaled_sum', T.double);
    const a = ss.param('a', T.memview(T.double, 1));
    const k = ss.param('k', T.long);
    const i = ss.local('i', T.ssize);
    const s = ss.local('s', T.double);
    ss.body = [set(s, f(0)), ...forRange(i, i64(0), shape(a, 0), () => [set(s, add(s, load(a, mul(i, stride(a, 0)))))]), ret(mul(s, cast(k, T.double)))];
    const out = await emitWasm(module([five, ss]));
    const sigs = JSON.parse(JSON.stringify(out.sigs));
    const inst = await instantiateWasmAsync(out.binary, JSON.parse(JSON.stringify(out.memory)));
    const fiveF = inst.fn(sigs.five);
    expect(fiveF(1, 2, 3, 4.9, 5)).toBe(15);
    expect(fiveF(2n ** 62n, 0, 2n ** 62n, 0, 0)).toBe(-(2n ** 63n));
    expect(fiveF(-1n, 1, 0, 0, 2n ** 60n)).toBe(2n ** 60n);
    expect(fiveF(-1n, 1, 0, 0, 2n ** 50n)).toBe(2 ** 50);
    const sumF = inst.call.bind(inst, sigs.scaled_sum);
    expect(sumF([new Float64Array([1, 2, 3]), 0, 3, 1, 2])).toBe(12);
    expect(sumF([new Float64Array([1, 2, 3]), 0, 3, 1, 3n])).toBe(18);
    expect(sigs.five.exportBig).toBeTruthy();
    expect(sigs.scaled_sum.params[0]).toMatchObject({ view: 'float64', ndim: 1, readonly: false });
  });
});
