// compileFile's orchestration, in-process with the fake compiler (test/loader/fake-toolchain.ts):
// back end choice, cache keys over deps, hits without the front end, rebuilds.
import { describe, it, expect, vi, beforeEach, afterEach, afterAll } from 'vitest';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCompiler } from '../../src/build/compile.js';
import { defaultNative, resolveBackend, type NativeProvider } from '../../src/build/backend.js';
import type { NativeAddon } from '../../src/native/addon.js';
import { fakeToolchain, makeProject, tempDir, cleanupTemps, ADDON } from '../loader/helpers.js';

const sim = vi.hoisted(() => ({ stderr: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 2) {
      sim.stderr.push(String(data));
      return String(data).length;
    }
    return (orig.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof orig.writeSync;
  return { ...orig, default: { ...orig, writeSync }, writeSync };
});

/** A stand-in addon: "compiles" IR text to its bytes; targetKey is settable. */
function fakeNative(opts: { available?: boolean; target?: string } = {}): NativeProvider & { compiled: string[] } {
  const compiled: string[] = [];
  const addon = {
    hostInfo: () => ({ triple: 't', cpu: 'c', features: '', llvmVersion: '14' }),
    compile: (text: string) => {
      compiled.push(text);
      return new TextEncoder().encode(text);
    },
    load: () => {
      throw new Error('not in this test');
    },
    release: () => {},
  } as unknown as NativeAddon;
  return {
    compiled,
    loadAddon: () => (opts.available === false ? null : addon),
    addonLoadError: () => (opts.available === false ? 'cypyx: no addon in this test' : null),
    targetKey: () => opts.target ?? 'fake-target',
  };
}

let log: string;
const feRuns = (): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);

beforeEach(() => {
  log = join(tempDir(), 'fe.log');
  vi.stubEnv('FAKE_FE_LOG', log);
  vi.stubEnv('CYPYX_BACKEND', '');
  vi.stubEnv('CYPYX_FORCE_BACKEND', '');
  vi.stubEnv('CYPYX_CACHE_DIR', '');
  sim.stderr.length = 0;
});
afterEach(() => vi.unstubAllEnvs());
afterAll(cleanupTemps);

