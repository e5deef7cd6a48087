// Tiny scalar functions are served from the JS tier when JS calls them (ir/entry.ts).
// The same module, with and without `# cypyx: tiny_in_js=False`, must give identical
// results (Object.is: -0 and NaN included) and identical errors, on every back end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));

const dir = mkdtempSync(join(tmpdir(), 'cypyx-tiny-'));
const source = readFileSync(join(here, 'tiny.pyx'), 'utf8');
writeFileSync(join(dir, 'served.pyx'), source);
writeFileSync(join(dir, 'compiled.pyx'), `# cypyx: tiny_in_js=False\n${source}`);

const script = `
const a = await import(${JSON.stringify(join(dir, 'served.pyx'))});
const b = await import(${JSON.stringify(join(dir, 'compiled.pyx'))});
const D = [0, -0, 1.5, -2.5, 0.1, 3, -7, 1e308, -1e308, 5e-324, Infinity, -Infinity, NaN, 2147483647, -2147483648, 2147483648.5, 4294967296];
const I = [0, 1, -1, 7, -7, 3, 100, -100, 127, -128, 2147483647, -2147483648, 2147483648, 4294967295, 1.5];
const calls = [];
for (const x of D) for (const y of D) calls.push(['add', x, y], ['fadd', x, y], ['fdiv', x, y], ['hyp', x, y]);
for (const x of D) calls.push(['f2i', x], ['isneg', x], ['sig', x], ['clip', x, -1, 2.5], ['clip', x, NaN, 1]);
for (const x of I) for (const y of I) calls.push(['idiv', x, y], ['imod', x, y], ['imix', x, y]);
for (const x of I) calls.push(['umul', x], ['small', x], ['tri', x > 1000 ? 5 : x], ['big', x]);
calls.push(['add', '1', 2], ['add', 1], ['idiv', 1n, 2], ['big', 2n ** 62n]);
const show = (f) => { try { const r = f(); return typeof r === 'bigint' ? r + 'n' : Object.is(r, -0) ? '-0' : Number.isNaN(r) ? 'NaN' : r; } catch (e) { return e.name + ': ' + e.message; } };
const diffs = [];
for (const [name, ...args] of calls) {
  const x = show(() => a[name](...args)), y = show(() => b[name](...args));
  if (!Object.is(x, y)) diffs.push({ name, args: args.map(String), served: x, compiled: y });
}
const runsAs = (m) => Object.fromEntries(m.__cypyx__.functions.map((f) => [f.name, f.runsAs]));
console.log(JSON.stringify({ n: calls.length, diffs, served: runsAs(a), compiled: runsAs(b), backend: a.__cypyx__.backend }));
`;

for (const backend of ['native', 'wasm']) {
  describe.skipIf(backend === 'native' && !hasAddon)(`tiny functions served from JS (${backend})`, () => {
    const r = spawnSync(process.execPath, ['--import', 'cypyx/register', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, CYPYX_BACKEND: backend, CYPYX_CACHE_DIR: join(dir, `cache-${backend}`) },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').pop()!) : null;
    it('runs', () => expect(r.status, r.stderr).toBe(0));
    it('gives the compiled results, bit for bit, errors included', () => {
      expect(out.backend).toBe(backend);
      expect(out.n).toBeGreaterThan(1000);
      expect(out.diffs).toEqual([]);
    });
    it('serves only tiny straight-line functions of exact operations from JS', () => {
      const tiny = ['add', 'fadd', 'idiv', 'imod', 'imix', 'umul', 'small', 'clip', 'hyp', 'f2i', 'fdiv', 'isneg'];
      for (const f of tiny) expect([f, out.served[f]]).toEqual([f, 'js']);
      for (const f of ['sig', 'tri', 'big']) expect([f, out.served[f]]).toEqual([f, backend]);
      for (const f of [...tiny, 'sig', 'tri', 'big']) expect([f, out.compiled[f]]).toEqual([f, backend]);
    });
  });
}
