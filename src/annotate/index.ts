// `cypyx annotate`: an HTML report like `cython -a`, built from the typed IR.
//
// Every IR statement is attributed to a source line (its own `loc`, else the nearest
// enclosing statement's, else its function's def line) and scored:
//   - statements of generic-tier functions (and module-level code) run as JS with Python
//     semantics on JS values: dark, darker with more object operations (py ops, box/unbox);
//   - statements of native functions with runtime checks (bounds/wraparound → IndexError,
//     zero division, overflow, None checks): light;
//   - other native statements: white (pure C);
//   - the def line of an exported function: the JS boundary (argument conversion): light
//     for native functions, dark for generic ones.
// Clicking a line shows the IR of its statements and, in native functions, the LLVM IR of
// the function (as emitted, before optimization).
import type { Expr, IRFunction, ModuleIR, Stmt } from '../compile/ir/ir.js';
import { printFunction } from '../compile/ir/print.js';
import { typeName } from '../compile/ir/types.js';

export type LineKind = 'generic' | 'checked' | 'boundary' | 'c' | 'none';

export interface LineReport {
  line: number;
  kind: LineKind;
  /** 0 (pure C or no code) … 1 (heavy generic code). */
  score: number;
  /** Functions with code on this line. */
  fns: string[];
  /** Object operations (py ops, box/unbox, Python globals) on the line. */
  pyOps: number;
  /** Runtime checks on the line, by kind (bounds, zerodiv, overflow, ...). */
  checks: Record<string, number>;
  /** Printed IR of the statements attributed to the line. */
  ir: string[];
  /** Short explanations shown with the IR. */
  notes: string[];
}

export interface FunctionReport {
  name: string;
  pyName: string;
  flavor: string;
  tier: 'native' | 'generic';
  reason: string | null;
  line: number;
  signature: string;
  llvm: string | null;
}

export interface AnnotateReport {
  file: string;
  source: string;
  lines: LineReport[];
  functions: FunctionReport[];
  llvmError: string | null;
}

const PY_KINDS = new Set(['py', 'box', 'unbox', 'pyGlobal', 'closure']);

function checkKind(exc: string): string {
  switch (exc) {
    case 'IndexError':
      return 'bounds';
    case 'ZeroDivisionError':
      return 'zero division';
    case 'OverflowError':
      return 'overflow';
    case 'TypeError':
    case 'ValueError':
      return 'value';
    case 'UnboundLocalError':
    case 'NameError':
      return 'unbound';
    default:
      return exc;
  }
}

const MESSAGE_KINDS = new Set(['const', 'format', 'object']);

function isNode(x: unknown): x is { kind: string } {
  return !!x && typeof x === 'object' && typeof (x as { kind?: unknown }).kind === 'string';
}
function isExpr(x: unknown): x is Expr {
  return isNode(x) && 'type' in x;
}
function isStmt(x: unknown): x is Stmt {
  return isNode(x) && !('type' in x);
}
/** The expressions of a Message (format args, object value). */
function messageExprs(m: unknown): Expr[] {
  if (!isNode(m) || !MESSAGE_KINDS.has(m.kind)) return [];
  const mm = m as { args?: unknown[]; value?: unknown };
  return [...(mm.args ?? []).filter(isExpr), ...(isExpr(mm.value) ? [mm.value] : [])];
}

/** Sub-expressions of an expression (every Expr-valued field, so new IR nodes are covered). */
function children(e: Expr): Expr[] {
  const out: Expr[] = [];
  for (const [k, v] of Object.entries(e)) {
    if (k === 'type' || k === 'loc') continue;
    if (k === 'msg') out.push(...messageExprs(v));
    else if (isExpr(v)) out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (isExpr(x)) out.push(x);
  }
  return out;
}

/** The expressions a statement evaluates itself (its nested statement lists are separate). */
function ownExprs(s: Stmt): Expr[] {
  const out: Expr[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (k === 'loc') continue;
    if (k === 'msg') out.push(...messageExprs(v));
    else if (k === 'handlers' && Array.isArray(v)) for (const h of v as { types: Expr[] | null }[]) out.push(...(h.types ?? []));
    else if (isExpr(v)) out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (isExpr(x)) out.push(x);
  }
  return out;
}

/** The statement lists nested in a statement (bodies, branches, handlers). */
function nested(s: Stmt): Stmt[][] {
  const out: Stmt[][] = [];
  for (const [k, v] of Object.entries(s)) {
    if (k === 'handlers' && Array.isArray(v)) for (const h of v as { body: Stmt[] }[]) out.push(h.body);
    else if (Array.isArray(v) && v.length && v.every(isStmt)) out.push(v as Stmt[]);
  }
  return out;
}

