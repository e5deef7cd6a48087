// Terminal output of the CLI: compile diagnostics (file:line:col, source line, caret, hint),
// colors (only on a TTY, never with NO_COLOR), sizes.
import { relative } from 'node:path';
import type { DiagnosticInfo } from '../compile/diagnostics.js';

export interface Style {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
}

export function makeStyle(stream: NodeJS.WriteStream | { isTTY?: boolean }): Style {
  const on = (!!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb') || !!process.env.FORCE_COLOR;
  const c = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: c('1'), red: c('31'), yellow: c('33'), green: c('32'), cyan: c('36'), dim: c('2') };
}

// Short hints for errors whose site did not give one (SPEC §1.11: every diagnostic has
// file, line, column, the source line with a caret, and a hint). Matched on the message
// text; the first matching pattern wins.
const HINTS: [RegExp, string][] = [
  [/^undeclared name not builtin: (\w+)/, 'declare it (cdef <type> $1), pass it as a parameter, or cimport/import it'],
  [/^Cannot assign type '([^']+)' to '([^']+)'/, 'add an explicit cast <$2>(...) or change the declared type'],
  [/^Cannot convert Python object to/, 'declare the value with a C type, or cast it'],
  [/^Cannot convert/, 'the types do not convert implicitly; add a cast or change a declaration'],
  [/^Invalid operand types? for/, 'check the operand types; C values and Python objects mix only through conversions'],
  [/wrong number of arguments|takes (exactly|at most)|positional argument/, "compare the call with the function's parameter list"],
  [/unexpected keyword argument|multiple values for keyword/, 'check the parameter names of the function'],
  [/^not supported yet/, 'cypyx reports constructs it cannot compile instead of guessing; rewrite this part or keep it in JS'],
  [/^Expected /, 'check the syntax just before this position (a missing colon, bracket or comma?)'],
  [/indentation|dedent|indented block/i, 'indent blocks consistently (spaces, same width) after lines ending in a colon'],
  [/^Unclosed string literal/, 'close the string on the same line, or use triple quotes'],
  [/^Non-default argument following default argument/, 'parameters with defaults must come after those without'],
  [/^unknown C type/, 'check the spelling, or cimport the type (e.g. from libc.stdint cimport int64_t)'],
  [/indices specified for memoryview|[Ii]nvalid (memoryview )?index/, 'memoryviews are indexed with one integer (or slice) per dimension'],
  [/^Return with value in void function/, 'declare a return type, or return without a value'],
  [/^Assignment to const/, 'the memoryview is declared const (read-only); drop const to write to it'],
  [/^Variable type cannot be void/, 'use a concrete C type'],
];

/** A hint for a diagnostic message, or undefined. */
export function defaultHint(text: string): string | undefined {
  for (const [re, h] of HINTS) {
    const m = re.exec(text);
    if (m) return h.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
  }
  return undefined;
}

export function hintFor(d: Pick<DiagnosticInfo, 'text' | 'hint'>): string | undefined {
  return d.hint ?? defaultHint(d.text);
}

/** Expands tabs so that the caret lines up under the column (Cython counts a tab as one column). */
function caretLine(source: string, col: number): [string, string] {
  let shown = '';
  let pad = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    const w = ch === '\t' ? 4 - (shown.length % 4) : 1;
    shown += ch === '\t' ? ' '.repeat(w) : ch;
    if (i < col - 1) pad += ' '.repeat(w);
  }
  if (col - 1 > source.length) pad += ' '.repeat(col - 1 - source.length);
  return [shown, pad];
}

export function displayPath(file: string, cwd = process.cwd()): string {
  if (file.startsWith('<')) return file;
  const r = relative(cwd, file);
  return r && !r.startsWith('..') && !r.startsWith('/') ? r : file;
}

/** One diagnostic as the CLI prints it: `path:line:col: error: text`, source line, caret, hint. */
export function formatDiag(d: DiagnosticInfo, style: Style, severity: 'error' | 'warning' = 'error'): string {
  const sev = severity === 'error' ? style.red(style.bold('error')) : style.yellow(style.bold('warning'));
  const out = [`${style.bold(`${displayPath(d.file)}:${d.line}:${d.col}`)}: ${sev}: ${style.bold(d.text)}`];
  if (d.sourceLine) {
    const [shown, pad] = caretLine(d.sourceLine, d.col);
    const gutter = String(d.line);
    out.push(`${style.dim(` ${gutter} |`)} ${shown}`);
    out.push(`${style.dim(` ${' '.repeat(gutter.length)} |`)} ${pad}${style.green('^')}`);
  }
  const hint = hintFor(d);
  if (hint) out.push(`  ${style.cyan('hint')}: ${hint}`);
  return out.join('\n');
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The diagnostics of an error, if it is a compile error (a CompileError or its serialized form). */
export function diagnosticsOf(e: unknown): DiagnosticInfo[] | null {
  const c = e as Partial<DiagnosticInfo> & { name?: string; diagnostics?: DiagnosticInfo[] };
  if (!c || typeof c !== 'object' || c.name !== 'CompileError' || typeof c.line !== 'number') return null;
  if (Array.isArray(c.diagnostics) && c.diagnostics.length) return c.diagnostics;
  return [{ file: c.file ?? '?', line: c.line, col: c.col ?? 1, text: c.text ?? String((e as Error).message), sourceLine: c.sourceLine ?? '', hint: c.hint }];
}
