// cypyx build: ahead-of-time compile into the cache (or --out, a cache directory of its own).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackendChoice } from '../../build/backend.js';
import type { CompileResult } from '../../build/compile.js';
import { collectPyx } from '../files.js';
import { bytes, diagnosticsOf, displayPath, formatDiag, makeStyle } from '../format.js';
import { Progress } from '../progress.js';

interface Row {
  file: string;
  ok: boolean;
  key?: string;
  backend?: string;
  fromCache?: boolean;
  ms?: number;
  glueFile?: string | null;
  objectFile?: string;
  error?: string;
}

export async function run(args: string[], o: Record<string, string | boolean>): Promise<number> {
  const files = collectPyx(args);
  const err = makeStyle(process.stderr);
  const out = makeStyle(process.stdout);
  const json = o['json'] === true;
  if (files.length === 0) {
    process.stderr.write('cypyx build: no .pyx files found\n');
    return json ? (process.stdout.write('[]\n'), 1) : 1;
  }
  const cacheDir = typeof o['out'] === 'string' ? resolve(o['out']) : typeof o['cache-dir'] === 'string' ? resolve(o['cache-dir']) : undefined;
  const backend = typeof o['backend'] === 'string' ? (o['backend'] as BackendChoice) : undefined;
  const { compileFile } = await import('../../build/compile.js');
  const progress = new Progress(files.length, process.stderr, err, o['quiet'] === true || json);
  const rows: Row[] = [];
  for (const file of files) {
    const shown = displayPath(file);
    try {
      const r: CompileResult = await compileFile(file, { backend, cacheDir, force: o['force'] === true });
      rows.push({
        file, ok: true, key: r.key, backend: r.backend, fromCache: r.fromCache, ms: r.timings.total,
        glueFile: r.glueFile, ...(r.objectFile ? { objectFile: r.objectFile } : {}),
      });
      progress.tick(shown, err.dim(r.fromCache ? '(cached)' : `(${r.backend}, ${Math.round(r.timings.total)} ms)`));
    } catch (e) {
      const diags = diagnosticsOf(e);
      const text = diags ? diags.map((d) => formatDiag(d, err)).join('\n') : `${shown}: ${e instanceof Error ? e.message : String(e)}`;
      rows.push({ file, ok: false, error: diags ? diags.map((d) => `${d.file}:${d.line}:${d.col}: ${d.text}`).join('\n') : String((e as Error)?.message ?? e) });
      progress.log(text);
      progress.tick(shown, err.red('failed'));
    }
  }
  progress.finish();
  const failed = rows.filter((r) => !r.ok).length;
  if (cacheDir && typeof o['out'] === 'string') {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(
      join(cacheDir, 'cypyx-build.json'),
      JSON.stringify({ created: new Date().toISOString(), modules: rows.filter((r) => r.ok).map(({ file, key, backend, glueFile, objectFile }) => ({ file, key, backend, glueFile, objectFile })) }, null, 1) + '\n',
    );
  }
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
    return failed ? 1 : 0;
  }
  const built = rows.filter((r) => r.ok && !r.fromCache).length;
  const cached = rows.filter((r) => r.ok && r.fromCache).length;
  const where = cacheDir ?? (await import('../../cache/paths.js')).defaultCacheDir(files[0]);
  const summary = `${failed ? out.red(`${failed} failed`) + ', ' : ''}${built} compiled, ${cached} up to date (${rows.length} file${rows.length === 1 ? '' : 's'}, ${(progress.elapsedMs / 1000).toFixed(1)} s) → ${displayPath(where)}`;
  process.stdout.write(`cypyx build: ${summary}\n`);
  if (!o['quiet']) {
    const { cacheInfo } = await import('../../cache/index.js');
    const info = cacheInfo(where);
    process.stdout.write(out.dim(`cache: ${info.entries} entries, ${bytes(info.bytes)}\n`));
  }
  return failed ? 1 : 0;
}
