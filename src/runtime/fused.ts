// Run-time dispatch of fused def/cpdef functions (Cython 0.29's
// `__pyx_fused_cpdef`): the export glue calls `select` with the table that
// lowering built (ir.ts FusedDispatch) and the call's arguments, and gets the
// index of the specialization to call. Works on JS values and on Python values
// (generic code): ints are integral numbers or bigints (booleans count, as
// bool is an int subclass), floats are non-integral numbers or PyFloat boxes.
import { KW, PyFloat, isTypedArray } from './values.js';
import { TypeErr } from './exceptions.js';
import { dtypeOf } from './dtypes.js';

export type FusedCheck =
  | { kind: 'int' | 'float' | 'bool'; member: number }
  | { kind: 'buffer'; dtype: string; ndim: number; member: number };

export interface FusedDecider {
  param: number;
  name: string;
  size: number;
  checks: readonly FusedCheck[];
  /** the parameter has a default (a missing argument leaves the type undecided) */
  hasDefault?: boolean;
  /** the default is None: a missing argument is classified as None */
  noneDefault?: boolean;
}

export interface FusedTable {
  deciders: readonly FusedDecider[];
  /** number of positional parameters without a default (Cython's "Expected at least" message) */
  minPositional: number;
}

/** dtype and ndim of an array argument (TypedArray, NDArray, {data, shape} object), or null. */
export function bufferInfo(v: any): { dtype: string; ndim: number } | null {
  if (v === null || typeof v !== 'object') return null;
  if (isTypedArray(v)) {
    const d = dtypeOf(v);
    return d ? { dtype: d, ndim: 1 } : null;
  }
  const data = v.data;
  if (!isTypedArray(data)) return null;
  const shape = v.shape;
  const ndim = Array.isArray(shape) ? shape.length : 1;
  const d = typeof v.dtype === 'string' && v.dtype in DTYPE_NAMES ? v.dtype : dtypeOf(data);
  return d ? { dtype: d, ndim } : null;
}
const DTYPE_NAMES: Record<string, true> = {
  float64: true, float32: true, int8: true, uint8: true, int16: true, uint16: true, int32: true, uint32: true, int64: true, uint64: true,
};

/** The member a value selects for one decider (Cython's instance and dtype checks, in order), or -1. */
export function classify(v: any, checks: readonly FusedCheck[]): number {
  const t = typeof v;
  for (const c of checks) {
    switch (c.kind) {
      case 'int':
        if ((t === 'number' && Number.isInteger(v)) || t === 'bigint' || t === 'boolean') return c.member;
        break;
      case 'float':
        if ((t === 'number' && !Number.isInteger(v)) || v instanceof PyFloat) return c.member;
        break;
      case 'bool':
        if (t === 'boolean') return c.member;
        break;
      case 'buffer': {
        // None converts to any memoryview: Cython's dispatcher takes the first buffer specialization
        if (v === null || v === undefined) return c.member;
        const info = bufferInfo(v);
        if (info && info.dtype === c.dtype && info.ndim === c.ndim) return c.member;
        break;
      }
    }
  }
  return -1;
}

/** Index of the specialization for a call's arguments (a trailing kwargs record allowed); throws TypeError. */
export function select(table: FusedTable, args: ArrayLike<any>): number {
  let n = args.length;
  let kw: Record<string, any> | null = null;
  if (n > 0) {
    const last = args[n - 1];
    if (last !== null && typeof last === 'object' && last[KW] === true) {
      kw = last;
      n--;
    }
  }
  let idx = 0;
  let decided = false;
  let ambiguous = false;
  for (const d of table.deciders) {
    let v: any;
    let present = true;
    if (d.param < n) v = args[d.param];
    else if (kw && Object.prototype.hasOwnProperty.call(kw, d.name)) v = kw[d.name];
    else if (d.noneDefault) v = null;
    else present = false;
    if (!present && !d.hasDefault && d.param < table.minPositional) {
      const m = table.minPositional;
      throw TypeErr(`Expected at least ${m} argument${m !== 1 ? 's' : ''}, got ${n}`);
    }
    let m = present ? classify(v, d.checks) : -1;
    if (m >= 0) decided = true;
    else if (d.size > 1) ambiguous = true;
    else m = 0;
    idx = idx * d.size + m;
  }
  if (!decided) throw TypeErr('No matching signature found');
  if (ambiguous) throw TypeErr('Function call with ambiguous argument types');
  return idx;
}
