// Terse construction of ModuleIR by hand, shared by the back ends' tests
// (test/llvm/helpers.ts, test/wasm/helpers.ts add compiling and loading).
import type { Expr, IRFunction, Local, Message, Param, Stmt } from '../../src/compile/ir/ir.js';
import { T } from '../../src/compile/ir/types.js';
import type { MemviewType, ScalarType, Type } from '../../src/compile/ir/types.js';

export { T };

// ---------------------------------------------------------------- expressions
export const c = (value: number | bigint | boolean, type: Type = T.int): Expr => ({ kind: 'const', type, value });
export const f = (value: number): Expr => c(value, T.double);
export const i64 = (value: number | bigint): Expr => c(BigInt(value), T.ssize);
type BinOp = Extract<Expr, { kind: 'bin' }>['op'];
export const bin = (op: BinOp, a: Expr, b: Expr): Expr => ({ kind: 'bin', op, type: a.type, a, b });
export const add = (a: Expr, b: Expr) => bin('add', a, b);
export const mul = (a: Expr, b: Expr) => bin('mul', a, b);
export const cmp = (op: Extract<Expr, { kind: 'cmp' }>['op'], a: Expr, b: Expr): Expr => ({ kind: 'cmp', op, type: T.bool, a, b });
export const not = (a: Expr): Expr => ({ kind: 'not', type: T.bool, a });
export const neg = (a: Expr): Expr => ({ kind: 'neg', type: a.type, a });
export const cast = (a: Expr, type: Type): Expr => ({ kind: 'cast', type, a });
export const cond = (c0: Expr, a: Expr, b: Expr): Expr => ({ kind: 'cond', cond: c0, a, b, type: a.type });
export const call = (fn: string, args: Expr[], type: Type): Expr => ({ kind: 'call', fn, args, type });
export const math = (fn: Extract<Expr, { kind: 'math' }>['fn'], args: Expr[], type: Type = T.double): Expr => ({ kind: 'math', fn, args, type });
export const glob = (name: string, type: ScalarType): Expr => ({ kind: 'global', name, type });
export const shape = (view: Expr, dim: number): Expr => ({ kind: 'mvShape', view, dim, type: T.ssize });
export const stride = (view: Expr, dim: number): Expr => ({ kind: 'mvStride', view, dim, type: T.ssize });
export const load = (view: Expr, offset: Expr): Expr => ({ kind: 'mvLoad', view, offset, type: (view.type as MemviewType).elem });
export const isNone = (view: Expr): Expr => ({ kind: 'mvIsNone', view, type: T.bool });
export const check = (ok: Expr, exc: string, msg: Message, value: Expr, line = 0): Expr => ({
  kind: 'check', ok, exc, msg, value, type: value.type, loc: { line, col: 1, endLine: line, endCol: 1 } as never,
});
export const mvMake = (base: Expr, offset: Expr, shp: Expr[], strides: Expr[], type: MemviewType): Expr => ({
  kind: 'mvMake', base, offset, shape: shp, strides, type,
});

// ---------------------------------------------------------------- statements
export const set = (l: Expr, value: Expr): Stmt => ({ kind: 'set', id: (l as { id: number }).id, value });
export const setGlobal = (name: string, value: Expr): Stmt => ({ kind: 'setGlobal', name, value });
export const ret = (value: Expr | null): Stmt => ({ kind: 'return', value });
export const store = (view: Expr, offset: Expr, value: Expr): Stmt => ({ kind: 'mvStore', view, offset, value });
export const iff = (c0: Expr, then: Stmt[], els: Stmt[] = []): Stmt => ({ kind: 'if', cond: c0, then, else: els });
export const brk = (label: string): Stmt => ({ kind: 'break', label });
export const cont = (label: string): Stmt => ({ kind: 'continue', label });
export const raise = (exc: string, msg: Message, line = 0): Stmt => ({ kind: 'raise', exc, msg, loc: { line, col: 1, endLine: line, endCol: 1 } as never });
export const exprS = (value: Expr): Stmt => ({ kind: 'expr', value });
let labels = 0;
/** for i in range(start, stop): body  (i and stop of one int type) */
export function forRange(i: Expr, start: Expr, stop: Expr, body: (label: string) => Stmt[]): Stmt[] {
  const label = `L${labels++}`;
  return [
    set(i, start),
    {
      kind: 'loop',
      label,
      body: [iff(not(cmp('lt', i, stop)), [brk(label)]), ...body(label)],
      update: [set(i, add(i, c(1, i.type)))],
    },
  ];
}

// ---------------------------------------------------------------- functions and modules
export class Fn {
  readonly params: Param[] = [];
  readonly locals: Local[] = [];
  body: Stmt[] = [];
  mayRaise = false;
  constructor(
    readonly name: string,
    public ret: Type = T.void,
  ) {}
  local(name: string, type: Type): Expr {
    const id = this.locals.length;
    this.locals.push({ id, name, type });
    return { kind: 'local', id, type };
  }
  param(name: string, type: Type): Expr {
    const l = this.local(name, type);
    this.params.push({ name, local: (l as { id: number }).id, type, default: null, kwOnly: false, notNone: false, star: '' });
    return l;
  }
  ir(): IRFunction {
    return {
      name: this.name, pyName: this.name, flavor: 'def', params: this.params, ret: this.ret, locals: this.locals,
      body: this.body, mayRaise: this.mayRaise, tier: 'native', exported: true, docstring: null,
      loc: { line: 1, col: 1, endLine: 1, endCol: 1 } as never,
    };
  }
}
