// What identifies the machine a native cache entry was compiled for, without loading the
// addon. The target part of a native cache key (targetKey in native/addon.ts: LLVM's host
// CPU name and features, libmvec, the LLVM version) needs the addon, and loading it costs
// ~7 ms (dlopen of a 44 MB library, LLVM's static initializers). The hit index
// (hitindex.ts) instead checks that nothing it depends on changed since the entry was
// found through the real key: the addon file, Node's version (the addon's ABI), the
// dynamic linker's view of the system libraries (libmvec is loaded by name), and the CPU
// as the kernel describes it (/proc/cpuinfo: model, stepping, microcode, feature flags
// with the ones the OS did not enable removed). Conservative by construction: anything
// that could change what the addon reports changes this string, and where it cannot be
// computed (no /proc/cpuinfo) there is none and the addon decides.
import { readFileSync, statSync, type BigIntStats } from 'node:fs';

/** dev:ino:size:mtime:ctime (ns) of a file, or null when it does not exist. */
export function statKey(path: string): string | null {
  const s = statSync(path, { bigint: true, throwIfNoEntry: false });
  return s ? stampOf(s) : null;
}

export function stampOf(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** Lines of /proc/cpuinfo that change while the machine runs (the clock speed). */
const isVolatile = (line: string): boolean => line.startsWith('cpu MHz');

/**
 * /proc/cpuinfo without the lines that vary from one read to the next: every distinct
 * line of every processor (so a machine with two kinds of core is described by both).
 * null when it cannot be read.
 */
export function cpuDescription(text?: string): string | null {
  let t = text;
  if (t === undefined) {
    try {
      t = readFileSync('/proc/cpuinfo', 'latin1');
    } catch {
      return null;
    }
  }
  const lines = new Set(t.split('\n'));
  lines.delete('');
  for (const line of lines) if (isVolatile(line)) lines.delete(line);
  return lines.size > 0 ? [...lines].sort().join('\n') : null;
}

/** Files whose change may change what the addon reports; their stats are part of the identity. */
export function hostFiles(addonPath: string): string[] {
  return [addonPath, '/etc/ld.so.cache'];
}

let memo: { addon: string; id: string | null } | undefined;

/**
 * The host identity for native code loaded through the addon at `addonPath`, or null if
 * it cannot be told without the addon. Computed once per thread (the CPU does not change
 * under a process; the files' stats are checked against the index's own records).
 */
export function hostIdentity(addonPath: string): string | null {
  if (memo?.addon === addonPath) return memo.id;
  const cpu = cpuDescription();
  const id =
    cpu === null
      ? null
      : [
          `node ${process.version} ${process.platform}-${process.arch}`,
          `LD_LIBRARY_PATH=${process.env.LD_LIBRARY_PATH ?? ''}`,
          cpu,
        ].join('\n');
  memo = { addon: addonPath, id };
  return id;
}
