// Recursive-descent parser for Cython (.pyx / .pxd) producing the AST of ast.ts.
//
// Expressions use precedence climbing for the binary operators. C declarations
// (after `cdef`, in `cdef:` / extern blocks, struct bodies, typed parameters)
// are parsed as a base type followed by C declarators, so `double *p`,
// `int a[4]`, `double (*f)(double)` all work the C way.
//
// Decisions the AST leaves open (documented here, relied on by semantics/):
// - Loc end is exclusive: endCol is one past the last character.
// - A parenthesized expression keeps the loc of the inner expression; a
//   parenthesized tuple / generator expression covers its parentheses.
// - Docstrings are recorded in `docstring` AND stay in the body as ExprStmt.
// - `T[...]` in a type position becomes an ArrayType when the base is a C
//   numeric type or every index is an integer constant expression
//   (`double[16]`, `binary_fn[4]`), otherwise an IndexedType
//   (`np.ndarray[double, ndim=1]`, `fused_t[double]`).
// - `sizeof(X)` follows Cython's heuristic: a C type keyword, `T*` or
//   `T name`-like text is a TypeExpr, a lone name is an Expr (Name).
// - Python annotations (`x: int`, `-> T`) are converted to TypeExpr: a name
//   becomes NameType even for `int` (C `int` written Cython-style is IntType).
// - In a function declaration without body (.pxd, extern, function pointer),
//   a lone-name parameter is a type (`double sqrt(double)`), as in Cython.
// - FuncType *is* the function pointer: `double (*)(double)` is one FuncType,
//   `double (**)(double)` is PtrType{FuncType}.
// - `cdef const int X` keeps ConstType in `type` and sets isConst.
// - Calls: the first `*x` goes to starArgs and the first `**x` to kwArgs;
//   positional arguments after `*x`, or a second `*`/`**`, are rejected.
import type {
  BinOp, ClassDef, CmpOp, Comprehension, Decorator, EnumItem, ExceptHandler, Expr, FStringPart, FuncDef,
  ImportAlias, Keyword, Loc, MemviewDim, Module, Param, Stmt, StructField, TypeExpr, VarDeclarator, WithItem,
} from './ast.js';
import { CompileError, type SourceFile, notSupported } from '../diagnostics.js';
import { RESERVED, Tokenizer, type Token, decodeStringBody, lineStarts, offsetToPos } from './tokenizer.js';

type Pos = { line: number; col: number };
type End = { endLine: number; endCol: number };

function span(a: Pos, b: End): Loc {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}
function locOf(t: Token): Loc {
  return { line: t.line, col: t.col, endLine: t.endLine, endCol: t.endCol };
}

// Precedence levels for parseExprPrec (higher binds tighter).
const P_OR = 1;
const P_AND = 2;
const P_NOT = 3;
const P_CMP = 4;
const P_BITOR = 5;
const OP_PREC: Record<string, number> = {
  '<': P_CMP, '>': P_CMP, '==': P_CMP, '>=': P_CMP, '<=': P_CMP, '!=': P_CMP,
  '|': 5, '^': 6, '&': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '//': 10, '%': 10, '@': 10,
};
const AUG_OPS: Record<string, BinOp> = {
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '//=': '//', '%=': '%', '**=': '**', '@=': '@',
  '<<=': '<<', '>>=': '>>', '&=': '&', '|=': '|', '^=': '^',
};

// Cython's base_type_start_words: names that can only begin a C type.
const BASIC_TYPES = new Set(['void', 'char', 'int', 'float', 'double', 'bint']);
const SIGN_LONG = new Set(['short', 'long', 'signed', 'unsigned']);
const SPECIAL_TYPES = new Set(['Py_ssize_t', 'ssize_t', 'size_t', 'ptrdiff_t', 'Py_tss_t']);
function isBaseTypeStart(v: string): boolean {
  return BASIC_TYPES.has(v) || SIGN_LONG.has(v) || SPECIAL_TYPES.has(v) || v === 'const' || v === 'volatile';
}
// C numeric types after which `[N]` is always an array size.
const NUMERIC_NAMES = new Set([
  'float', 'double', 'long double', 'bint', 'Py_ssize_t', 'ssize_t', 'size_t', 'ptrdiff_t', 'Py_hash_t',
  'Py_UCS4', 'Py_UNICODE', 'float complex', 'double complex', 'long double complex',
]);

const MAX_DEPTH = 400;

/** A declarator suffix: `[size]` or `(params)`. */
interface Derivation {
  kind: 'array' | 'func';
  end: Token;
  size?: Expr;
  params?: Param[];
}

interface Declarator {
  name: string;
  nameTok: Token | null;
  first: Token;
  last: Token;
  stars: number;
  suffixes: Derivation[];
  inner: Declarator | null;
}

interface DeclCtx {
  flavor: 'cdef' | 'cpdef';
  visibility: 'private' | 'public' | 'readonly' | 'api' | null;
  api: boolean;
  inline: boolean;
  decorators: Decorator[];
  /** first token of the statement (`cdef`, `cpdef` or the type) */
  start: Token;
}

export function parseModule(src: SourceFile): Module {
  const p = new Parser(src);
  try {
    return p.parseFile();
  } catch (e) {
    if (e instanceof CompileError) throw e;
    if (e instanceof RangeError) throw src.error(p.tok, 'Too deeply nested code (parser stack exhausted)');
    throw e;
  }
}

class Parser {
  private tz: Tokenizer;
  private toks: Token[] = [];
  private p = 0;
  tok: Token;
  /** last consumed token */
  private prev: Token;
  private depth = 0;
  private bareFuncs = new Set<TypeExpr>();

  constructor(readonly src: SourceFile) {
    this.tz = new Tokenizer(src);
    this.tz.produce(this.toks);
    this.tok = this.toks[0];
    this.prev = this.tok;
  }

  // ------------------------------------------------------------ token helpers

  private next(): Token {
    const t = this.tok;
    this.prev = t;
    if (t.type !== 'eof') {
      if (++this.p >= this.toks.length) this.fill();
      this.tok = this.toks[this.p];
    }
    return t;
  }

  /** Refills the token window; consumed tokens are dropped so they die young (cheap GC). */
  private fill(): void {
    if (this.p >= 512) {
      this.toks = this.toks.slice(this.p);
      this.p = 0;
    }
    while (this.p >= this.toks.length) this.tz.produce(this.toks);
  }

  private peek(k: number): Token {
    const i = this.p + k;
    while (i >= this.toks.length) {
      const last = this.toks[this.toks.length - 1];
      if (last.type === 'eof') return last;
      this.tz.produce(this.toks);
    }
    return this.toks[i];
  }

  /** Type of the current token (a call, so TypeScript does not narrow it across next()). */
  private ty(): Token['type'] {
    return this.tok.type;
  }

  /** Offset (relative to the current token) of the bracket closing the one at offset `k`. */
  private matchingClose(k: number): number {
    let depth = 0;
    for (;;) {
      const t = this.peek(k);
      if (t.type === 'eof' || t.type === 'newline') return k;
      if (t.type === 'op') {
        const v = t.value;
        if (v === '(' || v === '[' || v === '{') depth++;
        else if (v === ')' || v === ']' || v === '}') {
          if (--depth === 0) return k;
        }
      }
      k++;
    }
  }

  private isOp(v: string, t: Token = this.tok): boolean {
    return t.type === 'op' && t.value === v;
  }
  private isKw(v: string, t: Token = this.tok): boolean {
    return t.type === 'name' && t.value === v;
  }
  private eatOp(v: string): boolean {
    if (this.ty() === 'op' && this.tok.value === v) {
      this.next();
      return true;
    }
    return false;
  }
  private eatKw(v: string): boolean {
    if (this.ty() === 'name' && this.tok.value === v) {
      this.next();
      return true;
    }
    return false;
  }

  private describe(t: Token): string {
    switch (t.type) {
      case 'newline': return 'NEWLINE';
      case 'indent': return 'INDENT';
      case 'dedent': return 'DEDENT';
      case 'eof': return 'EOF';
      case 'string': return t.value.length > 20 ? `'${t.value.slice(0, 17)}...'` : `'${t.value}'`;
      default: return `'${t.value}'`;
    }
  }

  private err(at: Pos, msg: string): CompileError {
    return this.src.error(at, msg);
  }

  private expected(what: string): never {
    throw this.err(this.tok, `Expected ${what}, found ${this.describe(this.tok)}`);
  }

  private expectOp(v: string): Token {
    if (!this.isOp(v)) this.expected(`'${v}'`);
    return this.next();
  }

  private expectKw(v: string): Token {
    if (!this.isKw(v)) this.expected(`'${v}'`);
    return this.next();
  }

  private expectIdent(): Token {
    const t = this.tok;
    if (t.type !== 'name' || RESERVED.has(t.value)) this.expected('an identifier');
    return this.next();
  }

  private expectNewline(): void {
    if (this.ty() === 'newline') {
      this.next();
      return;
    }
    if (this.ty() === 'eof' || this.ty() === 'dedent') return;
    this.expected('NEWLINE');
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.err(this.tok, 'Too deeply nested code');
  }
  private leave(): void {
    this.depth--;
  }

  private unsupported(at: Pos | Loc, what: string): CompileError {
    const loc: Loc = 'endLine' in at ? at : { line: at.line, col: at.col, endLine: at.line, endCol: at.col + 1 };
    return notSupported(this.src, loc, what);
  }

  // ------------------------------------------------------------ module & blocks

  parseFile(): Module {
    const body: Stmt[] = [];
    while (this.ty() !== 'eof') {
      if (this.ty() === 'newline') {
        this.next();
        continue;
      }
      this.parseStatement(body);
    }
    return {
      kind: 'Module',
      file: this.src.path,
      body,
      directives: this.tz.directives.slice(),
      docstring: docstringOf(body),
    };
  }

  /** `:` followed by an indented block or simple statements on the same line. */
  private parseSuite(stmt: (out: Stmt[]) => void = (out) => this.parseStatement(out)): Stmt[] {
    this.expectOp(':');
    return this.parseBlockAfterColon(stmt);
  }

  private parseBlockAfterColon(stmt: (out: Stmt[]) => void, simple?: (out: Stmt[]) => void): Stmt[] {
    const body: Stmt[] = [];
    if (this.ty() !== 'newline') {
      (simple ?? ((out: Stmt[]) => this.parseSimpleStatements(out)))(body);
      return body;
    }
    this.next();
    if (this.ty() !== 'indent') this.expected('an indented block');
    this.next();
    this.enter();
    while (this.ty() !== 'dedent' && this.ty() !== 'eof') {
      if (this.ty() === 'newline') {
        this.next();
        continue;
      }
      stmt(body);
    }
    this.leave();
    if (this.ty() === 'dedent') this.next();
    return body;
  }

  private lastEnd(body: Stmt[], fallback: End): End {
    return body.length ? body[body.length - 1].loc : fallback;
  }

