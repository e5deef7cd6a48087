// Builds the kernels' C versions with gcc (cached by content + flags + gcc version)
// and runs their own main() runner (one JSON line, see kernels/common/cbench.h).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { benchCacheDir } from './paths.mjs';
import { run, runSync, lastJsonLine, brief } from './proc.mjs';

export const C_SYSTEMS = [
  { key: 'gcc-O3', label: 'gcc -O3', flags: ['-O3'] },
  { key: 'gcc-native', label: 'gcc -O3 -march=native', flags: ['-O3', '-march=native'], fma: true },
  {
    key: 'gcc-fastmath',
    label: 'gcc -O3 -march=native -ffast-math',
    flags: ['-O3', '-march=native', '-ffast-math'],
    fma: true,
    fastMath: true,
  },
];

let gccVer;
export function gccVersion() {
  if (gccVer === undefined) {
    const r = runSync('gcc', ['--version']);
    gccVer = r.code === 0 ? r.stdout.split('\n')[0].trim() : null;
  }
  return gccVer;
}

/** Compiles <kernelDir>/kernel.c with `flags`; returns { bin } or { error }. */
export function buildC(kernelDir, dirName, flags) {
  const ver = gccVersion();
  if (!ver) return { error: 'gcc not found' };
  const src = join(kernelDir, 'kernel.c');
  const h = createHash('sha256');
  h.update(ver).update('\0').update(flags.join(' ')).update('\0').update(readFileSync(src));
  const common = join(kernelDir, '..', 'common', 'cbench.h');
  if (existsSync(common)) h.update(readFileSync(common));
  const bin = join(benchCacheDir('c'), `${dirName}-${h.digest('hex').slice(0, 16)}`);
  if (existsSync(bin)) return { bin, cached: true };
  const tmp = `${bin}.${process.pid}.tmp`;
  const r = runSync('gcc', [...flags, src, '-o', tmp, '-lm']);
  if (r.code !== 0) return { error: `gcc ${flags.join(' ')} failed: ${brief(r.stderr || r.error)}` };
  renameSync(tmp, bin);
  return { bin, cached: false };
}

/** Runs a built kernel: `bin <system> <reps> [variant]` → its JSON result or { error }. */
export async function runC(bin, system, reps, cArgs, timeoutMs) {
  const r = await run(bin, [system, String(reps), ...cArgs], { timeoutMs });
  const res = lastJsonLine(r.stdout);
  if (r.timedOut) return { ok: false, error: `timed out after ${timeoutMs / 1000} s` };
  if (!res || r.code !== 0) {
    return { ok: false, error: `exit ${r.code ?? r.signal}: ${brief(r.stderr || r.stdout || r.spawnError)}` };
  }
  return { ok: true, ...res };
}
