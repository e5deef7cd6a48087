// Decides which back end runs each function (its tier) and which functions may
// raise. A function runs native when everything in it is C-level: scalars and
// memoryviews, calls to other native functions, and raises whose message a
// native back end can produce. Everything else runs as generic JS (SPEC §8).
import type { Expr, IRFunction, ModuleIR, Stmt } from './ir.js';
import type { Type } from './types.js';
import { holdsPointers, isAggregate, isCData } from './layout.js';

/**
 * Which C data native code may hold (set per classify() call): 'all' (LLVM); 'subset'
 * (wasm: pointers, memory locals, loads and stores, malloc/free, memcpy/memset — but
 * no struct / array / ctuple values except whole copies between memory, no calls
 * through function pointers, no pointers in exported signatures); 'none'.
 */
let cdataMode: 'all' | 'subset' | 'none' = 'all';
let cdataNative = true;
/** libc functions the 'subset' mode compiles. */
const SUBSET_LIBC = new Set(['malloc', 'calloc', 'realloc', 'free', 'memcpy', 'memmove', 'memset']);
const AGG_VALUE = 'uses a C struct, array or ctuple as a value (this back end runs that as JS)';
/** Data globals that hold pointers: only generic code touches them (see classify). */
let pointerGlobals = new Set<string>();

const CDATA_KINDS = new Set<Expr['kind']>(['addrOf', 'globalAddr', 'load', 'ptrAdd', 'fieldAddr', 'mvAddr', 'fnRef', 'callPtr', 'libc', 'ptrView']);

/** `where`: 'sig' for parameters and results, 'local' for variables and values. */
function typeIsNative(t: Type, allowMemview: boolean, where: 'sig' | 'local' = 'local'): boolean {
  if (t.k === 'int' || t.k === 'float' || t.k === 'bool' || t.k === 'void' || (allowMemview && t.k === 'memview')) return true;
  if (cdataMode === 'subset' && where === 'sig') return t.k === 'ptr';
  return cdataNative && isCData(t);
}

/** A function whose parameters or result hold C pointers: its callers must run on its tier. */
function exchangesPointers(f: IRFunction): boolean {
  return holdsPointers(f.ret) || f.params.some((p) => holdsPointers(p.type));
}

/** Why an expression keeps its function generic, or null when it is C-level. */
function exprBlocker(e: Expr, calls: Set<string>): string | null {
  switch (e.kind) {
    case 'py':
      return `uses Python object operation '${e.op}'`;
    case 'box':
    case 'unbox':
      return 'converts between C values and Python objects';
    case 'pyGlobal':
      return `uses the Python name '${e.name}'`;
    case 'closure':
      return 'creates a closure';
    case 'fnRef':
      if (!cdataNative) return 'uses C data, which this back end runs as JS';
      return null; // a function number: the function itself may run on either tier
    case 'globalAddr':
      if (!cdataNative) return 'uses C data, which this back end runs as JS';
      if (pointerGlobals.has(e.name)) return `uses the module global '${e.name}', which holds C pointers`;
      return null;
    case 'const':
      if (cdataMode === 'subset' && isAggregate(e.type)) return AGG_VALUE;
      if (!typeIsNative(e.type, true) && !(e.type.k === 'object' && false)) return 'uses a Python constant';
      return null;
    case 'call':
      calls.add(e.fn);
      for (const a of e.args) {
        const b = exprBlocker(a, calls);
        if (b) return b;
      }
      return null;
    case 'check':
      if (e.msg.kind === 'object') return 'raises with a Python object message';
      return exprBlocker(e.ok, calls) ?? exprBlocker(e.value, calls) ?? (e.msg.kind === 'format' ? firstBlocker(e.msg.args, calls) : null);
    default: {
      if (!cdataNative && CDATA_KINDS.has(e.kind)) return 'uses C data, which this back end runs as JS';
      if (cdataMode === 'subset') {
        if (isAggregate(e.type)) return AGG_VALUE;
        if (e.kind === 'callPtr') return 'calls through a function pointer (this back end runs that as JS)';
        if (e.kind === 'libc' && !SUBSET_LIBC.has(e.fn)) return `uses ${e.fn}() (this back end runs that as JS)`;
      }
      for (const child of children(e)) {
        const b = exprBlocker(child, calls);
        if (b) return b;
      }
      if (!typeIsNative(e.type, true)) return 'holds a Python object';
      return null;
    }
  }
}

