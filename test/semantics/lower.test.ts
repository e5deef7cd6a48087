import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { frontEnd, CompileError } from '../../src/compile/index.js';
import type { ModuleIR } from '../../src/compile/ir/ir.js';
import { printFunction } from '../../src/compile/ir/print.js';

const noFiles = { readFile: () => null, backend: 'native' as const };
const compile = (src: string, file = 'm.pyx'): ModuleIR => frontEnd(file, src, noFiles).ir;
const fn = (mod: ModuleIR, name: string) => mod.functions.find((f) => f.name === name)!;
function compileError(src: string): CompileError {
  try {
    compile(src);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

describe('tiers', () => {
  it('C-level functions run native, object code runs generic with a reason', () => {
    const m = compile(`
def add(double a, double b):
    return a + b
def pair(int a):
    return (a, a)
cdef int helper(int x):
    return x * 2
def uses(int x):
    return helper(x) + 1
`);
    expect(fn(m, 'add').tier).toBe('native');
    expect(fn(m, 'add').ret).toMatchObject({ k: 'float', bits: 64 });
    expect(fn(m, 'pair').tier).toBe('generic');
    expect(fn(m, 'pair').genericReason).toMatch(/Python object/);
    expect(fn(m, 'uses').tier).toBe('native');
    expect(fn(m, 'helper').mayRaise).toBe(false);
  });

  it('a native function calling a generic one becomes generic', () => {
    const m = compile(`
def obj(int a):
    return [a]
def caller(int a):
    x = obj(a)
    return 1
`);
    expect(fn(m, 'caller').tier).toBe('generic');
  });

  it('the JS back end makes every function generic', () => {
    const m = frontEnd('m.pyx', 'def f(int a):\n    return a\n', { readFile: () => null, backend: 'js' }).ir;
    expect(fn(m, 'f').tier).toBe('generic');
  });
});

describe('semantics in the IR', () => {
  it('Python floor division on C ints checks zero and adjusts the quotient', () => {
    const m = compile('def f(int a, int b):\n    return a // b\n');
    const text = printFunction(fn(m, 'f'));
    expect(text).toContain('ZeroDivisionError');
    expect(text).toContain('xor');
  });

  it('cdivision gives C division but still never divides by zero', () => {
    const m = compile('cimport cython\n@cython.cdivision(True)\ndef f(int a, int b):\n    return a // b\n');
    const text = printFunction(fn(m, 'f'));
    expect(text).toContain('div.int');
    expect(text).not.toContain('xor');
    expect(text).toContain('ZeroDivisionError');
  });

  it('boundscheck(False) and wraparound(False) remove index checks', () => {
    const checked = printFunction(fn(compile('def f(double[:] a, Py_ssize_t i):\n    return a[i]\n'), 'f'));
    expect(checked).toContain('IndexError');
    const unchecked = printFunction(fn(compile('cimport cython\n@cython.boundscheck(False)\n@cython.wraparound(False)\ndef f(double[:] a, Py_ssize_t i):\n    return a[i]\n'), 'f'));
    expect(unchecked).not.toContain('IndexError');
    expect(unchecked).not.toContain('?');
  });

  it('contiguous views index their last axis without a stride multiply', () => {
    const text = printFunction(fn(compile('cimport cython\n@cython.boundscheck(False)\n@cython.wraparound(False)\ndef f(double[:, ::1] a, Py_ssize_t i, Py_ssize_t j):\n    return a[i, j]\n'), 'f'));
    expect(text).toContain('a.stride[0]');
    expect(text).not.toContain('a.stride[1]');
  });

  it('def return types are inferred from the returns', () => {
    const m = compile(`
def f(int a):
    if a > 0:
        return a
    return 0
def g(int a):
    if a > 0:
        return a
def h(double x):
    return x * 2
`);
    expect(fn(m, 'f').ret).toMatchObject({ k: 'int', bits: 32 });
    expect(fn(m, 'g').ret.k).toBe('object'); // may return None
    expect(fn(m, 'h').ret).toMatchObject({ k: 'float', bits: 64 });
  });

  it('constant expressions fold with Python semantics', () => {
    const m = compile('cdef long long BIG = 1 << 40\ndef f():\n    return BIG\n');
    expect(m.globals[0]!.init).toBe(1n << 40n);
  });
});

describe('compile errors', () => {
  it('carry file, line, column, source line and caret', () => {
    const e = compileError('def f(int n):\n    return n * missing\n');
    expect(e.line).toBe(2);
    expect(e.col).toBe(16);
    expect(e.sourceLine).toBe('    return n * missing');
    expect(e.message).toContain('m.pyx:2:16: undeclared name not builtin: missing');
    expect(e.message).toMatch(/\n {8}return n \* missing\n {19}\^\n/);
  });

  it('report a real error before an unsupported construct earlier in the file', () => {
    const e = compileError('cdef struct P:\n    double x\ndef f(P p):\n    return p.x\ndef g():\n    return nope\n');
    expect(e.text).toBe('undeclared name not builtin: nope');
  });

  it('unsupported constructs are a CompileError naming them', () => {
    const e = compileError('def f():\n    g = lambda x: x\n    return g(1)\n');
    expect(e.text).toMatch(/^not supported yet: lambda/);
    expect(e.line).toBe(2);
  });

  it('type errors', () => {
    expect(compileError('def f(double x):\n    cdef double[:] v = x\n    return 1\n').text).toBe("Cannot assign type 'double' to 'double[:]'");
    expect(compileError('def f(const double[:] a):\n    a[0] = 1\n').text).toBe('Assignment to const dereference');
    expect(compileError('cdef int g(int a):\n    return a\ndef f():\n    return g(1, 2)\n').text).toBe('Call with wrong number of arguments (expected 1, got 2)');
  });

  it('every errors_* conformance module fails at its expected line', () => {
    const dir = join(__dirname, '../../../shared/conformance/cases');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.startsWith('errors_') && f.endsWith('.pyx'));
    } catch {
      return; // the shared suite is not present in this checkout
    }
    for (const f of files) {
      const expected = JSON.parse(readFileSync(join(dir, f.replace('.pyx', '.json')), 'utf8')).compile_error;
      let err: CompileError | null = null;
      try {
        frontEnd(join(dir, f), readFileSync(join(dir, f), 'utf8'), noFiles);
      } catch (e) {
        err = e as CompileError;
      }
      expect(err, f).toBeInstanceOf(CompileError);
      expect(err!.line, f).toBe(expected.line);
    }
  });
});

