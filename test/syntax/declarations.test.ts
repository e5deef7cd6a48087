// Cython declarations: C types and declarators, cdef/cpdef functions, typed
// parameters, structs/unions/enums, ctypedef (incl. fused and function
// pointers), extern blocks, cdef classes, cimports, compile-time DEF/IF.
import { describe, it, expect } from 'vitest';
import type { FuncDef, Stmt, TypeExpr } from '../../src/compile/syntax/ast.js';
import { params, parse, parseError, stmt, stmts, sx, tx } from './helpers.js';

function decl(s: Stmt): string {
  if (s.kind !== 'CVarDecl') throw new Error(`not a CVarDecl: ${s.kind}`);
  const ds = s.declarators.map(
    (d) => '*'.repeat(d.pointerDepth) + d.name + d.arraySizes.map((x) => `[${sx(x)}]`).join('') + (d.init ? `=${sx(d.init)}` : ''),
  );
  const vis = s.visibility === 'private' ? '' : s.visibility + ' ';
  return `${vis}${tx(s.type)}: ${ds.join(', ')}`;
}

function fn(s: Stmt): FuncDef {
  if (s.kind === 'FuncDef') return s;
  if (s.kind === 'CFuncDecl') return s.func;
  throw new Error(`not a function: ${s.kind}`);
}

describe('cdef variable declarations', () => {
  it.each([
    ['cdef int i', 'int: i'],
    ['cdef int i, j = 0, *p', 'int: i, j=0, *p'],
    ['cdef double buf[16]', 'double: buf[16]'],
    ['cdef double[16] buf', 'double[16]: buf'],
    ['cdef double[3][3] m', 'double[3][3]: m'],
    ['cdef int *a[3]', 'int: *a[3]'],
    ['cdef int m[2][N + 1]', 'int: m[2][(+ N 1)]'],
    ['cdef double[:, :] m = x', 'double[:, :]: m=x'],
    ['cdef double[:, ::1] m', 'double[:, ::1]: m'],
    ['cdef int[::1, :] f', 'int[::1, :]: f'],
    ['cdef double[::view.contiguous] v', 'double[::1]: v'],
    ['cdef const double[:] a', 'const double[:]: a'],
    ['cdef unsigned long long u = 1', 'unsigned long long: u=1'],
    ['cdef long double x', 'long double: x'],
    ['cdef long x', 'long: x'],
    ['cdef short int s', 'short: s'],
    ['cdef unsigned u', 'unsigned int: u'],
    ['cdef signed char c', 'signed char: c'],
    ['cdef unsigned char[64] buf', 'unsigned char[64]: buf'],
    ['cdef double complex z', 'double complex: z'],
    ['cdef Py_ssize_t i, n = len(x)', 'Py_ssize_t: i, n=(call len x)'],
    ['cdef Counter c = Counter(step=3)', 'Counter: c=(call Counter step=3)'],
    ['cdef np.float64_t x', 'np.float64_t: x'],
    ['cdef cython.double d', 'cython.double: d'],
    ['cdef cnp.ndarray[double, ndim=2, mode="c"] arr', 'cnp.ndarray<double, ndim=2, mode="c">: arr'],
    ['cdef np.ndarray[unsigned char, ndim=1] b', 'np.ndarray<<unsigned char>, ndim=1>: b'],
    ['cdef (double, int) t = (1.0, 2)', '(double, int): t=(tuple 1.0 2)'],
    ['cdef binary_fn[4] TABLE = [op_add, op_mul]', 'binary_fn[4]: TABLE=[op_add op_mul]'],
    ['cdef Item[N] items', 'Item<N>: items'],
    ['cdef double[N] xs', 'double[N]: xs'],
    ['cdef int* p, q', 'int: *p, q'],
    ['cdef double ** pp', 'double: **pp'],
    ['cdef object o', 'object: o'],
    ['cdef x = 3', 'object: x=3'],
    ['cdef a, b', 'object: a, b'],
    ['cdef int[5] a = [4, 8, 15, 16, 23]', 'int[5]: a=[4 8 15 16 23]'],
  ])('%s', (src, want) => {
    expect(decl(stmt(src + '\n'))).toBe(want);
  });

  it('splits function-pointer declarators into their own CVarDecl', () => {
    const body = stmts('cdef int a, (*f)(int, double), b\n');
    expect(body.map(decl)).toEqual(['int: a', 'int (*)(int, double): f', 'int: b']);
  });

  it('records visibility and const', () => {
    const body = stmts('cdef class A:\n    cdef public double w, h\n    cdef readonly int n\n    cdef int* data\n');
    const c = body[0];
    expect(c.kind).toBe('ClassDef');
    if (c.kind !== 'ClassDef') return;
    expect(c.body.map(decl)).toEqual(['public double: w, h', 'readonly int: n', 'int: *data']);
    const k = stmt('cdef const int K = 5\n');
    expect(k.kind === 'CVarDecl' && k.isConst).toBe(true);
  });

  it('parses cdef: blocks', () => {
    const s = stmt('cdef:\n    int a = 1\n    double *p, q\n    struct T:\n        int z\n');
    expect(s.kind).toBe('CdefBlock');
    if (s.kind !== 'CdefBlock') return;
    expect(s.body.map((b) => b.kind)).toEqual(['CVarDecl', 'CVarDecl', 'StructDef']);
    expect(decl(s.body[1])).toBe('double: *p, q');
    const pub = stmt('cdef public:\n    int a\n');
    expect(pub.kind === 'CdefBlock' && decl(pub.body[0])).toBe('public int: a');
  });
});

