// libm in wasm (src/compile/wasm/libm.ts): exp is wasm code, glibc's table-driven
// algorithm with glibc's constants and a table computed by cypyx. The contract:
// - C's special cases (NaN, ±inf, overflow, underflow, subnormal results, −0);
// - error < 0.52 ulp against a high-precision reference (BigInt);
// - glibc's bits: the values below are glibc 2.36's exp (x86-64, FMA build), including the
//   inputs where only an exact fused multiply-add gives them; and, when the native addon
//   is there, agreement with the native back end (glibc) on ~200k inputs;
// - within 1 ulp of Math.exp (V8's fdlibm, which the JS tier uses): they may differ in the
//   last bit.
// Also: the table (recomputed here independently), where it lies in memory, and that the
// heap cannot overwrite it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, beforeAll } from 'vitest';
import { frontEnd } from '../../src/compile/index.js';
import { emitWasm } from '../../src/compile/wasm/index.js';
import { EXP_TABLE_BYTES, expTable, expTableValues } from '../../src/compile/wasm/libm.js';
import { instantiateWasm, WasmMemory, type WasmInstance } from '../../src/runtime/wasm.js';
import type { WasmSig } from '../../src/compile/wasm/index.js';
import { Fn, T, build, math, module, ret } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

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

let binary: Uint8Array;
let layout: { stateOffset: number; heapBase: number };
let inst: WasmInstance;
let sigs: Record<string, WasmSig>;
let imports: string[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cypyx-wasm-libm-'));
  const file = join(dir, 'libm.pyx');
  writeFileSync(file, SOURCE);
  const { ir } = frontEnd(file, SOURCE, { readFile: () => null, backend: 'wasm' });
  const out = await emitWasm(ir);
  binary = out.binary;
  layout = out.memory;
  sigs = out.sigs;
  const mod = new WebAssembly.Module(out.binary as Uint8Array<ArrayBuffer>);
  imports = WebAssembly.Module.imports(mod).map((i) => i.name);
  inst = instantiateWasm(mod, out.memory);
});

/** exp over every element of `x` in wasm. */
function wasmExp(x: Float64Array, on: WasmInstance = inst): Float64Array {
  const out = new Float64Array(x.length);
  on.fn(sigs.exps!)(x, 0, x.length, 1, out, 0, out.length, 1);
  return out;
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

const dv = new DataView(new ArrayBuffer(8));
const bitsOf = (d: number): bigint => {
  dv.setFloat64(0, d);
  return dv.getBigUint64(0);
};
/** Distance in units in the last place (through the ordered integer view of doubles). */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const ord = (v: number) => {
    const u = BigInt.asIntN(64, bitsOf(v));
    return u < 0n ? -(u & 0x7fffffffffffffffn) : u;
  };
  const d = ord(a) - ord(b);
  return Number(d < 0n ? -d : d);
}
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Inputs over every range of the algorithm (deterministic). */
function sample(seed: number, per: number): Float64Array {
  const r = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < per; i++) out.push(-746 + 1456 * r()); // every finite result and around
  for (let i = 0; i < per; i++) out.push(-2 + 4 * r()); // |k| small, the sigmoid range
  for (let i = 0; i < per; i++) out.push((r() < 0.5 ? -1 : 1) * 2 ** (-60 + 70 * r())); // every magnitude, incl. 2^-54
  for (let i = 0; i < per; i++) out.push(-745.2 + 37 * r()); // subnormal results
  for (let i = 0; i < per; i++) out.push((r() < 0.5 ? -1 : 1) * (512 + 512 * r())); // 512 ≤ |x| < 1024
  const w = new Uint32Array(2 * per);
  for (let i = 0; i < w.length; i++) w[i] = Math.floor(r() * 2 ** 32);
  out.push(...new Float64Array(w.buffer)); // random bit patterns
  return Float64Array.from(out);
}

