// inline(), inlineAsync() and pyx`` through the public entry point (`import ... from 'cypyx'`),
// in real Node processes, on every back end this machine has.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { withoutBackendNotice } from '../helpers/stderr.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemps, hasAddon, lastJson, project, requireDist, runScript, tempDir } from './helpers.js';

afterAll(cleanupTemps);
beforeAll(requireDist);

const APP = String.raw`
import { inline, inlineAsync, pyx, CompileError } from 'cypyx';
const out = {};
const t0 = performance.now();
out.basic = inline('return a * b + c', { a: 2, b: 3.5, c: 1 });
out.firstMs = performance.now() - t0;
const t1 = performance.now();
out.again = inline('return a * b + c', { a: 3, b: 3.5, c: 1 });
out.againMs = performance.now() - t1;
// number → double by default: 7 / 2 is a float division
out.div = inline('return a / b', { a: 7, b: 2 });
// ints: 'long' → integral numbers are C longs: // is floor division on ints
out.floordiv = inline('return a // b', { a: -7, b: 2 }, { ints: 'long' });
out.longType = inline('cdef long y = a\nreturn y * 3', { a: 5 }, { ints: 'long' });
out.big = String(inline('return a * 2', { a: 2n ** 40n }));
out.flag = inline('return 1 if f else 2', { f: false });
out.str = inline('return s.upper() + "!"', { s: 'abc' });
out.explicit = inline('return n + 1', { n: 41 }, { types: { n: 'int' } });
// TypedArray → typed memoryview: shared, writes visible
const x = new Float64Array([1, 2, 3]);
out.norm = inline(${'`'}
    from libc.math cimport sqrt
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        s += x[i] * x[i]
        x[i] = -x[i]
    return sqrt(s)
