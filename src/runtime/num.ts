// Exact Python int and float arithmetic on the JS representation.
// ints: number (safe) | bigint; floats: plain doubles here (callers box).
import { normBig, type PyInt } from './values.js';
import { OverflowErr, ValueErr, ZeroDivErr } from './exceptions.js';
import { accuratePow } from './ddmath.js';
import { intToFloat, intToStr, floatToInt, MAX_STR_DIGITS } from './numconv.js';

export { intToFloat, intToStr, floatToInt, MAX_STR_DIGITS };

const TWO53 = 9007199254740992;

/** int-like (number integral | bigint | boolean) → PyInt */
export function asInt(x: number | bigint | boolean): PyInt {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') return Number.isSafeInteger(x) ? x : BigInt(x);
  return normBig(x);
}

export function big(x: PyInt): bigint {
  return typeof x === 'bigint' ? x : BigInt(x);
}

// ---------------------------------------------------------------- int → float (intToFloat: numconv.ts)

export function bitLength(a: bigint): number {
  if (a < 0n) a = -a;
  if (a === 0n) return 0;
  // hex length gives a quick estimate
  const h = a.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}

// ---------------------------------------------------------------- arithmetic

export function intAdd(a: PyInt, b: PyInt): PyInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normBig(big(a) + big(b));
}

export function intSub(a: PyInt, b: PyInt): PyInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normBig(big(a) - big(b));
}

export function intMul(a: PyInt, b: PyInt): PyInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  return normBig(big(a) * big(b));
}

export function intNeg(a: PyInt): PyInt {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  return normBig(-a);
}

export function intAbs(a: PyInt): PyInt {
  if (typeof a === 'number') return Math.abs(a);
  return a < 0n ? -a : a;
}

export function intSign(a: PyInt): number {
  if (typeof a === 'number') return a > 0 ? 1 : a < 0 ? -1 : 0;
  return a > 0n ? 1 : a < 0n ? -1 : 0;
}

export function intIsZero(a: PyInt): boolean {
  return typeof a === 'number' ? a === 0 : a === 0n;
}

/** floor division; kind selects the ZeroDivisionError message */
export function intFloorDiv(a: PyInt, b: PyInt, msg = 'integer division or modulo by zero'): PyInt {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw ZeroDivErr(msg);
    const q = Math.floor(a / b);
    return q === 0 ? 0 : q;
  }
  const A = big(a), B = big(b);
  if (B === 0n) throw ZeroDivErr(msg);
  let q = A / B;
  if ((A % B !== 0n) && ((A < 0n) !== (B < 0n))) q -= 1n;
  return normBig(q);
}

export function intMod(a: PyInt, b: PyInt, msg = 'integer modulo by zero'): PyInt {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw ZeroDivErr(msg);
    let r = a % b;
    if (r !== 0 && (r < 0) !== (b < 0)) r += b;
    return r === 0 ? 0 : r;
  }
  const A = big(a), B = big(b);
  if (B === 0n) throw ZeroDivErr(msg);
  let r = A % B;
  if (r !== 0n && (r < 0n) !== (B < 0n)) r += B;
  return normBig(r);
}

