// The loader hooks resolve and read cypyx's own runtime modules (dist/runtime/*.js)
// themselves instead of through Node's default resolve and load (src/loader-hook.ts),
// and a compiled module's runtime is the same instance as `cypyx/runtime`'s.
// Runs the built dist/ (npm test builds it first).
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeProject, childEnv, cleanupTemps, tempDir } from './helpers.js';

const ROOT = realpathSync(fileURLToPath(new URL('../..', import.meta.url)));
const HOOK = join(ROOT, 'dist', 'loader-hook.js');
const built = existsSync(HOOK) && existsSync(join(ROOT, 'dist', 'runtime', 'core.js'));
afterAll(cleanupTemps);

function node(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: opts.cwd ?? ROOT, env: opts.env ?? childEnv() });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe.skipIf(!built)('runtime modules in the loader hooks', () => {
  it('resolves and reads dist/runtime/*.js directly; everything else goes to Node', () => {
    const script = `
      const hook = await import(${JSON.stringify(pathToFileURL(HOOK).href)});
      const RT = ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'runtime')).href + '/')};
      const calls = [];
      const nextResolve = async (s, c) => { calls.push('resolve ' + s); return { url: 'file:///next/' + s.replace(/^\\.+\\//, ''), format: 'module' }; };
      const nextLoad = async (u) => { calls.push('load ' + u.slice(u.lastIndexOf('/') + 1)); return { format: 'module', source: 'next' }; };
      const out = {};
      out.abs = await hook.resolve(RT + 'core.js', { parentURL: 'file:///app/m.pyx', conditions: [] }, nextResolve);
      out.rel = await hook.resolve('./chunk-X.js', { parentURL: RT + 'core.js', conditions: [] }, nextResolve);
      out.up = (await hook.resolve('../native/addon.js', { parentURL: RT + 'core.js', conditions: [] }, nextResolve)).url;
      out.other = (await hook.resolve('./x.js', { parentURL: 'file:///app/a.js', conditions: [] }, nextResolve)).url;
      const core = await hook.load(RT + 'core.js', { format: 'module', conditions: [] }, nextLoad);
      out.coreSame = Buffer.from(core.source).equals((await import('node:fs')).readFileSync(new URL(RT + 'core.js')));
      out.coreShort = core.shortCircuit === true && core.format === 'module';
      out.missing = (await hook.load(RT + 'missing.js', { format: 'module', conditions: [] }, nextLoad)).source;
      out.calls = calls;
      console.log(JSON.stringify(out));
    `;
    const r = node(['--input-type=module', '-e', script]);
    expect(r.stderr).toBe('');
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    const rt = pathToFileURL(join(ROOT, 'dist', 'runtime')).href + '/';
    expect(o['abs']).toEqual({ url: `${rt}core.js`, format: 'module', shortCircuit: true });
    expect(o['rel']).toEqual({ url: `${rt}chunk-X.js`, format: 'module', shortCircuit: true });
    expect(o['up']).toBe('file:///next/native/addon.js');
    expect(o['other']).toBe('file:///next/x.js');
    expect(o['coreSame']).toBe(true);
    expect(o['coreShort']).toBe(true);
    expect(o['missing']).toBe('next');
    expect(o['calls']).toEqual(['resolve ../native/addon.js', 'resolve ./x.js', 'load missing.js']);
  });

  it("a compiled module's exceptions are the runtime's classes (one runtime instance)", () => {
    const dir = makeProject({
      'm.pyx': 'def check(double x):\n    if x < 0:\n        raise ValueError("negative")\n    return x\n',
      'app.mjs': `
        const m = await import('./m.pyx');
        const rt = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'runtime', 'index.js')).href)});
        const api = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)});
        let e;
        try { m.check(-1); } catch (x) { e = x; }
        console.log(JSON.stringify([m.check(2), e instanceof rt.exc.ValueError, e instanceof rt.exc.Exception, rt.NDArray === api.NDArray]));
      `,
    });
    const env = childEnv({ CYPYX_CACHE_DIR: tempDir('cypyx-fastpath-cache-') });
    for (let i = 0; i < 2; i++) {
      // a cold compile, then a cache hit
      const r = node(['--import', join(ROOT, 'dist', 'register.js'), 'app.mjs'], { cwd: dir, env });
      expect(r.stderr.replace(/^cypyx: native back end unavailable.*\n/m, '')).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([2, true, true, true]);
    }
  });
});
