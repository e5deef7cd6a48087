// Terse construction of ModuleIR by hand, compiled by the wasm back end and
// instantiated by the wasm runtime.
import { ERROR_STATE } from '../../src/compile/ir/ir.js';
import type { Global, ModuleIR, NativeMessage } from '../../src/compile/ir/ir.js';
import { byteSize } from '../../src/compile/ir/types.js';
import type { ScalarType } from '../../src/compile/ir/types.js';
import { emitWasm, type WasmOutput } from '../../src/compile/wasm/index.js';
import { instantiateWasm, type WasmInstance } from '../../src/runtime/wasm.js';

export * from '../helpers/ir.js';
import { Fn } from '../helpers/ir.js';

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