/** int / int, correctly rounded (CPython's long_true_divide). */
export function intTrueDiv(a: PyInt, b: PyInt): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw ZeroDivErr('division by zero');
    if (Math.abs(a) <= TWO53 && Math.abs(b) <= TWO53) return a / b;
  }
  let A = big(a), B = big(b);
  if (B === 0n) throw ZeroDivErr('division by zero');
  if (A === 0n) return (A < 0n) !== (B < 0n) ? -0 : 0;
  const neg = (A < 0n) !== (B < 0n);
  if (A < 0n) A = -A;
  if (B < 0n) B = -B;
  const la = bitLength(A), lb = bitLength(B);
  if (la <= 53 && lb <= 53) {
    const r = Number(A) / Number(B);
    return neg ? -r : r;
  }
  // Scale so that the quotient has 55..56 bits, keep a sticky bit.
  let shift = la - lb - 55;
  // Avoid producing subnormals by rounding twice: limit the shift so that the result exponent is >= -1022 when possible.
  let q: bigint, r: bigint;
  if (shift >= 0) {
    q = A / (B << BigInt(shift));
    r = A % (B << BigInt(shift));
  } else {
    q = (A << BigInt(-shift)) / B;
    r = (A << BigInt(-shift)) % B;
  }
  if (r !== 0n) q |= 1n;
  // result = q * 2^shift ; q has 55-56 bits
  const qb = bitLength(q);
  const exp = qb + shift; // result in [2^(exp-1), 2^exp)
  if (exp > 1024) throw OverflowErr('integer division result too large for a float');
  let res: number;
  if (exp - 53 < -1074) {
    // subnormal result: round q to the number of bits the subnormal can hold
    const keep = exp + 1074; // bits of precision available
    if (keep <= 0) {
      // below half of the smallest subnormal (or exactly representable rounding)
      res = keep === 0 && q > 1n << BigInt(qb - 1) ? 5e-324 : 0;
    } else {
      const drop = qb - keep;
      let m = q >> BigInt(drop);
      const rem = q & ((1n << BigInt(drop)) - 1n);
      const half = 1n << BigInt(drop - 1);
      if (rem > half || (rem === half && (m & 1n) === 1n)) m += 1n;
      res = Number(m) * Math.pow(2, shift + drop);
    }
  } else {
    res = Number(q);
    // multiply by 2^shift exactly (possibly in two steps to avoid intermediate overflow)
    if (shift > 1000) res = res * Math.pow(2, 1000) * Math.pow(2, shift - 1000);
    else if (shift < -1000) res = res * Math.pow(2, -1000) * Math.pow(2, shift + 1000);
    else res = res * Math.pow(2, shift);
    if (!Number.isFinite(res)) throw OverflowErr('integer division result too large for a float');
  }
  return neg ? -res : res;
}

/** int ** int (b >= 0) exactly; negative b → float. */
export function intPow(a: PyInt, b: PyInt): PyInt | number {
  if (intSign(b) < 0) {
    const fa = intToFloat(a), fb = intToFloat(b);
    return floatPow(fa, fb);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    // exponentiation by squaring while exact
    let base = a, e = b, acc = 1;
    let ok = true;
    while (e > 0) {
      if (e % 2 === 1) {
        acc *= base;
        if (!Number.isSafeInteger(acc)) { ok = false; break; }
      }
      e = Math.floor(e / 2);
      if (e > 0) {
        base *= base;
        if (!Number.isSafeInteger(base)) { ok = false; break; }
      }
    }
    if (ok) return acc === 0 ? 0 : acc;
  }
  const A = big(a), B = big(b);
  if (A === 0n || A === 1n) return B === 0n ? 1 : Number(A);
  if (A === -1n) return (B & 1n) === 0n ? 1 : -1;
  if (B > 100000000n) throw OverflowErr('exponent too large');
  return normBig(A ** B);
}

/** pow(a, b, m) for ints */
export function intPowMod(a: PyInt, b: PyInt, m: PyInt): PyInt {
  let M = big(m);
  if (M === 0n) throw ValueErr('pow() 3rd argument cannot be 0');
  let A = big(a), B = big(b);
  const negM = M < 0n;
  if (negM) M = -M;
  if (B < 0n) {
    A = modInverse(A, M);
    B = -B;
  }
  let r = 1n % M;
  A = ((A % M) + M) % M;
  while (B > 0n) {
    if (B & 1n) r = (r * A) % M;
    A = (A * A) % M;
    B >>= 1n;
  }
  if (negM && r !== 0n) r -= M;
  return normBig(r);
}

function modInverse(a: bigint, m: bigint): bigint {
  let [or, r] = [((a % m) + m) % m, m];
  let [os, s] = [1n, 0n];
  while (r !== 0n) {
    const q = or / r;
    [or, r] = [r, or - q * r];
    [os, s] = [s, os - q * s];
  }
  if (or !== 1n) throw ValueErr('base is not invertible for the given modulus');
  return ((os % m) + m) % m;
}

