// Self-recursion on the wasm back end (src/compile/wasm/recursion.ts): tail calls that
// become a loop (plain and accumulating `return X op f(...)`), the copy of a recursive
// function that binaryen inlines once, pure functions whose calls to themselves are
// expanded once and merged when their arguments are the same bits; none of it changes a
// result, an error, an unraisable exception's return value or wrapping arithmetic.
// Optimized and not.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi, beforeAll, afterAll } from 'vitest';
import { frontEnd } from '../../src/compile/index.js';
import { emitWasm, emitWasmText } from '../../src/compile/wasm/index.js';
import { emitGlue } from '../../src/compile/js/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cypyx-wasm-rec-'));
const src = (rel: string) => pathToFileURL(fileURLToPath(new URL(`../../src/${rel}`, import.meta.url))).href;
let count = 0;

async function load(source: string, optimize: boolean): Promise<Record<string, any>> {
  const n = count++;
  const file = join(dir, `r${n}.pyx`);
  writeFileSync(file, source);
  const { ir } = frontEnd(file, source, { readFile: () => null, backend: 'wasm' });
  const out = await emitWasm(ir, { optimize });
  const bin = join(dir, `r${n}.wasm`);
  writeFileSync(bin, out.binary);
  const glue = emitGlue(ir, {
    runtimeUrl: src('runtime/index.ts'),
    native: { kind: 'wasm', wasmUrl: src('runtime/wasm.ts'), binaryFile: bin, memory: out.memory, sigs: out.sigs },
    sourceFile: file,
  });
  const mjs = join(dir, `r${n}.mjs`);
  writeFileSync(mjs, glue);
  return import(pathToFileURL(mjs).href);
}

const SOURCE = `
cimport cython

cdef int fib_c(int n):
    if n < 2:
        return n
    return fib_c(n - 1) + fib_c(n - 2)

def fib(int n):
    return fib_c(n)

cdef long long fact_c(long long n):
    if n <= 1:
        return 1
    return n * fact_c(n - 1)

def fact(long long n):
    return fact_c(n)

cdef int gcd_c(int a, int b):
    if b == 0:
        return a
    return gcd_c(b, a % b)

def gcd(int a, int b):
    return gcd_c(a, b)

cdef unsigned char usum_c(unsigned char n):
    if n == 0:
        return 0
    return n + usum_c(n - 1)

def usum(int n):
    return usum_c(n)

cdef int xor_c(int n):
    if n == 0:
        return 0
    return (n * 2654435761) ^ xor_c(n - 1)

def xors(int n):
    return xor_c(n)

cdef int steps_c(int n) except -1:
    if n < 0:
        raise ValueError("negative: %d" % n)
    if n == 0:
        return 0
    return 1 + steps_c(n - 2)

def steps(int n):
    return steps_c(n)

cdef int swallow_c(int n):
    if n == 3:
        raise ValueError("three")
    if n == 0:
        return 0
    return 10 + swallow_c(n - 1)

def swallow(int n):
    return swallow_c(n)

cdef int inloop_c(int n, int acc):
    cdef int i, t
    for i in range(3):
        t = i * n
        if n > 0 and i == 1:
            return inloop_c(n - 1, acc + t)
    return acc

def inloop(int n):
    return inloop_c(n, 0)

cdef double halve_c(double x, int k):
    if k == 0:
        return x
    return halve_c(x * 0.5 + 1.0, k - 1)

def halve(double x, int k):
    return halve_c(x, k)

cdef int first_c(int n):
    cdef int k
    if n > 10:
        k = n
    if n <= 0:
        return k
    return first_c(n - 7)

def first(int n):
    return first_c(n)

cdef int tree_c(int n):
    if n <= 1:
        return 1
    return tree_c(n - 1) * 3 + tree_c(n - 2) * 5

def tree(int n):
    return tree_c(n)

cdef long long paths_c(int r, int c):
    if r == 0 or c == 0:
        return 1
    return paths_c(r - 1, c) + paths_c(r, c - 1)

def paths(int r, int c):
    return paths_c(r, c)

@cython.cdivision(True)
cdef double zs_c(double x, int n):
    if n <= 0:
        return 1.0 / x
    return zs_c(x, n - 1) - zs_c(-x, n - 1)

def zs(double x, int n):
    return zs_c(x, n)

cdef int loopy_c(int n):
    cdef int i, s = 0
    if n < 2:
        return n
    for i in range(1, 3):
        s += loopy_c(n - i)
    return s + loopy_c(n - 2) - loopy_c(n - 2)

def loopy(int n):
    return loopy_c(n)
`;

function fibJs(n: number): number {
  return n < 2 ? n : fibJs(n - 1) + fibJs(n - 2);
}
function treeJs(n: number): number {
  return n <= 1 ? 1 : (Math.imul(treeJs(n - 1), 3) + Math.imul(treeJs(n - 2), 5)) | 0;
}
function factJs(n: bigint): bigint {
  let r = 1n;
  for (let k = 2n; k <= n; k++) r = BigInt.asIntN(64, r * k);
  return r;
}

