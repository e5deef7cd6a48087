// End to end with the real compiler, through the BUILT package (dist/: run `npm run build`
// first; `npm test` does). Skipped until the whole pipeline is in the tree: front end,
// LLVM and JS back ends, runtime.
import { describe, it, expect, afterAll } from 'vitest';
import { withoutBackendNotice } from '../helpers/stderr.js';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ADDON, makeProject, runNode, childEnv, cleanupTemps, tempDir } from './helpers.js';

const PIPELINE = ['src/compile/index.ts', 'src/compile/llvm/index.ts', 'src/compile/js/index.ts', 'src/runtime/index.ts'];
const ready = PIPELINE.every((f) => existsSync(join(ROOT, f)));
const REGISTER = join(ROOT, 'dist', 'register.js');

afterAll(cleanupTemps);

const ADD = 'def add(double a, double b):\n    return a + b\n';
const APP = `
const t0 = performance.now();
const m = await import('./add.pyx');
const t1 = performance.now();
const r = m.add(2, 3.5);
const t2 = performance.now();
console.log(JSON.stringify({ r, importMs: t1 - t0, firstCallMs: t2 - t1 }));
`;
const last = (s: string) => JSON.parse(s.trim().split('\n').pop()!) as { r: number; importMs: number; firstCallMs: number };

/** The cache's entries and manifests (not the loader's hit index, hit-*.json, which a hit may record). */
function snapshot(dir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dir).filter((f) => !f.startsWith('hit-')).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
}

describe.skipIf(!ready)('real pipeline through `node --import cypyx/register`', () => {
  const run = (dir: string, app: string, cache: string, env: Record<string, string> = {}) =>
    runNode(['--import', REGISTER, app], { cwd: dir, env: childEnv({ CYPYX_CACHE_DIR: cache, ...env }) });

  it('dist is built', () => {
    for (const f of ['register.js', 'loader-hook.js', 'build/compile.js', 'runtime/index.js', 'runtime/loader-native.js', 'compile/index.js']) {
      expect(existsSync(join(ROOT, 'dist', f)), `dist/${f} missing: run npm run build`).toBe(true);
    }
  });

  it('static and dynamic import', async () => {
    const dir = makeProject({
      'add.pyx': ADD,
      'static.mjs': `import { add } from './add.pyx';\nconsole.log(add(1, 2));`,
      'dynamic.mjs': `const { add } = await import('./add.pyx');\nconsole.log(add(0.5, 0.25));`,
    });
    const cache = tempDir();
    const s = await run(dir, 'static.mjs', cache);
    expect(withoutBackendNotice(s.stderr)).toBe('');
    expect(s.stdout.trim()).toBe('3');
    const d = await run(dir, 'dynamic.mjs', cache);
    expect(withoutBackendNotice(d.stderr)).toBe('');
    expect(d.stdout.trim()).toBe('0.75');
  });

  it('a second process loads from the cache (import time printed)', async () => {
    const dir = makeProject({ 'add.pyx': ADD, 'app.mjs': APP, 'empty.mjs': '' });
    const cache = tempDir();
    const cold = await run(dir, 'app.mjs', cache);
    expect(withoutBackendNotice(cold.stderr)).toBe('');
    expect(last(cold.stdout).r).toBe(5.5);
    const before = snapshot(cache);
    const warm = [];
    for (let i = 0; i < 5; i++) warm.push(await run(dir, 'app.mjs', cache));
    for (const w of warm) expect(last(w.stdout).r).toBe(5.5);
    expect(snapshot(cache)).toEqual(before); // nothing rewritten: served from the cache
    const base = [];
    for (let i = 0; i < 5; i++) base.push((await run(dir, 'empty.mjs', cache)).ms);
    const bare = [];
    for (let i = 0; i < 5; i++) bare.push((await runNode(['empty.mjs'], { cwd: dir, env: childEnv() })).ms);
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
    const backend = existsSync(ADDON) ? 'native (auto)' : 'js (auto)';
    console.log(
      `[real compiler, ${backend}] cold: import ${last(cold.stdout).importMs.toFixed(1)} ms, process ${cold.ms.toFixed(0)} ms | ` +
        `cached (median of 5): import ${med(warm.map((w) => last(w.stdout).importMs)).toFixed(1)} ms + first call ` +
        `${med(warm.map((w) => last(w.stdout).firstCallMs)).toFixed(2)} ms, process ${med(warm.map((w) => w.ms)).toFixed(0)} ms | ` +
        `empty app with cypyx/register ${med(base).toFixed(0)} ms, bare node ${med(bare).toFixed(0)} ms`,
    );
  });

  it('a compile error rejects the import with file:line:col', async () => {
    const dir = makeProject({
      'bad.pyx': 'def f(double a):\n    return a * scale_factor\n',
      'app.mjs': `try { await import('./bad.pyx'); console.log('imported?!'); } catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, line: e.line, col: e.col })); }`,
    });
    const r = await run(dir, 'app.mjs', tempDir());
    const e = JSON.parse(r.stdout) as { name: string; message: string; line: number; col: number };
    expect(e.name).toBe('CompileError');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(new RegExp(`^bad\\.pyx:2:${e.col}: .*scale_factor.*\\n {4} {4}return a \\* scale_factor\\n {4} +\\^`));
  });

  it('a truncated cache entry is rebuilt', async () => {
    const dir = makeProject({ 'add.pyx': ADD, 'app.mjs': APP });
    const cache = tempDir();
    expect(last((await run(dir, 'app.mjs', cache)).stdout).r).toBe(5.5);
    const victim = readdirSync(cache).find((f) => f.endsWith('.o')) ?? readdirSync(cache).find((f) => f.endsWith('.mjs'))!;
    const size = statSync(join(cache, victim)).size;
    truncateSync(join(cache, victim), Math.floor(size / 2));
    const r = await run(dir, 'app.mjs', cache);
    expect(withoutBackendNotice(r.stderr)).toBe('');
    expect(last(r.stdout).r).toBe(5.5);
    expect(statSync(join(cache, victim)).size).toBe(size);
    expect(readFileSync(join(cache, victim)).byteLength).toBe(size);
  });
});