export function intShl(a: PyInt, b: PyInt): PyInt {
  if (intSign(b) < 0) throw ValueErr('negative shift count');
  if (typeof a === 'number' && typeof b === 'number' && b < 64) {
    const r = a * Math.pow(2, b);
    if (Number.isSafeInteger(r)) return r;
  }
  if (intIsZero(a)) return 0;
  if (typeof b === 'bigint' || b > 1e8) throw OverflowErr('too many digits in integer');
  return normBig(big(a) << BigInt(b));
}

export function intShr(a: PyInt, b: PyInt): PyInt {
  if (intSign(b) < 0) throw ValueErr('negative shift count');
  if (typeof a === 'number') {
    if (typeof b === 'bigint' || b >= 64) return a < 0 ? -1 : 0;
    const r = Math.floor(a / Math.pow(2, b));
    return r === 0 ? 0 : r;
  }
  if (typeof b === 'bigint') return a < 0n ? -1 : 0;
  return normBig(a >> BigInt(b));
}

function isI32(x: PyInt): x is number {
  return typeof x === 'number' && (x | 0) === x;
}

export function intAnd(a: PyInt, b: PyInt): PyInt {
  if (isI32(a) && isI32(b)) return a & b;
  return normBig(big(a) & big(b));
}
export function intOr(a: PyInt, b: PyInt): PyInt {
  if (isI32(a) && isI32(b)) return a | b;
  return normBig(big(a) | big(b));
}
export function intXor(a: PyInt, b: PyInt): PyInt {
  if (isI32(a) && isI32(b)) return a ^ b;
  return normBig(big(a) ^ big(b));
}
export function intInvert(a: PyInt): PyInt {
  return intSub(intNeg(a), 1);
}

