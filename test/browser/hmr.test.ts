// Vite dev server + cypyx/vite in a real browser: editing a .pyx (or a .pxd it cimports)
// hot-updates the importing module without a page reload; a compile error shows in
// Vite's error overlay with file:line:col, and fixing it recovers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser, Page } from 'playwright-core';
import type { PyxModuleInfo, unplugin as Unplugin } from '../../src/plugin/index.js';
import { ROOT, cleanupTemps, copyFixture, tempDir, importDist } from '../plugin/helpers.js';
import { hasChromium, launchBrowser, outputFile } from './helpers.js';

const FIXTURE = join(ROOT, 'test', 'browser', 'fixtures', 'hmr');
// the built plugin (dist/), as `cypyx/vite` resolves for a user
const built = existsSync(join(ROOT, 'dist', 'plugin', 'index.js')) && existsSync(join(ROOT, 'dist', 'runtime', 'wasm.js'));
const { unplugin } = built ? await importDist<{ unplugin: typeof Unplugin }>('plugin/index.js') : ({} as { unplugin: typeof Unplugin });
const cypyx = (o: object) => unplugin.vite(o);

describe.skipIf(!hasChromium || !built)('Vite dev server: HMR of .pyx edits in Chromium', () => {
  let browser: Browser;
  let server: ViteDevServer;
  let page: Page;
  let dir: string;
  const mods: PyxModuleInfo[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    dir = copyFixture(FIXTURE);
    const [b, s] = await Promise.all([
      launchBrowser(),
      createServer({
        root: dir,
        configFile: false,
        logLevel: 'silent',
        clearScreen: false,
        plugins: [cypyx({ cacheDir: tempDir('cypyx-hmr-cache-'), onModule: (m: PyxModuleInfo) => mods.push(m) })],
        server: { host: '127.0.0.1', port: 0 },
      }),
    ]);
    browser = b;
    server = s;
    await server.listen();
    page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
    cleanupTemps();
  });

  const result = () => page.textContent('#result');
  const edit = (name: string, from: string, to: string): void => {
    const p = join(dir, name);
    const src = readFileSync(p, 'utf8');
    if (!src.includes(from)) throw new Error(`${name} has no ${from}`);
    writeFileSync(p, src.replace(from, to));
  };
  /** Edits a file and returns the ms until the page shows `expected`. */
  async function editAndWait(name: string, from: string, to: string, expected: string): Promise<number> {
    const t0 = performance.now();
    edit(name, from, to);
    await page.waitForFunction((want) => document.getElementById('result')?.textContent === want, expected, { timeout: 20_000 });
    return performance.now() - t0;
  }

  it('loads the page with the kernel result (wasm)', async () => {
    const url = server.resolvedUrls!.local[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('result')?.textContent === '10', undefined, { timeout: 20_000 });
    expect(mods.at(-1)).toMatchObject({ target: 'browser', backend: 'wasm' });
    await page.evaluate(() => {
      (window as unknown as { __marker: string }).__marker = 'same page';
    });
  });

  it('an edit of the .pyx hot-updates the importer, without a page reload', async () => {
    const ms = await editAndWait('kernel.pyx', 's += v[i] * 1.0', 's += v[i] * 2.0', '20');
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('same page');
    expect(await page.textContent('#runs')).toBe('2');
    console.log(`[browser] HMR: .pyx edit → new result on the page in ${ms.toFixed(0)} ms (recompile ${mods.at(-1)!.ms} ms)`);
  });

  it('an edit of a cimported .pxd hot-updates too', async () => {
    const ms = await editAndWait('consts.pxd', 'DEF OFFSET = 0', 'DEF OFFSET = 100', '120');
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('same page');
    console.log(`[browser] HMR: .pxd edit → new result on the page in ${ms.toFixed(0)} ms (recompile ${mods.at(-1)!.ms} ms)`);
  });

  it('a compile error shows in the overlay with file:line:col; fixing it recovers', async () => {
    edit('kernel.pyx', 'return s + OFFSET', 'return s + OFFSET + undefined_name');
    const overlay = await page.waitForFunction(
      () => {
        const o = document.querySelector('vite-error-overlay');
        return o?.shadowRoot?.textContent ?? null;
      },
      undefined,
      { timeout: 20_000 },
    );
    const text = String(await overlay.jsonValue());
    await page.screenshot({ path: outputFile('hmr-error-overlay.png') });
    expect(text).toContain('undeclared name not builtin: undefined_name');
    // the overlay's location line (a link that opens the editor there) and the code frame
    expect(text).toContain(`${join(dir, 'kernel.pyx')}:9:25`);
    expect(text).toContain('9  |      return s + OFFSET + undefined_name');
    // the message itself: Cython style kernel.pyx:line:col (1-based)
    expect(text).toContain('kernel.pyx:9:25: undeclared name not builtin: undefined_name');
    const ms = await editAndWait('kernel.pyx', 'return s + OFFSET + undefined_name', 'return s + OFFSET + 1', '121');
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('same page');
    console.log(`[browser] HMR: fix after a compile error → new result in ${ms.toFixed(0)} ms`);
    expect(problems.filter((p) => !/undefined_name|Failed to (reload|fetch)/.test(p))).toEqual([]);
  });
});