function firstBlocker(es: Expr[], calls: Set<string>): string | null {
  for (const e of es) {
    const b = exprBlocker(e, calls);
    if (b) return b;
  }
  return null;
}

export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'bin':
    case 'cmp':
    case 'and':
    case 'or':
      return [e.a, e.b];
    case 'neg':
    case 'bitnot':
    case 'not':
    case 'cast':
    case 'box':
    case 'unbox':
      return [e.a];
    case 'cond':
      return [e.cond, e.a, e.b];
    case 'letIn':
      return [e.value, e.body];
    case 'check':
      return [e.ok, e.value, ...(e.msg.kind === 'format' ? e.msg.args : e.msg.kind === 'object' ? [e.msg.value] : [])];
    case 'call':
    case 'math':
    case 'py':
      return e.args;
    case 'mvShape':
    case 'mvStride':
    case 'mvIsNone':
      return [e.view];
    case 'mvLoad':
      return [e.view, e.offset];
    case 'mvMake':
      return [e.base, e.offset, ...e.shape, ...e.strides];
    case 'load':
    case 'fieldAddr':
      return [e.ptr];
    case 'ptrAdd':
      return [e.ptr, e.index];
    case 'mvAddr':
      return [e.view, e.offset];
    case 'ptrView':
      return [e.ptr, ...e.shape];
    case 'callPtr':
      return [e.fn, ...e.args];
    case 'libc':
      return e.args;
    default:
      return [];
  }
}

function stmtBlocker(s: Stmt, calls: Set<string>): string | null {
  switch (s.kind) {
    case 'set':
      // a whole struct / array copy between memory is C-level on every back end
      if (cdataMode === 'subset' && isAggregate(s.value.type) && (s.value.kind === 'local' || s.value.kind === 'load' || s.value.kind === 'const')) {
        return s.value.kind === 'load' ? exprBlocker(s.value.ptr, calls) : null;
      }
      return exprBlocker(s.value, calls);
    case 'setGlobal':
    case 'expr':
      return exprBlocker(s.value, calls);
    case 'setPyGlobal':
      return 'assigns a Python global';
    case 'mvStore':
      return exprBlocker(s.view, calls) ?? exprBlocker(s.offset, calls) ?? exprBlocker(s.value, calls);
    case 'store':
      if (!cdataNative) return 'uses C data, which this back end runs as JS';
      if (cdataMode === 'subset' && isAggregate(s.value.type) && (s.value.kind === 'local' || s.value.kind === 'load' || s.value.kind === 'const')) {
        return exprBlocker(s.ptr, calls) ?? (s.value.kind === 'load' ? exprBlocker(s.value.ptr, calls) : null);
      }
      return exprBlocker(s.ptr, calls) ?? exprBlocker(s.value, calls);
    case 'if':
      return exprBlocker(s.cond, calls) ?? blockBlocker(s.then, calls) ?? blockBlocker(s.else, calls);
    case 'loop':
      return blockBlocker(s.body, calls) ?? blockBlocker(s.update, calls);
    case 'block':
      return blockBlocker(s.body, calls);
    case 'return':
      return s.value ? exprBlocker(s.value, calls) : null;
    case 'raise':
      if (s.msg.kind === 'object') return 'raises with a Python object message';
      return s.msg.kind === 'format' ? firstBlocker(s.msg.args, calls) : null;
    case 'break':
    case 'continue':
      return null;
    case 'reraise':
    case 'pyRaise':
      return 'raises a Python exception object';
    case 'try':
      return 'uses try/except';
    case 'print':
      return 'prints';
  }
}