/** -1 / 0 / 1 */
export function intCmp(a: PyInt, b: PyInt): number {
  // mixed number/bigint comparisons are exact in JS
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compare an int with a double exactly: -1/0/1, or NaN when x is NaN. */
export function cmpIntFloat(a: PyInt, x: number): number {
  if (x !== x) return NaN;
  if (typeof a === 'number') return a < x ? -1 : a > x ? 1 : 0;
  if (x === Infinity) return -1;
  if (x === -Infinity) return 1;
  if (Number.isInteger(x)) {
    const X = BigInt(x);
    return a < X ? -1 : a > X ? 1 : 0;
  }
  const F = BigInt(Math.floor(x));
  return a <= F ? -1 : 1;
}

export function intBitLength(a: PyInt): number {
  if (typeof a === 'number') {
    a = Math.abs(a);
    if (a < 2 ** 31) return 32 - Math.clz32(a);
    return bitLength(BigInt(a));
  }
  return bitLength(a);
}

// ---------------------------------------------------------------- int ↔ str (intToStr: numconv.ts)

const DIGITS_RE: Record<number, RegExp> = {};
function digitsRe(base: number): RegExp {
  let r = DIGITS_RE[base];
  if (!r) {
    const chars = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
    const cls = chars.replace(/[a-z]/g, (c) => c + c.toUpperCase());
    r = new RegExp(`^[${cls}]+(?:_[${cls}]+)*$`);
    DIGITS_RE[base] = r;
  }
  return r;
}

const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_RE = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
export function pyTrim(s: string): string {
  return s.replace(TRIM_RE, '');
}

/** int(str, base); null when invalid (caller raises the ValueError). */
export function parseIntStr(s: string, base: number): PyInt | null {
  let t = pyTrim(s);
  let neg = false;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  // Python accepts non-ASCII decimal digits too
  if (/[^\x00-\x7f]/.test(t)) t = t.replace(/\p{Nd}/gu, (c) => String(unicodeDigit(c)));
  if (base === 0) {
    if (/^0[xX]/.test(t)) { base = 16; t = t.slice(2).replace(/^_/, ''); }
    else if (/^0[oO]/.test(t)) { base = 8; t = t.slice(2).replace(/^_/, ''); }
    else if (/^0[bB]/.test(t)) { base = 2; t = t.slice(2).replace(/^_/, ''); }
    else {
      base = 10;
      if (/^0+(_?0+)*$/.test(t)) return 0;
      if (/^0/.test(t)) return null;
    }
  } else if ((base === 16 && /^0[xX]/.test(t)) || (base === 8 && /^0[oO]/.test(t)) || (base === 2 && /^0[bB]/.test(t))) {
    t = t.slice(2).replace(/^_/, '');
  }
  if (!digitsRe(base).test(t)) return null;
  t = t.replace(/_/g, '');
  if (base === 10 && t.length > MAX_STR_DIGITS)
    throw ValueErr(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${t.length} digits; use sys.set_int_max_str_digits() to increase the limit`);
  let v: PyInt;
  if (t.length <= 15 && base <= 10) v = parseInt(t, base);
  else if (base === 10) v = normBig(BigInt(t));
  else if (base === 16) v = normBig(BigInt('0x' + t));
  else if (base === 8) v = normBig(BigInt('0o' + t));
  else if (base === 2) v = normBig(BigInt('0b' + t));
  else {
    let acc = 0n;
    const B = BigInt(base);
    for (const c of t.toLowerCase()) acc = acc * B + BigInt(parseInt(c, 36));
    v = normBig(acc);
  }
  return neg ? intNeg(v) : v;
}

function unicodeDigit(c: string): number {
  const cp = c.codePointAt(0)!;
  let z = cp;
  while (z > 0 && /\p{Nd}/u.test(String.fromCodePoint(z - 1))) z--;
  return (cp - z) % 10;
}

/** float(str); null when invalid. */
export function parseFloatStr(s: string): number | null {
  let t = pyTrim(s);
  if (/[^\x00-\x7f]/.test(t)) t = t.replace(/\p{Nd}/gu, (c) => String(unicodeDigit(c)));
  const m = /^([+-]?)(?:(inf|infinity)|(nan))$/i.exec(t);
  if (m) return m[3] ? NaN : m[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/.test(t)) return null;
  return Number(t.replace(/_/g, ''));
}

// ---------------------------------------------------------------- floats

export function floatFloorDiv(a: number, b: number): number {
  if (b === 0) throw ZeroDivErr('float floor division by zero');
  return floatDivmod(a, b)[0];
}

export function floatMod(a: number, b: number): number {
  if (b === 0) throw ZeroDivErr('float modulo');
  let mod = a % b;
  if (mod !== 0) {
    if ((b < 0) !== (mod < 0)) mod += b;
  } else {
    mod = b < 0 ? -0 : 0;
  }
  return mod;
}

/** CPython float_divmod (b != 0) */
export function floatDivmod(vx: number, wx: number): [number, number] {
  if (wx === 0) throw ZeroDivErr('float divmod()');
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod !== 0) {
    if ((wx < 0) !== (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = (vx / wx) < 0 || Object.is(vx / wx, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

export function floatTrueDiv(a: number, b: number): number {
  if (b === 0) throw ZeroDivErr('float division by zero');
  return a / b;
}

function isOddInteger(x: number): boolean {
  return Number.isInteger(x) && Math.abs(x % 2) === 1;
}

/** CPython float_pow */
export function floatPow(iv: number, iw: number): number {
  if (iw === 0) return 1.0;
  if (iv !== iv) return iv;
  if (iw !== iw) return iv === 1.0 ? 1.0 : iw;
  if (!Number.isFinite(iw)) {
    const av = Math.abs(iv);
    if (av === 1.0) return 1.0;
    if ((iw > 0) === (av > 1.0)) return Math.abs(iw);
    return 0.0;
  }
  if (!Number.isFinite(iv)) {
    const odd = isOddInteger(iw);
    if (iw > 0) return odd ? iv : Math.abs(iv);
    return odd ? (iv < 0 ? -0 : 0) : 0.0;
  }
  if (iv === 0) {
    const odd = isOddInteger(iw);
    if (iw < 0) throw ZeroDivErr('0.0 cannot be raised to a negative power');
    return odd ? iv : 0.0;
  }
  let neg = false;
  if (iv < 0) {
    if (iw !== Math.floor(iw)) throw ValueErr('complex results are not supported (negative number raised to a fractional power)');
    iv = -iv;
    neg = isOddInteger(iw);
  }
  if (iv === 1.0) return neg ? -1.0 : 1.0;
  let ix = accuratePow(iv, iw);
  if (!Number.isFinite(ix)) throw OverflowErr("(34, 'Numerical result out of range')");
  return neg ? -ix : ix;
}

// ---------------------------------------------------------------- rounding (floatToInt: numconv.ts)

/** round(x) for a float → int, banker's rounding. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** round(int, ndigits) with ndigits < 0 */
export function roundIntNeg(a: PyInt, nd: number): PyInt {
  const p = 10n ** BigInt(-nd);
  const A = big(a);
  let q = A / p;
  let r = A % p;
  if (r < 0n) { r += p; q -= 1n; }
  const twice = r * 2n;
  if (twice > p || (twice === p && (q & 1n) === 1n)) q += 1n;
  return normBig(q * p);
}

// ---------------------------------------------------------------- hashing (CPython's numeric hash)

const HASH_MOD = (1n << 61n) - 1n;
const HASH_MOD_N = 2305843009213693951;

export function hashInt(a: PyInt): PyInt {
  let h: bigint;
  if (typeof a === 'number') {
    if (a >= 0 && a < HASH_MOD_N) return a;
    if (a < 0 && a > -HASH_MOD_N) return a === -1 ? -2 : a;
    h = BigInt(a);
  } else h = a;
  const neg = h < 0n;
  let r = (neg ? -h : h) % HASH_MOD;
  if (neg) r = -r;
  if (r === -1n) r = -2n;
  return normBig(r);
}

export function hashFloat(x: number): PyInt {
  if (x !== x) return 0; // CPython uses the object address; any stable value will do
  if (x === Infinity) return 314159;
  if (x === -Infinity) return -314159;
  if (Number.isInteger(x)) return hashInt(Number.isSafeInteger(x) ? x : BigInt(x));
  // x = m * 2^e exactly; hash = m * 2^e mod P with modular inverse for negative e
  const neg = x < 0;
  let ax = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(ax)) {
    ax *= 2;
    e--;
  }
  const m = BigInt(ax);
  // 2^e mod P for e < 0: 2^61 ≡ 1 (mod P) so 2^e ≡ 2^(e mod 61)
  const ee = ((e % 61) + 61) % 61;
  let h = (m * (1n << BigInt(ee))) % HASH_MOD;
  if (neg) h = -h;
  if (h === -1n) h = -2n;
  return normBig(h);
}

/** CPython's tuple hash (xxHash-based, 64-bit). */
export function hashTupleOf(hashes: PyInt[]): PyInt {
  const M = (1n << 64n) - 1n;
  const P1 = 11400714785074694791n, P2 = 14029467366897019727n, P5 = 2870177450012600261n;
  let acc = P5;
  for (const h of hashes) {
    const lane = BigInt.asUintN(64, big(h));
    acc = (acc + lane * P2) & M;
    acc = ((acc << 31n) | (acc >> 33n)) & M;
    acc = (acc * P1) & M;
  }
  acc = (acc + (BigInt(hashes.length) ^ (P5 ^ 3527539n))) & M;
  if (acc === M) return 1546275796;
  return normBig(BigInt.asIntN(64, acc));
}

export function hashStr(s: string): PyInt {
  // FNV-1a 64-bit over UTF-16 units, signed; Python randomizes str hashes anyway.
  let h1 = 0x811c9dc5 | 0, h2 = 0x1b873593 | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const v = (BigInt(h1 >>> 0) << 32n) | BigInt(h2 >>> 0);
  let r = BigInt.asIntN(64, v);
  if (r === -1n) r = -2n;
  return normBig(r);
}

