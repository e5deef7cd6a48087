import { describe, it, expect, vi, beforeEach, afterAll } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CacheStore } from '../../src/cache/store.js';
import { tempDir, cleanupTemps } from '../loader/helpers.js';

// Simulated write failures (ENOSPC, EROFS) and captured stderr notices.
const sim = vi.hoisted(() => ({
  fail: null as null | ((path: string) => string | null),
  stderr: [] as string[],
}));
vi.mock('node:fs', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs')>();
  const writeFileSync = ((p: unknown, ...rest: unknown[]) => {
    const code = sim.fail?.(String(p));
    if (code) throw Object.assign(new Error(`${code}: simulated failure, write '${String(p)}'`), { code });
    return (orig.writeFileSync as (...a: unknown[]) => void)(p, ...rest);
  }) as typeof orig.writeFileSync;
  const writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 2) {
      sim.stderr.push(String(data));
      return String(data).length;
    }
    return (orig.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof orig.writeSync;
  return { ...orig, default: { ...orig, writeFileSync, writeSync }, writeFileSync, writeSync };
});

const KEY = 'a'.repeat(64);
const KEY2 = 'b'.repeat(64);
const OBJ = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7) & 255));

function put(store: CacheStore, key = KEY, glue = 'export const x = 1;\n') {
  const objectRef = store.putObject(key, OBJ);
  return store.putEntry(key, {
    glue, object: OBJ, objectRef, file: '/p/m.pyx', backend: 'native', deps: ['/p/m.pxd'], compilerVersion: 't', buildMs: 1,
  });
}

beforeEach(() => {
  sim.fail = null;
  sim.stderr.length = 0;
});
afterAll(cleanupTemps);

