// Transpiles src/**/*.ts to dist/ with esbuild (one file in, one file out; no bundling,
// so module boundaries stay as written). Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, readFileSync, writeFileSync, renameSync, existsSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const finalDist = join(root, 'dist');
// Build beside dist/ and swap it in at the end, so that a process importing
// cypyx meanwhile never sees a half-built or missing dist/.
const dist = join(root, `.dist-${process.pid}`);

function collect(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const entryPoints = collect(src);
await build({
  entryPoints,
  outdir: dist,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The runtime is imported by every compiled module. Loaded as ~30 files, each
// import would also make a round trip through the loader-hook thread; bundles replace
// them. Several entry points (src/runtime/tiers.ts): the glue imports the smallest
// that has what it uses (core.js: conversions and errors; nd.js: + memoryviews and
// NDArray; uf.js: + ufuncs; index.js: everything), since V8 parses all of an imported
// module (the whole runtime costs ~20 ms in a fresh process). The wasm runtime is an
// entry point too. Every runtime module must have one instance per thread whichever
// entry points are loaded (exception classes, NDArray, the wasm memory), and the entry
// points keep their paths, so `cypyx/runtime`, dist/index.js and the glue share that
// instance.
//
// So the entry points are layers, each ONE file: core.js holds every module core.ts
// reaches, nd.js the modules nd.ts reaches that core.js does not hold, and so on up to
// index.js; a layer imports the modules of lower layers from their files (external
// there), and exports, besides its entry's names, every export of its modules for the
// layers above. A hit of a native module whose functions take and return C scalars and
// memoryviews imports core.js and loader-native.js only, one of a module with ufuncs
// uf.js, nd.js and core.js: under module.register each file is a resolve and a load
// round trip to the hooks thread (core.js as esbuild's code-split chunks cost ~5 ms more,
// uf.js ~4 ms more).
const runtimeDir = join(src, 'runtime');
await bundleLayers(['core', 'nd', 'uf', 'wasm', 'index']);
// The native loader (glue of the native back end imports it) with the addon's loader
// (src/native/addon.ts) in one file: one module to fetch instead of two in a row, and
// Node's built-in modules taken with process.getBuiltinModule (Node >= 20.16) instead
// of imports, each of which would be two more round trips to the hooks thread.
await bundle({
  entryPoints: [join(runtimeDir, 'loader-native.ts')],
  outdir: dist,
  chunkNames: 'runtime/[name]',
  splitting: false,
  platform: 'node',
  target: 'node20',
  builtinsFromProcess: true,
});

/** The .ts modules `entry` reaches through its imports (itself included). */
async function moduleClosure(entry) {
  const r = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral', outdir: dist, logLevel: 'silent' });
  return Object.keys(r.metafile.inputs).map((p) => join(root, p));
}

/** The names a module exports (type-only exports aside). */
async function exportsOf(file) {
  const r = await build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: 'esm', outdir: dist, logLevel: 'silent' });
  return Object.values(r.metafile.outputs).find((o) => o.entryPoint)?.exports ?? [];
}

/**
 * dist/runtime/<layer>.js for each layer, lowest first (see above). Fails when two modules
 * of a layer export one name for different things (`export *` would drop it), or a module
 * imports a module of another layer as a namespace or re-exports all of it (it would get
 * all of that layer's file).
 */
async function bundleLayers(layers) {
  const owner = new Map(); // module → layer
  for (const layer of layers) {
    const entry = join(runtimeDir, `${layer}.ts`);
    const mods = (await moduleClosure(entry)).filter((m) => !owner.has(m));
    for (const m of mods) owner.set(m, layer);
    // the top layer's modules are nobody's imports: it exports its entry's names only
    const exportAll = layer !== layers.at(-1);
    const want = new Map();
    for (const m of exportAll ? mods : [entry]) for (const name of await exportsOf(m)) want.set(name, [...(want.get(name) ?? []), m]);
    const contents = (exportAll ? [entry, ...mods.filter((m) => m !== entry).sort()] : [entry]).map((m) => `export * from ${JSON.stringify(m)};`).join('\n');
    const r = await build({
      stdin: { contents, resolveDir: runtimeDir, sourcefile: `${layer}-layer.ts`, loader: 'ts' },
      outfile: join(dist, 'runtime', `${layer}.js`),
      absWorkingDir: root,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      sourcemap: 'linked',
      minifyWhitespace: true,
      logLevel: 'warning',
      allowOverwrite: true,
      metafile: true,
      plugins: [
        {
          name: 'cypyx-runtime-layers',
          setup(b) {
            // a module of a lower layer: imported from that layer's file
            b.onResolve({ filter: /^\./ }, (args) => {
              const target = join(args.resolveDir, args.path).replace(/\.js$/, '.ts');
              const l = owner.get(target);
              return l && l !== layer ? { path: `./${l}.js`, external: true } : undefined;
            });
          },
        },
      ],
    });
    const out = new Set(Object.values(r.metafile.outputs).find((o) => o.entryPoint)?.exports ?? []);
    const missing = [...want].filter(([name]) => !out.has(name));
    if (missing.length) {
      throw new Error(`build: dist/runtime/${layer}.js cannot export ${missing.map(([n, ms]) => `${n} (${ms.map((m) => relative(root, m)).join(', ')})`).join('; ')}`);
    }
  }
  for (const f of collect(runtimeDir)) {
    if (!owner.has(f)) continue;
    for (const [what, spec] of readFileSync(f, 'utf8').matchAll(/(?:import|export)\s+\*\s+(?:as\s+\w+\s+)?from\s+'(\.\/[\w.-]+)'/g)) {
      const l = owner.get(join(runtimeDir, spec.replace(/\.js$/, '.ts')));
      if (l && l !== owner.get(f)) throw new Error(`build: ${relative(root, f)}: \`${what}\` of a module of ${l}.js (import or re-export its names)`);
    }
  }
}
// The loader hooks run on Node's hooks thread, a worker that starts with no code
// loaded: there each module costs its own resolve, read and compile (~0.8 ms apiece),
// and the ten modules of a cache lookup cost more than the lookup itself. So
// loader-hook.js is one file, with the hit index (a cache hit needs nothing else), and
// what it imports on the first .pyx the index cannot serve (build/compile.ts with the
// cache, key and addon code) is another, dist/build/hook-compile.js. The two do not share
// chunks (a shared chunk would be one more file at the hooks thread's start): the few
// small modules both use (paths, the build id) are in each, and hold no state that
// matters. The compiler proper (src/compile: front end and back ends, imported on a
// miss) stays the unbundled modules. Only the hooks thread loads these bundles;
// elsewhere (cypyx's API on the main thread) build/compile.js is the unbundled module.
await bundle({
  entryPoints: [join(src, 'loader-hook.ts')],
  outdir: dist,
  chunkNames: '[name]',
  splitting: false,
  platform: 'node',
  target: 'node20',
  redirect: new Map([[join(src, 'build', 'compile.ts'), './build/hook-compile.js']]),
});
await bundle({
  entryPoints: [{ in: join(src, 'build', 'compile.ts'), out: 'build/hook-compile' }],
  outdir: dist,
  chunkNames: 'build/[name]',
  splitting: false,
  platform: 'node',
  target: 'node20',
  unbundled: join(src, 'compile'),
});

/**
 * esbuild with code splitting (outdir dist/), for code under src/ whose bundled modules
 * land in files of one directory (chunkNames' directory, checked against the metafile). A
 * bundled module keeps the import.meta.url of its unbundled twin in dist/ (the addon and
 * dist/ are found relative to it), and imports of modules under `unbundled` stay
 * imports of those dist/ modules. Bundles are minified as to whitespace and comments only
 * (names and code as written; linked source maps): V8 scans every byte of a module it
 * loads, and that made core.js ~1.3 ms quicker to load (6.8 -> 5.4 ms in a bare process).
 */
async function bundle({ entryPoints, outdir, chunkNames, unbundled, builtinsFromProcess, redirect, ...rest }) {
  // entry points given as paths are output as their twins; {in, out} ones are not
  const twins = new Set(entryPoints.filter((e) => typeof e === 'string'));
  const chunkDir = join(outdir, dirname(chunkNames));
  const rewritten = new Set();
  const r = await build({
    entryPoints,
    outdir,
    outbase: src,
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    chunkNames,
    format: 'esm',
    sourcemap: 'linked',
    minifyWhitespace: true,
    logLevel: 'warning',
    allowOverwrite: true,
    metafile: true,
    ...rest,
    plugins: [
      {
        name: 'cypyx-bundle',
        setup(b) {
          if (redirect) {
            // a module imported from another bundle: external, by its path relative to the output
            b.onResolve({ filter: /^\./ }, (args) => {
              const to = redirect.get(join(args.resolveDir, args.path).replace(/\.js$/, '.ts'));
              return to ? { path: to, external: true } : undefined;
            });
          }
          if (builtinsFromProcess) {
            b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
            b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, async (args) => {
              // every export of the built-in; esbuild keeps the ones the bundle uses
              const names = Object.keys(await import(args.path)).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
              const lines = [`const m = process.getBuiltinModule(${JSON.stringify(args.path)});`];
              for (const n of names) lines.push(`export const ${n} = /* @__PURE__ */ (() => m.${n})();`);
              return { contents: lines.join('\n'), loader: 'js' };
            });
          }
          if (unbundled) {
            b.onResolve({ filter: /^\./ }, (args) => {
              const target = join(args.resolveDir, args.path).replace(/\.js$/, '.ts');
              if (!target.startsWith(unbundled + sep)) return undefined;
              const rel = relative(chunkDir, join(dist, relative(src, target))).replace(/\.ts$/, '.js');
              return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
            });
          }
          b.onLoad({ filter: /\.ts$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            // (an entry point's output is its twin)
            if (!text.includes('import.meta.url') || twins.has(args.path)) return undefined;
            rewritten.add(relative(root, args.path).split('\\').join('/'));
            const twin = relative(chunkDir, join(dist, relative(src, args.path))).replace(/\.ts$/, '.js').split('\\').join('/');
            return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(twin)}, import.meta.url).href`), loader: 'ts' };
          });
        },
      },
    ],
  });
  for (const [out, o] of Object.entries(r.metafile.outputs)) {
    if (dirname(join(root, out)) === chunkDir) continue;
    for (const input of Object.keys(o.inputs)) {
      if (rewritten.has(input)) throw new Error(`build: ${input} uses import.meta.url and was bundled into ${out}, outside ${relative(root, chunkDir)}`);
    }
  }
}
// A build id that changes with the output: part of every cache key (src/cache/fingerprint.ts).
const h = createHash('sha256');
for (const f of collectJs(dist).sort()) h.update(relative(dist, f)).update(readFileSync(f));
writeFileSync(join(dist, '.build-id'), h.digest('hex') + '\n');
// Declarations (package.json "types"): emitted by tsc with --dts (npm's prepare
// step, ~10 s); quicker rebuilds (npm test) carry the previous ones over.
if (process.argv.includes('--dts')) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', root, '--emitDeclarationOnly', '--declaration', '--outDir', dist], { stdio: 'inherit' });
  if (r.status !== 0) console.warn('cypyx: could not emit .d.ts declarations (type errors above); dist/ has JS only');
} else if (existsSync(finalDist)) {
  for (const f of collectFiles(finalDist, (n) => n.endsWith('.d.ts'))) {
    const to = join(dist, relative(finalDist, f));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f, to);
  }
}
const old = join(root, `.dist-old-${process.pid}`);
if (existsSync(finalDist)) renameSync(finalDist, old);
renameSync(dist, finalDist);
rmSync(old, { recursive: true, force: true });
console.log(`cypyx: built ${entryPoints.length} modules into dist/`);

function collectFiles(dir, keep, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collectFiles(p, keep, out);
    else if (keep(name)) out.push(p);
  }
  return out;
}

function collectJs(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collectJs(p, out);
    else if (name.endsWith('.js')) out.push(p);
  }
  return out;
}
