// Self-recursion in wasm code (what LLVM does for the native back end and binaryen
// does not): tail calls of a function to itself become a loop, also the common
// "accumulator" form `return X op f(args)` for a wrapping integer op (the result is
// `acc op X op f(args)`, and + * & | ^ on integers mod 2^n associate), and a function
// left with one other call to itself gets a copy to call there, which binaryen's
// inliner then inlines into it (one level of unrolling, as LLVM and gcc do). V8 gives
// every wasm call a stack check and a frame: for `fib` that is most of the time.
import type { Expr, IntBinOp, IRFunction, Stmt } from '../ir/ir.js';
import type { Type } from '../ir/types.js';

/** A tail call `return f(args)` or `return X op f(args)` of the function to itself. */
export interface TailCall {
  /** the combining op, null for a plain tail call */
  op: AccOp | null;
  /** X (evaluated first), for an op */
  x: Expr | null;
  args: Expr[];
}

export type AccOp = Extract<IntBinOp, 'add' | 'mul' | 'and' | 'or' | 'xor'>;
const ACC_OPS = new Set<string>(['add', 'mul', 'and', 'or', 'xor']);

export interface TailRec {
  /** the op every accumulating tail call uses (null: only plain tail calls) */
  op: AccOp | null;
  /** the tail calls, by their `return` statement */
  calls: Map<Stmt, TailCall>;
  /** calls to itself that stay calls (not in tail position) */
  otherSelfCalls: number;
  /** IR nodes in the body (a size measure) */
  size: number;
}

const sameType = (a: Type, b: Type): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The tail calls of `f` to itself that can become a loop, or null when there are none
 * or the function does not qualify: scalar parameters only (no memoryviews, no memory
 * locals: `hasFrame`), arguments of exactly the parameter types, and one combining op.
 */
export function tailRecursion(f: IRFunction, hasFrame: boolean): TailRec | null {
  if (hasFrame) return null;
  if (!f.params.every((p) => p.type.k === 'int' || p.type.k === 'float' || p.type.k === 'bool')) return null;
  const calls = new Map<Stmt, TailCall>();
  let op: AccOp | null = null;
  let ok = true;
  const isSelf = (e: Expr | null): e is Extract<Expr, { kind: 'call' }> =>
    !!e && e.kind === 'call' && e.fn === f.name && e.args.length === f.params.length && e.args.every((a, k) => sameType(a.type, f.params[k]!.type));
  const visit = (list: Stmt[]): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'if':
          visit(s.then);
          visit(s.else);
          break;
        case 'loop':
          visit(s.body);
          visit(s.update);
          break;
        case 'block':
          visit(s.body);
          break;
        case 'return': {
          const v = s.value;
          if (isSelf(v)) calls.set(s, { op: null, x: null, args: v.args });
          else if (v && v.kind === 'bin' && ACC_OPS.has(v.op) && v.type.k === 'int' && sameType(v.type, f.ret) && isSelf(v.b) && sameType(v.b.type, f.ret)) {
            const o = v.op as AccOp;
            if (op !== null && op !== o) ok = false;
            op = o;
            calls.set(s, { op: o, x: v.a, args: v.b.args });
          }
          break;
        }
        default:
          break;
      }
    }
  };
  visit(f.body);
  if (!ok || calls.size === 0) return null;
  const info = selfCallInfo(f);
  return { op, calls, otherSelfCalls: info.calls - calls.size, size: info.size };
}

/**
 * Whether `f` (with its tail calls `tr`, possibly null) should get a copy for its one
 * remaining call to itself: then binaryen inlines the copy there (a function with one
 * caller is always inlined), unrolling the recursion once. Small functions only: the
 * copy doubles their code.
 */
export function unrollsOnce(f: IRFunction, tr: TailRec | null, hasFrame: boolean): boolean {
  if (hasFrame) return false;
  const info = tr ? { calls: tr.otherSelfCalls, size: tr.size } : selfCallInfo(f);
  return info.calls === 1 && info.size <= 120;
}