  private parseStatement(out: Stmt[]): void {
    const t = this.tok;
    if (t.type === 'indent') throw this.err(t, 'Unexpected indentation');
    if (t.type === 'dedent') throw this.err(t, 'Unexpected dedent');
    if (t.type === 'op' && t.value === '@') {
      this.parseDecorated(out);
      return;
    }
    if (t.type === 'name') {
      switch (t.value) {
        case 'if': out.push(this.parseIf()); return;
        case 'while': out.push(this.parseWhile()); return;
        case 'for': out.push(this.parseFor()); return;
        case 'try': out.push(this.parseTry()); return;
        case 'with': out.push(this.parseWith()); return;
        case 'def': out.push(this.parseDef([], t, false)); return;
        case 'class': out.push(this.parseClass([], t)); return;
        case 'async': {
          const n = this.peek(1);
          if (this.isKw('def', n)) {
            this.next();
            out.push(this.parseDef([], t, true));
            return;
          }
          throw this.unsupported(t, `'async ${n.value}'`);
        }
        case 'cdef': this.parseCdef(out, []); return;
        case 'cpdef': this.parseCpdef(out, []); return;
        case 'ctypedef': this.parseCtypedef(out); return;
        case 'DEF':
          if (this.peek(1).type === 'name' && this.isOp('=', this.peek(2))) {
            out.push(this.parseDEF());
            return;
          }
          break;
        case 'IF':
          if (!this.isOp('=', this.peek(1)) && !this.isOp('.', this.peek(1)) && !this.isOp('(', this.peek(1))) {
            out.push(this.parseIFDEF());
            return;
          }
          break;
        case 'include':
          if (this.peek(1).type === 'string') throw this.unsupported(t, "'include' statements");
          break;
      }
    }
    this.parseSimpleStatements(out);
  }

  private parseSimpleStatements(out: Stmt[]): void {
    for (;;) {
      out.push(this.parseSmallStatement());
      if (!this.eatOp(';')) break;
      if (this.ty() === 'newline' || this.ty() === 'eof') break;
    }
    this.expectNewline();
  }

  private parseSmallStatement(): Stmt {
    const t = this.tok;
    if (t.type === 'name') {
      switch (t.value) {
        case 'pass': this.next(); return { kind: 'Pass', loc: locOf(t) };
        case 'break': this.next(); return { kind: 'Break', loc: locOf(t) };
        case 'continue': this.next(); return { kind: 'Continue', loc: locOf(t) };
        case 'return': {
          this.next();
          const value = this.canStartExpr() ? this.parseTestListStarExpr() : null;
          return { kind: 'Return', loc: span(t, this.prev), value };
        }
        case 'raise': {
          this.next();
          let exc: Expr | null = null;
          let cause: Expr | null = null;
          if (this.canStartExpr()) {
            exc = this.parseTest();
            if (this.eatKw('from')) cause = this.parseTest();
          }
          return { kind: 'Raise', loc: span(t, this.prev), exc, cause };
        }
        case 'global':
        case 'nonlocal': {
          this.next();
          const names = [this.expectIdent().value];
          while (this.eatOp(',')) names.push(this.expectIdent().value);
          const loc = span(t, this.prev);
          return t.value === 'global' ? { kind: 'Global', loc, names } : { kind: 'Nonlocal', loc, names };
        }
        case 'del': {
          this.next();
          const targets: Expr[] = [];
          do {
            if (targets.length && !this.canStartExpr()) break;
            const e = this.parseOrExpr();
            this.checkTarget(e, 'delete');
            targets.push(e);
          } while (this.eatOp(','));
          return { kind: 'Del', loc: span(t, this.prev), targets };
        }
        case 'assert': {
          this.next();
          const test = this.parseTest();
          const msg = this.eatOp(',') ? this.parseTest() : null;
          return { kind: 'Assert', loc: span(t, this.prev), test, msg };
        }
        case 'import': return this.parseImport();
        case 'cimport': return this.parseCImport();
        case 'from': return this.parseFromImport();
        case 'print':
          if (this.peek(1).type === 'string' || this.isOp('>>', this.peek(1))) {
            throw this.err(this.peek(1), "Missing parentheses in call to 'print' (Python 2 print statement)");
          }
          break;
      }
    }
    return this.parseExprStatement();
  }

  private parseExprStatement(): Stmt {
    const start = this.tok;
    const first = this.isKw('yield') ? this.parseYield() : this.parseTestListStarExpr();
    const t = this.tok;
    if (t.type === 'op') {
      if (t.value === '=') {
        const targets: Expr[] = [first];
        let value: Expr = first;
        while (this.eatOp('=')) {
          value = this.isKw('yield') ? this.parseYield() : this.parseTestListStarExpr();
          targets.push(value);
        }
        targets.pop();
        for (const tg of targets) this.checkTarget(tg, 'assign');
        return { kind: 'Assign', loc: span(start, this.prev), targets, value };
      }
      const aug = AUG_OPS[t.value];
      if (aug !== undefined) {
        if (first.kind !== 'Name' && first.kind !== 'Attribute' && first.kind !== 'Subscript') {
          throw this.err(first.loc, 'Illegal expression for augmented assignment');
        }
        this.next();
        const value = this.isKw('yield') ? this.parseYield() : this.parseTestList();
        return { kind: 'AugAssign', loc: span(start, this.prev), target: first, op: aug, value };
      }
      if (t.value === ':') {
        if (first.kind !== 'Name' && first.kind !== 'Attribute' && first.kind !== 'Subscript') {
          throw this.err(first.loc, 'Illegal target for annotation');
        }
        this.next();
        const annotation = this.parseTest();
        let value: Expr | null = null;
        if (this.eatOp('=')) value = this.isKw('yield') ? this.parseYield() : this.parseTestListStarExpr();
        return { kind: 'AnnAssign', loc: span(start, this.prev), target: first, annotation, value };
      }
    }
    if (first.kind === 'Starred') throw this.err(first.loc, 'can use starred expression only as assignment target');
    return { kind: 'ExprStmt', loc: span(first.loc, this.prev), expr: first };
  }

  private checkTarget(e: Expr, what: 'assign' | 'delete' | 'for'): void {
    switch (e.kind) {
      case 'Name':
      case 'Attribute':
      case 'Subscript':
        return;
      case 'Tuple':
      case 'List': {
        let stars = 0;
        for (const x of e.elts) {
          if (x.kind === 'Starred') stars++;
          this.checkTarget(x, what);
        }
        if (stars > 1) throw this.err(e.loc, 'more than one starred expression in assignment');
        return;
      }
      case 'Starred':
        if (what !== 'delete') {
          this.checkTarget(e.value, what);
          return;
        }
        break;
    }
    throw this.err(e.loc, what === 'delete' ? 'Cannot delete this expression' : 'Cannot assign to or delete this');
  }

  // ------------------------------------------------------------ imports

