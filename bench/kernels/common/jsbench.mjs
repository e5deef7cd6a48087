// Timing harness for the project-local JS kernels (bench/kernels/<kernel>/kernel.js),
// with the interface of the shared kernels' harness so bench/lib/child.mjs drives both:
//   bench(spec, fns, { system, reps, alloc }) -> { kernel, system, first_ms, best_ms,
//     median_ms, max_ms, times_ms, checksum }
// spec: { name, makeInputs(alloc), reset?(inp), run(fns, inp), checksum(inp, res) }.
// Only spec.run is timed (performance.now()); one untimed warm-up call comes first.
import { performance } from 'node:perf_hooks';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const r4 = (ms) => Math.round(ms * 1e4) / 1e4;

export const plainAlloc = (Ctor, n) => new Ctor(n);

export function bench(spec, fns, { system = 'js', reps = 5, alloc = plainAlloc } = {}) {
  const inp = spec.makeInputs(alloc);
  const times = new Array(reps + 1);
  let res;
  for (let r = 0; r <= reps; r++) {
    spec.reset?.(inp);
    const t0 = performance.now();
    res = spec.run(fns, inp);
    times[r] = performance.now() - t0;
  }
  const timed = times.slice(1);
  const sorted = timed.slice().sort((a, b) => a - b);
  return {
    kernel: spec.name,
    system,
    first_ms: r4(times[0]),
    best_ms: r4(sorted[0]),
    median_ms: r4(sorted[reps >> 1]),
    max_ms: r4(sorted[reps - 1]),
    times_ms: timed.map(r4),
    checksum: spec.checksum(inp, res),
  };
}

/** Sum of a typed array strictly left to right, starting from 0.0 (the checksum order). */
export function seqSum(a) {
  let s = 0.0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** True when the module at importMetaUrl is the script node was started with. */
export function isMain(importMetaUrl) {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === importMetaUrl;
  } catch {
    return false;
  }
}

/** `node kernel.js [system] [reps]` */
export function cliOptions() {
  return { system: process.argv[2] || 'js', reps: Number(process.argv[3] || 5) };
}
