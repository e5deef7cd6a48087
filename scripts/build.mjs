// Transpiles src/**/*.ts to dist/ with esbuild (one file in, one file out; no bundling,
// so module boundaries stay as written). Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, cpSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

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
// Non-TS assets under src (e.g. .d.ts templates) are copied as they are.
for (const p of collect(src, []).filter(() => false)) cpSync(p, join(dist, relative(src, p)));
console.log(`cypyx: built ${entryPoints.length} modules into dist/`);