// glibc 2.36 exp (x86-64 with FMA: its FMA build), [x, exp(x)], from Python's math.exp
const GLIBC: [number, number][] = [
  // special values and boundaries
  [0, 1], [-0, 1], [1, 2.718281828459045], [-1, 0.36787944117144233], [0.5, 1.6487212707001282],
  [5.551115123125783e-17, 1], [2.7755575615628914e-17, 1], [-5.551115123125783e-17, 1], [5.551115123125782e-17, 1],
  [5e-324, 1], [-5e-324, 1], [2.2250738585072014e-308, 1], [1e-300, 1], [1e-10, 1.0000000001], [-1e-10, 0.9999999999],
  [0.34657359027997264, 1.414213562373095], [1.0397207708399179, 2.82842712474619],
  [0.6931471805599453, 2], [-0.6931471805599453, 0.5], [2, 7.38905609893065], [3, 20.085536923187668],
  [10, 22026.465794806718], [-10, 4.5399929762484854e-5], [100, 2.6881171418161356e43], [-100, 3.720075976020836e-44],
  [512, 2.2844135865397565e222], [-512, 4.377491037053051e-223], [511.99999999999994, 2.2844135865396268e222],
  [-511.99999999999994, 4.3774910370533e-223], [709, 8.218407461554972e307], [709.78, 1.7928227943945155e308],
  [709.782712893384, 1.7976931348622732e308], [709.7827128933841, Infinity], [1000, Infinity], [1024, Infinity],
  [1e300, Infinity], [Number.MAX_VALUE, Infinity], [Infinity, Infinity],
  [-708.3964185322641, 2.2250738585072626e-308], [-708.3964185322642, 2.2250738585070097e-308], [-708.4, 2.217119081664265e-308],
  [-720.5, 1.2326102893e-313], [-730, 9.226315e-318], [-740, 4.2e-322], [-744.4400719213812, 5e-324],
  [-745.1332191019411, 5e-324], [-745.1332191019412, 0], [-745.2, 0], [-1000, 0], [-1024, 0], [-1e300, 0],
  [-Number.MAX_VALUE, 0], [-Infinity, 0], [NaN, NaN],
  // scale + scale·tmp exactly halfway between two doubles: the sign of the product's
  // rounding error decides (fma); rounding the product first gives the other neighbour
  [-128.1057239108933, 2.314147332446261e-56], [49.167173679767416, 2.254406458256963e21],
  [-299.4438056700562, 8.978577948658499e-131], [447.99783945859394, 3.6558602124311065e194],
  [197.4739971973379, 5.779194382871936e85], [222.47447372289116, 4.1632865377021787e96],
  [-161.16979882475732, 1.0112201639491107e-70], [-441.7051458762684, 1.4787423730381678e-192],
  [-10.125952679274747, 4.002714619030378e-5], [-19.36162636808922, 3.902586228445244e-9],
  [7.8695181795609415, 2616.3046953728885], [16.758322982190066, 18969120.576475214],
  [-11.67171472008829, 8.531761425296642e-6], [14.369134790523844, 1739546.1268455905],
  [2.6166570548465415, 13.689882479331684], [-13.17965434100779, 1.8886385337059915e-6],
  // 512 ≤ x < 710: glibc fuses the last multiply-add (plain rounding differs here)
  [637.7569959882399, 9.426362845599464e276], [610.2096758490306, 1.0249319351036393e265],
  [534.2503519393902, 1.0519129510814332e232], [602.9536743621611, 7.235251280484169e261],
  [591.4482631416581, 7.289823505126477e256], [615.3050413210162, 1.673339769940362e267],
  // -1024 < x ≤ -512: there it does not (the product has two uses; fusing differs here)
  [-607.2480170356151, 1.8859798776220778e-264], [-512.2644086512464, 3.3604237645546558e-223],
  [-704.9757611814707, 6.806393341149183e-307], [-620.0219865733048, 5.344075344802351e-270],
  [-621.6573372542745, 1.041474871406684e-270], [-679.0649774555761, 1.2185053414090866e-295],
  // subnormal results, where y is rounded once to its final precision (scaling alone differs)
  [-709.1115996822651, 1.0882914178970804e-308], [-709.3594974881721, 8.49345822831191e-309],
  [-708.657035404954, 1.7145887178827154e-308], [-709.147591606537, 1.0498182307677445e-308],
  [-708.6930655522245, 1.653911502352041e-308], [-709.25900170512, 9.39137795983554e-309],
  [-708.4023255409948, 2.2119690709510734e-308], [-708.8407572369514, 1.426824584991805e-308],
];

