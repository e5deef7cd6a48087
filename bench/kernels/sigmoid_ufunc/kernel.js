// sigmoid_ufunc, JS reference: the plain loop out[i] = 1 / (1 + exp(-x[i])). The cypyx
// rows call the .pyx ufunc as sigmoid(x, kwargs({ out })) (adapter in bench/lib/kernels.mjs).
import { bench, cliOptions, isMain, seqSum } from '../common/jsbench.mjs';

export function sigmoid(x, out) {
  const n = x.length;
  for (let i = 0; i < n; i++) out[i] = 1.0 / (1.0 + Math.exp(-x[i]));
}

const N = 10_000_000;

export const spec = {
  name: 'sigmoid_ufunc',
  arrayFns: ['sigmoid'],
  wasmBytes: 2 * 8 * N,
  makeInputs(alloc) {
    const x = alloc(Float64Array, N);
    const out = alloc(Float64Array, N);
    for (let i = 0; i < N; i++) x[i] = ((i % 2001) - 1000) * 0.01;
    return { x, out };
  },
  run: (fns, inp) => fns.sigmoid(inp.x, inp.out),
  checksum: (inp) => seqSum(inp.out),
};

if (isMain(import.meta.url)) {
  const { system, reps } = cliOptions();
  console.log(JSON.stringify(bench(spec, { sigmoid }, { system, reps })));
}
