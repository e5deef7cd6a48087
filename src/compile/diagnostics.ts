// Compile diagnostics. Every error the compiler reports is a CompileError carrying
// file, line, column, the source line and a caret; `message` is Cython-style
// `file:line:col: text` followed by the source line and caret so that a printed
// error is useful on its own.
import type { Loc } from './syntax/ast.js';

export interface DiagnosticInfo {
  file: string;
  line: number;
  col: number;
  text: string; // the bare message, e.g. "undeclared name not builtin: x"
  sourceLine: string;
  hint?: string;
}

export class CompileError extends Error {
  override name = 'CompileError';
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly text: string;
  readonly sourceLine: string;
  readonly hint?: string;
  /** All diagnostics when several were collected (the first is this error). */
  diagnostics: DiagnosticInfo[];

  constructor(info: DiagnosticInfo) {
    super(formatDiagnostic(info));
    this.file = info.file;
    this.line = info.line;
    this.col = info.col;
    this.text = info.text;
    this.sourceLine = info.sourceLine;
    this.hint = info.hint;
    this.diagnostics = [info];
  }
}

export function formatDiagnostic(d: DiagnosticInfo): string {
  const base = d.file.split(/[\\/]/).pop() ?? d.file;
  const head = `${base}:${d.line}:${d.col}: ${d.text}`;
  const caret = d.sourceLine ? `\n    ${d.sourceLine}\n    ${' '.repeat(Math.max(0, d.col - 1))}^` : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${head}${caret}${hint}\n  in ${d.file}`;
}

/** Source text with line lookup, shared by every stage that reports errors. */
export class SourceFile {
  private lines: string[] | null = null;
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  line(n: number): string {
    if (!this.lines) this.lines = this.text.split(/\r\n|\r|\n/);
    return this.lines[n - 1] ?? '';
  }

  error(loc: { line: number; col: number } | Loc, text: string, hint?: string): CompileError {
    return new CompileError({ file: this.path, line: loc.line, col: loc.col, text, sourceLine: this.line(loc.line), hint });
  }
}

/** Constructs the language has but this version of cypyx does not compile yet. */
export function notSupported(src: SourceFile, loc: Loc, what: string): CompileError {
  return src.error(loc, `not supported yet: ${what}`, 'cypyx reports constructs it cannot compile instead of guessing');
}
