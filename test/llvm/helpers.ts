// Terse construction of ModuleIR by hand, and compiling/loading the emitted LLVM text
// (through the addon when built, else validation with the LLVM 14 command-line tools).
import { spawnSync } from 'node:child_process';
import { it } from 'vitest';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ERROR_STATE } from '../../src/compile/ir/ir.js';
import type { Global, ModuleIR, NativeMessage } from '../../src/compile/ir/ir.js';
import { byteSize } from '../../src/compile/ir/types.js';
import { emitLLVM } from '../../src/compile/llvm/index.js';
import { loadAddon } from '../../src/native/addon.js';

export * from '../helpers/ir.js';
import { Fn } from '../helpers/ir.js';

export function mkModule(fns: Fn[], extra: { globals?: Global[]; messages?: NativeMessage[]; excNames?: string[] } = {}): ModuleIR {
  const globals = extra.globals ?? [];
  const end = globals.reduce((m, g) => Math.max(m, g.offset + byteSize(g.type)), ERROR_STATE.size as number);
  const init = new Fn('__init__').ir();
  init.tier = 'generic';
  return {
    name: 'm', file: 'm.pyx', globals, stateSize: end, functions: fns.map((f) => f.ir()), init,
    exports: fns.map((f) => ({ name: f.name, fn: f.name })), exportedValues: [], pyGlobals: [], exceptionClasses: [],
    messages: extra.messages ?? [], excNames: extra.excNames ?? [''], directives: {},
  };
}

// ---------------------------------------------------------------- compiling
export const addon = process.env.CYPYX_TEST_NO_ADDON === '1' ? null : loadAddon();
const tool = (name: string) => (existsSync(`/usr/bin/${name}`) ? `/usr/bin/${name}` : null);
export const llvmAs = tool('llvm-as-14');
export const opt = tool('opt-14');

/** Validates LLVM text with llvm-as-14 (throws with the diagnostic on error). */
export function verify(text: string): void {
  if (!llvmAs) return;
  const r = spawnSync(llvmAs, ['-o', '/dev/null', '-'], { input: text, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`llvm-as-14: ${r.stderr}\n${numbered(text)}`);
}

/** opt-14 -passes=default<O2> -mcpu=native on `text`; returns the optimized IR text. */
export function optimize(text: string): string {
  if (!opt) throw new Error('opt-14 missing');
  const r = spawnSync(opt, ['-S', '-passes=default<O2>', '-mcpu=native', '-o', '-', '-'], {
    input: `target triple = "x86_64-pc-linux-gnu"\n${text}`,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`opt-14: ${r.stderr}`);
  return r.stdout;
}

function numbered(text: string): string {
  return text.split('\n').map((l, k) => `${String(k + 1).padStart(4)} ${l}`).join('\n');
}

export interface Loaded {
  text: string;
  fns: Record<string, (...args: unknown[]) => unknown>;
  state: ArrayBuffer;
  exc(): number;
  msg(): number;
  line(): number;
  argI64(k: number): bigint;
  argF64(k: number): number;
  clear(): void;
}

/** Thrown by build() after verifying the text when the addon is not built. */
export class NoAddon extends Error {}

/** A test that needs native code: without the addon it only validates the emitted text. */
export function run(name: string, fn: () => void): void {
  it(name, () => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof NoAddon)) throw e;
    }
  });
}

/** Emits, verifies, and (when the addon is built) compiles and loads a module. */
export function build(mod: ModuleIR, fastMath = false): Loaded {
  const hash8 = randomBytes(4).toString('hex');
  const { text, symbols } = emitLLVM(mod, { hash8, fastMath });
  verify(text);
  if (!addon) throw new NoAddon();
  const obj = addon.compile(text, { optLevel: 2, name: mod.name });
  const loaded = addon.load(obj, [symbols.state, ...Object.values(symbols.fns)]);
  const fns: Loaded['fns'] = {};
  for (const [name, sym] of Object.entries(symbols.fns)) fns[name] = loaded.fns[sym]!;
  const state = loaded.fns[symbols.state]!() as ArrayBuffer;
  const i32 = new Int32Array(state);
  const dv = new DataView(state);
  return {
    text, fns, state,
    exc: () => i32[ERROR_STATE.exc / 4]!,
    msg: () => i32[ERROR_STATE.msg / 4]!,
    line: () => i32[ERROR_STATE.line / 4]!,
    argI64: (k) => dv.getBigInt64(ERROR_STATE.argsI64 + 8 * k, true),
    argF64: (k) => dv.getFloat64(ERROR_STATE.argsF64 + 8 * k, true),
    clear: () => void (i32[0] = 0),
  };
}
