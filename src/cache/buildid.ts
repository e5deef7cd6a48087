// The compiler build's identity as the files state it: the package version and the build
// id that scripts/build.mjs leaves in dist/ (a hash of every built file). No hashing here
// (node:crypto is not loaded on the loader hooks' hit path): fingerprint.ts hashes these
// for cache keys, the hit index (hitindex.ts) compares them as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildIdentity {
  /** package.json's version, '' if it has none, null if unreadable. */
  version: string | null;
  /** dist/.build-id, or null when there is none (running from sources). */
  buildId: string | null;
}

/** Reads the version of the package at `packageRoot` and the build id in `codeRoot`. */
export function readBuildIdentity(codeRoot: string, packageRoot: string): BuildIdentity {
  let version: string | null;
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown };
    version = String(pkg.version ?? '');
  } catch {
    version = null;
  }
  let buildId: string | null;
  try {
    buildId = readFileSync(join(codeRoot, '.build-id'), 'utf8');
  } catch {
    buildId = null;
  }
  return { version, buildId };
}
