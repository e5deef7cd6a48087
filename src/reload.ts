// reload(moduleOrUrl) (SPEC §1.5): recompile an edited .pyx and return fresh exports.
//
// The module is compiled with compileFile (the content-hash cache: an unchanged file is a
// cache hit) and its glue is imported from the cache by its own URL, so this works whether
// or not the loader hooks are registered, and every version is a separate ES module:
//
//   - old exports keep working: the functions a caller still holds belong to the old
//     module instance, whose native code stays loaded;
//   - reload of an unchanged file returns the module of the last reload (same exports);
//   - memory policy: Node never unloads an ES module, and the old glue's functions refer to
//     the native code of their version, so the code of every version stays in the JIT until
//     the process (or Worker) exits. Releasing it while a function could still be called
//     would crash the process; an edit costs one object's code (typically a few KB).
//     Long-running watch loops that reload thousands of times should restart instead
//     (`node --watch` does).
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendChoice } from './build/backend.js';

export interface ReloadOptions {
  /** native | wasm | js | auto (default: $CYPYX_BACKEND, else auto). */
  backend?: BackendChoice;
  cacheDir?: string;
  /** Recompile even if the cache has the entry. */
  force?: boolean;
}

/** A module namespace of a compiled .pyx (it exports `__cypyx__` with its file). */
export interface PyxModuleLike {
  readonly __cypyx__?: { readonly file?: string };
}

interface Version {
  key: string;
  module: Record<string, unknown>;
  version: number;
}

const versions = new Map<string, Version>();

/** The .pyx file a module namespace, URL or path names. */
export function pyxFileOf(target: string | URL | PyxModuleLike): string {
  if (target instanceof URL) return fileURLToPath(new URL(target.pathname, 'file:///'));
  if (typeof target === 'string') {
    if (target.startsWith('file:')) {
      const u = new URL(target);
      return fileURLToPath(new URL(u.pathname, 'file:///'));
    }
    return resolve(target);
  }
  const file = target && typeof target === 'object' ? target.__cypyx__?.file : undefined;
  if (typeof file !== 'string') throw new TypeError('cypyx reload: expected a compiled .pyx module (with __cypyx__), a file URL or a path');
  return file;
}

/**
 * Recompiles `target` (a module namespace from `import('./m.pyx')`, a file: URL such as
 * `new URL('./m.pyx', import.meta.url)`, or a path) and resolves to its current exports.
 */
export async function reload(target: string | URL | PyxModuleLike, options: ReloadOptions = {}): Promise<Record<string, unknown>> {
  const file = pyxFileOf(target);
  const { compileFile } = await import('./build/compile.js');
  const r = await compileFile(file, { backend: options.backend, cacheDir: options.cacheDir, force: options.force });
  const prev = versions.get(file);
  if (prev && prev.key === r.key && !options.force) return prev.module;
  const url = r.glueFile
    ? pathToFileURL(r.glueFile).href
    : `data:text/javascript;base64,${Buffer.from(r.glue).toString('base64')}`;
  const module = (await import(url)) as Record<string, unknown>;
  versions.set(file, { key: r.key, module, version: (prev?.version ?? 0) + 1 });
  return module;
}

/** How many times `target` was (re)loaded by reload() in this process, 0 if never. */
export function reloadCount(target: string | URL | PyxModuleLike): number {
  return versions.get(pyxFileOf(target))?.version ?? 0;
}
