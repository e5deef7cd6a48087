// Random differential tables from CPython (fixtures/random.json): float repr,
// %.Nf / %.Ne / %.Ng on arbitrary doubles (exact ties included), big-int true
// division and round(x, n).
import { describe, it, expect } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { floatFromhex } from '../../src/runtime/methods.js';
import { fixture } from './helpers.js';

const { py } = rt;
const T = fixture<any>('random.json');
const h = (s: string): number => rt.floatValue(floatFromhex(s));
const hex = (x: any): string => py.callmethod(rt.mkFloat(rt.floatValue(x)), 'hex', {});

describe('random differential', () => {
  it('repr', () => {
    const bad = T.repr.filter(([x, want]: string[]) => py.repr(rt.mkFloat(h(x))) !== want);
    expect(bad.slice(0, 10)).toEqual([]);
  });
  it('%-format f/e/g', () => {
    const bad = T.fmt.filter(([x, spec, want]: string[]) => py.mod(spec, Object.freeze([rt.mkFloat(h(x))])) !== want);
    expect(bad.slice(0, 10)).toEqual([]);
  });
  it('int / int', () => {
    const bad: string[] = [];
    for (const [a, b, want] of T.div) {
      let got: string;
      try {
        got = hex(py.truediv(rt.normBig(BigInt(a)), rt.normBig(BigInt(b))));
      } catch (e: any) {
        got = `${e.name}: ${e.message}`;
      }
      if (got !== want) bad.push(`${a} / ${b}: ${got} != ${want}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
  it('round(x, n)', () => {
    const bad: string[] = [];
    for (const [x, n, want] of T.round) {
      let got: string;
      try {
        got = hex(py.round(rt.mkFloat(h(x)), n));
      } catch (e: any) {
        got = `${e.name}: ${e.message}`;
      }
      if (got !== want) bad.push(`round(${x}, ${n}): ${got} != ${want}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
