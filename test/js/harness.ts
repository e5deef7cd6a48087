// Terse builders for hand-written ModuleIRs, and a loader that emits the glue, writes it
// to a temp .mjs and imports it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CmpOpName, Expr, IRFunction, IntBinOp, Local, MathFn, Message, ModuleIR, Param, Stmt } from '../../src/compile/ir/ir.js';
import type { MemviewType, ScalarType, Type } from '../../src/compile/ir/types.js';
import { T } from '../../src/compile/ir/types.js';
import { emitGlue, type GlueOptions } from '../../src/compile/js/index.js';

export { T };

/** The glue imports the runtime sources (vitest transforms the .ts). */
export const runtimeUrl = pathToFileURL(fileURLToPath(new URL('../../src/runtime/index.ts', import.meta.url))).href;

const LOC = { line: 1, col: 1, endLine: 1, endCol: 1 };

// ---------------------------------------------------------------- expressions
export const c = (value: number | bigint | boolean | string | null, type: Type = T.int): Expr => ({ kind: 'const', value, type });
export const f64 = (v: number): Expr => c(v, T.double);
export const f32 = (v: number): Expr => c(v, T.float);
export const i64 = (v: number | bigint): Expr => c(BigInt(v), T.longlong);
export const bool = (v: boolean): Expr => c(v, T.bool);
export const str = (s: string): Expr => c(s, T.py('str'));
export const bin = (op: IntBinOp, a: Expr, b: Expr, type: Type = a.type): Expr => ({ kind: 'bin', op, a, b, type });
export const cmp = (op: CmpOpName, a: Expr, b: Expr): Expr => ({ kind: 'cmp', op, a, b, type: T.bool });
export const cast = (a: Expr, type: Type): Expr => ({ kind: 'cast', a, type });
export const neg = (a: Expr): Expr => ({ kind: 'neg', a, type: a.type });
export const bitnot = (a: Expr): Expr => ({ kind: 'bitnot', a, type: a.type });
export const not = (a: Expr): Expr => ({ kind: 'not', a, type: T.bool });
export const and = (a: Expr, b: Expr): Expr => ({ kind: 'and', a, b, type: T.bool });
export const or = (a: Expr, b: Expr): Expr => ({ kind: 'or', a, b, type: T.bool });
export const cond = (k: Expr, a: Expr, b: Expr): Expr => ({ kind: 'cond', cond: k, a, b, type: a.type });
export const letIn = (id: number, value: Expr, body: Expr): Expr => ({ kind: 'letIn', id, value, body, type: body.type });
export const check = (ok: Expr, exc: string, msg: Message, value: Expr): Expr => ({ kind: 'check', ok, exc, msg, value, type: value.type });
export const call = (fn: string, args: Expr[], type: Type): Expr => ({ kind: 'call', fn, args, type });
export const math = (fn: MathFn, args: Expr[], type: ScalarType = T.double): Expr => ({ kind: 'math', fn, args, type });
export const mvLoad = (view: Expr, offset: Expr): Expr => ({ kind: 'mvLoad', view, offset, type: (view.type as MemviewType).elem });
export const mvShape = (view: Expr, dim: number): Expr => ({ kind: 'mvShape', view, dim, type: T.ssize });
export const mvStride = (view: Expr, dim: number): Expr => ({ kind: 'mvStride', view, dim, type: T.ssize });
export const mvMake = (base: Expr, offset: Expr, shape: Expr[], strides: Expr[], type: Type): Expr => ({ kind: 'mvMake', base, offset, shape, strides, type });
export const mvIsNone = (view: Expr): Expr => ({ kind: 'mvIsNone', view, type: T.bool });
export const py = (op: string, args: Expr[], type: Type = T.object): Expr => ({ kind: 'py', op, args, type });
export const box = (a: Expr): Expr => ({ kind: 'box', a, type: T.object });
export const unbox = (a: Expr, type: Type): Expr => ({ kind: 'unbox', a, type });
export const pyGlobal = (name: string): Expr => ({ kind: 'pyGlobal', name, type: T.object });
export const global = (name: string, type: Type): Expr => ({ kind: 'global', name, type });
export const closure = (fn: string): Expr => ({ kind: 'closure', fn, type: T.py('function') });
export const constMsg = (text: string): Message => ({ kind: 'const', text });
export const fmtMsg = (template: string, ...args: Expr[]): Message => ({ kind: 'format', template, args });

// ---------------------------------------------------------------- statements
export const set = (v: Expr, value: Expr): Stmt => ({ kind: 'set', id: (v as { id: number }).id, value });
export const setGlobal = (name: string, value: Expr): Stmt => ({ kind: 'setGlobal', name, value });
export const setPyGlobal = (name: string, value: Expr): Stmt => ({ kind: 'setPyGlobal', name, value });
export const mvStore = (view: Expr, offset: Expr, value: Expr): Stmt => ({ kind: 'mvStore', view, offset, value });
export const expr = (value: Expr): Stmt => ({ kind: 'expr', value });
export const if_ = (k: Expr, then: Stmt[], els: Stmt[] = []): Stmt => ({ kind: 'if', cond: k, then, else: els });
export const loop = (label: string, body: Stmt[], update: Stmt[] = []): Stmt => ({ kind: 'loop', label, body, update });
export const block = (label: string, body: Stmt[]): Stmt => ({ kind: 'block', label, body });
export const brk = (label: string): Stmt => ({ kind: 'break', label });
export const cont = (label: string): Stmt => ({ kind: 'continue', label });
export const ret = (value: Expr | null = null): Stmt => ({ kind: 'return', value });
export const raise = (exc: string, msg: Message): Stmt => ({ kind: 'raise', exc, msg });
export const print = (...args: Expr[]): Stmt => ({ kind: 'print', args, sep: null, end: null });

