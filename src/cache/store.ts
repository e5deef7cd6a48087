// The content-hash store (SPEC §1.4, §6). One directory, three files per entry:
//   <key>.o     the relocatable object (native back end only)
//   <key>.mjs   the glue: the ES module the loader serves for the .pyx
//   <key>.json  meta: file, deps, sizes and sha256 of the other two; written last
// plus one deps manifest per source, <preKey>.deps.json (see key.ts), and the loader's hit
// index, hit-<hash>.json (see hitindex.ts).
//
// Every file is written to a temp file in the same directory and renamed into place,
// so a reader never sees a partial file. A reader trusts an entry only when the meta
// parses and both files have the recorded size and sha256; anything else is a miss
// and the caller rebuilds (overwriting, never deleting: another process may be about
// to load the object it just verified). Two processes building the same entry write
// identical bytes, so whichever rename lands last is as good as the other.
//
// When the directory cannot be written (read-only, permissions, not a directory, disk
// full), the store says so once and keeps new entries in memory for this process
// (objects as data: URLs, which loadNative accepts); existing entries are still read.
import { mkdirSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { sha256Hex } from './hash.js';
import { CACHE_FORMAT } from './key.js';
import { noticeOnce } from './warn.js';
import { atomicWrite } from './atomic.js';

export { atomicWrite };

export interface FileDigest {
  size: number;
  sha256: string;
}

export interface EntryMeta {
  format: number;
  key: string;
  /** The .pyx this entry was compiled from. */
  file: string;
  backend: string;
  /** Dependency files (absolute) the key covered. */
  deps: string[];
  compilerVersion: string | null;
  glue: FileDigest;
  object: FileDigest | null;
  /** ISO date of the build. */
  created: string;
  /** Build time in ms (front end to stored entry). */
  buildMs: number | null;
}

export interface CacheEntry {
  key: string;
  glue: string;
  /** Where the glue is stored; null when the entry lives in memory. */
  glueFile: string | null;
  /** The object reference the glue loads: a file path, or a data: URL in memory mode; null without native code. */
  objectFile: string | null;
  meta: EntryMeta;
}

export interface Lookup {
  entry: CacheEntry | null;
  /** Why an entry that exists on disk was not used (truncated, corrupt, ...); null for a hit or a plain miss. */
  problem: string | null;
}

export interface ListedEntry {
  key: string;
  file: string | null;
  backend: string | null;
  bytes: number;
  created: string | null;
  where: 'disk' | 'memory';
  /** Why the entry is unusable, if it is. */
  problem: string | null;
}

const KEY_RE = /^[0-9a-f]{64}$/;
const OWN_FILE_RE = /^(?:[0-9a-f]{64}(?:\.mjs|\.o|\.json|\.deps\.json)|hit-[0-9a-f]{16}\.json|\.tmp-.*)$/;

function digest(bytes: Uint8Array): FileDigest {
  return { size: bytes.byteLength, sha256: sha256Hex(bytes) };
}

function isDigest(x: unknown): x is FileDigest {
  const d = x as FileDigest;
  return !!d && typeof d === 'object' && typeof d.size === 'number' && typeof d.sha256 === 'string';
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err && err.code ? `${err.code}: ${err.message}` : String((err && err.message) || e);
}

function toDataUrl(bytes: Uint8Array): string {
  return `data:application/octet-stream;base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

export class CacheStore {
  readonly dir: string;
  private dirReady = false;
  private fallback: string | null = null;
  private readonly mem = new Map<string, CacheEntry>();
  private readonly memDeps = new Map<string, string[]>();

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** 'memory' once a write failed: new entries are then kept in this process only. */
  get mode(): 'disk' | 'memory' {
    return this.fallback ? 'memory' : 'disk';
  }

  /** Why the store fell back to memory (error code and message), or null. */
  get fallbackReason(): string | null {
    return this.fallback;
  }

  glueFile(key: string): string {
    return join(this.dir, `${key}.mjs`);
  }
  objectFile(key: string): string {
    return join(this.dir, `${key}.o`);
  }
  metaFile(key: string): string {
    return join(this.dir, `${key}.json`);
  }
  depsFile(pre: string): string {
    return join(this.dir, `${pre}.deps.json`);
  }

  // ------------------------------------------------------------ deps manifests
  readDeps(pre: string): string[] | null {
    const m = this.memDeps.get(pre);
    if (m) return m;
    let text: string;
    try {
      text = readFileSync(this.depsFile(pre), 'utf8');
    } catch {
      return null;
    }
    try {
      const j = JSON.parse(text) as { format?: unknown; deps?: unknown };
      if (j && j.format === CACHE_FORMAT && Array.isArray(j.deps) && j.deps.every((d) => typeof d === 'string')) {
        return j.deps as string[];
      }
    } catch {
      // corrupt manifest: a miss; the rebuild rewrites it
    }
    return null;
  }

  writeDeps(pre: string, file: string, deps: string[]): void {
    if (!this.write(this.depsFile(pre), JSON.stringify({ format: CACHE_FORMAT, file, deps }))) this.memDeps.set(pre, deps);
  }

  // ------------------------------------------------------------ entries
  lookup(key: string): Lookup {
    const m = this.mem.get(key);
    if (m) return { entry: m, problem: null };
    let metaText: string;
    try {
      metaText = readFileSync(this.metaFile(key), 'utf8');
    } catch {
      return { entry: null, problem: null };
    }
    let meta: EntryMeta;
    try {
      meta = JSON.parse(metaText) as EntryMeta;
    } catch {
      return { entry: null, problem: `unparsable meta ${basename(this.metaFile(key))}` };
    }
    if (
      !meta || typeof meta !== 'object' || meta.format !== CACHE_FORMAT || meta.key !== key ||
      !isDigest(meta.glue) || (meta.object !== null && !isDigest(meta.object))
    ) {
      return { entry: null, problem: `invalid meta ${basename(this.metaFile(key))}` };
    }
    const glueFile = this.glueFile(key);
    const glue = this.readVerified(glueFile, meta.glue);
    if (typeof glue === 'string') return { entry: null, problem: glue };
    let objectFile: string | null = null;
    if (meta.object) {
      objectFile = this.objectFile(key);
      const obj = this.readVerified(objectFile, meta.object);
      if (typeof obj === 'string') return { entry: null, problem: obj };
    }
    return { entry: { key, glue: glue.toString('utf8'), glueFile, objectFile, meta }, problem: null };
  }

  get(key: string): CacheEntry | null {
    return this.lookup(key).entry;
  }

  /** Reads a file and checks it against its digest; returns the bytes or what is wrong. */
  private readVerified(path: string, want: FileDigest): Buffer | string {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      return `missing ${basename(path)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    if (bytes.byteLength !== want.size) return `truncated ${basename(path)} (${bytes.byteLength} of ${want.size} bytes)`;
    if (sha256Hex(bytes) !== want.sha256) return `corrupt ${basename(path)} (sha256 mismatch)`;
    return bytes;
  }

  /**
   * Stores an object file first (the glue must know where it will be loaded from).
   * Returns the reference to embed in the glue: its path, or a data: URL if the
   * directory is not writable.
   */
  putObject(key: string, bytes: Uint8Array): string {
    if (!KEY_RE.test(key)) throw new Error(`cypyx cache: bad key ${key}`);
    return this.write(this.objectFile(key), bytes) ? this.objectFile(key) : toDataUrl(bytes);
  }

  /** Stores the glue and the meta (last) of an entry whose object, if any, putObject stored. */
  putEntry(
    key: string,
    e: {
      glue: string;
      object: Uint8Array | null;
      objectRef: string | null;
      file: string;
      backend: string;
      deps: string[];
      compilerVersion: string | null;
      buildMs: number | null;
    },
  ): CacheEntry {
    if (!KEY_RE.test(key)) throw new Error(`cypyx cache: bad key ${key}`);
    const glueBytes = Buffer.from(e.glue, 'utf8');
    const meta: EntryMeta = {
      format: CACHE_FORMAT,
      key,
      file: e.file,
      backend: e.backend,
      deps: e.deps,
      compilerVersion: e.compilerVersion,
      glue: digest(glueBytes),
      object: e.object ? digest(e.object) : null,
      created: new Date().toISOString(),
      buildMs: e.buildMs,
    };
    const onDisk =
      !(e.objectRef && e.objectRef.startsWith('data:')) &&
      this.write(this.glueFile(key), glueBytes) &&
      this.write(this.metaFile(key), JSON.stringify(meta, null, 1));
    const entry: CacheEntry = { key, glue: e.glue, glueFile: onDisk ? this.glueFile(key) : null, objectFile: e.objectRef, meta };
    if (!onDisk) this.mem.set(key, entry);
    return entry;
  }

  // ------------------------------------------------------------ writing
  /** Atomic write (temp file in the same directory + rename). False when the store is (or just became) memory-only. */
  private write(path: string, data: string | Uint8Array): boolean {
    if (this.fallback) return false;
    try {
      if (!this.dirReady) {
        mkdirSync(this.dir, { recursive: true });
        this.dirReady = true;
      }
      atomicWrite(path, data);
      return true;
    } catch (e) {
      this.fallback = errText(e);
      noticeOnce(
        `cache-fallback:${this.dir}`,
        `cypyx: cannot write to the cache directory ${this.dir} (${this.fallback}); ` +
          'compiled modules are kept in memory for this process only (set CYPYX_CACHE_DIR to a writable directory).',
      );
      return false;
    }
  }

  // ------------------------------------------------------------ ls / clear / info
  list(): ListedEntry[] {
    const out: ListedEntry[] = [];
    for (const e of this.mem.values()) {
      out.push({
        key: e.key, file: e.meta.file, backend: e.meta.backend, created: e.meta.created, where: 'memory', problem: null,
        bytes: e.meta.glue.size + (e.meta.object?.size ?? 0),
      });
    }
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return out;
    }
    const sizes = new Map<string, number>();
    for (const n of names) {
      const k = n.slice(0, 64);
      if (!KEY_RE.test(k) || n.endsWith('.deps.json')) continue;
      try {
        sizes.set(k, (sizes.get(k) ?? 0) + statSync(join(this.dir, n)).size);
      } catch {
        // removed meanwhile
      }
    }
    for (const [key, bytes] of sizes) {
      const { entry, problem } = this.lookup(key);
      let meta: Partial<EntryMeta> | null = entry?.meta ?? null;
      if (!meta) {
        try {
          meta = JSON.parse(readFileSync(this.metaFile(key), 'utf8')) as EntryMeta;
        } catch {
          meta = null;
        }
      }
      out.push({
        key, bytes, where: 'disk',
        file: typeof meta?.file === 'string' ? meta.file : null,
        backend: typeof meta?.backend === 'string' ? meta.backend : null,
        created: typeof meta?.created === 'string' ? meta.created : null,
        problem: entry ? null : problem ?? 'incomplete entry (no meta)',
      });
    }
    return out;
  }

  /** Removes every cache file of this store (entries, manifests, stale temp files) and the memory entries. */
  clear(): { files: number; bytes: number } {
    this.mem.clear();
    this.memDeps.clear();
    let files = 0;
    let bytes = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return { files, bytes };
    }
    for (const n of names) {
      if (!OWN_FILE_RE.test(n)) continue;
      const p = join(this.dir, n);
      try {
        const size = statSync(p).size;
        unlinkSync(p);
        files++;
        bytes += size;
      } catch {
        // gone or not removable
      }
    }
    return { files, bytes };
  }

  info(): { dir: string; mode: 'disk' | 'memory'; fallbackReason: string | null; entries: number; bytes: number; problems: number } {
    const l = this.list();
    return {
      dir: this.dir,
      mode: this.mode,
      fallbackReason: this.fallback,
      entries: l.length,
      bytes: l.reduce((s, e) => s + e.bytes, 0),
      problems: l.filter((e) => e.problem).length,
    };
  }
}

const stores = new Map<string, CacheStore>();

/** The store for a directory, shared within this thread (so the memory fallback and its warning are too). */
export function openStore(dir: string): CacheStore {
  const d = resolve(dir);
  let s = stores.get(d);
  if (!s) {
    s = new CacheStore(d);
    stores.set(d, s);
  }
  return s;
}
