// Operators, builtins and indexing against tables computed by CPython 3.11
// (fixtures/ops.json, fixtures/builtins.json; see gen_fixtures.py).
import { describe, it, expect } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { dec, fixture, outcome, mismatch } from './helpers.js';

const { py } = rt;

const OPS: Record<string, (...a: any[]) => any> = {
  ...Object.fromEntries(Object.entries(py).filter(([, v]) => typeof v === 'function')),
  contains: (c: any, x: any) => py.contains(c, x),
  hash_num: (x: any) => py.hash(x),
};

describe('operators vs CPython', () => {
  const cases = fixture<[string, any[], any][]>('ops.json');
  const byOp = new Map<string, [string, any[], any][]>();
  for (const c of cases) {
    if (!byOp.has(c[0])) byOp.set(c[0], []);
    byOp.get(c[0])!.push(c);
  }
  for (const [op, list] of byOp) {
    it(`${op} (${list.length} cases)`, () => {
      const fails: string[] = [];
      for (const [, args, want] of list) {
        const a = args.map(dec);
        const got = outcome(() => OPS[op](...a));
        const m = mismatch(got, want);
        if (m) fails.push(`${op}(${a.map((x) => outcomeRepr(x)).join(', ')}): ${m}`);
      }
      expect(fails.slice(0, 30)).toEqual([]);
    });
  }
});

function outcomeRepr(x: any): string {
  try {
    return py.repr(x);
  } catch {
    return String(x);
  }
}

describe('builtins vs CPython', () => {
  const cases = fixture<any[]>('builtins.json');
  it(`${cases.length} calls`, () => {
    const fails: string[] = [];
    for (const c of cases) {
      const args = c.args.map(dec);
      const f = py.builtins[c.fn];
      const got = outcome(() => f(...args));
      const m = mismatch(got, c);
      if (m) fails.push(`${c.fn}(${args.map(outcomeRepr).join(', ')}): ${m}`);
    }
    expect(fails).toEqual([]);
  });
});

describe('PY_OPS coverage', () => {
  it('implements every op of src/compile/ir/pyops.ts', async () => {
    const { PY_OPS } = await import('../../src/compile/ir/pyops.js');
    const missing = Object.keys(PY_OPS).filter((k) => typeof (py as any)[k] !== 'function');
    expect(missing).toEqual([]);
  });
});
