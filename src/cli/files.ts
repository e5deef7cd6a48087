// Which .pyx files a command works on: files as given, directories searched recursively
// (skipping node_modules and hidden directories); none given: the current directory.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './args.js';

function walk(dir: string, out: string[]): void {
  let names: import('node:fs').Dirent[];
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (d.name.startsWith('.') || d.name === 'node_modules') continue;
    const p = join(dir, d.name);
    if (d.isDirectory()) walk(p, out);
    else if (d.isFile() && d.name.endsWith('.pyx')) out.push(p);
  }
}

export function collectPyx(args: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const a of args.length ? args : ['.']) {
    const p = resolve(cwd, a);
    let st: import('node:fs').Stats;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`no such file or directory: ${a}`);
    }
    if (st.isDirectory()) walk(p, out);
    else if (p.endsWith('.pyx')) out.push(p);
    else throw new UsageError(`not a .pyx file: ${a}`);
  }
  return [...new Set(out)];
}
