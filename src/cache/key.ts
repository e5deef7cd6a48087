// Cache keys (SPEC §1.4). Two steps, because the dependencies of a module are only
// known after its front end ran once:
//   preKey  = H(cache format, compiler fingerprint (the compiler's own code, which
//               holds COMPILER_VERSION, and the package version), file, source,
//               backend, target, options, where the glue points to)
//   fullKey = H(preKey, every dependency's path and CURRENT content)
// The deps manifest (stored under preKey) lists the dependency paths, so a later
// lookup re-hashes the files as they are now: editing a cimported .pxd changes the key.
import { readFileSync } from 'node:fs';
import { KeyHasher, stableJson } from './hash.js';
import { compilerFingerprint } from './fingerprint.js';

/** Bump when the layout or meaning of cache entries changes. */
export const CACHE_FORMAT = 1;

export interface KeyInputs {
  /** Absolute path of the .pyx (baked into the glue's messages). */
  file: string;
  source: string;
  backend: string;
  /** Machine the code is for: targetKey(addon) for native, '' otherwise. */
  target: string;
  /** Compile options and directives that change the output. */
  options: Record<string, unknown>;
  /**
   * Absolute locations the glue refers to (runtime URL, native loader URL, cache dir):
   * the glue embeds them, so a moved install or cache must not reuse it.
   */
  locations: Record<string, string>;
  /** Overrides the compiler fingerprint (tests). */
  fingerprint?: string;
}

export function preKey(k: KeyInputs): string {
  return new KeyHasher()
    .field('format', String(CACHE_FORMAT))
    .field('compiler', k.fingerprint ?? compilerFingerprint())
    .field('file', k.file)
    .field('source', k.source)
    .field('backend', k.backend)
    .field('target', k.target)
    .field('options', stableJson(k.options))
    .field('locations', stableJson(k.locations))
    .digest();
}

/** A dependency as the key sees it: its path and content (null: the file does not exist). */
export interface DepState {
  path: string;
  content: Uint8Array | null;
}

export function readDepStates(paths: readonly string[]): DepState[] {
  return paths.map((path) => {
    try {
      return { path, content: readFileSync(path) };
    } catch {
      return { path, content: null };
    }
  });
}

export function fullKey(pre: string, deps: readonly DepState[]): string {
  const h = new KeyHasher().field('pre', pre);
  for (const d of [...deps].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.field('dep', d.path).field('content', d.content);
  }
  return h.digest();
}
