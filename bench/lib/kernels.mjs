// The benchmark rows: one per kernel directory (clip_combine gives two, i64 and f64) of
// the shared kernels and then of the local ones (bench/kernels), their expected checksums
// (parsed from each kernels README), and the adapters that let a kernel's JS `spec` (flat
// arrays + explicit sizes) drive the .pyx exports (typed memoryviews: 1-D TypedArrays,
// 2-D `{ data, shape }`; ufuncs and reductions with cypyx's `kwargs`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const nd = (data, rows, cols) => ({ data, shape: [rows, cols] });

/**
 * Per kernel: `fns(m, cypyx)` maps the compiled module's exports onto the names and
 * argument lists `spec.run` uses (`cypyx` is the package's main module, for `kwargs`;
 * tiny first calls for compile-latency are in smoke.mjs). A kernel without an entry here
 * gets the identity adapter (same names, same arguments).
 */
export const ADAPTERS = {
  integrate: {
    fns: (m) => ({ integrate_f: (a, b, n) => m.integrate_f(a, b, n) }),
  },
  dot: {
    // double[:] x, double[:] y  <-  Float64Array, Float64Array
    fns: (m) => ({ dot: (x, y) => m.dot(x, y) }),
  },
  sigmoid: {
    fns: (m) => ({ sigmoid: (x, out) => m.sigmoid(x, out) }),
  },
  mandelbrot: {
    // JS: (out, w, h, ...)  ->  .pyx: (int[:, ::1] out of shape [h, w], ...)
    fns: (m) => ({
      mandelbrot: (out, w, h, xmin, xmax, ymin, ymax, maxit) =>
        m.mandelbrot(nd(out, h, w), xmin, xmax, ymin, ymax, maxit),
    }),
  },
  clip_combine_i64: {
    // JS: (a, b, result, rows, cols, alpha, beta, gamma) with BigInt scalars
    fns: (m) => ({
      clip_combine_i64: (a, b, r, rows, cols, alpha, beta, gamma) =>
        m.clip_combine_i64(nd(a, rows, cols), nd(b, rows, cols), nd(r, rows, cols), alpha, beta, gamma),
    }),
  },
  clip_combine_f64: {
    fns: (m) => ({
      clip_combine_f64: (a, b, r, rows, cols, alpha, beta, gamma) =>
        m.clip_combine_f64(nd(a, rows, cols), nd(b, rows, cols), nd(r, rows, cols), alpha, beta, gamma),
    }),
  },
  primes: {
    fns: (m) => ({ primes: (out) => m.primes(out) }),
  },
  nbody: {
    // energy(pos, vel, mass) is exported from the .pyx as total_energy
    fns: (m) => ({
      nbody: (pos, vel, mass, steps, dt) => m.nbody(pos, vel, mass, steps, dt),
      energy: (pos, vel, mass) => m.total_energy(pos, vel, mass),
    }),
  },
  jacobi: {
    // JS: (a, b, n, m, sweeps)  ->  .pyx: (double[:, ::1] a, double[:, ::1] b, int sweeps)
    fns: (m) => ({ jacobi: (a, b, n, mm, sweeps) => m.jacobi(nd(a, n, mm), nd(b, n, mm), sweeps) }),
  },
  fib: {
    fns: (m) => ({ fib: (n) => m.fib(n) }),
  },
  boundary: {
    // no wrapper: the call itself is what this row measures
    fns: (m) => ({ add: m.add }),
  },
  // ---- local kernels (bench/kernels)
  sigmoid_ufunc: {
    // the @cython.ufunc, writing into the caller's array: sigmoid(x, out=out)
    fns: (m, { kwargs }) => ({ sigmoid: (x, out) => m.sigmoid(x, kwargs({ out })) }),
  },
  sum_reduce: {
    // the user-defined reduction of the binary ufunc add, over every element
    fns: (m, { kwargs }) => ({ sum_reduce: (x) => m.add.reduce(x, kwargs({ axis: null })) }),
  },
};

/** Variants of a kernel directory (rows); only clip_combine has two. */
const VARIANTS = {
  clip_combine: [
    { id: 'clip_combine_i64', specExport: 'spec_i64', cArgs: ['i64'] },
    { id: 'clip_combine_f64', specExport: 'spec_f64', cArgs: ['f64'] },
  ],
};

/**
 * Rows for every kernel directory of `kdirs` (one path or a list, e.g. paths.kernelDirs():
 * the shared kernels, then the local ones): the rows of each in turn, each in its
 * README's table order, then any others alphabetically. Row ids and directory names must
 * be unique over all of them (they name the cache entries and `--kernels`).
 */
export function discoverRows(kdirs) {
  const rows = [];
  for (const kdir of Array.isArray(kdirs) ? kdirs : [kdirs]) {
    const mine = discoverDirRows(kdir);
    for (const r of mine) {
      const clash = rows.find((o) => o.id === r.id || o.dir === r.dir);
      if (clash) throw new Error(`bench: kernel ${r.id} in ${kdir} clashes with ${clash.id} in ${clash.kernelsDir}`);
    }
    rows.push(...mine);
  }
  return rows;
}

/** The rows of one kernels directory. */
function discoverDirRows(kdir) {
  const expected = readExpected(kdir);
  const order = [...expected.keys()];
  const dirs = readdirSync(kdir)
    .filter((d) => d !== 'common' && statSync(join(kdir, d)).isDirectory())
    .filter((d) => ['kernel.c', 'kernel.js', 'kernel.pyx'].every((f) => existsSync(join(kdir, d, f))));
  const rows = [];
  for (const dir of dirs) {
    for (const v of VARIANTS[dir] ?? [{ id: dir, specExport: 'spec', cArgs: [] }]) {
      const exp = expected.get(v.id) ?? expected.get(dir) ?? null;
      rows.push({ ...v, dir, path: join(kdir, dir), kernelsDir: kdir, expected: exp });
    }
  }
  const rank = (r) => {
    const i = order.indexOf(r.id);
    return i < 0 ? order.length : i;
  };
  rows.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  return rows;
}

/** `--kernels a,b`: a name matches a row id or its directory (clip_combine = both rows). */
export function filterRows(rows, names) {
  if (!names || names.length === 0) return rows;
  const unknown = names.filter((n) => !rows.some((r) => r.id === n || r.dir === n));
  if (unknown.length) {
    throw new Error(`bench: unknown kernel(s): ${unknown.join(', ')} (have: ${rows.map((r) => r.id).join(', ')})`);
  }
  return rows.filter((r) => names.includes(r.id) || names.includes(r.dir));
}

/**
 * Expected checksums from the kernels README's "Kernels" table (last column):
 * `{ exact, fma: [...] }`; the numbers in brackets are the FMA-contracted variants.
 */
export function readExpected(kdir) {
  const map = new Map();
  let text;
  try {
    text = readFileSync(join(kdir, 'README.md'), 'utf8');
  } catch {
    return map;
  }
  const lines = text.split('\n');
  const head = lines.findIndex((l) => /^\|\s*kernel\s*\|/.test(l) && /expected checksum/.test(l));
  if (head < 0) return map;
  for (let i = head + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const cells = lines[i].split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 2) continue;
    const name = cells[0].replace(/`/g, '');
    const nums = (cells[cells.length - 1].replace(/\u2212/g, '-').match(/-?\d[\d.]*(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    if (nums.length) map.set(name, { exact: nums[0], fma: nums.slice(1) });
  }
  return map;
}