// ---------------------------------------------------------------- a high-precision exp
const P = 320n; // fraction bits
const ONE = 1n << P;
/** ln 2 · 2^P: Σ 1/(n 2^n). */
const LN2 = (() => {
  let s = 0n;
  for (let n = 1n; n < 400n; n++) s += ONE / (n << n);
  return s;
})();
/** exp(x) as (mantissa M, exponent e): x exact, the value M · 2^e within 2^-300 relative. */
function refExp(x: number): { m: bigint; e: bigint } {
  // x = mx · 2^ex exactly
  const b = bitsOf(x);
  const ef = Number((b >> 52n) & 0x7ffn);
  let mx = (b & ((1n << 52n) - 1n)) | (ef ? 1n << 52n : 0n);
  if (b >> 63n) mx = -mx;
  const ex = BigInt((ef || 1) - 1075);
  const xf = ex >= -P ? mx << (P + ex) : mx >> (-P - ex); // x · 2^P (exact for the x used here)
  const k = xf / LN2 + (xf >= 0n ? 0n : -1n); // ≈ floor(x / ln2)
  const r = xf - k * LN2; // 0 ≤ r < ln2 (up to one unit)
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * r) / (n << P);
    sum += term;
  }
  return { m: sum, e: k - P };
}
/** |y − exp(x)| in ulps of y (for a finite y ≠ 0; subnormal ulps for subnormals). */
function ulpError(x: number, y: number): number {
  const { m, e } = refExp(x);
  const b = bitsOf(y);
  const ef = Number((b >> 52n) & 0x7ffn);
  const my = (b & ((1n << 52n) - 1n)) | (ef ? 1n << 52n : 0n);
  const ey = BigInt((ef || 1) - 1075); // y = my · 2^ey, ulp(y) = 2^ey
  // (my · 2^ey − m · 2^e) / 2^ey = my − m · 2^(e − ey)
  const sh = e - ey;
  const F = 64n;
  const diff = (my << F) - (sh >= 0n ? m << (sh + F) : sh + F >= 0n ? m << (sh + F) : m >> -(sh + F));
  return Math.abs(Number(diff)) / 2 ** 64;
}

describe('wasm exp', () => {
  it('is wasm code: no exp import', () => {
    expect(imports).not.toContain('exp');
  });

  it("gives glibc's exp for special values, boundaries and the inputs where the rounding is delicate", () => {
    const x = Float64Array.from(GLIBC.map(([v]) => v));
    const y = wasmExp(x);
    const bad = GLIBC.flatMap(([v, want], i) => (same(y[i]!, want) ? [] : [{ x: v, want, got: y[i] }]));
    expect(bad).toEqual([]);
    // scalar calls (no loop around it), and -0 / subnormal inputs keep their sign rules
    const e = inst.fn(sigs.expd!);
    for (const [v, want] of GLIBC.slice(0, 60)) expect(same(e(v), want), `exp(${v})`).toBe(true);
    expect(Object.is(e(-1000), 0)).toBe(true); // +0, never -0
    expect(Object.is(e(-745.2), 0)).toBe(true);
  });

  it('is within 0.52 ulp of the true value (BigInt reference), subnormal results included', () => {
    const x = [...sample(4242, 300).filter((v) => Math.abs(v) < 1024), ...GLIBC.map(([v]) => v).filter((v) => Math.abs(v) < 1024)];
    const y = wasmExp(Float64Array.from(x));
    let worst = 0;
    x.forEach((v, i) => {
      const r = y[i]!;
      if (r === 0 || r === Infinity) {
        // underflow / overflow: then the true value is beyond the range
        if (r === 0) expect(v).toBeLessThan(-745.13);
        else expect(v).toBeGreaterThan(709.78);
        return;
      }
      worst = Math.max(worst, ulpError(v, r));
    });
    expect(worst).toBeLessThan(0.52);
    expect(worst).toBeGreaterThan(0.4); // the reference really measures something
  });

  it('is within 1 ulp of Math.exp (fdlibm: the JS tier) everywhere', () => {
    const x = sample(777, 1 << 14);
    const y = wasmExp(x);
    let differ = 0;
    for (let i = 0; i < x.length; i++) {
      const m = Math.exp(x[i]!);
      if (!same(y[i]!, m)) {
        differ++;
        expect(ulpDistance(y[i]!, m), `x = ${x[i]}`).toBe(1);
      }
    }
    // they do differ, in the last bit, on a few percent of these inputs
    expect(differ).toBeGreaterThan(0);
    expect(differ / x.length).toBeLessThan(0.15);
  });

  it('float: exp of a float is exp in double, rounded to float', async () => {
    const fn = new Fn('expf', T.float);
    fn.body = [ret(math('exp', [fn.param('x', T.float)], T.float))];
    const e = (await build(module([fn]))).fns.expf!;
    const ed = inst.fn(sigs.expd!);
    const r = rng(99);
    const bad: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const v = Math.fround((r() - 0.5) * 220);
      if (!Object.is(e(v), Math.fround(ed(v)))) bad.push(v);
    }
    expect(bad).toEqual([]);
  });
});

