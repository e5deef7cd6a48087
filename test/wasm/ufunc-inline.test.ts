// The element function of a ufunc is inlined into its loops on the wasm back end
// (codegen.ts ModuleGen.elementCall: a private copy per call site, inlined by binaryen
// before the optimizer runs), and exp's hot path is inline code at each call site
// (libm.ts): no call per element. Semantics stay those of the call: results, and an
// exception raised by one element stops the loop there.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { frontEnd } from '../../src/compile/index.js';
import { emitWasm, emitWasmText } from '../../src/compile/wasm/index.js';
import { instantiateWasm, type WasmInstance } from '../../src/runtime/wasm.js';
import type { WasmSig } from '../../src/compile/wasm/index.js';
import { ERROR_STATE } from '../../src/compile/ir/ir.js';

const SOURCE = `
cimport cython
from libc.math cimport exp

@cython.ufunc
@cython.cdivision(True)
cdef double sigmoid(double x):
    return 1.0 / (1.0 + exp(-x))

@cython.ufunc
cdef long long idiv(long long a, long long b):
    return a // b

ctypedef fused real:
    float
    double

@cython.ufunc
cdef real maxabs(real a, real b):
    return a if abs(a) >= abs(b) else b
`;

let text: string;
let inst: WasmInstance;
let sigs: Record<string, WasmSig>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cypyx-wasm-ufunc-'));
  const file = join(dir, 'u.pyx');
  writeFileSync(file, SOURCE);
  const { ir } = frontEnd(file, SOURCE, { readFile: () => null, backend: 'wasm' });
  const out = await emitWasm(ir);
  text = await emitWasmText(ir);
  sigs = out.sigs;
  inst = instantiateWasm(out.binary, out.memory);
});

/** The text of one function of the optimized module (names with brackets are quoted). */
function fnText(name: string): string {
  const id = /^[\w.$]+$/.test(name) ? `$${name}` : `$"${name}"`;
  const start = text.indexOf(`(func ${id} `);
  expect(start, name).toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\n (func ', start + 1);
  return text.slice(start, next < 0 ? undefined : next);
}

describe('wasm ufunc loops', () => {
  it('call no function per element: the element function and exp are inline', () => {
    for (const loop of ['sigmoid.ufunc_loop', 'idiv.ufunc_loop', 'maxabs[double].ufunc_loop', 'maxabs[double].ufunc_reduce']) {
      const body = fnText(`w.${loop}`);
      const calls = [...body.matchAll(/\(call \$"?([^\s)"]+)/g)].map((c) => c[1]);
      // only exp's out-of-line rare cases (|x| ≥ 512, ...; the exact fma) remain calls
      expect(calls.filter((c) => !/^l\.exp\.(special|fma)$/.test(c!)), loop).toEqual([]);
    }
    // the element functions themselves are still exported (JS calls them for scalars)
    expect(Object.keys(sigs)).toEqual(expect.arrayContaining(['sigmoid', 'idiv', 'maxabs[double]']));
  });

  it('give the element function’s results', () => {
    const n = 1001;
    const x = Float64Array.from({ length: n }, (_, i) => (i - 500) * 0.037);
    const out = new Float64Array(n);
    inst.fn(sigs['sigmoid.ufunc_loop']!)(x, 0, n, 1, out, 0, n, 1);
    const one = inst.fn(sigs.sigmoid!);
    for (let i = 0; i < n; i++) expect(out[i]).toBe(one(x[i]));
    // strided (the other loop)
    const half = new Float64Array(501);
    inst.fn(sigs['sigmoid.ufunc_loop']!)(x, 0, 501, 2, half, 0, 501, 1);
    for (let i = 0; i < 501; i++) expect(half[i]).toBe(one(x[2 * i]));
    // a reduction
    const m = Float64Array.from([1, -7, 3, 4, 5, -6]);
    expect(inst.fn(sigs['maxabs[double].ufunc_reduce']!)(m, 1, 5, 1, m[0])).toBe(-7);
  });

  it('report an element that raises as the function does (unraisable: 0, and the loop goes on)', () => {
    const a = new BigInt64Array([7n, -7n, 9n, 10n, 11n, 12n, 13n]);
    const b = new BigInt64Array([2n, 2n, 3n, 0n, 1n, 1n, 1n]);
    const slot = ERROR_STATE.unraisable / 4;
    inst.state.i32[slot] = 0;
    const idiv = inst.fn(sigs.idiv!);
    const want = [...a].map((v, i) => BigInt(idiv(v, b[i]!)));
    const reported = inst.state.i32[slot];
    expect(reported).not.toBe(0);
    inst.state.i32[slot] = 0;
    const out = new BigInt64Array(7).fill(99n);
    inst.fn(sigs['idiv.ufunc_loop']!)(a, 0, 7, 1, b, 0, 7, 1, out, 0, 7, 1);
    expect(inst.error()).toBe(null);
    expect([...out]).toEqual(want);
    expect(want).toEqual([3n, -4n, 3n, 0n, 11n, 12n, 13n]);
    expect(inst.state.i32[slot]).toBe(reported);
  });
});
