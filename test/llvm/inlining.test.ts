// Inlining attributes of native functions (llvm/codegen.ts inlineAttrs): a function with
// a loop called from two or more places stays out of line; `cdef inline` is a hint.
import { describe, expect, it } from 'vitest';
import { frontEnd } from '../../src/compile/index.js';
import { emitLLVM } from '../../src/compile/llvm/index.js';

function llvmOf(source: string): string {
  const { ir } = frontEnd('/virtual/inl.pyx', source, { readFile: () => null, backend: 'native' });
  return emitLLVM(ir, { hash8: 'abcd1234' }).text;
}

/** The attributes after the parameter list of `cpx_abcd1234.fn.<name>`'s definition. */
function attrsOf(text: string, name: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith('define') && l.includes(`@cpx_abcd1234.fn.${name}(`));
  expect(line, `definition of ${name}`).toBeDefined();
  return line!.slice(line!.lastIndexOf(')') + 1).replace('{', '').trim().split(/\s+/);
}

const SWEEP = `
cdef void fill(double[::1] v, double x):
    cdef Py_ssize_t i
    for i in range(v.shape[0]):
        v[i] = x
`;

describe('inlining attributes', () => {
  it('keeps a function with a loop out of line when it is called twice', () => {
    const text = llvmOf(`${SWEEP}
def twice(double[::1] a, double[::1] b):
    fill(a, 1.0)
    fill(b, 2.0)
`);
    expect(attrsOf(text, 'fill')).toContain('noinline');
    expect(attrsOf(text, 'twice')).not.toContain('noinline');
  });

  it('leaves a function with a loop called once to the inliner', () => {
    const text = llvmOf(`${SWEEP}
def once(double[::1] a):
    fill(a, 1.0)
`);
    expect(attrsOf(text, 'fill')).not.toContain('noinline');
  });

  it('leaves a loop-free function called many times to the inliner', () => {
    const text = llvmOf(`
cdef double sq(double x):
    return x * x

def many(double x):
    return sq(x) + sq(x + 1) + sq(x + 2)
`);
    expect(attrsOf(text, 'sq')).not.toContain('noinline');
  });

  it('marks cdef inline and @cython.inline functions with inlinehint, never noinline', () => {
    const text = llvmOf(`
cimport cython

cdef inline void fill(double[::1] v, double x):
    cdef Py_ssize_t i
    for i in range(v.shape[0]):
        v[i] = x

@cython.cfunc
@cython.inline
def fill2(double[::1] v, double x) -> cython.void:
    cdef Py_ssize_t i
    for i in range(v.shape[0]):
        v[i] = x

def twice(double[::1] a, double[::1] b):
    fill(a, 1.0)
    fill(b, 2.0)
    fill2(a, 1.0)
    fill2(b, 2.0)
`);
    for (const name of ['fill', 'fill2']) {
      expect(attrsOf(text, name)).toContain('inlinehint');
      expect(attrsOf(text, name)).not.toContain('noinline');
    }
  });
});
