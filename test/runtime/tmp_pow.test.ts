import { it } from 'vitest';
import { accuratePow } from '../../src/runtime/ddmath.js';
it('pow perf', () => {
  let s = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    for (let i = 0; i < 20000; i++) s += accuratePow(1.5 + i * 1e-5, 0.37 + i * 1e-6);
    const t1 = performance.now();
    for (let i = 0; i < 20000; i++) s += accuratePow(1.5 + i * 1e-5, 7);
    console.log('frac us', ((t1 - t0) / 20) | 0, 'int us', ((performance.now() - t1) / 20) | 0, s > 0);
  }
});