// ---------------------------------------------------------------- functions
let nextId = 1000;

export interface ParamOpts {
  default?: Expr;
  kwOnly?: boolean;
  notNone?: boolean;
  star?: '' | '*' | '**';
}

/** Builds one IRFunction: declare params/locals (each returns a `local` Expr), then `done(body)`. */
export class Fn {
  readonly params: Param[] = [];
  readonly locals: Local[] = [];
  constructor(
    readonly name: string,
    readonly ret: Type,
    readonly opts: Partial<IRFunction> = {},
  ) {}

  param(name: string, type: Type, o: ParamOpts = {}): Expr {
    const id = nextId++;
    this.locals.push({ id, name, type });
    this.params.push({
      name,
      local: id,
      type,
      default: o.default ?? null,
      kwOnly: o.kwOnly ?? false,
      notNone: o.notNone ?? false,
      star: o.star ?? '',
    });
    return { kind: 'local', id, type };
  }

  local(name: string, type: Type, captured = false): Expr {
    const id = nextId++;
    this.locals.push({ id, name, type, captured });
    return { kind: 'local', id, type };
  }

  done(body: Stmt[]): IRFunction {
    return {
      name: this.name,
      pyName: this.name,
      flavor: 'def',
      params: this.params,
      ret: this.ret,
      locals: this.locals,
      body,
      mayRaise: true,
      tier: 'generic',
      exported: true,
      docstring: null,
      loc: LOC,
      ...this.opts,
    };
  }
}

export function fn(name: string, ret: Type, build: (f: Fn) => Stmt[], opts: Partial<IRFunction> = {}): IRFunction {
  const f = new Fn(name, ret, opts);
  return f.done(build(f));
}

export interface ModOpts {
  globals?: ModuleIR['globals'];
  init?: Stmt[];
  initFn?: IRFunction;
  exports?: ModuleIR['exports'];
  exportedValues?: ModuleIR['exportedValues'];
  pyGlobals?: string[];
  exceptionClasses?: ModuleIR['exceptionClasses'];
  messages?: ModuleIR['messages'];
  excNames?: string[];
  stateSize?: number;
  directives?: ModuleIR['directives'];
}

export function module(functions: IRFunction[], o: ModOpts = {}): ModuleIR {
  const init = o.initFn ?? fn('__init__', T.void, () => o.init ?? [], { flavor: 'init', exported: false });
  const exports =
    o.exports ?? functions.filter((f) => f.exported && !f.parent && (f.flavor === 'def' || f.flavor === 'cpdef')).map((f) => ({ name: f.pyName, fn: f.name }));
  const globals = o.globals ?? [];
  const end = globals.reduce((m, g) => Math.max(m, g.offset + 8), 80);
  return {
    name: 'testmod',
    file: 'testmod.pyx',
    globals,
    stateSize: o.stateSize ?? end,
    functions,
    init,
    exports,
    exportedValues: o.exportedValues ?? [],
    pyGlobals: o.pyGlobals ?? [],
    exceptionClasses: o.exceptionClasses ?? [],
    messages: o.messages ?? [],
    excNames: o.excNames ?? [''],
    directives: o.directives ?? {},
  };
}

// ---------------------------------------------------------------- loading
const dir = mkdtempSync(join(tmpdir(), 'cypyx-js-test-'));
let count = 0;

export function glueText(mod: ModuleIR, native: GlueOptions['native'] = null): string {
  return emitGlue(mod, { runtimeUrl, native, sourceFile: '/tmp/testmod.pyx' });
}

/** Emits the glue, writes it to a temp .mjs and imports it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function load(mod: ModuleIR, native: GlueOptions['native'] = null): Promise<any> {
  const text = glueText(mod, native);
  const file = join(dir, `m${count++}.mjs`);
  writeFileSync(file, text);
  try {
    return await import(pathToFileURL(file).href);
  } catch (e) {
    (e as Error).message += `\n--- glue (${file}) ---\n${text}`;
    throw e;
  }
}

/** Build, load and return the single export of a one-function module. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function one(f: IRFunction, o: ModOpts = {}): Promise<(...args: any[]) => any> {
  const m = await load(module([f], o));
  return m[f.pyName];
}

export function kw(o: Record<string, unknown>): Record<string | symbol, unknown> {
  return { ...o, [Symbol.for('cypyx.kwargs')]: true };
}

/** The thrown error of `f()`, as { name, message }. */
export function thrown(f: () => unknown): { name: string; message: string } {
  try {
    f();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected an exception');
}