  private parseDottedName(): string {
    let name = this.expectIdent().value;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expectIdent().value;
    }
    return name;
  }

  private parseAliases(dotted: boolean): ImportAlias[] {
    const names: ImportAlias[] = [];
    do {
      const s = this.tok;
      const name = dotted ? this.parseDottedName() : this.expectIdent().value;
      let asname: string | null = null;
      if (this.eatKw('as')) asname = this.expectIdent().value;
      names.push({ loc: span(s, this.prev), name, asname });
    } while (this.eatOp(','));
    return names;
  }

  private parseImport(): Stmt {
    const t = this.next();
    const names = this.parseAliases(true);
    return { kind: 'Import', loc: span(t, this.prev), names };
  }

  private parseCImport(): Stmt {
    const t = this.next();
    const names = this.parseAliases(true);
    return { kind: 'CImport', loc: span(t, this.prev), names };
  }

  private parseFromImport(): Stmt {
    const t = this.next();
    let level = 0;
    for (;;) {
      if (this.eatOp('.')) level++;
      else if (this.eatOp('...')) level += 3;
      else break;
    }
    let module = '';
    if (level === 0 || !(this.isKw('import') || this.isKw('cimport'))) module = this.parseDottedName();
    const kw = this.tok;
    if (!this.isKw('import') && !this.isKw('cimport')) this.expected("'import' or 'cimport'");
    this.next();
    let names: ImportAlias[];
    if (this.isOp('*')) {
      const s = this.next();
      names = [{ loc: locOf(s), name: '*', asname: null }];
    } else if (this.eatOp('(')) {
      names = [];
      for (;;) {
        const s = this.tok;
        const name = this.expectIdent().value;
        let asname: string | null = null;
        if (this.eatKw('as')) asname = this.expectIdent().value;
        names.push({ loc: span(s, this.prev), name, asname });
        if (!this.eatOp(',')) break;
        if (this.isOp(')')) break;
      }
      this.expectOp(')');
    } else {
      names = this.parseAliases(false);
    }
    const loc = span(t, this.prev);
    return kw.value === 'import'
      ? { kind: 'ImportFrom', loc, module, level, names }
      : { kind: 'CImportFrom', loc, module, level, names };
  }

  // ------------------------------------------------------------ compound statements

  private parseIf(): Stmt {
    const t = this.next(); // 'if' or 'elif'
    const test = this.parseNamedExprTest();
    const body = this.parseSuite();
    let orelse: Stmt[] = [];
    if (this.isKw('elif')) {
      orelse = [this.parseIf()];
    } else if (this.isKw('else')) {
      this.next();
      orelse = this.parseSuite();
    }
    return { kind: 'If', loc: span(t, this.lastEnd(orelse.length ? orelse : body, this.prev)), test, body, orelse };
  }

  private parseWhile(): Stmt {
    const t = this.next();
    const test = this.parseNamedExprTest();
    const body = this.parseSuite();
    let orelse: Stmt[] = [];
    if (this.eatKw('else')) orelse = this.parseSuite();
    return { kind: 'While', loc: span(t, this.lastEnd(orelse.length ? orelse : body, this.prev)), test, body, orelse };
  }

  private parseFor(): Stmt {
    const t = this.next();
    const target = this.parseExprList();
    this.checkTarget(target, 'for');
    if (this.isKw('from')) return this.parseForFrom(t, target);
    this.expectKw('in');
    const iter = this.parseTestList();
    const body = this.parseSuite();
    let orelse: Stmt[] = [];
    if (this.eatKw('else')) orelse = this.parseSuite();
    return { kind: 'For', loc: span(t, this.lastEnd(orelse.length ? orelse : body, this.prev)), target, iter, body, orelse };
  }

  /** `for i from 0 <= i < n [by s]:` */
  private parseForFrom(t: Token, target: Expr): Stmt {
    this.next(); // from
    if (target.kind !== 'Name') throw this.err(target.loc, 'Target of for-from statement must be a variable name');
    const lower = this.parseOrExpr();
    const op1 = this.tok;
    if (!(this.isOp('<') || this.isOp('<=') || this.isOp('>') || this.isOp('>='))) this.expected("'<', '<=', '>' or '>='");
    this.next();
    const mid = this.expectIdent();
    if (mid.value !== target.id) throw this.err(mid, 'Target of for-from statement must be the loop variable');
    const op2 = this.tok;
    if (!(this.isOp('<') || this.isOp('<=') || this.isOp('>') || this.isOp('>='))) this.expected("'<', '<=', '>' or '>='");
    this.next();
    if (op1.value[0] !== op2.value[0]) throw this.err(op2, 'Relation directions in for-from do not match');
    const upper = this.parseOrExpr();
    let step: Expr | null = null;
    if (this.eatKw('by')) step = this.parseOrExpr();
    const body = this.parseSuite();
    if (this.isKw('else')) throw this.unsupported(this.tok, "'else' clause on a for-from loop");
    return {
      kind: 'ForFrom', loc: span(t, this.lastEnd(body, this.prev)), target, lower, lowerOp: op1.value as CmpOp,
      upperOp: op2.value as CmpOp, upper, step, body,
    };
  }

  private parseTry(): Stmt {
    const t = this.next();
    const body = this.parseSuite();
    const handlers: ExceptHandler[] = [];
    let orelse: Stmt[] = [];
    let finalbody: Stmt[] = [];
    while (this.isKw('except')) {
      const h = this.next();
      let type: Expr | null = null;
      let name: string | null = null;
      if (!this.isOp(':')) {
        if (this.isOp('*')) throw this.unsupported(this.tok, "'except*'");
        type = this.parseTest();
        if (this.eatKw('as')) name = this.expectIdent().value;
        else if (this.isOp(',')) throw this.err(this.tok, "Expected ':', found ','; use 'except E as name'");
      }
      const hb = this.parseSuite();
      handlers.push({ loc: span(h, this.lastEnd(hb, this.prev)), type, name, body: hb });
    }
    if (handlers.length && this.eatKw('else')) orelse = this.parseSuite();
    if (this.eatKw('finally')) finalbody = this.parseSuite();
    if (!handlers.length && !finalbody.length) this.expected("'except' or 'finally'");
    const endBody = finalbody.length ? finalbody : orelse.length ? orelse : handlers.length ? handlers[handlers.length - 1].body : body;
    return { kind: 'Try', loc: span(t, this.lastEnd(endBody, this.prev)), body, handlers, orelse, finalbody };
  }

  private parseWith(): Stmt {
    const t = this.next();
    const items: WithItem[] = [];
    // Python 3.10 `with (a as b, c as d):` when the `)` is followed by `:`
    const grouped = this.isOp('(') && !this.isKw('yield', this.peek(1)) && this.isOp(':', this.peek(this.matchingClose(0) + 1));
    if (grouped) this.next();
    do {
      if (grouped && this.isOp(')')) break;
      const context = this.parseTest();
      let target: Expr | null = null;
      if (this.eatKw('as')) {
        target = this.parseOrExpr();
        this.checkTarget(target, 'assign');
      }
      items.push({ loc: span(context.loc, this.prev), context, target });
    } while (this.eatOp(','));
    if (grouped) this.expectOp(')');
    const body = this.parseSuite();
    return { kind: 'With', loc: span(t, this.lastEnd(body, this.prev)), items, body };
  }

  private parseDecorators(): Decorator[] {
    const decorators: Decorator[] = [];
    while (this.isOp('@')) {
      const at = this.next();
      const expr = this.parseNamedExprTest();
      decorators.push({ loc: span(at, expr.loc), expr });
      if (this.ty() !== 'newline') this.expected('NEWLINE');
      this.next();
    }
    return decorators;
  }

  private parseDecorated(out: Stmt[]): void {
    const decorators = this.parseDecorators();
    const t = this.tok;
    if (this.isKw('def')) out.push(this.parseDef(decorators, t, false));
    else if (this.isKw('async') && this.isKw('def', this.peek(1))) {
      this.next();
      out.push(this.parseDef(decorators, t, true));
    } else if (this.isKw('class')) out.push(this.parseClass(decorators, t));
    else if (this.isKw('cdef')) this.parseCdef(out, decorators);
    else if (this.isKw('cpdef')) this.parseCpdef(out, decorators);
    else this.expected("'def', 'cdef', 'cpdef' or 'class' after decorator");
  }

  private parseDef(decorators: Decorator[], start: Token, isAsync: boolean): FuncDef {
    this.expectKw('def');
    const nameTok = this.expectIdent();
    this.expectOp('(');
    const params = this.parseParams(')', true);
    this.expectOp(')');
    let returnType: TypeExpr | null = null;
    if (this.eatOp('->')) returnType = this.annotationToType(this.parseTest());
    const body = this.parseSuite();
    return {
      kind: 'FuncDef', loc: span(start, this.lastEnd(body, this.prev)), name: nameTok.value, nameLoc: locOf(nameTok),
      flavor: 'def', decorators, params, returnType, inline: false, nogil: false, noexcept: false, withGil: false,
      exceptClause: null, isAsync, docstring: docstringOf(body), body, api: false, visibility: null,
    };
  }

  private parseClass(decorators: Decorator[], start: Token, cdef = false): ClassDef {
    this.expectKw('class');
    const nameTok = this.expectIdent();
    const bases: Expr[] = [];
    if (this.eatOp('(')) {
      while (!this.isOp(')')) {
        if (this.ty() === 'name' && this.isOp('=', this.peek(1))) {
          throw this.unsupported(this.tok, 'keyword arguments in a class definition');
        }
        if (this.isOp('*') || this.isOp('**')) throw this.unsupported(this.tok, 'star arguments in a class definition');
        bases.push(this.parseTest());
        if (!this.eatOp(',')) break;
      }
      this.expectOp(')');
    }
    if (cdef && this.isOp('[')) throw this.unsupported(this.tok, 'extension type object/type name options');
    const body = this.parseSuite();
    return {
      kind: 'ClassDef', loc: span(start, this.lastEnd(body, this.prev)), name: nameTok.value, nameLoc: locOf(nameTok),
      cdef, bases, decorators, docstring: docstringOf(body), body,
    };
  }

  private parseDEF(): Stmt {
    const t = this.next();
    const name = this.expectIdent().value;
    this.expectOp('=');
    const value = this.parseTest();
    const loc = span(t, this.prev);
    this.expectNewline();
    return { kind: 'DEF', loc, name, value };
  }

  private parseIFDEF(): Stmt {
    const t = this.next(); // IF / ELIF
    const test = this.parseTest();
    const body = this.parseSuite();
    let orelse: Stmt[] = [];
    if (this.isKw('ELIF')) orelse = [this.parseIFDEF()];
    else if (this.eatKw('ELSE')) orelse = this.parseSuite();
    return { kind: 'IFDEF', loc: span(t, this.lastEnd(orelse.length ? orelse : body, this.prev)), test, body, orelse };
  }

  // ------------------------------------------------------------ parameters

  /**
   * Parameters up to `close` (not consumed). `typed`: C-typed parameters are
   * allowed (def / cdef functions); lambdas pass false.
   */
  private parseParams(close: string, typed: boolean): Param[] {
    const params: Param[] = [];
    let kwOnly = false;
    let sawKwargs = false;
    let sawDefault = false;
    let sawSlash = false;
    while (!this.isOp(close)) {
      const s = this.tok;
      if (sawKwargs) throw this.err(s, 'Arguments may not follow **kwargs');
      if (this.isOp('/')) {
        if (sawSlash || kwOnly || !params.length) throw this.err(s, "invalid use of '/' in parameter list");
        this.next();
        for (const p of params) p.posOnly = true;
        sawSlash = true;
      } else if (this.isOp('*') || this.isOp('**')) {
        const star = this.next().value as '*' | '**';
        if (star === '*' && (this.isOp(',') || this.isOp(close))) {
          if (kwOnly) throw this.err(s, "'*' may appear only once in a parameter list");
          kwOnly = true;
        } else {
          const nameTok = this.expectIdent();
          let type: TypeExpr | null = null;
          if (typed && this.isOp(':')) {
            this.next();
            type = this.annotationToType(this.parseTest());
          }
          params.push({
            loc: span(s, this.prev), name: nameTok.value, type, default: null, notNone: false, orNone: false,
            star, kwOnly: false, posOnly: false,
          });
          if (star === '*') {
            if (kwOnly) throw this.err(s, "'*' may appear only once in a parameter list");
            kwOnly = true;
          } else sawKwargs = true;
        }
      } else if (this.isOp('...')) {
        const t = this.next();
        params.push({
          loc: locOf(t), name: '...', type: null, default: null, notNone: false, orNone: false,
          star: '*', kwOnly: false, posOnly: false,
        });
      } else {
        const p = this.parseParam(typed, close);
        p.kwOnly = kwOnly;
        if (p.default) sawDefault = true;
        else if (sawDefault && !kwOnly) throw this.err(p.loc, 'Non-default argument following default argument');
        params.push(p);
      }
      if (!this.eatOp(',')) break;
    }
    if (!this.isOp(close)) this.expected(close === ':' ? "':'" : `',' or '${close}'`);
    return params;
  }

  private parseParam(typed: boolean, close: string): Param {
    const s = this.tok;
    const n1 = this.peek(1);
    let name: string;
    let type: TypeExpr | null = null;
    const loneName =
      s.type === 'name' &&
      !RESERVED.has(s.value) &&
      n1.type === 'op' &&
      (n1.value === ',' || n1.value === close || n1.value === '=' || n1.value === ':');
    const loneNotNone = s.type === 'name' && !RESERVED.has(s.value) && (this.isKw('not', n1) || (this.isKw('or', n1) && this.isKw('None', this.peek(2))));
    if (!typed || loneName || loneNotNone) {
      name = this.expectIdent().value;
      if (typed && this.isOp(':') && close !== ':') {
        this.next();
        type = this.annotationToType(this.parseTest());
      }
    } else {
      const base = this.parseBaseType();
      const d = this.parseDeclarator(true);
      type = this.buildType(base, d);
      name = d.name;
    }
    let notNone = false;
    let orNone = false;
    if (typed && this.isKw('not') && this.isKw('None', this.peek(1))) {
      this.next();
      this.next();
      notNone = true;
    } else if (typed && this.isKw('or') && this.isKw('None', this.peek(1))) {
      this.next();
      this.next();
      orNone = true;
    }
    let dflt: Expr | null = null;
    if (this.eatOp('=')) {
      if (this.isOp('*')) {
        // `.pxd` declaration: the default exists and is given in the .pyx
        dflt = { kind: 'EllipsisLit', loc: locOf(this.next()) };
      } else dflt = this.parseTest();
    }
    return { loc: span(s, this.prev), name, type, default: dflt, notNone, orNone, star: '', kwOnly: false, posOnly: false };
  }

  /** Python annotation expression → TypeExpr. */
  private annotationToType(e: Expr): TypeExpr {
    switch (e.kind) {
      case 'Name':
        return { kind: 'NameType', loc: e.loc, name: e.id };
      case 'Attribute': {
        const parts: string[] = [e.attr];
        let v: Expr = e.value;
        while (v.kind === 'Attribute') {
          parts.unshift(v.attr);
          v = v.value;
        }
        if (v.kind !== 'Name') break;
        parts.unshift(v.id);
        const name = parts.pop()!;
        return { kind: 'NameType', loc: e.loc, name, module: parts.join('.') };
      }
      case 'NoneLit':
        return { kind: 'NameType', loc: e.loc, name: 'None' };
      case 'Str':
        if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(e.value)) {
          const parts = e.value.split('.');
          const name = parts.pop()!;
          return parts.length
            ? { kind: 'NameType', loc: e.loc, name, module: parts.join('.') }
            : { kind: 'NameType', loc: e.loc, name };
        }
        break;
      case 'TypeExprAsValue':
        return e.type;
      case 'Subscript': {
        const base = this.annotationToType(e.value);
        const items = e.index.kind === 'Tuple' ? e.index.elts : [e.index];
        if (items.every((x) => x.kind === 'Slice')) {
          const dims: MemviewDim[] = items.map((x) => {
            if (x.kind !== 'Slice' || x.lower || x.upper) throw this.unsupported(x.loc, 'memoryview dimension with bounds');
            if (x.step && !(x.step.kind === 'Int' && x.step.value === 1n)) throw this.unsupported(x.loc, 'memoryview dimension step other than 1');
            return { contiguous: x.step !== null, loc: x.loc };
          });
          return { kind: 'MemviewType', loc: e.loc, elem: base, dims };
        }
        return { kind: 'IndexedType', loc: e.loc, base, args: items, keywords: [] };
      }
    }
    throw this.unsupported(e.loc, 'this annotation as a type');
  }

  // ------------------------------------------------------------ C types

  /**
   * A C base type: `const`, sign/length words, dotted names, ctuples, then
   * memoryview / array / template brackets. Pointer stars are not included.
   */
  private parseBaseType(): TypeExpr {
    this.enter();
    const s = this.tok;
    let t: TypeExpr;
    if (this.isKw('const') || this.isKw('volatile')) {
      const isConst = this.next().value === 'const';
      const inner = this.parseSimpleBaseType();
      t = isConst ? { kind: 'ConstType', loc: span(s, inner.loc), of: inner } : inner;
    } else if (this.isOp('(')) {
      this.next();
      const items: TypeExpr[] = [this.parseType()];
      let comma = false;
      while (this.eatOp(',')) {
        comma = true;
        if (this.isOp(')')) break;
        items.push(this.parseType());
      }
      this.expectOp(')');
      t = comma ? { kind: 'TupleType', loc: span(s, this.prev), items } : items[0];
    } else {
      t = this.parseSimpleBaseType();
    }
    while (this.isOp('[')) t = this.parseTypeBrackets(t);
    this.leave();
    return t;
  }

  private parseSimpleBaseType(): TypeExpr {
    const s = this.tok;
    if (s.type !== 'name' || RESERVED.has(s.value)) this.expected('a type');
    const v = s.value;
    if (SIGN_LONG.has(v) || v === 'int' || v === 'char') {
      let signed: 'signed' | 'unsigned' | null = null;
      if (v === 'signed' || v === 'unsigned') {
        signed = v;
        this.next();
      }
      let longness = 0;
      let sawShortLong = false;
      while (this.isKw('short') || this.isKw('long')) {
        longness += this.next().value === 'long' ? 1 : -1;
        sawShortLong = true;
      }
      if (longness > 2 || longness < -1 || (sawShortLong && longness === 0)) throw this.err(s, 'Invalid C integer type');
      if (this.isKw('double') && longness === 1 && signed === null) {
        this.next();
        return this.maybeComplex({ kind: 'NameType', loc: span(s, this.prev), name: 'long double' });
      }
      let size: 'char' | 'short' | 'int' | 'long' | 'long long' =
        longness === -1 ? 'short' : longness === 1 ? 'long' : longness === 2 ? 'long long' : 'int';
      if (this.isKw('char')) {
        if (sawShortLong) throw this.err(this.tok, 'Invalid C integer type');
        this.next();
        size = 'char';
      } else if (this.isKw('int')) {
        this.next();
      } else if (signed === null && !sawShortLong) {
        this.expected('a type'); // unreachable: v was int/char
      }
      return { kind: 'IntType', loc: span(s, this.prev), signed, size };
    }
    this.next();
    let name = v;
    let module: string | undefined;
    while (this.isOp('.') && this.peek(1).type === 'name') {
      this.next();
      const part = this.expectIdent().value;
      module = module === undefined ? name : module + '.' + name;
      name = part;
    }
    const nt: TypeExpr = module === undefined
      ? { kind: 'NameType', loc: span(s, this.prev), name }
      : { kind: 'NameType', loc: span(s, this.prev), name, module };
    return module === undefined && (name === 'float' || name === 'double') ? this.maybeComplex(nt) : nt;
  }

  private maybeComplex(t: TypeExpr): TypeExpr {
    if (t.kind === 'NameType' && this.isKw('complex')) {
      this.next();
      return { kind: 'NameType', loc: span(t.loc, this.prev), name: t.name + ' complex' };
    }
    return t;
  }

  /** `[` after a type: memoryview dims, C array size(s), or template arguments. */
  private parseTypeBrackets(base: TypeExpr): TypeExpr {
    const open = this.next(); // [
    if (this.isOp(':')) {
      const dims: MemviewDim[] = [];
      for (;;) {
        const d = this.expectOp(':');
        let contiguous = false;
        if (this.isOp(':')) {
          this.next();
          if (!this.isOp(',') && !this.isOp(']')) {
            const step = this.parseTest();
            if (step.kind === 'Int' && step.value === 1n) contiguous = true;
            else if ((step.kind === 'Name' && step.id === 'contiguous') || (step.kind === 'Attribute' && step.attr === 'contiguous')) contiguous = true;
            else if (!((step.kind === 'Name' || step.kind === 'Attribute') && /^(generic|strided|indirect|indirect_contiguous|follow)$/.test(step.kind === 'Name' ? step.id : step.attr))) {
              throw this.err(step.loc, 'Invalid axis specification in memoryview type');
            }
          }
        } else if (!this.isOp(',') && !this.isOp(']')) {
          // `<double[:n]>p`, `<int[:rows, :cols]>p`: a view of C memory with these extents
          const extent = this.parseTest();
          dims.push({ contiguous, loc: span(d, this.prev), extent });
          if (!this.eatOp(',')) break;
          continue;
        }
        dims.push({ contiguous, loc: span(d, this.prev) });
        if (!this.eatOp(',')) break;
      }
      this.expectOp(']');
      if (base.kind === 'MemviewType') throw this.err(open, 'Memoryview type cannot be indexed again');
      return { kind: 'MemviewType', loc: span(base.loc, this.prev), elem: base, dims };
    }
    if (this.isOp(']')) throw this.unsupported(open, 'C array declaration without a size');
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    for (;;) {
      if (this.ty() === 'name' && this.isOp('=', this.peek(1))) {
        const k = this.next();
        this.next();
        const value = this.parseTest();
        keywords.push({ loc: span(k, value.loc), name: k.value, value });
      } else {
        if (keywords.length) throw this.err(this.tok, 'Non-keyword argument following keyword argument');
        args.push(this.parseTypeArg());
      }
      if (!this.eatOp(',')) break;
      if (this.isOp(']')) break;
    }
    this.expectOp(']');
    const loc = span(base.loc, this.prev);
    if (!keywords.length && args.length === 1 && args[0].kind !== 'TypeExprAsValue' && (isCNumeric(base) || isIntConstExpr(args[0]))) {
      if (base.kind === 'ArrayType') return { kind: 'ArrayType', loc, elem: base.elem, sizes: [...base.sizes, args[0]] };
      return { kind: 'ArrayType', loc, elem: base, sizes: [args[0]] };
    }
    return { kind: 'IndexedType', loc, base, args, keywords };
  }

  /** A template / specialization argument: a type when it cannot be an expression. */
  private parseTypeArg(): Expr {
    if (this.looksLikeType(true)) {
      const type = this.parseType();
      return { kind: 'TypeExprAsValue', loc: type.loc, type };
    }
    return this.parseTest();
  }

  /**
   * Cython's looking_at_expr, inverted: does a C type (not an expression) start
   * here? In a subscript (`f[double]`, `cnp.ndarray[int, ndim=1]`) a lone type
   * word stays a Name; in sizeof() it is a type.
   */
  private looksLikeType(inSubscript: boolean): boolean {
    const t = this.tok;
    if (t.type === 'op') return t.value === '(' && this.isTupleTypeAhead();
    if (t.type !== 'name') return false;
    if (isBaseTypeStart(t.value)) {
      const n = this.peek(1);
      if (inSubscript && BASIC_TYPES.has(t.value) && n.type === 'op' && (n.value === ',' || n.value === ']' || n.value === '.')) return false;
      if (n.type === 'op' && n.value === '.') return false; // int.from_bytes(...)
      return true;
    }
    if (RESERVED.has(t.value)) return false;
    let k = 1;
    while (this.isOp('.', this.peek(k)) && this.peek(k + 1).type === 'name') k += 2;
    const n = this.peek(k);
    if (n.type === 'name') return !RESERVED.has(n.value) || n.value === 'const';
    if (n.type !== 'op') return false;
    if (n.value === '*' || n.value === '**') {
      const a = this.peek(k + 1);
      return a.type === 'op' && (a.value === ')' || a.value === ']' || a.value === ',' || a.value === '*' || a.value === '>');
    }
    if (n.value === '[') {
      const a = this.peek(k + 1);
      return a.type === 'op' && (a.value === ']' || a.value === ':');
    }
    return false;
  }

  /** `(` starting a ctuple type such as `(int, double)`. */
  private isTupleTypeAhead(): boolean {
    const a = this.peek(1);
    return a.type === 'name' && isBaseTypeStart(a.value) && !(BASIC_TYPES.has(a.value) && this.isOp(')', this.peek(2)));
  }

  /** A complete abstract type: base type plus pointer / function-pointer declarator. */
  private parseType(): TypeExpr {
    const base = this.parseBaseType();
    const d = this.parseDeclarator(true);
    if (d.name) throw this.err(d.nameTok!, `Unexpected name '${d.name}' in a type`);
    return this.buildType(base, d);
  }

  /**
   * A C declarator: `*`s, then a name or a parenthesized declarator, then
   * `[size]` and `(params)` suffixes. `abstract`: the name may be missing.
   */
  private parseDeclarator(abstract: boolean): Declarator {
    this.enter();
    const first = this.tok;
    let stars = 0;
    while (this.isOp('*') || this.isOp('**')) stars += this.next().value.length;
    let inner: Declarator | null = null;
    let name = '';
    let nameTok: Token | null = null;
    if (this.isOp('&')) throw this.unsupported(this.tok, 'C++ references');
    if (this.isOp('(') && (this.isOp('*', this.peek(1)) || this.isOp('**', this.peek(1)) || this.isOp('(', this.peek(1)))) {
      this.next();
      inner = this.parseDeclarator(abstract);
      this.expectOp(')');
    } else if (this.ty() === 'name' && !RESERVED.has(this.tok.value) && !(abstract && isBaseTypeStart(this.tok.value) && this.tok.value !== 'const')) {
      nameTok = this.next();
      name = nameTok.value;
    } else if (!abstract) {
      this.expected('an identifier');
    }
    const suffixes: Derivation[] = [];
    for (;;) {
      if (this.isOp('[')) {
        this.next();
        if (this.isOp(']')) throw this.unsupported(this.prev, 'C array declaration without a size');
        const size = this.parseTest();
        const end = this.expectOp(']');
        suffixes.push({ kind: 'array', end, size });
      } else if (this.isOp('(')) {
        this.next();
        const params = this.parseParams(')', true);
        const end = this.expectOp(')');
        suffixes.push({ kind: 'func', end, params });
      } else break;
    }
    this.leave();
    if (inner && !inner.name && !abstract) this.expected('an identifier');
    return {
      name: inner ? inner.name : name, nameTok: inner ? inner.nameTok : nameTok, first, last: this.prev,
      stars, suffixes, inner,
    };
  }

  /** Applies a declarator to its base type (C rules: suffixes bind tighter than `*`). */
  private buildType(base: TypeExpr, d: Declarator): TypeExpr {
    let t = base;
    for (let i = 0; i < d.stars; i++) t = this.wrapPtr(t, d.first);
    for (let i = d.suffixes.length - 1; i >= 0; i--) {
      const s = d.suffixes[i];
      if (this.bareFuncs.has(t)) throw this.unsupported(t.loc, 'functions returning functions or arrays of functions');
      if (s.kind === 'array') {
        t = t.kind === 'ArrayType'
          ? { kind: 'ArrayType', loc: span(base.loc, s.end), elem: t.elem, sizes: [s.size!, ...t.sizes] }
          : { kind: 'ArrayType', loc: span(base.loc, s.end), elem: t, sizes: [s.size!] };
      } else {
        t = { kind: 'FuncType', loc: span(base.loc, s.end), ret: t, params: this.paramTypes(s.params!) };
        this.bareFuncs.add(t);
      }
    }
    if (d.inner) return this.buildType(t, d.inner);
    if (this.bareFuncs.has(t)) throw this.unsupported(t.loc, 'a function type here (use a function pointer: (*name)(...))');
    return t;
  }

  private wrapPtr(t: TypeExpr, at: Token): TypeExpr {
    if (this.bareFuncs.has(t)) {
      this.bareFuncs.delete(t); // FuncType is the function pointer
      return t;
    }
    return { kind: 'PtrType', loc: span(t.loc, at.line < t.loc.line ? t.loc : at), to: t };
  }

  private paramTypes(params: Param[]): TypeExpr[] {
    const out: TypeExpr[] = [];
    for (const p of params) {
      if (p.star) throw this.unsupported(p.loc, 'variadic function pointer types');
      out.push(p.type ?? typeFromWord(p.name, p.loc));
    }
    if (out.length === 1 && out[0].kind === 'NameType' && out[0].name === 'void' && !out[0].module) return [];
    return out;
  }

  // ------------------------------------------------------------ cdef / cpdef / ctypedef

  private parseCdef(out: Stmt[], decorators: Decorator[]): void {
    const start = this.next(); // cdef
    const ctx: DeclCtx = { flavor: 'cdef', visibility: null, api: false, inline: false, decorators, start };
    this.parseModifiers(ctx);
    const t = this.tok;
    if (this.isOp(':')) {
      if (decorators.length) throw this.err(decorators[0].loc, 'Decorators cannot be applied to a cdef block');
      const body = this.parseSuite((o) => this.parseDeclStatement(o, ctx));
      out.push({ kind: 'CdefBlock', loc: span(start, this.lastEnd(body, this.prev)), body });
      return;
    }
    if (t.type === 'name') {
      switch (t.value) {
        case 'class':
          out.push(this.parseClass(decorators, start, true));
          return;
        case 'extern':
          this.noDecorators(decorators);
          out.push(this.parseExtern(start));
          return;
      }
    }
    if (this.parseTypeDefinition(out, ctx, false)) return;
    this.parseCDeclLine(out, ctx);
  }

  private noDecorators(decorators: Decorator[]): void {
    if (decorators.length) throw this.err(decorators[0].loc, 'Decorators can only be followed by functions or classes');
  }

  private parseModifiers(ctx: DeclCtx): void {
    for (;;) {
      const t = this.tok;
      if (t.type !== 'name') return;
      if (t.value === 'inline') ctx.inline = true;
      else if (t.value === 'public' || t.value === 'readonly') ctx.visibility = t.value;
      else if (t.value === 'api') {
        ctx.api = true;
        if (ctx.visibility === null) ctx.visibility = 'api';
      } else return;
      this.next();
    }
  }

  /** struct / union / packed struct / enum after cdef, cpdef or in a block. Returns false if none. */
  private parseTypeDefinition(out: Stmt[], ctx: DeclCtx, ctypedef: boolean): boolean {
    const t = this.tok;
    if (t.type !== 'name') return false;
    if (t.value === 'struct' || t.value === 'union' || (t.value === 'packed' && this.isKw('struct', this.peek(1)))) {
      this.noDecorators(ctx.decorators);
      out.push(this.parseStruct(ctx, ctypedef));
      return true;
    }
    if (t.value === 'enum') {
      this.noDecorators(ctx.decorators);
      out.push(this.parseEnum(ctx, ctypedef));
      return true;
    }
    if (t.value === 'cppclass') throw this.unsupported(t, 'C++ classes (cppclass)');
    if (t.value === 'fused') throw this.err(t, "Fused types are declared with 'ctypedef fused name:'");
    return false;
  }

  private parseCpdef(out: Stmt[], decorators: Decorator[]): void {
    const start = this.next();
    const ctx: DeclCtx = { flavor: 'cpdef', visibility: null, api: false, inline: false, decorators, start };
    this.parseModifiers(ctx);
    if (this.isKw('enum')) {
      this.noDecorators(decorators);
      out.push(this.parseEnum(ctx, false));
      return;
    }
    if (this.isOp(':')) throw this.err(this.tok, "'cpdef' blocks are not allowed");
    this.parseCDeclLine(out, ctx);
  }

  /** A line in a `cdef:` block or `cdef extern from` block (declarations without the leading cdef). */
  private parseDeclStatement(out: Stmt[], outer: DeclCtx, extern = false): void {
    const t = this.tok;
    if (t.type === 'string') {
      const e = this.parseTest();
      out.push({ kind: 'ExprStmt', loc: e.loc, expr: e });
      this.expectNewline();
      return;
    }
    if (t.type === 'name') {
      switch (t.value) {
        case 'pass':
          this.next();
          out.push({ kind: 'Pass', loc: locOf(t) });
          this.expectNewline();
          return;
        case 'cdef':
          this.parseCdef(out, []);
          return;
        case 'cpdef':
          this.parseCpdef(out, []);
          return;
        case 'ctypedef':
          this.parseCtypedef(out);
          return;
        case 'IF':
          out.push(this.parseIFDEF());
          return;
        case 'DEF':
          out.push(this.parseDEF());
          return;
      }
    }
    if (t.type === 'op' && t.value === '@') throw this.err(t, 'Decorators are not allowed here');
    const ctx: DeclCtx = { ...outer, decorators: [], start: t };
    this.parseModifiers(ctx);
    if (extern && this.isKw('class')) throw this.unsupported(this.tok, 'extern extension types');
    if (this.parseTypeDefinition(out, ctx, false)) return;
    this.parseCDeclLine(out, ctx);
  }

  /** Implicit `object` base type: `cdef x = 1`, `cdef f(x):`, `cpdef push(self, v):`. */
  private parseDeclBase(): TypeExpr | null {
    const t = this.tok;
    if (this.isOp('(')) {
      const n = this.peek(1);
      return this.isOp('*', n) || this.isOp('**', n) ? null : this.parseBaseType();
    }
    if (t.type === 'name' && !isBaseTypeStart(t.value) && !RESERVED.has(t.value)) {
      let k = 1;
      while (this.isOp('.', this.peek(k)) && this.peek(k + 1).type === 'name') k += 2;
      const n = this.peek(k);
      if (n.type === 'name') return this.parseBaseType();
      if (n.type === 'op') {
        if (n.value === '*' || n.value === '**' || n.value === '[') return this.parseBaseType();
        if (n.value === '(') {
          const a = this.peek(k + 1);
          return this.isOp('*', a) || this.isOp('**', a) ? this.parseBaseType() : null;
        }
      }
      return null;
    }
    return this.parseBaseType();
  }

  /** `type declarator [= init], declarator...` or a C function (definition or declaration). */
  private parseCDeclLine(out: Stmt[], ctx: DeclCtx): void {
    const baseOrNull = this.parseDeclBase();
    const d = this.parseDeclarator(false);
    const objectType = (): TypeExpr => ({ kind: 'NameType', loc: d.nameTok ? locOf(d.nameTok) : locOf(d.first), name: 'object' });
    if (!d.inner && d.suffixes.length === 1 && d.suffixes[0].kind === 'func') {
      let ret: TypeExpr | null = baseOrNull;
      if (ret) for (let i = 0; i < d.stars; i++) ret = this.wrapPtr(ret, d.first);
      else if (d.stars) throw this.err(d.first, 'Pointer return type needs a base type');
      out.push(this.finishCFunction(ctx, d, ret));
      return;
    }
    if (ctx.flavor === 'cpdef') throw this.err(d.last, "Expected '(' after the name of a cpdef function");
    if (ctx.inline) throw this.err(ctx.start, "'inline' can only be used with functions");
    if (ctx.decorators.length) this.noDecorators(ctx.decorators);
    const base = baseOrNull ?? objectType();
    let vis: 'private' | 'public' | 'readonly' = 'private';
    if (ctx.visibility === 'public' || ctx.visibility === 'api') vis = 'public';
    else if (ctx.visibility === 'readonly') vis = 'readonly';
    const isConst = base.kind === 'ConstType';
    let group: VarDeclarator[] = [];
    let groupType: TypeExpr = base;
    const flush = (): void => {
      if (!group.length) return;
      out.push({
        kind: 'CVarDecl', loc: span(group[0].loc, group[group.length - 1].loc), type: groupType, declarators: group,
        visibility: vis, isConst: groupType.kind === 'ConstType' || isConst,
      });
      group = [];
    };
    let decl = d;
    const emitted = out.length;
    for (;;) {
      let init: Expr | null = null;
      if (this.eatOp('=')) init = this.parseTest();
      const simple = !decl.inner && decl.suffixes.every((s) => s.kind === 'array');
      const dloc = span(decl.first, init ? init.loc : decl.last);
      if (simple) {
        if (groupType !== base) {
          flush();
          groupType = base;
        }
        group.push({
          loc: dloc, name: decl.name, pointerDepth: decl.stars, arraySizes: decl.suffixes.map((s) => s.size!), init,
        });
      } else {
        flush();
        groupType = this.buildType(base, decl);
        group.push({ loc: dloc, name: decl.name, pointerDepth: 0, arraySizes: [], init });
        flush();
        groupType = base;
      }
      if (!this.eatOp(',')) break;
      decl = this.parseDeclarator(false);
      if (!decl.inner && decl.suffixes.length && decl.suffixes[0].kind === 'func') {
        throw this.unsupported(decl.first, 'several function declarations in one statement');
      }
    }
    flush();
    // the first statement starts at `cdef`
    if (out.length > emitted) {
      const first = out[emitted];
      first.loc = span(ctx.start, first.loc);
    }
    this.expectNewline();
  }

  private finishCFunction(ctx: DeclCtx, d: Declarator, returnType: TypeExpr | null): Stmt {
    const fn = d.suffixes[0];
    const params = fn.params!;
    const fd: FuncDef = {
      kind: 'FuncDef', loc: span(ctx.start, this.prev), name: d.name, nameLoc: locOf(d.nameTok!),
      flavor: ctx.flavor, decorators: ctx.decorators, params, returnType, inline: ctx.inline, nogil: false,
      noexcept: false, withGil: false, exceptClause: null, isAsync: false, docstring: null, body: [], api: ctx.api,
      visibility: ctx.visibility,
    };
    // suffixes in any order: nogil, noexcept, except ..., with gil
    for (;;) {
      const t = this.tok;
      if (this.isKw('nogil')) {
        if (fd.nogil) throw this.err(t, "Duplicate 'nogil'");
        this.next();
        fd.nogil = true;
      } else if (this.isKw('noexcept')) {
        if (fd.noexcept || fd.exceptClause) throw this.err(t, 'Duplicate exception specification');
        this.next();
        fd.noexcept = true;
      } else if (this.isKw('except')) {
        if (fd.noexcept || fd.exceptClause) throw this.err(t, 'Duplicate exception specification');
        this.next();
        const c = { loc: locOf(t), value: null as Expr | null, maybe: false, star: false, plus: false };
        if (this.eatOp('?')) c.maybe = true;
        if (this.isOp('*')) {
          this.next();
          c.star = true;
        } else if (this.isOp('+') && !c.maybe) {
          this.next();
          c.plus = true;
          if (this.ty() === 'name' && !RESERVED.has(this.tok.value) && this.tok.value !== 'nogil' && this.tok.value !== 'noexcept') {
            c.value = this.parseAtomExpr();
          } else if (this.isOp('*')) this.next();
        } else {
          c.value = this.parseTest();
        }
        c.loc = span(t, this.prev);
        fd.exceptClause = c;
      } else if (this.isKw('with') && this.isKw('gil', this.peek(1))) {
        if (fd.withGil) throw this.err(t, "Duplicate 'with gil'");
        this.next();
        this.next();
        fd.withGil = true;
      } else if (this.isKw('const')) {
        throw this.unsupported(t, 'const methods (C++)');
      } else break;
    }
    if (this.isOp(':')) {
      fd.body = this.parseSuite();
      fd.docstring = docstringOf(fd.body);
      fd.loc = span(ctx.start, this.lastEnd(fd.body, this.prev));
      return fd;
    }
    // declaration without body (.pxd, extern block, forward declaration)
    const endTok = this.prev;
    fd.loc = span(ctx.start, endTok);
    params.forEach((p, i) => {
      if (p.type === null && !p.star && !(i === 0 && p.name === 'self')) {
        p.type = typeFromWord(p.name, p.loc);
        p.name = '';
      }
    });
    if (this.ty() !== 'newline' && this.ty() !== 'eof' && this.ty() !== 'dedent') this.expected("':' or NEWLINE");
    this.expectNewline();
    return { kind: 'CFuncDecl', loc: fd.loc, func: fd };
  }

  private parseStruct(ctx: DeclCtx, ctypedef: boolean): Stmt {
    let packed = false;
    if (this.eatKw('packed')) packed = true;
    const kw = this.next(); // struct / union
    const union = kw.value === 'union';
    const name = this.expectIdent().value;
    const fields: StructField[] = [];
    const visibility = ctx.visibility === 'public' || ctx.visibility === 'api' ? 'public' : 'private';
    let headerEnd: Token = this.prev;
    if (this.isOp(':')) {
      headerEnd = this.tok;
      this.next();
      this.parseBlockAfterColon(
        () => this.parseStructFieldLine(fields),
        () => {
          throw this.err(this.tok, 'Expected NEWLINE before the struct fields');
        },
      );
    } else {
      headerEnd = this.prev;
      this.expectNewline();
    }
    const end = fields.length ? fields[fields.length - 1].loc : headerEnd;
    return { kind: 'StructDef', loc: span(ctx.start, end), name, union, packed, fields, ctypedef, visibility };
  }

  private parseStructFieldLine(fields: StructField[]): void {
    const t = this.tok;
    if (this.isKw('pass')) {
      this.next();
      this.expectNewline();
      return;
    }
    if (t.type === 'string') {
      this.parseTest();
      this.expectNewline();
      return;
    }
    if (this.isKw('cdef')) throw this.err(t, "Struct fields are declared without 'cdef'");
    const base = this.parseBaseType();
    let first = true;
    do {
      const d = this.parseDeclarator(false);
      const type = this.buildType(base, d);
      fields.push({ loc: span(first ? t : d.first, d.last), name: d.name, type });
      first = false;
    } while (this.eatOp(','));
    this.expectNewline();
  }

  private parseEnum(ctx: DeclCtx, ctypedef: boolean): Stmt {
    this.next(); // enum
    if (this.isKw('class') || this.isKw('struct')) throw this.unsupported(this.tok, 'scoped enums (enum class)');
    let name: string | null = null;
    if (this.ty() === 'name' && !RESERVED.has(this.tok.value)) name = this.next().value;
    const items: EnumItem[] = [];
    let headerEnd: Token = this.prev;
    if (this.isOp(':')) {
      headerEnd = this.next();
      this.parseBlockAfterColon(
        () => this.parseEnumLine(items),
        () => this.parseEnumLine(items),
      );
    } else {
      if (name === null) this.expected("':'");
      this.expectNewline();
    }
    if (name === null && ctypedef) throw this.err(ctx.start, 'ctypedef enum needs a name');
    const end = items.length ? items[items.length - 1].loc : headerEnd;
    return { kind: 'EnumDef', loc: span(ctx.start, end), name, cpdef: ctx.flavor === 'cpdef', items, ctypedef };
  }

  private parseEnumLine(items: EnumItem[]): void {
    const t = this.tok;
    if (this.isKw('pass')) {
      this.next();
      this.expectNewline();
      return;
    }
    if (t.type === 'string') {
      this.parseTest();
      this.expectNewline();
      return;
    }
    do {
      if (this.ty() === 'newline') break;
      const n = this.expectIdent();
      let value: Expr | null = null;
      if (this.eatOp('=')) value = this.parseTest();
      items.push({ loc: span(n, value ? value.loc : n), name: n.value, value });
    } while (this.eatOp(','));
    this.expectNewline();
  }

  private parseCtypedef(out: Stmt[]): void {
    const start = this.next(); // ctypedef
    const ctx: DeclCtx = { flavor: 'cdef', visibility: null, api: false, inline: false, decorators: [], start };
    this.parseModifiers(ctx);
    if (ctx.inline || ctx.visibility === 'readonly') throw this.err(start, 'Invalid modifier for ctypedef');
    if (this.isKw('fused')) {
      out.push(this.parseFused(start));
      return;
    }
    if (this.parseTypeDefinition(out, ctx, true)) return;
    if (this.isKw('class')) throw this.unsupported(this.tok, 'ctypedef class');
    const base = this.parseBaseType();
    const d = this.parseDeclarator(false);
    const type = this.buildType(base, d);
    if (this.isOp(',')) throw this.unsupported(this.tok, 'several names in one ctypedef');
    out.push({ kind: 'CTypedef', loc: span(start, this.prev), name: d.name, type });
    this.expectNewline();
  }

  private parseFused(start: Token): Stmt {
    this.next(); // fused
    const name = this.expectIdent().value;
    const types: TypeExpr[] = [];
    const line = (): void => {
      if (this.isKw('pass')) {
        this.next();
      } else if (this.ty() === 'string') {
        this.parseTest();
      } else {
        do {
          if (this.ty() === 'newline') break;
          types.push(this.parseType());
        } while (this.eatOp(','));
      }
      this.expectNewline();
    };
    this.expectOp(':');
    this.parseBlockAfterColon(line, line);
    if (!types.length) throw this.err(start, 'Fused type needs at least one type');
    return { kind: 'FusedDef', loc: span(start, types[types.length - 1].loc), name, types };
  }

  private parseExtern(start: Token): Stmt {
    this.next(); // extern
    if (this.eatKw('from')) {
      let header: string | null = null;
      if (this.isOp('*')) this.next();
      else {
        const h = this.tok;
        if (h.type !== 'string' || h.text === null) this.expected("a header file name or '*'");
        header = h.text;
        this.next();
      }
      if (this.isKw('namespace')) throw this.unsupported(this.tok, 'C++ namespaces');
      let nogil = false;
      if (this.eatKw('nogil')) nogil = true;
      const ctx: DeclCtx = { flavor: 'cdef', visibility: null, api: false, inline: false, decorators: [], start };
      const body = this.parseSuite((o) => this.parseDeclStatement(o, ctx, true));
      return { kind: 'ExternBlock', loc: span(start, this.lastEnd(body, this.prev)), header, body, nogil };
    }
    const ctx: DeclCtx = { flavor: 'cdef', visibility: null, api: false, inline: false, decorators: [], start: this.tok };
    this.parseModifiers(ctx);
    const body: Stmt[] = [];
    if (!this.parseTypeDefinition(body, ctx, false)) this.parseCDeclLine(body, ctx);
    return { kind: 'ExternBlock', loc: span(start, this.lastEnd(body, this.prev)), header: null, body, nogil: false };
  }

  // ------------------------------------------------------------ expressions

  /** Can the current token start an expression? */
  private canStartExpr(t: Token = this.tok): boolean {
    switch (t.type) {
      case 'name':
        return !RESERVED.has(t.value) || t.value === 'None' || t.value === 'True' || t.value === 'False' ||
          t.value === 'lambda' || t.value === 'not' || t.value === 'await';
      case 'int': case 'float': case 'imag': case 'string':
        return true;
      case 'op':
        switch (t.value) {
          case '(': case '[': case '{': case '-': case '+': case '~': case '*': case '&': case '<': case '...':
            return true;
        }
        return false;
      default:
        return false;
    }
  }

  /** testlist_star_expr: `a, *b, c` (a Tuple when there is a comma). */
  private parseTestListStarExpr(): Expr {
    return this.parseSeq(() => this.parseStarOr(() => this.parseTest()));
  }

  private parseTestList(): Expr {
    return this.parseSeq(() => this.parseStarOr(() => this.parseTest()));
  }

  /** exprlist (for targets, del): bitwise-or level items. */
  private parseExprList(): Expr {
    return this.parseSeq(() => this.parseStarOr(() => this.parseOrExpr()));
  }

  private parseSeq(item: () => Expr): Expr {
    const first = item();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (!this.canStartExpr()) break;
      elts.push(item());
    }
    return { kind: 'Tuple', loc: span(first.loc, this.prev), elts, parenthesized: false };
  }

  private parseStarOr(item: () => Expr): Expr {
    if (this.isOp('*')) {
      const s = this.next();
      const value = this.parseOrExpr();
      return { kind: 'Starred', loc: span(s, value.loc), value };
    }
    return item();
  }

  private parseNamedExprTest(): Expr {
    const e = this.parseTest();
    if (this.isOp(':=')) {
      if (e.kind !== 'Name') throw this.err(e.loc, 'Cannot use assignment expressions with this target');
      this.next();
      const value = this.parseTest();
      return { kind: 'NamedExpr', loc: span(e.loc, value.loc), target: e, value };
    }
    return e;
  }

  parseTest(): Expr {
    this.enter();
    let e: Expr;
    if (this.isKw('lambda')) e = this.parseLambda();
    else {
      e = this.parseOrTest();
      if (this.isKw('if')) {
        this.next();
        const test = this.parseOrTest();
        this.expectKw('else');
        const orelse = this.parseTest();
        e = { kind: 'IfExp', loc: span(e.loc, orelse.loc), test, body: e, orelse };
      }
    }
    this.leave();
    return e;
  }

  private parseLambda(): Expr {
    const t = this.next();
    const params = this.parseParams(':', false);
    this.expectOp(':');
    const body = this.parseTest();
    return { kind: 'Lambda', loc: span(t, body.loc), params, body };
  }

  /** or_test: everything above the conditional expression. */
  private parseOrTest(): Expr {
    return this.parseExprPrec(P_OR);
  }

  /** `expr` in the Python grammar: the binary operators from `|` down. */
  private parseOrExpr(): Expr {
    return this.parseExprPrec(P_BITOR);
  }

  /**
   * Precedence climbing over `or`, `and`, prefix `not`, comparison chains and
   * the binary operators, in one loop (few calls per operand).
   */
  private parseExprPrec(min: number): Expr {
    let left: Expr;
    const first = this.tok;
    if (min <= P_NOT && first.type === 'name' && first.value === 'not') {
      this.enter();
      this.next();
      const operand = this.parseExprPrec(P_NOT);
      this.leave();
      left = { kind: 'Unary', loc: span(first, operand.loc), op: 'not', operand };
    } else {
      left = this.parseFactor();
    }
    for (;;) {
      const t = this.tok;
      let prec: number | undefined;
      if (t.type === 'op') {
        prec = OP_PREC[t.value];
        if (prec === undefined) return left;
      } else if (t.type === 'name') {
        const v = t.value;
        if (v === 'or') prec = P_OR;
        else if (v === 'and') prec = P_AND;
        else if (v === 'in' || v === 'is' || (v === 'not' && this.isKw('in', this.peek(1)))) prec = P_CMP;
        else return left;
      } else return left;
      if (prec < min) return left;
      if (prec >= P_BITOR) {
        this.next();
        const right = this.parseExprPrec(prec + 1);
        left = { kind: 'BinOp', loc: span(left.loc, right.loc), op: t.value as BinOp, left, right };
      } else if (prec === P_CMP) {
        const ops: CmpOp[] = [];
        const comparators: Expr[] = [];
        for (;;) {
          const op = this.compOp();
          if (op === null) break;
          ops.push(op);
          comparators.push(this.parseExprPrec(P_BITOR));
        }
        left = { kind: 'Compare', loc: span(left.loc, comparators[comparators.length - 1].loc), left, ops, comparators };
      } else {
        const op = t.value as 'and' | 'or';
        const values = [left];
        while (this.isKw(op)) {
          this.next();
          values.push(this.parseExprPrec(prec + 1));
        }
        left = { kind: 'BoolOp', loc: span(left.loc, values[values.length - 1].loc), op, values };
      }
    }
  }

  private compOp(): CmpOp | null {
    const t = this.tok;
    if (t.type === 'op') {
      if (OP_PREC[t.value] === P_CMP) {
        this.next();
        return t.value as CmpOp;
      }
      return null;
    }
    if (t.type !== 'name') return null;
    if (t.value === 'in') {
      this.next();
      return 'in';
    }
    if (t.value === 'not' && this.isKw('in', this.peek(1))) {
      this.next();
      this.next();
      return 'not in';
    }
    if (t.value === 'is') {
      this.next();
      if (this.eatKw('not')) return 'is not';
      return 'is';
    }
    return null;
  }

  private parseFactor(): Expr {
    const t = this.tok;
    if (t.type === 'op') {
      switch (t.value) {
        case '-':
        case '+':
        case '~': {
          this.enter();
          this.next();
          const operand = this.parseFactor();
          this.leave();
          return { kind: 'Unary', loc: span(t, operand.loc), op: t.value as '-' | '+' | '~', operand };
        }
        case '&': {
          this.enter();
          this.next();
          const operand = this.parseFactor();
          this.leave();
          return { kind: 'AddressOf', loc: span(t, operand.loc), operand };
        }
        case '<': {
          this.enter();
          this.next();
          const type = this.parseType();
          const checked = this.eatOp('?');
          this.expectOp('>');
          const operand = this.parseFactor();
          this.leave();
          return { kind: 'Cast', loc: span(t, operand.loc), type, operand, checked };
        }
      }
    } else if (t.type === 'name') {
      if (t.value === 'sizeof' && this.isOp('(', this.peek(1))) return this.parseSizeof();
    }
    let base: Expr;
    if (t.type === 'name' && t.value === 'await') {
      this.next();
      const value = this.parseAtomExpr();
      base = { kind: 'Await', loc: span(t, value.loc), value };
    } else base = this.parseAtomExpr();
    if (this.tok.type === 'op' && this.tok.value === '**') {
      this.next();
      this.enter();
      const exp = this.parseFactor();
      this.leave();
      return { kind: 'BinOp', loc: span(base.loc, exp.loc), op: '**', left: base, right: exp };
    }
    return base;
  }

  private parseSizeof(): Expr {
    const t = this.next();
    this.expectOp('(');
    let operand: TypeExpr | Expr;
    if (this.looksLikeType(false)) operand = this.parseType();
    else operand = this.parseTest();
    this.expectOp(')');
    return { kind: 'Sizeof', loc: span(t, this.prev), operand };
  }

  private parseAtomExpr(): Expr {
    let e = this.parseAtom();
    for (;;) {
      const t = this.tok;
      if (t.type !== 'op') return e;
      if (t.value === '(') {
        e = this.parseCall(e);
      } else if (t.value === '[') {
        this.next();
        const index = this.parseSubscriptList();
        this.expectOp(']');
        e = { kind: 'Subscript', loc: span(e.loc, this.prev), value: e, index };
      } else if (t.value === '.') {
        this.next();
        const a = this.expectIdent();
        e = { kind: 'Attribute', loc: span(e.loc, a), value: e, attr: a.value };
      } else return e;
    }
  }

  private parseCall(func: Expr): Expr {
    this.next(); // (
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    let starArgs: Expr | undefined;
    let kwArgs: Expr | undefined;
    while (!this.isOp(')')) {
      const s = this.tok;
      if (this.isOp('*')) {
        this.next();
        const v = this.parseTest();
        if (starArgs) throw this.unsupported(s, 'more than one *args in a call');
        if (kwArgs) throw this.err(s, 'iterable argument unpacking follows keyword argument unpacking');
        starArgs = v;
      } else if (this.isOp('**')) {
        this.next();
        const v = this.parseTest();
        if (kwArgs) throw this.unsupported(s, 'more than one **kwargs in a call');
        kwArgs = v;
      } else if (s.type === 'name' && this.isOp('=', this.peek(1))) {
        const name = this.expectIdent();
        this.next();
        const value = this.parseTest();
        if (keywords.some((k) => k.name === name.value)) throw this.err(name, `keyword argument repeated: ${name.value}`);
        keywords.push({ loc: span(name, value.loc), name: name.value, value });
      } else {
        let e = this.parseNamedExprTest();
        if (this.isKw('for')) {
          if (args.length || keywords.length || starArgs || kwArgs) throw this.err(e.loc, 'Generator expression must be parenthesized');
          const generators = this.parseCompFor();
          e = { kind: 'GeneratorExp', loc: span(e.loc, this.prev), elt: e, generators };
          if (!this.isOp(')')) throw this.err(e.loc, 'Generator expression must be parenthesized');
        }
        if (keywords.length || kwArgs) throw this.err(e.loc, 'Non-keyword argument after keyword argument');
        if (starArgs) throw this.unsupported(e.loc, 'positional arguments after *args');
        args.push(e);
      }
      if (!this.eatOp(',')) break;
    }
    this.expectOp(')');
    const call: Expr = { kind: 'Call', loc: span(func.loc, this.prev), func, args, keywords };
    if (starArgs) call.starArgs = starArgs;
    if (kwArgs) call.kwArgs = kwArgs;
    return call;
  }

  private parseSubscriptList(): Expr {
    const first = this.parseSubscriptItem();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isOp(']')) break;
      elts.push(this.parseSubscriptItem());
    }
    return { kind: 'Tuple', loc: span(first.loc, this.prev), elts, parenthesized: false };
  }

  private parseSubscriptItem(): Expr {
    const s = this.tok;
    if (!this.isOp(':') && this.looksLikeType(true)) {
      const type = this.parseType();
      return { kind: 'TypeExprAsValue', loc: type.loc, type };
    }
    let lower: Expr | null = null;
    if (!this.isOp(':')) {
      lower = this.isOp('*') ? this.parseStarOr(() => this.parseTest()) : this.parseNamedExprTest();
      if (!this.isOp(':')) return lower;
    }
    this.next(); // :
    let upper: Expr | null = null;
    let step: Expr | null = null;
    if (!this.isOp(':') && !this.isOp(',') && !this.isOp(']')) upper = this.parseTest();
    if (this.eatOp(':')) {
      if (!this.isOp(',') && !this.isOp(']')) step = this.parseTest();
    }
    return { kind: 'Slice', loc: span(s, this.prev), lower, upper, step };
  }

  private parseCompFor(): Comprehension[] {
    const gens: Comprehension[] = [];
    while (this.isKw('for') || this.isKw('async')) {
      const t = this.next();
      if (t.value === 'async') throw this.unsupported(t, 'async comprehensions');
      const target = this.parseExprList();
      this.checkTarget(target, 'for');
      this.expectKw('in');
      const iter = this.parseOrTest();
      const ifs: Expr[] = [];
      while (this.isKw('if')) {
        this.next();
        ifs.push(this.isKw('lambda') ? this.parseLambda() : this.parseOrTest());
      }
      gens.push({ loc: span(t, this.prev), target, iter, ifs });
    }
    return gens;
  }

  private parseYield(): Expr {
    const t = this.next();
    if (this.eatKw('from')) {
      const value = this.parseTest();
      return { kind: 'Yield', loc: span(t, value.loc), value, from: true };
    }
    const value = this.canStartExpr() ? this.parseTestListStarExpr() : null;
    return { kind: 'Yield', loc: span(t, value ? value.loc : t), value, from: false };
  }

  private parseAtom(): Expr {
    const t = this.tok;
    switch (t.type) {
      case 'name': {
        const v = t.value;
        if (RESERVED.has(v)) {
          if (v === 'None') {
            this.next();
            return { kind: 'NoneLit', loc: locOf(t) };
          }
          if (v === 'True' || v === 'False') {
            this.next();
            return { kind: 'Bool', loc: locOf(t), value: v === 'True' };
          }
          if (v === 'yield') throw this.err(t, "'yield' expression must be parenthesized here");
          this.expected('an expression');
        }
        this.next();
        return { kind: 'Name', loc: locOf(t), id: v };
      }
      case 'int': {
        this.next();
        const digits = t.value.slice(0, t.value.length - t.suffix.length).replace(/_/g, '');
        return { kind: 'Int', loc: locOf(t), value: BigInt(digits), text: t.value, suffix: t.suffix };
      }
      case 'float':
      case 'imag': {
        this.next();
        const body = (t.type === 'imag' ? t.value.slice(0, -1) : t.value).replace(/_/g, '');
        return { kind: 'Float', loc: locOf(t), value: Number(body), text: t.value, imaginary: t.type === 'imag' };
      }
      case 'string':
        return this.parseStrings();
      case 'op':
        switch (t.value) {
          case '(':
            return this.parseParen();
          case '[':
            return this.parseListDisplay();
          case '{':
            return this.parseBraceDisplay();
          case '...':
            this.next();
            return { kind: 'EllipsisLit', loc: locOf(t) };
        }
    }
    return this.expected('an expression');
  }

  private parseParen(): Expr {
    const open = this.next();
    if (this.isOp(')')) {
      this.next();
      return { kind: 'Tuple', loc: span(open, this.prev), elts: [], parenthesized: true };
    }
    if (this.isKw('yield')) {
      const y = this.parseYield();
      this.expectOp(')');
      return y;
    }
    const first = this.parseStarOr(() => this.parseNamedExprTest());
    if (this.isKw('for')) {
      const generators = this.parseCompFor();
      this.expectOp(')');
      return { kind: 'GeneratorExp', loc: span(open, this.prev), elt: first, generators };
    }
    if (this.isOp(',')) {
      const elts = [first];
      while (this.eatOp(',')) {
        if (this.isOp(')')) break;
        elts.push(this.parseStarOr(() => this.parseNamedExprTest()));
      }
      this.expectOp(')');
      return { kind: 'Tuple', loc: span(open, this.prev), elts, parenthesized: true };
    }
    this.expectOp(')');
    if (first.kind === 'Starred') throw this.err(first.loc, 'can use starred expression only as assignment target');
    if (first.kind === 'Tuple') first.parenthesized = true;
    return first;
  }

  private parseListDisplay(): Expr {
    const open = this.next();
    if (this.eatOp(']')) return { kind: 'List', loc: span(open, this.prev), elts: [] };
    const first = this.parseStarOr(() => this.parseNamedExprTest());
    if (this.isKw('for')) {
      const generators = this.parseCompFor();
      this.expectOp(']');
      return { kind: 'ListComp', loc: span(open, this.prev), elt: first, generators };
    }
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isOp(']')) break;
      elts.push(this.parseStarOr(() => this.parseNamedExprTest()));
    }
    this.expectOp(']');
    return { kind: 'List', loc: span(open, this.prev), elts };
  }

  private parseBraceDisplay(): Expr {
    const open = this.next();
    if (this.eatOp('}')) return { kind: 'Dict', loc: span(open, this.prev), keys: [], values: [] };
    // dict
    if (this.isOp('**') || !this.isOp('*')) {
      let firstKey: Expr | null = null;
      let firstValue: Expr;
      if (this.eatOp('**')) {
        firstValue = this.parseOrExpr();
      } else {
        const e = this.parseNamedExprTest();
        if (!this.isOp(':')) return this.finishSet(open, e);
        this.next();
        firstKey = e;
        firstValue = this.parseTest();
        if (this.isKw('for')) {
          const generators = this.parseCompFor();
          this.expectOp('}');
          return { kind: 'DictComp', loc: span(open, this.prev), key: e, value: firstValue, generators };
        }
      }
      const keys: (Expr | null)[] = [firstKey];
      const values: Expr[] = [firstValue];
      while (this.eatOp(',')) {
        if (this.isOp('}')) break;
        if (this.eatOp('**')) {
          keys.push(null);
          values.push(this.parseOrExpr());
        } else {
          keys.push(this.parseTest());
          this.expectOp(':');
          values.push(this.parseTest());
        }
      }
      this.expectOp('}');
      return { kind: 'Dict', loc: span(open, this.prev), keys, values };
    }
    return this.finishSet(open, this.parseStarOr(() => this.parseNamedExprTest()));
  }

  private finishSet(open: Token, first: Expr): Expr {
    if (this.isKw('for')) {
      const generators = this.parseCompFor();
      this.expectOp('}');
      return { kind: 'SetComp', loc: span(open, this.prev), elt: first, generators };
    }
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isOp('}')) break;
      elts.push(this.parseStarOr(() => this.parseNamedExprTest()));
    }
    this.expectOp('}');
    return { kind: 'Set', loc: span(open, this.prev), elts };
  }

  // ------------------------------------------------------------ strings

  /** Adjacent string literals are concatenated; f-strings make the result an FString. */
  private parseStrings(): Expr {
    const first = this.tok;
    const toks: Token[] = [];
    while (this.ty() === 'string') toks.push(this.next());
    const last = this.prev;
    const loc = span(first, last);
    const isBytes = (t: Token): boolean => t.prefix.includes('b') || t.prefix.includes('c');
    const bytes = isBytes(first);
    for (const t of toks) {
      if (isBytes(t) !== bytes) throw this.err(t, 'Cannot mix bytes and str literals');
      if (t.prefix.includes('c') && toks.length > 1) throw this.err(t, 'Cannot concatenate char literals');
    }
    if (bytes) {
      let s = '';
      for (const t of toks) s += t.text!;
      const value = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) value[i] = s.charCodeAt(i);
      return { kind: 'Bytes', loc, value, prefix: first.prefix };
    }
    if (!toks.some((t) => t.prefix.includes('f'))) {
      let s = '';
      for (const t of toks) s += t.text!;
      return { kind: 'Str', loc, value: s, prefix: first.prefix };
    }
    const parts: FStringPart[] = [];
    for (const t of toks) {
      if (t.prefix.includes('f')) this.parseFString(t, parts);
      else if (t.text!.length) parts.push({ kind: 'Literal', loc: locOf(t), value: t.text! });
    }
    // merge adjacent literals
    const merged: FStringPart[] = [];
    for (const p of parts) {
      const prev = merged[merged.length - 1];
      if (p.kind === 'Literal' && prev && prev.kind === 'Literal') {
        merged[merged.length - 1] = { kind: 'Literal', loc: span(prev.loc, p.loc), value: prev.value! + p.value! };
      } else merged.push(p);
    }
    return { kind: 'FString', loc, parts: merged };
  }

  private locAt(a: number, b: number): Loc {
    const s = offsetToPos(this.src, a);
    const e = offsetToPos(this.src, b);
    return { line: s.line, col: s.col, endLine: e.line, endCol: e.col };
  }

  private fstrError(offset: number, msg: string): CompileError {
    return this.err(offsetToPos(this.src, offset), msg);
  }

  private parseFString(t: Token, out: FStringPart[]): void {
    const i = this.fstrParts(t, t.bodyStart, t.bodyEnd, out, 0);
    if (i < t.bodyEnd) throw this.fstrError(i, "f-string: single '}' is not allowed");
  }

  /**
   * Literal text and replacement fields from `i` up to `end`; in a format spec
   * (specDepth > 0) stops at the `}` closing the field.
   */
  private fstrParts(t: Token, i: number, end: number, out: FStringPart[], specDepth: number): number {
    const text = this.src.text;
    const raw = t.prefix.includes('r');
    let value = '';
    let litStart = i;
    let segStart = i;
    const flush = (upTo: number): void => {
      if (upTo > segStart) {
        value += raw
          ? text.slice(segStart, upTo).replace(/\r\n?/g, '\n')
          : decodeBody(this.src, text.slice(segStart, upTo), segStart);
      }
    };
    const pushLiteral = (upTo: number): void => {
      if (value.length) out.push({ kind: 'Literal', loc: this.locAt(litStart, upTo), value });
      value = '';
    };
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 92 && !raw) {
        const n = text.charCodeAt(i + 1);
        if (n === 78 && text.charCodeAt(i + 2) === 123) {
          const close = text.indexOf('}', i);
          i = close < 0 || close >= end ? end : close + 1;
        } else if (n === 123 || n === 125) i += 1;
        else i += 2;
        continue;
      }
      if (c === 123) {
        if (specDepth === 0 && text.charCodeAt(i + 1) === 123 && i + 1 < end) {
          flush(i + 1);
          i += 2;
          segStart = i;
          continue;
        }
        flush(i);
        pushLiteral(i);
        i = this.fstrField(t, i, end, out, specDepth);
        litStart = segStart = i;
        continue;
      }
      if (c === 125) {
        if (specDepth > 0) break;
        if (text.charCodeAt(i + 1) === 125 && i + 1 < end) {
          flush(i + 1);
          i += 2;
          segStart = i;
          continue;
        }
        throw this.fstrError(i, "f-string: single '}' is not allowed");
      }
      i++;
    }
    flush(Math.min(i, end));
    pushLiteral(Math.min(i, end));
    return i;
  }

  private fstrField(t: Token, open: number, end: number, out: FStringPart[], specDepth: number): number {
    const text = this.src.text;
    if (specDepth >= 2) throw this.fstrError(open, 'f-string: expressions nested too deeply');
    let i = open + 1;
    const exprStart = i;
    let depth = 0;
    let quote = 0;
    let stop = -1;
    while (stop < 0) {
      if (i >= end) throw this.fstrError(open, "f-string: expecting '}'");
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
        i++;
        continue;
      }
      switch (c) {
        case 39: case 34:
          quote = c;
          break;
        case 40: case 91: case 123:
          depth++;
          break;
        case 41: case 93: case 125:
          if (depth === 0) {
            if (c === 125) {
              stop = i;
              continue;
            }
            throw this.fstrError(i, `f-string: unmatched '${String.fromCharCode(c)}'`);
          }
          depth--;
          break;
        case 33: // !
          if (depth === 0 && text.charCodeAt(i + 1) !== 61) {
            stop = i;
            continue;
          }
          if (text.charCodeAt(i + 1) === 61) i++;
          break;
        case 58: // :
          if (depth === 0) {
            stop = i;
            continue;
          }
          break;
        case 61: { // =
          const n = text.charCodeAt(i + 1);
          const p = text.charCodeAt(i - 1);
          if (n === 61) {
            i++;
            break;
          }
          if (depth === 0 && p !== 61 && p !== 33 && p !== 60 && p !== 62) {
            stop = i;
            continue;
          }
          break;
        }
        case 35:
          throw this.fstrError(i, "f-string expression part cannot include '#'");
        case 92:
          throw this.fstrError(i, 'f-string expression part cannot include a backslash');
      }
      i++;
    }
    const exprEnd = stop;
    if (text.slice(exprStart, exprEnd).trim() === '') throw this.fstrError(exprStart, 'f-string: empty expression not allowed');
    const expr = this.parseSubExpression(exprStart, exprEnd);
    let selfDoc: string | undefined;
    if (text.charCodeAt(i) === 61) {
      i++;
      while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      selfDoc = text.slice(exprStart, i);
    }
    let conversion: 'r' | 's' | 'a' | null = null;
    if (text.charCodeAt(i) === 33 && i < end) {
      const cv = text[i + 1];
      if (cv !== 'r' && cv !== 's' && cv !== 'a') {
        throw this.fstrError(i + 1, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
      conversion = cv;
      i += 2;
    }
    let formatSpec: FStringPart[] | undefined;
    if (text.charCodeAt(i) === 58 && i < end) {
      formatSpec = [];
      i = this.fstrParts(t, i + 1, end, formatSpec, specDepth + 1);
    }
    if (i >= end || text.charCodeAt(i) !== 125) throw this.fstrError(Math.min(i, end), "f-string: expecting '}'");
    i++;
    const part: FStringPart = { kind: 'Field', loc: this.locAt(open, i), expr, conversion };
    if (formatSpec) part.formatSpec = formatSpec;
    if (selfDoc !== undefined) part.selfDoc = selfDoc;
    out.push(part);
    return i;
  }

  /** Parses text[start, end) of the source as an expression with exact positions. */
  private parseSubExpression(start: number, end: number): Expr {
    const pos = offsetToPos(this.src, start);
    const ls = lineStarts(this.src)[pos.line - 1];
    const tz = new Tokenizer(this.src, { start, end, line: pos.line, lineStart: ls, exprMode: true });
    const saved = { tz: this.tz, toks: this.toks, p: this.p, tok: this.tok, prev: this.prev };
    this.tz = tz;
    this.toks = [];
    tz.produce(this.toks);
    this.p = 0;
    this.tok = this.toks[0];
    let e: Expr;
    try {
      e = this.isKw('yield') ? this.parseYield() : this.parseTestListStarExpr();
      if (this.ty() !== 'eof') throw this.err(this.tok, `f-string: invalid syntax, found ${this.describe(this.tok)}`);
    } finally {
      this.tz = saved.tz;
      this.toks = saved.toks;
      this.p = saved.p;
      this.tok = saved.tok;
      this.prev = saved.prev;
    }
    return e;
  }
}

