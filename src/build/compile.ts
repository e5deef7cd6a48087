// Build orchestration: .pyx file → (cache hit | front end → [LLVM → object] → glue) → cache.
//
// On a cache hit nothing of the compiler is imported or run: the key needs only the
// source, the deps manifest and the current contents of the files it lists. The front
// end and the back ends are imported lazily, on the first miss.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { ModuleIR } from '../compile/ir/ir.js';
import type { WasmSig } from '../runtime/wasm.js';
import type { NativeAddon, OptLevel } from '../native/addon.js';
import { ADDON_PATH, vectorMathFor } from '../native/addon.js';
import { openStore, type CacheEntry } from '../cache/store.js';
import { fullKey, preKey, readDepStates, type DepState } from '../cache/key.js';
import { defaultCacheDir, distUrl } from '../cache/paths.js';
import { defaultNative, resolveBackend, type Backend, type BackendChoice, type NativeProvider } from './backend.js';

// ---------------------------------------------------------------- the toolchain
export interface FrontEndModule {
  COMPILER_VERSION: string;
  frontEnd(
    file: string,
    source: string,
    opts: { readFile(path: string): string | null; backend: Backend },
  ): { ir: ModuleIR; deps: string[] };
}

export interface LLVMModule {
  emitLLVM(mod: ModuleIR, opts: { hash8: string; fastMath?: boolean; vectorMath?: 'avx2' | 'sse2' | null }): { text: string; symbols: { state: string; fns: Record<string, string> } };
}

export interface NativeGlueInfo {
  loaderUrl: string;
  objectFile: string;
  stateSymbol: string;
  fnSymbols: Record<string, string>;
}

export interface WasmGlueInfo {
  kind: 'wasm';
  wasmUrl: string;
  binaryFile: string;
  memory: { stateOffset: number; heapBase: number };
  sigs: Record<string, WasmSig>;
}

export interface WasmBackendModule {
  emitWasm(
    mod: ModuleIR,
    opts?: { optimize?: boolean },
  ): Promise<{ binary: Uint8Array; memory: { stateOffset: number; heapBase: number }; sigs: Record<string, WasmSig> }>;
}

export interface JSBackendModule {
  emitGlue(mod: ModuleIR, opts: { runtimeUrl: string; native: NativeGlueInfo | WasmGlueInfo | null; sourceFile: string }): string;
}

/** Lazy access to the compiler pieces (each imported on first use). */
export interface Toolchain {
  frontEnd(): Promise<FrontEndModule>;
  llvm(): Promise<LLVMModule>;
  /** The wasm back end (imports binaryen on its first emit). Default: src/compile/wasm. */
  wasm?(): Promise<WasmBackendModule>;
  js(): Promise<JSBackendModule>;
}

const defaultWasm = async (): Promise<WasmBackendModule> => {
  const m: WasmBackendModule = await import('../compile/wasm/index.js');
  return m;
};

export const defaultToolchain: Toolchain = {
  frontEnd: async () => {
    const m: FrontEndModule = await import('../compile/index.js');
    return m;
  },
  llvm: async () => {
    const m: LLVMModule = await import('../compile/llvm/index.js');
    return m;
  },
  wasm: defaultWasm,
  js: async () => {
    const m: JSBackendModule = await import('../compile/js/index.js');
    return m;
  },
};

// ---------------------------------------------------------------- options and result
export interface CompileFileOptions {
  /** native | wasm | js | auto; default: $CYPYX_BACKEND, else auto. */
  backend?: BackendChoice;
  /** Default: $CYPYX_CACHE_DIR, else <package root>/node_modules/.cache/cypyx. */
  cacheDir?: string;
  /** Rebuild even if the cache has the entry. */
  force?: boolean;
  /** LLVM optimization level (native); default 2. */
  optLevel?: OptLevel;
  /**
   * The specifier the glue imports the runtime from. Default: the file: URL of
   * dist/runtime/index.js (what Node's loader hook serves). Bundler plugins pass the
   * bare specifier 'cypyx/runtime' so the runtime is bundled. Part of the cache key.
   */
  runtimeUrl?: string;
  /**
   * Receives the files the module depends on (the .pyx first, then the existing
   * cimported files), on a hit, after a build, and on a compile error (the files
   * read until then). For watchers.
   */
  onDeps?: (files: string[]) => void;
}

export interface CompileTimings {
  /** ms, whole call */
  total: number;
  /** reading the source, choosing the back end, computing the key */
  key: number;
  /** deps manifest, re-hashing deps, reading and verifying the entry */
  lookup: number;
  frontEnd?: number;
  /** IR → LLVM IR text */
  llvm?: number;
  /** LLVM IR text → object (addon) */
  native?: number;
  /** IR → .wasm (binaryen: load, build, optimize, emit) */
  wasm?: number;
  glue?: number;
  store?: number;
}

