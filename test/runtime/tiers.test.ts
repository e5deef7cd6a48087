// The runtime's entry points for generated code (src/runtime/tiers.ts): core.ts, nd.ts and
// uf.ts provide exactly the names tiers.ts lists, each is part of the next and of index.ts
// with the same values, and the glue imports the smallest one that covers what it uses.
// The built entry points (dist/runtime: core.js one file, the others code-split) share one
// instance of each module.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '../../src/runtime/core.js';
import * as nd from '../../src/runtime/nd.js';
import * as uf from '../../src/runtime/uf.js';
import * as index from '../../src/runtime/index.js';
import { RUNTIME_TIERS } from '../../src/runtime/tiers.js';
import { frontEnd } from '../../src/compile/index.js';
import { emitGlue } from '../../src/compile/js/index.js';

const entries: Record<string, Record<string, unknown>> = { core, nd, uf };

describe('runtime tiers', () => {
  it('core.ts, nd.ts and uf.ts export exactly the names tiers.ts lists', () => {
    expect(RUNTIME_TIERS.map((t) => t.entry)).toEqual(['core', 'nd', 'uf']);
    for (const t of RUNTIME_TIERS) {
      const m = entries[t.entry]!;
      expect(Object.keys(m).sort(), t.entry).toEqual([...t.rt].sort());
      expect(Object.keys(m['conv'] as object).sort(), `${t.entry}.conv`).toEqual([...t.conv].sort());
    }
  });

  it('each tier is part of the next and of index.ts, with the same values', () => {
    const chain: Record<string, unknown>[] = [core, nd, uf, index];
    for (let i = 0; i + 1 < chain.length; i++) {
      const small = chain[i]!;
      const big = chain[i + 1]!;
      for (const k of Object.keys(small)) {
        if (k === 'conv') continue;
        expect(big[k], k).toBe(small[k]);
      }
      const sc = small['conv'] as Record<string, unknown>;
      const bc = big['conv'] as Record<string, unknown>;
      for (const k of Object.keys(sc)) expect(bc[k], `conv.${k}`).toBe(sc[k]);
    }
    expect(index.conv).toBe(nd.conv);
    expect(uf.ufunc).toBe(index.ufunc);
  });
});

describe('the runtime entry point a glue module imports', () => {
  const RUNTIME = 'file:///opt/cypyx/dist/runtime/index.js';
  const glueOf = (source: string, runtimeUrl = RUNTIME): string => {
    const file = '/tmp/tiers_case.pyx';
    const { ir } = frontEnd(file, source, { readFile: () => null, backend: 'js' });
    return emitGlue(ir, { runtimeUrl, native: null, sourceFile: file });
  };
  const importOf = (glue: string): string => /^import \* as \$rt from "([^"]*)";$/m.exec(glue)?.[1] ?? '';

  it('scalar functions: the core', () => {
    const glue = glueOf('def add(double a, double b):\n    return a + b\n\ncdef long long f(long long x) except? -1:\n    return x // 3\n\ndef g(long long x):\n    if x < 0:\n        raise ValueError("negative: %d" % x)\n    return f(x)\n');
    expect(importOf(glue)).toBe('file:///opt/cypyx/dist/runtime/core.js');
    expect(glue).not.toMatch(/\$py\b|\$cm\b/);
  });

  it('memoryview arguments: the core', () => {
    const glue = glueOf('def total(double[:] x):\n    cdef double s = 0\n    cdef Py_ssize_t i\n    for i in range(x.shape[0]):\n        s += x[i]\n    return s\n');
    expect(importOf(glue)).toBe('file:///opt/cypyx/dist/runtime/core.js');
  });

  it('a memoryview result (an NDArray, or its TypedArray): core + nd', () => {
    const glue = glueOf('def first(double[:] x):\n    return x[1:]\n');
    expect(importOf(glue)).toBe('file:///opt/cypyx/dist/runtime/nd.js');
  });

  it('ufuncs: core + nd + ufunc', () => {
    const glue = glueOf('cimport cython\n\n@cython.ufunc\ncdef double twice(double x):\n    return 2 * x\n');
    expect(importOf(glue)).toBe('file:///opt/cypyx/dist/runtime/uf.js');
  });

  it('Python objects: the whole runtime', () => {
    const glue = glueOf('def f(x):\n    return [x, len(str(x))]\n');
    expect(importOf(glue)).toBe(RUNTIME);
    expect(glue).toContain('const $py = $rt.py;');
  });

  it('a runtime URL of another shape (a bare specifier) is used as it is', () => {
    expect(importOf(glueOf('def add(double a, double b):\n    return a + b\n', 'cypyx/runtime'))).toBe('cypyx/runtime');
  });

  it('the TypeScript sources (tests) get the .ts sibling', () => {
    expect(importOf(glueOf('def add(double a, double b):\n    return a + b\n', 'file:///w/src/runtime/index.ts'))).toBe('file:///w/src/runtime/core.ts');
  });
});

