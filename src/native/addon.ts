// Typed loader for the native addon (src/addon-shim, built by scripts/build-addon.mjs into
// build/Release/cypyx_native.node). The addon is small and knows nothing about Cython:
// LLVM IR text -> optimized relocatable object -> code in one process-wide ORC LLJIT ->
// N-API wrapper symbols as JS functions.
//
// If the addon is missing or cannot be loaded, loadAddon() returns null and
// addonLoadError() says why; callers fall back to the WebAssembly back end.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** What the addon reports about the machine and the LLVM it was built against. */
export interface HostInfo {
  /** LLVMGetDefaultTargetTriple, e.g. "x86_64-pc-linux-gnu". */
  readonly triple: string;
  /** LLVMGetHostCPUName, e.g. "znver3". */
  readonly cpu: string;
  /** LLVMGetHostCPUFeatures: comma-separated "+avx2,-avx512f,...". */
  readonly features: string;
  /** The LLVM version the addon was compiled against, e.g. "14.0.6". */
  readonly llvmVersion: string;
  /** Whether glibc's libmvec is loaded (vector math for fast-math modules). */
  readonly libmvec: boolean;
  /** The process-wide LLVM options the addon sets before compiling (space-separated). */
  readonly llvmOptions: string;
}

export type OptLevel = 0 | 1 | 2 | 3;

export interface CompileOptions {
  /** Pass pipeline default<O{optLevel}> and matching codegen level. Default 2. */
  optLevel?: OptLevel;
  /** Module/buffer name; appears in LLVM diagnostics ("name:line:col: error: ..."). */
  name?: string;
}

/**
 * A JIT'd N-API callback. Its code lives until `release(handle)` of the load() that made
 * it: calling it after that is undefined behaviour (crash or wrong code), so whoever holds
 * the function must keep its module alive.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NativeFunction = (...args: any[]) => unknown;

export interface LoadedObject {
  /** Identifies the resource tracker of this object; pass to release(). */
  readonly handle: number;
  /** One JS function per requested symbol, named after it. */
  readonly fns: Readonly<Record<string, NativeFunction>>;
}

export interface NativeAddon {
  hostInfo(): HostInfo;
  /**
   * Parses, verifies and optimizes LLVM 14 IR text (typed pointers) for the host CPU and
   * returns the relocatable object file. Uses its own LLVMContext, so it may run in any
   * worker thread. Throws an Error carrying the LLVM diagnostic on invalid IR.
   */
  compile(irText: string, options?: CompileOptions): Uint8Array;
  /**
   * Adds an object (from compile(), possibly cached) to the process-wide JIT under a new
   * resource tracker, links it, and returns the requested symbols, each of which must be
   * defined by this object as `napi_value fn(napi_env, napi_callback_info)`. Throws (and
   * frees the object again) if linking fails or a symbol is missing or already defined by
   * another loaded object. Meant for the thread that will call the functions.
   */
  load(objectBytes: Uint8Array, symbols: readonly string[]): LoadedObject;
  /**
   * Frees the code of one load(). Throws on an unknown or already released handle.
   * Code not released explicitly is released when the env (main thread or Worker) exits.
   */
  release(handle: number): void;
}

/** The pass pipeline used for a given optimization level (part of cache keys). */
export function passPipeline(optLevel: OptLevel = 2): string {
  return `default<O${optLevel}>`;
}

/** Absolute path of the built addon; valid from both src/native and dist/native. */
export const ADDON_PATH: string = fileURLToPath(
  new URL('../../build/Release/cypyx_native.node', import.meta.url),
);

let cached: NativeAddon | null | undefined;
let loadError: string | null = null;

function isNativeAddon(x: unknown): x is NativeAddon {
  if (x === null || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  return ['hostInfo', 'compile', 'load', 'release'].every((k) => typeof o[k] === 'function');
}

/** Loads (once) and returns the addon, or null if it is unavailable (see addonLoadError). */
export function loadAddon(): NativeAddon | null {
  if (cached !== undefined) return cached;
  try {
    const require = createRequire(import.meta.url);
    const mod: unknown = require(ADDON_PATH);
    if (!isNativeAddon(mod)) throw new Error('the module does not export the expected functions');
    cached = mod;
    loadError = null;
  } catch (e) {
    cached = null;
    const msg = e instanceof Error ? e.message : String(e);
    loadError = `cypyx: the native addon could not be loaded from ${ADDON_PATH}: ${msg}`;
  }
  return cached;
}

/** Why loadAddon() returned null; null if it has not failed. */
export function addonLoadError(): string | null {
  return loadError;
}

/**
 * Everything that makes an object file valid for this machine: LLVM version, triple, CPU,
 * CPU features (objects contain e.g. AVX2/FMA code), the pass pipeline and LLVM options.
 */
export function targetKey(addon: NativeAddon, optLevel: OptLevel = 2): string {
  const h = addon.hostInfo();
  return [`llvm-${h.llvmVersion}`, h.triple, h.cpu, h.features, passPipeline(optLevel), `libmvec:${h.libmvec === true}`, `opts:${h.llvmOptions ?? ''}`].join('|');
}

/**
 * The libmvec ISA fast-math code may call on this host (AVX2 if the CPU has it, else
 * SSE2), or null: not x86-64, or libmvec not loaded. Derived from hostInfo(), which
 * targetKey covers.
 */
export function vectorMathFor(addon: NativeAddon): 'avx2' | 'sse2' | null {
  const h = addon.hostInfo();
  if (h.libmvec !== true || !h.triple.startsWith('x86_64')) return null;
  const features = h.features.split(',');
  return features.includes('+avx2') ? 'avx2' : features.includes('+sse2') ? 'sse2' : null;
}