export interface CompileResult {
  /** The ES module text that is the compiled module. */
  glue: string;
  /** Where the glue is cached; null when the cache fell back to memory. */
  glueFile: string | null;
  /** The native object or .wasm the glue loads (a path, or a data: URL in memory mode). */
  objectFile?: string;
  key: string;
  backend: Backend;
  fromCache: boolean;
  /** Dependency files covered by the key (absolute; may include probed files that do not exist). */
  deps: string[];
  /** Set when an existing entry was unusable (truncated, corrupt) and was rebuilt: what was wrong. */
  rebuilt?: string;
  timings: CompileTimings;
  /** Date.now() before anything was read (the hit index trusts only files older than that). */
  startedAt: number;
}

const DEFAULT_OPT_LEVEL: OptLevel = 2;

function statStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${Math.floor(s.mtimeMs)}`;
  } catch {
    return 'none';
  }
}

let binaryenVersionCache: string | null = null;

/**
 * The installed binaryen's version, for the wasm cache key, without importing binaryen
 * (that takes about 0.5 s; only a cache miss may pay for it).
 */
export function binaryenVersion(): string {
  if (binaryenVersionCache === null) {
    try {
      const req = createRequire(import.meta.url);
      const pkg = JSON.parse(readFileSync(req.resolve('binaryen/package.json'), 'utf8')) as { version?: unknown };
      binaryenVersionCache = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      binaryenVersionCache = 'missing';
    }
  }
  return binaryenVersionCache;
}

function existing(paths: Iterable<string>, states: ReadonlyMap<string, Uint8Array | null>): string[] {
  return [...paths].filter((p) => states.get(p) !== null);
}

const ms = (t: number): number => Math.round((performance.now() - t) * 100) / 100;

export function createCompiler(
  toolchain: Toolchain = defaultToolchain,
  native: NativeProvider = defaultNative,
): (file: string, opts?: CompileFileOptions) => Promise<CompileResult> {
  return async function compileFile(file: string, opts: CompileFileOptions = {}): Promise<CompileResult> {
    const startedAt = Date.now();
    const t0 = performance.now();
    const path = resolve(file);
    const source = readFileSync(path, 'utf8');
    const { backend, addon } = resolveBackend(opts.backend, native);
    const optLevel = opts.optLevel ?? DEFAULT_OPT_LEVEL;
    const store = openStore(opts.cacheDir ?? defaultCacheDir(path));
    const runtimeUrl = opts.runtimeUrl ?? distUrl('runtime/index.js');
    const loaderUrl = distUrl('runtime/loader-native.js');
    const wasmUrl = distUrl('runtime/wasm.js');
    // wasm does not depend on the host CPU: its target is the binaryen version.
    const target =
      backend === 'native' && addon ? `${native.targetKey(addon, optLevel)}|addon:${statStamp(ADDON_PATH)}`
      : backend === 'wasm' ? `wasm32|binaryen:${binaryenVersion()}`
      : '';
    const pre = preKey({
      file: path,
      source,
      backend,
      target,
      options: backend === 'wasm' ? { wasmOptimize: 3 } : { optLevel },
      locations: { runtimeUrl, loaderUrl, ...(backend === 'wasm' ? { wasmUrl } : {}), cache: store.dir },
    });
    const timings: CompileTimings = { total: 0, key: ms(t0), lookup: 0 };

    const finish = (entry: CacheEntry, fromCache: boolean, deps: string[], rebuilt?: string): CompileResult => {
      timings.total = ms(t0);
      return {
        glue: entry.glue,
        glueFile: entry.glueFile,
        ...(entry.objectFile ? { objectFile: entry.objectFile } : {}),
        key: entry.key,
        backend,
        fromCache,
        deps,
        ...(rebuilt ? { rebuilt } : {}),
        timings,
        startedAt,
      };
    };

    // ---- lookup
    let rebuilt: string | undefined;
    if (!opts.force) {
      const t = performance.now();
      const depPaths = store.readDeps(pre);
      if (depPaths) {
        const states = readDepStates(depPaths);
        const { entry, problem } = store.lookup(fullKey(pre, states));
        if (entry) {
          timings.lookup = ms(t);
          opts.onDeps?.([path, ...states.filter((s) => s.content !== null).map((s) => s.path)]);
          return finish(entry, true, depPaths);
        }
        rebuilt = problem ?? undefined;
      }
      timings.lookup = ms(t);
    }

    // ---- build
    const tBuild = performance.now();
    let t = tBuild;
    const fe = await toolchain.frontEnd();
    const reads = new Map<string, Uint8Array | null>();
    const readFile = (p: string): string | null => {
      const abs = resolve(p);
      if (abs === path) return source;
      try {
        const bytes = readFileSync(abs);
        if (!reads.has(abs)) reads.set(abs, bytes);
        return bytes.toString('utf8');
      } catch {
        if (!reads.has(abs)) reads.set(abs, null);
        return null;
      }
    };
    let front: { ir: ModuleIR; deps: string[] };
    try {
      front = fe.frontEnd(path, source, { readFile, backend });
    } catch (e) {
      opts.onDeps?.([path, ...existing(reads.keys(), reads)]);
      throw e;
    }
    timings.frontEnd = ms(t);

    // The key covers what the front end saw: every file it read (or probed), plus any
    // dependency it reported without reading through readFile.
    for (const d of front.deps) {
      const abs = resolve(d);
      if (abs !== path && !reads.has(abs)) reads.set(abs, readDepStates([abs])[0]!.content);
    }
    const deps = [...reads.keys()].sort();
    const states: DepState[] = deps.map((p) => ({ path: p, content: reads.get(p) ?? null }));
    const key = fullKey(pre, states);
    store.writeDeps(pre, path, deps);

    let nativeInfo: NativeGlueInfo | WasmGlueInfo | null = null;
    let object: Uint8Array | null = null;
    if (backend === 'native' && front.ir.functions.some((f) => f.tier === 'native')) {
      t = performance.now();
      const { emitLLVM } = await toolchain.llvm();
      // fast-math is opt-in per module (`# cypyx: fastmath=True`); the source is in the key.
      const fastMath = front.ir.directives['fastmath'] === true;
      const ll = emitLLVM(front.ir, { hash8: key.slice(0, 8), fastMath, vectorMath: fastMath ? vectorMathFor(addon!) : null });
      timings.llvm = ms(t);
      t = performance.now();
      object = compileObject(addon!, ll.text, optLevel, path);
      timings.native = ms(t);
      t = performance.now();
      const objectFile = store.putObject(key, object);
      timings.store = ms(t);
      nativeInfo = { loaderUrl, objectFile, stateSymbol: ll.symbols.state, fnSymbols: ll.symbols.fns };
    } else if (backend === 'wasm' && front.ir.functions.some((f) => f.tier === 'native')) {
      t = performance.now();
      const { emitWasm } = await (toolchain.wasm ?? defaultWasm)();
      const out = await compileWasm(emitWasm, front.ir, path);
      object = out.binary;
      timings.wasm = ms(t);
      t = performance.now();
      // stored like the native object (the store's object slot), so it is verified the same way
      const binaryFile = store.putObject(key, object);
      timings.store = ms(t);
      nativeInfo = { kind: 'wasm', wasmUrl, binaryFile, memory: out.memory, sigs: out.sigs };
    }

    t = performance.now();
    const { emitGlue } = await toolchain.js();
    const glue = emitGlue(front.ir, { runtimeUrl, native: nativeInfo, sourceFile: path });
    timings.glue = ms(t);

    t = performance.now();
    const entry = store.putEntry(key, {
      glue,
      object,
      objectRef: nativeInfo ? ('kind' in nativeInfo ? nativeInfo.binaryFile : nativeInfo.objectFile) : null,
      file: path,
      backend,
      deps,
      compilerVersion: fe.COMPILER_VERSION,
      buildMs: ms(tBuild),
    });
    timings.store = (timings.store ?? 0) + ms(t);
    opts.onDeps?.([path, ...existing(deps, reads)]);
    return finish(entry, false, deps, rebuilt);
  };
}

function compileObject(addon: NativeAddon, text: string, optLevel: OptLevel, file: string): Uint8Array {
  try {
    return addon.compile(text, { optLevel, name: file });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`cypyx: internal error: LLVM rejected the code generated for ${file}: ${msg}`, { cause: e });
  }
}

async function compileWasm(
  emitWasm: WasmBackendModule['emitWasm'],
  ir: ModuleIR,
  file: string,
): Promise<Awaited<ReturnType<WasmBackendModule['emitWasm']>>> {
  try {
    return await emitWasm(ir, { optimize: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/Cannot find (package|module) 'binaryen'/.test(msg)) {
      throw new Error(`cypyx: the WebAssembly back end needs the binaryen package, which cannot be loaded: ${msg.split('\n')[0]}`, { cause: e });
    }
    throw new Error(`cypyx: internal error: the WebAssembly back end failed on ${file}: ${msg}`, { cause: e });
  }
}

/** Compiles (or fetches from the cache) one .pyx file. */
export const compileFile: (file: string, opts?: CompileFileOptions) => Promise<CompileResult> = createCompiler();
