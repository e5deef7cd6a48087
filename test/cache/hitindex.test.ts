// The loader's hit index (src/cache/hitindex.ts): an entry recorded after a lookup through
// the key is served again only while every file it depends on keeps its stat, for the
// same inputs and host; files changed within the racy window are never recorded.
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuDescription } from '../../src/cache/host.js';
import { lookupHit, recordHit, RACY_MS, type HitContext, type HitQuery, type HitResult } from '../../src/cache/hitindex.js';
import { cleanupTemps, tempDir } from '../loader/helpers.js';

afterAll(cleanupTemps);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Lets the file system clock move on (timestamps may be as coarse as a scheduler tick). */
const tick = () => sleep(30);

let root: string;
let ctx: HitContext;
let q: HitQuery;
let res: HitResult;
const KEY = 'a'.repeat(64);
const savedEnv = { ...process.env };

/** Every file the record covers is older than the racy window (the test cannot wait for that). */
const later = () => Date.now() + RACY_MS + 60_000;

beforeEach(() => {
  root = tempDir('cypyx-hitindex-');
  const code = join(root, 'pkg', 'dist');
  mkdirSync(code, { recursive: true });
  writeFileSync(join(root, 'pkg', 'package.json'), '{"version":"1.2.3"}');
  writeFileSync(join(code, '.build-id'), 'build-1\n');
  mkdirSync(join(root, 'pkg', 'build'), { recursive: true });
  writeFileSync(join(root, 'pkg', 'build', 'addon.node'), 'addon v1');
  ctx = { codeRoot: code, packageRoot: join(root, 'pkg'), addonPath: join(root, 'pkg', 'build', 'addon.node') };
  const cache = join(root, 'cache');
  mkdirSync(cache);
  writeFileSync(join(cache, `${KEY}.mjs`), 'export const glue = 1;\n');
  writeFileSync(join(cache, `${KEY}.o`), 'object');
  writeFileSync(join(root, 'm.pyx'), 'def f(): pass\n');
  writeFileSync(join(root, 'm.pxd'), 'cdef int g()\n');
  q = { file: join(root, 'm.pyx'), cacheDir: cache };
  res = {
    backend: 'native', key: KEY, glueFile: join(cache, `${KEY}.mjs`), objectFile: join(cache, `${KEY}.o`),
    deps: [join(root, 'm.pxd'), join(root, 'absent.pxd')], startedAt: later(),
  };
  delete process.env.CYPYX_BACKEND;
  delete process.env.CYPYX_FORCE_BACKEND;
});
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('hit index', () => {
  it('serves a recorded entry: its glue, key, back end and dependencies', () => {
    expect(lookupHit(q, ctx)).toBeNull();
    expect(recordHit(q, ctx, res)).toBe(true);
    expect(readdirSync(q.cacheDir).filter((n) => n.startsWith('hit-'))).toHaveLength(1);
    const hit = lookupHit(q, ctx);
    expect(hit).toEqual({
      glue: 'export const glue = 1;\n', glueFile: res.glueFile, objectFile: res.objectFile, key: KEY, backend: 'native',
      deps: res.deps, watched: [q.file, join(root, 'm.pxd')],
    });
  });

  it('records nothing changed within the racy window before the lookup started', () => {
    expect(recordHit(q, ctx, { ...res, startedAt: Date.now() })).toBe(false);
    expect(lookupHit(q, ctx)).toBeNull();
  });

  it('misses when the source, a dependency, the glue, the object or the addon changes', async () => {
    const edits: (() => void)[] = [
      () => writeFileSync(q.file, 'def f(): pass\n'), // same bytes, rewritten: a new ctime
      () => writeFileSync(join(root, 'm.pxd'), 'cdef int h()\n'),
      () => writeFileSync(join(root, 'absent.pxd'), ''), // a probed file appears
      () => writeFileSync(res.glueFile!, 'export const glue = 2;\n'),
      () => writeFileSync(res.objectFile!, 'object'),
      () => writeFileSync(ctx.addonPath, 'addon v2'),
      () => rmSync(join(root, 'm.pxd')),
    ];
    for (const edit of edits) {
      expect(recordHit(q, ctx, res)).toBe(true);
      expect(lookupHit(q, ctx)).not.toBeNull();
      await tick();
      edit();
      expect(lookupHit(q, ctx), edit.toString()).toBeNull();
      if (edit === edits[2]) rmSync(join(root, 'absent.pxd'));
      if (edit === edits[6]) writeFileSync(join(root, 'm.pxd'), 'cdef int g()\n');
    }
  });

  it('misses for other inputs: back end variables, cache directory, compiler build', () => {
    expect(recordHit(q, ctx, res)).toBe(true);
    process.env.CYPYX_BACKEND = 'wasm';
    expect(lookupHit(q, ctx)).toBeNull();
    delete process.env.CYPYX_BACKEND;
    process.env.CYPYX_FORCE_BACKEND = 'js';
    expect(lookupHit(q, ctx)).toBeNull();
    delete process.env.CYPYX_FORCE_BACKEND;
    expect(lookupHit(q, ctx)).not.toBeNull();
    const other = join(root, 'cache2');
    mkdirSync(other);
    for (const n of readdirSync(q.cacheDir)) if (n.startsWith('hit-')) renameSync(join(q.cacheDir, n), join(other, n));
    expect(lookupHit({ ...q, cacheDir: other }, ctx)).toBeNull();
  });

  it('a build id is required (sources have none), and another build misses', () => {
    const code2 = join(root, 'pkg', 'dist2');
    mkdirSync(code2);
    const ctx2 = { ...ctx, codeRoot: code2 };
    expect(recordHit(q, ctx2, res)).toBe(false);
    expect(lookupHit(q, ctx2)).toBeNull();
    writeFileSync(join(code2, '.build-id'), 'build-2\n');
    expect(recordHit(q, ctx, res)).toBe(true);
    expect(lookupHit(q, ctx2)).toBeNull();
  });

  it('a corrupt or foreign index file is a miss', () => {
    expect(recordHit(q, ctx, res)).toBe(true);
    const [name] = readdirSync(q.cacheDir).filter((n) => n.startsWith('hit-'));
    writeFileSync(join(q.cacheDir, name!), '{"format":1,');
    expect(lookupHit(q, ctx)).toBeNull();
    // a record of another source under this name (a collision of the name hash)
    const q2 = { ...q, file: join(root, 'm.pxd') };
    expect(recordHit(q2, ctx, res)).toBe(true);
    const [name2] = readdirSync(q.cacheDir).filter((n) => n.startsWith('hit-') && n !== name);
    renameSync(join(q.cacheDir, name2!), join(q.cacheDir, name!));
    expect(lookupHit(q, ctx)).toBeNull();
  });

  it('entries kept in memory (data: URLs) and unwritable directories are not recorded', () => {
    expect(recordHit(q, ctx, { ...res, glueFile: null })).toBe(false);
    expect(recordHit(q, ctx, { ...res, objectFile: 'data:application/octet-stream;base64,AA==' })).toBe(false);
    writeFileSync(join(root, 'notadir'), '');
    expect(recordHit({ ...q, cacheDir: join(root, 'notadir') }, ctx, res)).toBe(false);
  });

  it('the CPU description leaves out the clock speed and repeated lines', () => {
    const a = 'processor\t: 0\ncpu MHz\t\t: 2445.412\nflags\t\t: fpu avx2\n\nprocessor\t: 1\ncpu MHz\t\t: 1999.001\nflags\t\t: fpu avx2\n';
    const b = a.replace('2445.412', '3100.000').replace('1999.001', '800.000');
    expect(cpuDescription(a)).toBe(cpuDescription(b));
    expect(cpuDescription(a)).toBe('flags\t\t: fpu avx2\nprocessor\t: 0\nprocessor\t: 1');
    expect(cpuDescription(a.replace(/avx2/g, 'avx512f'))).not.toBe(cpuDescription(a));
    expect(cpuDescription('')).toBeNull();
  });
});
