// Exact wrapping 64-bit C integer arithmetic on number | bigint values
// (number when safe, bigint otherwise), with number fast paths.
import { ZeroDivErr } from './exceptions.js';

export type I64 = number | bigint;

const MAXS = Number.MAX_SAFE_INTEGER;
const BMAXS = BigInt(MAXS);
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

function B(x: I64 | boolean): bigint {
  return typeof x === 'bigint' ? x : typeof x === 'boolean' ? (x ? 1n : 0n) : BigInt(x);
}

function nI(b: bigint): I64 {
  b = BigInt.asIntN(64, b);
  return b >= -BMAXS && b <= BMAXS ? Number(b) : b;
}
function nU(b: bigint): I64 {
  b = BigInt.asUintN(64, b);
  return b <= BMAXS ? Number(b) : b;
}

function count(c: I64): number {
  return typeof c === 'bigint' ? Number(c & 63n) : c & 63;
}

function isI32(x: I64): x is number {
  return typeof x === 'number' && (x | 0) === x;
}

/** exact single rounding of an integer to float32 */
function toF32(v: I64): number {
  if (typeof v === 'number') return Math.fround(v);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const n = a.toString(2).length;
  if (n <= 53) return Math.fround(Number(v));
  const sh = BigInt(n - 24);
  const half = 1n << (sh - 1n);
  let m = a >> sh;
  const rest = a - (m << sh);
  if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  const r = Number(m) * 2 ** Number(sh);
  return neg ? -r : r;
}

