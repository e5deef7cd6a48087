// Node module customization hooks (registered by register.ts with module.register;
// they run on Node's hooks thread).
//
//   resolve: any specifier that resolves to a file: URL ending in .pyx (relative,
//            absolute, file URL, package subpath) is claimed with format 'module'.
//   load:    compiles the .pyx (or takes it from the cache) on this thread and serves
//            the glue as the module's source. The glue loads the native object when it
//            is evaluated, on the importing thread.
//
// Errors cross back to the importing thread through Node's error serialization, which
// keeps `name`, `message`, `stack` and own enumerable properties but not the class: a
// CompileError arrives as an Error whose name is 'CompileError', with file, line, col,
// text, sourceLine and diagnostics, and whose message is the formatted diagnostic
// (file:line:col, source line, caret).
//
// node --watch: Node itself watches every URL the hooks served (the .pyx). The files a
// module cimports are reported through the port register.ts passes in watch mode.
//
// cypyx's runtime (dist/runtime/*.js, imported by every glue module, and the chunks
// those import) is resolved and read here directly: with the hooks on another thread
// every import is two messages, and Node's default resolve and asynchronous read cost
// several ms per module while the importing thread waits.
//
// A cache hit is served from the hit index (cache/hitindex.ts): stats of the files the
// entry depends on, no hashing, no addon. Only when that cannot vouch for an entry is
// build/compile.js imported (the content-hash lookup, and the compiler on a miss), and
// its result recorded in the index for the next process.
//
// This module is bundled (scripts/build.mjs): what it imports at the top (the hit index
// included) is part of the hooks thread's start; build/compile.js is a bundle of its own.
import { createRequire, type InitializeHook, type LoadHook, type ResolveHook } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type { CompileFileOptions } from './build/compile.js';
import { lookupHit, recordHit, type HitContext, type HitQuery } from './cache/hitindex.js';
import { defaultCacheDir } from './cache/paths.js';
import { ADDON_PATH } from './native/addon.js';

export interface HookData {
  /** Set in watch mode: receives arrays of absolute paths to watch. */
  watchPort?: MessagePort;
}

let watchPort: MessagePort | null = null;

export const initialize: InitializeHook<HookData | undefined> = (data) => {
  watchPort = data?.watchPort ?? null;
};

/** dist/runtime/ of this cypyx (a real path: Node resolved this module's URL). */
const RUNTIME_DIR_URL = new URL('./runtime/', import.meta.url).href;

const LOADER_NATIVE_URL = `${RUNTIME_DIR_URL}loader-native.js`;

let addonWarm = false;

/**
 * Native glue is about to load the addon on the importing thread (it has fetched
 * loader-native.js); a hit from the hit index did not load it here. Loading it here
 * meanwhile, while that thread compiles the runtime, overlaps much of the dlopen (~7 ms:
 * a 44 MB library, LLVM's static initializers; once per process) with that work: the
 * importing thread's own load then finds the library loaded. (Waiting until the thread
 * has fetched the runtime modules that import others, uf.js → nd.js → core.js, measured
 * the same: the two threads compete for the CPU and the address space either way.)
 */
function warmAddon(): void {
  try {
    createRequire(import.meta.url)(ADDON_PATH);
  } catch {
    // the importing thread loads it too, and says what is wrong
  }
}

const CODE_ROOT = fileURLToPath(new URL('.', import.meta.url)).replace(/[\\/]$/, '');
const HIT_CONTEXT: HitContext = { codeRoot: CODE_ROOT, packageRoot: dirname(CODE_ROOT), addonPath: ADDON_PATH };

/**
 * The URL of a module of cypyx's runtime that `specifier` names (the glue imports them
 * by absolute URL, they import each other by './name.js'), or null.
 */
function runtimeModule(specifier: string, parentURL: string | undefined): string | null {
  let url: string;
  if (specifier.startsWith(RUNTIME_DIR_URL)) url = specifier;
  else if (specifier.startsWith('./') && parentURL?.startsWith(RUNTIME_DIR_URL)) url = new URL(specifier, parentURL).href;
  else return null;
  return /^[\w.-]+\.js$/.test(url.slice(RUNTIME_DIR_URL.length)) ? url : null;
}

/** The .pyx file a URL names, or null. Query and hash (e.g. reload's `?v=2`) are ignored. */
function pyxFile(url: string): string | null {
  if (!url.startsWith('file:') || !url.includes('.pyx')) return null;
  const u = new URL(url);
  return u.pathname.endsWith('.pyx') ? fileURLToPath(u) : null;
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const own = runtimeModule(specifier, context.parentURL);
  if (own) return { url: own, format: 'module', shortCircuit: true };
  const r = await nextResolve(specifier, context);
  if (pyxFile(r.url)) return { ...r, format: 'module', shortCircuit: true };
  return r;
};

export const load: LoadHook = async (url, context, nextLoad) => {
  const file = pyxFile(url);
  if (!file) {
    if (url.startsWith(RUNTIME_DIR_URL) && runtimeModule(url, undefined)) {
      try {
        const source = readFileSync(fileURLToPath(url));
        if (url === LOADER_NATIVE_URL && !addonWarm) {
          addonWarm = true;
          setImmediate(warmAddon);
        }
        return { format: 'module', source, shortCircuit: true };
      } catch {
        // missing or unreadable: Node's own load says so
      }
    }
    return nextLoad(url, context);
  }
  const port = watchPort;
  const q: HitQuery = { file, cacheDir: defaultCacheDir(file) };
  let hit = null;
  try {
    hit = lookupHit(q, HIT_CONTEXT);
  } catch {
    // e.g. an unreadable cache directory: the full lookup says what is wrong
  }
  if (hit) {
    port?.postMessage(hit.watched);
    return { format: 'module', source: hit.glue, shortCircuit: true };
  }
  const { compileFile } = await import('./build/compile.js');
  const opts: CompileFileOptions = { cacheDir: q.cacheDir };
  if (port) opts.onDeps = (files) => port.postMessage(files);
  try {
    const r = await compileFile(file, opts);
    recordHit(q, HIT_CONTEXT, r);
    return { format: 'module', source: r.glue, shortCircuit: true };
  } catch (e) {
    throw forImporter(e);
  }
};

/**
 * A compile error's stack would show compiler internals on the hooks thread; what the
 * user needs is the formatted message (location, source line, caret) and the place in
 * the .pyx, as a stack frame editors and terminals can open.
 */
function forImporter(e: unknown): unknown {
  if (e instanceof Error && e.name === 'CompileError') {
    const { file, line, col } = e as Error & { file?: unknown; line?: unknown; col?: unknown };
    const at = typeof file === 'string' && typeof line === 'number' ? `\n    at ${file}:${line}:${typeof col === 'number' ? col : 1}` : '';
    try {
      e.stack = `${e.name}: ${e.message}${at}`;
    } catch {
      // non-writable stack: keep it
    }
  }
  return e;
}