describe('cdef / cpdef functions', () => {
  it('parses return types, modifiers and suffixes', () => {
    const f = fn(stmt('cdef double f(double x) nogil except -1:\n    return x\n'));
    expect([f.flavor, f.name, tx(f.returnType!), f.nogil, f.noexcept]).toEqual(['cdef', 'f', 'double', true, false]);
    expect(f.exceptClause && sx(f.exceptClause.value!)).toBe('(- 1)');
    expect(f.exceptClause?.maybe).toBe(false);

    const g = fn(stmt('cdef inline long long g(int n) except? -1 nogil:\n    pass\n'));
    expect([g.inline, tx(g.returnType!), g.exceptClause?.maybe, g.nogil]).toEqual([true, 'long long', true, true]);

    const h = fn(stmt('cdef void h() noexcept nogil:\n    pass\n'));
    expect([h.noexcept, h.nogil, h.exceptClause]).toEqual([true, true, null]);

    const k = fn(stmt('cdef int k() except *:\n    pass\n'));
    expect(k.exceptClause).toMatchObject({ star: true, value: null });

    const cb = fn(stmt('cdef void cb(void* data) with gil:\n    pass\n'));
    expect([cb.withGil, params(cb.params)]).toEqual([true, ['void* data']]);

    const cpp = fn(stmt('cdef int cpp() except +:\n    pass\n'));
    expect(cpp.exceptClause).toMatchObject({ plus: true });

    const p = fn(stmt('cpdef int add_many(self, int times):\n    return 0\n'));
    expect([p.flavor, params(p.params)]).toEqual(['cpdef', ['self', 'int times']]);

    const obj = fn(stmt('cpdef push(self, double v):\n    pass\n'));
    expect([obj.returnType, params(obj.params)]).toEqual([null, ['self', 'double v']]);

    const ptr = fn(stmt('cdef int* alloc(int n):\n    pass\n'));
    expect(tx(ptr.returnType!)).toBe('int*');

    const tup = fn(stmt('cdef (double, int) split(double x):\n    pass\n'));
    expect(tx(tup.returnType!)).toBe('(double, int)');

    const pub = fn(stmt('cdef public api double pf(double x):\n    return x\n'));
    expect([pub.visibility, pub.api]).toEqual(['public', true]);
  });

  it('parses typed parameters', () => {
    const f = fn(
      stmt(
        'def f(self, double[:, ::1] a not None, const double[:] b, double *p, unsigned long long u,\n' +
          '      long double ld, Py_ssize_t n, cython.double cd, np.float64_t nf, cnp.ndarray[double, ndim=1] arr,\n' +
          '      (int, double) t, list xs or None, int x=3, object o=None, double (*fp)(double)=NULL, int* q=NULL):\n    pass\n',
      ),
    );
    expect(params(f.params)).toEqual([
      'self', 'double[:, ::1] a not None', 'const double[:] b', 'double* p', 'unsigned long long u',
      'long double ld', 'Py_ssize_t n', 'cython.double cd', 'np.float64_t nf', 'cnp.ndarray<double, ndim=1> arr',
      '(int, double) t', 'list xs or None', 'int x=3', 'object o=None', 'double (*)(double) fp=NULL', 'int* q=NULL',
    ]);
  });

  it('parses Python parameter kinds', () => {
    const f = fn(stmt('def f(a, b=2, /, c=3, *args, d, e=4, **kw):\n    pass\n'));
    expect(params(f.params)).toEqual(['pos:a', 'pos:b=2', 'c=3', '*args', 'kw:d', 'kw:e=4', '**kw']);
    const g = fn(stmt('def g(str word, int times=1, *, str sep=" "):\n    pass\n'));
    expect(params(g.params)).toEqual(['str word', 'int times=1', 'kw:str sep=" "']);
    const h = fn(stmt('def h(*values):\n    pass\n'));
    expect(params(h.params)).toEqual(['*values']);
  });

  it('converts annotations to types', () => {
    const f = fn(stmt('def f(a: int, b: cython.double[:, ::1], c: "Foo" = None) -> cython.int:\n    pass\n'));
    expect(params(f.params)).toEqual(['int a', 'cython.double[:, ::1] b', 'Foo c=None']);
    expect(tx(f.returnType!)).toBe('cython.int');
    expect(f.returnType).toMatchObject({ kind: 'NameType', name: 'int', module: 'cython' });
    // Python-level `int` annotation is a NameType, C `int` an IntType
    expect(f.params[0].type!.kind).toBe('NameType');
  });

  it('parses declarations without body and treats lone names as types there', () => {
    const s = stmt('cdef double sqrt(double) nogil\n');
    expect(s.kind).toBe('CFuncDecl');
    expect(params(fn(s).params)).toEqual(['double']);
    const m = stmt('cdef class A:\n    cpdef int f(self, int, x)\n');
    if (m.kind !== 'ClassDef') throw new Error();
    expect(params(fn(m.body[0]).params)).toEqual(['self', 'int', 'x']);
    expect(params(fn(stmt('cpdef f(int x=*)\n')).params)).toEqual(['int x=...']);
  });

  it('parses decorated cdef functions', () => {
    const f = fn(stmt('@cython.boundscheck(False)\n@cython.wraparound(False)\ncdef void sweep(double[:, ::1] src) nogil:\n    pass\n'));
    expect(f.decorators.map((d) => sx(d.expr))).toEqual(['(call cython.boundscheck False)', '(call cython.wraparound False)']);
    expect(f.nogil).toBe(true);
  });

  it('records docstrings of functions and keeps them in the body', () => {
    const f = fn(stmt('def f():\n    """Doc."""\n    return 1\n'));
    expect(f.docstring).toBe('Doc.');
    expect(f.body.length).toBe(2);
    const g = fn(stmt('cdef int g():\n    "doc"\n    return 1\n'));
    expect(g.docstring).toBe('doc');
  });

  it('rejects malformed signatures', () => {
    expect(parseError('cdef int f(int x) nogil nogil:\n    pass\n').text).toMatch(/Duplicate 'nogil'/);
    expect(parseError('cdef int f() noexcept except -1:\n    pass\n').text).toMatch(/Duplicate exception/);
    expect(parseError('cpdef int x\n').text).toMatch(/Expected '\('/);
    expect(parseError('def f(a, *, *b):\n    pass\n').line).toBe(1);
    expect(parseError('def f(**kw, a):\n    pass\n').text).toMatch(/follow \*\*kwargs/);
  });
});

