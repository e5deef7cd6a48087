// inline() and the pyx`` tag (SPEC §1.6): compile a snippet of Cython with argument types
// taken from the JS values passed, cache it on disk like any module, and run it.
//
// A snippet becomes a module
//
//     # cython: language_level=3            (plus options.directives)
//     <the snippet's leading cimport/import lines>
//     def __inline__(double a, double b, c):
//         <the rest of the snippet, indented>
//
// written to <cacheDir>/inline/inline_<hash>.pyx and compiled by compileFile (so it goes
// through the same content-hash cache, back end choice and code as an imported .pyx).
// Compile errors are re-pointed at the snippet: file '<inline>', line and column within
// the snippet as written, its source line and a caret.
//
// Synchronous in Node: the compile runs in a helper worker thread while the caller waits
// (Atomics.wait), then the cached glue module is loaded with require(esm) (Node >= 20.19).
// The worker is started on the first compile of the process (~50-70 ms) and kept (unref'd)
// for later ones; a snippet already compiled in this process costs a Map lookup per call.
// inlineAsync() does the same without blocking (in-process compile, dynamic import).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BackendChoice } from './build/backend.js';
import type { CompileResult } from './build/compile.js';
import { atomicWrite } from './cache/store.js';
import { defaultCacheDir, distUrl } from './cache/paths.js';
import { CompileError, type DiagnosticInfo } from './compile/diagnostics.js';
import { defaultHint } from './cli/format.js';

// ---------------------------------------------------------------- options
export interface InlineOptions {
  /**
   * How a JS number argument is typed: 'double' (default) or 'long' — integral (safe
   * integer) numbers become `long`, fractional ones stay `double`.
   */
  ints?: 'double' | 'long';
  /** Explicit Cython types for some arguments, e.g. `{ n: 'int', img: 'float[:, ::1]' }`; `'object'` leaves one untyped. */
  types?: Record<string, string>;
  /** Module directives written as the `# cython:` header, e.g. `{ boundscheck: false, cdivision: true }`. */
  directives?: Record<string, string | number | boolean>;
  /** native | wasm | js | auto (default: $CYPYX_BACKEND, else auto). */
  backend?: BackendChoice;
  /** Default: $CYPYX_CACHE_DIR, else <package root of cwd>/node_modules/.cache/cypyx. */
  cacheDir?: string;
  /** Recompile even if the cache has the entry. */
  force?: boolean;
}

/** What pyx`` accepts as options (pyx(options)`...`). */
export type PyxOptions = Pick<InlineOptions, 'backend' | 'cacheDir' | 'force' | 'directives'>;

// ---------------------------------------------------------------- argument types
const TYPED_ARRAY_C: Record<string, string> = {
  Float64Array: 'double',
  Float32Array: 'float',
  Int8Array: 'signed char',
  Uint8Array: 'unsigned char',
  Uint8ClampedArray: 'unsigned char',
  Int16Array: 'short',
  Uint16Array: 'unsigned short',
  Int32Array: 'int',
  Uint32Array: 'unsigned int',
  BigInt64Array: 'long long',
  BigUint64Array: 'unsigned long long',
};
const DTYPE_C: Record<string, string> = {
  float64: 'double',
  float32: 'float',
  int8: 'signed char',
  uint8: 'unsigned char',
  int16: 'short',
  uint16: 'unsigned short',
  int32: 'int',
  uint32: 'unsigned int',
  int64: 'long long',
  uint64: 'unsigned long long',
};

function typedArrayC(v: unknown): string | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  return TYPED_ARRAY_C[Object.getPrototypeOf(v)?.constructor?.name ?? ''] ?? null;
}

function isCContiguous(shape: readonly number[], strides: readonly number[] | undefined): boolean {
  if (!strides) return true;
  let want = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if ((shape[d] ?? 0) > 1 && strides[d] !== want) return false;
    want *= shape[d] ?? 1;
  }
  return true;
}