/** Calls of `f` to itself, and the IR nodes of its body. */
function selfCallInfo(f: IRFunction): { calls: number; size: number } {
  let calls = 0;
  let size = 0;
  const seen = new Set<object>();
  const count = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (const y of x) count(y);
      return;
    }
    const node = x as { kind?: unknown; fn?: unknown };
    if (typeof node.kind === 'string') {
      size++;
      if (node.kind === 'call' && node.fn === f.name) calls++;
    }
    for (const [k, v] of Object.entries(x)) if (k !== 'type' && k !== 'loc') count(v);
  };
  count(f.body);
  return { calls, size };
}

/** Expression kinds a pure function may contain (no memory, globals, errors or other calls). */
const PURE_EXPRS = new Set(['const', 'local', 'bin', 'neg', 'bitnot', 'not', 'cmp', 'cast', 'and', 'or', 'cond', 'letIn', 'call', 'math']);
const PURE_STMTS = new Set(['set', 'expr', 'if', 'loop', 'block', 'break', 'continue', 'return']);

/**
 * Whether `f` is a pure function of its scalar arguments that calls itself at least twice
 * (`fib(n - 1) + fib(n - 2)`): its result depends on nothing but the arguments and it
 * has no effect (no memory, no globals, no exceptions, no calls but to itself, no libc).
 * Such a function gets each of its calls to itself expanded once in place, and a call
 * with the same arguments as one already made in the same activation reuses that result
 * (the merging of repeated pure calls that LLVM's GVN does for the native back end, after
 * the same one-level inlining): fib(n-1) expands to fib(n-2) + fib(n-3), and the
 * following fib(n-2) is then known.
 */
export function memoizable(f: IRFunction, hasFrame: boolean): boolean {
  if (hasFrame || f.mayRaise || f.ret.k === 'void') return false;
  if (f.ret.k !== 'int' && f.ret.k !== 'float' && f.ret.k !== 'bool') return false;
  if (!f.params.every((p) => p.type.k === 'int' || p.type.k === 'float' || p.type.k === 'bool')) return false;
  if (!f.locals.every((l) => (l.type.k === 'int' || l.type.k === 'float' || l.type.k === 'bool') && !l.addressed)) return false;
  let pure = true;
  let selfCalls = 0;
  let size = 0;
  const expr = (e: Expr | null): void => {
    if (!pure || !e) return;
    size++;
    if (!PURE_EXPRS.has(e.kind)) {
      pure = false;
      return;
    }
    switch (e.kind) {
      case 'bin':
      case 'cmp':
      case 'and':
      case 'or':
        expr(e.a);
        expr(e.b);
        return;
      case 'neg':
      case 'bitnot':
      case 'not':
      case 'cast':
        expr(e.a);
        return;
      case 'cond':
        expr(e.cond);
        expr(e.a);
        expr(e.b);
        return;
      case 'letIn':
        expr(e.value);
        expr(e.body);
        return;
      case 'call':
        if (e.fn !== f.name) pure = false;
        else selfCalls++;
        e.args.forEach(expr);
        return;
      case 'math':
        e.args.forEach(expr);
        return;
      default:
        return;
    }
  };
  const stmts = (list: Stmt[]): void => {
    for (const s of list) {
      if (!pure) return;
      if (!PURE_STMTS.has(s.kind)) {
        pure = false;
        return;
      }
      switch (s.kind) {
        case 'set':
        case 'expr':
          expr(s.value);
          break;
        case 'return':
          expr(s.value);
          break;
        case 'if':
          expr(s.cond);
          stmts(s.then);
          stmts(s.else);
          break;
        case 'loop':
          stmts(s.body);
          stmts(s.update);
          break;
        case 'block':
          stmts(s.body);
          break;
        default:
          break;
      }
    }
  };
  stmts(f.body);
  return pure && selfCalls >= 2 && selfCalls <= 4 && size <= 80;
}
