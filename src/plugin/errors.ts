// Compile errors in the shape bundlers report: a message with file:line:col, a location
// ({ file, line, column }, column 0-based as in Rollup, Vite and esbuild) and a code frame.
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

/** A code frame in Vite's style: two lines before, the line, a caret under the column. */
export function codeFrame(source: string, line: number, col: number): string {
  const lines = source.split(/\r\n|\r|\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    out.push(`${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}^`);
  }
  return out.join('\n');
}

export function pyxErrorInfo(e: Error & { file: string; line: number; col: number; text: string }, source: string | null): PyxErrorInfo {
  return {
    message: e.message,
    id: e.file,
    loc: { file: e.file, line: e.line, column: Math.max(0, e.col - 1) },
    frame: source !== null ? codeFrame(source, e.line, e.col) : '',
    text: typeof e.text === 'string' ? e.text : e.message,
  };
}