/** The Cython type inferred for one argument value; null leaves the parameter untyped (a Python object). */
export function inferType(v: unknown, opts: Pick<InlineOptions, 'ints'> = {}): string | null {
  switch (typeof v) {
    case 'number':
      return opts.ints === 'long' && Number.isSafeInteger(v) ? 'long' : 'double';
    case 'bigint':
      return 'long long';
    case 'boolean':
      return 'bint';
    case 'object': {
      if (v === null) return null;
      const c = typedArrayC(v);
      if (c) return `${c}[::1]`;
      const o = v as { data?: unknown; shape?: unknown; strides?: unknown; stride?: unknown; dtype?: unknown };
      if ('data' in o && Array.isArray(o.shape) && o.shape.length >= 1 && o.shape.length <= 8) {
        const dt = typeof o.dtype === 'string' ? DTYPE_C[o.dtype] : undefined;
        const elem = dt ?? typedArrayC(o.data);
        if (!elem) return null;
        const shape = (o.shape as unknown[]).map(Number);
        const raw = o.strides ?? o.stride;
        const strides = Array.isArray(raw) ? raw.map(Number) : typeof raw === 'number' ? [raw] : undefined;
        const dims = shape.map(() => ':');
        if (isCContiguous(shape, strides)) dims[dims.length - 1] = '::1';
        return `${elem}[${dims.join(', ')}]`;
      }
      return null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------- snippet → module
const PY_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield cdef cpdef cimport ctypedef struct union enum ' +
    'extern inline public readonly nogil gil include DEF IF ELIF ELSE')
    .split(' '),
);
const IMPORT_LINE = /^(?:cimport\s|from\s+[\w.]+\s+cimport\s|import\s|from\s+[\w.]+\s+import\s)/;

/** Lines of `text` without their common leading indentation; `cut` is how many columns were removed. */
export function dedent(text: string): { lines: string[]; cut: number } {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.replace(/\s+$/, ''));
  let cut = Infinity;
  for (const l of lines) if (l.trim() !== '') cut = Math.min(cut, l.length - l.trimStart().length);
  if (!Number.isFinite(cut)) cut = 0;
  return { lines: lines.map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length))), cut };
}

/** How a line of the generated module maps back to the snippet (0: a generated line). */
interface LineMap {
  line: number;
  colShift: number;
}

export interface InlineModule {
  /** The generated .pyx text. */
  text: string;
  /** Generated line (1-based) → snippet line/col shift. */
  map: LineMap[];
  /** The snippet as the user wrote it (for error source lines). */
  original: string[];
  /** The generated `def __inline__(...)` line. */
  defLine: string;
}

function header(directives: InlineOptions['directives']): string {
  const d: Record<string, string | number | boolean> = { language_level: 3, ...directives };
  return `# cython: ${Object.entries(d)
    .map(([k, v]) => `${k}=${typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)}`)
    .join(', ')}`;
}

/** The module text for a snippet and its parameters (name → Cython type, or null for untyped). */
export function snippetModule(code: string, params: [string, string | null][], directives?: InlineOptions['directives']): InlineModule {
  const original = code.split(/\r\n|\r|\n/);
  const { lines, cut } = dedent(code);
  const text: string[] = [header(directives)];
  const map: LineMap[] = [{ line: 0, colShift: 0 }];
  // leading import lines go to module level
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (!IMPORT_LINE.test(l)) break;
    text.push(l);
    map.push({ line: i + 1, colShift: cut });
  }
  const defLine = `def __inline__(${params.map(([n, t]) => (t ? `${t} ${n}` : n)).join(', ')}):`;
  text.push(defLine);
  map.push({ line: 0, colShift: 0 });
  let body = false;
  for (let j = 0; j < lines.length; j++) {
    const l = lines[j]!;
    const hoisted = j < i && IMPORT_LINE.test(l);
    if (hoisted || l.trim() === '') {
      text.push('');
    } else {
      text.push(`    ${l}`);
      if (!l.trimStart().startsWith('#')) body = true;
    }
    map.push({ line: j + 1, colShift: cut - 4 });
  }
  if (!body) {
    text.push('    pass');
    map.push({ line: 0, colShift: 0 });
  }
  return { text: text.join('\n') + '\n', map, original, defLine };
}

function checkArgName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || PY_KEYWORDS.has(name) || name.startsWith('__')) {
    throw new TypeError(`cypyx inline: argument name ${JSON.stringify(name)} is not usable as a Cython parameter name`);
  }
}

// ---------------------------------------------------------------- errors
interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  compile?: DiagnosticInfo & { diagnostics?: DiagnosticInfo[] };
}

function serializeError(e: unknown): SerializedError {
  const err = e instanceof Error ? e : new Error(String(e));
  const out: SerializedError = { name: err.name, message: err.message, stack: err.stack };
  if (e instanceof CompileError || (err.name === 'CompileError' && typeof (err as CompileError).line === 'number')) {
    const c = err as CompileError;
    out.compile = { file: c.file, line: c.line, col: c.col, text: c.text, sourceLine: c.sourceLine, hint: c.hint, diagnostics: c.diagnostics };
  }
  return out;
}

