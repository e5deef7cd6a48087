// Python print(): str() of each argument, written synchronously through
// process.stdout.write when it exists (Node), else console (browsers).
import { str } from './format.js';
import { TypeErr } from './exceptions.js';
import { typeName } from './typename.js';
import { setPrintImpl } from './builtins.js';

let pending = '';

/** Write text to stdout (looked up at every call: tests may wrap process.stdout.write). */
export function write(text: string): void {
  const proc = (globalThis as any).process;
  const out = proc?.stdout;
  if (out && typeof out.write === 'function') {
    out.write(text);
    return;
  }
  // console.log always ends a line: buffer partial lines
  pending += text;
  const nl = pending.lastIndexOf('\n');
  if (nl >= 0) {
    const lines = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    for (const line of lines.split('\n')) console.log(line);
  }
}

function strArg(v: any, what: 'sep' | 'end', dflt: string): string {
  if (v === null || v === undefined) return dflt;
  if (typeof v !== 'string') throw TypeErr(`${what} must be None or a string, not ${typeName(v)}`);
  return v;
}

/** print(*args, sep=sep, end=end) */
export function print(args: readonly any[], sep?: any, end?: any): null {
  const s = strArg(sep, 'sep', ' ');
  const e = strArg(end, 'end', '\n');
  let out = '';
  for (let i = 0; i < args.length; i++) out += (i ? s : '') + str(args[i]);
  write(out + e);
  return null;
}

setPrintImpl(print);