/** Decodes escapes in an f-string literal segment; errors point into the source. */
function decodeBody(src: SourceFile, seg: string, segStart: number): string {
  return decodeStringBody(src, seg, false, false, (k, msg) => {
    throw src.error(offsetToPos(src, segStart + k), msg);
  });
}

function docstringOf(body: Stmt[]): string | null {
  const s = body[0];
  if (s && s.kind === 'ExprStmt' && s.expr.kind === 'Str') return s.expr.value;
  return null;
}

/** A lone word in a type position: C integer words become IntType, anything else NameType. */
function typeFromWord(word: string, loc: Loc): TypeExpr {
  switch (word) {
    case 'int': return { kind: 'IntType', loc, signed: null, size: 'int' };
    case 'char': return { kind: 'IntType', loc, signed: null, size: 'char' };
    case 'short': return { kind: 'IntType', loc, signed: null, size: 'short' };
    case 'long': return { kind: 'IntType', loc, signed: null, size: 'long' };
    case 'signed': return { kind: 'IntType', loc, signed: 'signed', size: 'int' };
    case 'unsigned': return { kind: 'IntType', loc, signed: 'unsigned', size: 'int' };
  }
  return { kind: 'NameType', loc, name: word };
}

function isCNumeric(t: TypeExpr): boolean {
  if (t.kind === 'IntType' || t.kind === 'PtrType' || t.kind === 'ArrayType') return true;
  if (t.kind === 'ConstType') return isCNumeric(t.of);
  return t.kind === 'NameType' && !t.module && NUMERIC_NAMES.has(t.name);
}

function isIntConstExpr(e: Expr): boolean {
  switch (e.kind) {
    case 'Int': return true;
    case 'Unary': return e.op !== 'not' && isIntConstExpr(e.operand);
    case 'BinOp': return isIntConstExpr(e.left) && isIntConstExpr(e.right);
    default: return false;
  }
}
