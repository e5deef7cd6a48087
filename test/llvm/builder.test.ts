// The LLVM IR text builder: types, constants, operand checks, names, structured helpers.
import { describe, expect, it } from 'vitest';
import * as L from '../../src/compile/llvm/builder.js';
import { verify } from './helpers.js';

function fresh(ret: L.Type = L.i32, params: L.Type[] = [L.i32, L.i32]) {
  const m = new L.Module('t');
  const fn = m.addFunction('f', L.fnT(ret, params), { paramNames: ['a', 'b'] });
  const b = new L.Builder(fn.appendBlock('entry'));
  return { m, fn, b };
}

describe('llvm builder', () => {
  it('prints types', () => {
    expect(String(L.ptr(L.ptr(L.i8)))).toBe('i8**');
    expect(String(new L.ArrayType(L.f64, 4))).toBe('[4 x double]');
    expect(String(new L.StructType([L.ptr(L.f32), new L.ArrayType(L.i64, 2)]))).toBe('{ float*, [2 x i64] }');
    expect(String(L.ptr(L.fnT(L.voidT, [L.i8, L.i32], true)))).toBe('void (i8, i32, ...)*');
  });

  it('prints constants exactly', () => {
    expect(L.Const.int(L.i64, 2n ** 64n - 1n).ref).toBe('-1');
    expect(L.Const.int(L.i8, 200).ref).toBe('-56');
    expect(L.Const.int(L.i1, 1).ref).toBe('true');
    expect(L.Const.float(L.f64, 0.1).ref).toBe('0x3FB999999999999A');
    expect(L.Const.float(L.f32, 0.1).ref).toBe('0x3FB99999A0000000'); // rounded to float
    expect(L.Const.float(L.f64, -Infinity).ref).toBe('0xFFF0000000000000');
    expect(() => L.Const.int(L.i32, 1.5)).toThrow(/not integral/);
  });

  it('checks operand types where IR is built', () => {
    const { fn, b } = fresh();
    const [a, c] = fn.params as [L.Value, L.Value];
    expect(() => b.add(a, L.Const.int(L.i64, 1))).toThrow(/add: operands i32, i64/);
    expect(() => b.fadd(a, c)).toThrow(/fadd/);
    expect(() => b.load(a)).toThrow(/load from i32/);
    expect(() => b.store(a, b.alloca(L.i64))).toThrow(/store i32 to i64\*/);
    expect(() => b.sext(a, L.i8)).toThrow(/sext from i32 to i8/);
    expect(() => b.cbr(a, fn.appendBlock(), fn.appendBlock())).toThrow(/condition of type i32/);
    expect(() => b.ret(L.Const.float(L.f64, 1))).toThrow(/ret double in function returning i32/);
    expect(() => b.gep(b.alloca(new L.StructType([L.i32])), [L.Const.int(L.i64, 0), L.Const.int(L.i64, 0)])).toThrow(/struct gep/);
    b.ret(a);
    expect(() => b.add(a, c)).toThrow(/after terminator/);
  });

  it('names locals uniquely and quotes odd global names', () => {
    const { fn, b } = fresh();
    const [a, c] = fn.params as [L.Value, L.Value];
    const x = b.add(a, c, 'x');
    const y = b.add(x, c, 'x');
    const z = b.mul(y, c, '1 weird-name');
    expect([x.ref, y.ref, z.ref]).toEqual(['%x', '%x.1', '%v1_weird_name']);
    expect(L.sigil('@', 'cpx_1_f$x')).toBe('@cpx_1_f$x');
    expect(L.sigil('@', 'a b"c')).toBe('@"a b\\22c"');
  });

  it('builds control flow with ifThen/ifElse/phi and the text assembles', () => {
    const { m, fn, b } = fresh();
    const [a, c] = fn.params as [L.Value, L.Value];
    const slot = b.alloca(L.i32, 'r');
    b.store(a, slot);
    b.ifThen(b.icmp('slt', a, c), () => b.store(c, slot));
    const start = b.block;
    const other = b.appendBlock('other');
    const join = b.appendBlock('join');
    b.cbr(b.icmp('eq', a, L.Const.int(L.i32, 0)), other, join);
    b.positionAtEnd(other);
    const neg = b.sub(L.Const.int(L.i32, 0), b.load(slot));
    b.br(join);
    b.positionAtEnd(join);
    const p = b.phi(L.i32).addIncoming(L.Const.int(L.i32, 7), start).addIncoming(neg, other);
    b.ifElse(
      b.icmp('sgt', p, L.Const.int(L.i32, 0)),
      () => b.ret(p),
      () => b.ret(L.Const.int(L.i32, 0)),
    );
    b.unreachable(); // the join of two returning arms has no predecessors
    const sq = m.declare('llvm.sqrt.f64', L.fnT(L.f64, [L.f64]), ['nounwind', 'readnone']);
    expect(m.declare('llvm.sqrt.f64', L.fnT(L.f64, [L.f64]))).toBe(sq);
    expect(() => m.declare('llvm.sqrt.f64', L.fnT(L.f32, [L.f32]))).toThrow(/conflicting/);
    const text = m.toString();
    expect(text).toMatch(/%phi = phi i32 \[ 7, %if\.end \], \[ %t, %other \]/);
    expect(text).toMatch(/declare double @llvm.sqrt.f64\(double\) nounwind readnone/);
    verify(text);
  });

  it('refuses to print an unterminated block', () => {
    const { m, b } = fresh();
    b.appendBlock('x');
    expect(() => m.toString()).toThrow(/no terminator/);
  });

  it('globals and constant expressions', () => {
    const m = new L.Module('g');
    const st = new L.ArrayType(L.i8, 32);
    const g = m.addGlobal('state', st, L.Const.zero(st), { linkage: 'internal', align: 16 });
    const p = L.Const.bitcast(L.Const.gep(g, [L.Const.int(L.i64, 0), L.Const.int(L.i64, 8)]), L.ptr(L.f64));
    expect(p.type.toString()).toBe('double*');
    const fn = m.addFunction('get', L.fnT(L.f64, []));
    const b = new L.Builder(fn.appendBlock('entry'));
    b.ret(b.load(p, 'v', 8));
    const text = m.toString();
    expect(text).toMatch(/@state = internal global \[32 x i8\] zeroinitializer, align 16/);
    verify(text);
    expect(() => m.addGlobal('state', L.i32, null)).toThrow(/duplicate/);
  });
});
