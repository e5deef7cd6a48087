// The WebAssembly back end: typed IR → a binaryen module for the functions with
// tier 'native' (docs/wasm-abi.md). binaryen is loaded lazily, on first use
// (importing it costs about 0.5 s): only a cache miss pays for it.
import type binaryenNS from 'binaryen';
import type { ModuleIR } from '../ir/ir.js';
import { ModuleGen } from './codegen.js';
import type { WasmSig } from './layout.js';

export type { WasmSig } from './layout.js';
export { STATE_OFFSET, RESULT_SLOT } from './layout.js';

export interface WasmOptions {
  /** Run binaryen's optimizer (level 3, shrink 0, no fast-math). Default true. */
  optimize?: boolean;
}

export interface WasmOutput {
  binary: Uint8Array;
  /** IR function name → the wasm export the JS side calls (see `sigs`). */
  exports: Record<string, string>;
  memory: { stateOffset: number; heapBase: number };
  /** IR function name → its boundary signature, JSON-serializable, for `WasmInstance.fn`. */
  sigs: Record<string, WasmSig>;
  timings: { load: number; build: number; optimize: number; emit: number };
}

let binaryenPromise: Promise<typeof binaryenNS> | null = null;

/**
 * binaryen is itself a large wasm module (about 10 MB). V8 compiles it with Liftoff
 * and then tiers its hot functions up with TurboFan on background threads; on a
 * busy machine that storm made the first optimize take 1.5 s instead of 0.3 s and
 * stalled every module import on the same thread for seconds after it (the loader
 * hooks thread: the glue's own imports). So binaryen is compiled Liftoff-only: V8
 * fixes a module's tiering when it creates the module (its functions are compiled
 * lazily later, still without tier-up), so the flag is needed only during the import.
 *
 * `--liftoff-only` also switches `--wasm-tier-up` and `--wasm-dynamic-tiering` off (V8
 * flag implications), and `--no-liftoff-only` does not switch them on again: they are
 * restored explicitly, or every module compiled later in the process (the kernels)
 * would run Liftoff code forever, about 4× slower (what a benchmark run right after a
 * cache miss measured). Not done when the process has wasm tiering flags of its own.
 */
async function importBinaryen(): Promise<typeof binaryenNS> {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown; execArgv?: string[]; env?: Record<string, string | undefined> } }).process;
  const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
  const own = [...(proc?.execArgv ?? []), ...(proc?.env?.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--(no-)?(liftoff|wasm[-_](tier|dynamic|lazy))/.test(a));
  const toggle = !!v8 && !own;
  if (toggle) v8!.setFlagsFromString('--liftoff-only');
  try {
    return (await import('binaryen')).default;
  } finally {
    if (toggle) v8!.setFlagsFromString('--no-liftoff-only --wasm-tier-up --wasm-dynamic-tiering');
  }
}

/** The binaryen module (loaded on first call). */
export function loadBinaryen(): Promise<typeof binaryenNS> {
  binaryenPromise ??= importBinaryen();
  return binaryenPromise;
}

export async function emitWasm(mod: ModuleIR, opts: WasmOptions = {}): Promise<WasmOutput> {
  const t0 = performance.now();
  const b = await loadBinaryen();
  const t1 = performance.now();
  const m = new b.Module();
  try {
    m.setFeatures(
      // BulkMemoryOpt: memory.copy / memory.fill (C data: struct copies, memcpy, memset)
      b.Features.MVP | b.Features.NontrappingFPToInt | b.Features.SignExt | b.Features.SIMD128 | b.Features.BulkMemory | b.Features.BulkMemoryOpt | b.Features.MutableGlobals,
    );
    const out = new ModuleGen(b, m, mod).run();
    if (!m.validate()) throw new Error(`cypyx wasm back end (internal): binaryen rejected the module for ${mod.name}:\n${m.emitText()}`);
    const t2 = performance.now();
    if (opts.optimize !== false) {
      b.setOptimizeLevel(3);
      b.setShrinkLevel(0);
      b.setFastMath(false);
      // the per-call-site copies of ufunc element functions are inlined first: the
      // optimizer would merge the identical copies back into one before inlining
      if (out.preInline) m.runPasses(['inlining']);
      m.optimize();
    }
    const t3 = performance.now();
    const binary = m.emitBinary();
    const t4 = performance.now();
    return {
      binary,
      exports: out.exports,
      memory: { stateOffset: out.stateOffset, heapBase: out.heapBase },
      sigs: out.sigs,
      timings: { load: t1 - t0, build: t2 - t1, optimize: t3 - t2, emit: t4 - t3 },
    };
  } finally {
    m.dispose();
  }
}

/** The module as WebAssembly text (for debugging and `cypyx annotate`). */
export async function emitWasmText(mod: ModuleIR, opts: WasmOptions = {}): Promise<string> {
  const b = await loadBinaryen();
  const m = new b.Module();
  try {
    m.setFeatures(
      b.Features.MVP | b.Features.NontrappingFPToInt | b.Features.SignExt | b.Features.SIMD128 | b.Features.BulkMemory | b.Features.BulkMemoryOpt | b.Features.MutableGlobals,
    );
    const out = new ModuleGen(b, m, mod).run();
    if (opts.optimize !== false) {
      b.setOptimizeLevel(3);
      b.setShrinkLevel(0);
      b.setFastMath(false);
      if (out.preInline) m.runPasses(['inlining']);
      m.optimize();
    }
    return m.emitText();
  } finally {
    m.dispose();
  }
}
