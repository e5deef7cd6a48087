// The project-local bench kernels (bench/kernels): discovery next to the shared kernels,
// --kernels filtering, and the adapters driving the compiled ufunc / reduction with the
// same results as the JS references (small inputs; npm run bench does the full sizes).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain .mjs without types
import { discoverRows, filterRows } from '../../bench/lib/kernels.mjs';
// @ts-expect-error plain .mjs without types
import { LOCAL_KERNELS } from '../../bench/lib/paths.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));
const SHARED = join(ROOT, '..', 'shared', 'bench', 'kernels');

describe('local bench kernels', () => {
  it('are discovered with the expected checksums of their README', () => {
    const rows = discoverRows([LOCAL_KERNELS]);
    expect(rows.map((r: any) => r.id)).toEqual(['sigmoid_ufunc', 'sum_reduce']);
    for (const r of rows) {
      expect(typeof r.expected?.exact, r.id).toBe('number');
      expect(r.kernelsDir).toBe(LOCAL_KERNELS);
    }
  });

  it.skipIf(!existsSync(SHARED))('come after the shared kernels and filter by name', () => {
    const rows = discoverRows([SHARED, LOCAL_KERNELS]);
    expect(rows.slice(-2).map((r: any) => r.id)).toEqual(['sigmoid_ufunc', 'sum_reduce']);
    expect(rows.length).toBeGreaterThan(2);
    expect(filterRows(rows, ['sigmoid_ufunc', 'sum_reduce']).map((r: any) => r.id)).toEqual(['sigmoid_ufunc', 'sum_reduce']);
    expect(() => filterRows(rows, ['nope'])).toThrow(/unknown kernel/);
  });

  it('refuses two kernels of one name', () => {
    expect(() => discoverRows([LOCAL_KERNELS, LOCAL_KERNELS])).toThrow(/clashes/);
  });

  for (const backend of ['native', 'wasm']) {
    it.skipIf(backend === 'native' && !hasAddon)(`adapters match the JS references (${backend})`, () => {
      const r = spawnSync(process.execPath, ['--import', 'cypyx/register', join(ROOT, 'test', 'bench', 'local-kernels-child.mjs')], {
        cwd: ROOT,
        env: { ...process.env, CYPYX_BACKEND: backend, CYPYX_FORCE_BACKEND: backend },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(res.sigmoid_ufunc.returnsOut).toBe(true);
      // native calls the C library's exp, JS and wasm V8's port of fdlibm: the last bit
      // of some elements may differ (the bench's 10-million-element checksum agrees)
      const { got, want } = res.sigmoid_ufunc;
      expect(got.length).toBe(want.length);
      const far = got.filter((g: number, i: number) => !(Math.abs(g - want[i]) <= 4.5e-16 * Math.abs(want[i])));
      expect(far).toEqual([]);
      expect(res.sum_reduce.got).toBe(res.sum_reduce.want);
    });
  }
});
