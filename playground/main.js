// The playground: the same Mandelbrot kernel as .pyx (WebAssembly in the browser) and as
// plain JavaScript; both pictures, their compute times (best of 3) and a checksum.
import { mandelbrot, __cypyx__ } from './mandelbrot.pyx';
import { mandelbrotJS } from './plain-js.js';
import { paint } from './paint.js';

const VIEW = { xmin: -2.2, xmax: 0.8, ymin: -1.0, ymax: 1.0 };
const $ = (id) => document.getElementById(id);

/** Best of `n` runs of fn (the first run warms up the JIT), in ms, and fn's last result. */
function timed(fn, n = 3) {
  let best = Infinity;
  let result;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

function run() {
  const maxit = Number($('maxit').value);
  const [width, height] = $('size').value.split('x').map(Number);
  const { xmin, xmax, ymin, ymax } = VIEW;
  document.body.dataset.state = 'running';
  $('status').textContent = 'computing…';

  const pyxCounts = new Int32Array(width * height);
  const pyx = timed(() => mandelbrot(pyxCounts, width, height, xmin, xmax, ymin, ymax, maxit));
  const jsCounts = new Int32Array(width * height);
  const js = timed(() => mandelbrotJS(jsCounts, width, height, xmin, xmax, ymin, ymax, maxit));

  paint($('pyx-canvas'), pyxCounts, width, height, maxit);
  paint($('js-canvas'), jsCounts, width, height, maxit);
  $('pyx-backend').textContent = `(${__cypyx__.backend ?? 'compiled'})`;
  $('pyx-time').textContent = `${pyx.ms.toFixed(1)} ms`;
  $('js-time').textContent = `${js.ms.toFixed(1)} ms`;
  $('pyx-result').textContent = String(pyx.result);
  $('js-result').textContent = String(js.result);
  const same = Number(pyx.result) === js.result && pyxCounts.every((v, i) => v === jsCounts[i]);
  $('verdict').innerHTML = same
    ? `<span class="ok">identical pictures</span> — .pyx/JS time ratio ${(pyx.ms / js.ms).toFixed(2)}`
    : '<span class="bad">the pictures differ</span>';
  $('status').textContent = `${width}×${height}, ${maxit} iterations`;
  document.body.dataset.state = 'done';
  return { pyx, js, same };
}

const onSubmit = (e) => {
  e.preventDefault();
  run();
};
$('controls').addEventListener('submit', onSubmit);
$('maxit').addEventListener('change', run);
$('size').addEventListener('change', run);
window.__playground = { run, last: run() };

// Vite HMR: an edit of mandelbrot.pyx re-runs this module with the new kernel (no page reload).
if (import.meta.hot) {
  import.meta.hot.accept();
  import.meta.hot.dispose(() => {
    $('controls').removeEventListener('submit', onSubmit);
    $('maxit').removeEventListener('change', run);
    $('size').removeEventListener('change', run);
  });
}
