// `cypyx types` writes m.pyx.d.ts; TypeScript accepts correct uses of the module and rejects
// misuses (tsc --noEmit over a temp project), with both "bundler" and "nodenext" resolution.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cleanupTemps, cli, project, requireDist, runNode, childEnv } from '../inline/helpers.js';

afterAll(cleanupTemps);
beforeAll(requireDist);

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const KERNEL = `# cython: language_level=3
cpdef enum Mode:
    FAST = 1
    SAFE = 2

def dot(const double[:] x, const double[:] y):
    """Dot product of two vectors.

    Both must have the same length.
    """
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        s += x[i] * y[i]
    return s

def scale(double[:] x, double factor=2.0, *, bint inplace=True):
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        x[i] *= factor
    return inplace

cpdef long count(int[:] a, long start=0):
    return start + a.shape[0]

def mean2d(float[:, ::1] img):
    cdef double t = 0
    cdef Py_ssize_t i, j
    for i in range(img.shape[0]):
        for j in range(img.shape[1]):
            t += img[i, j]
    return t / (img.shape[0] * img.shape[1])

def flag(bint b):
    return not b

def words(str s):
    return s.split()

def first(list xs, *rest):
    return xs[0]

def nothing():
    pass

ctypedef fused real:
    float
    double

def total(real[:] a):
    """Sum of a float or double vector."""
    cdef real s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s
`;

const GOOD = `import { dot, scale, count, mean2d, flag, words, first, nothing, total, Mode, __cypyx__ } from './kernel.pyx';

// the declared type of kwargs() from 'cypyx' (src/runtime/values.ts); the package ships no .d.ts of its own yet
declare function kwargs(obj: Record<string, any> | null | undefined): Record<string, any>;

const x = new Float64Array([1, 2, 3]);
const d: number = dot(x, x);
const nd: number = dot({ data: x, shape: [3] }, x);
const ok: boolean = scale(x);
scale(x, 3);
scale(x, 3, kwargs({ inplace: false }));
scale(x, kwargs({ factor: 0.5 }));
const c: number | bigint = count(new Int32Array(4));
count(new Int32Array(4), 10n);
const m: number = mean2d({ data: new Float32Array(6), shape: [2, 3] });
const f: boolean = flag(true);
const w: unknown = words('a b');
first([1, 2], 3, 4);
nothing();
const t32: number = total(new Float32Array(2));
const t64: number = total(new Float64Array(2));
const mode: Mode = Mode.FAST;
const fast: 1 = Mode.FAST;
const file: string = __cypyx__.file;
export { d, nd, ok, c, m, f, w, t32, t64, mode, fast, file };
`;

// every line after the imports misuses the module once
const BAD = `import { dot, scale, count, mean2d, flag, words, total, Mode } from './kernel.pyx';
const x = new Float64Array(3);
dot(1, 2);
dot(new Float32Array(3), x);
const s: string = dot(x, x);
scale(x, '2');
scale(x, 2, { inplace: 'yes' });
count(new Float64Array(2));
mean2d(new Float32Array(4));
flag(1);
words(['a']);
Mode.SLOW;
dot(x);
total(new Int32Array(2));
`;
const BAD_LINES = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];

function tsconfig(resolution: 'bundler' | 'nodenext', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: resolution === 'bundler' ? 'esnext' : 'nodenext',
      moduleResolution: resolution,
      lib: ['es2022'],
      types: [],
      skipLibCheck: false,
      ...extra,
    },
  });
}

