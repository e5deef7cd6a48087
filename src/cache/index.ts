// The content-hash cache: keys, the store, and the helpers behind `cypyx cache`.
import { defaultCacheDir } from './paths.js';
import { openStore, type ListedEntry } from './store.js';

export { CacheStore, openStore, atomicWrite } from './store.js';
export type { CacheEntry, EntryMeta, ListedEntry, Lookup, FileDigest } from './store.js';
export { preKey, fullKey, readDepStates, CACHE_FORMAT } from './key.js';
export type { KeyInputs, DepState } from './key.js';
export { compilerFingerprint } from './fingerprint.js';
export { defaultCacheDir, findPackageRoot, CYPYX_ROOT } from './paths.js';

/**
 * The cache directory cypyx uses for `file` (a .pyx path), or for the current
 * directory: `$CYPYX_CACHE_DIR`, else `<package root>/node_modules/.cache/cypyx`.
 */
export function cacheDir(file?: string): string {
  return defaultCacheDir(file);
}

/** `cypyx cache ls`: the entries of a cache directory (default: the one for cwd). */
export function listCache(dir: string = defaultCacheDir()): ListedEntry[] {
  return openStore(dir).list();
}

/** `cypyx cache clear`: removes every cypyx file of the directory. */
export function clearCache(dir: string = defaultCacheDir()): { dir: string; files: number; bytes: number } {
  return { dir, ...openStore(dir).clear() };
}

/** `cypyx cache info`: where the cache is, how many entries and bytes, whether it fell back to memory. */
export function cacheInfo(dir: string = defaultCacheDir()): ReturnType<ReturnType<typeof openStore>['info']> {
  return openStore(dir).info();
}
