// Concurrent writers: several processes rebuilding the same entry over and over while
// checking it after each write. Renames are atomic and every writer writes the same bytes,
// so no reader may ever see a truncated or mismatched entry.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, makeProject, runNode, childEnv, cleanupTemps, ADDON } from '../loader/helpers.js';

let sb: string;
beforeAll(async () => {
  sb = await makeSandbox();
}, 60000);
afterAll(cleanupTemps);

const WORKER = `
const [dist, file, n, backend] = process.argv.slice(2);
const { compileFile } = await import(dist + '/build/compile.js');
const { openStore } = await import(dist + '/cache/store.js');
const { defaultCacheDir } = await import(dist + '/cache/paths.js');
const store = openStore(defaultCacheDir(file));
const problems = [];
let key;
for (let i = 0; i < Number(n); i++) {
  const r = await compileFile(file, { force: i % 3 !== 2, backend });
  key = r.key;
  const l = store.lookup(r.key);
  if (!l.entry) problems.push(l.problem ?? 'entry missing right after a write');
  else if (l.entry.glue !== r.glue) problems.push('glue differs');
}
console.log(JSON.stringify({ key, problems }));
`;

describe('cache under concurrent writers', () => {
  it('4 processes × 25 rebuilds of one entry: every read verifies, no temp files remain', async () => {
    const backend = existsSync(ADDON) ? 'native' : 'js';
    const dir = makeProject({ 'k.pyx': 'def add: +\ndef mul: *\ncimport defs\n', 'defs.pxd': 'const N = 1\n', 'worker.mjs': WORKER });
    const runs = await Promise.all(
      [0, 1, 2, 3].map(() =>
        runNode(['worker.mjs', join(sb, 'dist'), join(dir, 'k.pyx'), '25', backend], { cwd: dir, env: childEnv(), timeoutMs: 60000 }),
      ),
    );
    const results = runs.map((r) => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { key: string; problems: string[] };
    });
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    const cache = join(dir, 'node_modules', '.cache', 'cypyx');
    const files = readdirSync(cache);
    expect(files.filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    expect(files.filter((f) => !f.endsWith('.deps.json')).sort()).toEqual(
      [`${results[0]!.key}.json`, `${results[0]!.key}.mjs`, ...(backend === 'native' ? [`${results[0]!.key}.o`] : [])].sort(),
    );
    writeFileSync(join(dir, 'check.mjs'), `
const { compileFile } = await import(${JSON.stringify(join(sb, 'dist', 'build', 'compile.js'))});
const r = await compileFile(${JSON.stringify(join(dir, 'k.pyx'))}, { backend: ${JSON.stringify(backend)} });
console.log(r.fromCache, r.key);`);
    const check = await runNode(['check.mjs'], { cwd: dir, env: childEnv() });
    expect(check.stdout.trim()).toBe(`true ${results[0]!.key}`);
  }, 120000);
});
