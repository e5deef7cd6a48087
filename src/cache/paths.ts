// Where things are: the cypyx package itself, and the cache directory for a module.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The nearest directory at or above `start` that holds a package.json, or null. */
export function findPackageRoot(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** The directory of the running compiler code: `<cypyx>/dist` (or `<cypyx>/src` under a TS test runner). */
export const CODE_ROOT: string = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');
/** The cypyx package root. */
export const CYPYX_ROOT: string = dirname(CODE_ROOT);

/** File URL of a built module of cypyx (`dist/...`), whatever directory this code runs from. */
export function distUrl(rel: string): string {
  return pathToFileURL(join(CYPYX_ROOT, 'dist', rel)).href;
}

/**
 * The cache directory used for `file` (a .pyx path): `$CYPYX_CACHE_DIR`, else
 * `<nearest package root of the file, or of cwd>/node_modules/.cache/cypyx`.
 */
export function defaultCacheDir(file?: string): string {
  const env = process.env.CYPYX_CACHE_DIR;
  if (env) return resolve(env);
  const root = (file ? findPackageRoot(dirname(resolve(file))) : null) ?? findPackageRoot(process.cwd()) ?? process.cwd();
  return join(root, 'node_modules', '.cache', 'cypyx');
}
