// cypyx annotate <file.pyx> [-o out.html]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { diagnosticsOf, displayPath, formatDiag, makeStyle } from '../format.js';
import { readSource } from './check.js';

export async function run(args: string[], o: Record<string, string | boolean>): Promise<number> {
  if (args.length !== 1) throw new UsageError(args.length ? 'annotate takes one .pyx file' : 'missing the .pyx file to annotate');
  const file = resolve(args[0]!);
  if (!file.endsWith('.pyx')) throw new UsageError(`not a .pyx file: ${args[0]}`);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`no such file: ${args[0]}`);
  }
  const { annotateFile } = await import('../../annotate/index.js');
  let html: string;
  let native = 0;
  let generic = 0;
  try {
    const version = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version as string;
    const r = await annotateFile(file, source, readSource, { version });
    html = r.html;
    native = r.report.functions.filter((f) => f.tier === 'native').length;
    generic = r.report.functions.filter((f) => f.tier === 'generic').length;
  } catch (e) {
    const d = diagnosticsOf(e);
    if (!d) throw e;
    const style = makeStyle(process.stderr);
    for (const x of d) process.stderr.write(formatDiag(x, style) + '\n');
    return 1;
  }
  if (o['stdout']) {
    process.stdout.write(html);
    return 0;
  }
  const out = typeof o['out'] === 'string' ? resolve(o['out']) : join(dirname(file), `${basename(file, '.pyx')}.html`);
  writeFileSync(out, html);
  process.stdout.write(`wrote ${displayPath(out)} (${native} native, ${generic} generic function${generic === 1 ? '' : 's'})\n`);
  return 0;
}
