// esbuild, Rollup and webpack builds of a small app that imports a .pyx (which cimports
// a .pxd); each bundle is run in a child Node and its result checked. Browser builds use
// the wasm glue (runtime bundled, .wasm as an asset or inlined); node builds use the
// loader hook's glue (native when the addon loads).
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { rollup } from 'rollup';
import webpack from 'webpack';
import type { PyxModuleInfo, unplugin as Unplugin } from '../../src/plugin/index.js';
import type { compileFile as CompileFile } from '../../src/build/compile.js';
import type { loadAddon as LoadAddon } from '../../src/native/addon.js';
import { ROOT, cleanupTemps, copyFixture, importDist, runBundle, tempDir } from './helpers.js';

afterAll(cleanupTemps);

const EXPECTED = { dot: 32, sumSquares: 328350, scaled: [2, 4, 6], err: 'ValueError: length mismatch' };
// The built plugin (dist/), as `cypyx/esbuild` etc. resolve for a user.
const built = existsSync(join(ROOT, 'dist', 'plugin', 'index.js')) && existsSync(join(ROOT, 'dist', 'runtime', 'wasm.js'));
const { unplugin } = built ? await importDist<{ unplugin: typeof Unplugin }>('plugin/index.js') : ({} as { unplugin: typeof Unplugin });
const { compileFile } = built ? await importDist<{ compileFile: typeof CompileFile }>('build/compile.js') : ({} as { compileFile: typeof CompileFile });
const { loadAddon } = built ? await importDist<{ loadAddon: typeof LoadAddon }>('native/addon.js') : ({ loadAddon: () => null } as unknown as { loadAddon: typeof LoadAddon });
const cypyxEsbuild = (o: object) => unplugin.esbuild(o);
const cypyxRollup = (o: object) => unplugin.rollup(o);
const cypyxWebpack = (o: object) => unplugin.webpack(o);
const hasAddon = built && loadAddon() !== null && !process.env.CYPYX_BACKEND && !process.env.CYPYX_FORCE_BACKEND;

