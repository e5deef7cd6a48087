// Compile errors in the shape bundlers report: a message with file:line:col, a location
// ({ file, line, column }) and a code frame. The message is Cython's (1-based columns);
// the location's column follows the bundler: 0-based for Rollup and esbuild (their own
// errors print it so), 1-based for Vite (its overlay shows file:line:column as is and
// opens the editor there).
import type { PluginLocation } from './shared.js';

export interface PyxErrorInfo {
  /** The formatted diagnostic (`kernel.pyx:3:5: text`, source line, caret, `in /abs/kernel.pyx`). */
  message: string;
  id: string;
  loc: PluginLocation;
  frame: string;
  /** The bare diagnostic text. */
  text: string;
}

interface CompileErrorLike {
  name: string;
  message: string;
  file?: unknown;
  line?: unknown;
  col?: unknown;
  text?: unknown;
}

export function isCompileError(e: unknown): e is Error & { file: string; line: number; col: number; text: string } {
  const c = e as CompileErrorLike | null;
  return (
    c !== null && typeof c === 'object' && c.name === 'CompileError' && typeof c.file === 'string' && typeof c.line === 'number' && typeof c.col === 'number'
  );
}

/** A code frame in Rollup's and Vite's style: two lines before, the line, a caret under the column, a line after. */
export function codeFrame(source: string, line: number, col: number): string {
  const lines = source.split(/\r\n|\r|\n/);
  const first = Math.max(1, line - 2);
  let last = Math.min(lines.length, line + 1);
  while (last > line && !lines[last - 1]!.trim()) last--;
  const width = Math.max(3, String(last).length + 1);
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    out.push(`${String(n).padEnd(width)}|  ${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`${' '.repeat(width)}|  ${' '.repeat(Math.max(0, col - 1))}^`);
  }
  return out.join('\n');
}

export function pyxErrorInfo(
  e: Error & { file: string; line: number; col: number; text: string },
  source: string | null,
  columnBase: 0 | 1,
): PyxErrorInfo {
  return {
    message: e.message,
    id: e.file,
    loc: { file: e.file, line: e.line, column: Math.max(columnBase, e.col - 1 + columnBase) },
    frame: source !== null ? codeFrame(source, e.line, e.col) : '',
    text: typeof e.text === 'string' ? e.text : e.message,
  };
}
