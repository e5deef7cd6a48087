// The cypyx bundler plugin: one unplugin serving Vite, esbuild, Rollup and webpack.
//
//   import cypyx from 'cypyx/vite';      plugins: [cypyx()]
//   import cypyx from 'cypyx/esbuild';   plugins: [cypyx()]
//   import cypyx from 'cypyx/rollup';    plugins: [cypyx()]
//   import cypyx from 'cypyx/webpack';   plugins: [cypyx()]
//
// A `.pyx` import loads as the module compileFile builds (the same content-hash cache
// as the loader hook):
//   - node (SSR) builds: the loader hook's glue (native by default). It imports the
//     runtime and the native loader by file: URLs into cypyx's dist/, which stay
//     external, and loads its object from the cache.
//   - browser builds: the wasm back end, with glue that imports the runtime by the bare
//     specifier `cypyx/runtime` (bundled) and gets the .wasm from an emitted asset, or
//     from a base64 string for a small module (see wasm-glue.ts).
// Compile errors are reported through the bundler with file, line and column; the .pyx
// and the .pxd files it cimports are watched; the Vite dev server hot-updates the
// modules that import an edited .pyx (or a .pxd one cimports).
import { createUnplugin, type UnpluginContextMeta, type UnpluginFactory, type UnpluginOptions } from 'unplugin';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompileFileOptions, CompileResult } from '../build/compile.js';
import { isCompileError, pyxErrorInfo, type PyxErrorInfo } from './errors.js';
import { DEFAULT_INLINE_WASM_LIMIT, type CypyxPluginOptions, type PluginTarget } from './options.js';
import { DIST_DIR, DIST_URL_PREFIX, RUNTIME_FILE, RUNTIME_SPECIFIER, WASM_RUNTIME_FILE, pyxFileOf } from './shared.js';
import { ESBUILD_WASM_PREFIX, WASM_RUNTIME_SPECIFIER, browserModule, type WasmAssetRequest } from './wasm-glue.js';

export type { CypyxPluginOptions, PluginTarget } from './options.js';

/** What a .pyx import turned into (exposed for tests and tools through `onModule`). */
export interface PyxModuleInfo {
  file: string;
  target: PluginTarget;
  backend: CompileResult['backend'];
  key: string;
  fromCache: boolean;
  /** The files watched for it: the .pyx and the .pxd/.pyx files it cimports. */
  watch: string[];
  /** Size of the .wasm (browser builds on the wasm back end). */
  wasmBytes?: number;
  /** How the .wasm reaches the page. */
  wasm?: 'asset' | 'inline' | 'dev-url';
  ms: number;
}

export interface CypyxPluginInternalOptions extends CypyxPluginOptions {
  /** Called for every .pyx module the plugin builds (tests, tooling). */
  onModule?: (info: PyxModuleInfo) => void;
}

const DEV_WASM_PREFIX = '@cypyx/wasm/';

type ViteLikeServer = {
  middlewares: { use(fn: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): void };
  moduleGraph: { getModulesByFile(file: string): Set<unknown> | undefined };
};

