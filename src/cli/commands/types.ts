// cypyx types: m.pyx.d.ts beside each m.pyx, from the module's IR.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { collectPyx } from '../files.js';
import { diagnosticsOf, displayPath, formatDiag, makeStyle } from '../format.js';
import { readSource } from './check.js';

/** Where the declarations of `file` go: m.pyx.d.ts, and for allowArbitraryExtensions m.d.pyx.ts. */
export function dtsPaths(file: string): { plain: string; arbitrary: string } {
  const base = basename(file, '.pyx');
  return { plain: `${file}.d.ts`, arbitrary: join(dirname(file), `${base}.d.pyx.ts`) };
}

/** Writes `text` unless the file already holds it; true when written. */
function writeIfChanged(path: string, text: string): boolean {
  try {
    if (readFileSync(path, 'utf8') === text) return false;
  } catch {
    // new file
  }
  writeFileSync(path, text);
  return true;
}

export async function run(args: string[], o: Record<string, string | boolean>): Promise<number> {
  const files = collectPyx(args);
  const err = makeStyle(process.stderr);
  if (files.length === 0) {
    process.stderr.write('cypyx types: no .pyx files found\n');
    return 1;
  }
  const [{ frontEnd }, { emitDts }] = await Promise.all([import('../../compile/index.js'), import('../../compile/dts.js')]);
  let failed = 0;
  let stale = 0;
  for (const file of files) {
    let text: string;
    try {
      const { ir } = frontEnd(file, readFileSync(file, 'utf8'), { readFile: readSource, backend: 'native' });
      text = emitDts(ir, { sourceName: basename(file) });
    } catch (e) {
      const d = diagnosticsOf(e);
      if (!d) throw e;
      for (const x of d) process.stderr.write(formatDiag(x, err) + '\n');
      failed++;
      continue;
    }
    if (o['stdout']) {
      process.stdout.write(text);
      continue;
    }
    const { plain, arbitrary } = dtsPaths(file);
    const targets = o['arbitrary'] ? [plain, arbitrary] : [plain];
    for (const t of targets) {
      if (o['check']) {
        let cur: string | null = null;
        try {
          cur = readFileSync(t, 'utf8');
        } catch {
          // missing
        }
        if (cur !== text) {
          stale++;
          process.stderr.write(`${displayPath(t)}: ${cur === null ? 'missing' : 'out of date'}\n`);
        }
        continue;
      }
      const wrote = writeIfChanged(t, text);
      process.stdout.write(`${wrote ? 'wrote' : 'unchanged'} ${displayPath(t)}\n`);
    }
  }
  if (failed) process.stderr.write(`cypyx types: ${failed} file${failed === 1 ? '' : 's'} with errors\n`);
  return failed || stale ? 1 : 0;
}