describe('C type definitions', () => {
  it('parses structs, unions and packed structs', () => {
    const s = stmt('cdef struct Node:\n    int value\n    Node* next\n    int a, b\n    unsigned char[4] raw\n    double (*fn)(double)\n');
    expect(s.kind).toBe('StructDef');
    if (s.kind !== 'StructDef') return;
    expect(s.fields.map((f) => `${tx(f.type)} ${f.name}`)).toEqual([
      'int value', 'Node* next', 'int a', 'int b', 'unsigned char[4] raw', 'double (*)(double) fn',
    ]);
    expect([s.name, s.union, s.packed, s.ctypedef]).toEqual(['Node', false, false, false]);
    const u = stmt('cdef union W:\n    unsigned int u\n    float f\n');
    expect(u.kind === 'StructDef' && u.union).toBe(true);
    const p = stmt('cdef packed struct P:\n    char c\n    int v\n');
    expect(p.kind === 'StructDef' && p.packed).toBe(true);
    const t = stmt('ctypedef struct Pt:\n    double x, y\n');
    expect(t.kind === 'StructDef' && [t.ctypedef, t.fields.length]).toEqual([true, 2]);
    const pub = stmt('cdef public struct Q:\n    int a\n');
    expect(pub.kind === 'StructDef' && pub.visibility).toBe('public');
  });

  it('parses named, anonymous and cpdef enums', () => {
    const a = stmt('cdef enum Level:\n    LOW\n    MEDIUM\n    HIGH = 10\n    CRITICAL\n');
    expect(a.kind === 'EnumDef' && a.items.map((i) => (i.value ? `${i.name}=${sx(i.value)}` : i.name))).toEqual([
      'LOW', 'MEDIUM', 'HIGH=10', 'CRITICAL',
    ]);
    const b = stmt('cdef enum:\n    A, B = 1 << 2,\n    C\n');
    expect(b.kind === 'EnumDef' && [b.name, b.items.map((i) => i.name)]).toEqual([null, ['A', 'B', 'C']]);
    const c = stmt('cpdef enum Direction:\n    NORTH\n    EAST\n');
    expect(c.kind === 'EnumDef' && [c.cpdef, c.name]).toEqual([true, 'Direction']);
    const d = stmt('ctypedef enum Color:\n    RED\n');
    expect(d.kind === 'EnumDef' && d.ctypedef).toBe(true);
    const e = stmt('cdef enum: X = 1, Y = 2\n');
    expect(e.kind === 'EnumDef' && e.items.length).toBe(2);
  });

  it('parses ctypedefs including function pointers and arrays', () => {
    const cases: [string, string, string][] = [
      ['ctypedef unsigned int u32', 'u32', 'unsigned int'],
      ['ctypedef double real', 'real', 'double'],
      ['ctypedef np.float64_t DTYPE_t', 'DTYPE_t', 'np.float64_t'],
      ['ctypedef double (*unary_fn)(double)', 'unary_fn', 'double (*)(double)'],
      ['ctypedef long long (*binary_fn)(long long, long long)', 'binary_fn', 'long long (*)(long long, long long)'],
      ['ctypedef void (*cb_t)(void)', 'cb_t', 'void (*)()'],
      ['ctypedef int (*cmp_t)(const void* a, const void* b)', 'cmp_t', 'int (*)(const void*, const void*)'],
      ['ctypedef double (**pfn)(double)', 'pfn', 'double (*)(double)*'],
      ['ctypedef int Arr[10]', 'Arr', 'int[10]'],
      ['ctypedef double[:, ::1] mat_t', 'mat_t', 'double[:, ::1]'],
      ['ctypedef const char* cstr', 'cstr', 'const char*'],
    ];
    for (const [src, name, type] of cases) {
      const s = stmt(src + '\n');
      expect(s.kind, src).toBe('CTypedef');
      if (s.kind !== 'CTypedef') continue;
      expect([s.name, tx(s.type)], src).toEqual([name, type]);
    }
  });

  it('parses fused types in both forms', () => {
    const a = stmt('ctypedef fused number: int, double\n');
    expect(a.kind === 'FusedDef' && [a.name, a.types.map(tx)]).toEqual(['number', ['int', 'double']]);
    const b = stmt('ctypedef fused elem:\n    int\n    long long\n    float\n    double complex\n');
    expect(b.kind === 'FusedDef' && b.types.map(tx)).toEqual(['int', 'long long', 'float', 'double complex']);
  });

  it('parses extern blocks', () => {
    const s = stmt(
      'cdef extern from "math.h" nogil:\n' +
        '    """doc"""\n' +
        '    double sqrt(double x)\n' +
        '    double M_PI\n' +
        '    ctypedef struct FILE\n' +
        '    cdef int abs(int)\n' +
        '    enum: BUFSIZ\n' +
        '    struct tm:\n        int tm_sec\n',
    );
    expect(s.kind).toBe('ExternBlock');
    if (s.kind !== 'ExternBlock') return;
    expect([s.header, s.nogil]).toEqual(['math.h', true]);
    expect(s.body.map((b) => b.kind)).toEqual(['ExprStmt', 'CFuncDecl', 'CVarDecl', 'StructDef', 'CFuncDecl', 'EnumDef', 'StructDef']);
    expect(params(fn(s.body[4]).params)).toEqual(['int']);
    const star = stmt('cdef extern from *:\n    pass\n');
    expect(star.kind === 'ExternBlock' && star.header).toBe(null);
    const one = stmt('cdef extern double foo(double)\n');
    expect(one.kind === 'ExternBlock' && one.body[0].kind).toBe('CFuncDecl');
  });
});

