// libm in wasm (src/compile/wasm/libm.ts): exp is wasm code instead of an import of
// Math.exp, and must give exactly Math.exp's results (the wasm back end's results do
// not change), for random bit patterns, the ranges of every branch of the algorithm,
// their boundaries and the special values; double and float arguments.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { frontEnd } from '../../src/compile/index.js';
import { emitWasm } from '../../src/compile/wasm/index.js';
import { instantiateWasm, type WasmInstance } from '../../src/runtime/wasm.js';
import type { WasmSig } from '../../src/compile/wasm/index.js';
import { Fn, T, build, math, module, ret } from './helpers.js';

const SOURCE = `
from libc.math cimport exp
cimport cython

@cython.boundscheck(False)
@cython.wraparound(False)
def exps(double[::1] x, double[::1] out):
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        out[i] = exp(x[i])

def expd(double x):
    return exp(x)
`;

let inst: WasmInstance;
let sigs: Record<string, WasmSig>;
let imports: string[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cypyx-wasm-libm-'));
  const file = join(dir, 'libm.pyx');
  writeFileSync(file, SOURCE);
  const { ir } = frontEnd(file, SOURCE, { readFile: () => null, backend: 'wasm' });
  const out = await emitWasm(ir);
  sigs = out.sigs;
  const mod = new WebAssembly.Module(out.binary as Uint8Array<ArrayBuffer>);
  imports = WebAssembly.Module.imports(mod).map((i) => i.name);
  inst = instantiateWasm(mod, out.memory);
});

/** exp over every element of `x` in wasm; returns the indices whose bits differ from Math.exp. */
function mismatches(x: Float64Array): number[] {
  const out = new Float64Array(x.length);
  inst.fn(sigs.exps!)(x, 0, x.length, 1, out, 0, out.length, 1);
  const bad: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Object.is(out[i], Math.exp(x[i]!))) bad.push(i);
  return bad;
}

/** A deterministic generator (xorshift), so that a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

describe('wasm exp', () => {
  it('is wasm code: no exp import', () => {
    expect(imports).not.toContain('exp');
  });

  it('matches Math.exp bit for bit on random doubles of every magnitude', () => {
    const r = rng(12345);
    const n = 1 << 20;
    const x = new Float64Array(n);
    const w = new Uint32Array(x.buffer);
    for (let i = 0; i < 2 * n; i++) w[i] = Math.floor(r() * 2 ** 32);
    expect(mismatches(x)).toEqual([]);
  });

  it('matches Math.exp on the ranges of each branch and near their limits', () => {
    const r = rng(777);
    const ln2 = Math.LN2;
    const ranges: [number, number][] = [
      [-746, 710], // every finite result
      [-2, 2], // k = 0, ±1 and small k
      [-1e-7, 1e-7], // near 2^-28
      [709, 709.79], // k = 1024 and overflow
      [-745.2, -700], // subnormal results (k < -1021) and underflow
      [0.5 * ln2 * (1 - 1e-9), 0.5 * ln2 * (1 + 1e-9)],
      [1.5 * ln2 * (1 - 1e-9), 1.5 * ln2 * (1 + 1e-9)],
      [-1.5 * ln2 * (1 + 1e-9), -1.5 * ln2 * (1 - 1e-9)],
      [2 ** -28 * (1 - 1e-9), 2 ** -28 * (1 + 1e-9)],
    ];
    const per = 1 << 17;
    const x = new Float64Array(per * ranges.length);
    ranges.forEach(([lo, hi], k) => {
      for (let i = 0; i < per; i++) x[k * per + i] = lo + (hi - lo) * r();
    });
    expect(mismatches(x)).toEqual([]);
    // multiples of ln2 / 2 and of 0.01 (the sigmoid kernel's inputs)
    const y = new Float64Array(8000);
    for (let i = 0; i < 4000; i++) y[i] = (i - 2000) * 0.5 * ln2;
    for (let i = 0; i < 4000; i++) y[4000 + i] = (i - 2000) * 0.01;
    expect(mismatches(y)).toEqual([]);
  });

  it('special values', () => {
    const s = [0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, 709.782712893384, 709.7827128933841, 709.78, -745.1332191019411,
      -745.1332191019412, -745.2, -708.3964185322641, -708.4, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE,
      0.34657359027997264, 1.0397207708399179, 2 ** -28, -(2 ** -28), 2 ** -29, 1e-300];
    expect(mismatches(Float64Array.from(s))).toEqual([]);
    const e = inst.fn(sigs.expd!);
    for (const v of s) expect(Object.is(e(v), Math.exp(v))).toBe(true);
  });

  it('float: exp of a float is exp in double, rounded to float (as before)', async () => {
    const fn = new Fn('expf', T.float);
    fn.body = [ret(math('exp', [fn.param('x', T.float)], T.float))];
    const e = (await build(module([fn]))).fns.expf!;
    const r = rng(99);
    for (let i = 0; i < 20000; i++) {
      const v = Math.fround((r() - 0.5) * 220);
      expect(e(v)).toBe(Math.fround(Math.exp(v)));
    }
  });
});