function cmp(a: I64, b: I64): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function make(signed: boolean) {
  const n = signed ? nI : nU;
  const inRange = signed
    ? (r: number) => Number.isSafeInteger(r)
    : (r: number) => r >= 0 && r <= MAXS && Number.isInteger(r);
  const fix0 = (r: number) => (r === 0 ? 0 : r);
  return {
    /** normalize any integral number / bigint to this type (wrapping) */
    wrap(v: I64 | boolean): I64 {
      if (typeof v === 'number') {
        if (inRange(v)) return fix0(v);
        if (!Number.isFinite(v)) return 0;
        return n(BigInt(Math.trunc(v)));
      }
      return n(B(v));
    },
    add(a: I64, b: I64): I64 {
      if (typeof a === 'number' && typeof b === 'number') {
        const r = a + b;
        if (inRange(r)) return r;
      }
      return n(B(a) + B(b));
    },
    sub(a: I64, b: I64): I64 {
      if (typeof a === 'number' && typeof b === 'number') {
        const r = a - b;
        if (inRange(r)) return r;
      }
      return n(B(a) - B(b));
    },
    mul(a: I64, b: I64): I64 {
      if (typeof a === 'number' && typeof b === 'number') {
        const r = a * b;
        if (inRange(r)) return fix0(r);
      }
      return n(B(a) * B(b));
    },
    /** C division (truncating); b must not be 0 */
    div(a: I64, b: I64): I64 {
      if (typeof a === 'number' && typeof b === 'number') {
        if (b === 0) throw ZeroDivErr('integer division or modulo by zero');
        return fix0(Math.trunc(a / b));
      }
      const y = B(b);
      if (y === 0n) throw ZeroDivErr('integer division or modulo by zero');
      return n(B(a) / y);
    },
    /** C remainder (sign of the dividend) */
    rem(a: I64, b: I64): I64 {
      if (typeof a === 'number' && typeof b === 'number') {
        if (b === 0) throw ZeroDivErr('integer division or modulo by zero');
        return fix0(a % b);
      }
      const y = B(b);
      if (y === 0n) throw ZeroDivErr('integer division or modulo by zero');
      return n(B(a) % y);
    },
    /** Python floor division on C values (wrapping) */
    floordiv(a: I64, b: I64): I64 {
      if (typeof a === 'number' && typeof b === 'number') {
        if (b === 0) throw ZeroDivErr('integer division or modulo by zero');
        return fix0(Math.floor(a / b));
      }
      const x = B(a), y = B(b);
      if (y === 0n) throw ZeroDivErr('integer division or modulo by zero');
      let q = x / y;
      if (x % y !== 0n && (x < 0n) !== (y < 0n)) q -= 1n;
      return n(q);
    },
    /** Python modulo on C values (sign of the divisor) */
    mod(a: I64, b: I64): I64 {
      if (typeof a === 'number' && typeof b === 'number') {
        if (b === 0) throw ZeroDivErr('integer division or modulo by zero');
        let r = a % b;
        if (r !== 0 && (r < 0) !== (b < 0)) r += b;
        return fix0(r);
      }
      const x = B(a), y = B(b);
      if (y === 0n) throw ZeroDivErr('integer division or modulo by zero');
      let r = x % y;
      if (r !== 0n && (r < 0n) !== (y < 0n)) r += y;
      return n(r);
    },
    neg(a: I64): I64 {
      if (typeof a === 'number' && inRange(-a)) return fix0(-a);
      return n(-B(a));
    },
    not(a: I64): I64 {
      if (typeof a === 'number') {
        const r = -a - 1;
        if (inRange(r)) return r;
      }
      return n(~B(a));
    },
    and(a: I64, b: I64): I64 {
      if (isI32(a) && isI32(b) && (signed || (a >= 0 && b >= 0))) return a & b;
      return n(B(a) & B(b));
    },
    or(a: I64, b: I64): I64 {
      if (isI32(a) && isI32(b) && (signed || (a >= 0 && b >= 0))) return a | b;
      return n(B(a) | B(b));
    },
    xor(a: I64, b: I64): I64 {
      if (isI32(a) && isI32(b) && (signed || (a >= 0 && b >= 0))) return a ^ b;
      return n(B(a) ^ B(b));
    },
    /** a << (c mod 64), wrapping */
    shl(a: I64, c: I64): I64 {
      const k = count(c);
      if (typeof a === 'number') {
        const r = a * 2 ** k;
        if (inRange(r)) return fix0(r);
      }
      return n(B(a) << BigInt(k));
    },
    /** a >> (c mod 64): arithmetic for signed, logical for unsigned */
    shr(a: I64, c: I64): I64 {
      const k = count(c);
      if (typeof a === 'number') return fix0(Math.floor(a / 2 ** k));
      const x = signed ? BigInt.asIntN(64, a) : BigInt.asUintN(64, a);
      return n(x >> BigInt(k));
    },
    eq: (a: I64, b: I64): boolean => a == b, // eslint-disable-line eqeqeq
    ne: (a: I64, b: I64): boolean => a != b, // eslint-disable-line eqeqeq
    lt: (a: I64, b: I64): boolean => a < b,
    le: (a: I64, b: I64): boolean => a <= b,
    gt: (a: I64, b: I64): boolean => a > b,
    ge: (a: I64, b: I64): boolean => a >= b,
    cmp,
    min: (a: I64, b: I64): I64 => (a <= b ? a : b),
    max: (a: I64, b: I64): I64 => (a >= b ? a : b),
    /** |a| (wrapping: abs(INT64_MIN) == INT64_MIN) */
    abs(a: I64): I64 {
      if (typeof a === 'number') return Math.abs(a);
      return a < 0n ? n(-a) : a;
    },
    /** C integer power (non-negative exponent), wrapping */
    pow(a: I64, e: I64): I64 {
      let base = B(a);
      let k = B(e);
      if (k < 0n) {
        // C code never does this; match integer semantics of 1/x
        if (base === 1n) return 1;
        if (base === -1n) return (k & 1n) === 0n ? 1 : n(-1n);
        return 0;
      }
      let r = 1n;
      const mask = U64_MAX;
      while (k > 0n) {
        if (k & 1n) r = (r * base) & mask;
        base = (base * base) & mask;
        k >>= 1n;
      }
      return n(r);
    },
    /** double → this type, truncating toward zero and saturating (NaN → 0) */
    fromF64(x: number): I64 {
      if (x !== x) return 0;
      if (signed) {
        if (x >= TWO63) return I64_MAX;
        if (x < -TWO63) return I64_MIN;
      } else {
        if (x >= TWO64) return U64_MAX;
        if (x <= -1) return 0;
      }
      const t = Math.trunc(x);
      if (Number.isSafeInteger(t)) return fix0(t);
      return n(BigInt(t));
    },
    /** → double (correctly rounded) */
    toF64(v: I64): number {
      return typeof v === 'number' ? v : Number(v);
    },
    /** → float32 (one correct rounding) */
    toF32,
    /** bigint → normalized value of this type */
    fromBig(b: bigint): I64 {
      return n(b);
    },
    toBig(v: I64): bigint {
      return B(v);
    },
    MIN: signed ? nI(I64_MIN) : 0,
    MAX: signed ? nI(I64_MAX) : nU(U64_MAX),
  };
}

export const i64 = make(true);
export const u64 = make(false);