/** The statement alone (nested statement lists emptied), for printing. */
function shallow(s: Stmt): Stmt {
  const c: Record<string, unknown> = { ...s };
  for (const [k, v] of Object.entries(s)) {
    if (k === 'handlers' && Array.isArray(v)) c[k] = (v as object[]).map((h) => ({ ...h, body: [] }));
    else if (Array.isArray(v) && v.length && v.every(isStmt)) c[k] = [];
  }
  return c as unknown as Stmt;
}

function printStmt(f: IRFunction, s: Stmt): string {
  const text = printFunction({ ...f, params: [], body: [shallow(s)] });
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/^ {2}/, ''))
    .join('\n');
}

function signature(f: IRFunction): string {
  const ps = f.params.map((p) => `${p.star}${p.type.k === 'object' && p.type.py === null ? '' : typeName(p.type) + ' '}${p.name}`);
  return `${f.flavor} ${f.pyName}(${ps.join(', ')})${f.ret.k === 'void' ? '' : ' -> ' + (f.ret.k === 'object' && f.ret.py === null ? 'object' : typeName(f.ret))}`;
}

/** LLVM function texts by IR function name (`fn` bodies and their N-API wrappers). */
export function splitLLVM(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.startsWith('define ')) continue;
    const m = /@"?cpx_[A-Za-z0-9]+\.(fn|napi)\.([^"(]+)"?\(/.exec(l);
    let j = i;
    while (j < lines.length && lines[j] !== '}') j++;
    if (m) {
      const name = m[2]!;
      const body = lines.slice(i, j + 1).join('\n');
      const prev = out.get(name);
      const labeled = m[1] === 'napi' ? `; N-API wrapper (argument conversion)\n${body}` : body;
      out.set(name, prev ? (m[1] === 'napi' ? `${prev}\n\n${labeled}` : `${labeled}\n\n${prev}`) : labeled);
    }
    i = j;
  }
  return out;
}

export interface AnnotateOptions {
  /** LLVM IR text of the module (emitLLVM), or null when not available. */
  llvm?: string | null;
  llvmError?: string | null;
}

export function analyze(ir: ModuleIR, source: string, opts: AnnotateOptions = {}): AnnotateReport {
  const nLines = source.split(/\r\n|\r|\n/).length;
  const lines: LineReport[] = Array.from({ length: nLines }, (_, i) => ({
    line: i + 1, kind: 'none', score: 0, fns: [], pyOps: 0, checks: {}, ir: [], notes: [],
  }));
  const at = (n: number): LineReport | null => lines[n - 1] ?? null;
  const llvm = opts.llvm ? splitLLVM(opts.llvm) : new Map<string, string>();
  const rank: Record<LineKind, number> = { none: 0, c: 1, checked: 2, boundary: 2, generic: 3 };
  const bump = (r: LineReport, kind: LineKind, score: number) => {
    if (rank[kind] > rank[r.kind]) r.kind = kind;
    r.score = Math.min(1, Math.max(r.score, score));
  };
  const functions: FunctionReport[] = [];
  const all = [...ir.functions, ir.init];
  for (const f of all) {
    const generic = f.tier === 'generic';
    const isInit = f.flavor === 'init';
    if (!isInit) {
      functions.push({
        name: f.name, pyName: f.pyName, flavor: f.flavor, tier: f.tier, reason: f.genericReason ?? null,
        line: f.loc.line, signature: signature(f), llvm: llvm.get(f.name) ?? null,
      });
      const def = at(f.loc.line);
      if (def) {
        if (!def.fns.includes(f.pyName)) def.fns.push(f.pyName);
        def.notes.push(
          generic
            ? `${f.pyName}() runs as generic code (Python semantics on JS values): ${f.genericReason ?? 'generic'}`
            : `${f.pyName}() is compiled to native code${f.exported ? '; calls from JS go through an N-API wrapper that converts the arguments' : ''}`,
        );
        if (generic) bump(def, 'generic', 0.6);
        else if (f.exported) bump(def, 'boundary', Math.min(0.25, 0.08 + 0.02 * f.params.length));
        else bump(def, 'c', 0);
      }
    }
    const visit = (ss: Stmt[], inherited: number) => {
      for (const s of ss) {
        const ln = s.loc?.line ?? inherited;
        const r = at(ln);
        let py = 0;
        const checks: Record<string, number> = {};
        const stack = [...ownExprs(s)];
        while (stack.length) {
          const e = stack.pop()!;
          if (PY_KINDS.has(e.kind)) py++;
          if (e.kind === 'check') {
            const k = checkKind(e.exc);
            checks[k] = (checks[k] ?? 0) + 1;
          }
          stack.push(...children(e));
        }
        if (s.kind === 'raise' && !generic) checks['raise'] = (checks['raise'] ?? 0) + 1;
        if (r) {
          if (!r.fns.includes(f.pyName) && !isInit) r.fns.push(f.pyName);
          r.pyOps += py;
          for (const [k, v] of Object.entries(checks)) r.checks[k] = (r.checks[k] ?? 0) + v;
          const text = printStmt(f, s);
          if (text.trim()) r.ir.push(text);
          const nChecks = Object.values(checks).reduce((a, b) => a + b, 0);
          if (generic || isInit) bump(r, 'generic', 0.55 + 0.08 * py);
          else if (nChecks) bump(r, 'checked', Math.min(0.35, 0.12 + 0.06 * nChecks));
          else bump(r, 'c', 0);
        }
        for (const list of nested(s)) visit(list, ln);
      }
    };
    visit(f.body, f.loc.line);
  }
  for (const r of lines) {
    const f = functions.find((x) => x.line === r.line);
    if (f && r.kind === 'c' && !r.ir.length) r.notes.push('pure C');
  }
  return { file: ir.file, source, lines, functions, llvmError: opts.llvmError ?? null };
}

