// Shared by the plugin and browser tests: temp dirs, running a bundle in a child Node.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const FIXTURE_APP = join(ROOT, 'test', 'plugin', 'fixtures', 'app');

const temps: string[] = [];
export function tempDir(prefix = 'cypyx-plugin-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A copy of a fixture directory in a fresh temp dir (tests may edit it). */
export function copyFixture(src: string = FIXTURE_APP): string {
  const d = tempDir();
  cpSync(src, d, { recursive: true });
  return d;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNode(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Imports an ES module bundle in a child Node and returns JSON.stringify(await exportName) from it. */
export async function runBundle(file: string, exportName = 'result', env: Record<string, string | undefined> = {}): Promise<unknown> {
  const code = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(JSON.stringify(await m[${JSON.stringify(exportName)}]));`;
  const r = await runNode(['--input-type=module', '-e', code], { env });
  if (r.code !== 0) throw new Error(`bundle ${file} failed (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout);
}

/**
 * Loads a module of the built package (dist/) with Node's own loader, as a user's
 * bundler config would: the compiler then runs as shipped, without the test runner
 * transforming it (which costs seconds per test file). Node 20.19+ require()s ES
 * modules without top-level await.
 */
const nodeRequire = createRequire(import.meta.url);
export function importDist<T>(rel: string): Promise<T> {
  return Promise.resolve(nodeRequire(join(ROOT, 'dist', rel)) as T);
}