describe('classes', () => {
  it('parses cdef classes with bases, attributes and methods', () => {
    const c = stmt(
      'cdef class Rect(Shape):\n    """A rect."""\n    cdef public double w, h\n' +
        '    def __init__(self, double w, double h):\n        super().__init__("rect")\n' +
        '    cpdef double area(self):\n        return self.w * self.h\n' +
        '    @property\n    def size(self):\n        return 1\n' +
        '    @size.setter\n    def size(self, v):\n        pass\n',
    );
    expect(c.kind).toBe('ClassDef');
    if (c.kind !== 'ClassDef') return;
    expect([c.name, c.cdef, c.bases.map(sx), c.docstring]).toEqual(['Rect', true, ['Shape'], 'A rect.']);
    expect(c.body.map((s) => s.kind)).toEqual(['ExprStmt', 'CVarDecl', 'FuncDef', 'FuncDef', 'FuncDef', 'FuncDef']);
    const setter = fn(c.body[5]);
    expect(setter.decorators.map((d) => sx(d.expr))).toEqual(['size.setter']);
  });
  it('parses Python classes', () => {
    const c = stmt('@dataclass\nclass E(ValueError, Mixin):\n    pass\n');
    expect(c.kind === 'ClassDef' && [c.cdef, c.bases.length, c.decorators.length]).toEqual([false, 2, 1]);
  });
});

