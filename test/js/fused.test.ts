// Fused def/cpdef functions at the JS boundary (Cython 0.29's run-time dispatch) and
// fused calls from Cython code, through the real loader on each back end. The
// expectations below are what real Cython 0.29.32 gives for the same calls (see
// fused_dispatch.pyx); JS numbers stand for Python ints when integral.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));

const script = `
import { kwargs } from 'cypyx';
const m = await import(${JSON.stringify(join(here, 'fused_dispatch.pyx'))});
const cases = {
  only_float_int: () => m.only_float(2),
  only_float_float: () => m.only_float(2.5),
  two_ambiguous: () => m.two(1, 2),
  two_ok: () => m.two(1, 2.5),
  two_float_first: () => m.two(1.5, 2.5),
  kw_default: () => m.kw(1),
  kw_float: () => m.kw(1.5),
  kw_keyword: () => m.kw(kwargs({ x: 2 })),
  kw_missing: () => m.kw(kwargs({ y: 2 })),
  kw_none: () => m.kw(),
  twice: () => m.twice(3),
  twice_str: () => m.twice('3'),
  tname_int: () => m.tname(1),
  tname_float: () => m.tname(1.5),
  tname_bigint: () => m.tname(5n),
  mv_ok: () => m.mv(new Int32Array([1]), 0.5),
  mv_int_scalar: () => m.mv(new Int32Array([1]), 1),
  mv_wrong_dtype: () => m.mv(new Float64Array([1]), 0.5),
  mv_ndarray: () => m.mv({ data: new BigInt64Array([7n]), shape: [1] }, 0.25),
  boolarg: () => m.boolarg(true),
  call_ii: () => m.call_ii(5),
  call_cwrap: () => m.call_cwrap(5, 6),
  call_def_from_c: () => m.call_def_from_c(5),
  call_py_int: () => m.call_py(1),
  call_py_float: () => m.call_py(1.5),
  call_py_str: () => m.call_py('x'),
  tin_int: () => m.tin(1),
  tin_float: () => m.tin(1.5),
  tin2_int: () => m.tin2(1),
  tin2_float: () => m.tin2(1.5),
  bfl_float: () => m.bfl(1.5),
  bfl_int: () => m.bfl(1),
  bfl2: () => m.bfl2(1.5),
  bit_int: () => m.bit(3),
  bit_float: () => m.bit(3.5),
  bnm_int: () => m.bnm(3),
  bnm_float: () => m.bnm(3.5),
  btot32: () => m.btot(new Float32Array([1, 2])),
  btot64: () => m.btot(new Float64Array([1, 2.5])),
};
const out = {};
for (const [k, f] of Object.entries(cases)) {
  try { const r = f(); out[k] = typeof r === 'bigint' ? r + 'n' : r; } catch (e) { out[k] = e.name + ': ' + e.message; }
}
out.specs = m.__cypyx__.functions.filter((f) => f.name.startsWith('kw[')).map((f) => f.name + ':' + f.runsAs);
console.log(JSON.stringify(out));
`;

for (const backend of ['native', 'js', 'wasm']) {
  describe.skipIf(backend === 'native' && !hasAddon)(`fused dispatch (${backend})`, () => {
    const r = spawnSync(process.execPath, ['--import', 'cypyx/register', '--input-type=module', '-e', script], {
      cwd: ROOT, env: { ...process.env, CYPYX_BACKEND: backend, CYPYX_FORCE_BACKEND: backend }, encoding: 'utf8', timeout: 60_000,
    });
    it('runs', () => expect(r.status, r.stderr).toBe(0));
    const out = r.status === 0 ? JSON.parse(r.stdout) : {};
    it('scalars: integral numbers and bigints are Python ints, others floats; undecided types raise', () => {
      expect(out.only_float_int).toBe('TypeError: No matching signature found');
      expect(out.only_float_float).toBe(5);
      expect(out.two_ambiguous).toBe('TypeError: Function call with ambiguous argument types');
      expect(out.two_ok).toBe(3.5);
      expect(out.two_float_first).toBe('TypeError: Function call with ambiguous argument types');
      expect(out.twice).toBe(6);
      expect(out.twice_str).toBe('TypeError: No matching signature found');
      expect(out.tname_int).toBe('int');
      expect(out.tname_float).toBe('double');
      expect(out.tname_bigint).toBe('int');
      expect(out.boolarg).toBe(1);
    });
    it('keywords, defaults and missing arguments', () => {
      expect(out.kw_default).toBe(4);
      expect(out.kw_float).toBe(4.5);
      expect(out.kw_keyword).toBe(5);
      expect(out.kw_missing).toBe('TypeError: Expected at least 1 argument, got 0');
      expect(out.kw_none).toBe('TypeError: Expected at least 1 argument, got 0');
    });
    it('memoryviews dispatch on dtype and ndim', () => {
      expect(out.mv_ok).toBe(1.5);
      expect(out.mv_int_scalar).toBe('TypeError: Function call with ambiguous argument types');
      expect(out.mv_wrong_dtype).toBe('TypeError: Function call with ambiguous argument types');
      expect(out.mv_ndarray).toBe(7.25);
    });
    it('calls from Cython code: def fused functions dispatch like Python, cdef ones by exact C type', () => {
      expect(out.call_ii).toBe('long long');
      expect(out.call_cwrap).toEqual(['int', 'long long']);
      expect(out.call_def_from_c).toBe(10);
      expect(out.call_py_int).toBe(4);
      expect(out.call_py_float).toBe(4.5);
      expect(out.call_py_str).toBe('TypeError: No matching signature found');
    });
    it('compile-time type tests', () => {
      expect([out.tin_int, out.tin_float, out.tin2_int, out.tin2_float]).toEqual(['not', 'floating', 'no', 'yes']);
    });
    it("Cython's builtin fused types: cython.floating / integral / numeric, from cython cimport floating", () => {
      expect([out.bfl_float, out.bfl_int, out.bfl2]).toEqual(['double', 'TypeError: No matching signature found', 'd']);
      expect([out.bit_int, out.bit_float]).toEqual(['long', 'TypeError: No matching signature found']);
      expect([out.bnm_int, out.bnm_float, out.btot32, out.btot64]).toEqual(['long', 'double', 3, 3.5]);
    });
    it('one specialization per member type, each compiled', () => {
      expect(out.specs).toEqual(backend === 'js' ? ['kw[int]:js', 'kw[double]:js'] : [`kw[int]:${backend}`, `kw[double]:${backend}`]);
    });
  });
}
