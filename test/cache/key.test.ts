import { describe, it, expect } from 'vitest';
import { preKey, fullKey, readDepStates, type KeyInputs } from '../../src/cache/key.js';
import { compilerFingerprint } from '../../src/cache/fingerprint.js';
import { KeyHasher, stableJson } from '../../src/cache/hash.js';

const base: KeyInputs = {
  file: '/p/kernel.pyx',
  source: 'def add(double a, double b): return a + b\n',
  backend: 'native',
  target: 'llvm-14.0.6|x86_64-pc-linux-gnu|znver3|+avx2|default<O2>',
  options: { optLevel: 2 },
  locations: { runtimeUrl: 'file:///c/dist/runtime/index.js', cache: '/p/node_modules/.cache/cypyx' },
  fingerprint: 'f'.repeat(64),
};

describe('cache keys', () => {
  it('preKey changes with every input', () => {
    const k0 = preKey(base);
    const variants: Partial<KeyInputs>[] = [
      { file: '/q/kernel.pyx' },
      { source: base.source + ' ' },
      { backend: 'js' },
      { target: base.target.replace('+avx2', '-avx2') },
      { options: { optLevel: 3 } },
      { options: { optLevel: 2, fastmath: true } },
      { locations: { ...base.locations, cache: '/elsewhere' } },
      { fingerprint: 'e'.repeat(64) },
    ];
    const keys = new Set([k0]);
    for (const v of variants) {
      const k = preKey({ ...base, ...v });
      expect(k, JSON.stringify(v)).not.toBe(k0);
      keys.add(k);
    }
    expect(keys.size).toBe(variants.length + 1);
    expect(preKey({ ...base })).toBe(k0);
  });

  it('option objects hash the same whatever their key order', () => {
    expect(preKey({ ...base, options: { a: 1, b: 2 } })).toBe(preKey({ ...base, options: { b: 2, a: 1 } }));
    expect(stableJson({ b: { d: 1, c: 2 }, a: [3] })).toBe('{"a":[3],"b":{"c":2,"d":1}}');
  });

  it('fullKey covers each dependency path and content, in any order; missing differs from empty', () => {
    const pre = preKey(base);
    const a = { path: '/p/a.pxd', content: Buffer.from('cdef int x') };
    const b = { path: '/p/b.pxd', content: Buffer.from('cdef int y') };
    const k = fullKey(pre, [a, b]);
    expect(fullKey(pre, [b, a])).toBe(k);
    expect(fullKey(pre, [a, { ...b, content: Buffer.from('cdef int z') }])).not.toBe(k);
    expect(fullKey(pre, [a, { ...b, path: '/p/c.pxd' }])).not.toBe(k);
    expect(fullKey(pre, [a])).not.toBe(k);
    expect(fullKey(pre, [{ path: '/p/a.pxd', content: null }])).not.toBe(fullKey(pre, [{ path: '/p/a.pxd', content: Buffer.alloc(0) }]));
    expect(fullKey(preKey({ ...base, backend: 'js' }), [a, b])).not.toBe(k);
  });

  it('readDepStates reads current contents and marks missing files', () => {
    const [s] = readDepStates(['/definitely/not/here.pxd']);
    expect(s).toEqual({ path: '/definitely/not/here.pxd', content: null });
  });

  it('field framing: moving bytes between fields changes the hash', () => {
    const h1 = new KeyHasher().field('a', 'xy').field('b', 'z').digest();
    const h2 = new KeyHasher().field('a', 'x').field('b', 'yz').digest();
    expect(h1).not.toBe(h2);
  });

  it('the compiler fingerprint is a stable sha256 of the running code', () => {
    const f = compilerFingerprint();
    expect(f).toMatch(/^[0-9a-f]{64}$/);
    expect(compilerFingerprint()).toBe(f);
  });
});
