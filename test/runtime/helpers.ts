// Shared helpers of the runtime tests: decoding of the fixture encoding
// (test/runtime/gen_fixtures.py) into runtime values, and running a thunk
// into the same result shape the fixtures hold.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as rt from '../../src/runtime/index.js';

const { py } = rt;

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8'));
}

const CLASSES: Record<string, any> = {
  int: py.builtins.int, float: py.builtins.float, bool: py.builtins.bool, str: py.builtins.str,
  tuple: py.builtins.tuple, list: py.builtins.list,
};

/** fixture encoding → runtime value */
export function dec(v: any): any {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(dec);
  if ('i' in v) return rt.normBig(BigInt(v.i));
  if ('f' in v) {
    const t = v.f as string;
    const x = t === 'nan' ? NaN : t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t);
    return rt.mkFloat(x);
  }
  if ('t' in v) return Object.freeze(v.t.map(dec));
  if ('d' in v) {
    const d = new rt.PyDict();
    for (const [k, x] of v.d) d.set(dec(k), dec(x));
    return d;
  }
  if ('s' in v) return new rt.PySet(v.s.map(dec));
  if ('fs' in v) return new rt.PySet(v.fs.map(dec), true);
  if ('b' in v) return Uint8Array.from(v.b);
  if ('slice' in v) return new rt.PySlice(...(v.slice.map(dec) as [any, any, any]));
  if ('range' in v) return py.range(v.range[0], v.range[1], v.range[2]);
  if ('cls' in v) return CLASSES[v.cls] ?? rt.exc[v.cls];
  throw new Error('cannot decode ' + JSON.stringify(v));
}

export type Result = { t?: string; r?: string; v?: any; e?: string; m?: string };

/** run f into a fixture-shaped result */
export function outcome(f: () => any): Result {
  try {
    const r = f();
    return { t: py.typeName(r), r: py.repr(r), v: r };
  } catch (e: any) {
    if (e instanceof rt.BaseException) return { e: e.name, m: e.message };
    throw e;
  }
}

/** compare an outcome with a fixture result; returns an error text or null */
export function mismatch(got: Result, want: Result): string | null {
  if (want.e !== undefined) {
    if (got.e !== want.e || got.m !== want.m) return `want ${want.e}: ${want.m}; got ${got.e ? `${got.e}: ${got.m}` : `value ${got.r}`}`;
    return null;
  }
  if (got.e !== undefined) return `want ${want.r ?? JSON.stringify(want.v)}; got ${got.e}: ${got.m}`;
  if (got.t !== want.t) return `want type ${want.t} (${want.r}); got ${got.t} (${got.r})`;
  if (want.r !== undefined) return got.r === want.r ? null : `want ${want.r}; got ${got.r}`;
  return py.eq(got.v, dec(want.v)) ? null : `want ${JSON.stringify(want.v)}; got ${got.r}`;
}
