// cypyx check: the front end only (parse, types, tiers) over every file; diagnostics out,
// exit code 1 when any file has errors.
import { readFileSync } from 'node:fs';
import type { DiagnosticInfo } from '../../compile/diagnostics.js';
import { collectPyx } from '../files.js';
import { diagnosticsOf, displayPath, formatDiag, hintFor, makeStyle } from '../format.js';

export function readSource(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

interface FileResult {
  file: string;
  errors: DiagnosticInfo[];
  notes: { fn: string; line: number; reason: string }[];
}

export async function run(args: string[], o: Record<string, string | boolean>): Promise<number> {
  const files = collectPyx(args);
  const style = makeStyle(process.stderr);
  if (files.length === 0) {
    process.stderr.write('cypyx check: no .pyx files found\n');
    return 1;
  }
  const { frontEnd } = await import('../../compile/index.js');
  const results: FileResult[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const r: FileResult = { file, errors: [], notes: [] };
    try {
      const { ir } = frontEnd(file, source, { readFile: readSource, backend: 'native' });
      for (const f of ir.functions) {
        if (f.tier === 'generic' && f.flavor !== 'lambda' && !f.parent) r.notes.push({ fn: f.pyName, line: f.loc.line, reason: f.genericReason ?? 'generic' });
      }
    } catch (e) {
      const d = diagnosticsOf(e);
      if (!d) throw e;
      r.errors.push(...d.map((x) => ({ ...x, hint: hintFor(x) })));
    }
    results.push(r);
  }
  const nErr = results.reduce((s, r) => s + r.errors.length, 0);
  const bad = results.filter((r) => r.errors.length).length;
  if (o['json']) {
    process.stdout.write(JSON.stringify(results, null, 1) + '\n');
    return nErr ? 1 : 0;
  }
  for (const r of results) {
    for (const d of r.errors) process.stderr.write(formatDiag(d, style) + '\n\n');
    if (o['tiers']) {
      for (const n of r.notes) {
        process.stderr.write(`${style.bold(`${displayPath(r.file)}:${n.line}:1`)}: ${style.cyan('note')}: ${n.fn}() runs as generic code: ${n.reason}\n`);
      }
    }
  }
  const out = makeStyle(process.stdout);
  if (nErr) {
    process.stdout.write(`cypyx check: ${out.red(`${nErr} error${nErr === 1 ? '' : 's'}`)} in ${bad} of ${files.length} file${files.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  process.stdout.write(`cypyx check: ${files.length} file${files.length === 1 ? '' : 's'} OK\n`);
  return 0;
}
