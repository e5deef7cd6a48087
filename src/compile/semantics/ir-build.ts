// Small constructors for IR nodes, so that lowering code reads like the IR it makes.
import type { CmpOpName, Expr, IntBinOp, LocalId, Message, MathFn, Stmt } from '../ir/ir.js';
import type { ScalarType, Type } from '../ir/types.js';
import { T } from '../ir/types.js';

export type ConstExpr = Extract<Expr, { kind: 'const' }>;

export const ir = {
  const(value: number | bigint | boolean | string | null, type: Type): ConstExpr {
    return { kind: 'const', value, type };
  },
  i64(v: number | bigint): ConstExpr {
    return { kind: 'const', value: BigInt(v), type: T.ssize };
  },
  f64(v: number): ConstExpr {
    return { kind: 'const', value: v, type: T.double };
  },
  bool(v: boolean): ConstExpr {
    return { kind: 'const', value: v, type: T.bool };
  },
  local(id: LocalId, type: Type): Expr {
    return { kind: 'local', id, type };
  },
  bin(op: IntBinOp, a: Expr, b: Expr, type: Type = a.type): Expr {
    return { kind: 'bin', op, a, b, type };
  },
  cmp(op: CmpOpName, a: Expr, b: Expr): Expr {
    return { kind: 'cmp', op, a, b, type: T.bool };
  },
  cast(a: Expr, type: Type): Expr {
    return { kind: 'cast', a, type };
  },
  neg(a: Expr): Expr {
    return { kind: 'neg', a, type: a.type };
  },
  not(a: Expr): Expr {
    return { kind: 'not', a, type: T.bool };
  },
  and(a: Expr, b: Expr): Expr {
    return { kind: 'and', a, b, type: T.bool };
  },
  or(a: Expr, b: Expr): Expr {
    return { kind: 'or', a, b, type: T.bool };
  },
  cond(cond: Expr, a: Expr, b: Expr, type: Type = a.type): Expr {
    return { kind: 'cond', cond, a, b, type };
  },
  letIn(id: LocalId, value: Expr, body: Expr): Expr {
    return { kind: 'letIn', id, value, body, type: body.type };
  },
  check(ok: Expr, exc: string, msg: Message, value: Expr): Expr {
    return { kind: 'check', ok, exc, msg, value, type: value.type };
  },
  math(fn: MathFn, args: Expr[], type: ScalarType = T.double): Expr {
    return { kind: 'math', fn, args, type };
  },
  py(op: string, args: Expr[], type: Type = T.object): Expr {
    return { kind: 'py', op, args, type };
  },
  set(id: LocalId, value: Expr): Stmt {
    return { kind: 'set', id, value };
  },
  if(cond: Expr, then: Stmt[], els: Stmt[] = []): Stmt {
    return { kind: 'if', cond, then, else: els };
  },
  raise(exc: string, text: string): Stmt {
    return { kind: 'raise', exc, msg: { kind: 'const', text } };
  },
};

/** True when evaluating the expression twice is free and has no effects. */
export function isTrivial(e: Expr): boolean {
  return e.kind === 'const' || e.kind === 'local' || e.kind === 'mvNone';
}

/** Constant value of an integer IR constant, if it is one. */
export function constInt(e: Expr): bigint | null {
  if (e.kind !== 'const') return null;
  if (typeof e.value === 'bigint') return e.value;
  if (typeof e.value === 'number' && Number.isInteger(e.value) && e.type.k === 'int') return BigInt(e.value);
  return null;
}
