// The int ↔ float ↔ str conversions with Python's errors that formatting needs
// (pformat.ts, part of the runtime's core); num.ts re-exports them with the rest of the
// int and float arithmetic.
import type { PyInt } from './values.js';
import { OverflowErr, ValueErr } from './exceptions.js';

/** float(int): correctly rounded; OverflowError when too large. */
export function intToFloat(a: PyInt): number {
  if (typeof a === 'number') return a;
  const f = Number(a);
  if (!Number.isFinite(f)) throw OverflowErr('int too large to convert to float');
  return f;
}

export const MAX_STR_DIGITS = 4300;

export function intToStr(a: PyInt): string {
  if (typeof a === 'number') return String(a);
  const s = a.toString();
  const digits = s.length - (a < 0n ? 1 : 0);
  if (digits > MAX_STR_DIGITS)
    throw ValueErr(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  return s;
}

/** int(float): truncation with Python's errors */
export function floatToInt(x: number): PyInt {
  if (x !== x) throw ValueErr('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw OverflowErr('cannot convert float infinity to integer');
  const t = Math.trunc(x);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  return BigInt(t);
}
