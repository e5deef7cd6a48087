// Native-tier functions in the glue, against a fake loader whose "N-API functions" are JS
// functions that check what the ABI (docs/native-abi.md) says they receive.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IRFunction } from '../../src/compile/ir/ir.js';
import { T, bin, c, call, cast, fn, load, module, mvLoad, mvShape, ret, thrown } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'cypyx-js-native-'));
const loaderFile = join(dir, 'fake-loader.mjs');
writeFileSync(
  loaderFile,
  `export function loadNative(objectFile, symbols) {
  const make = globalThis.__cypyxFakeNative[objectFile];
  if (!make) throw new Error('no fake object ' + objectFile);
  return make(symbols);
}
`,
);
const loaderUrl = pathToFileURL(loaderFile).href;

type Fake = Record<string, (...args: unknown[]) => unknown>;
let objCount = 0;
function fakeNative(stateSize: number, fns: (err: Int32Array) => Fake) {
  const objectFile = `/fake/obj${objCount++}.o`;
  const buf = new ArrayBuffer(stateSize);
  const err = new Int32Array(buf, 0, 20);
  const impl = fns(err);
  const requested: string[][] = [];
  const g = globalThis as unknown as { __cypyxFakeNative?: Record<string, unknown> };
  g.__cypyxFakeNative ??= {};
  g.__cypyxFakeNative[objectFile] = (symbols: string[]) => {
    requested.push(symbols);
    const out: Fake = { cpx_test__state: () => buf };
    for (const s of symbols) if (impl[s]) out[s] = impl[s]!;
    return { fns: out, handle: 42 };
  };
  return { objectFile, buf, err, requested };
}

const nat = (f: IRFunction, mayRaise = false): IRFunction => ({ ...f, tier: 'native', mayRaise });

