// Options of the cypyx bundler plugin (cypyx/vite, cypyx/esbuild, cypyx/rollup, cypyx/webpack).
import type { BackendChoice } from '../build/backend.js';

export type PluginTarget = 'browser' | 'node';

export interface CypyxPluginOptions {
  /**
   * Where the bundle runs. Default: detected — Vite: SSR → node, else browser;
   * esbuild: `platform: 'node'` → node, else browser; webpack: a `node`/`electron-main`
   * target → node, else browser; Rollup: browser.
   */
  target?: PluginTarget;
  /**
   * Back end of node (SSR) builds: native | wasm | js | auto. Default: $CYPYX_BACKEND,
   * else auto (native when the addon loads), with the loader hook's glue: it imports
   * cypyx's runtime from its install and loads its object from this machine's cache.
   * 'wasm' makes the module self-contained as in browsers (runtime bundled, .wasm an
   * asset or inlined): a server bundle that can move to another machine.
   */
  backend?: BackendChoice;
  /** Back end of browser builds: 'wasm' (default) or 'js' (the generic JavaScript back end). */
  browserBackend?: 'wasm' | 'js';
  /**
   * A .wasm of at most this many bytes is inlined into the glue (base64) instead of
   * being emitted as an asset. Default 4096; 0 never inlines, Infinity always does.
   */
  inlineWasmLimit?: number;
  /** Cache directory. Default: the one the loader hook uses ($CYPYX_CACHE_DIR, else node_modules/.cache/cypyx). */
  cacheDir?: string;
}

export const DEFAULT_INLINE_WASM_LIMIT = 4096;
