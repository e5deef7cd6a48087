// A tiny first call per kernel module (by kernel directory), for compile-latency's
// "import to first call" measurement. No imports: loading this file must cost ~nothing.
const nd = (data, rows, cols) => ({ data, shape: [rows, cols] });

export const SMOKE = {
  integrate: (m) => m.integrate_f(0.0, 1.0, 1),
  dot: (m) => m.dot(new Float64Array(1), new Float64Array(1)),
  sigmoid: (m) => m.sigmoid(new Float64Array(1), new Float64Array(1)),
  mandelbrot: (m) => m.mandelbrot(nd(new Int32Array(1), 1, 1), -2.0, 1.0, -1.0, 1.0, 1),
  clip_combine: (m) => {
    const a = () => nd(new Float64Array(1), 1, 1);
    return m.clip_combine_f64(a(), a(), a(), 1.5, 2.5, 0.25);
  },
  primes: (m) => m.primes(new Int32Array(1)),
  nbody: (m) => {
    const pos = new Float64Array(15);
    for (let i = 0; i < 15; i++) pos[i] = i;
    return m.total_energy(pos, new Float64Array(15), new Float64Array(5).fill(1));
  },
  jacobi: (m) => m.jacobi(nd(new Float64Array(9), 3, 3), nd(new Float64Array(9), 3, 3), 1),
  fib: (m) => m.fib(1),
  boundary: (m) => m.add(1.0, 2.0),
  // local kernels (bench/kernels): the ufunc on a 1-element array, a 2-element reduction
  sigmoid_ufunc: (m) => m.sigmoid(new Float64Array(1)),
  sum_reduce: (m) => m.add.reduce(new Float64Array(2)),
};

/** The first exported function called with no arguments is not safe; unknown kernels just import. */
export function smoke(dir, m) {
  const f = SMOKE[dir];
  return f ? f(m) : undefined;
}