function blockBlocker(stmts: Stmt[], calls: Set<string>): string | null {
  for (const s of stmts) {
    const b = stmtBlocker(s, calls);
    if (b) return b;
  }
  return null;
}

/** The module functions a body calls directly (`call` nodes). */
function directCalls(stmts: Stmt[]): Set<string> {
  const out = new Set<string>();
  walkExprs(stmts, (e) => {
    if (e.kind === 'call') out.add(e.fn);
  });
  return out;
}

/** Calls `visit` on every expression of a body (statements of every kind, nested expressions). */
export function walkExprs(stmts: Stmt[], visit: (e: Expr) => void): void {
  const ex = (e: Expr | null): void => {
    if (!e) return;
    visit(e);
    for (const c of children(e)) ex(c);
  };
  const st = (s: Stmt): void => {
    switch (s.kind) {
      case 'set':
      case 'setGlobal':
      case 'setPyGlobal':
      case 'expr':
        ex(s.value);
        return;
      case 'mvStore':
        ex(s.view), ex(s.offset), ex(s.value);
        return;
      case 'store':
        ex(s.ptr), ex(s.value);
        return;
      case 'if':
        ex(s.cond);
        s.then.forEach(st), s.else.forEach(st);
        return;
      case 'loop':
        s.body.forEach(st), s.update.forEach(st);
        return;
      case 'block':
        s.body.forEach(st);
        return;
      case 'return':
        ex(s.value);
        return;
      case 'raise':
        if (s.msg.kind === 'format') s.msg.args.forEach(ex);
        if (s.msg.kind === 'object') ex(s.msg.value);
        return;
      case 'pyRaise':
        ex(s.value), ex(s.cause);
        return;
      case 'try':
        s.body.forEach(st), s.orelse.forEach(st), s.finally.forEach(st);
        for (const h of s.handlers) h.types?.forEach(ex), h.body.forEach(st);
        return;
      case 'print':
        s.args.forEach(ex), ex(s.sep), ex(s.end);
        return;
      default:
        return;
    }
  };
  stmts.forEach(st);
}

/** Whether a native function body raises by itself (checks, raise statements). */
function raisesLocally(stmts: Stmt[]): boolean {
  // a call through a function pointer may reach any function whose address was taken
  const inExpr = (e: Expr): boolean => e.kind === 'check' || e.kind === 'callPtr' || (e.kind === 'libc' && e.fn === 'qsort') || children(e).some(inExpr);
  const inStmt = (s: Stmt): boolean => {
    switch (s.kind) {
      case 'raise':
      case 'reraise':
      case 'pyRaise':
        return true;
      case 'set':
      case 'setGlobal':
      case 'setPyGlobal':
      case 'expr':
        return inExpr(s.value);
      case 'mvStore':
        return inExpr(s.view) || inExpr(s.offset) || inExpr(s.value);
      case 'store':
        return inExpr(s.ptr) || inExpr(s.value);
      case 'if':
        return inExpr(s.cond) || s.then.some(inStmt) || s.else.some(inStmt);
      case 'loop':
        return s.body.some(inStmt) || s.update.some(inStmt);
      case 'block':
        return s.body.some(inStmt);
      case 'return':
        return s.value ? inExpr(s.value) : false;
      case 'break':
      case 'continue':
        return false;
      default:
        return true;
    }
  };
  return stmts.some(inStmt);
}

/**
 * Sets `tier`, `genericReason` and `mayRaise` on every function.
 * `nativeAvailable`: false for the JS-only back end (everything generic).
 */
