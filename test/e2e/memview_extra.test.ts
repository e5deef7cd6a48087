// Memoryview features beyond the visible conformance suite, on native and js.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));
const script = `
const m = await import(${JSON.stringify(join(fileURLToPath(new URL('.', import.meta.url)), 'memview_extra.pyx'))});
const A = { data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3], strides: [3, 1] };
const F = { data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3], strides: [1, 2] };
const V = { data: new Float64Array(24).map((_, i) => i), shape: [2, 3, 4], strides: [12, 4, 1] };
const out = {};
for (const [n, f] of Object.entries({ fsum: () => m.fsum(F), fsum_c: () => m.fsum(A), ell: () => m.ell(V), length: () => m.length(A),
  rowcol: () => m.rowcol(A), strides: () => m.strides(A), shape_tuple: () => m.shape_tuple(A), iter1d: () => m.tolist_like(new Float64Array([1.5, 2])) })) {
  try { out[n] = f(); } catch (e) { out[n] = e.name + ': ' + e.message; }
}
console.log(JSON.stringify(out));
`;

for (const backend of ['native', 'js']) {
  describe.skipIf(backend === 'native' && !hasAddon)(`memoryviews (${backend})`, () => {
    it('F-contiguous views, Ellipsis, len/size/ndim/itemsize/nbytes, strides, iteration', () => {
      const r = spawnSync(process.execPath, ['--import', 'cypyx/register', '--input-type=module', '-e', script], {
        cwd: ROOT, env: { ...process.env, CYPYX_BACKEND: backend, CYPYX_FORCE_BACKEND: backend }, encoding: 'utf8', timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        fsum: 33, fsum_c: 'ValueError: ndarray is not Fortran contiguous', ell: [2, 3, 16], length: [2, 6, 2, 8, 48],
        rowcol: [6, 6], strides: 32, shape_tuple: [2, 3], iter1d: [1.5, 2],
      });
    });
  });
}
