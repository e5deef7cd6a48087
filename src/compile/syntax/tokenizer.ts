// Tokenizer for Cython source: char codes in, tokens out, on demand.
//
// The parser pulls tokens through `produce()`, so an error late in a file never
// hides an earlier syntax error. Indentation becomes INDENT/DEDENT tokens;
// newlines inside brackets and after a backslash are joined away; comments are
// skipped except `# cython: key=value` header lines, which are collected.
//
// Indentation rule: a tab advances to the next multiple of 8 columns (the
// Python 2 / C rule), so tabs and spaces may be mixed as long as the resulting
// columns are consistent. A dedent to a column that matches no enclosing level
// is `Inconsistent indentation`.
//
// Positions: `line` and `col` are 1-based (col counts characters; a tab is one);
// `endLine`/`endCol` point just past the last character (exclusive end).
import type { SourceFile } from '../diagnostics.js';
import type { Loc } from './ast.js';

export type TokenType = 'name' | 'int' | 'float' | 'imag' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'eof';

export interface Token {
  type: TokenType;
  /** name: the identifier; op: the operator; number: the literal as written; string: the whole literal; else ''. */
  value: string;
  start: number; // source offsets [start, end)
  end: number;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** int tokens: 'U', 'L', 'UL', 'LL', 'ULL' or ''. */
  suffix: string;
  /** string tokens: prefix letters, lower-cased and sorted ('', 'b', 'br', 'c', 'f', 'fr', 'r', 'u'). */
  prefix: string;
  /** string tokens: offsets of the text between the quotes. */
  bodyStart: number;
  bodyEnd: number;
  /** decoded value of a non-f string literal (bytes literals: one char per byte, codes 0..255). */
  text: string | null;
}

export interface Directive {
  key: string;
  value: string;
  loc: Loc;
}

/** Python's hard keywords plus Cython's statement keywords: never usable as names. */
export const RESERVED = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'cdef', 'cpdef', 'ctypedef', 'cimport',
]);

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'c', 'br', 'rb', 'fr', 'rf']);

const MAX_BRACKETS = 200;
const MAX_INDENT = 100;

// Character classes for ASCII; non-ASCII identifiers go through a Unicode test.
const ID_START = new Uint8Array(128);
const ID_CONT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  ID_START[c] = alpha ? 1 : 0;
  ID_CONT[c] = alpha || (c >= 48 && c <= 57) ? 1 : 0;
}
const UNI_START = /^[\p{ID_Start}_]$/u;
const UNI_CONT = /^[\p{ID_Continue}]$/u;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export interface TokenizerOptions {
  /** Tokenize text[start, end) only (f-string replacement fields). */
  start?: number;
  end?: number;
  line?: number;
  lineStart?: number;
  /** Expression mode: no indentation, newlines are whitespace, no NEWLINE tokens. */
  exprMode?: boolean;
}

export class Tokenizer {
  readonly text: string;
  readonly directives: Directive[] = [];
  private pos: number;
  private readonly end: number;
  private line: number;
  private lineStart: number;
  private readonly exprMode: boolean;
  private atLineStart: boolean;
  private readonly indents: number[] = [0];
  private readonly brackets: Token[] = [];
  private lastType: TokenType | null = null;
  private done = false;

  constructor(
    readonly src: SourceFile,
    opts: TokenizerOptions = {},
  ) {
    this.text = src.text;
    this.pos = opts.start ?? 0;
    this.end = opts.end ?? this.text.length;
    this.line = opts.line ?? 1;
    this.lineStart = opts.lineStart ?? 0;
    this.exprMode = opts.exprMode ?? false;
    this.atLineStart = !this.exprMode;
    if (this.pos === 0 && this.text.charCodeAt(0) === 0xfeff) {
      this.pos = 1;
      this.lineStart = 1;
    }
  }

  /** Tokenizes everything that is left (used for f-string fields and tests). */
  all(): Token[] {
    const out: Token[] = [];
    while (!this.done) this.produce(out);
    return out;
  }

  private fail(line: number, col: number, msg: string): never {
    throw this.src.error({ line, col }, msg);
  }

  private failAt(offset: number, msg: string): never {
    // Only called for offsets on the current line.
    return this.fail(this.line, offset - this.lineStart + 1, msg);
  }

  private tok(type: TokenType, value: string, start: number, end: number): Token {
    const col = start - this.lineStart + 1;
    return {
      type, value, start, end,
      line: this.line, col, endLine: this.line, endCol: col + (end - start),
      suffix: '', prefix: '', bodyStart: 0, bodyEnd: 0, text: null,
    };
  }