describe('built entry points', () => {
  const dist = fileURLToPath(new URL('../../dist/runtime/', import.meta.url));
  it.skipIf(!existsSync(`${dist}core.js`))('dist/runtime core, nd, uf, index and wasm share one instance of each module', () => {
    const script = `
      const d = ${JSON.stringify(dist)};
      const core = await import(d + 'core.js');
      const nd = await import(d + 'nd.js');
      const uf = await import(d + 'uf.js');
      const index = await import(d + 'index.js');
      const wasm = await import(d + 'wasm.js');
      const api = await import(${JSON.stringify(fileURLToPath(new URL('../../dist/index.js', import.meta.url)))});
      const same = [
        core.exc === index.exc, core.exc.ValueError === index.exc.ValueError, core.conv.toInt === index.conv.toInt,
        nd.conv === index.conv, nd.NDArray === index.NDArray, api.NDArray === nd.NDArray, core.raise === index.raise,
        wasm.alloc('float64', 2) instanceof nd.NDArray, uf.ufunc === index.ufunc, uf.NDArray === nd.NDArray, uf.exc === core.exc,
      ];
      let err;
      try { core.raise('KeyError', 'k'); } catch (e) { err = e; }
      same.push(err instanceof index.exc.KeyError, err instanceof api.NDArray === false);
      console.log(JSON.stringify(same));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(Array(13).fill(true));
  });

  it.skipIf(!existsSync(`${dist}core.js`))('with only core.js loaded: messages over C scalars format as Python would, memoryviews convert', () => {
    const script = `
      const core = await import(${JSON.stringify(`${dist}core.js`)});
      const b = core.conv.boxFloat;
      const out = [
        core.fmt('%s|%s|%s|%s|%s', [b(2), b(1e16), 0.1, true, 2n ** 70n]),
        core.fmt('%d|%5.1f|%x|%-4d|%e|%g', [b(3.7), b(2.25), 255, -7, 12345.678, b(1e-5)]),
      ];
      try { core.conv.toInt(1.5, 'i32'); } catch (e) { out.push(e instanceof core.exc.TypeError, String(e.message)); }
      const spec = { dtype: 'float64', cname: 'double', ndim: 2 };
      out.push(core.conv.toView({ data: new Float64Array(6), shape: [2, 3] }, spec, 'x').strides);
      try { core.conv.toView(new Int32Array(2), { ...spec, ndim: 1 }, 'x'); } catch (e) { out.push(String(e.message)); }
      // NDArray (loaded later, with nd.js) is accepted by the core's conversions
      const nd = await import(${JSON.stringify(`${dist}nd.js`)});
      const a = new nd.NDArray(new Float64Array(6), [3, 2]);
      out.push(core.conv.toView(a, spec, 'a').shape, nd.conv.toView === core.conv.toView);
      console.log(JSON.stringify(out));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      '2.0|1e+16|0.1|True|1180591620717411303424',
      '3|  2.2|ff|-7  |1.234568e+04|1e-05',
      true,
      "'float' object cannot be interpreted as an integer",
      [3, 1],
      "Buffer dtype mismatch, expected 'double' but got 'int'",
      [3, 2],
      true,
    ]);
  });
});
