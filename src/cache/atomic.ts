// Atomic file writes for the cache (entries, deps manifests, the hit index, inline()'s
// glue). A module of its own: the loader hooks' hit path writes the hit index without
// loading store.ts (and node:crypto with it).
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let tmpCounter = 0;

/** Writes `data` to `path` through a uniquely named temp file in the same directory. */
export function atomicWrite(path: string, data: string | Uint8Array): void {
  // pid + random + counter: unique across processes, threads of one process, and calls
  const rand = Math.floor(Math.random() * 2 ** 48).toString(16);
  const tmp = join(dirname(path), `.tmp-${process.pid}-${rand}-${(tmpCounter++).toString(16)}-${basename(path)}`);
  try {
    writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw e;
  }
}