  private push(out: Token[], t: Token): void {
    out.push(t);
    this.lastType = t.type;
  }

  /** Appends at least one token to `out` (the last one is EOF). */
  produce(out: Token[]): void {
    if (this.done) return;
    const text = this.text;
    const end = this.end;
    for (;;) {
      if (this.atLineStart) {
        if (this.lineStartLogic(out)) return;
      }
      if (this.pos >= end) {
        this.finish(out);
        return;
      }
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
        continue;
      }
      if (c === 10 || c === 13) {
        const start = this.pos;
        this.pos += c === 13 && text.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
        if (this.exprMode || this.brackets.length > 0) {
          this.newLine();
          continue;
        }
        const t = this.tok('newline', '', start, start + 1);
        this.newLine();
        this.atLineStart = true;
        if (this.lastType !== 'newline' && this.lastType !== null) {
          this.push(out, t);
          return;
        }
        continue;
      }
      if (c === 35 /* # */) {
        if (this.exprMode) this.failAt(this.pos, "f-string expression part cannot include '#'");
        this.skipComment();
        continue;
      }
      if (c === 92 /* \ */) {
        const n = text.charCodeAt(this.pos + 1);
        if (this.pos + 1 < end && (n === 10 || n === 13)) {
          this.pos += n === 13 && text.charCodeAt(this.pos + 2) === 10 ? 3 : 2;
          this.newLine();
          continue;
        }
        if (this.pos + 1 >= end) this.failAt(this.pos, 'unexpected end of file after line continuation character');
        this.failAt(this.pos, 'unexpected character after line continuation character');
      }
      this.push(out, this.scanToken(c));
      return;
    }
  }

  private newLine(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  private skipComment(): number {
    const text = this.text;
    const start = this.pos;
    let i = this.pos;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      i++;
    }
    this.pos = i;
    return start;
  }

  /** Handles blank lines, comment lines and indentation at the start of a line. Returns true if tokens were emitted. */
  private lineStartLogic(out: Token[]): boolean {
    const text = this.text;
    for (;;) {
      let col = 0;
      let i = this.pos;
      while (i < this.end) {
        const c = text.charCodeAt(i);
        if (c === 32) col++;
        else if (c === 9) col = (col >> 3) * 8 + 8;
        else if (c === 12) col = 0;
        else break;
        i++;
      }
      this.pos = i;
      if (i >= this.end) return false; // EOF: finish() emits the dedents
      const c = text.charCodeAt(i);
      if (c === 35) {
        const start = this.skipComment();
        if (this.lastType === null) this.directive(start, this.pos);
        continue; // the newline is consumed below on the next round
      }
      if (c === 10 || c === 13) {
        this.pos += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        this.newLine();
        continue;
      }
      this.atLineStart = false;
      const top = this.indents[this.indents.length - 1];
      if (col === top) return false;
      const tcol = i - this.lineStart + 1;
      if (col > top) {
        if (this.indents.length > MAX_INDENT) this.fail(this.line, tcol, 'Too many levels of indentation');
        this.indents.push(col);
        this.push(out, this.tok('indent', '', i, i));
        return true;
      }
      let n = 0;
      while (col < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        n++;
      }
      if (col !== this.indents[this.indents.length - 1]) this.fail(this.line, tcol, 'Inconsistent indentation');
      for (let k = 0; k < n; k++) this.push(out, this.tok('dedent', '', i, i));
      return true;
    }
  }

  /** `# cython: key=value, key2=value` in the header comment block. */
  private directive(start: number, end: number): void {
    const text = this.text;
    let i = start + 1;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    // `# cython: ...` and cypyx's own `# cypyx: fastmath=True` share the format
    if (text.startsWith('cython', i)) i += 6;
    else if (text.startsWith('cypyx', i)) i += 5;
    else return;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (text.charCodeAt(i) !== 58 /* : */) return;
    i++;
    // Cython: only `# cython: name=...` is a directive comment; other prose is ignored
    if (!/^\s*[\w.]+\s*=/.test(text.slice(i, end))) return;
    // split at top-level commas
    let itemStart = i;
    let depth = 0;
    for (let k = i; k <= end; k++) {
      const c = k < end ? text.charCodeAt(k) : 44;
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) depth--;
      else if (c === 44 && depth <= 0) {
        this.directiveItem(itemStart, k);
        itemStart = k + 1;
      }
    }
  }

  private directiveItem(start: number, end: number): void {
    const text = this.text;
    const raw = text.slice(start, end);
    if (raw.trim() === '') return;
    const eq = raw.indexOf('=');
    const lead = raw.length - raw.trimStart().length;
    const col = start + lead - this.lineStart + 1;
    if (eq < 0) this.fail(this.line, col, `Malformed '# cython:' directive: expected key=value, found '${raw.trim()}'`);
    const key = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key)) this.fail(this.line, col, `Malformed '# cython:' directive name '${key}'`);
    const trail = raw.length - raw.trimEnd().length;
    this.directives.push({
      key,
      value,
      loc: { line: this.line, col, endLine: this.line, endCol: end - trail - this.lineStart + 1 },
    });
  }

  private finish(out: Token[]): void {
    if (this.brackets.length > 0) {
      const b = this.brackets[this.brackets.length - 1];
      if (this.exprMode) this.fail(b.line, b.col, `f-string: '${b.value}' was never closed`);
      this.fail(b.line, b.col, `'${b.value}' was never closed`);
    }
    const p = this.end;
    if (!this.exprMode) {
      if (this.lastType !== null && this.lastType !== 'newline' && this.lastType !== 'dedent') {
        this.push(out, this.tok('newline', '', p, p));
      }
      while (this.indents.length > 1) {
        this.indents.pop();
        this.push(out, this.tok('dedent', '', p, p));
      }
    }
    this.push(out, this.tok('eof', '', p, p));
    this.done = true;
  }

  private scanToken(c: number): Token {
    const text = this.text;
    const start = this.pos;
    if (c < 128 ? ID_START[c] === 1 : this.isUniStart(start)) {
      let i = start + 1;
      while (i < this.end) {
        const d = text.charCodeAt(i);
        if (d < 128) {
          if (ID_CONT[d] !== 1) break;
          i++;
        } else if (this.isUniCont(i)) {
          i += text.codePointAt(i)! > 0xffff ? 2 : 1;
        } else break;
      }
      const q = text.charCodeAt(i);
      if ((q === 34 || q === 39) && i - start <= 2 && i < this.end) {
        const p = text.slice(start, i).toLowerCase();
        if (STRING_PREFIXES.has(p)) return this.scanString(start, i, p);
      }
      this.pos = i;
      return this.tok('name', text.slice(start, i), start, i);
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(start + 1)))) return this.scanNumber(start);
    if (c === 34 || c === 39) return this.scanString(start, start, '');
    return this.scanOp(c, start);
  }

  private isUniStart(i: number): boolean {
    const cp = this.text.codePointAt(i)!;
    return UNI_START.test(String.fromCodePoint(cp));
  }

  private isUniCont(i: number): boolean {
    const cp = this.text.codePointAt(i)!;
    return UNI_CONT.test(String.fromCodePoint(cp));
  }

  private scanOp(c: number, start: number): Token {
    const text = this.text;
    const c1 = this.pos + 1 < this.end ? text.charCodeAt(this.pos + 1) : 0;
    const c2 = this.pos + 2 < this.end ? text.charCodeAt(this.pos + 2) : 0;
    // Operator spellings are string literals (internalized constants): the
    // parser's comparisons against literals are pointer comparisons.
    let v: string;
    switch (c) {
      case 40: case 91: case 123: { // ( [ {
        const t = this.tok('op', c === 40 ? '(' : c === 91 ? '[' : '{', start, start + 1);
        if (this.brackets.length >= MAX_BRACKETS) this.failAt(start, 'too many nested parentheses');
        this.brackets.push(t);
        this.pos = start + 1;
        return t;
      }
      case 41: case 93: case 125: { // ) ] }
        const ch = c === 41 ? ')' : c === 93 ? ']' : '}';
        const open = this.brackets.pop();
        if (!open) this.failAt(start, `unmatched '${ch}'`);
        const want = open.value === '(' ? ')' : open.value === '[' ? ']' : '}';
        if (want !== ch) {
          if (open.line === this.line) this.failAt(start, `closing parenthesis '${ch}' does not match opening parenthesis '${open.value}'`);
          this.failAt(start, `closing parenthesis '${ch}' does not match opening parenthesis '${open.value}' on line ${open.line}`);
        }
        this.pos = start + 1;
        return this.tok('op', ch, start, start + 1);
      }
      case 44: v = ','; break;
      case 59: v = ';'; break;
      case 126: v = '~'; break;
      case 63: v = '?'; break;
      case 46: v = c1 === 46 && c2 === 46 ? '...' : '.'; break;
      case 58: v = c1 === 61 ? ':=' : ':'; break;
      case 43: v = c1 === 61 ? '+=' : '+'; break;
      case 37: v = c1 === 61 ? '%=' : '%'; break;
      case 64: v = c1 === 61 ? '@=' : '@'; break;
      case 38: v = c1 === 61 ? '&=' : '&'; break;
      case 124: v = c1 === 61 ? '|=' : '|'; break;
      case 94: v = c1 === 61 ? '^=' : '^'; break;
      case 61: v = c1 === 61 ? '==' : '='; break;
      case 45: v = c1 === 61 ? '-=' : c1 === 62 ? '->' : '-'; break;
      case 42: v = c1 === 42 ? (c2 === 61 ? '**=' : '**') : c1 === 61 ? '*=' : '*'; break;
      case 47: v = c1 === 47 ? (c2 === 61 ? '//=' : '//') : c1 === 61 ? '/=' : '/'; break;
      case 60: v = c1 === 60 ? (c2 === 61 ? '<<=' : '<<') : c1 === 61 ? '<=' : '<'; break;
      case 62: v = c1 === 62 ? (c2 === 61 ? '>>=' : '>>') : c1 === 61 ? '>=' : '>'; break;
      case 33:
        if (c1 === 61) {
          v = '!=';
          break;
        }
        return this.failAt(start, "invalid character '!'");
      default: {
        const cp = text.codePointAt(start)!;
        const shown = cp < 32 || cp === 127 ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : String.fromCodePoint(cp);
        return this.failAt(start, `invalid character '${shown}'`);
      }
    }
    this.pos = start + v.length;
    return this.tok('op', v, start, start + v.length);
  }

  private scanNumber(start: number): Token {
    const text = this.text;
    const end = this.end;
    let i = start;
    let type: TokenType = 'int';
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1) | 0x20;
    let what = 'decimal';
    if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98) && i + 1 < end) {
      what = c1 === 120 ? 'hexadecimal' : c1 === 111 ? 'octal' : 'binary';
      i += 2;
      const ds = i;
      while (i < end) {
        const c = text.charCodeAt(i);
        const ok = c === 95 || (c1 === 120 ? isHex(c) : c1 === 111 ? c >= 48 && c <= 55 : c === 48 || c === 49);
        if (!ok) break;
        i++;
      }
      const digits = text.slice(ds, i);
      if (digits.replace(/_/g, '') === '' || digits.endsWith('_') || digits.includes('__')) {
        this.failAt(start, `invalid ${what} literal`);
      }
    } else {
      while (i < end && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
      if (text.charCodeAt(i) === 46) {
        type = 'float';
        i++;
        while (i < end && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
      }
      const e = text.charCodeAt(i) | 0x20;
      if (e === 101 && i < end) {
        let k = i + 1;
        const s = text.charCodeAt(k);
        if (s === 43 || s === 45) k++;
        if (isDigit(text.charCodeAt(k)) && k < end) {
          type = 'float';
          i = k;
          while (i < end && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
        }
      }
      const body = text.slice(start, i);
      if (/_(?![0-9])|(?<![0-9])_/.test(body)) this.failAt(start, `invalid ${type === 'int' ? 'decimal' : 'float'} literal`);
      if (type === 'int' && body.length > 1 && body.charCodeAt(0) === 48 && /[1-9]/.test(body)) {
        this.failAt(start, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
      }
    }
    let suffix = '';
    const j = text.charCodeAt(i) | 0x20;
    if (j === 106 && what === 'decimal' && i < end) {
      type = 'imag';
      i++;
    } else if (type === 'int') {
      let u = 0;
      let l = 0;
      while (i < end) {
        const s = text.charCodeAt(i) | 0x20;
        if (s === 117) u++;
        else if (s === 108) l++;
        else break;
        i++;
      }
      if (u > 1 || l > 2) this.failAt(start, `invalid integer literal suffix '${text.slice(start, i)}'`);
      suffix = (u ? 'U' : '') + 'L'.repeat(l);
    }
    if (i < end) {
      const c = text.charCodeAt(i);
      if (c < 128 ? ID_CONT[c] === 1 : this.isUniCont(i)) this.failAt(start, `invalid ${what === 'decimal' && type !== 'int' ? 'float' : what} literal`);
    }
    this.pos = i;
    const t = this.tok(type, text.slice(start, i), start, i);
    t.suffix = suffix;
    return t;
  }

  /** `start` is the token start (prefix included); `q` the offset of the opening quote. */
  private scanString(start: number, q: number, prefix: string): Token {
    const text = this.text;
    const end = this.end;
    const quote = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote && q + 2 < end;
    const qlen = triple ? 3 : 1;
    const line0 = this.line;
    const col0 = start - this.lineStart + 1;
    let i = q + qlen;
    const bodyStart = i;
    let bodyEnd = -1;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        const n = text.charCodeAt(i + 1);
        if (n === 10 || n === 13) {
          i += n === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
          this.pos = i;
          this.newLine();
        } else i += 2;
        continue;
      }
      if (c === quote) {
        if (!triple) {
          bodyEnd = i;
          i++;
          break;
        }
        if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote && i + 2 < end) {
          bodyEnd = i;
          i += 3;
          break;
        }
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        if (!triple) break;
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        this.pos = i;
        this.newLine();
        continue;
      }
      i++;
    }
    if (bodyEnd < 0 || bodyEnd > end) {
      this.fail(line0, col0, triple ? 'Unclosed string literal (unterminated triple-quoted string)' : 'Unclosed string literal');
    }
    this.pos = i;
    const t: Token = {
      type: 'string', value: text.slice(start, i), start, end: i,
      line: line0, col: col0, endLine: this.line, endCol: i - this.lineStart + 1,
      suffix: '', prefix: prefix.split('').sort().join(''), bodyStart, bodyEnd, text: null,
    };
    if (!prefix.includes('f')) {
      const raw = prefix.includes('r');
      const bytes = prefix.includes('b') || prefix.includes('c');
      t.text = decodeStringBody(this.src, text.slice(bodyStart, bodyEnd), raw, bytes, (k, msg) => {
        const p = offsetToPos(this.src, bodyStart + k);
        throw this.src.error(p, msg);
      });
    }
    return t;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/**
 * Decodes the body of a string literal. Newlines (\r\n, \r) become \n. For bytes the
 * result holds one char per byte (0..255); non-ASCII source characters are an error.
 */
export function decodeStringBody(
  src: SourceFile,
  body: string,
  raw: boolean,
  bytes: boolean,
  fail: (index: number, msg: string) => never,
): string {
  void src;
  if (body.indexOf('\\') < 0 && body.indexOf('\r') < 0) {
    if (bytes) for (let k = 0; k < body.length; k++) if (body.charCodeAt(k) > 127) fail(k, 'bytes can only contain ASCII literal characters');
    return body;
  }
  let out = '';
  let k = 0;
  const n = body.length;
  while (k < n) {
    const c = body[k];
    if (c === '\r') {
      out += '\n';
      k += body[k + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (c !== '\\' || raw) {
      if (bytes && body.charCodeAt(k) > 127) fail(k, 'bytes can only contain ASCII literal characters');
      if (c === '\\' && raw && k + 1 < n) {
        // a raw string keeps the backslash and the next char (even a quote)
        out += c;
        k++;
        const d = body[k];
        if (d === '\r') continue;
        out += d;
        k++;
        continue;
      }
      out += c;
      k++;
      continue;
    }
    const e = body[k + 1];
    if (e === undefined) {
      out += '\\';
      k++;
      continue;
    }
    if (e === '\n' || e === '\r') {
      k += e === '\r' && body[k + 2] === '\n' ? 3 : 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      k += 2;
      continue;
    }
    if (e >= '0' && e <= '7') {
      let j = k + 1;
      let v = 0;
      while (j < n && j < k + 4 && body[j] >= '0' && body[j] <= '7') {
        v = v * 8 + (body.charCodeAt(j) - 48);
        j++;
      }
      if (bytes && v > 255) fail(k, `invalid octal escape '${body.slice(k, j)}' in bytes literal`);
      out += String.fromCharCode(v);
      k = j;
      continue;
    }
    if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(k + 2, k + 2 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) {
        fail(k, `truncated \\${e}${'X'.repeat(len)} escape`);
      }
      const v = parseInt(hex, 16);
      if (v > 0x10ffff) fail(k, `illegal Unicode character in \\U escape`);
      out += String.fromCodePoint(v);
      k += 2 + len;
      continue;
    }
    if (e === 'N' && !bytes) {
      fail(k, 'not supported yet: \\N{...} escapes in string literals');
    }
    // unknown escape: kept as written
    out += '\\';
    k++;
  }
  return out;
}

/** Line/column of an offset, counting lines the way SourceFile does (\r\n, \r, \n). */
export function offsetToPos(src: SourceFile, offset: number): { line: number; col: number } {
  const starts = lineStarts(src);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}

const lineStartCache = new WeakMap<SourceFile, number[]>();

export function lineStarts(src: SourceFile): number[] {
  let s = lineStartCache.get(src);
  if (s) return s;
  s = [0];
  const t = src.text;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 10) s.push(i + 1);
    else if (c === 13) {
      if (t.charCodeAt(i + 1) === 10) i++;
      s.push(i + 1);
    }
  }
  lineStartCache.set(src, s);
  return s;
}