describe('compileFile', () => {
  it('compiles on a miss, then serves the cache without running the front end', async () => {
    const dir = makeProject({ 'm.pyx': 'def add: +\nconst K = 7\n' });
    const compile = createCompiler(fakeToolchain, fakeNative({ available: false }));
    const a = await compile(join(dir, 'm.pyx'), { backend: 'js' });
    expect(a).toMatchObject({ fromCache: false, backend: 'js' });
    expect(a.glue).toContain('export function add(a, b) { return a + b; }');
    expect(a.glueFile).toBe(join(dir, 'node_modules', '.cache', 'cypyx', `${a.key}.mjs`));
    expect(a.objectFile).toBeUndefined();
    expect(a.timings.frontEnd).toBeGreaterThanOrEqual(0);
    expect(feRuns()).toBe(1);
    const b = await compile(join(dir, 'm.pyx'), { backend: 'js' });
    expect(b).toMatchObject({ fromCache: true, key: a.key, glue: a.glue, glueFile: a.glueFile });
    expect(b.timings.frontEnd).toBeUndefined();
    expect(feRuns()).toBe(1);
    const c = await compile(join(dir, 'm.pyx'), { backend: 'js', force: true });
    expect(c).toMatchObject({ fromCache: false, key: a.key });
    expect(feRuns()).toBe(2);
  });

  it('editing a cimported .pxd (or the source) changes the key and recompiles', async () => {
    const dir = makeProject({ 'm.pyx': 'cimport defs\ndef add: +\n', 'defs.pxd': 'const N = 1\n' });
    const compile = createCompiler(fakeToolchain, fakeNative({ available: false }));
    const file = join(dir, 'm.pyx');
    const a = await compile(file, { backend: 'js' });
    expect(a.deps).toEqual([join(dir, 'defs.pxd')]);
    expect(a.glue).toContain('export const N = 1;');
    expect((await compile(file, { backend: 'js' })).fromCache).toBe(true);
    writeFileSync(join(dir, 'defs.pxd'), 'const N = 2\n');
    const b = await compile(file, { backend: 'js' });
    expect(b.fromCache).toBe(false);
    expect(b.key).not.toBe(a.key);
    expect(b.glue).toContain('export const N = 2;');
    writeFileSync(join(dir, 'defs.pxd'), 'const N = 1\n'); // back: the old entry is still valid
    expect(await compile(file, { backend: 'js' })).toMatchObject({ fromCache: true, key: a.key });
    writeFileSync(file, 'cimport defs\ndef add: *\n');
    expect(await compile(file, { backend: 'js' })).toMatchObject({ fromCache: false });
    expect(feRuns()).toBe(3);
  });

  it('rebuilds a truncated or corrupt entry and says what was wrong', async () => {
    const dir = makeProject({ 'm.pyx': 'def add: +\n' });
    const compile = createCompiler(fakeToolchain, fakeNative());
    const file = join(dir, 'm.pyx');
    const a = await compile(file, { backend: 'native' });
    expect(a.objectFile).toBe(join(dir, 'node_modules', '.cache', 'cypyx', `${a.key}.o`));
    truncateSync(a.objectFile!, 10);
    const b = await compile(file, { backend: 'native' });
    expect(b).toMatchObject({ fromCache: false, key: a.key });
    expect(b.rebuilt).toMatch(/truncated .*\.o/);
    writeFileSync(a.glueFile!, 'garbage');
    expect((await compile(file, { backend: 'native' })).rebuilt).toMatch(/\.mjs/);
    writeFileSync(join(dir, 'node_modules', '.cache', 'cypyx', `${a.key}.json`), '{');
    expect((await compile(file, { backend: 'native' })).rebuilt).toMatch(/unparsable meta/);
    const ok = await compile(file, { backend: 'native' });
    expect(ok.fromCache).toBe(true);
    expect(ok.rebuilt).toBeUndefined();
  });

  it('native: emits LLVM with the key as symbol suffix, stores the object, keys on the target', async () => {
    const dir = makeProject({ 'm.pyx': 'def add: +\ndef mul: *\n' });
    const native = fakeNative({ target: 'cpu-a' });
    const file = join(dir, 'm.pyx');
    const a = await createCompiler(fakeToolchain, native)(file, { backend: 'native' });
    expect(native.compiled).toHaveLength(1);
    expect(native.compiled[0]).toContain(`@cpx_${a.key.slice(0, 8)}_add__napi`);
    expect(readFileSync(a.objectFile!, 'utf8')).toBe(native.compiled[0]);
    expect(a.glue).toContain(JSON.stringify(a.objectFile));
    expect(a.glue).toContain('/dist/runtime/loader-native.js');
    const b = await createCompiler(fakeToolchain, fakeNative({ target: 'cpu-b' }))(file, { backend: 'native' });
    expect(b.fromCache).toBe(false);
    expect(b.key).not.toBe(a.key);
    const js = await createCompiler(fakeToolchain, native)(file, { backend: 'js' });
    expect(js.key).not.toBe(a.key);
    expect(js.objectFile).toBeUndefined();
    expect(native.compiled).toHaveLength(1);
    const o3 = await createCompiler(fakeToolchain, native)(file, { backend: 'native', optLevel: 3 });
    expect(o3.key).not.toBe(a.key);
  });

  it('compile errors propagate, are not cached, and report the files read so far', async () => {
    const dir = makeProject({ 'm.pyx': 'cimport defs\ndef add: +\n', 'defs.pxd': 'const N = 1\n  error bad thing here\n' });
    const compile = createCompiler(fakeToolchain, fakeNative({ available: false }));
    const seen: string[][] = [];
    const err = await compile(join(dir, 'm.pyx'), { backend: 'js', onDeps: (f) => seen.push(f) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'CompileError', line: 2, col: 3, file: join(dir, 'defs.pxd') });
    expect((err as Error).message).toMatch(/^defs\.pxd:2:3: bad thing here\n {4} {2}error bad thing here\n {4} {2}\^/);
    expect(seen).toEqual([[join(dir, 'm.pyx'), join(dir, 'defs.pxd')]]);
    writeFileSync(join(dir, 'defs.pxd'), 'const N = 1\n');
    const ok = await compile(join(dir, 'm.pyx'), { backend: 'js', onDeps: (f) => seen.push(f) });
    expect(ok.fromCache).toBe(false);
    expect(seen[1]).toEqual([join(dir, 'm.pyx'), join(dir, 'defs.pxd')]);
    await compile(join(dir, 'm.pyx'), { backend: 'js', onDeps: (f) => seen.push(f) });
    expect(seen[2]).toEqual(seen[1]);
  });

  it('uses CYPYX_CACHE_DIR, else the package root of the .pyx', async () => {
    const dir = makeProject({ 'sub/deeper/m.pyx': 'def add: +\n' });
    const compile = createCompiler(fakeToolchain, fakeNative({ available: false }));
    const a = await compile(join(dir, 'sub', 'deeper', 'm.pyx'), { backend: 'js' });
    expect(a.glueFile!.startsWith(join(dir, 'node_modules', '.cache', 'cypyx') + '/')).toBe(true);
    const env = tempDir();
    vi.stubEnv('CYPYX_CACHE_DIR', env);
    expect((await compile(join(dir, 'sub', 'deeper', 'm.pyx'), { backend: 'js' })).glueFile!.startsWith(env + '/')).toBe(true);
    const opt = tempDir();
    expect((await compile(join(dir, 'sub', 'deeper', 'm.pyx'), { backend: 'js', cacheDir: opt })).glueFile!.startsWith(opt + '/')).toBe(true);
  });

  it.skipIf(!existsSync(ADDON))('native with the real addon: the object is a real relocatable object', async () => {
    const dir = makeProject({ 'm.pyx': 'def add: +\n' });
    const r = await createCompiler(fakeToolchain, defaultNative)(join(dir, 'm.pyx'), { backend: 'native' });
    const obj = readFileSync(r.objectFile!);
    expect(obj.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46])); // ELF
    expect(r.timings.native).toBeGreaterThan(0);
  });
});

