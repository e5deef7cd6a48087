// Exact source positions (1-based line/col, exclusive end) of nodes.
import { describe, it, expect } from 'vitest';
import type { Expr, FuncDef, Stmt } from '../../src/compile/syntax/ast.js';
import { at, parse, stmt } from './helpers.js';

function fn(s: Stmt): FuncDef {
  if (s.kind === 'FuncDef') return s;
  if (s.kind === 'CFuncDecl') return s.func;
  throw new Error(s.kind);
}

describe('positions', () => {
  it('locates a def function, its name, params and body expressions', () => {
    //          1234567890123456789012345678
    const src = 'def f(int x, double y=1.5):\n    return x + g(y)[0].z\n';
    const f = fn(stmt(src));
    expect(at(f.loc)).toBe('1:1-2:25');
    expect(at(f.nameLoc)).toBe('1:5-1:6');
    expect(f.params.map((p) => at(p.loc))).toEqual(['1:7-1:12', '1:14-1:26']);
    expect(at(f.params[1].type!.loc)).toBe('1:14-1:20');
    expect(at(f.params[1].default!.loc)).toBe('1:23-1:26');
    const ret = f.body[0];
    expect(ret.kind).toBe('Return');
    if (ret.kind !== 'Return') return;
    expect(at(ret.loc)).toBe('2:5-2:25');
    const bin = ret.value!;
    expect(at(bin.loc)).toBe('2:12-2:25');
    if (bin.kind !== 'BinOp') throw new Error();
    expect(at(bin.left.loc)).toBe('2:12-2:13');
    const attr = bin.right;
    expect(at(attr.loc)).toBe('2:16-2:25');
    if (attr.kind !== 'Attribute' || attr.value.kind !== 'Subscript') throw new Error();
    expect(at(attr.value.loc)).toBe('2:16-2:23');
    expect(at(attr.value.value.loc)).toBe('2:16-2:20'); // g(y)
    expect(at(attr.value.index.loc)).toBe('2:21-2:22');
  });

  it('locates cdef function names and return types', () => {
    const f = fn(stmt('cdef inline double lerp(double a) nogil:\n    pass\n'));
    expect(at(f.loc)).toBe('1:1-2:9');
    expect(at(f.nameLoc)).toBe('1:20-1:24');
    expect(at(f.returnType!.loc)).toBe('1:13-1:19');
    const d = stmt('@cython.cdivision(True)\ncdef int  *alloc(int n) except NULL\n');
    expect(d.kind).toBe('CFuncDecl');
    const g = fn(d);
    expect(at(g.loc)).toBe('2:1-2:36');
    expect(at(g.nameLoc)).toBe('2:12-2:17');
    expect(at(g.decorators[0].loc)).toBe('1:1-1:24');
    expect(at(g.exceptClause!.loc)).toBe('2:25-2:36');
  });

  it('locates cdef declarations and declarators', () => {
    const s = stmt('cdef double *p, buf[16] = x\n');
    expect(s.kind).toBe('CVarDecl');
    if (s.kind !== 'CVarDecl') return;
    expect(at(s.loc)).toBe('1:1-1:28');
    expect(at(s.type.loc)).toBe('1:6-1:12');
    expect(s.declarators.map((d) => at(d.loc))).toEqual(['1:13-1:15', '1:17-1:28']);
    const m = stmt('cdef double[:, ::1] m\n');
    if (m.kind !== 'CVarDecl' || m.type.kind !== 'MemviewType') throw new Error();
    expect(at(m.type.loc)).toBe('1:6-1:20');
    expect(m.type.dims.map((d) => at(d.loc))).toEqual(['1:13-1:14', '1:16-1:19']);
  });

  it('locates compound statements to the end of their last block', () => {
    const src = 'if a:\n    x = 1\nelif b:\n    y = 2\nelse:\n    z = 33\nw = 0\n';
    const body = parse(src).body;
    expect(at(body[0].loc)).toBe('1:1-6:11');
    const s = body[0];
    if (s.kind !== 'If') throw new Error();
    expect(at(s.orelse[0].loc)).toBe('3:1-6:11');
    expect(at(body[1].loc)).toBe('7:1-7:6');
  });

  it('covers multi-line expressions and parenthesized tuples', () => {
    const a = stmt('x = (a +\n     b)\n');
    if (a.kind !== 'Assign') throw new Error();
    expect(at(a.loc)).toBe('1:1-2:8');
    expect(at(a.value.loc)).toBe('1:6-2:7');
    const t = stmt('t = (1, 2)\n');
    if (t.kind !== 'Assign') throw new Error();
    expect(at(t.value.loc)).toBe('1:5-1:11');
    const s = stmt('s = """ab\ncd"""\n');
    if (s.kind !== 'Assign') throw new Error();
    expect(at(s.value.loc)).toBe('1:5-2:6');
    const c = stmt('y = f(a,\n      b=2)\n');
    if (c.kind !== 'Assign' || c.value.kind !== 'Call') throw new Error();
    expect(at(c.value.loc)).toBe('1:5-2:11');
    expect(at(c.value.keywords[0].loc)).toBe('2:7-2:10');
  });

  it('locates casts, address-of, sizeof and slices', () => {
    const s = stmt('p = <double*>malloc(sizeof(double)) + &a[i:j]\n');
    if (s.kind !== 'Assign' || s.value.kind !== 'BinOp') throw new Error();
    const cast = s.value.left;
    expect(at(cast.loc)).toBe('1:5-1:36');
    if (cast.kind !== 'Cast' || cast.operand.kind !== 'Call') throw new Error();
    expect(at(cast.type.loc)).toBe('1:6-1:13');
    expect(at(cast.operand.args[0].loc)).toBe('1:21-1:35');
    const addr = s.value.right;
    expect(at(addr.loc)).toBe('1:39-1:46');
    if (addr.kind !== 'AddressOf' || addr.operand.kind !== 'Subscript') throw new Error();
    expect(at(addr.operand.index.loc)).toBe('1:42-1:45');
  });

  it('locates classes, struct fields, enum items, imports', () => {
    const body = parse(
      'cdef class Vec(Base):\n    cdef public double x\n\ncdef struct P:\n    int a, b\n\ncdef enum:\n    A = 1\n\nfrom a.b cimport c as d\n',
    ).body;
    const c = body[0];
    if (c.kind !== 'ClassDef') throw new Error();
    expect([at(c.loc), at(c.nameLoc)]).toEqual(['1:1-2:25', '1:12-1:15']);
    const st = body[1];
    if (st.kind !== 'StructDef') throw new Error();
    expect([at(st.loc), ...st.fields.map((f) => at(f.loc))]).toEqual(['4:1-5:13', '5:5-5:10', '5:12-5:13']);
    const en = body[2];
    if (en.kind !== 'EnumDef') throw new Error();
    expect([at(en.loc), at(en.items[0].loc)]).toEqual(['7:1-8:10', '8:5-8:10']);
    const im = body[3];
    if (im.kind !== 'CImportFrom') throw new Error();
    expect([at(im.loc), at(im.names[0].loc)]).toEqual(['10:1-10:24', '10:18-10:24']);
  });

  it('counts columns in characters after tabs and CRLF line ends', () => {
    const body = parse('if a:\r\n\tx = 1\r\n\ty = bb\r\n').body;
    const s = body[0];
    if (s.kind !== 'If') throw new Error();
    expect(s.body.map((b) => at(b.loc))).toEqual(['2:2-2:7', '3:2-3:8']);
  });

  it('positions names inside f-strings in the source', () => {
    const s = stmt('x = f"a{b.c!r:>{w}}"\n');
    if (s.kind !== 'Assign' || s.value.kind !== 'FString') throw new Error();
    const field = s.value.parts[1];
    expect(at(field.loc)).toBe('1:8-1:20');
    expect(at((field.expr as Expr).loc)).toBe('1:9-1:12');
  });
});