describe('statements', () => {
  it('parses for-from loops', () => {
    const s = stmt('for i from 0 <= i < n by 2:\n    pass\n');
    expect(s.kind).toBe('ForFrom');
    if (s.kind !== 'ForFrom') return;
    expect([sx(s.target), sx(s.lower), s.lowerOp, s.upperOp, sx(s.upper), sx(s.step!)]).toEqual(['i', '0', '<=', '<', 'n', '2']);
    const d = stmt('for i from n > i >= 0:\n    pass\n');
    expect(d.kind === 'ForFrom' && [d.lowerOp, d.upperOp, d.step]).toEqual(['>', '>=', null]);
    expect(parseError('for i from 0 <= i > n:\n    pass\n').text).toMatch(/directions/);
    expect(parseError('for i from 0 <= j < n:\n    pass\n').text).toMatch(/loop variable/);
  });

  it('parses for / while with else, and if/elif chains', () => {
    const f = stmt('for a, b in pairs:\n    pass\nelse:\n    x = 1\n');
    expect(f.kind === 'For' && [sx(f.target), f.orelse.length]).toEqual(['(tuple a b)', 1]);
    const w = stmt('while i < n:\n    i += 1\nelse:\n    pass\n');
    expect(w.kind === 'While' && w.orelse.length).toBe(1);
    const i = stmt('if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass\n');
    expect(i.kind).toBe('If');
    if (i.kind !== 'If') return;
    const e1 = i.orelse[0];
    expect(e1.kind === 'If' && sx(e1.test)).toBe('b');
    const e2 = e1.kind === 'If' ? e1.orelse[0] : null;
    expect(e2?.kind === 'If' && e2.orelse[0].kind).toBe('Pass');
  });

  it('parses try / except / else / finally', () => {
    const t = stmt(
      'try:\n    pass\nexcept (KeyError, IndexError) as e:\n    pass\nexcept ValueError:\n    pass\nexcept:\n    raise\n' +
        'else:\n    pass\nfinally:\n    pass\n',
    );
    expect(t.kind).toBe('Try');
    if (t.kind !== 'Try') return;
    expect(t.handlers.map((h) => [h.type ? sx(h.type) : null, h.name])).toEqual([
      ['(tuple KeyError IndexError)', 'e'], ['ValueError', null], [null, null],
    ]);
    expect([t.orelse.length, t.finalbody.length]).toEqual([1, 1]);
    expect(parseError('try:\n    pass\nx = 1\n').text).toMatch(/'except' or 'finally'/);
  });

  it('parses with statements including nogil / gil / directives', () => {
    const w = stmt('with nogil, parallel():\n    with gil:\n        pass\n');
    expect(w.kind === 'With' && w.items.map((i) => sx(i.context))).toEqual(['nogil', '(call parallel)']);
    const d = stmt('with cython.boundscheck(False):\n    pass\n');
    expect(d.kind === 'With' && sx(d.items[0].context)).toBe('(call cython.boundscheck False)');
    const g = stmt('with (open(p) as f,\n      open(q) as g,):\n    pass\n');
    expect(g.kind === 'With' && g.items.map((i) => (i.target ? sx(i.target) : null))).toEqual(['f', 'g']);
    const tup = stmt('with (a, b) as c:\n    pass\n');
    expect(tup.kind === 'With' && sx(tup.items[0].context)).toBe('(tuple a b)');
    const par = stmt('with (yield x):\n    pass\n');
    expect(par.kind === 'With' && sx(par.items[0].context)).toBe('(yield x)');
    const a = stmt('with open(p) as f, lock:\n    pass\n');
    expect(a.kind === 'With' && a.items.map((i) => (i.target ? sx(i.target) : null))).toEqual(['f', null]);
  });

  it('parses assignments', () => {
    const a = stmt('a = b = c\n');
    expect(a.kind === 'Assign' && [a.targets.map(sx), sx(a.value)]).toEqual([['a', 'b'], 'c']);
    const t = stmt('first, *middle, last = xs\n');
    expect(t.kind === 'Assign' && sx(t.targets[0])).toBe('(tuple first *middle last)');
    const s = stmt('ys[i], ys[j] = ys[j], ys[i]\n');
    expect(s.kind === 'Assign' && sx(s.value)).toBe('(tuple ys[j] ys[i])');
    const aug = stmt('x //= 2\n');
    expect(aug.kind === 'AugAssign' && aug.op).toBe('//');
    const ann = stmt('x: cython.int = 3\n');
    expect(ann.kind === 'AnnAssign' && [sx(ann.annotation), sx(ann.value!)]).toEqual(['cython.int', '3']);
    expect(parseError('f() = 1\n').text).toBe('Cannot assign to or delete this');
    expect(parseError('a, b + 1 = t\n').col).toBe(4);
  });

  it('parses simple statements', () => {
    const body = stmts(
      'pass; x = 1;\nglobal a, b\ndef f():\n    nonlocal c\ndel a, b[0]\nassert x, "m"\nraise E("x") from err\nraise\nreturn_ = 1\n',
    );
    expect(body.map((s) => s.kind)).toEqual(['Pass', 'Assign', 'Global', 'FuncDef', 'Del', 'Assert', 'Raise', 'Raise', 'Assign']);
  });

  it('parses imports and cimports', () => {
    const body = stmts(
      'import numpy as np, os.path\nfrom . import x\nfrom ..pkg.mod import (a, b as c,)\nfrom m import *\n' +
        'cimport cython\ncimport numpy as cnp\nfrom libc.math cimport (sqrt, exp,\n    log)\n' +
        'from cython.view cimport array as cvarray\nfrom cython.parallel cimport prange, parallel\n',
    );
    const show = body.map((s) => {
      switch (s.kind) {
        case 'Import':
        case 'CImport':
          return `${s.kind} ${s.names.map((n) => n.name + (n.asname ? ' as ' + n.asname : '')).join(', ')}`;
        case 'ImportFrom':
        case 'CImportFrom':
          return `${s.kind} ${'.'.repeat(s.level)}${s.module}: ${s.names.map((n) => n.name + (n.asname ? ' as ' + n.asname : '')).join(', ')}`;
        default:
          return s.kind;
      }
    });
    expect(show).toEqual([
      'Import numpy as np, os.path',
      'ImportFrom .: x',
      'ImportFrom ..pkg.mod: a, b as c',
      'ImportFrom m: *',
      'CImport cython',
      'CImport numpy as cnp',
      'CImportFrom libc.math: sqrt, exp, log',
      'CImportFrom cython.view: array as cvarray',
      'CImportFrom cython.parallel: prange, parallel',
    ]);
  });

  it('parses DEF and IF/ELIF/ELSE', () => {
    const body = stmts('DEF N = 10\nIF N > 3:\n    x = 1\nELIF N:\n    x = 2\nELSE:\n    x = 3\n');
    expect(body.map((s) => s.kind)).toEqual(['DEF', 'IFDEF']);
    const ifdef = body[1];
    expect(ifdef.kind === 'IFDEF' && ifdef.orelse[0].kind).toBe('IFDEF');
  });

  it('parses one-line suites and semicolons', () => {
    const s = stmt('if x: a = 1; b = 2\n');
    expect(s.kind === 'If' && s.body.length).toBe(2);
    const d = stmt('class A: pass\n');
    expect(d.kind === 'ClassDef' && d.body[0].kind).toBe('Pass');
  });

  it('parses nested functions and closures', () => {
    const f = fn(stmt('def outer():\n    count = 0\n    def tick():\n        nonlocal count\n        count += 1\n    return tick\n'));
    expect(f.body.map((s) => s.kind)).toEqual(['Assign', 'FuncDef', 'Return']);
  });

  it('parses async functions and await', () => {
    const f = fn(stmt('async def f():\n    await g()\n'));
    expect(f.isAsync).toBe(true);
  });
});

