// Vite on the server side: SSR modules get the loader hook's glue (native when the addon
// loads) — through the dev server's ssrLoadModule and in an `ssr` build whose bundle is
// run in Node; the same app's client build gets wasm.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, createServer } from 'vite';
import type { PyxModuleInfo, unplugin as Unplugin } from '../../src/plugin/index.js';
import type { loadAddon as LoadAddon } from '../../src/native/addon.js';
import { ROOT, cleanupTemps, copyFixture, runBundle, tempDir, importDist } from './helpers.js';

afterAll(cleanupTemps);

const EXPECTED = { dot: 32, sumSquares: 328350, scaled: [2, 4, 6], err: 'ValueError: length mismatch' };
// the built plugin (dist/), as `cypyx/vite` resolves for a user
const built = existsSync(join(ROOT, 'dist', 'plugin', 'index.js')) && existsSync(join(ROOT, 'dist', 'runtime', 'wasm.js'));
const { unplugin } = built ? await importDist<{ unplugin: typeof Unplugin }>('plugin/index.js') : ({} as { unplugin: typeof Unplugin });
const cypyx = (o: object) => unplugin.vite(o);
const { loadAddon } = built ? await importDist<{ loadAddon: typeof LoadAddon }>('native/addon.js') : { loadAddon: () => null };
const nativeExpected = loadAddon() !== null && !process.env.CYPYX_BACKEND && !process.env.CYPYX_FORCE_BACKEND;

describe.skipIf(!built)('Vite: SSR and client builds', () => {
  const app = copyFixture();
  const cache = tempDir('cypyx-vite-cache-');

  it('dev server ssrLoadModule: node glue', async () => {
    const mods: PyxModuleInfo[] = [];
    const server = await createServer({
      root: app,
      configFile: false,
      logLevel: 'silent',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
      plugins: [cypyx({ cacheDir: cache, onModule: (m: PyxModuleInfo) => mods.push(m) })],
    });
    try {
      const m = (await server.ssrLoadModule('/main.js')) as { result: unknown };
      expect(m.result).toEqual(EXPECTED);
      expect(mods[0]!.target).toBe('node');
      if (nativeExpected) expect(mods[0]!.backend).toBe('native');
    } finally {
      await server.close();
    }
  });

  it('ssr build: the bundle runs in Node (runtime and native loader stay external)', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    await build({
      root: app,
      configFile: false,
      logLevel: 'silent',
      plugins: [cypyx({ cacheDir: cache, onModule: (m: PyxModuleInfo) => mods.push(m) })],
      build: { ssr: 'main.js', outDir: out, emptyOutDir: true },
    });
    expect(mods[0]!.target).toBe('node');
    const js = readFileSync(join(out, 'main.mjs'), 'utf8');
    // the runtime entry point the glue needs (src/runtime/tiers.ts), kept external
    expect(js).toMatch(/from "file:\/\/[^"]*\/dist\/runtime\/(index|core|nd)\.js"/);
    expect(await runBundle(join(out, 'main.mjs'))).toEqual(EXPECTED);
  });

  it("backend 'wasm': ssrLoadModule and a self-contained ssr build that runs elsewhere (the .wasm inlined)", async () => {
    const mods: PyxModuleInfo[] = [];
    const server = await createServer({
      root: app, configFile: false, logLevel: 'silent', appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
      plugins: [cypyx({ cacheDir: cache, backend: 'wasm', onModule: (m: PyxModuleInfo) => mods.push(m) })],
    });
    try {
      expect(((await server.ssrLoadModule('/main.js')) as { result: unknown }).result).toEqual(EXPECTED);
    } finally {
      await server.close();
    }
    expect(mods[0]).toMatchObject({ target: 'node', backend: 'wasm', wasm: 'inline' });
    const out = tempDir();
    await build({
      root: app, configFile: false, logLevel: 'silent',
      plugins: [cypyx({ cacheDir: cache, backend: 'wasm', inlineWasmLimit: 0, onModule: (m: PyxModuleInfo) => mods.push(m) })],
      build: { ssr: 'main.js', outDir: out, emptyOutDir: true },
    });
    // Vite's ssr builds do not emit assets (by default): the .wasm is inlined
    expect(mods[1]).toMatchObject({ target: 'node', backend: 'wasm', wasm: 'inline' });
    const to = tempDir('cypyx-moved-');
    cpSync(out, to, { recursive: true });
    expect(readFileSync(join(to, 'main.mjs'), 'utf8')).not.toContain('file://');
    expect(await runBundle(join(to, 'main.mjs'), 'result', { CYPYX_CACHE_DIR: tempDir() })).toEqual(EXPECTED);
  });

  it('client build of the same app: wasm, runtime bundled', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    await build({
      root: app,
      configFile: false,
      logLevel: 'silent',
      plugins: [cypyx({ cacheDir: cache, onModule: (m: PyxModuleInfo) => mods.push(m) })],
      build: {
        outDir: out,
        emptyOutDir: true,
        lib: { entry: join(app, 'main.js'), formats: ['es'], fileName: 'main' },
      },
    });
    expect(mods[0]).toMatchObject({ target: 'browser', backend: 'wasm' });
    const files = readdirSync(out);
    const entry = files.find((f) => /^main\.(m?js)$/.test(f))!;
    expect(readFileSync(join(out, entry), 'utf8')).not.toContain('file://');
    expect(await runBundle(join(out, entry))).toEqual(EXPECTED);
  });
});
