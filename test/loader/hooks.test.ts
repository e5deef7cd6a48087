// The real loader hooks, cache and native loading in real Node processes, with the fake
// compiler of fake-toolchain.ts standing in for the front end and back ends (see
// helpers.ts: makeSandbox). e2e.test.ts runs the same paths with the real compiler.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, makeProject, runNode, childEnv, cleanupTemps, tempDir, ADDON } from './helpers.js';

const HAS_ADDON = existsSync(ADDON);
let sb: string;
let sbNoAddon: string;
const register = (root: string): string => join(root, 'dist', 'register.js');

beforeAll(async () => {
  sb = await makeSandbox();
  sbNoAddon = await makeSandbox({ addon: false });
}, 60000);
afterAll(cleanupTemps);

const feLines = (dir: string): string[] =>
  existsSync(join(dir, 'fe.log')) ? readFileSync(join(dir, 'fe.log'), 'utf8').split('\n').filter(Boolean) : [];

function run(dir: string, app: string, env: Record<string, string> = {}, root = sb) {
  return runNode(['--import', register(root), app], { cwd: dir, env: childEnv({ FAKE_FE_LOG: join(dir, 'fe.log'), ...env }) });
}

const APP = `
const t0 = performance.now();
const m = await import('./k.pyx');
const ms = performance.now() - t0;
console.log(JSON.stringify({ backend: m.__backend, add: m.add(2, 3), mul: m.mul(4, 2.5), K: m.K, ms }));
`;
const K_PYX = 'def add: +\ndef mul: *\nconst K = 3\n';
const parse = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

