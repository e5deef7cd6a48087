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
// NDArray; index.js: everything), since V8 parses all of an imported module (the whole
// runtime costs ~20 ms in a fresh process). The wasm runtime is an entry point too.
// Code splitting puts the code entry points share into chunks, so every runtime module
// has one instance per thread whichever entry points are loaded (exception classes,
// NDArray, the wasm memory). The entry points keep their paths, so `cypyx/runtime`,
// dist/index.js and the glue share that instance.
await bundle({
  entryPoints: ['index', 'core', 'nd', 'wasm'].map((e) => join(src, 'runtime', `${e}.ts`)),
  outdir: dist,
  chunkNames: 'runtime/chunk-[hash]',
  platform: 'neutral',
  target: 'es2022',
  external: ['node:*'],
});
// The native loader (glue of the native back end imports it) with the addon's loader
// (src/native/addon.ts) in one file: one module to fetch instead of two in a row.
await bundle({
  entryPoints: [join(src, 'runtime', 'loader-native.ts')],
  outdir: dist,
  chunkNames: 'runtime/[name]',
  splitting: false,
  platform: 'node',
  target: 'node20',
});
// The loader hooks run on Node's hooks thread, a worker that starts with no code
// loaded: there each module costs its own resolve, read and compile (~0.8 ms apiece),
// and the ten modules of a cache lookup cost more than the lookup itself. So
// loader-hook.js is bundled, and what it imports lazily on the first .pyx
// (build/compile.ts with the cache, key and addon code) is one chunk in dist/build/.
// The compiler proper (src/compile: front end and back ends, imported on a miss) stays
// the unbundled modules. Only the hooks thread loads these bundles; elsewhere (cypyx's
// API on the main thread) build/compile.js is the unbundled module as before.
await bundle({
  entryPoints: [join(src, 'loader-hook.ts')],
  outdir: dist,
  chunkNames: 'build/hook-[hash]',
  platform: 'node',
  target: 'node20',
  unbundled: join(src, 'compile'),
});

/**
 * esbuild with code splitting (outdir dist/), for code under src/ whose bundled modules
 * land in files of one directory (chunkNames' directory, checked against the metafile). A
 * bundled module keeps the import.meta.url of its unbundled twin in dist/ (the addon and
 * dist/ are found relative to it), and imports of modules under `unbundled` stay
 * imports of those dist/ modules.
 */
async function bundle({ entryPoints, outdir, chunkNames, unbundled, ...rest }) {
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
    logLevel: 'warning',
    allowOverwrite: true,
    metafile: true,
    ...rest,
    plugins: [
      {
        name: 'cypyx-bundle',
        setup(b) {
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
            if (!text.includes('import.meta.url') || entryPoints.includes(args.path)) return undefined;
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
