// Terse construction of ModuleIR by hand, compiled by the wasm back end and
// instantiated by the wasm runtime.
import { ERROR_STATE } from '../../src/compile/ir/ir.js';
import type { Expr, Global, IRFunction, Local, Message, ModuleIR, NativeMessage, Param, Stmt } from '../../src/compile/ir/ir.js';
import { T, byteSize } from '../../src/compile/ir/types.js';
import type { MemviewType, ScalarType, Type } from '../../src/compile/ir/types.js';
import { emitWasm, type WasmOutput } from '../../src/compile/wasm/index.js';
import { instantiateWasm, type WasmInstance } from '../../src/runtime/wasm.js';

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

export interface ModOpts {
  globals?: { name: string; type: ScalarType; init?: number | null }[];
  messages?: NativeMessage[];
  excNames?: string[];
}

export function module(fns: Fn[], o: ModOpts = {}): ModuleIR {
  let off: number = ERROR_STATE.size;
  const globals: Global[] = (o.globals ?? []).map((g) => {
    const sz = byteSize(g.type);
    off = Math.ceil(off / sz) * sz;
    const gl: Global = { name: g.name, type: g.type, offset: off, init: g.init ?? null };
    off += sz;
    return gl;
  });
  const init = new Fn('__init__').ir();
  init.tier = 'generic';
  return {
    name: 'm', file: 'm.pyx', globals, stateSize: Math.ceil(off / 8) * 8,
    functions: fns.map((x) => x.ir()), init,
    exports: fns.map((x) => ({ name: x.name, fn: x.name })), exportedValues: [], pyGlobals: [], exceptionClasses: [],
    messages: o.messages ?? [], excNames: o.excNames ?? ['', 'ValueError', 'ZeroDivisionError', 'IndexError'], directives: {},
  };
}

export interface Built {
  out: WasmOutput;
  inst: WasmInstance;
  /** IR function name → callable with the native ABI argument list */
  fns: Record<string, (...a: any[]) => any>;
}

export async function build(mod: ModuleIR, optimize = true): Promise<Built> {
  const out = await emitWasm(mod, { optimize });
  const inst = instantiateWasm(out.binary, out.memory);
  const fns: Record<string, (...a: any[]) => any> = {};
  for (const [name, sig] of Object.entries(out.sigs)) fns[name] = inst.fn(sig);
  return { out, inst, fns };
}

/** Native-ABI arguments for a memview over a whole TypedArray (1-D). */
export function view1(ta: ArrayBufferView & { length: number }): any[] {
  return [ta, 0, ta.length, 1];
}
