// cypyx cache ls | info | clear
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { bytes, displayPath, makeStyle } from '../format.js';

function age(iso: string | null): string {
  if (!iso) return '?';
  const s = (Date.now() - Date.parse(iso)) / 1000;
  if (!Number.isFinite(s)) return '?';
  if (s < 90) return `${Math.max(0, Math.round(s))}s`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/** The sources inline() and pyx`` generated (<cache>/inline/*.pyx). */
function inlineSources(dir: string): { files: string[]; bytes: number } {
  const d = join(dir, 'inline');
  let names: string[] = [];
  try {
    names = readdirSync(d).filter((n) => n.endsWith('.pyx'));
  } catch {
    // none
  }
  let total = 0;
  for (const n of names) {
    try {
      total += statSync(join(d, n)).size;
    } catch {
      // gone
    }
  }
  return { files: names.map((n) => join(d, n)), bytes: total };
}

export async function run(args: string[], o: Record<string, string | boolean>): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub) throw new UsageError('missing subcommand: ls, info or clear');
  if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
  const { listCache, clearCache, cacheInfo, cacheDir } = await import('../../cache/index.js');
  const given = o['dir'] ?? o['cache-dir'];
  const dir = typeof given === 'string' ? resolve(given) : cacheDir();
  const style = makeStyle(process.stdout);
  const json = o['json'] === true;
  switch (sub) {
    case 'ls':
    case 'list': {
      const entries = listCache(dir).sort((a, b) => (a.created ?? '').localeCompare(b.created ?? ''));
      if (json) {
        process.stdout.write(JSON.stringify(entries, null, 1) + '\n');
        return 0;
      }
      if (entries.length === 0) {
        process.stdout.write(`cache ${displayPath(dir)} is empty\n`);
        return 0;
      }
      process.stdout.write(style.dim(`${'KEY'.padEnd(12)}  ${'BACKEND'.padEnd(7)}  ${'SIZE'.padStart(9)}  ${'AGE'.padStart(4)}  SOURCE\n`));
      for (const e of entries) {
        const src = e.file ? displayPath(e.file) : '?';
        const problem = e.problem ? ` ${style.red(`(${e.problem})`)}` : '';
        process.stdout.write(
          `${e.key.slice(0, 12)}  ${(e.backend ?? '?').padEnd(7)}  ${bytes(e.bytes).padStart(9)}  ${age(e.created).padStart(4)}  ${src}${e.where === 'memory' ? ' (memory)' : ''}${problem}\n`,
        );
      }
      process.stdout.write(style.dim(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${displayPath(dir)}\n`));
      return 0;
    }
    case 'info': {
      const info = cacheInfo(dir);
      const inl = inlineSources(dir);
      if (json) {
        process.stdout.write(JSON.stringify({ ...info, inlineSources: inl.files.length, inlineBytes: inl.bytes }, null, 1) + '\n');
        return 0;
      }
      process.stdout.write(
        [
          `directory  ${info.dir}`,
          `mode       ${info.mode}${info.fallbackReason ? ` (${info.fallbackReason})` : ''}`,
          `entries    ${info.entries}${info.problems ? style.red(` (${info.problems} unusable: rebuilt on next use)`) : ''}`,
          `size       ${bytes(info.bytes)}`,
          `inline     ${inl.files.length} generated source${inl.files.length === 1 ? '' : 's'} (${bytes(inl.bytes)})`,
          `env        CYPYX_CACHE_DIR=${process.env.CYPYX_CACHE_DIR ?? '(unset)'}`,
        ].join('\n') + '\n',
      );
      return 0;
    }
    case 'clear': {
      const r = clearCache(dir);
      const inl = inlineSources(dir);
      for (const f of inl.files) rmSync(f, { force: true });
      const files = r.files + inl.files.length;
      if (json) process.stdout.write(JSON.stringify({ dir, files, bytes: r.bytes + inl.bytes }) + '\n');
      else process.stdout.write(`removed ${files} file${files === 1 ? '' : 's'} (${bytes(r.bytes + inl.bytes)}) from ${displayPath(dir)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand '${sub}': expected ls, info or clear`);
  }
}
