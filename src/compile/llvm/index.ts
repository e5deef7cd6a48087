// The LLVM back end: typed IR → LLVM 14 IR text (typed pointers) for the
// functions with tier 'native', plus their N-API wrappers (docs/native-abi.md).
import type { ModuleIR } from '../ir/ir.js';
import { ModuleGen, type VectorMath } from './codegen.js';
import { emitStateFn, emitWrapper } from './napi.js';
import { holdsPointers } from '../ir/layout.js';
import { jsEntryPoints } from '../ir/entry.js';

export interface LLVMOptions {
  /** First 8 hex digits of the module's content hash: the symbol suffix. */
  hash8: string;
  /** `fast` flags on float ops (opt-in only). */
  fastMath?: boolean;
  /** With fastMath: glibc libmvec's vector math functions may be called (codegen.ts). */
  vectorMath?: VectorMath | null;
}

export interface LLVMSymbols {
  /** N-API callback returning the state block as an external ArrayBuffer. */
  state: string;
  /** IR function name → its N-API wrapper symbol. */
  fns: Record<string, string>;
}

export function emitLLVM(mod: ModuleIR, opts: LLVMOptions): { text: string; symbols: LLVMSymbols } {
  if (!/^[A-Za-z0-9]+$/.test(opts.hash8)) throw new Error(`emitLLVM: bad hash8 ${JSON.stringify(opts.hash8)}`);
  const g = new ModuleGen(mod, opts.hash8, opts.fastMath ?? false, opts.vectorMath ?? null);
  g.emitFunctions();
  const fns: Record<string, string> = {};
  const entries = jsEntryPoints(mod);
  for (const [name, { ir, fn }] of g.impls) {
    if (!entries.has(name)) continue;
    // functions that exchange data pointers are only called by native code (ir/classify.ts): no wrapper
    if (holdsPointers(ir.ret) || ir.params.some((p) => holdsPointers(p.type))) continue;
    fns[name] = emitWrapper(g, ir, fn);
  }
  const state = emitStateFn(g);
  g.finish();
  return { text: g.m.toString(), symbols: { state, fns } };
}

export * as llvm from './builder.js';
