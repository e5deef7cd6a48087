// The wasm back end through the real front end and the glue (emitGlue with a `wasm`
// part): the same argument lists as native, errors, globals, 64-bit results, copy-in/
// copy-out with write-back (strided and aliasing views), zero-copy `alloc` arrays in the
// shared memory, and memory growth between calls.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi, beforeAll } from 'vitest';
import { frontEnd } from '../../src/compile/index.js';
import { emitWasm } from '../../src/compile/wasm/index.js';
import { emitGlue } from '../../src/compile/js/index.js';
import { alloc, sharedWasmMemory } from '../../src/runtime/wasm.js';

const dir = mkdtempSync(join(tmpdir(), 'cypyx-wasm-glue-'));
const src = (rel: string) => pathToFileURL(fileURLToPath(new URL(`../../src/${rel}`, import.meta.url))).href;
const runtimeUrl = src('runtime/index.ts');
const wasmUrl = src('runtime/wasm.ts');
let count = 0;

/** Compiles `source` for the wasm back end and imports its glue. */
async function load(source: string, opts: { embed?: boolean } = {}): Promise<Record<string, any>> {
  const n = count++;
  const file = join(dir, `m${n}.pyx`);
  writeFileSync(file, source);
  const { ir } = frontEnd(file, source, { readFile: () => null, backend: 'wasm' });
  const out = await emitWasm(ir);
  const bin = join(dir, `m${n}.wasm`);
  writeFileSync(bin, out.binary);
  const binaryFile = opts.embed ? `data:application/wasm;base64,${Buffer.from(out.binary).toString('base64')}` : bin;
  const glue = emitGlue(ir, { runtimeUrl, native: { kind: 'wasm', wasmUrl, binaryFile, memory: out.memory, sigs: out.sigs }, sourceFile: file });
  const mjs = join(dir, `m${n}.mjs`);
  writeFileSync(mjs, glue);
  return import(pathToFileURL(mjs).href);
}

function thrown(fn: () => unknown): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('did not throw');
}

const SCALARS = `
# cypyx: tiny_in_js=False
cimport cython
cdef long long counter = 0
cdef double last = 1.5

def add(double a, double b):
    return a + b

def fdiv(int a, int b):
    return a // b

def big(long long a):
    return a * 4

def ubig(unsigned long long a):
    return a + 1

def u32(unsigned int a):
    return a

def is_pos(double x):
    return x > 0

cdef int checked(int x) except -1:
    if x < 0:
        raise ValueError("negative: %d" % x)
    return x * 2

def use_checked(int x):
    return checked(x)

def bump(long long k):
    global counter
    counter += k
    return counter

def get_counter():
    return counter

def safe(int x):
    try:
        return checked(x)
    except ValueError as e:
        return str(e)
`;

