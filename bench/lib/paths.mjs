// Where things are: the project root, the shared and the local kernels, the bench cache.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cypyx project root (the directory holding bench/). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared kernels directory: $CYPYX_BENCH_KERNELS, else <root>/../shared/bench/kernels. */
export function kernelsDir() {
  const dir = resolve(process.env.CYPYX_BENCH_KERNELS || join(ROOT, '..', 'shared', 'bench', 'kernels'));
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(join(dir, 'common', 'jsbench.mjs'))) {
    throw new Error(
      `bench: kernel directory not found: ${dir}\n` +
        '  expected ../shared/bench/kernels next to the project root (with common/jsbench.mjs);\n' +
        '  set CYPYX_BENCH_KERNELS=/path/to/kernels to use another one.',
    );
  }
  return dir;
}

/**
 * The project's own kernels (bench/kernels: the ufunc and reduction rows), written in the
 * shared kernels' conventions with their own harness in bench/kernels/common.
 */
export const LOCAL_KERNELS = join(ROOT, 'bench', 'kernels');

/** Every kernel directory the bench reads, in table order: the shared kernels, then the local ones. */
export function kernelDirs() {
  const dirs = [kernelsDir()];
  if (existsSync(join(LOCAL_KERNELS, 'common', 'jsbench.mjs'))) dirs.push(LOCAL_KERNELS);
  return dirs;
}

/** Scratch space for C binaries, fast-math copies, addons: never committed (node_modules is ignored). */
export function benchCacheDir(...sub) {
  const dir = join(process.env.CYPYX_BENCH_CACHE || join(ROOT, 'node_modules', '.cache', 'cypyx-bench'), ...sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The cypyx cache the bench children use. Set explicitly, because the default (the .pyx's
 * nearest package root) would put it inside the shared kernels directory.
 */
export function cypyxCacheDir() {
  return resolve(process.env.CYPYX_CACHE_DIR || join(ROOT, 'node_modules', '.cache', 'cypyx'));
}