export const unpluginFactory: UnpluginFactory<CypyxPluginInternalOptions | undefined, false> = (
  rawOptions: CypyxPluginInternalOptions | undefined,
  meta: UnpluginContextMeta,
): UnpluginOptions => {
  const options: CypyxPluginInternalOptions = rawOptions ?? {};
  const framework = meta.framework;
  /** Target for frameworks that decide it once per build (esbuild, webpack, rollup). */
  let buildTarget: PluginTarget = options.target ?? 'browser';
  let webpackTargetKnown = false;
  let viteServe = false;
  let viteBase = '/';
  /** .pyx file → the files it was compiled from (for HMR on .pxd edits). */
  const watchedBy = new Map<string, string[]>();
  /** Dev server: name → .wasm bytes. */
  const devWasm = new Map<string, Uint8Array>();

  async function compile(file: string, target: PluginTarget, onDeps: (files: string[]) => void): Promise<CompileResult> {
    const { compileFile } = await import('../build/compile.js');
    const common: CompileFileOptions = { onDeps };
    if (options.cacheDir) common.cacheDir = options.cacheDir;
    if (target === 'node' && !selfContained(target)) {
      return compileFile(file, options.backend ? { ...common, backend: options.backend } : common);
    }
    if (target === 'node') return compileFile(file, { ...common, backend: 'wasm', runtimeUrl: RUNTIME_SPECIFIER });
    return compileFile(file, { ...common, backend: options.browserBackend ?? 'wasm', runtimeUrl: RUNTIME_SPECIFIER });
  }

  /**
   * Whether the module is made self-contained (runtime bundled, .wasm an asset or
   * inlined): always in browsers; in node builds with `backend: 'wasm'`, so that the
   * server bundle runs on another machine.
   */
  function selfContained(target: PluginTarget): boolean {
    return target === 'browser' || options.backend === 'wasm';
  }

  function readSource(file: string): string | null {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  }

  /** How the wasm of a browser module reaches the page, per bundler. */
  function wasmRequest(ctx: unknown): WasmAssetRequest {
    if (framework === 'vite' && viteServe) return { kind: 'dev-url', base: viteBase + DEV_WASM_PREFIX, register: (n, b) => devWasm.set(n, b) };
    if (framework === 'vite' || framework === 'rollup' || framework === 'rolldown') {
      const c = ctx as { emitFile(f: { type: 'asset'; name: string; source: Uint8Array }): string };
      return { kind: 'rollup', emit: (name, source) => c.emitFile({ type: 'asset', name, source }) };
    }
    if (framework === 'webpack') return { kind: 'webpack' };
    return { kind: 'esbuild' };
  }

  function webpackTarget(ctx: unknown): PluginTarget {
    if (options.target) return options.target;
    if (!webpackTargetKnown) {
      const native = (ctx as { getNativeBuildContext?: () => { compiler?: { options: { target?: unknown; externalsPresets?: { node?: boolean } } } } })
        .getNativeBuildContext?.();
      const o = native?.compiler?.options;
      if (o) {
        const targets = ([] as unknown[]).concat(o.target ?? []).map(String);
        buildTarget = o.externalsPresets?.node || targets.some((t) => /^(node|async-node|electron-main|electron-preload)/.test(t)) ? 'node' : 'browser';
        webpackTargetKnown = true;
      }
    }
    return buildTarget;
  }

  type Ctx = {
    addWatchFile(id: string): void;
    error(e: string | { message: string; id?: string; loc?: unknown; frame?: string; stack?: string }): unknown;
    environment?: { config?: { consumer?: string } };
  };

  async function loadPyx(ctx: Ctx, id: string, ssr: boolean | undefined): Promise<{ code: string; map: null } | null> {
    const file = pyxFileOf(id);
    if (!file) return null;
    const t0 = performance.now();
    const target: PluginTarget =
      framework === 'vite'
        ? options.target ?? (ssr || ctx.environment?.config?.consumer === 'server' ? 'node' : 'browser')
        : framework === 'webpack'
          ? webpackTarget(ctx)
          : buildTarget;
    let watch: string[] = [file];
    const onDeps = (files: string[]): void => {
      watch = files;
    };
    let result: CompileResult;
    try {
      result = await compile(file, target, onDeps);
    } catch (e) {
      for (const f of watch) if (f !== file) ctx.addWatchFile(f);
      watchedBy.set(file, watch);
      if (!isCompileError(e)) throw e;
      const info: PyxErrorInfo = pyxErrorInfo(e, readSource(e.file), framework === 'vite' ? 1 : 0);
      ctx.error({ message: info.message, id: info.id, loc: info.loc, frame: info.frame, stack: `${e.name}: ${info.message}` });
      // esbuild collects errors and webpack emits them; neither throws here.
      return { code: `throw new Error(${JSON.stringify(info.message)});\n`, map: null };
    }
    for (const f of watch) if (f !== file) ctx.addWatchFile(f);
    watchedBy.set(file, watch);

    let code = result.glue;
    let wasmInfo: Pick<PyxModuleInfo, 'wasm' | 'wasmBytes'> = {};
    if (selfContained(target)) {
      // Vite's SSR: the module runner cannot fetch from the dev server, and an ssr build
      // neither emits assets by default nor gives their URLs as files: inline.
      const inlineAll = target === 'node' && framework === 'vite';
      const out = browserModule(result, {
        file,
        inlineLimit: inlineAll ? Infinity : options.inlineWasmLimit ?? DEFAULT_INLINE_WASM_LIMIT,
        request: wasmRequest(ctx),
      });
      code = out.code;
      if (out.wasmBytes !== undefined) wasmInfo = { wasm: out.wasm!, wasmBytes: out.wasmBytes };
    }
    options.onModule?.({
      file,
      target,
      backend: result.backend,
      key: result.key,
      fromCache: result.fromCache,
      watch,
      ...wasmInfo,
      ms: Math.round((performance.now() - t0) * 10) / 10,
    });
    return { code, map: null };
  }

  const plugin: UnpluginOptions = {
    name: 'cypyx',
    enforce: 'pre',

    resolveId: {
      filter: { id: /^(cypyx\/runtime(\/wasm)?$|file:)/ },
      handler(id: string) {
        if (framework === 'esbuild') return null; // see esbuild.setup
        if (id === RUNTIME_SPECIFIER) return RUNTIME_FILE;
        if (id === WASM_RUNTIME_SPECIFIER) return WASM_RUNTIME_FILE;
        if (!id.startsWith(DIST_URL_PREFIX) || framework === 'webpack') return null;
        // Node glue: cypyx's runtime and native loader stay outside the bundle. Vite's dev
        // server cannot externalize a file: URL for SSR (its module runner would try to
        // transform it): there they run through the module runner, as files.
        if (framework === 'vite' && viteServe) return fileURLToPath(id);
        return { id, external: true };
      },
    },

    load: {
      filter: { id: /\.pyx(?:[?#].*)?$/ },
      async handler(this: unknown, id: string, loadOptions?: { ssr?: boolean }) {
        return loadPyx(this as Ctx, id, loadOptions?.ssr);
      },
    },

    vite: {
      config() {
        // The runtime is a plain ES module that the plugin resolves itself; the dep
        // optimizer has nothing to do with it.
        return { optimizeDeps: { exclude: [RUNTIME_SPECIFIER] } };
      },
      configResolved(config) {
        viteServe = config.command === 'serve';
        viteBase = config.base && config.base.startsWith('/') ? config.base : '/';
        // The dev server may serve the runtime from cypyx's dist/, wherever cypyx is.
        const allow = config.server?.fs?.allow as string[] | undefined;
        if (Array.isArray(allow) && !allow.includes(DIST_DIR)) allow.push(DIST_DIR);
      },
      configureServer(server) {
        const s = server as unknown as ViteLikeServer;
        s.middlewares.use((req, res, next) => {
          const url = req.url ?? '';
          const at = url.indexOf(DEV_WASM_PREFIX);
          if (at < 0) return next();
          const name = decodeURIComponent(url.slice(at + DEV_WASM_PREFIX.length).replace(/[?#].*$/, ''));
          const bytes = devWasm.get(name);
          if (!bytes) return next();
          res.statusCode = 200;
          res.setHeader('Content-Type', 'application/wasm');
          res.setHeader('Cache-Control', 'no-cache');
          res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        });
      },
      handleHotUpdate(ctx) {
        // A .pxd (or cimported .pyx) edit: update every .pyx module compiled from it.
        const extra = new Set(ctx.modules);
        for (const [pyx, files] of watchedBy) {
          if (pyx !== ctx.file && files.includes(ctx.file)) {
            for (const m of ctx.server.moduleGraph.getModulesByFile(pyx) ?? []) extra.add(m);
          }
        }
        return extra.size > ctx.modules.length ? [...extra] : undefined;
      },
    },

    esbuild: {
      onResolveFilter: /^(cypyx\/runtime(\/wasm)?$|file:|cypyx-wasm:)/,
      onLoadFilter: /\.pyx(?:[?#].*)?$/,
      loader: 'js',
      config(initial) {
        if (!options.target) buildTarget = initial.platform === 'node' ? 'node' : 'browser';
      },
      setup(build) {
        build.onResolve({ filter: /^cypyx\/runtime$/ }, () => ({ path: RUNTIME_FILE }));
        build.onResolve({ filter: /^cypyx\/runtime\/wasm$/ }, () => ({ path: WASM_RUNTIME_FILE }));
        build.onResolve({ filter: /^file:/ }, (args) => (args.path.startsWith(DIST_URL_PREFIX) ? { path: args.path, external: true } : undefined));
        build.onResolve({ filter: /^cypyx-wasm:/ }, (args) => ({ path: args.path.slice(ESBUILD_WASM_PREFIX.length), namespace: 'cypyx-wasm' }));
        build.onLoad({ filter: /.*/, namespace: 'cypyx-wasm' }, (args) => ({ contents: readFileSync(args.path), loader: 'file' }));
      },
    },

    webpack(compiler) {
      // Node glue imports cypyx's runtime and native loader by file: URL: keep them
      // external (loaded by Node's own import at run time).
      const external = (data: { request?: string }, callback: (err?: Error | null, result?: string) => void): void => {
        const r = data.request;
        if (r && r.startsWith(DIST_URL_PREFIX)) callback(null, `import ${r}`);
        else callback();
      };
      const prev = compiler.options.externals;
      compiler.options.externals = (prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]).concat(
        external as never,
      ) as typeof compiler.options.externals;
    },
  };
  return plugin;
};

export const unplugin = /* #__PURE__ */ createUnplugin(unpluginFactory);
export default unplugin;