describe('back end choice', () => {
  const file = (): string => join(makeProject({ 'm.pyx': 'def add: +\n' }), 'm.pyx');

  it('auto: native when the addon loads, else wasm with one notice saying why', async () => {
    expect(resolveBackend(undefined, fakeNative()).backend).toBe('native');
    const none = fakeNative({ available: false });
    const compile = createCompiler(fakeToolchain, none);
    const r1 = await compile(file());
    const r2 = await compile(file());
    expect([r1.backend, r2.backend]).toEqual(['wasm', 'wasm']);
    const notices = sim.stderr.filter((s) => s.includes('native back end unavailable'));
    expect(notices).toHaveLength(1); // the first auto choice in this file
    expect(notices[0]).toMatch(/\(no addon in this test\); using the WebAssembly back end/);
  });

  it('explicit native without an addon is an error saying why; explicit wasm needs no addon', async () => {
    const none = fakeNative({ available: false });
    await expect(createCompiler(fakeToolchain, none)(file(), { backend: 'native' })).rejects.toThrow(
      /native back end was requested \(by the backend option\) but is unavailable: no addon in this test/,
    );
    const w = await createCompiler(fakeToolchain, none)(file(), { backend: 'wasm' });
    expect(w.backend).toBe('wasm');
    expect([...readFileSync(w.objectFile!).subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    vi.stubEnv('CYPYX_BACKEND', 'native');
    expect(() => resolveBackend(undefined, none)).toThrow(/requested \(by CYPYX_BACKEND\)/);
    vi.stubEnv('CYPYX_BACKEND', 'llvm');
    expect(() => resolveBackend(undefined, none)).toThrow(/unknown back end "llvm" \(from CYPYX_BACKEND\)/);
  });

  it('precedence: CYPYX_FORCE_BACKEND > option > CYPYX_BACKEND > auto', () => {
    const yes = fakeNative();
    vi.stubEnv('CYPYX_BACKEND', 'js');
    expect(resolveBackend(undefined, yes).backend).toBe('js');
    expect(resolveBackend('native', yes).backend).toBe('native');
    vi.stubEnv('CYPYX_FORCE_BACKEND', 'js');
    expect(resolveBackend('native', yes).backend).toBe('js');
  });
});