/** Re-points a diagnostic of the generated module at the snippet. */
function mapDiagnostic(given: DiagnosticInfo, m: InlineModule | null, label: string, genFile: string): DiagnosticInfo {
  const d = given.hint === undefined || given.hint === null ? { ...given, hint: defaultHint(given.text) } : given;
  if (!m || d.file !== genFile) return d;
  const lm = m.map[d.line - 1];
  if (!lm || lm.line === 0) {
    return { ...d, file: `${label} (generated signature)`, line: 1, col: 1, sourceLine: m.defLine, hint: d.hint ?? `the snippet is compiled as the body of: ${m.defLine}` };
  }
  return {
    ...d,
    file: label,
    line: lm.line,
    col: Math.max(1, d.col + lm.colShift),
    sourceLine: m.original[lm.line - 1] ?? d.sourceLine,
  };
}

function rebuildError(s: SerializedError, m: InlineModule | null, label: string, genFile: string): Error {
  if (s.compile) {
    const first = mapDiagnostic(s.compile, m, label, genFile);
    const ce = new CompileError(first);
    ce.diagnostics = (s.compile.diagnostics ?? [s.compile]).map((d) => mapDiagnostic(d, m, label, genFile));
    return ce;
  }
  const e = new Error(s.message);
  e.name = s.name;
  if (s.stack) e.stack = s.stack;
  return e;
}

// ---------------------------------------------------------------- synchronous compile (worker)
interface CompileRequest {
  file: string;
  backend?: BackendChoice;
  cacheDir: string;
  force?: boolean;
}
type CompileReply =
  | { ok: true; glue: string; glueFile: string | null; key: string; backend: string; fromCache: boolean }
  | { ok: false; error: SerializedError };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { flag, port, compileUrl } = workerData;
const done = (msg) => { port.postMessage(msg); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
const ser = (e) => {
  const err = e instanceof Error ? e : new Error(String(e));
  const out = { name: err.name, message: err.message, stack: err.stack };
  if (err.name === 'CompileError' && typeof err.line === 'number') {
    out.compile = { file: err.file, line: err.line, col: err.col, text: err.text, sourceLine: err.sourceLine, hint: err.hint, diagnostics: err.diagnostics };
  }
  return out;
};
let compiler = null;
port.on('message', async (req) => {
  try {
    compiler ??= import(compileUrl);
    const { compileFile } = await compiler;
    const r = await compileFile(req.file, { backend: req.backend, cacheDir: req.cacheDir, force: req.force });
    done({ ok: true, glue: r.glue, glueFile: r.glueFile, key: r.key, backend: r.backend, fromCache: r.fromCache });
  } catch (e) {
    done({ ok: false, error: ser(e) });
  }
});
`;

let worker: { port: import('node:worker_threads').MessagePort; flag: Int32Array; receive: (p: import('node:worker_threads').MessagePort) => { message: unknown } | undefined } | null = null;
const requireHere = createRequire(import.meta.url);

function startWorker(): NonNullable<typeof worker> {
  const wt = requireHere('node:worker_threads') as typeof import('node:worker_threads');
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new wt.MessageChannel();
  const w = new wt.Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { flag, port: port2, compileUrl: distUrl('build/compile.js') },
    transferList: [port2],
    // the compiler must not see the app's loader flags (e.g. --import cypyx/register)
    execArgv: [],
  });
  w.unref();
  port1.unref();
  return { port: port1, flag, receive: wt.receiveMessageOnPort };
}

/** Compiles a .pyx synchronously (in the helper worker) through compileFile. */
export function compileFileSync(req: CompileRequest): CompileReply {
  worker ??= startWorker();
  const { port, flag, receive } = worker;
  Atomics.store(flag, 0, 0);
  port.postMessage(req);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const r = Atomics.wait(flag, 0, 0, 1000);
    if (r !== 'timed-out') break;
    if (Date.now() > deadline) throw new Error(`cypyx inline: compiling ${req.file} did not finish within 10 minutes`);
  }
  const got = receive(port);
  if (!got) throw new Error('cypyx inline: the compile worker did not answer');
  return got.message as CompileReply;
}

/** Loads a compiled module's glue synchronously (require of an ES module, Node >= 20.19). */
function requireGlue(glueFile: string | null, glue: string, key: string): Record<string, unknown> {
  let path = glueFile;
  if (!path) {
    // memory-mode cache (unwritable directory): the glue still has to be a file to be required
    const dir = join(tmpdir(), `cypyx-inline-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    path = join(dir, `${key}.mjs`);
    if (!existsSync(path)) atomicWrite(path, glue);
  }
  try {
    return requireHere(path) as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_REQUIRE_ASYNC_MODULE' || code === 'ERR_REQUIRE_ESM') {
      throw new Error(
        `cypyx inline: the compiled module cannot be loaded synchronously here (${code}); use inlineAsync() / pyxAsync()`,
        { cause: e },
      );
    }
    throw e;
  }
}

