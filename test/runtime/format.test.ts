// repr/str, %-formatting, format() specs and str.format against CPython 3.11 tables.
import { describe, it, expect } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { dec, fixture, outcome, mismatch } from './helpers.js';

const { py } = rt;

describe('float repr', () => {
  it('matches CPython', () => {
    const rows = fixture<[string, string][]>('float_repr.json');
    const bad: string[] = [];
    for (const [src, want] of rows) {
      const x = src === 'nan' ? NaN : src === 'inf' ? Infinity : src === '-inf' ? -Infinity : Number(src);
      const got = py.repr(rt.mkFloat(x));
      if (got !== want) bad.push(`${src}: ${got} != ${want}`);
      if (py.str(rt.mkFloat(x)) !== want) bad.push(`str ${src}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('repr / str / ascii of values', () => {
  it('matches CPython', () => {
    const bad: string[] = [];
    for (const c of fixture<any[]>('repr.json')) {
      const v = dec(c.args[0]);
      for (const [k, f] of [['repr', py.repr], ['str', py.str], ['ascii', py.ascii]] as const) {
        const got = (f as any)(v);
        if (got !== c[k]) bad.push(`${k}: ${JSON.stringify(got)} != ${JSON.stringify(c[k])}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('% formatting', () => {
  it('matches CPython', () => {
    const bad: string[] = [];
    for (const c of fixture<any[]>('percent.json')) {
      const args = dec(c.args);
      const got = outcome(() => py.mod(c.fmt, args));
      const m = mismatch(got, c);
      if (m) bad.push(`${JSON.stringify(c.fmt)} % ${py.repr(args)}: ${m}`);
    }
    expect(bad).toEqual([]);
  });
  it('fmt() helper and the cases of the brief', () => {
    expect(rt.fmt('%.1f', [42.25])).toBe('42.2');
    expect(rt.fmt('%.2f', [2.675])).toBe('2.67');
    expect(rt.fmt('%g', [1e-5])).toBe('1e-05');
    expect(rt.fmt('%s has %d items (%.1f%%)', ['box', 3, 42.25])).toBe('box has 3 items (42.2%)');
    expect(rt.fmt('%(a)s-%(b)d', rt.PyDict.from([['a', 'x'], ['b', 2]]))).toBe('x-2');
  });
});

describe('format(value, spec)', () => {
  it('matches CPython', () => {
    const bad: string[] = [];
    for (const c of fixture<any[]>('format_spec.json')) {
      const v = dec(c.args[0]);
      const got = outcome(() => py.format(v, c.spec));
      const m = mismatch(got, c);
      if (m) bad.push(`format(${py.repr(v)}, ${JSON.stringify(c.spec)}): ${m}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('str.format', () => {
  it('matches CPython', () => {
    const bad: string[] = [];
    for (const c of fixture<any[]>('str_format.json')) {
      const args = c.args.map(dec);
      const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, dec(v)]));
      const got = outcome(() => py.callmethod(c.fmt, 'format', ...args, kw));
      const m = mismatch(got, c);
      if (m) bad.push(`${JSON.stringify(c.fmt)}.format(${args.map(py.repr).join(', ')}): ${m}`);
    }
    expect(bad).toEqual([]);
  });
});