// The wasm back end through the built package: explicitly, and as the fallback of auto
// when the addon cannot be loaded (a copy of the package without build/Release).
const KERNEL = `
cimport cython

def scale(double[:] a, double k):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] *= k

def total(const double[:] a):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def fdiv(long a, long b):
    return a // b
`;
const WASM_APP = `
import { alloc } from 'cypyx';
const m = await import('./kernel.pyx');
const a = new Float64Array([1, 2, 3]);
m.scale(a, 2);
const strided = { data: new Float64Array([1, 1, 1, 1]), shape: [2], strides: [2] };
m.scale(strided, 5);
const w = alloc('float64', [3]);
w.data.set([1, 2, 3]);
m.scale(w, 10);
let err = null;
try { m.fdiv(1, 0); } catch (e) { err = e.name + ': ' + e.message; }
console.log(JSON.stringify({ backend: m.__cypyx__.backend, a: [...a], strided: [...strided.data], w: [...w.data], total: m.total(w),
  big: String(m.fdiv(2n ** 62n, 1n)), err }));
`;

describe.skipIf(!ready)('real pipeline: the wasm back end', () => {
  const run = (dir: string, app: string, cache: string, env: Record<string, string> = {}, register = REGISTER) =>
    runNode(['--import', register, app], { cwd: dir, env: childEnv({ CYPYX_CACHE_DIR: cache, ...env }) });
  const EXPECT = {
    backend: 'wasm',
    a: [2, 4, 6],
    strided: [5, 1, 5, 1],
    w: [10, 20, 30],
    total: 60,
    big: String(2n ** 62n),
    err: 'ZeroDivisionError: integer division or modulo by zero',
  };

  it('CYPYX_BACKEND=wasm: write-back, alloc() arrays, errors; a second process loads the cached .wasm', async () => {
    const dir = makeProject({ 'kernel.pyx': KERNEL, 'app.mjs': WASM_APP });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'cypyx'));
    const cache = tempDir();
    const cold = await run(dir, 'app.mjs', cache, { CYPYX_BACKEND: 'wasm' });
    expect(withoutBackendNotice(cold.stderr)).toBe('');
    expect(JSON.parse(cold.stdout)).toEqual(EXPECT);
    const wasmFiles = readdirSync(cache).filter((f) => f.endsWith('.o'));
    expect(wasmFiles).toHaveLength(1);
    expect([...readFileSync(join(cache, wasmFiles[0]!)).subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    const meta = JSON.parse(readFileSync(join(cache, wasmFiles[0]!.replace(/\.o$/, '.json')), 'utf8')) as { backend: string };
    expect(meta.backend).toBe('wasm');
    const before = Object.fromEntries(readdirSync(cache).map((f) => [f, statSync(join(cache, f)).mtimeMs]));
    const warm = await run(dir, 'app.mjs', cache, { CYPYX_BACKEND: 'wasm' });
    expect(withoutBackendNotice(warm.stderr)).toBe('');
    expect(JSON.parse(warm.stdout)).toEqual(EXPECT);
    expect(Object.fromEntries(readdirSync(cache).map((f) => [f, statSync(join(cache, f)).mtimeMs]))).toEqual(before);
    if (existsSync(ADDON)) {
      const nat = await run(dir, 'app.mjs', cache, { CYPYX_BACKEND: 'native' });
      expect(withoutBackendNotice(nat.stderr)).toBe('');
      expect(JSON.parse(nat.stdout)).toEqual({ ...EXPECT, backend: 'native' });
    }
  }, 60000);

  it('auto without the addon: wasm, with one notice saying why', async () => {
    const pkg = tempDir('cypyx-noaddon-');
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const dir = makeProject({ 'kernel.pyx': KERNEL, 'app.mjs': WASM_APP });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(pkg, join(dir, 'node_modules', 'cypyx'));
    const r = await run(dir, 'app.mjs', tempDir(), {}, join(pkg, 'dist', 'register.js'));
    expect(JSON.parse(r.stdout)).toEqual(EXPECT);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cypyx: native back end unavailable \(the native addon could not be loaded from .*cypyx_native\.node.*\); using the WebAssembly back end instead/);
  }, 60000);
});