// ---------------------------------------------------------------- HTML
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Background color for a score (0 white … 1 dark yellow), like cython -a. */
export function shade(score: number): string {
  if (score <= 0) return '#ffffff';
  const light = Math.round(100 - 48 * Math.min(1, score));
  return `hsl(50, 100%, ${light}%)`;
}

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid #e4e4e4; }
h1 { font-size: 18px; margin: 0 0 4px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.meta { color: #666; margin: 0 0 8px; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border: 1px solid #ddd; border-radius: 3px; font-size: 12px; }
table.fns { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
table.fns td, table.fns th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
table.fns th { color: #666; font-weight: 600; }
.tier-native { color: #0a7d32; font-weight: 600; }
.tier-generic { color: #a15c00; font-weight: 600; }
main { padding: 12px 24px 48px; }
#code { background: #fff; border: 1px solid #e4e4e4; border-radius: 4px; overflow: hidden; }
.line { display: flex; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; }
.line.code { cursor: pointer; }
.line.code:hover { outline: 1px solid #c9a400; outline-offset: -1px; }
.line .ln { width: 4em; flex: none; text-align: right; padding-right: 8px; color: #999; user-select: none; }
.line .mark { width: 1.2em; flex: none; color: #888; user-select: none; }
.line .src { flex: 1; padding-right: 12px; }
.detail { margin: 0 0 0 5.2em; border-left: 3px solid #c9a400; background: #fbfbf5; padding: 6px 12px; font-size: 12.5px; }
.detail pre { margin: 4px 0; white-space: pre-wrap; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.detail .note { color: #555; margin: 2px 0; }
.detail .checks { color: #8a5a00; }
.detail details summary { cursor: pointer; color: #0b57d0; }
.detail pre.llvm { background: #f3f3f8; padding: 6px; max-height: 28em; overflow: auto; white-space: pre; }
`;

const SCRIPT = `
(function () {
  var llvm = JSON.parse(document.getElementById('llvm-data').textContent);
  function toggle(row) {
    var d = document.getElementById('D' + row.dataset.line);
    if (!d) return;
    var open = d.hidden;
    d.hidden = !open;
    row.setAttribute('aria-expanded', String(open));
    row.querySelector('.mark').textContent = open ? '−' : '+';
  }
  document.querySelectorAll('.line.code').forEach(function (row) {
    row.addEventListener('click', function () { toggle(row); });
    row.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(row); } });
  });
  document.querySelectorAll('details[data-fn]').forEach(function (el) {
    el.addEventListener('toggle', function () {
      var pre = el.querySelector('pre');
      if (el.open && !pre.textContent) pre.textContent = llvm[el.dataset.fn] || '(no LLVM IR)';
    });
  });
  var all = document.getElementById('expand-all');
  if (all) all.addEventListener('click', function (e) {
    e.preventDefault();
    var rows = document.querySelectorAll('.line.code');
    var anyClosed = Array.prototype.some.call(rows, function (r) { return r.getAttribute('aria-expanded') !== 'true'; });
    rows.forEach(function (r) { if ((r.getAttribute('aria-expanded') === 'true') !== anyClosed) toggle(r); });
  });
})();
`;

export interface HtmlOptions {
  title?: string;
  version?: string;
  backend?: string;
}

export function renderHtml(rep: AnnotateReport, opts: HtmlOptions = {}): string {
  const name = opts.title ?? rep.file.split(/[\\/]/).pop() ?? rep.file;
  const srcLines = rep.source.split(/\r\n|\r|\n/);
  const nat = rep.functions.filter((f) => f.tier === 'native').length;
  const gen = rep.functions.filter((f) => f.tier === 'generic').length;
  const fnOfLine = new Map<number, FunctionReport>();
  // the function a line belongs to: the nearest def at or above it (for the LLVM link)
  const sortedFns = [...rep.functions].sort((a, b) => a.line - b.line);
  const llvmData: Record<string, string> = {};
  for (const f of rep.functions) if (f.llvm) llvmData[f.name] = f.llvm;
  const rows: string[] = [];
  for (const r of rep.lines) {
    const text = srcLines[r.line - 1] ?? '';
    const hasCode = r.ir.length > 0 || r.notes.length > 0;
    const owner = sortedFns.filter((f) => f.line <= r.line && r.fns.includes(f.pyName)).pop() ?? null;
    if (owner) fnOfLine.set(r.line, owner);
    const style = r.score > 0 ? ` style="background:${shade(r.score)}"` : '';
    const attrs = hasCode
      ? ` class="line code" id="L${r.line}" data-line="${r.line}" data-kind="${r.kind}" data-score="${r.score.toFixed(2)}" tabindex="0" role="button" aria-expanded="false"`
      : ` class="line" id="L${r.line}" data-line="${r.line}" data-kind="${r.kind}" data-score="0.00"`;
    rows.push(`<div${attrs}${style}><span class="ln">${r.line}</span><span class="mark">${hasCode ? '+' : ''}</span><span class="src">${esc(text) || ' '}</span></div>`);
    if (!hasCode) continue;
    const parts: string[] = [];
    for (const n of r.notes) parts.push(`<p class="note">${esc(n)}</p>`);
    const checks = Object.entries(r.checks);
    if (checks.length) parts.push(`<p class="note checks">runtime checks: ${esc(checks.map(([k, v]) => `${k} ×${v}`).join(', '))}</p>`);
    if (r.pyOps) parts.push(`<p class="note checks">object operations: ${r.pyOps}</p>`);
    if (r.ir.length) parts.push(`<pre class="ir">${esc(r.ir.join('\n'))}</pre>`);
    if (owner && owner.tier === 'native' && owner.llvm) {
      parts.push(`<details data-fn="${esc(owner.name)}"${owner.line === r.line ? ' open' : ''}><summary>LLVM IR of ${esc(owner.pyName)}()</summary><pre class="llvm">${owner.line === r.line ? esc(owner.llvm) : ''}</pre></details>`);
    }
    rows.push(`<div class="detail" id="D${r.line}" hidden>${parts.join('')}</div>`);
  }
  const fnRows = rep.functions
    .filter((f) => f.flavor !== 'lambda')
    .map(
      (f) =>
        `<tr><td><a href="#L${f.line}">${esc(f.pyName)}</a></td><td class="tier-${f.tier}">${f.tier}</td><td><code>${esc(f.signature)}</code></td><td>${esc(f.reason ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cypyx annotate: ${esc(name)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(name)}</h1>
<p class="meta">Generated by cypyx${opts.version ? ' ' + esc(opts.version) : ''}${opts.backend ? ` · back end ${esc(opts.backend)}` : ''} · ${nat} native function${nat === 1 ? '' : 's'}, ${gen} generic · ${esc(rep.file)}</p>
<p class="legend"><span style="background:${shade(0.9)}">generic code (Python semantics)</span><span style="background:${shade(0.25)}">native with runtime checks / JS boundary</span><span style="background:#fff">pure C</span> Click a line to see its IR${rep.llvmError ? '' : ' and LLVM IR'}. <a href="#" id="expand-all">expand / collapse all</a></p>
${rep.llvmError ? `<p class="meta">LLVM IR unavailable: ${esc(rep.llvmError)}</p>` : ''}
<table class="fns"><tr><th>function</th><th>tier</th><th>signature</th><th>why generic</th></tr>
${fnRows}
</table>
</header>
<main>
<div id="code">
${rows.join('\n')}
</div>
</main>
<script type="application/json" id="llvm-data">${JSON.stringify(llvmData).replace(/</g, '\\u003c')}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** Compiles `file` through the front end (and the LLVM emitter) and renders the page. */
export async function annotateFile(
  file: string,
  source: string,
  readFile: (p: string) => string | null,
  opts: HtmlOptions = {},
): Promise<{ html: string; report: AnnotateReport }> {
  const { frontEnd } = await import('../compile/index.js');
  const { ir } = frontEnd(file, source, { readFile, backend: 'native' });
  let llvm: string | null = null;
  let llvmError: string | null = null;
  if (ir.functions.some((f) => f.tier === 'native')) {
    try {
      const { emitLLVM } = await import('../compile/llvm/index.js');
      llvm = emitLLVM(ir, { hash8: 'annotate' }).text;
    } catch (e) {
      llvmError = e instanceof Error ? e.message : String(e);
    }
  }
  const report = analyze(ir, source, { llvm, llvmError });
  return { html: renderHtml(report, { backend: 'native', ...opts }), report };
}