// ---------------------------------------------------------------- writing the generated source
function writeSource(dir: string, stem: string, text: string): string {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 20);
  const file = join(dir, 'inline', `${stem}_${hash}.pyx`);
  let same = false;
  try {
    same = readFileSync(file, 'utf8') === text;
  } catch {
    // not there yet
  }
  if (!same) {
    mkdirSync(join(dir, 'inline'), { recursive: true });
    atomicWrite(file, text);
  }
  return file;
}

// ---------------------------------------------------------------- inline
export type InlineFunction = (...args: unknown[]) => unknown;

interface Prepared {
  file: string;
  module: InlineModule;
  names: string[];
  cacheDir: string;
}

const memo = new Map<string, InlineFunction>();

function prepare(code: string, args: Record<string, unknown>, options: InlineOptions): { key: string; names: string[]; prep: () => Prepared } {
  if (typeof code !== 'string') throw new TypeError('cypyx inline: the code must be a string');
  if (args === null || typeof args !== 'object') throw new TypeError('cypyx inline: args must be an object of named values');
  const names = Object.keys(args);
  const types: [string, string | null][] = names.map((n) => {
    const explicit = options.types?.[n];
    if (explicit !== undefined) return [n, explicit === 'object' ? null : explicit];
    return [n, inferType(args[n], options)];
  });
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = JSON.stringify([code, types, options.directives ?? null, options.backend ?? null, cacheDir]);
  return {
    key,
    names,
    prep: () => {
      for (const n of names) checkArgName(n);
      const module = snippetModule(code, types, options.directives);
      return { file: writeSource(cacheDir, 'inline', module.text), module, names, cacheDir };
    },
  };
}

/**
 * Compiles `code` (a function body; leading `cimport` lines allowed) with one parameter per
 * property of `args`, typed from its value, and runs it with those values. Compiled once per
 * (code, argument types) and cached on disk; synchronous.
 *
 *     inline('return a * b + c', { a: 2, b: 3.5, c: 1 })           // 8
 *     inline('from libc.math cimport sqrt\nreturn sqrt(x)', { x: 2 })
 */
export function inline(code: string, args: Record<string, unknown> = {}, options: InlineOptions = {}): unknown {
  const { key, names, prep } = prepare(code, args, options);
  let fn = memo.get(key);
  if (!fn) {
    const p = prep();
    const r = compileFileSync({ file: p.file, backend: options.backend, cacheDir: p.cacheDir, force: options.force });
    if (!r.ok) throw rebuildError(r.error, p.module, '<inline>', p.file);
    const mod = requireGlue(r.glueFile, r.glue, r.key);
    fn = inlineEntry(mod, p);
    memo.set(key, fn);
  }
  return fn(...names.map((n) => args[n]));
}

/** inline() without blocking: compiles in this thread (compileFile) and imports the module. */
export async function inlineAsync(code: string, args: Record<string, unknown> = {}, options: InlineOptions = {}): Promise<unknown> {
  const { key, names, prep } = prepare(code, args, options);
  let fn = memo.get(key);
  if (!fn) {
    const p = prep();
    const { compileFile } = await import('./build/compile.js');
    let r: CompileResult;
    try {
      r = await compileFile(p.file, { backend: options.backend, cacheDir: p.cacheDir, force: options.force });
    } catch (e) {
      throw rebuildError(serializeError(e), p.module, '<inline>', p.file);
    }
    const mod = (await importGlue(r)) as Record<string, unknown>;
    fn = inlineEntry(mod, p);
    memo.set(key, fn);
  }
  return fn(...names.map((n) => args[n]));
}

async function importGlue(r: CompileResult): Promise<unknown> {
  if (r.glueFile) return import(pathToFileURL(r.glueFile).href);
  return import(`data:text/javascript;base64,${Buffer.from(r.glue).toString('base64')}`);
}

