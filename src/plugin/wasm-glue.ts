// Browser modules: the glue compileFile made (runtimeUrl 'cypyx/runtime') with its .wasm
// delivered the bundler's way.
//
// For a Node process the wasm glue reads its binary from the cache:
//   import { loadWasm as $loadWasm } from "file:///…/dist/runtime/wasm.js";
//   const $wasm = $loadWasm("/…/cache/<key>.o", {"stateOffset":16,"heapBase":…});
// In a bundle both lines change:
//   - the wasm runtime is imported by the bare specifier `cypyx/runtime/wasm` (resolved
//     by the plugin to dist/runtime/wasm.js, which imports the same runtime index as
//     the glue), so it is bundled;
//   - a small binary (≤ inlineLimit) becomes a data: URL that loadWasm decodes and
//     compiles synchronously; a larger one is an asset, fetched and compiled
//     (streaming when served as application/wasm) by a top-level await, then
//     instantiated in the shared memory as loadWasm would (once per binary).
// docs/wasm-abi.md promises that the two lines keep this shape.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CompileResult } from '../build/compile.js';

/** The bare specifier browser glue imports the wasm runtime by. */
export const WASM_RUNTIME_SPECIFIER = 'cypyx/runtime/wasm';
/** esbuild: `import url from 'cypyx-wasm:<path>'` is the .wasm through esbuild's file loader. */
export const ESBUILD_WASM_PREFIX = 'cypyx-wasm:';

/** How the current bundler delivers a .wasm file. */
export type WasmAssetRequest =
  /** Rollup / Vite build: this.emitFile → import.meta.ROLLUP_FILE_URL_<ref>. */
  | { kind: 'rollup'; emit(name: string, source: Uint8Array): string }
  /** webpack: new URL('<absolute path>', import.meta.url) is an asset module. */
  | { kind: 'webpack' }
  /** esbuild: an import of the file through the `file` loader (a URL relative to the bundle). */
  | { kind: 'esbuild' }
  /** Vite dev server: served by the plugin's middleware under `base`. */
  | { kind: 'dev-url'; base: string; register(name: string, bytes: Uint8Array): void };

export interface BrowserModuleOptions {
  file: string;
  inlineLimit: number;
  request: WasmAssetRequest;
}

export interface BrowserModule {
  code: string;
  wasm?: 'asset' | 'inline' | 'dev-url';
  wasmBytes?: number;
}

const IMPORT_RE = /^import \{ loadWasm as \$loadWasm \} from "[^"\n]*";$/m;
const LOAD_RE = /^const \$wasm = \$loadWasm\(("(?:[^"\\\n]|\\.)*"), (\{[^\n]*\})\);$/m;

/** Compiles the .wasm at a URL: fetch (streaming compile when the server says application/wasm), or a file: URL read in Node. */
const COMPILE_HELPER = `async function $cypyxCompileWasm(url) {
  if (url.protocol === 'file:') {
    const fs = globalThis.process?.getBuiltinModule?.('node:fs');
    if (!fs) throw new Error('cypyx: cannot read ' + url + ' here');
    return WebAssembly.compile(fs.readFileSync(url));
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error('cypyx: cannot load ' + url + ': HTTP ' + res.status);
  if (typeof WebAssembly.compileStreaming === 'function' && (res.headers.get('Content-Type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}`;

function readBinary(ref: string): Uint8Array {
  if (ref.startsWith('data:')) return Buffer.from(ref.slice(ref.indexOf(',') + 1), 'base64');
  return readFileSync(ref);
}

/** `kernel-<key16>.wasm`: the asset's name (content-addressed by the cache key). */
function assetName(file: string, key: string): string {
  return `${basename(file).replace(/\.pyx$/, '')}-${key.slice(0, 16)}.wasm`;
}

/**
 * A copy of the binary named `*.wasm` (bundlers name and serve assets by extension),
 * in `<cache>/assets/`, written once (temp file + rename).
 */
