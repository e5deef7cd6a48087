// pow(x, y) correctly rounded in practice (like glibc), computed with
// double-double arithmetic (~100 bits), since V8's Math.pow can be off by an
// ulp (e.g. 7 ** -2). Also used for C `pow` in generic code.

type DD = [number, number];

const SPLIT = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quick(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a[0], b[0]);
  return quick(p[0], p[1] + (a[0] * b[1] + a[1] * b[0]));
}

function add(a: DD, b: DD): DD {
  const s = twoSum(a[0], b[0]);
  const t = twoSum(a[1], b[1]);
  let r = quick(s[0], s[1] + t[0]);
  r = quick(r[0], r[1] + t[1]);
  return r;
}

function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = add(a, neg(mul([q1, 0], b)));
  const q2 = r[0] / b[0];
  r = add(r, neg(mul([q2, 0], b)));
  const q3 = r[0] / b[0];
  const q = quick(q1, q2);
  return add(q, [q3, 0]);
}

function neg(a: DD): DD {
  return [-a[0], -a[1]];
}

function mulD(a: DD, b: number): DD {
  return mul(a, [b, 0]);
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
/** 1/n as double-doubles */
const INV: DD[] = [];
for (let n = 0; n < 100; n++) INV.push(n === 0 ? [0, 0] : div([1, 0], [n, 0]));
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** x = m * 2^k with m in [sqrt(1/2), sqrt(2)) (x > 0 finite) */
function frexpSqrt(x: number): [number, number] {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 2 ** 64;
    k = -64;
  }
  F64[0] = x;
  const e = ((U32[HI] >>> 20) & 0x7ff) - 1023;
  U32[HI] = (U32[HI] & 0x800fffff) | (1023 << 20);
  let m = F64[0];
  k += e;
  if (m > Math.SQRT2) {
    m /= 2;
    k += 1;
  }
  return [m, k];
}

/** ln(x) as a double-double (x > 0 finite) */
function logDD(x: number): DD {
  const [m, k] = frexpSqrt(x);
  // ln(m) = 2 atanh(s), s = (m - 1) / (m + 1); m - 1 is exact here
  const s = div([m - 1, 0], twoSum(m, 1));
  const s2 = mul(s, s);
  let term = s;
  let sum: DD = s;
  for (let n = 3; n < 80; n += 2) {
    term = mul(term, s2);
    const t = mul(term, INV[n]);
    sum = add(sum, t);
    if (Math.abs(t[0]) < 1e-36 * Math.abs(sum[0])) break;
  }
  return add(mulD(LN2, k), mulD(sum, 2));
}

/** exp(t) for a double-double t: [mantissa dd, binary exponent] */
function expDD(t: DD): [DD, number] {
  const n = Math.round(t[0] / LN2[0]);
  let r = add(t, neg(mulD(LN2, n)));
  // exp(r) = exp(r / 2^8) ^ (2^8)
  const SQ = 8;
  r = [r[0] / 256, r[1] / 256];
  let term: DD = [1, 0];
  let sum: DD = [1, 0];
  for (let i = 1; i < 30; i++) {
    term = mul(mul(term, r), INV[i]);
    sum = add(sum, term);
    if (Math.abs(term[0]) < 1e-36) break;
  }
  for (let i = 0; i < SQ; i++) sum = mul(sum, sum);
  return [sum, n];
}

function scale(a: DD, e: number): number {
  // a * 2^e with one final rounding when the result is normal
  let x = a[0] + a[1];
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    if (x === 0) return 0;
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/** x ** n for an integer n (x > 0 finite), by squaring in double-double with exponent tracking */
function powInt(x: number, n: number): number {
  const negExp = n < 0;
  let k = Math.abs(n);
  let base: DD = [x, 0];
  let be = 0;
  let acc: DD = [1, 0];
  let ae = 0;
  const norm = (v: DD, e: number): [DD, number] => {
    const a = Math.abs(v[0]);
    if (a > 2 ** 500) return [[v[0] * 2 ** -500, v[1] * 2 ** -500], e + 500];
    if (a < 2 ** -500 && a !== 0) return [[v[0] * 2 ** 500, v[1] * 2 ** 500], e - 500];
    return [v, e];
  };
  [base, be] = norm(base, be);
  while (k > 0) {
    if (k % 2 === 1) {
      [acc, ae] = norm(mul(acc, base), ae + be);
    }
    k = Math.floor(k / 2);
    if (k > 0) [base, be] = norm(mul(base, base), be * 2);
    if (ae > 4000 || ae < -4000) break;
  }
  if (negExp) {
    acc = div([1, 0], acc);
    ae = -ae;
  }
  if (ae > 2000) return Infinity;
  if (ae < -2200) return 0;
  return scale(acc, ae);
}

/** pow for x > 0 finite, y finite (callers handle the special cases) */
export function accuratePow(x: number, y: number): number {
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === -1) return 1 / x;
  if (y === 0.5) return Math.sqrt(x);
  if (x === 1) return 1;
  if (Number.isInteger(y) && Math.abs(y) <= 2 ** 31) return powInt(x, y);
  const l = logDD(x);
  const t = mulD(l, y);
  if (t[0] > 709.8) return Infinity;
  if (t[0] < -745.2) return 0;
  const [m, e] = expDD(t);
  return scale(m, e);
}

/** C pow(x, y) with C99 special cases (no exceptions): generic code's libc.math.pow */
export function cpow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x !== x || y !== y) return NaN;
  if (!Number.isFinite(y) || !Number.isFinite(x) || x === 0) {
    if (x === -1 && !Number.isFinite(y)) return 1;
    return Math.pow(x, y);
  }
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    const r = accuratePow(-x, y);
    return Math.abs(y % 2) === 1 ? -r : r;
  }
  return accuratePow(x, y);
}
