// The README's demo: imports a .pyx file as an ES module and calls its functions.
//   npm run demo      (= node --import cypyx/register examples/demo.mjs)
import { dot, integrate, mandelbrot, norm } from './kernels.pyx';

const t = (label, fn) => {
  const t0 = performance.now();
  const r = fn();
  console.log(`${label.padEnd(34)} ${String(r).padEnd(22)} ${(performance.now() - t0).toFixed(2)} ms`);
  return r;
};

const n = 5_000_000;
const x = new Float64Array(n).map((_, i) => (i % 1000) * 0.001);
const y = new Float64Array(n).map((_, i) => ((i % 997) - 498) * 0.001);
const jsDot = (a, b) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };

console.log(`cypyx demo (backend: ${process.env.CYPYX_BACKEND ?? 'auto'})\n`);
t('dot(x, y)            [.pyx]', () => dot(x, y));
t('dot(x, y)            [plain JS]', () => jsDot(x, y));
t('integrate(0, 2, 1e7) [.pyx]', () => integrate(0, 2, 10_000_000));
t('norm([3, 4])         [.pyx]', () => norm(new Float64Array([3, 4])));
const img = { data: new Int32Array(120 * 60), shape: [60, 120] };
t('mandelbrot 120x60    [.pyx]', () => { mandelbrot(img, -2, 1, -1, 1, 200); return img.data.reduce((a, b) => a + b, 0); });
let row = '';
for (let yy = 0; yy < 60; yy += 4) {
  row = '';
  for (let xx = 0; xx < 120; xx += 2) row += img.data[yy * 120 + xx] >= 200 ? '#' : img.data[yy * 120 + xx] > 8 ? '+' : ' ';
  console.log('  ' + row);
}
try {
  dot(x, new Float32Array(3));
} catch (e) {
  console.log(`\ndot(Float64Array, Float32Array) → ${e.name}: ${e.message}`);
}
