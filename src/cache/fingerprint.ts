// A fingerprint of the compiler itself, part of every cache key: the package version and
// the path, size, mtime and inode of every module of the running cypyx code (dist/, or
// src/ when run from TypeScript sources). Rebuilding or reinstalling cypyx therefore
// invalidates the cache; COMPILER_VERSION lives in dist/compile, so it is covered without
// importing the front end on a cache hit. Hashing file metadata instead of contents is
// cheaper (hashing ~0.5 MB of dist/ cost 8-11 ms per process), but the walk still costs
// 3-4 ms; when the build leaves a `.build-id` file in dist/ (any string that changes with
// the build's output), that one file replaces the walk.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readBuildIdentity } from './buildid.js';
import { KeyHasher } from './hash.js';
import { CODE_ROOT, CYPYX_ROOT } from './paths.js';

let memo: string | undefined;

function collect(dir: string, out: string[]): void {
  let names: import('node:fs').Dirent[];
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of names) {
    const p = join(dir, d.name);
    if (d.isDirectory()) collect(p, out);
    else if (/\.(m?js|ts)$/.test(d.name) && !d.name.endsWith('.d.ts')) out.push(p);
  }
}

/** Hex sha256 identifying the running compiler build; computed once per thread. */
export function compilerFingerprint(): string {
  if (memo !== undefined) return memo;
  const h = new KeyHasher();
  const { version, buildId } = readBuildIdentity(CODE_ROOT, CYPYX_ROOT);
  h.field('version', version);
  if (buildId !== null) {
    h.field('build-id', buildId);
    memo = h.digest();
    return memo;
  }
  // no build id: walk the code
  const files: string[] = [];
  collect(CODE_ROOT, files);
  files.sort();
  for (const f of files) {
    let stamp = 'missing';
    try {
      const s = statSync(f);
      stamp = `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch {
      // removed meanwhile
    }
    h.field(relative(CODE_ROOT, f).split('\\').join('/'), stamp);
  }
  memo = h.digest();
  return memo;
}
