// The hit index: a cache hit without hashing or the addon, for the loader hooks.
//
// The content-hash lookup (build/compile.ts: preKey, the deps manifest, fullKey, then the
// entry verified against its sha256) needs node:crypto and, for the native back end, the
// addon (the host CPU's name and features are part of the key). On Node's hooks thread,
// which starts with nothing loaded, that is most of what a hit costs in a fresh process:
// ~4 ms to load node:crypto, ~7 ms for the addon (dlopen of a 44 MB library).
//
// So after a lookup through the key (a hit or a build), the loader hook records here which
// entry it got, and the stat (device, inode, size, mtime, ctime; ns) of every file that
// result depended on: the .pyx, each dependency the key covers (or its absence), the
// entry's glue and object, the addon, the dynamic linker cache, binaryen's package.json
// for wasm; with the host identity (host.ts: Node's version, the CPU as /proc/cpuinfo
// describes it), the compiler build (version and build id) and everything else the lookup
// was given (the file, the cache directory, CYPYX_BACKEND and CYPYX_FORCE_BACKEND). The
// next lookup of the same file with the same inputs that finds every one of those stats
// unchanged serves that entry: same inputs, same files, so the key lookup would find the
// same entry, which was verified when it was recorded and has not been written since.
// Anything else (a missing, unreadable or foreign index, one changed stat) falls back to
// the key lookup, which then records again.
//
// Racy stats: a file changed twice within one timestamp tick may keep its stat. So a
// record is only written when every file in it last changed (mtime and ctime) at least
// RACY_MS before the lookup that produced it started reading: any change after that gets
// a later ctime than the one recorded. A freshly built entry is recorded by a later lookup.
//
// One small JSON file per source and inputs, hit-<hash of the inputs>.json in the cache
// directory (the hash only names it; the inputs are stored and compared in full).
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { atomicWrite } from './atomic.js';
import { readBuildIdentity } from './buildid.js';
import { hostFiles, hostIdentity, stampOf, statKey } from './host.js';

/** How long before a lookup started a file must have last changed for its stat to be recorded. */
export const RACY_MS = 2000;

const FORMAT = 1;

/** Where the running cypyx is. */
export interface HitContext {
  /** The directory of the compiler code (dist/): its .build-id, the URLs the glue embeds. */
  codeRoot: string;
  /** The cypyx package root (package.json). */
  packageRoot: string;
  /** The native addon (build/Release/cypyx_native.node). */
  addonPath: string;
}

/** A lookup: the .pyx (absolute) and the cache directory (absolute) compileFile is given. */
export interface HitQuery {
  file: string;
  cacheDir: string;
}

/** What compileFile returned, as much as the index needs. */
export interface HitResult {
  backend: string;
  key: string;
  glueFile: string | null;
  objectFile?: string;
  /** Every dependency the key covers (absolute; some may not exist). */
  deps: string[];
  /** Date.now() before the lookup read anything. */
  startedAt: number;
}

export interface Hit {
  glue: string;
  glueFile: string;
  objectFile: string | null;
  key: string;
  backend: string;
  deps: string[];
  /** The .pyx and the dependencies that exist (for watchers). */
  watched: string[];
}

interface IndexRecord {
  format: number;
  id: string;
  host: string;
  backend: string;
  key: string;
  glueFile: string;
  objectFile: string | null;
  binaryen: string | null;
  deps: string[];
  files: [string, string | null][];
}