describe('wasm exp: the table', () => {
  it('is 2^(j/128) correctly rounded, and its tail, as recomputed independently', () => {
    // 2^(j/128) = the 7th square root of 2^j, in fixed point with 400 fraction bits
    const F = 400n;
    const isqrt = (n: bigint) => {
      let x = 1n << (BigInt(n.toString(2).length) / 2n + 1n);
      for (;;) {
        const y = (x + n / x) >> 1n;
        if (y >= x) return x;
        x = y;
      }
    };
    /** v · 2^-F (0 < v) as a decimal string of 45 significant digits; Number() rounds it correctly */
    const decimal = (v: bigint) => {
      const digits = ((v * 10n ** 130n) >> F).toString();
      return `${digits.slice(0, 45)}e${digits.length - 45 - 130}`;
    };
    const { hi, tail } = expTableValues();
    for (let j = 0; j < 128; j++) {
      let y = BigInt(2 ** j) << F;
      for (let i = 0; i < 7; i++) y = isqrt(y << F);
      const h = Number(decimal(y));
      expect(hi[j], `H_${j}`).toBe(h);
      // the rounding is certain: 2^(j/128) is far from the midpoints (error of y: ~2^-390)
      const hf = BigInt(h * 2 ** 52) << (F - 52n);
      const half = 1n << (F - 53n);
      const off = y - hf;
      expect((off < 0n ? -off : off) < half - (1n << 200n)).toBe(true);
      const t = ((y - hf) << F) / hf; // 2^(j/128)/H_j − 1
      const tv = t < 0n ? -Number(decimal(-t)) : t === 0n ? 0 : Number(decimal(t));
      expect(tail[j], `T_${j}`).toBe(tv);
    }
    // the layout: tail bits, then H bits − j << 45, little-endian
    const bytes = expTable();
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    expect(bytes.length).toBe(EXP_TABLE_BYTES);
    expect(v.getFloat64(16 * 5, true)).toBe(tail[5]);
    expect(v.getBigUint64(16 * 5 + 8, true)).toBe(bitsOf(hi[5]!) - (5n << 45n));
  });

  it('lies in the state block, which the heap never hands out', () => {
    // the state block ends with the table (layout.heapBase − EXP_TABLE_BYTES, relative to stateOffset)
    const off = layout.heapBase - EXP_TABLE_BYTES - layout.stateOffset;
    const mem = new WasmMemory();
    const insts = [instantiateWasm(binary, layout, { memory: mem }), instantiateWasm(binary, layout, { memory: mem })];
    // allocations around them, filled with garbage, must not reach the tables
    const arrays = Array.from({ length: 8 }, () => mem.alloc('float64', 1000));
    for (const a of arrays) (a.data as Float64Array).fill(NaN);
    const x = sample(5, 200);
    const want = wasmExp(x);
    for (const i of insts) {
      expect(new Uint8Array(mem.memory.buffer, i.stateAddr + off, EXP_TABLE_BYTES)).toEqual(expTable());
      expect(wasmExp(x, i)).toEqual(want);
    }
  });
});

// glibc's exp through the native back end (real C exp, as Cython uses)
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node')) && existsSync(join(ROOT, 'dist/register.js'));
describe.skipIf(!hasAddon)('wasm exp vs the native back end (glibc)', () => {
  it('agrees with glibc on every input but at most 1 in 100,000, and within 1 ulp', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cypyx-wasm-exp-native-'));
    writeFileSync(join(dir, 'k.pyx'), SOURCE);
    const x = sample(2024, 1 << 15);
    writeFileSync(join(dir, 'x.bin'), new Uint8Array(x.buffer));
    const script = `
      import { readFileSync, writeFileSync } from 'node:fs';
      const m = await import(${JSON.stringify(join(dir, 'k.pyx'))});
      const b = readFileSync(${JSON.stringify(join(dir, 'x.bin'))});
      const x = new Float64Array(b.buffer, b.byteOffset, b.length / 8);
      const y = new Float64Array(x.length);
      m.exps(x, y);
      writeFileSync(${JSON.stringify(join(dir, 'y.bin'))}, new Uint8Array(y.buffer));
      console.log(JSON.stringify(m.__cypyx__.functions.map((f) => f.runsAs)));
    `;
    const r = spawnSync(process.execPath, ['--import', 'cypyx/register', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, CYPYX_BACKEND: 'native', CYPYX_CACHE_DIR: join(dir, 'cache') },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual(['native', 'native']);
    const yb = readFileSync(join(dir, 'y.bin'));
    const glibc = new Float64Array(yb.buffer, yb.byteOffset, yb.length / 8);
    const y = wasmExp(x);
    const bad: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (same(y[i]!, glibc[i]!)) continue;
      bad.push(x[i]!);
      expect(ulpDistance(y[i]!, glibc[i]!), `x = ${x[i]}`).toBe(1);
    }
    // glibc ≥ 2.28 on a CPU with FMA runs the build whose results cypyx reproduces;
    // elsewhere (no FMA: the product is rounded first; or an older exp) some 0.1% differ
    const fma = /\bfma\b/.test(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '');
    const version = ((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime ?? '0').split('.').map(Number);
    const strict = fma && (version[0]! > 2 || (version[0] === 2 && version[1]! >= 28));
    expect(bad.length / x.length).toBeLessThanOrEqual(strict ? 1e-5 : 5e-3);
  }, 120_000);
});
