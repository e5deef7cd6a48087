// Runs the local bench kernels' .pyx through the bench adapters on small inputs and
// prints one JSON line: { name: { got, want } } against the kernel.js references.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as cypyx from 'cypyx';
import { ADAPTERS } from '../../bench/lib/kernels.mjs';

const K = fileURLToPath(new URL('../../bench/kernels/', import.meta.url));
const load = (dir, file) => import(pathToFileURL(join(K, dir, file)).href);
const res = {};

{
  const ref = await load('sigmoid_ufunc', 'kernel.js');
  const fns = ADAPTERS.sigmoid_ufunc.fns(await load('sigmoid_ufunc', 'kernel.pyx'), cypyx);
  const x = Float64Array.from({ length: 4003 }, (_, i) => ((i % 2001) - 1000) * 0.01);
  const got = new Float64Array(x.length);
  const want = new Float64Array(x.length);
  const r = fns.sigmoid(x, got);
  ref.sigmoid(x, want);
  res.sigmoid_ufunc = { got: Array.from(got), want: Array.from(want), returnsOut: r === got };
}
{
  const ref = await load('sum_reduce', 'kernel.js');
  const fns = ADAPTERS.sum_reduce.fns(await load('sum_reduce', 'kernel.pyx'), cypyx);
  const x = Float64Array.from({ length: 5000 }, (_, i) => ((i % 1999) - 500) * 0.001);
  res.sum_reduce = { got: fns.sum_reduce(x), want: ref.sum_reduce(x) };
}
process.stdout.write(JSON.stringify(res) + '\n');