describe('native-tier functions', () => {
  const t1 = T.memview(T.double, 1);
  // def scale(double[:] a, double k) (native; raises ValueError when k < 0)
  const scale = nat(
    fn('scale', T.void, (b) => {
      b.param('a', t1);
      b.param('k', T.double);
      return [ret()];
    }),
    true,
  );
  const add = nat(fn('add', T.int, (b) => [ret(bin('add', b.param('a', T.int), b.param('b', T.int)))]));
  const big = nat(fn('big', T.ulonglong, (b) => [ret(b.param('x', T.ulonglong))]));
  const flag = nat(fn('flag', T.bool, (b) => [ret(b.param('x', T.bool))]));
  const hidden = nat(fn('twice', T.longlong, (b) => [ret(bin('mul', b.param('x', T.longlong), c(2n, T.longlong)))]), false);
  const hiddenCdef: IRFunction = { ...hidden, flavor: 'cdef', exported: false };
  // generic code calling native code: def total_after_scale(double[:] a, double k): scale(a, k); return sum
  const generic = fn('use', T.double, (b) => {
    const a = b.param('a', t1);
    const k = b.param('k', T.double);
    return [
      { kind: 'expr', value: call('scale', [a, k], T.void) },
      ret(bin('add', mvLoad(a, c(0n, T.ssize)), cast(call('twice', [mvShape(a, 0)], T.longlong), T.double))),
    ];
  });

  function setup() {
    const calls: unknown[][] = [];
    const fake = fakeNative(80, (err) => ({
      sym_scale: (...args: unknown[]) => {
        calls.push(['scale', ...args]);
        const [data, offset, n, stride, k] = args as [Float64Array | null, number, number, number, number];
        if (k < 0) {
          err[0] = 1; // excNames[1]
          err[1] = 0; // messages[0]
          return undefined;
        }
        for (let i = 0; i < n; i++) data![offset + i * stride]! *= k;
        return undefined;
      },
      sym_add: (a: unknown, b: unknown) => {
        calls.push(['add', a, b]);
        return ((a as number) + (b as number)) | 0;
      },
      sym_big: (x: unknown) => {
        calls.push(['big', x]);
        // the wrapper reads int64 (number) or the signed 64-bit pattern (bigint)
        if (typeof x === 'bigint' && (x < -(2n ** 63n) || x >= 2n ** 63n)) throw new Error('not a signed pattern');
        const u = BigInt.asUintN(64, BigInt(x as number | bigint));
        return u <= 2n ** 53n ? Number(u) : u;
      },
      sym_flag: (x: unknown) => {
        calls.push(['flag', x]);
        if (x !== 0 && x !== 1) throw new Error('bint must be passed as 0/1');
        return x === 1;
      },
      sym_twice: (x: unknown) => {
        calls.push(['twice', x]);
        return Number(x) * 2;
      },
    }));
    const mod = module([scale, add, big, flag, hiddenCdef, generic], {
      excNames: ['', 'ValueError'],
      messages: [{ template: 'negative factor', args: [] }],
      // these tiny functions stand for compiled ones: keep JS calling their N-API entries
      directives: { tiny_in_js: false },
    });
    const native = {
      loaderUrl,
      objectFile: fake.objectFile,
      stateSymbol: 'cpx_test__state',
      fnSymbols: { scale: 'sym_scale', add: 'sym_add', big: 'sym_big', flag: 'sym_flag', twice: 'sym_twice' },
    };
    return { calls, fake, mod, native };
  }

  it('exports call the N-API function directly with ABI-shaped arguments', async () => {
    const { calls, fake, mod, native } = setup();
    const m = await load(mod, native);
    expect(fake.requested[0]).toEqual(['cpx_test__state', 'sym_scale', 'sym_add', 'sym_big', 'sym_flag', 'sym_twice']);
    expect(m.add(2, 3)).toBe(5);
    expect(calls.pop()).toEqual(['add', 2, 3]);
    const a = new Float64Array([1, 2, 3]);
    expect(m.scale(a, 2)).toBeUndefined();
    expect([...a]).toEqual([2, 4, 6]);
    expect(calls.pop()).toEqual(['scale', a, 0, 3, 1, 2]);
    // strided view through the slow path: data, offset, extent, stride
    const d = new Float64Array([1, 1, 1, 1, 1]);
    m.scale({ data: d, shape: [2], strides: [2], offset: 1 }, 5);
    expect([...d]).toEqual([1, 5, 1, 5, 1]);
    expect(calls.pop()).toEqual(['scale', d, 1, 2, 2, 5]);
    // None view
    m.scale(null, 1);
    expect(calls.pop()).toEqual(['scale', null, 0, 0, 0, 1]);
    expect(m.flag(true)).toBe(true);
    expect(calls.pop()).toEqual(['flag', 1]);
    expect(m.__cypyx__.functions.find((f: { name: string }) => f.name === 'scale').runsAs).toBe('native');
    expect(m.__cypyx__.functions.find((f: { name: string }) => f.name === 'use').runsAs).toBe('js');
    expect(m.__cypyx__).toMatchObject({ native: true, handle: 42 });
  });

  it('64-bit arguments: numbers, or the signed bigint pattern', async () => {
    const { calls, mod, native } = setup();
    const m = await load(mod, native);
    expect(m.big(5)).toBe(5);
    expect(calls.pop()).toEqual(['big', 5]);
    // 2^64-1 travels as the signed pattern -1n and comes back exact
    expect(m.big(2n ** 64n - 1n)).toBe(2n ** 64n - 1n);
    expect(calls.pop()).toEqual(['big', -1n]);
    expect(m.big(2n ** 53n - 1n)).toBe(2 ** 53 - 1);
  });

  it('a raised native error state becomes the Python exception and is reset', async () => {
    const { fake, mod, native } = setup();
    const m = await load(mod, native);
    const e = thrown(() => m.scale(new Float64Array(1), -1));
    expect(e.name).toBe('ValueError');
    expect(e.message).toBe('negative factor');
    expect(fake.err[0]).toBe(0);
    // later calls are fine
    expect(m.scale(new Float64Array(1), 1)).toBeUndefined();
    // also through generic code
    expect(thrown(() => m.use(new Float64Array([1]), -2)).name).toBe('ValueError');
    expect(fake.err[0]).toBe(0);
  });

  it('generic code calls native functions through helpers (view records expanded)', async () => {
    const { calls, mod, native } = setup();
    const m = await load(mod, native);
    const a = new Float64Array([1, 2]);
    expect(m.use(a, 3)).toBe(3 + 4);
    expect(calls).toEqual([
      ['scale', a, 0, 2, 1, 3],
      ['twice', 2],
    ]);
  });

  it('with native: null the same module runs entirely as JS', async () => {
    const add2 = nat(fn('add', T.int, (b) => [ret(bin('add', b.param('a', T.int), b.param('b', T.int)))]));
    const m = await load(module([add2]), null);
    expect(m.add(2147483647, 1)).toBe(-2147483648);
    expect(m.__cypyx__.functions[0]).toMatchObject({ tier: 'native', runsAs: 'js' });
  });

  it('a native function without a symbol falls back to JS', async () => {
    const fake = fakeNative(80, () => ({}));
    const m = await load(module([add]), { loaderUrl, objectFile: fake.objectFile, stateSymbol: 'cpx_test__state', fnSymbols: {} });
    expect(m.add(1, 2)).toBe(3);
  });
});
