// Cython 0.29: a cdef/cpdef function with a C return type and no `except` clause
// cannot propagate an exception; it is printed ("Exception ignored in") and the
// function returns 0. Same results and report on every back end.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const mod = join(fileURLToPath(new URL('.', import.meta.url)), 'unraisable.pyx');
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));
const script = `
const m = await import(${JSON.stringify(mod)});
const out = {};
for (const [n, f] of Object.entries({ g: () => m.g(0), h: () => m.h(1, 0), go: () => m.go(0), ge: () => m.ge(0), gl: () => m.gl(0), g1: () => m.g(1) })) {
  try { out[n] = f(); } catch (e) { out[n] = e.name; }
}
console.log(JSON.stringify(out));
`;

for (const backend of ['native', 'wasm', 'js']) {
  describe.skipIf(backend === 'native' && !hasAddon)(`unraisable exceptions (${backend})`, () => {
    it('are reported on stderr and the function returns 0; except clauses and object returns propagate', () => {
      const r = spawnSync(process.execPath, ['--import', 'cypyx/register', '--input-type=module', '-e', script], {
        cwd: ROOT, env: { ...process.env, CYPYX_BACKEND: backend, CYPYX_FORCE_BACKEND: backend }, encoding: 'utf8', timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ g: 5, h: 0, go: 'ZeroDivisionError', ge: 'ZeroDivisionError', gl: [0], g1: 6 });
      // Cython names the function that swallowed it: 'module.function', on every tier
      expect(r.stderr.match(/Exception ignored in: '[^']*'/g)).toEqual([
        "Exception ignored in: 'unraisable.f'",
        "Exception ignored in: 'unraisable.h'",
        "Exception ignored in: 'unraisable.f'",
      ]);
      expect(r.stderr).toContain('ZeroDivisionError: integer division or modulo by zero');
    });
  });
}
