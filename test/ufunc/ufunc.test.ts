// @cython.ufunc calls, .reduce, and the sum/prod/min/max helpers, checked against reference
// values computed independently in plain JS (child.mjs): every numeric dtype, broadcasting,
// strided and negative-stride inputs, out=, type resolution and casting, axis reductions.
// Runs through the real loader on each back end.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));

function run(backend: string): { name: string; ok: boolean; detail: string }[] {
  const r = spawnSync(process.execPath, ['--import', 'cypyx/register', join(here, 'child.mjs')], {
    cwd: ROOT,
    env: { ...process.env, CYPYX_BACKEND: backend, CYPYX_FORCE_BACKEND: backend },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

for (const backend of ['native', 'js', 'wasm']) {
  describe.skipIf(backend === 'native' && !hasAddon)(`ufuncs and reductions (${backend})`, () => {
    it('match the reference values', () => {
      const results = run(backend);
      expect(results.length).toBeGreaterThan(60);
      const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
      expect(failed).toEqual([]);
    });
  });
}