/** Names the index file (not a key: the inputs are compared in full). 64 bits, two lanes. */
function nameHash(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

const builds = new Map<string, string | null>();

/** Everything a lookup depends on besides files and the host, as text; null without a build id. */
function inputsOf(q: HitQuery, ctx: HitContext): string | null {
  let build = builds.get(ctx.codeRoot);
  if (build === undefined) {
    const b = readBuildIdentity(ctx.codeRoot, ctx.packageRoot);
    build = b.buildId === null ? null : JSON.stringify([b.version, b.buildId]);
    builds.set(ctx.codeRoot, build);
  }
  if (build === null) return null;
  const env = process.env;
  return JSON.stringify([FORMAT, build, ctx.codeRoot, ctx.addonPath, q.file, q.cacheDir, env.CYPYX_FORCE_BACKEND ?? null, env.CYPYX_BACKEND ?? null]);
}

/** The index file for `inputs`. */
export function indexFile(cacheDir: string, inputs: string): string {
  return join(cacheDir, `hit-${nameHash(inputs)}.json`);
}

/** binaryen's package.json as compileFile resolves it (its version is in a wasm key), or null. */
function binaryenPackage(ctx: HitContext): string | null {
  try {
    return createRequire(join(ctx.codeRoot, 'build', 'compile.js')).resolve('binaryen/package.json');
  } catch {
    return null;
  }
}

function isRecord(x: unknown): x is IndexRecord {
  const r = x as IndexRecord;
  return (
    !!r && typeof r === 'object' && r.format === FORMAT && typeof r.id === 'string' && typeof r.host === 'string' &&
    typeof r.backend === 'string' && typeof r.key === 'string' && typeof r.glueFile === 'string' &&
    (r.objectFile === null || typeof r.objectFile === 'string') && (r.binaryen === null || typeof r.binaryen === 'string') &&
    Array.isArray(r.deps) && r.deps.every((d) => typeof d === 'string') &&
    Array.isArray(r.files) &&
    r.files.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === 'string' && (f[1] === null || typeof f[1] === 'string'))
  );
}

/** The entry the index holds for `q`, if every file it depends on is as recorded; else null. */
export function lookupHit(q: HitQuery, ctx: HitContext): Hit | null {
  const inputs = inputsOf(q, ctx);
  if (inputs === null) return null;
  let rec: unknown;
  try {
    rec = JSON.parse(readFileSync(indexFile(q.cacheDir, inputs), 'utf8'));
  } catch {
    return null;
  }
  if (!isRecord(rec) || rec.id !== inputs) return null;
  const host = hostIdentity(ctx.addonPath);
  if (host === null || rec.host !== host) return null;
  // (the record lists the glue and object among its files: checked when it was written)
  for (const [path, stamp] of rec.files) if (statKey(path) !== stamp) return null;
  if (rec.backend === 'wasm' && binaryenPackage(ctx) !== rec.binaryen) return null;
  let glue: string;
  try {
    glue = readFileSync(rec.glueFile, 'utf8');
  } catch {
    return null;
  }
  const absent = new Set(rec.files.filter(([, s]) => s === null).map(([p]) => p));
  return {
    glue,
    glueFile: rec.glueFile,
    objectFile: rec.objectFile,
    key: rec.key,
    backend: rec.backend,
    deps: rec.deps,
    watched: [q.file, ...rec.deps.filter((d) => !absent.has(d))],
  };
}

/**
 * Records what a lookup through the key gave for `q` (compileFile's result), when the
 * entry is on disk and every file it depends on is older than the racy window. Returns
 * whether it wrote the index; never throws.
 */
export function recordHit(q: HitQuery, ctx: HitContext, r: HitResult): boolean {
  try {
    const inputs = inputsOf(q, ctx);
    const host = hostIdentity(ctx.addonPath);
    if (inputs === null || host === null || r.glueFile === null) return false;
    if (r.objectFile?.startsWith('data:')) return false; // in memory
    const binaryen = r.backend === 'wasm' ? binaryenPackage(ctx) : null;
    const paths = [q.file, ...r.deps, r.glueFile, ...(r.objectFile ? [r.objectFile] : []), ...hostFiles(ctx.addonPath)];
    if (binaryen) paths.push(binaryen);
    const limit = BigInt(Math.floor(r.startedAt - RACY_MS)) * 1_000_000n;
    const files: [string, string | null][] = [];
    for (const p of paths) {
      const s = statSync(p, { bigint: true, throwIfNoEntry: false });
      if (s && (s.ctimeNs >= limit || s.mtimeNs >= limit)) return false; // changed too recently to trust its stat
      files.push([p, s ? stampOf(s) : null]);
    }
    const rec: IndexRecord = {
      format: FORMAT, id: inputs, host, backend: r.backend, key: r.key, glueFile: r.glueFile,
      objectFile: r.objectFile ?? null, binaryen, deps: r.deps, files,
    };
    const file = indexFile(q.cacheDir, inputs);
    mkdirSync(q.cacheDir, { recursive: true });
    atomicWrite(file, JSON.stringify(rec));
    return true;
  } catch {
    return false; // read-only or full cache directory, a file vanished: no index, no harm
  }
}