describe.skipIf(!HAS_ADDON)('loader hooks (fake compiler, native back end)', () => {
  it('static import, dynamic import by relative path, absolute path and file URL', async () => {
    const dir = makeProject({
      'k.pyx': K_PYX,
      'sub/s.pyx': 'def sub: -\n',
      'app.mjs': `
import { add, mul, K, __backend } from './k.pyx';
import { pathToFileURL } from 'node:url';
const a = await import('./sub/s.pyx');
const b = await import(${JSON.stringify('')} + process.cwd() + '/sub/s.pyx');
const c = await import(pathToFileURL(process.cwd() + '/sub/s.pyx').href);
const q = await import('./sub/s.pyx?v=2'); // another instance of the same compiled module
console.log(JSON.stringify([__backend, add(1, 2), mul(3, 4), K, a.sub(10, 4), a === b, b === c, q !== a, q.sub(1, 1)]));
`,
    });
    const r = await run(dir, 'app.mjs');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['native', 3, 12, 3, 6, true, true, true, 0]);
    expect(r.code).toBe(0);
  });

  it('a second process loads from the cache without running the front end', async () => {
    const dir = makeProject({ 'k.pyx': K_PYX, 'app.mjs': APP });
    const cold = await run(dir, 'app.mjs');
    expect(cold.stderr).toBe('');
    const warm = await run(dir, 'app.mjs');
    const [c, w] = [parse(cold.stdout), parse(warm.stdout)];
    expect(w).toMatchObject({ backend: 'native', add: 5, mul: 10, K: 3 });
    expect(feLines(dir)).toEqual(['k.pyx native']);
    console.log(`[fake compiler] import of a .pyx: cold ${(c.ms as number).toFixed(1)} ms, cached ${(w.ms as number).toFixed(1)} ms; ` +
      `process wall time cold ${cold.ms.toFixed(0)} ms, cached ${warm.ms.toFixed(0)} ms`);
  });

  it('compile errors reject the import with file:line:col, the source line and a caret', async () => {
    const dir = makeProject({
      'bad.pyx': 'def add: +\n\n    error undeclared name not builtin: scale\n',
      'dyn.mjs': `
try { await import('./bad.pyx'); console.log('imported?!'); }
catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, stack: e.stack, line: e.line, col: e.col, file: e.file, text: e.text, diagnostics: e.diagnostics })); }
`,
      'static.mjs': `import { add } from './bad.pyx';\nconsole.log('imported?!', add);\n`,
    });
    const d = await run(dir, 'dyn.mjs');
    const e = parse(d.stdout);
    const expected = `bad.pyx:3:5: undeclared name not builtin: scale\n        error undeclared name not builtin: scale\n        ^\n  in ${join(dir, 'bad.pyx')}`;
    expect(e).toMatchObject({ name: 'CompileError', message: expected, line: 3, col: 5, file: join(dir, 'bad.pyx'), text: 'undeclared name not builtin: scale' });
    expect(e.stack).toBe(`CompileError: ${expected}\n    at ${join(dir, 'bad.pyx')}:3:5`);
    expect(e.diagnostics).toHaveLength(1);
    const s = await run(dir, 'static.mjs');
    expect(s.code).toBe(1);
    expect(s.stdout).toBe('');
    // Node prints a non-subclassed error with another name as "Error [CompileError]: ..."
    expect(s.stderr).toMatch(/CompileError\]?: bad\.pyx:3:5: undeclared name not builtin: scale\n {8}error undeclared.*\n {8}\^\n/);
    expect(s.stderr).toContain(`at ${join(dir, 'bad.pyx')}:3:5`);
    expect(feLines(dir)).toHaveLength(2); // errors are not cached
  });

  it('a truncated cache entry is detected and rebuilt', async () => {
    const dir = makeProject({ 'k.pyx': K_PYX, 'app.mjs': APP });
    await run(dir, 'app.mjs');
    const cache = join(dir, 'node_modules', '.cache', 'cypyx');
    const obj = readdirSync(cache).find((f) => f.endsWith('.o'))!;
    truncateSync(join(cache, obj), 64);
    const r = await run(dir, 'app.mjs');
    expect(r.stderr).toBe('');
    expect(parse(r.stdout)).toMatchObject({ add: 5, mul: 10 });
    expect(feLines(dir)).toHaveLength(2);
    writeFileSync(join(cache, obj.replace(/\.o$/, '.json')), '{"format":');
    expect(parse((await run(dir, 'app.mjs')).stdout)).toMatchObject({ add: 5 });
    expect(feLines(dir)).toHaveLength(3);
    expect(parse((await run(dir, 'app.mjs')).stdout)).toMatchObject({ add: 5 });
    expect(feLines(dir)).toHaveLength(3);
  });

  it('editing a cimported .pxd recompiles in the next process', async () => {
    const dir = makeProject({ 'k.pyx': 'cimport defs\n' + K_PYX, 'defs.pxd': 'const N = 1\n', 'app.mjs': `const m = await import('./k.pyx'); console.log(m.N);` });
    expect((await run(dir, 'app.mjs')).stdout.trim()).toBe('1');
    expect((await run(dir, 'app.mjs')).stdout.trim()).toBe('1');
    writeFileSync(join(dir, 'defs.pxd'), 'const N = 2\n');
    expect((await run(dir, 'app.mjs')).stdout.trim()).toBe('2');
    expect(feLines(dir)).toHaveLength(2);
  });

  it('two processes compiling the same module at the same time both succeed', async () => {
    const dir = makeProject({ 'k.pyx': 'sleep 500\n' + K_PYX, 'app.mjs': APP });
    const [a, b] = await Promise.all([run(dir, 'app.mjs'), run(dir, 'app.mjs')]);
    for (const r of [a, b]) {
      expect(r.stderr).toBe('');
      expect(parse(r.stdout)).toMatchObject({ backend: 'native', add: 5, mul: 10 });
    }
    expect(feLines(dir)).toHaveLength(2); // both compiled: they overlapped
    const c = await run(dir, 'app.mjs');
    expect(parse(c.stdout)).toMatchObject({ add: 5 });
    expect(feLines(dir)).toHaveLength(2);
    const cache = join(dir, 'node_modules', '.cache', 'cypyx');
    expect(readdirSync(cache).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('a read-only cache directory: one warning, modules still load (from memory)', async () => {
    const dir = makeProject({ 'k.pyx': K_PYX, 'k2.pyx': 'def add: -\n', 'app.mjs': APP + `console.log((await import('./k2.pyx')).add(1, 1));` });
    const cache = tempDir();
    chmodSync(cache, 0o555);
    const asRoot = process.getuid?.() === 0;
    const r = await runNode(['--import', register(sb), 'app.mjs'], {
      cwd: dir,
      env: childEnv({ CYPYX_CACHE_DIR: cache }),
      // root ignores permissions: run the child as nobody
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.stdout.trim().split('\n')[1]).toBe('0');
    expect(parse(r.stdout.trim().split('\n')[0]!)).toMatchObject({ backend: 'native', add: 5, mul: 10 });
    const warnings = r.stderr.split('\n').filter(Boolean);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot write to the cache directory .* \(EACCES.*kept in memory/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('node --watch re-runs when the .pyx or a cimported .pxd changes', async () => {
    const dir = makeProject({
      'k.pyx': 'cimport defs\ndef add: +\n',
      'defs.pxd': 'const N = 1\n',
      'app.mjs': `const m = await import('./k.pyx'); console.log('RUN', m.N, m.add(1, 1));`,
    });
    const child = spawn(process.execPath, ['--watch', '--import', register(sb), 'app.mjs'], {
      cwd: dir, env: childEnv({ FAKE_FE_LOG: join(dir, 'fe.log') }), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const runs = (): string[] => out.split('\n').filter((l) => l.startsWith('RUN'));
    const waitRuns = async (n: number): Promise<void> => {
      for (let i = 0; i < 150 && runs().length < n; i++) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      await waitRuns(1);
      await new Promise((r) => setTimeout(r, 500));
      writeFileSync(join(dir, 'defs.pxd'), 'const N = 2\n');
      await waitRuns(2);
      await new Promise((r) => setTimeout(r, 500));
      writeFileSync(join(dir, 'k.pyx'), 'cimport defs\ndef add: *\n');
      await waitRuns(3);
      expect(runs(), out).toEqual(['RUN 1 2', 'RUN 2 2', 'RUN 2 1']);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // exited
      }
    }
  }, 30000);
});

describe('loader hooks: back end choice', () => {
  it.skipIf(!HAS_ADDON)('CYPYX_BACKEND=js serves the JS back end', async () => {
    const dir = makeProject({ 'k.pyx': K_PYX, 'app.mjs': APP });
    const r = await run(dir, 'app.mjs', { CYPYX_BACKEND: 'js' });
    expect(r.stderr).toBe('');
    expect(parse(r.stdout)).toMatchObject({ backend: 'js', add: 5, mul: 10 });
  });

  it('CYPYX_BACKEND=wasm serves the wasm back end, silently, and caches the .wasm', async () => {
    const dir = makeProject({ 'k.pyx': K_PYX, 'app.mjs': APP });
    const r = await run(dir, 'app.mjs', { CYPYX_BACKEND: 'wasm' });
    expect(r.stderr).toBe('');
    expect(parse(r.stdout)).toMatchObject({ backend: 'wasm', add: 5, mul: 10, K: 3 });
    expect(feLines(dir)).toEqual(['k.pyx wasm']);
    const cache = join(dir, 'node_modules', '.cache', 'cypyx');
    const wasmFiles = readdirSync(cache).filter((f) => f.endsWith('.o'));
    expect(wasmFiles).toHaveLength(1);
    expect([...readFileSync(join(cache, wasmFiles[0]!)).subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    // a second process: from the cache, and the native entry is a different one
    expect(parse((await run(dir, 'app.mjs', { CYPYX_BACKEND: 'wasm' })).stdout)).toMatchObject({ backend: 'wasm', add: 5 });
    expect(feLines(dir)).toEqual(['k.pyx wasm']);
    if (HAS_ADDON) {
      expect(parse((await run(dir, 'app.mjs', { CYPYX_BACKEND: 'native' })).stdout)).toMatchObject({ backend: 'native', add: 5 });
      expect(feLines(dir)).toEqual(['k.pyx wasm', 'k.pyx native']);
    }
  });

  it('auto without the addon: the wasm back end and ONE notice saying why', async () => {
    const dir = makeProject({ 'k.pyx': K_PYX, 'k2.pyx': 'def add: -\n', 'app.mjs': APP + `console.log((await import('./k2.pyx')).add(1, 1));` });
    const r = await run(dir, 'app.mjs', {}, sbNoAddon);
    expect(parse(r.stdout.trim().split('\n')[0]!)).toMatchObject({ backend: 'wasm', add: 5, mul: 10 });
    expect(r.stdout.trim().split('\n')[1]).toBe('0');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cypyx: native back end unavailable \(the native addon could not be loaded from .*cypyx_native\.node: .*\); using the WebAssembly back end instead\. Set CYPYX_BACKEND=wasm to silence this notice\.$/,
    );
    const w = await run(dir, 'app.mjs', { CYPYX_BACKEND: 'wasm' }, sbNoAddon);
    expect(w.stderr).toBe('');
    expect(parse(w.stdout.trim().split('\n')[0]!)).toMatchObject({ backend: 'wasm', add: 5 });
    const n = await run(dir, 'app.mjs', { CYPYX_BACKEND: 'native' }, sbNoAddon);
    expect(n.code).toBe(1);
    expect(n.stderr).toMatch(/native back end was requested \(by CYPYX_BACKEND\) but is unavailable: the native addon could not be loaded/);
  });

  it('a missing .pyx is ERR_MODULE_NOT_FOUND; other files load normally', async () => {
    const dir = makeProject({ 'other.mjs': 'export const x = 1;', 'app.mjs': `import { x } from './other.mjs'; console.log(x); await import('./nope.pyx');` });
    mkdirSync(join(dir, 'node_modules', '.cache'), { recursive: true });
    const r = await run(dir, 'app.mjs');
    expect(r.stdout.trim()).toBe('1');
    expect(r.stderr).toMatch(/ERR_MODULE_NOT_FOUND/);
  });
});
