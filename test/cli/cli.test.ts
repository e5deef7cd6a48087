// The `cypyx` command (dist/cli/main.js, the package's bin) in real processes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { withoutBackendNotice } from '../helpers/stderr.js';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cleanupTemps, cli, hasAddon, project, requireDist, runNode, childEnv, tempDir } from '../inline/helpers.js';

afterAll(cleanupTemps);
beforeAll(requireDist);

const GOOD = 'def add(double a, double b):\n    """Sum."""\n    return a + b\n';
const GOOD2 = 'cdef int sq(int x):\n    return x * x\n\ndef sumsq(int n):\n    cdef int i, t = 0\n    for i in range(n):\n        t += sq(i)\n    return t\n';
const BAD = 'def f(double a):\n    cdef double b = a\n    return b + undefined_thing\n';
const BAD_SYNTAX = 'def g(int n)\n    return n\n';

describe('cypyx --help', () => {
  it('lists the commands', async () => {
    const r = await cli(tempDir(), ['--help']);
    expect(r.code).toBe(0);
    for (const c of ['build', 'check', 'types', 'annotate', 'cache']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const none = await cli(tempDir(), []);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('Usage: cypyx <command>');
  });

  for (const c of ['build', 'check', 'types', 'annotate', 'cache']) {
    it(`${c} --help and help ${c}`, async () => {
      const a = await cli(tempDir(), [c, '--help']);
      expect(a.code).toBe(0);
      expect(a.stdout).toContain(`Usage: cypyx ${c}`);
      const b = await cli(tempDir(), ['help', c]);
      expect(b.stdout).toBe(a.stdout);
      const h = await cli(tempDir(), [c, '-h']);
      expect(h.stdout).toBe(a.stdout);
    });
  }

  it('unknown commands and options are usage errors (exit 2)', async () => {
    const a = await cli(tempDir(), ['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("unknown command 'frobnicate'");
    const b = await cli(tempDir(), ['check', '--nope']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('unknown option --nope');
    const c = await cli(tempDir(), ['--version']);
    expect(c.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('loads no compiler code for --help and cache commands (fast startup)', async () => {
    const dir = tempDir();
    // a resolve hook that reports every module URL resolved
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `export async function resolve(s, c, next) { const r = await next(s, c); process._rawDebug('RESOLVED ' + r.url); return r; }\n`,
    );
    writeFileSync(join(dir, 'reg.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    for (const args of [['--help'], ['cache', 'info', '--dir', dir], ['check', '--help']]) {
      const r = await runNode(['--import', join(dir, 'reg.mjs'), CLI, ...args], { cwd: dir, env: childEnv() });
      expect(r.code).toBe(0);
      const loaded = r.stderr.split('\n').filter((l) => l.startsWith('RESOLVED ')).map((l) => l.slice(9));
      expect(loaded.some((u) => u.endsWith('/cli/main.js'))).toBe(true);
      expect(loaded.filter((u) => /\/dist\/(compile|runtime|native|annotate)\//.test(u))).toEqual([]);
    }
  });
});

describe('cypyx check', () => {
  it('exit 0 and a summary for good files', async () => {
    const dir = project({ 'src/a.pyx': GOOD, 'src/b.pyx': GOOD2 });
    const r = await cli(dir, ['check', 'src']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 files OK');
  });

  it('prints file:line:col, the source line, a caret and a hint; exit 1', async () => {
    const dir = project({ 'ok.pyx': GOOD, 'lib/bad.pyx': BAD, 'lib/syntax.pyx': BAD_SYNTAX });
    const r = await cli(dir, ['check']);
    expect(r.code).toBe(1);
    const err = r.stderr;
    expect(err).toContain('lib/bad.pyx:3:16: error: undeclared name not builtin: undefined_thing');
    expect(err).toContain(' 3 |     return b + undefined_thing\n   |                ^');
    expect(err).toMatch(/hint: declare it \(cdef <type> undefined_thing\)/);
    expect(err).toMatch(/lib\/syntax\.pyx:1:13: error: Expected ':'/);
    expect(err).toContain(' 1 | def g(int n)\n   |             ^');
    expect(r.stdout).toContain('2 errors in 2 of 3 files');
    // JSON for tools
    const j = await cli(dir, ['check', '--json', 'lib/bad.pyx']);
    expect(j.code).toBe(1);
    const res = JSON.parse(j.stdout) as { file: string; errors: { line: number; col: number; text: string; hint?: string }[] }[];
    expect(res[0]!.errors[0]).toMatchObject({ line: 3, col: 16 });
    expect(res[0]!.errors[0]!.hint).toBeTruthy();
  });

  it('--tiers notes generic functions', async () => {
    const dir = project({ 'g.pyx': 'def h(x):\n    return [x]\n' });
    const r = await cli(dir, ['check', '--tiers', 'g.pyx']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/g\.pyx:1:1: note: h\(\) runs as generic code: /);
  });
});

describe('cypyx build and cache', () => {
  it('compiles ahead of time into --out with progress, then everything is up to date', async () => {
    const dir = project({ 'k/a.pyx': GOOD, 'k/b.pyx': GOOD2, 'k/sub/c.pyx': GOOD.replace('add', 'plus'), 'app.mjs': `import { sumsq } from './k/b.pyx';\nconsole.log(sumsq(4));\n` });
    const out = join(dir, 'artifacts');
    const r = await cli(dir, ['build', 'k', '--out', 'artifacts']);
    expect(r.stderr).toContain('[1/3] k/a.pyx');
    expect(r.stderr).toContain('[3/3] k/sub/c.pyx');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 compiled, 0 up to date/);
    const manifest = JSON.parse(readFileSync(join(out, 'cypyx-build.json'), 'utf8')) as { modules: { file: string; key: string; glueFile: string }[] };
    expect(manifest.modules.map((m) => m.file.slice(dir.length + 1)).sort()).toEqual(['k/a.pyx', 'k/b.pyx', 'k/sub/c.pyx']);
    for (const m of manifest.modules) expect(existsSync(m.glueFile)).toBe(true);
    if (hasAddon) expect(readdirSync(out).filter((f) => f.endsWith('.o')).length).toBe(3);
    // a second build: all cached
    const again = await cli(dir, ['build', 'k', '-o', 'artifacts', '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 compiled, 3 up to date/);
    // the app run with CYPYX_CACHE_DIR=artifacts uses the artifacts (no new entries; the
    // loader may add a hit-index file, hit-<hash>.json, when the entry is old enough)
    const entries = () => readdirSync(out).filter((f) => !/^hit-[0-9a-f]{16}\.json$/.test(f)).length;
    const before = entries();
    const app = await runNode(['--import', join(dir, 'node_modules', 'cypyx', 'dist', 'register.js'), 'app.mjs'], { cwd: dir, env: childEnv({ CYPYX_CACHE_DIR: out }) });
    expect(withoutBackendNotice(app.stderr)).toBe('');
    expect(app.stdout.trim()).toBe('14');
    expect(entries()).toBe(before);
    // cache ls / info / clear on that directory
    const ls = await cli(dir, ['cache', 'ls', '--dir', 'artifacts']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toContain('k/b.pyx');
    expect(ls.stdout).toContain('3 entries');
    const lsj = JSON.parse((await cli(dir, ['cache', 'ls', '--dir', 'artifacts', '--json'])).stdout) as unknown[];
    expect(lsj.length).toBe(3);
    const info = await cli(dir, ['cache', 'info', '--dir', 'artifacts']);
    expect(info.stdout).toMatch(/entries\s+3/);
    const clear = await cli(dir, ['cache', 'clear', '--dir', 'artifacts']);
    expect(clear.stdout).toMatch(/removed \d+ files/);
    expect(JSON.parse((await cli(dir, ['cache', 'info', '--dir', 'artifacts', '--json'])).stdout)).toMatchObject({ entries: 0 });
    // the default directory: <project>/node_modules/.cache/cypyx
    const def = await cli(dir, ['cache', 'info']);
    expect(def.stdout).toContain(join(dir, 'node_modules', '.cache', 'cypyx'));
  });

  it('reports compile errors with their location and exits 1', async () => {
    const dir = project({ 'a.pyx': GOOD, 'bad.pyx': BAD });
    const r = await cli(dir, ['build', '--out', 'o']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.pyx:3:16: error: undeclared name not builtin: undefined_thing');
    expect(r.stdout).toMatch(/1 failed, 1 compiled/);
  });

  it('cache: subcommand errors', async () => {
    const r = await cli(tempDir(), ['cache']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing subcommand');
    const r2 = await cli(tempDir(), ['cache', 'purge']);
    expect(r2.code).toBe(2);
  });
});

describe('cypyx annotate', () => {
  it('writes <file>.html beside the module', async () => {
    const dir = project({ 'k.pyx': GOOD2 });
    const r = await cli(dir, ['annotate', 'k.pyx']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote k.html');
    const html = readFileSync(join(dir, 'k.html'), 'utf8');
    expect(html).toContain('<title>cypyx annotate: k.pyx</title>');
    expect(html.match(/class="line[ "]/g)!.length).toBe(GOOD2.split('\n').length);
  });

  it('a compile error: the diagnostic, exit 1', async () => {
    const dir = project({ 'bad.pyx': BAD });
    const r = await cli(dir, ['annotate', 'bad.pyx']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.pyx:3:16: error:');
    const u = await cli(dir, ['annotate']);
    expect(u.code).toBe(2);
  });
});