describe('wasm glue: scalars, errors, globals', () => {
  let m: Record<string, any>;
  beforeAll(async () => {
    m = await load(SCALARS);
  });

  it('runs the native-tier functions in wasm', () => {
    expect(m.__cypyx__.backend).toBe('wasm');
    const runsAs = Object.fromEntries(m.__cypyx__.functions.map((f: any) => [f.pyName, f.runsAs]));
    expect(runsAs).toMatchObject({ add: 'wasm', fdiv: 'wasm', checked: 'wasm', bump: 'wasm' });
    expect(m.add(1, 2.5)).toBe(3.5);
    expect(m.is_pos(2)).toBe(true);
    expect(m.is_pos(-2)).toBe(false);
    expect(m.u32(4294967295)).toBe(4294967295);
  });

  it('Python division and its ZeroDivisionError, argument conversion errors', () => {
    expect(m.fdiv(7, -2)).toBe(-4);
    expect(thrown(() => m.fdiv(1, 0))).toEqual({ name: 'ZeroDivisionError', message: 'integer division or modulo by zero' });
    expect(thrown(() => m.fdiv(2 ** 40, 1)).name).toBe('OverflowError');
    expect(thrown(() => m.add(1)).name).toBe('TypeError');
  });

  it('64-bit ints: numbers when exact, bigints beyond 2^53, bigint arguments', () => {
    expect(m.big(3)).toBe(12);
    expect(m.big(2n ** 60n)).toBe(2n ** 62n);
    expect(m.big(2n ** 62n)).toBe(0); // wraps like C (-fwrapv)
    expect(m.ubig(2n ** 64n - 2n)).toBe(2n ** 64n - 1n);
    expect(m.ubig(2n ** 64n - 1n)).toBe(0);
  });

  it('errors raised in wasm, with formatted messages, caught by generic code too', () => {
    expect(m.use_checked(4)).toBe(8);
    expect(thrown(() => m.use_checked(-3))).toEqual({ name: 'ValueError', message: 'negative: -3' });
    expect(m.use_checked(5)).toBe(10); // the error state was reset
    expect(m.safe(-7)).toBe('negative: -7');
    expect(m.safe(7)).toBe(14);
  });

  it('C globals shared by wasm code and generic code', () => {
    expect(m.get_counter()).toBe(0);
    expect(m.bump(5)).toBe(5);
    expect(m.bump(2 ** 40)).toBe(2 ** 40 + 5);
    expect(m.get_counter()).toBe(2 ** 40 + 5);
  });

  it('after the shared memory grows, the state block is still read correctly', () => {
    const before = sharedWasmMemory().memory.buffer.byteLength;
    const big = alloc('uint8', [before * 2]);
    expect(sharedWasmMemory().memory.buffer.byteLength).toBeGreaterThan(before);
    expect(m.get_counter()).toBe(2 ** 40 + 5);
    expect(m.bump(1)).toBe(2 ** 40 + 6);
    expect(thrown(() => m.use_checked(-1))).toEqual({ name: 'ValueError', message: 'negative: -1' });
    sharedWasmMemory().free(big);
  });
});

const VIEWS = `
cimport cython

def total(const double[:] a):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def scale(double[:] a, double k):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] *= k

def shift(double[:] dst, const double[:] src):
    cdef Py_ssize_t i
    for i in range(dst.shape[0]):
        dst[i] = src[i] + 1

def grid(int[:, ::1] out):
    cdef Py_ssize_t i, j
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = <int>(i * 10 + j)

def get(double[:] a, Py_ssize_t i):
    return a[i]

def bump_const(const double[:] a):
    return a[0]
`;