${'`'}, { x });
out.written = Array.from(x);
const ints = new Int32Array([5, 6, 7]);
out.isum = inline('cdef int t = 0\nfor v in range(n.shape[0]):\n    t += n[v]\nreturn t', { n: ints });
// NDArray-like → N-D memoryview
const grid = { data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
out.nd = inline('return g[1, 2] + g.shape[0] * 10 + g.shape[1] * 100', { g: grid });
// errors point into the snippet
try {
  inline('y = 1\nreturn a +* b', { a: 1, b: 2 });
} catch (e) {
  out.syntax = { isCompileError: e instanceof CompileError, name: e.name, file: e.file, line: e.line, col: e.col, sourceLine: e.sourceLine, message: e.message };
}
try {
  inline(${'`'}
      cdef double t = a
      return t + nope${'`'}, { a: 1 });
} catch (e) {
  out.undeclared = { file: e.file, line: e.line, col: e.col, sourceLine: e.sourceLine, text: e.text };
}
try {
  inline('return x[i]', { x: new Float64Array(3), i: 7 }, { ints: 'long' });
} catch (e) {
  out.runtime = { name: e.name, message: e.message };
}
// pyx tag: a whole module
const m = pyx${'`'}
  def fib(int n):
      return n if n < 2 else fib(n - 1) + fib(n - 2)

  cpdef double half(double v):
      return v / 2
${'`'};
out.fib = m.fib(20);
out.half = m.half(3);
out.sameModule = pyx${'`'}
  def fib(int n):
      return n if n < 2 else fib(n - 1) + fib(n - 2)

  cpdef double half(double v):
      return v / 2
${'`'} === m;
try {
  pyx${'`'}
    def f(int n):
        return n +
${'`'};
} catch (e) {
  out.pyxError = { name: e.name, file: e.file, line: e.line };
}
out.async = await inlineAsync('return a - b', { a: 10, b: 4 });
const info = pyx('def which():\n    return 1\n').__cypyx__;
out.native = info.native;
console.log(JSON.stringify(out));
`;

interface Out {
  basic: number;
  firstMs: number;
  again: number;
  againMs: number;
  div: number;
  floordiv: number;
  longType: number;
  big: string;
  flag: number;
  str: string;
  explicit: number;
  norm: number;
  written: number[];
  isum: number;
  nd: number;
  syntax: { isCompileError: boolean; name: string; file: string; line: number; col: number; sourceLine: string; message: string };
  undeclared: { file: string; line: number; col: number; sourceLine: string; text: string };
  runtime: { name: string; message: string };
  fib: number;
  half: number;
  sameModule: boolean;
  pyxError: { name: string; file: string; line: number };
  async: number;
  native: boolean;
}

function checkOut(o: Out): void {
  expect(o.basic).toBe(8);
  expect(o.again).toBe(11.5);
  expect(o.div).toBe(3.5);
  expect(o.floordiv).toBe(-4);
  expect(o.longType).toBe(15);
  expect(o.big).toBe(String(2n ** 41n));
  expect(o.flag).toBe(2);
  expect(o.str).toBe('ABC!');
  expect(o.explicit).toBe(42);
  expect(o.norm).toBeCloseTo(Math.sqrt(14), 12);
  expect(o.written).toEqual([-1, -2, -3]);
  expect(o.isum).toBe(18);
  expect(o.nd).toBe(6 + 20 + 300);
  expect(o.syntax.isCompileError).toBe(true);
  expect(o.syntax).toMatchObject({ name: 'CompileError', file: '<inline>', line: 2, col: 11, sourceLine: 'return a +* b' });
  expect(o.syntax.message).toContain('<inline>:2:11');
  expect(o.syntax.message).toContain('hint: ');
  expect(o.syntax.message).toContain('return a +* b\n              ^');
  // the snippet is indented by 6 in the template: the column is the one in the snippet as written
  expect(o.undeclared).toMatchObject({ file: '<inline>', line: 3, col: 18, sourceLine: '      return t + nope' });
  expect(o.undeclared.text).toContain('nope');
  expect(o.runtime.name).toBe('IndexError');
  expect(o.fib).toBe(6765);
  expect(o.half).toBe(1.5);
  expect(o.sameModule).toBe(true);
  expect(o.pyxError).toMatchObject({ name: 'CompileError', file: '<pyx>', line: 3 });
  expect(o.async).toBe(6);
  // the second call with the same types is a Map lookup and a call
  expect(o.againMs).toBeLessThan(5);
}

const backends: { name: string; env: Record<string, string>; native: boolean }[] = [
  ...(hasAddon ? [{ name: 'native', env: { CYPYX_BACKEND: 'native' }, native: true }] : []),
  { name: 'js', env: { CYPYX_BACKEND: 'js' }, native: false },
];

describe('inline()', () => {
  for (const b of backends) {
    it(`compiles, caches and runs snippets (${b.name})`, async () => {
      const dir = project({ 'app.mjs': APP });
      const cache = tempDir('cypyx-cache-');
      const r = await runScript(dir, 'app.mjs', { cache, env: b.env });
      expect(withoutBackendNotice(r.stderr)).toBe('');
      const o = lastJson<Out>(r.stdout);
      checkOut(o);
      expect(o.native).toBe(b.native);
      // on disk: the generated sources and the cache entries
      const gen = readdirSync(join(cache, 'inline'));
      expect(gen.some((f) => /^inline_[0-9a-f]{20}\.pyx$/.test(f))).toBe(true);
      expect(gen.some((f) => /^pyx_[0-9a-f]{20}\.pyx$/.test(f))).toBe(true);
      const entries = readdirSync(cache).filter((f) => /^[0-9a-f]{64}\.json$/.test(f)).length;
      expect(entries).toBeGreaterThan(10);
      // a second process: every snippet comes from the disk cache (no new entries, fast)
      const r2 = await runScript(dir, 'app.mjs', { cache, env: b.env });
      expect(withoutBackendNotice(r2.stderr)).toBe('');
      checkOut(lastJson<Out>(r2.stdout));
      expect(readdirSync(cache).filter((f) => /^[0-9a-f]{64}\.json$/.test(f)).length).toBe(entries);
    });
  }

  it('works under the loader hooks (node --import cypyx/register) next to imported .pyx', async () => {
    const dir = project({
      'm.pyx': 'def twice(double x):\n    return 2 * x\n',
      'app.mjs': `import { twice } from './m.pyx';\nimport { inline } from 'cypyx';\nconsole.log(JSON.stringify([twice(4), inline('return a + 1', { a: 1 })]));\n`,
    });
    const r = await runScript(dir, 'app.mjs', { register: true });
    expect(withoutBackendNotice(r.stderr)).toBe('');
    expect(lastJson(r.stdout)).toEqual([8, 2]);
  });

  it('the wasm back end, when this build has it', async (ctx) => {
    const dir = project({ 'app.mjs': APP });
    const r = await runScript(dir, 'app.mjs', { env: { CYPYX_BACKEND: 'wasm' } });
    if (/wasm back end not implemented/.test(r.stderr + r.stdout)) ctx.skip();
    expect(withoutBackendNotice(r.stderr)).toBe('');
    checkOut(lastJson<Out>(r.stdout));
  });

  it('rejects argument names that cannot be parameters', async () => {
    const dir = project({
      'app.mjs': `import { inline } from 'cypyx';\ntry { inline('return 1', { 'not-a-name': 1 }); } catch (e) { console.log(JSON.stringify([e.name, e.message])); }\n`,
    });
    const r = await runScript(dir, 'app.mjs');
    const [name, message] = lastJson<[string, string]>(r.stdout);
    expect(name).toBe('TypeError');
    expect(message).toContain('not-a-name');
  });
});
