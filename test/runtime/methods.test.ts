// Methods of builtin types (callmethod) against CPython 3.11 (fixtures/methods.json).
import { describe, it, expect } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { dec, fixture, outcome, mismatch } from './helpers.js';

const { py } = rt;

describe('methods vs CPython', () => {
  it('all cases', () => {
    const bad: string[] = [];
    for (const c of fixture<any[]>('methods.json')) {
      const obj = dec(c.obj);
      const args = c.args.map(dec);
      const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, v === '@len' ? py.builtins.len : dec(v)]));
      const desc = `${py.repr(obj)}.${c.meth}(${args.map(py.repr).join(', ')})`;
      const got = outcome(() => py.callmethod(obj, c.meth, ...args, kw));
      const m = mismatch(got, c);
      if (m) bad.push(`${desc}: ${m}`);
      else if (!py.eq(obj, dec(c.after)) || py.typeName(obj) !== py.typeName(dec(c.after)))
        bad.push(`${desc}: object after is ${py.repr(obj)}, want ${JSON.stringify(c.after)}`);
    }
    expect(bad).toEqual([]);
  });
});
