// One measurement in a fresh process: `node [--import cypyx/register] child.mjs '<json>'`
// with { kernelDir, id, specExport, impl: 'js' | 'pyx', pyx?, reps, arrays? }.
// `arrays: 'wasm'`: the spec's arrays are made by cypyx.alloc in the wasm memory (zero-copy);
// `arrays: 'js-only'`: plain TypedArrays, and the cell is skipped when the spec has none.
// Drives the kernel's own JS `spec` with either the kernel.js functions or the compiled
// .pyx exports (through the adapter for that kernel) using the kernels' own harness, and
// prints one line `@@BENCH {...}` (timings, checksum, or an error with its phase).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ADAPTERS } from './kernels.mjs';
import { wasmAllocator } from './wasm-alloc.mjs';

const MARK = '@@BENCH ';
const out = (obj) => process.stdout.write(MARK + JSON.stringify(obj) + '\n');

const job = JSON.parse(process.argv[2]);
const errText = (e) => (e instanceof Error ? `${e.name && e.name !== 'Error' ? e.name + ': ' : ''}${e.message}` : String(e));

let phase = 'setup';
try {
  const url = (p) => pathToFileURL(p).href;
  const { bench } = await import(url(join(job.kernelDir, '..', 'common', 'jsbench.mjs')));
  const jsMod = await import(url(join(job.kernelDir, 'kernel.js')));
  const spec = jsMod[job.specExport];
  if (!spec) throw new Error(`kernel.js has no export ${job.specExport}`);
  let fns = jsMod;
  let importMs = null;
  if (job.impl === 'pyx') {
    phase = 'import';
    const t0 = performance.now();
    const m = await import(url(job.pyx));
    importMs = performance.now() - t0;
    phase = 'adapt';
    const adapter = ADAPTERS[job.id];
    fns = adapter ? adapter.fns(m, adapter.fns.length > 1 ? await import('cypyx') : null) : m;
  }
  if (job.arrays === 'js-only' && !(spec.wasmBytes > 0)) {
    out({ ok: false, phase: 'setup', skipped: 'no array arguments (the same calls as cypyx wasm)' });
    process.exit(0);
  }
  const alloc = job.arrays === 'wasm' ? await wasmAllocator(spec) : undefined;
  phase = 'run';
  const r = bench(spec, fns, { system: job.system ?? job.impl, reps: job.reps, alloc });
  alloc?.check();
  out({ ok: true, ...r, importMs });
} catch (e) {
  out({ ok: false, phase, error: errText(e) });
  process.exitCode = 3;
}
