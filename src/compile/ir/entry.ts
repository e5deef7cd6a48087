// How JavaScript enters a module's compiled functions.
//
// jsEntryPoints: the functions JavaScript calls directly. Each needs a boundary entry (an
// N-API wrapper, a wasm export); the others are reached only from compiled code, where
// LLVM and binaryen may inline them into their callers and drop them. A helper that kept
// an unneeded wrapper would be compiled twice: once on its own and once inlined.
//
// servedFromJS: tiny straight-line scalar functions, which JavaScript calls through the JS
// tier instead. An N-API call costs ~35 ns and a wasm export call ~5 ns, while V8 inlines
// a small JS function into its caller (~1 ns); for a function with no loop and no call the
// boundary is all the cost there is. The JS tier implements the same semantics (the
// conformance suite runs on it), and only operations whose results are bit-identical in
// both tiers qualify (IEEE double/float arithmetic, ints of at most 32 bits, exactly
// rounded math functions; not exp/sin/..., whose libm and V8 results may differ in the
// last bit). Compiled callers keep calling the compiled function, and the compiled entry
// is still emitted (it is a few instructions). `# cypyx: tiny_in_js=False` turns this off.
import type { Expr, IRFunction, ModuleIR, Stmt, MathFn } from './ir.js';
import type { Type } from './types.js';
import { walkExprs, children } from './classify.js';

export function jsEntryPoints(mod: ModuleIR): Set<string> {
  const out = new Set<string>();
  for (const e of mod.exports) {
    out.add(e.fn);
    for (const s of e.dispatch?.specs ?? []) out.add(s);
    for (const l of e.ufunc?.loops ?? []) {
      out.add(l.loop);
      if (l.reduce) out.add(l.reduce);
    }
  }
  // generic-tier code (and the module's init) calls or takes native functions through
  // their JS handles
  for (const f of [...mod.functions, mod.init]) {
    if (f.tier === 'native' && f !== mod.init) continue;
    walkExprs(f.body, (e) => {
      if (e.kind === 'call' || e.kind === 'closure' || e.kind === 'fnRef') out.add(e.fn);
    });
  }
  return out;
}

/** Math functions whose results are exactly rounded (identical in C and JS). */
const EXACT_MATH = new Set<MathFn>(['sqrt', 'fabs', 'floor', 'ceil', 'trunc', 'copysign', 'fmin', 'fmax', 'fmod', 'isnan', 'isinf', 'isfinite', 'signbit']);

/** Straight-line code of more nodes than this is not "tiny": let it run compiled. */
const MAX_NODES = 64;

const EXPR_KINDS = new Set<Expr['kind']>(['const', 'local', 'bin', 'neg', 'bitnot', 'not', 'cmp', 'cast', 'and', 'or', 'cond', 'letIn', 'check', 'math']);

/** Scalars the JS tier computes as plain JS numbers. */
function cheapScalar(t: Type): boolean {
  return t.k === 'float' || t.k === 'bool' || (t.k === 'int' && t.bits <= 32);
}

export function servedFromJS(f: IRFunction, mod: ModuleIR): boolean {
  if (mod.directives['tiny_in_js'] === false) return false;
  if (f.tier !== 'native' || f.parent || f.reportsUnraisable || f.swallowErrors) return false;
  if (!(f.ret.k === 'void' || cheapScalar(f.ret))) return false;
  if (!f.params.every((p) => !p.star && cheapScalar(p.type))) return false;
  if (!f.locals.every((l) => cheapScalar(l.type))) return false;
  let nodes = 0;
  let ok = true;
  const expr = (e: Expr): void => {
    if (!ok) return;
    nodes++;
    if (!EXPR_KINDS.has(e.kind) || !cheapScalar(e.type) || (e.kind === 'math' && !EXACT_MATH.has(e.fn))) {
      ok = false;
      return;
    }
    for (const c of children(e)) expr(c);
  };
  const stmt = (s: Stmt): void => {
    if (!ok) return;
    nodes++;
    switch (s.kind) {
      case 'set':
      case 'expr':
        expr(s.value);
        return;
      case 'return':
        if (s.value) expr(s.value);
        return;
      case 'if':
        expr(s.cond);
        s.then.forEach(stmt);
        s.else.forEach(stmt);
        return;
      case 'block':
        s.body.forEach(stmt);
        return;
      case 'break':
        return;
      default:
        ok = false; // loops, stores, globals, raise, try, print, Python objects
    }
  };
  f.body.forEach(stmt);
  return ok && nodes <= MAX_NODES;
}