describe('Cython 0.29 unraisable exceptions', () => {
  it('cdef/cpdef functions with a C return type and no except clause swallow errors', () => {
    const m = compile(`
cdef int f(int a, int b):
    return a // b
cdef int g(int a, int b) except -1:
    return a // b
cdef object h(int b):
    return 1 // b
def caller(int b):
    return f(1, b)
`);
    expect(fn(m, 'f').swallowErrors).toBe(true);
    expect(fn(m, 'f').mayRaise).toBe(false);
    expect(fn(m, 'g').swallowErrors).toBeFalsy();
    expect(fn(m, 'g').mayRaise).toBe(true);
    expect(fn(m, 'h').swallowErrors).toBeFalsy();
    expect(fn(m, 'caller').mayRaise).toBe(false);
  });
});

describe('for-from loops', () => {
  it('lower to a C loop whose variable ends at the first failing value', () => {
    const text = printFunction(fn(compile('def f(int n):\n    cdef int i, s = 0\n    for i from 0 <= i < n by 2:\n        s += i\n    return s\n'), 'f'));
    expect(text).toContain('loop forfrom');
    expect(text).toMatch(/lt\(i, \$ff\d+\)/);
    expect(text).not.toContain('may raise');
  });
  it('reject mismatched directions', () => {
    expect(compileError('def f(int n):\n    cdef int i\n    for i from 0 <= i > n:\n        pass\n').text).toBe('Relation directions in for-from do not match');
  });
});

describe('module directives', () => {
  it('# cypyx: fastmath=True opts a module into fast-math; the default is strict IEEE', () => {
    expect(compile('# cypyx: fastmath=True\ndef f(double x):\n    return x * 2\n').directives.fastmath).toBe(true);
    expect(compile('def f(double x):\n    return x * 2\n').directives.fastmath).toBe(false);
  });
});
