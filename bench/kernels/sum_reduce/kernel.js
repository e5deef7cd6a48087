// sum_reduce, JS reference: s = x[0], then s += x[i] left to right (the fold of
// add.reduce). The cypyx rows call add.reduce(x, kwargs({ axis: null })) of the .pyx
// (adapter in bench/lib/kernels.mjs); the checksum is the returned sum.
import { bench, cliOptions, isMain } from '../common/jsbench.mjs';

export function sum_reduce(x) {
  const n = x.length;
  let s = x[0];
  for (let i = 1; i < n; i++) s += x[i];
  return s;
}

const N = 10_000_000;

export const spec = {
  name: 'sum_reduce',
  arrayFns: ['sum_reduce'],
  wasmBytes: 8 * N,
  makeInputs(alloc) {
    const x = alloc(Float64Array, N);
    for (let i = 0; i < N; i++) x[i] = ((i % 1999) - 500) * 0.001;
    return { x };
  },
  run: (fns, inp) => fns.sum_reduce(inp.x),
  checksum: (inp, res) => res,
};

if (isMain(import.meta.url)) {
  const { system, reps } = cliOptions();
  console.log(JSON.stringify(bench(spec, { sum_reduce }, { system, reps })));
}