describe('module level', () => {
  it('collects header directives and the module docstring', () => {
    const m = parse('#!/usr/bin/env python\n# cython: language_level=3, boundscheck=False\n#cython: cdivision = True\n"""Doc."""\nx = 1\n# cython: ignored=1\n');
    expect(m.directives.map((d) => [d.key, d.value])).toEqual([
      ['language_level', '3'], ['boundscheck', 'False'], ['cdivision', 'True'],
    ]);
    expect(m.directives[1].loc).toEqual({ line: 2, col: 29, endLine: 2, endCol: 46 });
    expect(m.docstring).toBe('Doc.');
    expect(parse('# cython: mentioned in prose\nx = 1\n').directives).toEqual([]);
    expect(parseError('# cython: boundscheck=False, nonsense\n').text).toMatch(/directive/);
  });

  it('parses .pxd declarations', () => {
    const m = parse(
      'cdef extern from "h.h":\n    ctypedef int myint\n\ncdef class Vec:\n    cdef double x, y\n' +
        '    cpdef double norm(self)\n    cdef void scale(self, double k) nogil\n\n' +
        'cdef inline double sq(double x) nogil:\n    return x * x\n\ncpdef int api_fn(int a, int b=*)\n',
      'm.pxd',
    );
    expect(m.body.map((s) => s.kind)).toEqual(['ExternBlock', 'ClassDef', 'FuncDef', 'CFuncDecl']);
    const cls = m.body[1];
    expect(cls.kind === 'ClassDef' && cls.body.map((s) => s.kind)).toEqual(['CVarDecl', 'CFuncDecl', 'CFuncDecl']);
  });
});

describe('types in expression positions stay expressions', () => {
  it('keeps a Name for a lone type word in a subscript', () => {
    const s = stmt('x = f[double](y)\n');
    expect(s.kind === 'Assign' && sx(s.value)).toBe('(call f[double] y)');
  });
  it('parses IndexedType template arguments', () => {
    const s = stmt('cdef vector[int] v\n');
    const t = s.kind === 'CVarDecl' ? (s.type as TypeExpr) : null;
    expect(t && tx(t)).toBe('vector<int>');
  });
});
