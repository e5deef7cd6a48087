// Lowering of C data (SPEC L3): lvalues as addresses, layouts, tiers, compile errors.
import { describe, expect, it } from 'vitest';
import { frontEnd, CompileError } from '../../src/compile/index.js';
import type { Expr, IRFunction, ModuleIR, Stmt } from '../../src/compile/ir/ir.js';
import { printFunction } from '../../src/compile/ir/print.js';
import { layoutOf, sizeOf, cspecOf } from '../../src/compile/ir/layout.js';
import { T, typeName } from '../../src/compile/ir/types.js';
import type { StructType } from '../../src/compile/ir/types.js';
import { walkExprs } from '../../src/compile/ir/classify.js';

const compile = (src: string, backend: 'native' | 'wasm' | 'js' = 'native'): ModuleIR =>
  frontEnd('m.pyx', src, { readFile: () => null, backend }).ir;
const fn = (mod: ModuleIR, name: string): IRFunction => mod.functions.find((f) => f.name === name)!;
function exprs(f: IRFunction): Expr[] {
  const out: Expr[] = [];
  walkExprs(f.body, (e) => out.push(e));
  return out;
}
function stmts(ss: Stmt[]): Stmt[] {
  return ss.flatMap((s) => [s, ...(s.kind === 'if' ? [...stmts(s.then), ...stmts(s.else)] : s.kind === 'loop' ? [...stmts(s.body), ...stmts(s.update)] : s.kind === 'block' ? stmts(s.body) : [])]);
}
function compileError(src: string): CompileError {
  try {
    compile(src);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

const STRUCTS = `
cdef struct Item:
    int id
    double weight
    bint active

cdef packed struct Packed:
    unsigned char tag
    int value
    short extra

cdef union Word:
    unsigned int u
    float f
    unsigned char[4] b

cdef struct Outer:
    char c
    Item item
    double[3] v
`;

describe('layout (C rules, LP64)', () => {
  it('structs pad fields to their alignment, packed structs do not, unions overlap', () => {
    const m = compile(`${STRUCTS}
def sizes():
    return (sizeof(Item), sizeof(Packed), sizeof(Word), sizeof(Outer), sizeof((int, double)), sizeof(Item*), sizeof(double[4][3]))
`);
    const consts = exprs(fn(m, 'sizes')).filter((e) => e.kind === 'const' && typeof e.value === 'bigint').map((e) => Number((e as { value: bigint }).value));
    expect(consts).toEqual([24, 7, 4, 56, 16, 8, 96]);
  });

  it('field offsets and the runtime description', () => {
    const item: StructType = { k: 'struct', name: 'Item', union: false, fields: [{ name: 'id', type: T.int }, { name: 'weight', type: T.double }, { name: 'active', type: T.bool }] };
    expect(layoutOf(item)).toEqual({ size: 24, align: 8, offsets: [0, 8, 16] });
    const packed: StructType = { ...item, name: 'P', packed: true, fields: [{ name: 'tag', type: T.uchar }, { name: 'value', type: T.int }] };
    expect(layoutOf(packed)).toEqual({ size: 5, align: 1, offsets: [0, 1] });
    expect(sizeOf({ k: 'ctuple', items: [T.char, T.double, T.short] })).toBe(24);
    expect(cspecOf(item, typeName)).toMatchObject({ k: 'struct', size: 24, fields: [{ name: 'id', off: 0, t: { k: 'i32' } }, { name: 'weight', off: 8 }, { name: 'active', off: 16, t: { k: 'bool' } }] });
  });
});

describe('lvalues are addresses', () => {
  it('a struct field is a load of a field address of the addressed local', () => {
    const m = compile(`${STRUCTS}
def f(double w):
    cdef Item it
    it.weight = w
    it.weight *= 2
    return it.weight
`);
    const f = fn(m, 'f');
    expect(f.locals.find((l) => l.name === 'it')!.addressed).toBe(true);
    const text = printFunction(f);
    expect(text).toContain('*(&(&it)->#1) = w');
    expect(stmts(f.body).filter((s) => s.kind === 'store')).toHaveLength(2);
    expect(f.tier).toBe('native');
  });

  it('packed fields are accessed with alignment 1', () => {
    const m = compile(`${STRUCTS}
def f(int v):
    cdef Packed p
    p.value = v
    return p.value
`);
    const st = stmts(fn(m, 'f').body).find((s) => s.kind === 'store') as Extract<Stmt, { kind: 'store' }>;
    expect(st.align).toBe(1);
    expect(exprs(fn(m, 'f')).find((e) => e.kind === 'load')).toMatchObject({ align: 1 });
  });

  it('pointer arithmetic counts elements; a pointer difference divides by the element size', () => {
    const m = compile(`
from libc.stdlib cimport malloc, free
def f(int n, int i, int j):
    cdef double* base = <double*>malloc(n * sizeof(double))
    cdef double* p = base + i
    cdef double* q = &base[j]
    cdef Py_ssize_t d = q - p
    free(base)
    return d
`);
    const f = fn(m, 'f');
    const es = exprs(f);
    expect(es.filter((e) => e.kind === 'ptrAdd')).toHaveLength(2);
    expect(es.some((e) => e.kind === 'bin' && e.op === 'div' && e.b.kind === 'const' && e.b.value === 8n)).toBe(true);
    expect(es.filter((e) => e.kind === 'libc').map((e) => (e as { fn: string }).fn)).toEqual(['malloc', 'free']);
    expect(f.tier).toBe('native');
  });

  it('C arrays decay to pointers; displays build ctuples and arrays in place', () => {
    const m = compile(`
cdef (double, int) split(double x):
    return (x - <int>x, <int>x)
def f():
    cdef int[3] a = [1, 2, 3]
    cdef int* p = a
    cdef (double, int) t = split(2.5)
    return p[2] + t[1]
`);
    const text = printFunction(fn(m, 'f'));
    expect(text).toMatch(/<int \*>\(&a\)/);
    expect(fn(m, 'split').ret).toMatchObject({ k: 'ctuple' });
    expect(fn(m, 'f').tier).toBe('native');
  });

  it('structs, C arrays and ctuples returned by def functions are their C values (boxed by callers)', () => {
    const m = compile(`${STRUCTS}
def item(int i):
    cdef Item it
    it.id = i
    return it
def pair(int i):
    return item(i)
`);
    expect(fn(m, 'item').ret).toMatchObject({ k: 'struct', name: 'Item' });
    expect(exprs(fn(m, 'pair')).some((e) => e.kind === 'box' && e.type.k === 'object' && e.type.py === 'dict')).toBe(true);
  });
});

describe('function pointers', () => {
  const SRC = `
ctypedef double (*fn_t)(double)
cdef double twice(double x):
    return 2 * x
cdef fn_t pick(int k):
    return twice
def apply(int k, double x):
    return pick(k)(x)
def names(list xs):
    return [pick(0)(x) for x in xs]
`;
  it('a cdef function as a value is its function number; calls go through callPtr', () => {
    const m = compile(SRC);
    expect(exprs(fn(m, 'pick')).find((e) => e.kind === 'fnRef')).toMatchObject({ fn: 'twice', type: { k: 'funcptr' } });
    expect(exprs(fn(m, 'apply')).some((e) => e.kind === 'callPtr')).toBe(true);
    // function numbers mean the same on both tiers: generic callers do not pull pick off native
    expect(fn(m, 'names').tier).toBe('generic');
    expect(fn(m, 'pick').tier).toBe('native');
    expect(fn(m, 'apply').tier).toBe('native');
  });

  it('native code calls through pointers only when every address-taken function is native', () => {
    const m = compile(`
ctypedef object (*ofn)(object)
cdef object ident(object x):
    return x
ctypedef double (*fn_t)(double)
cdef double f1(double x):
    return x
cdef double call(fn_t f, double x):
    return f(x)
def g(double x):
    cdef ofn h = ident
    return call(f1, x)
`);
    expect(fn(m, 'call').tier).toBe('generic');
    expect(fn(m, 'call').genericReason).toMatch(/function pointer/);
  });
});

describe('tiers with data pointers', () => {
  it('a native function that exchanges pointers with generic code becomes generic', () => {
    const m = compile(`
cdef void swap(int* a, int* b):
    cdef int t = a[0]
    a[0] = b[0]
    b[0] = t
def swapped(int x, int y):
    swap(&x, &y)
    return (x, y)
def native_user(int x, int y):
    swap(&x, &y)
    return x - y
`);
    expect(fn(m, 'swap').tier).toBe('generic');
    expect(fn(m, 'swap').genericReason).toMatch(/exchanges C pointers with 'swapped'/);
    expect(fn(m, 'native_user').tier).toBe('generic');
    expect(fn(m, 'swapped').locals.find((l) => l.name === 'x')!.addressed).toBe(true);
  });

  it('globals holding pointers are only used by generic code; others are native', () => {
    const m = compile(`
cdef int* GP = NULL
cdef double[4] ACC
def f(double x):
    ACC[0] += x
    return ACC[0]
def g():
    return GP == NULL
`);
    expect(m.dataGlobals!.map((g) => [g.name, g.offset])).toEqual([['GP', 80], ['ACC', 88]]);
    expect(fn(m, 'f').tier).toBe('native');
    expect(fn(m, 'g').tier).toBe('generic');
  });

  it('the wasm back end compiles a subset: memory locals, pointers, copies — not struct values or calls through pointers', () => {
    const m = compile(`${STRUCTS}
ctypedef double (*fn_t)(double)
cdef double one(double x):
    return 1
def f(int i):
    cdef Item it
    cdef Item copy
    it.id = i
    copy = it
    return copy.id
def g(int i):
    cdef Item it
    it.id = i
    return it
def h(double x):
    cdef fn_t p = one
    return p(x)
`, 'wasm');
    expect(fn(m, 'f').tier).toBe('native');
    expect(fn(m, 'g').tier).toBe('generic');
    expect(fn(m, 'g').genericReason).toMatch(/struct, array or ctuple as a value/);
    expect(fn(m, 'h').tier).toBe('generic');
    expect(fn(m, 'h').genericReason).toMatch(/function pointer/);
  });
});

describe('compile errors', () => {
  it('Cython messages for C data mistakes', () => {
    expect(compileError(`
from libc.stdlib cimport malloc
def f(int n):
    cdef double* buf = <double*>malloc(n * sizeof(double))
    cdef double x = buf
    return x
`).message).toContain("Cannot assign type 'double *' to 'double'");
    expect(compileError(`${STRUCTS}
def f(Item it):
    return it.nope
`).message).toContain("has no attribute 'nope'");
    expect(compileError(`
def f(int* p):
    return p[0]
`).message).toContain("Cannot convert Python object argument to type 'int *'");
    expect(compileError(`
def f():
    cdef int[3] a = [1, 2]
    return a[0]
`).message).toContain('wrong length');
  });
});
