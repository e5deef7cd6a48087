// Transpiles src/**/*.ts to dist/ with esbuild (one file in, one file out; no bundling,
// so module boundaries stay as written). Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, readFileSync, writeFileSync, renameSync, existsSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
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
await build({
  entryPoints: ['index', 'core', 'nd', 'wasm'].map((e) => join(src, 'runtime', `${e}.ts`)),
  outdir: join(dist, 'runtime'),
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: 'linked',
  external: ['node:*'],
  logLevel: 'warning',
  allowOverwrite: true,
});
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