export function classify(mod: ModuleIR, nativeAvailable: boolean, opts: { cdata?: boolean | 'subset' } = {}): void {
  cdataMode = opts.cdata === 'subset' ? 'subset' : opts.cdata === false ? 'none' : 'all';
  cdataNative = cdataMode !== 'none';
  pointerGlobals = new Set((mod.dataGlobals ?? []).filter((g) => holdsPointers(g.type)).map((g) => g.name));
  const byName = new Map(mod.functions.map((f) => [f.name, f]));
  const calls = new Map<string, Set<string>>();
  for (const f of mod.functions) {
    const c = new Set<string>();
    let reason: string | null = null;
    if (!nativeAvailable) reason = 'the JS back end runs every function';
    else if (!typeIsNative(f.ret, false, 'sig')) reason = f.ret.k === 'memview' ? 'returns a memoryview' : isCData(f.ret) ? AGG_VALUE : 'returns a Python object';
    else if (f.params.some((p) => !typeIsNative(p.type, true, 'sig'))) reason = f.params.some((p) => isCData(p.type)) ? AGG_VALUE : 'takes a Python object';
    else if (f.locals.some((l) => !typeIsNative(l.type, true))) reason = 'has a Python object variable';
    else reason = blockBlocker(f.body, c);
    calls.set(f.name, c);
    f.tier = reason ? 'generic' : 'native';
    f.genericReason = reason ?? undefined;
  }
  // A native function that calls a generic one becomes generic; a native function that
  // exchanges C pointers with a generic caller becomes generic too, since pointers never
  // cross between tiers (fixpoint).
  const direct = new Map([...mod.functions, mod.init].map((f) => [f.name, directCalls(f.body)]));
  // every function whose address is taken: native code calls through a function pointer
  // only when all of them run native
  const addressTaken = new Set<string>();
  const usesCallPtr = new Set<string>();
  for (const f of [...mod.functions, mod.init]) {
    walkExprs(f.body, (e) => {
      if (e.kind === 'fnRef') addressTaken.add(e.fn);
      else if (e.kind === 'callPtr' || (e.kind === 'libc' && e.fn === 'qsort')) usesCallPtr.add(f.name);
    });
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const f of [...mod.functions, mod.init]) {
      if (f.tier === 'native' && f !== mod.init) continue;
      for (const callee of direct.get(f.name)!) {
        const g = byName.get(callee);
        if (g && g.tier === 'native' && exchangesPointers(g)) {
          g.tier = 'generic';
          g.genericReason = `exchanges C pointers with '${f.pyName}', which runs as generic code`;
          changed = true;
        }
      }
    }
    const genericTarget = [...addressTaken].map((n) => byName.get(n)).find((g) => !g || g.tier !== 'native');
    for (const f of mod.functions) {
      if (f.tier !== 'native' || !genericTarget || !usesCallPtr.has(f.name)) continue;
      f.tier = 'generic';
      f.genericReason = `calls through a function pointer, and '${genericTarget.pyName}' (whose address is taken) runs as generic code`;
      changed = true;
    }
    for (const f of mod.functions) {
      if (f.tier !== 'native') continue;
      for (const callee of calls.get(f.name)!) {
        const g = byName.get(callee);
        if (!g || g.tier !== 'native') {
          f.tier = 'generic';
          f.genericReason = `calls '${g?.pyName ?? callee}', which runs as generic code`;
          changed = true;
          break;
        }
      }
    }
  }
  // mayRaise: generic functions always may; native ones when they check/raise or call one that may
  for (const f of mod.functions) f.mayRaise = !f.swallowErrors && (f.tier === 'generic' || raisesLocally(f.body));
  changed = true;
  while (changed) {
    changed = false;
    for (const f of mod.functions) {
      if (f.mayRaise || f.swallowErrors) continue;
      if ([...calls.get(f.name)!].some((c) => byName.get(c)?.mayRaise)) {
        f.mayRaise = true;
        changed = true;
      }
    }
  }
  // reportsUnraisable: a native function that may swallow an exception, itself or in a callee
  for (const f of mod.functions) f.reportsUnraisable = f.tier === 'native' && f.swallowErrors === true;
  changed = true;
  while (changed) {
    changed = false;
    for (const f of mod.functions) {
      if (f.reportsUnraisable || f.tier !== 'native') continue;
      if ([...calls.get(f.name)!].some((c) => byName.get(c)?.reportsUnraisable)) {
        f.reportsUnraisable = true;
        changed = true;
      }
    }
  }
  mod.init.tier = 'generic';
  mod.init.mayRaise = true;
}

export type { IRFunction };
