// Shared by the cache and loader tests: temp dirs, child processes, and a "sandbox" —
// a copy of the module-loading part of cypyx (transpiled from src/ with esbuild) in
// which the compiler is the fake of fake-toolchain.ts, so that the real hooks, cache
// and native loading run in real Node processes before the real compiler exists.
import { spawn, type SpawnOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as fake from './fake-toolchain.js';
import type { Toolchain } from '../../src/build/compile.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const SRC = join(ROOT, 'src');
export const ADDON = join(ROOT, 'build', 'Release', 'cypyx_native.node');

const temps: string[] = [];
export function tempDir(prefix = 'cypyx-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(d, 0o755); // readable by the unprivileged child of the read-only test
  temps.push(d);
  return d;
}
export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The fake compiler as a Toolchain for createCompiler (in-process tests). */
export const fakeToolchain: Toolchain = {
  frontEnd: async () => fake as never,
  llvm: async () => fake as never,
  wasm: async () => fake as never,
  js: async () => fake as never,
};

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runNode(args: string[], opts: SpawnOptions & { timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** The modules of the sandbox: everything module loading needs, none of the real compiler. */
function sandboxModules(): string[] {
  const dirs = ['build', 'cache'].flatMap((d) => readdirSync(join(SRC, d)).filter((f) => f.endsWith('.ts')).map((f) => `${d}/${f}`));
  return [...dirs, 'compile/diagnostics.ts', 'loader-hook.ts', 'native/addon.ts', 'register.ts', 'runtime/loader-native.ts'];
}

/**
 * Builds a sandbox package in a temp dir: <dir>/dist/** from src/ (module loading only),
 * the fake compiler as dist/compile/{index,llvm/index,wasm/index,js/index}.js, and the built addon
 * linked at build/Release (unless `addon: false`). Returns the sandbox root.
 */
export async function makeSandbox(opts: { addon?: boolean } = {}): Promise<string> {
  const sb = tempDir('cypyx-sandbox-');
  const dist = join(sb, 'dist');
  await build({
    entryPoints: sandboxModules().map((m) => join(SRC, m)),
    outdir: dist,
    outbase: SRC,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  await build({
    entryPoints: [join(ROOT, 'test', 'loader', 'fake-toolchain.ts')],
    outfile: join(dist, 'compile', 'fake.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  for (const [rel, spec] of [
    ['compile/index.js', './fake.js'],
    ['compile/llvm/index.js', '../fake.js'],
    ['compile/js/index.js', '../fake.js'],
    ['compile/wasm/index.js', '../fake.js'],
  ] as const) {
    mkdirSync(dirname(join(dist, rel)), { recursive: true });
    writeFileSync(join(dist, rel), `export * from '${spec}';\n`);
  }
  writeFileSync(
    join(sb, 'package.json'),
    JSON.stringify({ name: 'cypyx', version: '0.0.0-sandbox', type: 'module', exports: { './register': './dist/register.js' } }),
  );
  if (opts.addon !== false && existsSync(ADDON)) {
    mkdirSync(join(sb, 'build', 'Release'), { recursive: true });
    symlinkSync(ADDON, join(sb, 'build', 'Release', 'cypyx_native.node'));
  }
  return sb;
}

/** A project dir with a package.json (so its cache goes to <dir>/node_modules/.cache/cypyx). */
export function makeProject(files: Record<string, string>): string {
  const dir = tempDir('cypyx-proj-');
  writeFileSync(join(dir, 'package.json'), '{"name":"proj","type":"module"}\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Environment for children: the inherited one without any cypyx settings, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('CYPYX_') || k === 'NODE_OPTIONS' || k.startsWith('VITEST')) delete env[k];
  return { ...env, ...extra };
}