/** The snippet's function, with runtime errors' .pyx positions re-pointed at the snippet. */
function inlineEntry(mod: Record<string, unknown>, p: Prepared): InlineFunction {
  const f = mod['__inline__'];
  if (typeof f !== 'function') throw new Error(`cypyx inline: the compiled module ${p.file} has no __inline__ function`);
  const call = f as InlineFunction;
  return (...args: unknown[]) => {
    try {
      return call(...args);
    } catch (e) {
      throw repointRuntimeError(e, p);
    }
  };
}

/** `...inline_<hash>.pyx:12` in a runtime error's stack → `<inline>:<snippet line>`. */
function repointRuntimeError(e: unknown, p: Prepared): unknown {
  if (!(e instanceof Error)) return e;
  const base = p.file.split(/[\\/]/).pop()!;
  const re = new RegExp(`[^\\s(]*${base.replace(/[.]/g, '\\.')}:(\\d+)(?::\\d+)?`, 'g');
  const fix = (s: string): string =>
    s.replace(re, (all, ln: string) => {
      const m = p.module.map[Number(ln) - 1];
      return m && m.line > 0 ? `<inline>:${m.line}` : all;
    });
  try {
    if (typeof e.stack === 'string' && e.stack.includes(base)) e.stack = fix(e.stack);
    const pe = e as Error & { pyxFile?: string; pyxLine?: number };
    if (typeof pe.pyxFile === 'string' && pe.pyxFile === p.file && typeof pe.pyxLine === 'number') {
      const m = p.module.map[pe.pyxLine - 1];
      if (m && m.line > 0) {
        pe.pyxFile = '<inline>';
        pe.pyxLine = m.line;
      }
    }
  } catch {
    // frozen error: leave it
  }
  return e;
}

// ---------------------------------------------------------------- pyx``
type Tag = (strings: TemplateStringsArray, ...values: unknown[]) => Record<string, unknown>;

const moduleMemo = new Map<string, Record<string, unknown>>();

function templateText(strings: TemplateStringsArray, values: unknown[]): string {
  let s = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) s += String(values[i]) + (strings[i + 1] ?? '');
  return s;
}

function moduleText(code: string): { text: string; cut: number; original: string[] } {
  const { lines, cut } = dedent(code);
  return { text: lines.join('\n') + '\n', cut, original: code.split(/\r\n|\r|\n/) };
}

function pyxModuleInfo(code: string): InlineModule {
  const { text, cut, original } = moduleText(code);
  return { text, map: original.map((_, i) => ({ line: i + 1, colShift: cut })), original, defLine: '' };
}

function compilePyx(code: string, options: PyxOptions): Record<string, unknown> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const key = JSON.stringify([code, options.directives ?? null, options.backend ?? null, cacheDir]);
  const hit = moduleMemo.get(key);
  if (hit && !options.force) return hit;
  const info = pyxModuleInfo(code);
  const text = options.directives ? `${header(options.directives)}\n${info.text}` : info.text;
  if (options.directives) info.map.unshift({ line: 0, colShift: 0 });
  const file = writeSource(cacheDir, 'pyx', text);
  const r = compileFileSync({ file, backend: options.backend, cacheDir, force: options.force });
  if (!r.ok) throw rebuildError(r.error, info, '<pyx>', file);
  const mod = requireGlue(r.glueFile, r.glue, r.key);
  moduleMemo.set(key, mod);
  return mod;
}

/**
 * A tagged template that compiles a whole .pyx module and returns its exports (synchronous):
 *
 *     const { fib } = pyx`
 *       def fib(int n):
 *           return n if n < 2 else fib(n - 1) + fib(n - 2)
 *     `;
 *
 * Interpolated values are inserted as text. `pyx(options)` returns a tag with options, and
 * `pyx(code)` compiles a string.
 */
export function pyx(strings: TemplateStringsArray, ...values: unknown[]): Record<string, unknown>;
export function pyx(code: string, options?: PyxOptions): Record<string, unknown>;
export function pyx(options: PyxOptions): Tag;
export function pyx(first: TemplateStringsArray | string | PyxOptions, ...rest: unknown[]): Record<string, unknown> | Tag {
  if (typeof first === 'string') return compilePyx(first, (rest[0] as PyxOptions | undefined) ?? {});
  if (Array.isArray(first) && 'raw' in first) return compilePyx(templateText(first as TemplateStringsArray, rest), {});
  const options = first as PyxOptions;
  return (strings: TemplateStringsArray, ...values: unknown[]) => compilePyx(templateText(strings, values), options);
}
