// Lowering of fused types and @cython.ufunc: one IR function per specialization,
// compile-time type branches pruned, explicit and implicit specialization, errors.
import { describe, expect, it } from 'vitest';
import { frontEnd, CompileError } from '../../src/compile/index.js';
import type { IRFunction, ModuleIR, Stmt } from '../../src/compile/ir/ir.js';

const noFiles = { readFile: () => null, backend: 'native' as const };
const compile = (src: string): ModuleIR => frontEnd('m.pyx', src, noFiles).ir;
const fn = (mod: ModuleIR, name: string): IRFunction => {
  const f = mod.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name} in ${mod.functions.map((x) => x.name).join(', ')}`);
  return f;
};
function compileError(src: string): CompileError {
  try {
    compile(src);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}
const count = (ss: Stmt[], kind: string): number =>
  ss.reduce((n, s) => n + (s.kind === kind ? 1 : 0) + (s.kind === 'if' ? count(s.then, kind) + count(s.else, kind) : s.kind === 'loop' ? count(s.body, kind) : s.kind === 'block' ? count(s.body, kind) : 0), 0);

const HEAD = `
cimport cython
ctypedef fused number:
    int
    long long
    double
ctypedef fused floating:
    float
    double
`;

describe('fused types', () => {
  it('expands a function into one specialization per member, and a dispatching export', () => {
    const m = compile(HEAD + `
cpdef number add(number a, number b):
    return a + b
def mixed(number a, floating[:] v):
    return a + v[0]
`);
    expect(m.functions.map((f) => f.name).filter((n) => n.startsWith('add'))).toEqual(['add[int]', 'add[long long]', 'add[double]']);
    expect(fn(m, 'add[long long]').ret).toMatchObject({ k: 'int', bits: 64 });
    expect(fn(m, 'add[double]').tier).toBe('native');
    const ex = m.exports.find((e) => e.name === 'add')!;
    expect(ex.dispatch!.specs).toHaveLength(3);
    // Cython's dispatcher checks float before int (types sorted widest first), one check per Python type
    expect(ex.dispatch!.deciders[0]!.checks.map((c) => c.kind)).toEqual(['float', 'int']);
    expect(ex.dispatch!.deciders[0]!.checks[1]).toMatchObject({ member: 1 }); // long long, the widest int
    const mixed = m.exports.find((e) => e.name === 'mixed')!.dispatch!;
    expect(mixed.specs).toHaveLength(6);
    expect(mixed.sigs[0]).toBe('int|float');
    expect(mixed.deciders[1]!.checks).toEqual([
      { kind: 'buffer', dtype: 'float32', ndim: 1, member: 0 },
      { kind: 'buffer', dtype: 'float64', ndim: 1, member: 1 },
    ]);
  });

  it('prunes compile-time type branches', () => {
    const m = compile(HEAD + `
cdef int width(floating x):
    if floating is float:
        raise ValueError("float")
    elif cython.typeof(x) == 'double':
        return 64
    return 0
def w(double d):
    return width(d)
`);
    expect(count(fn(m, 'width[float]').body, 'raise')).toBe(1);
    expect(count(fn(m, 'width[double]').body, 'raise')).toBe(0);
    expect(count(fn(m, 'width[double]').body, 'if')).toBe(0);
  });

  it('selects specializations: explicit indexing, exact C types for cdef, Python dispatch for def', () => {
    const m = compile(HEAD + `
cdef number ident(number x):
    return x
def pick(int i, double d):
    return ident[cython.longlong](i) + ident(i) + ident(d)
`);
    const calls: string[] = [];
    JSON.stringify(fn(m, 'pick').body, (k, v) => {
      if (v && v.kind === 'call') calls.push(v.fn);
      return v;
    });
    expect(calls.sort()).toEqual(['ident[double]', 'ident[int]', 'ident[long long]']);
  });

  it('reports misuse like Cython', () => {
    expect(compileError(HEAD + `
cdef number f(number x):
    return x
def g():
    return f[float](1)
`).message).toMatch(/Type not in fused type/);
    expect(compileError(HEAD + `
def g():
    cdef number x = 1
    return x
`).message).toMatch(/Fused types not allowed here/);
    expect(compileError(HEAD + `
cpdef number f(number x):
    return x
def g(o):
    return f(o)
`).message).toMatch(/Invalid use of fused types, type cannot be specialized/);
    expect(compileError(HEAD + `
cdef number f(int x):
    return x
`).message).toMatch(/Return type is a fused type that cannot be determined/);
    expect(compileError(HEAD + `
cdef number f(number x, floating y):
    return x
def g():
    return f[int](1, 2.0)
`).message).toMatch(/Not enough types specified/);
  });
});

describe('@cython.ufunc', () => {
  it('builds a native elementwise loop per specialization, and reduce loops for binary same-type ones', () => {
    const m = compile(HEAD + `
from libc.math cimport exp
@cython.ufunc
cdef double sigmoid(double x):
    return 1.0 / (1.0 + exp(-x))
@cython.ufunc
cdef floating add(floating a, floating b):
    return a + b
`);
    const s = m.exports.find((e) => e.name === 'sigmoid')!.ufunc!;
    expect(s).toEqual({ nin: 1, loops: [{ loop: 'sigmoid.ufunc_loop', reduce: null, ins: ['float64'], out: 'float64' }] });
    const a = m.exports.find((e) => e.name === 'add')!.ufunc!;
    expect(a.loops.map((l) => [l.ins.join(), l.out, l.reduce])).toEqual([
      ['float32,float32', 'float32', 'add[float].ufunc_reduce'],
      ['float64,float64', 'float64', 'add[double].ufunc_reduce'],
    ]);
    for (const name of ['sigmoid.ufunc_loop', 'add[float].ufunc_loop', 'add[double].ufunc_reduce']) expect(fn(m, name).tier).toBe('native');
    // the contiguous and strided loops
    expect(count(fn(m, 'sigmoid.ufunc_loop').body, 'loop')).toBe(2);
  });

  it('rejects ufuncs over non-numeric types and on def functions', () => {
    expect(compileError(HEAD + `
@cython.ufunc
def f(double x):
    return x
`).message).toMatch(/cdef functions/);
    expect(compileError(HEAD + `
@cython.ufunc
cdef double f(double[:] x):
    return x[0]
`).message).toMatch(/ufunc arguments of type double\[:\]/);
  });
});