function sizes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string, rel: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${rel}${n}/`);
      else out[rel + n] = statSync(p).size;
    }
  };
  walk(dir, '');
  return out;
}

describe.skipIf(!built)('bundlers', () => {
  const cache = tempDir('cypyx-plugin-cache-');
  // one copy of the app: the builds after the first take the module from the cache
  const app = copyFixture();

  it('esbuild, browser platform: .wasm asset through the file loader; the bundle runs', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    const r = await esbuild({
      entryPoints: [join(app, 'main.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outdir: out,
      logLevel: 'silent',
      metafile: true,
      plugins: [unplugin.esbuild({ cacheDir: cache, inlineWasmLimit: 0, onModule: (m) => mods.push(m) })],
    });
    expect(r.errors).toEqual([]);
    expect(mods).toHaveLength(1);
    expect(mods[0]!).toMatchObject({ target: 'browser', backend: 'wasm', wasm: 'asset' });
    expect(readdirSync(out).filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
    // the .pyx and the .pxd it cimports are watched
    expect(Object.keys(r.metafile!.inputs).some((f) => f.endsWith('kernel.pyx'))).toBe(true);
    expect(mods[0]!.watch.map((f) => f.split('/').pop()).sort()).toEqual(['helpers.pxd', 'kernel.pyx']);
    const js = readFileSync(join(out, 'main.js'), 'utf8');
    expect(js).not.toContain('file://'); // the runtime is bundled
    console.log(`[plugin] esbuild browser bundle (${mods[0]!.backend}, .wasm ${mods[0]!.wasmBytes} B):`, sizes(out));
    expect(await runBundle(join(out, 'main.js'))).toEqual(EXPECTED);
  });

  it('esbuild, small module: the .wasm is inlined (one file), minified bundle runs', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    const r = await esbuild({
      entryPoints: [join(app, 'main.js')],
      bundle: true,
      minify: true,
      format: 'esm',
      outdir: out,
      logLevel: 'silent',
      plugins: [unplugin.esbuild({ cacheDir: cache, inlineWasmLimit: 1 << 20, onModule: (m) => mods.push(m) })],
    });
    expect(r.errors).toEqual([]);
    expect(mods[0]!).toMatchObject({ target: 'browser', backend: 'wasm', wasm: 'inline', fromCache: true });
    expect(readdirSync(out)).toEqual(['main.js']);
    console.log(`[plugin] esbuild minified browser bundle, .wasm inlined:`, sizes(out));
    expect(await runBundle(join(out, 'main.js'))).toEqual(EXPECTED);
  });

  it('esbuild, node platform: the loader hook glue, sharing its cache', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    // what the loader hook does for `import './kernel.pyx'`
    const hook = await compileFile(join(app, 'kernel.pyx'), { cacheDir: cache });
    const r = await esbuild({
      entryPoints: [join(app, 'main.js')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outdir: out,
      logLevel: 'silent',
      plugins: [cypyxEsbuild({ cacheDir: cache, onModule: (m) => mods.push(m) })],
    });
    expect(r.errors).toEqual([]);
    expect(mods[0]!).toMatchObject({ target: 'node', backend: hook.backend, key: hook.key, fromCache: true });
    if (hasAddon) expect(mods[0]!.backend).toBe('native');
    expect(await runBundle(join(out, 'main.js'))).toEqual(EXPECTED);
  });

  it('Rollup: emitted .wasm asset (or inlined), bundle runs', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    const bundle = await rollup({
      input: join(app, 'main.js'),
      plugins: [cypyxRollup({ cacheDir: cache, inlineWasmLimit: 0, onModule: (m) => mods.push(m) })],
      onwarn: () => {},
    });
    expect(bundle.watchFiles.some((f) => f.endsWith('helpers.pxd'))).toBe(true);
    await bundle.write({ dir: out, format: 'es' });
    await bundle.close();
    expect(mods[0]!).toMatchObject({ target: 'browser', backend: 'wasm', wasm: 'asset' });
    expect(readdirSync(join(out, 'assets')).filter((f) => /^kernel-.*\.wasm$/.test(f))).toHaveLength(1);
    console.log(`[plugin] rollup browser bundle (${mods[0]!.backend}):`, sizes(out));
    expect(await runBundle(join(out, 'main.js'))).toEqual(EXPECTED);
  });

  it('webpack: browser target, ES module output, bundle runs', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    const stats = await new Promise<webpack.Stats>((resolve, reject) => {
      webpack(
        {
          mode: 'production',
          context: app,
          entry: './main.js',
          target: 'web',
          output: { path: out, filename: 'main.js', module: true, library: { type: 'module' } },
          experiments: { outputModule: true },
          optimization: { minimize: false },
          plugins: [cypyxWebpack({ cacheDir: cache, inlineWasmLimit: 0, onModule: (m) => mods.push(m) })],
        },
        (err, s) => (err ? reject(err) : resolve(s!)),
      );
    });
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false);
    expect(mods[0]!).toMatchObject({ target: 'browser', backend: 'wasm', wasm: 'asset' });
    expect(readdirSync(out).filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
    console.log(`[plugin] webpack browser bundle (${mods[0]!.backend}):`, sizes(out));
    expect(await runBundle(join(out, 'main.js'))).toEqual(EXPECTED);
  });

  it('webpack: node target (the loader hook glue, runtime external), bundle runs', async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    const stats = await new Promise<webpack.Stats>((resolve, reject) => {
      webpack(
        {
          mode: 'development',
          devtool: false,
          context: app,
          entry: './main.js',
          target: 'node',
          output: { path: out, filename: 'main.mjs', module: true, library: { type: 'module' }, chunkFormat: 'module' },
          experiments: { outputModule: true },
          plugins: [cypyxWebpack({ cacheDir: cache, onModule: (m) => mods.push(m) })],
        },
        (err, s) => (err ? reject(err) : resolve(s!)),
      );
    });
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false);
    expect(mods[0]!.target).toBe('node');
    if (hasAddon) expect(mods[0]!.backend).toBe('native');
    expect(await runBundle(join(out, 'main.mjs'))).toEqual(EXPECTED);
  });

  /** A bundle directory copied elsewhere, checked to name neither cypyx's install nor the cache. */
  function moved(out: string): string {
    const to = tempDir('cypyx-moved-');
    cpSync(out, to, { recursive: true });
    for (const f of readdirSync(to).filter((n) => /\.m?js$/.test(n))) {
      // (esbuild's `// <path>` and webpack's `;// <path>` comments before each module do not count)
      const js = readFileSync(join(to, f), 'utf8').replace(/^\s*;?\/\/.*$/gm, '');
      expect(js).not.toContain(ROOT);
      expect(js).not.toContain(cache);
    }
    return to;
  }

  it("esbuild, node platform, backend 'wasm': a self-contained server bundle that runs elsewhere", async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    const r = await esbuild({
      entryPoints: [join(app, 'main.js')], bundle: true, format: 'esm', platform: 'node', outdir: out, logLevel: 'silent',
      plugins: [cypyxEsbuild({ cacheDir: cache, backend: 'wasm', inlineWasmLimit: 0, onModule: (m: PyxModuleInfo) => mods.push(m) })],
    });
    expect(r.errors).toEqual([]);
    expect(mods[0]!).toMatchObject({ target: 'node', backend: 'wasm', wasm: 'asset' });
    expect(await runBundle(join(moved(out), 'main.js'), 'result', { CYPYX_CACHE_DIR: tempDir() })).toEqual(EXPECTED);
  });

  it("webpack, node target, backend 'wasm': a self-contained server bundle that runs elsewhere", async () => {
    const out = tempDir();
    const mods: PyxModuleInfo[] = [];
    const stats = await new Promise<webpack.Stats>((resolve, reject) => {
      webpack(
        {
          mode: 'production', context: app, entry: './main.js', target: 'node', optimization: { minimize: false },
          output: { path: out, filename: 'main.mjs', module: true, library: { type: 'module' }, chunkFormat: 'module' },
          experiments: { outputModule: true },
          plugins: [cypyxWebpack({ cacheDir: cache, backend: 'wasm', inlineWasmLimit: 0, onModule: (m: PyxModuleInfo) => mods.push(m) })],
        },
        (err, st) => (err ? reject(err) : resolve(st!)),
      );
    });
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false);
    expect(mods[0]!).toMatchObject({ target: 'node', backend: 'wasm', wasm: 'asset' });
    expect(await runBundle(join(moved(out), 'main.mjs'), 'result', { CYPYX_CACHE_DIR: tempDir() })).toEqual(EXPECTED);
  });

  describe('a compile error reaches the bundler with file:line:col', () => {
    const BROKEN = 'def f(double x):\n    return x + nope\n';
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.pyx'), BROKEN);
    writeFileSync(join(dir, 'main.js'), "import { f } from './broken.pyx';\nexport const result = f(1);\n");
    const where = join(dir, 'broken.pyx');

    it('esbuild: an error with a location (0-based column, as esbuild prints)', async () => {
      const e = await esbuild({
        entryPoints: [join(dir, 'main.js')], bundle: true, format: 'esm', write: false, logLevel: 'silent',
        plugins: [cypyxEsbuild({ cacheDir: cache })],
      }).catch((err: { errors: { text: string; location: { file: string; line: number; column: number } | null }[] }) => err);
      const errors = (e as { errors: { text: string; location: { file: string; line: number; column: number } | null }[] }).errors;
      expect(errors).toHaveLength(1);
      expect(errors[0]!.text).toContain('broken.pyx:2:16: undeclared name not builtin: nope');
      expect(errors[0]!.location).toMatchObject({ line: 2, column: 15 });
      expect(errors[0]!.location!.file.endsWith('broken.pyx')).toBe(true); // esbuild prints it relative to cwd
    });

    it('Rollup: a RollupError with loc and frame', async () => {
      const e = (await rollup({ input: join(dir, 'main.js'), plugins: [cypyxRollup({ cacheDir: cache })] }).then(
        () => null,
        (err: unknown) => err,
      )) as { message: string; loc?: unknown; frame?: string; plugin?: string } | null;
      expect(e).not.toBeNull();
      expect(e!.plugin).toBe('cypyx');
      expect(e!.message).toContain('broken.pyx:2:16: undeclared name not builtin: nope');
      expect(e!.loc).toEqual({ file: where, line: 2, column: 15 });
      expect(e!.frame).toContain('2  |      return x + nope');
    });

    it('webpack: a module error with the message', async () => {
      const stats = await new Promise<webpack.Stats>((resolve, reject) => {
        webpack(
          { mode: 'development', context: dir, entry: './main.js', output: { path: tempDir() }, plugins: [cypyxWebpack({ cacheDir: cache })] },
          (err, s) => (err ? reject(err) : resolve(s!)),
        );
      });
      expect(stats.hasErrors()).toBe(true);
      expect(stats.toString('errors-only')).toContain('broken.pyx:2:16: undeclared name not builtin: nope');
    });
  });
});
