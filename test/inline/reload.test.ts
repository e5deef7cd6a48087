// reload(): recompiles an edited .pyx and returns fresh exports; old exports keep working.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { withoutBackendNotice } from '../helpers/stderr.js';
import { cleanupTemps, hasAddon, lastJson, project, requireDist, runScript } from './helpers.js';

afterAll(cleanupTemps);
beforeAll(requireDist);

const V1 = 'cdef int counter = 0\n\ndef f(double x):\n    return x + 1\n\ndef bump():\n    global counter\n    counter += 1\n    return counter\n';
const V2 = 'cdef int counter = 0\n\ndef f(double x):\n    """Version 2."""\n    return x + 100\n\ndef g():\n    return 7\n\ndef bump():\n    global counter\n    counter += 10\n    return counter\n';
const V3 = 'def f(double x):\n    return x + 1000\n';

const APP = `
import { reload } from 'cypyx';
import { writeFileSync } from 'node:fs';
const file = new URL('./m.pyx', import.meta.url);
const out = {};
const m1 = await import('./m.pyx');
out.v1 = [m1.f(1), m1.bump(), m1.bump()];
writeFileSync(file, ${JSON.stringify(V2)});
const m2 = await reload(m1);
out.v2 = [m2.f(1), m2.g(), m2.bump(), typeof m1.g];
// old exports keep working, with their own state
out.old = [m1.f(1), m1.bump()];
// unchanged source: the same module
out.same = (await reload(file)) === m2 && (await reload('./m.pyx')) === m2;
writeFileSync(file, ${JSON.stringify(V3)});
const m3 = await reload(file.href + '?anything');
out.v3 = [m3.f(1), m2.f(1), m1.f(1), 'g' in m3];
// an edit with an error: reload rejects with the CompileError, the old module still works
writeFileSync(file, 'def f(double x):\\n    return x +\\n');
try { await reload(m3); } catch (e) { out.err = [e.name, e.line, e.col]; }
out.afterErr = m3.f(1);
console.log(JSON.stringify(out));
`;

const backends = [...(hasAddon ? ['native'] : []), 'js', 'wasm'];

describe('reload()', () => {
  for (const backend of backends) {
    it(`returns fresh exports while old ones keep working (${backend})`, async (ctx) => {
      const dir = project({ 'm.pyx': V1, 'app.mjs': APP });
      const r = await runScript(dir, 'app.mjs', { register: true, env: { CYPYX_BACKEND: backend } });
      if (backend === 'wasm' && /wasm back end not implemented/.test(r.stderr)) ctx.skip();
      expect(withoutBackendNotice(r.stderr)).toBe('');
      const o = lastJson<Record<string, unknown>>(r.stdout);
      expect(o['v1']).toEqual([2, 1, 2]);
      expect(o['v2']).toEqual([101, 7, 10, 'undefined']);
      expect(o['old']).toEqual([2, 3]);
      expect(o['same']).toBe(true);
      expect(o['v3']).toEqual([1001, 101, 2, false]);
      expect(o['err']).toEqual(['CompileError', 2, 15]);
      expect(o['afterErr']).toBe(1001);
    });
  }

  it('works without the loader hooks (path in, exports out)', async () => {
    const dir = project({
      'm.pyx': V3,
      'app.mjs': `import { reload } from 'cypyx';\nconst m = await reload('./m.pyx');\nconsole.log(JSON.stringify([m.f(2), m.__cypyx__.file.endsWith('m.pyx')]));\n`,
    });
    const r = await runScript(dir, 'app.mjs');
    expect(withoutBackendNotice(r.stderr)).toBe('');
    expect(lastJson(r.stdout)).toEqual([1002, true]);
  });

  it('rejects what is not a compiled module', async () => {
    const dir = project({
      'app.mjs': `import { reload } from 'cypyx';\ntry { await reload({}); } catch (e) { console.log(JSON.stringify([e.name])); }\n`,
    });
    const r = await runScript(dir, 'app.mjs');
    expect(lastJson(r.stdout)).toEqual(['TypeError']);
  });
});