function wasmAssetFile(ref: string, name: string, bytes: Uint8Array): string {
  const dir = join(dirname(ref), 'assets');
  const path = join(dir, name);
  try {
    if (statSync(path).size === bytes.byteLength) return path;
  } catch {
    // not written yet
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return path;
}

export function browserModule(result: CompileResult, opts: BrowserModuleOptions): BrowserModule {
  const glue = result.glue;
  if (result.backend !== 'wasm' || !IMPORT_RE.test(glue)) {
    // The JavaScript back end's glue, or a wasm module with no compiled function, only
    // imports the runtime: it is a browser module as is.
    if (result.backend === 'wasm' && /\$loadWasm\(/.test(glue)) throw shapeError(opts.file);
    return { code: glue };
  }
  const m = LOAD_RE.exec(glue);
  if (!m) throw shapeError(opts.file);
  const ref = JSON.parse(m[1]!) as string;
  const layout = m[2]!;
  const bytes = readBinary(ref);
  const name = assetName(opts.file, result.key);
  const req = opts.request;
  const inline = bytes.byteLength <= opts.inlineLimit || (req.kind !== 'rollup' && req.kind !== 'dev-url' && ref.startsWith('data:'));

  let imports = `import { loadWasm as $loadWasm, instantiateWasm as $instantiateWasm, sharedWasmMemory as $sharedWasmMemory } from ${JSON.stringify(WASM_RUNTIME_SPECIFIER)};`;
  let load: string;
  let how: BrowserModule['wasm'];
  if (inline) {
    const data = `data:application/wasm;base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
    load = `const $wasm = $loadWasm(${JSON.stringify(data)}, ${layout});`;
    how = 'inline';
  } else {
    let url: string;
    switch (req.kind) {
      case 'rollup':
        // Rollup gives an absolute URL; Vite a path under `base`.
        url = `new URL(import.meta.ROLLUP_FILE_URL_${req.emit(name, bytes)}, import.meta.url)`;
        how = 'asset';
        break;
      case 'dev-url':
        req.register(name, bytes);
        url = `new URL(${JSON.stringify(req.base + encodeURIComponent(name))}, import.meta.url)`;
        how = 'dev-url';
        break;
      case 'webpack':
        url = `new URL(${JSON.stringify(wasmAssetFile(ref, name, bytes))}, import.meta.url)`;
        how = 'asset';
        break;
      case 'esbuild':
        imports += `\nimport $cypyxWasmUrl from ${JSON.stringify(ESBUILD_WASM_PREFIX + wasmAssetFile(ref, name, bytes))};`;
        url = `new URL($cypyxWasmUrl, import.meta.url)`;
        how = 'asset';
        break;
    }
    // Once per binary per thread, as loadWasm does (a re-import of the module under
    // another URL shares the instance and its state block).
    load =
      `${COMPILE_HELPER}\n` +
      `const $cypyxLoaded = (globalThis[Symbol.for('cypyx.plugin.wasm')] ??= new Map());\n` +
      `if (!$cypyxLoaded.has(${JSON.stringify(name)})) $cypyxLoaded.set(${JSON.stringify(name)}, ` +
      `$cypyxCompileWasm(${url}).then((m) => $instantiateWasm(m, ${layout}, { memory: $sharedWasmMemory() })));\n` +
      `const $wasm = await $cypyxLoaded.get(${JSON.stringify(name)});`;
  }
  const code = glue.replace(IMPORT_RE, () => imports).replace(LOAD_RE, () => load);
  return { code, wasm: how, wasmBytes: bytes.byteLength };
}

function shapeError(file: string): Error {
  return new Error(
    `cypyx plugin (internal): the wasm glue of ${file} does not have the shape the plugin rewrites for browsers ` +
      '(import { loadWasm as $loadWasm } …; const $wasm = $loadWasm(ref, layout);)',
  );
}