/** tsc over the project's tsconfig.json, which lists the one file to check. */
async function tsc(dir: string): Promise<{ code: number | null; out: string }> {
  const r = await runNode([TSC, '-p', 'tsconfig.json'], { cwd: dir, env: childEnv(), timeoutMs: 120_000 });
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('cypyx types', () => {
  it('writes m.pyx.d.ts that type-checks correct uses and rejects misuses (bundler resolution)', async () => {
    const dir = project({ 'kernel.pyx': KERNEL, 'good.ts': GOOD, 'bad.ts': BAD });
    const r = await cli(dir, ['types']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote kernel.pyx.d.ts');
    const dts = readFileSync(join(dir, 'kernel.pyx.d.ts'), 'utf8');
    // the precise signatures
    expect(dts).toContain('export declare function dot(x: Float64Array | NDArrayLike<Float64Array>, y: Float64Array | NDArrayLike<Float64Array>): number;');
    expect(dts).toContain('export declare function scale(x: Float64Array | NDArrayLike<Float64Array>, factor?: number, kw?: Kwargs<{ inplace?: boolean }>): boolean;');
    expect(dts).toContain('export declare function scale(x: Float64Array | NDArrayLike<Float64Array>, kw: Kwargs<{ factor?: number; inplace?: boolean }>): boolean;');
    expect(dts).toContain('export declare function count(a: Int32Array | NDArrayLike<Int32Array>, start?: number | bigint');
    expect(dts).toContain('export declare function mean2d(img: NDArrayLike<Float32Array>): number;');
    expect(dts).toContain('export declare function flag(b: boolean): boolean;');
    expect(dts).toContain('export declare function words(s: string): unknown');
    expect(dts).toContain('export declare function first(xs: readonly unknown[], ...rest: unknown[]): unknown;');
    expect(dts).toContain('export declare function nothing(): void;');
    // a fused function: one overload per specialization
    expect(dts).toContain('export declare function total(a: Float32Array | NDArrayLike<Float32Array>): number;');
    expect(dts).toContain('export declare function total(a: Float64Array | NDArrayLike<Float64Array>): number;');
    expect(dts).toMatch(/export declare const Mode: \{\n {2}readonly FAST: 1;\n {2}readonly SAFE: 2;\n\};/);
    // docstrings as JSDoc
    expect(dts).toContain(' * Dot product of two vectors.\n *\n * Both must have the same length.');
    expect(dts).toContain('@param x `const double[:]`');

    // good.ts alone
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...JSON.parse(tsconfig('bundler')), files: ['good.ts'] }));
    const good = await tsc(dir);
    expect(good.out).toBe('');
    expect(good.code).toBe(0);
    // bad.ts: one error per misuse line
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...JSON.parse(tsconfig('bundler')), files: ['bad.ts'] }));
    const bad = await tsc(dir);
    expect(bad.code).not.toBe(0);
    const errLines = new Set([...bad.out.matchAll(/^bad\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])));
    expect([...errLines].sort((a, b) => a - b)).toEqual(BAD_LINES);
  });

  it('nodenext resolution with allowArbitraryExtensions (--arbitrary writes m.d.pyx.ts)', async () => {
    const dir = project({ 'kernel.pyx': KERNEL, 'good.ts': GOOD, 'bad.ts': BAD });
    writeFileSync(join(dir, 'package.json'), '{"name":"proj","type":"module"}\n');
    const r = await cli(dir, ['types', '--arbitrary', 'kernel.pyx']);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'kernel.d.pyx.ts'))).toBe(true);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...JSON.parse(tsconfig('nodenext', { allowArbitraryExtensions: true })), files: ['good.ts'] }));
    const good = await tsc(dir);
    expect(good.out).toBe('');
    expect(good.code).toBe(0);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...JSON.parse(tsconfig('nodenext', { allowArbitraryExtensions: true })), files: ['bad.ts'] }));
    const bad = await tsc(dir);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/bad\.ts\(3,\d+\): error/);
  });

  it('rewrites only changed files; --check reports stale declarations', async () => {
    const dir = project({ 'kernel.pyx': KERNEL });
    expect((await cli(dir, ['types'])).code).toBe(0);
    const t0 = statSync(join(dir, 'kernel.pyx.d.ts')).mtimeMs;
    const again = await cli(dir, ['types']);
    expect(again.stdout).toContain('unchanged kernel.pyx.d.ts');
    expect(statSync(join(dir, 'kernel.pyx.d.ts')).mtimeMs).toBe(t0);
    expect((await cli(dir, ['types', '--check'])).code).toBe(0);
    writeFileSync(join(dir, 'kernel.pyx'), KERNEL + '\ndef extra(int n):\n    return n\n');
    const stale = await cli(dir, ['types', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('kernel.pyx.d.ts: out of date');
  });
});