for (const optimize of [true, false]) {
  describe(`wasm self-recursion (optimize: ${optimize})`, () => {
    let m: Record<string, any>;
    let errSpy: ReturnType<typeof vi.spyOn>;
    beforeAll(async () => {
      m = await load(SOURCE, optimize);
      errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    });
    afterAll(() => errSpy.mockRestore());

    it('fib: accumulating tail call plus the inlined copy', () => {
      for (let n = 0; n <= 25; n++) expect(m.fib(n)).toBe(fibJs(n));
    });
    it('a product that wraps mod 2^64', () => {
      for (const n of [0n, 1n, 5n, 20n, 21n, 25n, 66n]) {
        const want = factJs(n);
        expect(BigInt(m.fact(n))).toBe(want);
      }
    });
    it('plain tail calls (int and double parameters)', () => {
      expect(m.gcd(1071, 462)).toBe(21);
      expect(m.gcd(17, 5)).toBe(1);
      expect(m.gcd(0, 9)).toBe(9);
      let x = 3.0;
      for (let k = 0; k < 40; k++) x = x * 0.5 + 1.0;
      expect(m.halve(3.0, 40)).toBe(x);
    });
    it('narrow types wrap at every step', () => {
      for (const n of [0, 1, 10, 22, 23, 200, 255]) {
        let s = 0;
        for (let k = 1; k <= n; k++) s = (s + k) & 0xff;
        expect(m.usum(n)).toBe(s);
      }
      let h = 0;
      for (let k = 1; k <= 50; k++) h ^= Math.imul(k, 2654435761 | 0);
      expect(m.xors(50)).toBe(h);
    });
    it('an exception raised deep in the tail loop propagates', () => {
      expect(m.steps(10)).toBe(5);
      expect(() => m.steps(9)).toThrow(/negative: -1/);
      expect(m.steps(4)).toBe(2);
    });
    it('an unraisable exception returns what the call chain would have', () => {
      // swallow(5) = 10 + 10 + swallow(3), and swallow(3) is 0 after its exception is printed
      expect(m.swallow(5)).toBe(20);
      expect(m.swallow(2)).toBe(20);
      const printed = errSpy.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toMatch(/Exception ignored in: .*\nValueError: three/);
    });
    it('a tail call inside a loop, with locals', () => {
      // inloop(n) = sum over n, n-1, ..., 1 of 1 * k
      expect(m.inloop(4)).toBe(4 + 3 + 2 + 1);
      expect(m.inloop(0)).toBe(0);
    });
    it('locals start at zero again in each tail iteration', () => {
      // k is set only while n > 10: the last call (n <= 0) sees k as on entry
      expect(m.first(3)).toBe(0);
      expect(m.first(20)).toBe(0);
    });
    it('pure functions: calls to themselves expanded once, the same arguments merged', () => {
      for (let n = 0; n <= 22; n++) expect(m.tree(n)).toBe(treeJs(n));
      const binom = (n: number, k: number) => {
        let r = 1;
        for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
        return Math.round(r);
      };
      for (const [r, c] of [[0, 5], [3, 4], [10, 10], [12, 7]] as const) expect(m.paths(r, c)).toBe(binom(r + c, r));
      for (let n = 0; n <= 25; n++) expect(m.loopy(n)).toBe(fibJs(n));
    });
    it('merging compares arguments bit for bit (+0 and -0 are different calls)', () => {
      // zs(0, 1) = 1/+0 - 1/-0 = inf; merging the two calls would give inf - inf = NaN
      expect(m.zs(0, 1)).toBe(Infinity);
      expect(m.zs(0, 3)).toBe(Infinity);
      // zs(x, 1) = 1/x + 1/x, zs(x, 2) = zs(x, 1) - zs(-x, 1)
      expect(m.zs(2, 1)).toBe(1);
      expect(m.zs(2, 2)).toBe(2);
      expect(Number.isNaN(m.zs(NaN, 3))).toBe(true);
    });
  });
}

describe('wasm self-recursion: the code', () => {
  let text: string;
  const fn = (name: string) => {
    const a = text.indexOf(`(func $f.${name} `);
    return text.slice(a, text.indexOf('(func ', a + 1));
  };
  beforeAll(async () => {
    const file = join(dir, 'text.pyx');
    const { ir } = frontEnd(file, SOURCE, { readFile: () => null, backend: 'wasm' });
    text = await emitWasmText(ir);
  });
  it('fib_c (pure) has its calls to itself expanded in place, no loop and no copy', () => {
    expect(fn('fib_c')).toContain('(block $self');
    expect(fn('fib_c')).not.toContain('(loop ');
    expect(text).not.toContain('$f.fib_c$r');
  });
  it('steps_c (may raise) loops instead of calling itself in tail position', () => {
    expect(fn('steps_c')).toContain('(loop $tail');
    expect(fn('steps_c')).not.toContain('(call $f.steps_c');
  });
  it('usum_c (one call to itself, not a tail call) is unrolled once through its inlined copy', () => {
    expect(fn('usum_c').match(/\(call \$f\.usum_c/g)?.length).toBe(1);
    expect(text).not.toContain('(func $f.usum_c$r');
  });
});
