// The built playground in a real browser: `vite build` of playground/ with cypyx/vite
// (the .wasm emitted as an asset, served as application/wasm from 127.0.0.1), loaded in
// headless Chromium; the kernel's result on the page must be the plain-JS result, and a
// screenshot goes to test-output/playground.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import type { PyxModuleInfo, unplugin as Unplugin } from '../../src/plugin/index.js';
import { ROOT, cleanupTemps, tempDir, importDist } from '../plugin/helpers.js';
import { hasChromium, launchBrowser, outputFile, serveStatic } from './helpers.js';
// @ts-expect-error plain JS module of the playground
import { mandelbrotJS } from '../../playground/plain-js.js';

const PLAYGROUND = join(ROOT, 'playground');
// the built plugin (dist/), as `cypyx/vite` resolves for a user
const built = existsSync(join(ROOT, 'dist', 'plugin', 'index.js')) && existsSync(join(ROOT, 'dist', 'runtime', 'wasm.js'));
const { unplugin } = built ? await importDist<{ unplugin: typeof Unplugin }>('plugin/index.js') : ({} as { unplugin: typeof Unplugin });
const cypyx = (o: object) => unplugin.vite(o);

describe.skipIf(!hasChromium || !built)('playground in Chromium', () => {
  let browser: Browser;
  let out: string;
  const mods: PyxModuleInfo[] = [];
  let buildMs = 0;

  beforeAll(async () => {
    out = tempDir('cypyx-playground-');
    const t0 = performance.now();
    const [b] = await Promise.all([
      launchBrowser(),
      build({
        root: PLAYGROUND,
        configFile: false,
        logLevel: 'silent',
        plugins: [cypyx({ inlineWasmLimit: 0, onModule: (m: PyxModuleInfo) => mods.push(m) })],
        build: { outDir: out, emptyOutDir: true },
      }),
    ]);
    browser = b;
    buildMs = performance.now() - t0;
  });
  afterAll(async () => {
    await browser?.close();
    cleanupTemps();
  });

  it('builds: a small JS bundle and the .wasm as an asset', () => {
    expect(mods).toHaveLength(1);
    expect(mods[0]).toMatchObject({ target: 'browser', backend: 'wasm', wasm: 'asset' });
    const assets = readdirSync(join(out, 'assets'));
    const wasm = assets.filter((f) => f.endsWith('.wasm'));
    const js = assets.filter((f) => f.endsWith('.js'));
    expect(wasm).toHaveLength(1);
    expect(js).toHaveLength(1);
    const size = (f: string) => statSync(join(out, 'assets', f)).size;
    console.log(`[browser] playground build ${buildMs.toFixed(0)} ms (browser start included): ${js[0]} ${size(js[0]!)} B, ${wasm[0]} ${size(wasm[0]!)} B`);
  });

  it('shows the picture and the same checksum as plain JS', async () => {
    const server = await serveStatic(out);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const wasmResponses: { url: string; type: string | null }[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) wasmResponses.push({ url: r.url(), type: r.headers()['content-type'] ?? null });
    });
    try {
      await page.goto(server.url);
      await page.waitForSelector('body[data-state="done"]', { state: 'attached', timeout: 20_000 }).catch((e: Error) => {
        throw new Error(`${e.message}\npage problems: ${problems.join('\n') || 'none'}`);
      });
      const text = async (id: string) => (await page.textContent(`#${id}`))?.trim() ?? '';
      const expected = mandelbrotJS(new Int32Array(600 * 400), 600, 400, -2.2, 0.8, -1.0, 1.0, 256) as number;
      expect(await text('pyx-result')).toBe(String(expected));
      expect(await text('js-result')).toBe(String(expected));
      expect(await text('pyx-backend')).toBe('(wasm)');
      expect(await text('verdict')).toContain('identical pictures');
      expect(await text('pyx-time')).toMatch(/^\d+(\.\d+)? ms$/);
      expect(wasmResponses).toHaveLength(1);
      expect(wasmResponses[0]!.type).toBe('application/wasm');
      // the canvas has the picture: black (the set) and colored pixels
      const stats = await page.evaluate(() => {
        const c = document.getElementById('pyx-canvas') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let black = 0;
        let colored = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i] === 0 && d[i + 1] === 0 && d[i + 2] === 0) black++;
          else colored++;
        }
        return { black, colored, w: c.width, h: c.height };
      });
      expect(stats.w * stats.h).toBe(600 * 400);
      expect(stats.black).toBeGreaterThan(10_000);
      expect(stats.colored).toBeGreaterThan(100_000);
      await page.screenshot({ path: outputFile('playground.png'), fullPage: true });
      console.log(
        `[browser] playground: checksum ${expected}; pyx ${await text('pyx-time')}, js ${await text('js-time')}; screenshot test-output/playground.png`,
      );
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
