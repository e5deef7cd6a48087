// `cypyx annotate` opened in headless Chromium: the shading follows the IR (generic code
// dark, checked native code lighter, pure C white), clicking a line expands its IR and the
// LLVM IR of its native function; a screenshot is saved under test-output/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, cleanupTemps, cli, project, requireDist } from '../inline/helpers.js';

afterAll(cleanupTemps);
beforeAll(requireDist);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output');

const KERNEL = `# cython: language_level=3
cimport cython

@cython.boundscheck(False)
@cython.wraparound(False)
def dot(const double[:] x, const double[:] y):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        s += x[i] * y[i]
    return s

def checked_sum(double[:] x, int k):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        s += x[i] / k
    return s + x[k]

def histogram(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items())
`;
// line numbers in KERNEL
const L = { defDot: 6, pureLoop: 10, checkedDiv: 17, checkedIndex: 18, generic: 22, comment: 1 };

interface LineInfo {
  kind: string;
  score: number;
  bg: string;
}

async function launch(): Promise<import('playwright-core').Browser | string> {
  if (!existsSync(CHROMIUM)) return `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  try {
    const { chromium } = await import('playwright-core');
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (e) {
    return `chromium could not be launched: ${(e as Error).message.split('\n')[0]}`;
  }
}

describe('cypyx annotate in headless Chromium', () => {
  it('shades lines by the code they produced; click expands IR and LLVM', async (ctx) => {
    const dir = project({ 'kernel.pyx': KERNEL });
    mkdirSync(OUT, { recursive: true });
    const html = join(OUT, 'annotate-kernel.html');
    const r = await cli(dir, ['annotate', 'kernel.pyx', '-o', html]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(2 native, 1 generic function)');

    const browser = await launch();
    if (typeof browser === 'string') {
      console.warn(`SKIPPED annotate browser test: ${browser}`);
      ctx.skip();
      return;
    }
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(html).href);
      const lines = await page.$$eval('.line', (els) =>
        els.map((e) => ({ kind: (e as HTMLElement).dataset.kind!, score: Number((e as HTMLElement).dataset.score), bg: getComputedStyle(e).backgroundColor })),
      );
      expect(lines.length).toBe(KERNEL.split('\n').length);
      const at = (n: number): LineInfo => lines[n - 1]!;
      const lightness = (bg: string): number => {
        if (/^rgba\(.*,\s*0\)$/.test(bg) || bg === 'transparent') return 255; // not shaded: the white page
        const m = /rgba?\((\d+), (\d+), (\d+)/.exec(bg);
        return m ? (Number(m[1]) + Number(m[2]) + Number(m[3])) / 3 : 255;
      };
      // generic (dark) < checked (light) < pure C (white)
      expect(at(L.generic).kind).toBe('generic');
      expect(at(L.checkedDiv).kind).toBe('checked');
      expect(at(L.checkedIndex).kind).toBe('checked');
      expect(at(L.pureLoop).kind).toBe('c');
      expect(at(L.comment).kind).toBe('none');
      expect(at(L.defDot).kind).toBe('boundary');
      const white = lightness('rgb(255, 255, 255)');
      expect(lightness(at(L.pureLoop).bg)).toBe(white);
      expect(lightness(at(L.checkedIndex).bg)).toBeLessThan(white);
      expect(lightness(at(L.generic).bg)).toBeLessThan(lightness(at(L.checkedIndex).bg));

      // a click on a checked line shows its IR (with the bounds check)
      const detail = page.locator(`#D${L.checkedIndex}`);
      await expect(detail.isHidden()).resolves.toBe(true);
      await page.click(`#L${L.checkedIndex}`);
      await expect(detail.isVisible()).resolves.toBe(true);
      const text = await detail.innerText();
      expect(text).toContain('check(');
      expect(text).toContain('IndexError');
      expect(text).toMatch(/runtime checks: .*bounds/);
      // the def line of a native function: its LLVM IR, open
      await page.click(`#L${L.defDot}`);
      const llvm = await page.locator(`#D${L.defDot} pre.llvm`).innerText();
      expect(llvm).toMatch(/^define internal double @cpx_annotate\.fn\.dot\(/m);
      expect(llvm).toContain('N-API wrapper');
      // another line of the same function: the LLVM section fills in when opened
      await page.click(`#L${L.pureLoop}`);
      await page.click(`#D${L.pureLoop} details summary`);
      // (the <details> toggle event that fills it is dispatched as a task after the click)
      await expect.poll(() => page.locator(`#D${L.pureLoop} pre.llvm`).innerText(), { timeout: 5000 }).toContain('@cpx_annotate.fn.dot');
      // a generic line: the reason, no LLVM
      await page.click(`#L${L.generic}`);
      const gtext = await page.locator(`#D${L.generic}`).innerText();
      expect(gtext).toContain('py.');
      expect(await page.locator(`#D${L.generic} details`).count()).toBe(0);
      // click again: collapsed
      await page.click(`#L${L.generic}`);
      expect(await page.locator(`#D${L.generic}`).isHidden()).toBe(true);
      expect(errors).toEqual([]);

      const shot = join(OUT, 'annotate-kernel.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });
});
