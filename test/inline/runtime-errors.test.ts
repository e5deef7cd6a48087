// Runtime errors raised by compiled code carry the .pyx file and line: `pyxFile`/`pyxLine`
// on the error and stack frames at m.pyx:<line>; the message stays Python's.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { withoutBackendNotice } from '../helpers/stderr.js';
import { join } from 'node:path';
import { cleanupTemps, hasAddon, lastJson, project, requireDist, runScript } from './helpers.js';

afterAll(cleanupTemps);
beforeAll(requireDist);

const M = `def f(double[:] x, int i):
    cdef double y = x[i]
    return y / (i - 2)

def g(lst):
    a = 1
    return lst[5] + a

def h(double[:] x, int i):
    if i < 0:
        raise ValueError("negative")
    return f(x, i)
`;

const APP = `
import { f, g, h } from './m.pyx';
import { inline } from 'cypyx';
const cases = {
  bounds: () => f(new Float64Array(3), 7),
  zerodiv: () => f(new Float64Array(3), 2),
  generic: () => g([1, 2]),
  raise: () => h(new Float64Array(3), -1),
  nested: () => h(new Float64Array(3), 9),
  argument: () => f(1, 2),
  inline: () => inline('y = 2\\nreturn x[i] * y', { x: new Float64Array(2), i: 5 }, { ints: 'long' }),
};
const out = {};
for (const [k, fn] of Object.entries(cases)) {
  try { fn(); out[k] = 'no error'; }
  catch (e) { out[k] = { name: e.name, message: e.message, file: e.pyxFile ?? null, line: e.pyxLine ?? null, stack: e.stack, enumerable: Object.keys(e).includes('pyxLine') }; }
}
console.log(JSON.stringify(out));
`;

interface Caught {
  name: string;
  message: string;
  file: string | null;
  line: number | null;
  stack: string;
  enumerable: boolean;
}

const backends = [...(hasAddon ? ['native'] : []), 'js', 'wasm'];

describe('runtime errors carry the .pyx file and line', () => {
  for (const backend of backends) {
    it(backend, async () => {
      const dir = project({ 'm.pyx': M, 'app.mjs': APP });
      const r = await runScript(dir, 'app.mjs', { register: true, env: { CYPYX_BACKEND: backend } });
      expect(withoutBackendNotice(r.stderr)).toBe('');
      const o = lastJson<Record<string, Caught>>(r.stdout);
      const file = join(dir, 'm.pyx');
      const at = (c: Caught, line: number) => {
        expect(c.file).toBe(file);
        expect(c.line).toBe(line);
        expect(c.stack).toContain(`${file}:${line}`);
        expect(c.enumerable).toBe(false);
      };
      expect(o['bounds']).toMatchObject({ name: 'IndexError', message: 'Out of bounds on buffer access (axis 0)' });
      at(o['bounds']!, 2);
      expect(o['zerodiv']).toMatchObject({ name: 'ZeroDivisionError', message: 'float division' });
      at(o['zerodiv']!, 3);
      expect(o['generic']).toMatchObject({ name: 'IndexError', message: 'list index out of range' });
      at(o['generic']!, 7);
      expect(o['raise']).toMatchObject({ name: 'ValueError', message: 'negative' });
      at(o['raise']!, 11);
      // raised in f (line 2), called from h (line 12)
      expect(o['nested']!.name).toBe('IndexError');
      at(o['nested']!, 2);
      // bad arguments: the def line
      expect(o['argument']!.name).toBe('TypeError');
      at(o['argument']!, 1);
      // inline(): the line within the snippet
      expect(o['inline']).toMatchObject({ name: 'IndexError', file: '<inline>', line: 2 });
      expect(o['inline']!.stack).toContain('<inline>:2');
    });
  }
});
