// Helpers for the tests of the public API and the CLI: they run real Node processes against
// the BUILT package (dist/: `npm run build` first; `npm test` does), in temp projects that
// depend on cypyx through node_modules/cypyx → the repository.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, childEnv, makeProject, runNode, tempDir, type RunResult } from '../loader/helpers.js';

export { ROOT, childEnv, cleanupTemps, tempDir, runNode } from '../loader/helpers.js';
export type { RunResult } from '../loader/helpers.js';

export const DIST = join(ROOT, 'dist');
export const CLI = join(DIST, 'cli', 'main.js');
export const REGISTER = join(DIST, 'register.js');
export const ADDON = join(ROOT, 'build', 'Release', 'cypyx_native.node');
export const hasAddon = existsSync(ADDON);

/** Fails with a clear message when dist/ is missing (the tests run the built package). */
export function requireDist(): void {
  for (const f of ['index.js', 'cli/main.js', 'inline.js', 'reload.js', 'compile/dts.js', 'annotate/index.js']) {
    if (!existsSync(join(DIST, f))) throw new Error(`dist/${f} is missing: run npm run build before these tests`);
  }
}

/** A temp project (package.json, the files) whose node_modules/cypyx is this repository. */
export function project(files: Record<string, string>): string {
  const dir = makeProject(files);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'cypyx'), 'dir');
  return dir;
}

/** Runs `node [--import cypyx/register] script` in `dir` with its own cache dir. */
export function runScript(
  dir: string,
  script: string,
  opts: { cache?: string; env?: Record<string, string>; register?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
  const args = opts.register ? ['--import', 'cypyx/register', script] : [script];
  return runNode(args, {
    cwd: dir,
    env: childEnv({ CYPYX_CACHE_DIR: opts.cache ?? tempDir('cypyx-cache-'), ...opts.env }),
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
}

/** Runs the CLI (`node dist/cli/main.js ...args`) in `cwd`. */
export function cli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runNode([CLI, ...args], { cwd, env: childEnv(env), timeoutMs: 120_000 });
}

/** The last line of stdout, parsed as JSON. */
export function lastJson<T = unknown>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