describe('CacheStore', () => {
  it('stores an entry atomically and reads it back verified', () => {
    const dir = join(tempDir(), 'nested', 'cache');
    const store = new CacheStore(dir);
    const e = put(store);
    expect(e.glueFile).toBe(join(dir, `${KEY}.mjs`));
    expect(e.objectFile).toBe(join(dir, `${KEY}.o`));
    expect(readdirSync(dir).sort()).toEqual([`${KEY}.json`, `${KEY}.mjs`, `${KEY}.o`]);
    const fresh = new CacheStore(dir).lookup(KEY);
    expect(fresh.problem).toBeNull();
    expect(fresh.entry?.glue).toBe('export const x = 1;\n');
    expect(fresh.entry?.meta).toMatchObject({ key: KEY, file: '/p/m.pyx', backend: 'native', deps: ['/p/m.pxd'], object: { size: 4096 } });
    expect(new CacheStore(dir).lookup(KEY2)).toEqual({ entry: null, problem: null });
  });

  it.each([
    ['truncated glue', (d: string) => truncateSync(join(d, `${KEY}.mjs`), 5), /truncated .*\.mjs/],
    ['truncated object', (d: string) => truncateSync(join(d, `${KEY}.o`), 100), /truncated .*\.o/],
    ['empty object', (d: string) => writeFileSync(join(d, `${KEY}.o`), ''), /truncated .*\.o/],
    ['flipped byte in object', (d: string) => {
      const b = readFileSync(join(d, `${KEY}.o`));
      b[10] ^= 1;
      writeFileSync(join(d, `${KEY}.o`), b);
    }, /corrupt .*\.o \(sha256 mismatch\)/],
    ['edited glue, same size', (d: string) => writeFileSync(join(d, `${KEY}.mjs`), 'export const x = 2;\n'), /corrupt .*\.mjs/],
    ['missing object', (d: string) => unlinkSync(join(d, `${KEY}.o`)), /missing .*\.o \(ENOENT\)/],
    ['truncated meta', (d: string) => truncateSync(join(d, `${KEY}.json`), 20), /unparsable meta/],
    ['meta of another key', (d: string) => writeFileSync(join(d, `${KEY}.json`), readFileSync(join(d, `${KEY}.json`), 'utf8').replace(`"key": "${KEY}"`, `"key": "${KEY2}"`)), /invalid meta/],
  ] as const)('detects %s and is rebuilt by the next put', (_name, damage, problem) => {
    const dir = tempDir();
    put(new CacheStore(dir));
    damage(dir);
    const r = new CacheStore(dir).lookup(KEY);
    expect(r.entry).toBeNull();
    expect(r.problem).toMatch(problem);
    put(new CacheStore(dir));
    const again = new CacheStore(dir).lookup(KEY);
    expect(again.problem).toBeNull();
    expect(again.entry?.glue).toBe('export const x = 1;\n');
  });

  it('keeps deps manifests, and treats a corrupt one as a miss', () => {
    const dir = tempDir();
    const s = new CacheStore(dir);
    s.writeDeps(KEY, '/p/m.pyx', ['/p/a.pxd', '/p/b.pxd']);
    expect(new CacheStore(dir).readDeps(KEY)).toEqual(['/p/a.pxd', '/p/b.pxd']);
    writeFileSync(s.depsFile(KEY), '{"format":1,"deps":[');
    expect(new CacheStore(dir).readDeps(KEY)).toBeNull();
    expect(new CacheStore(dir).readDeps(KEY2)).toBeNull();
  });

  it('an unwritable location (a path under a regular file) falls back to memory with one warning', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'file'), 'x');
    const store = new CacheStore(join(parent, 'file', 'cache'));
    const e = put(store);
    expect(store.mode).toBe('memory');
    expect(store.fallbackReason).toMatch(/ENOTDIR|EEXIST/);
    expect(e.glueFile).toBeNull();
    expect(e.objectFile).toMatch(/^data:application\/octet-stream;base64,/);
    expect(Buffer.from(e.objectFile!.split(',')[1]!, 'base64')).toEqual(Buffer.from(OBJ));
    expect(store.lookup(KEY).entry).toBe(e);
    put(store, KEY2);
    store.writeDeps(KEY, '/p/m.pyx', ['/p/a.pxd']);
    expect(store.readDeps(KEY)).toEqual(['/p/a.pxd']);
    const warnings = sim.stderr.filter((s) => s.includes('cannot write to the cache directory'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/kept in memory for this process/);
  });

  it('disk full (ENOSPC) in the middle of an entry: memory fallback, no temp files left behind', () => {
    const dir = tempDir();
    const store = new CacheStore(dir);
    sim.fail = (p) => (p.endsWith('.mjs') ? 'ENOSPC' : null);
    const e = put(store);
    expect(store.mode).toBe('memory');
    expect(store.fallbackReason).toMatch(/^ENOSPC/);
    expect(e.objectFile).toBe(join(dir, `${KEY}.o`)); // written before the disk filled up
    expect(e.glueFile).toBeNull();
    expect(store.lookup(KEY).entry?.glue).toBe('export const x = 1;\n');
    expect(readdirSync(dir)).toEqual([`${KEY}.o`]);
    expect(new CacheStore(dir).lookup(KEY)).toEqual({ entry: null, problem: null }); // no meta: a miss elsewhere
    expect(sim.stderr.filter((s) => s.includes('ENOSPC'))).toHaveLength(1);
  });

  it('a read-only directory still serves its entries; new ones go to memory', () => {
    const dir = tempDir();
    put(new CacheStore(dir));
    sim.fail = (p) => (p.startsWith(dir) ? 'EROFS' : null);
    const store = new CacheStore(dir);
    expect(store.lookup(KEY).entry?.glueFile).toBe(join(dir, `${KEY}.mjs`));
    const e2 = put(store, KEY2, 'export const y = 2;\n');
    expect(e2.glueFile).toBeNull();
    expect(store.lookup(KEY2).entry?.glue).toBe('export const y = 2;\n');
    expect(store.lookup(KEY).entry?.glueFile).toBe(join(dir, `${KEY}.mjs`));
    expect(sim.stderr.join('')).toMatch(/EROFS/);
  });

  it('lists, describes and clears a cache directory', () => {
    const dir = tempDir();
    const store = new CacheStore(dir);
    put(store);
    put(store, KEY2);
    store.writeDeps(KEY, '/p/m.pyx', []);
    writeFileSync(join(dir, `.tmp-1-0-dead-${KEY}.o`), 'stale');
    truncateSync(join(dir, `${KEY2}.o`), 1);
    const l = store.list().sort((a, b) => a.key.localeCompare(b.key));
    expect(l.map((e) => [e.key, e.file, e.problem === null])).toEqual([[KEY, '/p/m.pyx', true], [KEY2, '/p/m.pyx', false]]);
    expect(l[0]!.bytes).toBeGreaterThan(4096);
    expect(store.info()).toMatchObject({ dir, mode: 'disk', entries: 2, problems: 1 });
    const c = store.clear();
    expect(c.files).toBe(8); // 2 × 3 entry files, a manifest, a stale temp file
    expect(readdirSync(dir)).toEqual([]);
    expect(store.info()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