describe('wasm glue: memoryviews', () => {
  let m: Record<string, any>;
  let usedBaseline = 0; // the state blocks of the modules loaded so far
  beforeAll(async () => {
    m = await load(VIEWS);
    usedBaseline = sharedWasmMemory().heap.used;
  });

  it('TypedArrays are copied in and written back; const views are not written', () => {
    const a = new Float64Array([1, 2, 3]);
    expect(m.total(a)).toBe(6);
    m.scale(a, 2);
    expect([...a]).toEqual([2, 4, 6]);
    expect(sharedWasmMemory().heap.used).toBe(usedBaseline);
  });

  it('strided views ({data, shape, strides, offset}) are written back element by element', () => {
    const data = new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    m.scale({ data, shape: [5], strides: [2], offset: 0 }, 10);
    expect([...data]).toEqual([0, 1, 20, 3, 40, 5, 60, 7, 80, 9]);
    const rev = new Float64Array([1, 2, 3, 4]);
    m.scale({ data: rev, shape: [2], strides: [-2], offset: 3 }, -1);
    expect([...rev]).toEqual([1, -2, 3, -4]);
    const sparse = new Float64Array(100).fill(1);
    m.scale({ data: sparse, shape: [10], strides: [10] }, 3);
    expect(sparse.reduce((s, x) => s + x, 0)).toBe(90 + 30);
    expect(sparse[10]).toBe(3);
    expect(sparse[11]).toBe(1);
  });

  it('overlapping views of one buffer alias inside wasm, as in C', () => {
    const a = new Float64Array([0, 0, 0, 0, 0]);
    m.shift(a.subarray(1), a.subarray(0, 4)); // a[i+1] = a[i] + 1, in order
    expect([...a]).toEqual([0, 1, 2, 3, 4]);
  });

  it('2-D C-contiguous views, dtype and ndim checks, IndexError', () => {
    const out = { data: new Int32Array(6), shape: [2, 3], strides: [3, 1] };
    m.grid(out);
    expect([...out.data]).toEqual([0, 1, 2, 10, 11, 12]);
    expect(thrown(() => m.grid({ data: new Int32Array(6), shape: [2, 3], strides: [1, 2] })).name).toBe('ValueError');
    expect(thrown(() => m.total(new Float32Array(2)))).toEqual({
      name: 'ValueError',
      message: "Buffer dtype mismatch, expected 'double' but got 'float'",
    });
    expect(thrown(() => m.get(new Float64Array(3), 3)).name).toBe('IndexError');
    expect(m.get(new Float64Array([1, 2, 3]), -1)).toBe(3);
    expect(thrown(() => m.total(5)).name).toBe('TypeError');
    expect(sharedWasmMemory().heap.used).toBe(usedBaseline);
  });

  it('alloc() arrays pass without copies (1-D NDArray, its data, N-D), also after growth', () => {
    const heap = sharedWasmMemory().heap;
    const a = alloc('float64', [4]);
    const g = alloc('int32', [2, 3]);
    const spy = vi.spyOn(heap, 'malloc');
    try {
      a.data.set([1, 2, 3, 4]);
      m.scale(a, 2);
      m.scale(a.data, 0.5);
      m.scale(a.data.subarray(1, 3), 10);
      expect([...a.data]).toEqual([1, 20, 30, 4]);
      expect(m.total(a)).toBe(55);
      m.grid(g);
      expect([...g.data]).toEqual([0, 1, 2, 10, 11, 12]);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    const old = a.data;
    const before = sharedWasmMemory().memory.buffer.byteLength;
    const big = alloc('uint8', [before * 2]); // grows: old TypedArrays are detached
    expect(old.length).toBe(0);
    expect(thrown(() => m.total(old))).toMatchObject({ name: 'ValueError', message: expect.stringMatching(/detached/) });
    expect(m.total(a)).toBe(55); // the NDArray re-reads its data
    sharedWasmMemory().free(big);
    sharedWasmMemory().free(a);
    sharedWasmMemory().free(g);
  });

  it('two modules share one memory: an alloc array is zero-copy for both', async () => {
    const m2 = await load(VIEWS, { embed: true }); // data: URL binary (the memory-only cache)
    expect(m2.__cypyx__.wasm.memory).toBe(m.__cypyx__.wasm.memory);
    const a = alloc('float64', [3]);
    a.data.set([1, 2, 3]);
    const spy = vi.spyOn(sharedWasmMemory().heap, 'malloc');
    m.scale(a, 2);
    m2.scale(a, 3);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect([...a.data]).toEqual([6, 12, 18]);
  });
});

it('the cached binary is what emitWasm produced (magic), read from its file', () => {
  const bins = readFileSync(join(dir, 'm0.wasm'));
  expect([...bins.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
});

it('views of functions that cannot write memory are not written back (copied in only)', async () => {
  const source = `
cdef void _scale(double[:] a, double k):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] *= k

cdef double _sum(double[:] a):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def rsum(double[:] a):
    return _sum(a)

def scale_via(double[:] a):
    _scale(a, 2)
`;
  const file = join(dir, 'ro.pyx');
  const { ir } = frontEnd(file, source, { readFile: () => null, backend: 'wasm' });
  const out = await emitWasm(ir);
  const written = (fn: string) => (out.sigs[fn]!.params[0] as { written?: boolean }).written;
  expect([written('rsum'), written('_sum'), written('scale_via'), written('_scale')]).toEqual([false, false, true, true]);
  const m = await load(source);
  const a = new Float64Array([1, 2, 3]);
  expect(m.rsum(a)).toBe(6);
  m.scale_via(a);
  expect([...a]).toEqual([2, 4, 6]);
});
