// Helpers for the syntax tests: parse snippets and print AST nodes as compact
// S-expressions so that structure assertions stay short and readable.
import { expect } from 'vitest';
import { CompileError, SourceFile } from '../../src/compile/diagnostics.js';
import { parseModule } from '../../src/compile/syntax/index.js';
import type { Expr, FStringPart, Module, Param, Stmt, TypeExpr } from '../../src/compile/syntax/ast.js';

export function parse(text: string, file = 't.pyx'): Module {
  return parseModule(new SourceFile(file, text));
}

export function stmts(text: string): Stmt[] {
  return parse(text).body;
}

export function stmt(text: string): Stmt {
  const body = stmts(text);
  expect(body.length).toBe(1);
  return body[0];
}

/** Parses `text` as one expression statement and returns the expression. */
export function expr(text: string): Expr {
  const s = stmt(text + '\n');
  if (s.kind !== 'ExprStmt') throw new Error(`not an expression statement: ${s.kind}`);
  return s.expr;
}

/** The CompileError `text` produces (fails the test if it parses). */
export function parseError(text: string): CompileError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error(`expected a CompileError for:\n${text}`);
}

export function tx(t: TypeExpr): string {
  switch (t.kind) {
    case 'NameType': return t.module ? `${t.module}.${t.name}` : t.name;
    case 'IntType': return [t.signed, t.size].filter(Boolean).join(' ');
    case 'PtrType': return `${tx(t.to)}*`;
    case 'ConstType': return `const ${tx(t.of)}`;
    case 'MemviewType': return `${tx(t.elem)}[${t.dims.map((d) => (d.contiguous ? '::1' : ':')).join(', ')}]`;
    case 'ArrayType': return `${tx(t.elem)}${t.sizes.map((s) => `[${sx(s)}]`).join('')}`;
    case 'TupleType': return `(${t.items.map(tx).join(', ')})`;
    case 'FuncType': return `${tx(t.ret)} (*)(${t.params.map(tx).join(', ')})`;
    case 'IndexedType': {
      const args = [...t.args.map(sx), ...t.keywords.map((k) => `${k.name}=${sx(k.value)}`)];
      return `${tx(t.base)}<${args.join(', ')}>`;
    }
  }
}

function parts(ps: FStringPart[]): string {
  return ps
    .map((p) => {
      if (p.kind === 'Literal') return JSON.stringify(p.value);
      let s = `{${sx(p.expr!)}`;
      if (p.selfDoc) s += ` doc=${JSON.stringify(p.selfDoc)}`;
      if (p.conversion) s += ` !${p.conversion}`;
      if (p.formatSpec) s += ` :${parts(p.formatSpec)}`;
      return s + '}';
    })
    .join(' ');
}

function px(p: Param): string {
  let s = `${p.star}${p.name}`;
  if (p.type) s = `${tx(p.type)} ${s}`.trim();
  if (p.notNone) s += ' not None';
  if (p.orNone) s += ' or None';
  if (p.default) s += `=${sx(p.default)}`;
  if (p.kwOnly) s = `kw:${s}`;
  if (p.posOnly) s = `pos:${s}`;
  return s;
}

export function params(ps: Param[]): string[] {
  return ps.map(px);
}

const opt = (e: Expr | null): string => (e ? sx(e) : '_');

/** Compact S-expression of an expression. */
export function sx(e: Expr): string {
  switch (e.kind) {
    case 'Name': return e.id;
    case 'Int': return e.text;
    case 'Float': return e.text;
    case 'Str': return JSON.stringify(e.value);
    case 'Bytes': return `b${JSON.stringify(String.fromCharCode(...e.value))}`;
    case 'FString': return `(f ${parts(e.parts)})`;
    case 'Bool': return e.value ? 'True' : 'False';
    case 'NoneLit': return 'None';
    case 'EllipsisLit': return '...';
    case 'BinOp': return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'Unary': return `(${e.op} ${sx(e.operand)})`;
    case 'BoolOp': return `(${e.op} ${e.values.map(sx).join(' ')})`;
    case 'Compare': return `(cmp ${sx(e.left)} ${e.ops.map((o, i) => `${o} ${sx(e.comparators[i])}`).join(' ')})`;
    case 'IfExp': return `(if ${sx(e.test)} ${sx(e.body)} ${sx(e.orelse)})`;
    case 'Call': {
      const a = [sx(e.func), ...e.args.map(sx), ...e.keywords.map((k) => `${k.name}=${sx(k.value)}`)];
      if (e.starArgs) a.push(`*${sx(e.starArgs)}`);
      if (e.kwArgs) a.push(`**${sx(e.kwArgs)}`);
      return `(call ${a.join(' ')})`;
    }
    case 'Attribute': return `${sx(e.value)}.${e.attr}`;
    case 'Subscript': return `${sx(e.value)}[${sx(e.index)}]`;
    case 'Slice': return `(: ${opt(e.lower)} ${opt(e.upper)} ${opt(e.step)})`;
    case 'Tuple': return `(tuple${e.elts.map((x) => ' ' + sx(x)).join('')})`;
    case 'List': return `[${e.elts.map(sx).join(' ')}]`;
    case 'Set': return `{set ${e.elts.map(sx).join(' ')}}`;
    case 'Dict': return `{dict ${e.keys.map((k, i) => `${k ? sx(k) : '**'}:${sx(e.values[i])}`).join(' ')}}`;
    case 'Starred': return `*${sx(e.value)}`;
    case 'ListComp': return `(listcomp ${sx(e.elt)} ${comp(e.generators)})`;
    case 'SetComp': return `(setcomp ${sx(e.elt)} ${comp(e.generators)})`;
    case 'GeneratorExp': return `(genexp ${sx(e.elt)} ${comp(e.generators)})`;
    case 'DictComp': return `(dictcomp ${sx(e.key)}:${sx(e.value)} ${comp(e.generators)})`;
    case 'Lambda': return `(lambda (${params(e.params).join(', ')}) ${sx(e.body)})`;
    case 'Yield': return `(yield${e.from ? '-from' : ''} ${opt(e.value)})`;
    case 'Await': return `(await ${sx(e.value)})`;
    case 'NamedExpr': return `(:= ${sx(e.target)} ${sx(e.value)})`;
    case 'Cast': return `(cast${e.checked ? '?' : ''} ${tx(e.type)} ${sx(e.operand)})`;
    case 'AddressOf': return `(& ${sx(e.operand)})`;
    case 'Deref': return `(deref ${sx(e.operand)})`;
    case 'Sizeof': {
      const o = e.operand;
      const isType = ['NameType', 'IntType', 'PtrType', 'ConstType', 'MemviewType', 'ArrayType', 'TupleType', 'FuncType', 'IndexedType'].includes(o.kind);
      return isType ? `(sizeof type ${tx(o as TypeExpr)})` : `(sizeof ${sx(o as Expr)})`;
    }
    case 'TypeExprAsValue': return `<${tx(e.type)}>`;
  }
}

function comp(gens: { target: Expr; iter: Expr; ifs: Expr[] }[]): string {
  return gens.map((g) => `for ${sx(g.target)} in ${sx(g.iter)}${g.ifs.map((i) => ` if ${sx(i)}`).join('')}`).join(' ');
}

/** `line:col-endLine:endCol` of a loc. */
export function at(loc: { line: number; col: number; endLine: number; endCol: number }): string {
  return `${loc.line}:${loc.col}-${loc.endLine}:${loc.endCol}`;
}
