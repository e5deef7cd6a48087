// The loader hooks' hit index (src/cache/hitindex.ts) in real Node processes, with the fake
// compiler (helpers.ts: makeSandbox, given a build id so that the index is used): a hit is
// recorded by a lookup through the key once the files are older than the racy window,
// then served without that lookup, and never after the source or a dependency changed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RACY_MS } from '../../src/cache/hitindex.js';
import { makeSandbox, makeProject, runNode, childEnv, cleanupTemps, ADDON } from './helpers.js';

const HAS_ADDON = existsSync(ADDON);
let sb: string;
beforeAll(async () => {
  sb = await makeSandbox();
  writeFileSync(join(sb, 'dist', '.build-id'), 'sandbox\n');
}, 60000);
afterAll(cleanupTemps);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const feLines = (dir: string): string[] =>
  existsSync(join(dir, 'fe.log')) ? readFileSync(join(dir, 'fe.log'), 'utf8').split('\n').filter(Boolean) : [];
const run = (dir: string) =>
  runNode(['--import', join(sb, 'dist', 'register.js'), 'app.mjs'], { cwd: dir, env: childEnv({ FAKE_FE_LOG: join(dir, 'fe.log') }) });
const out = async (dir: string) => {
  const r = await run(dir);
  expect(r.stderr).toBe('');
  return r.stdout.trim();
};

describe.skipIf(!HAS_ADDON)('the hit index in the loader hooks', () => {
  it('a later hit is recorded and then served without the key lookup; edits are seen', async () => {
    const dir = makeProject({
      'k.pyx': 'cimport defs\ndef add: +\n',
      'defs.pxd': 'const N = 1\n',
      'app.mjs': "const m = await import('./k.pyx'); console.log(m.__backend, m.add(2, 3), m.N);",
    });
    const cache = join(dir, 'node_modules', '.cache', 'cypyx');
    const index = () => readdirSync(cache).filter((n) => n.startsWith('hit-'));
    expect(await out(dir)).toBe('native 5 1');
    expect(await out(dir)).toBe('native 5 1'); // a hit through the key; the files are too new to record
    expect(index()).toEqual([]);
    await sleep(RACY_MS + 100);
    expect(await out(dir)).toBe('native 5 1'); // through the key again, and recorded
    expect(index()).toHaveLength(1);
    // Without the deps manifest a lookup through the key would rebuild: the index serves it
    for (const n of readdirSync(cache)) if (n.endsWith('.deps.json')) rmSync(join(cache, n));
    expect(await out(dir)).toBe('native 5 1');
    expect(feLines(dir)).toEqual(['k.pyx native']);
    // a dependency changes (same size): rebuilt, never served from the index
    writeFileSync(join(dir, 'defs.pxd'), 'const N = 2\n');
    expect(await out(dir)).toBe('native 5 2');
    expect(feLines(dir)).toHaveLength(2);
    writeFileSync(join(dir, 'k.pyx'), 'cimport defs\ndef add: *\n');
    expect(await out(dir)).toBe('native 6 2');
    expect(feLines(dir)).toHaveLength(3);
  }, 30000);
});
