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
import type { InitializeHook, LoadHook, ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type { CompileFileOptions } from './build/compile.js';

export interface HookData {
  /** Set in watch mode: receives arrays of absolute paths to watch. */
  watchPort?: MessagePort;
}

let watchPort: MessagePort | null = null;

export const initialize: InitializeHook<HookData | undefined> = (data) => {
  watchPort = data?.watchPort ?? null;
};

/** The .pyx file a URL names, or null. Query and hash (e.g. reload's `?v=2`) are ignored. */
function pyxFile(url: string): string | null {
  if (!url.startsWith('file:') || !url.includes('.pyx')) return null;
  const u = new URL(url);
  return u.pathname.endsWith('.pyx') ? fileURLToPath(u) : null;
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const r = await nextResolve(specifier, context);
  if (pyxFile(r.url)) return { ...r, format: 'module', shortCircuit: true };
  return r;
};

export const load: LoadHook = async (url, context, nextLoad) => {
  const file = pyxFile(url);
  if (!file) return nextLoad(url, context);
  const { compileFile } = await import('./build/compile.js');
  const opts: CompileFileOptions = {};
  const port = watchPort;
  if (port) opts.onDeps = (files) => port.postMessage(files);
  try {
    const r = await compileFile(file, opts);
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
