// Float → text exactly like CPython: repr (shortest round-trip), and 'f' /
// 'e' / 'g' formatting correctly rounded on the exact binary value with
// round-half-even (C printf). JS toFixed/toExponential are exact but break
// exact ties upwards; ties are detected and redone on the exact expansion.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LE ? 1 : 0;
const LO = LE ? 0 : 1;

/** x = m * 2^e for finite x > 0, m odd (or x = 0). */
export function decompose(x: number): { m: number; e: number } {
  F64[0] = x;
  const hi = U32[HI], lo = U32[LO];
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (hi & 0xfffff) * 4294967296 + lo;
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    m += 4503599627370496;
    e = bexp - 1075;
  }
  if (m === 0) return { m: 0, e: 0 };
  while (m % 2 === 0) {
    m /= 2;
    e++;
  }
  return { m, e };
}

const POW5: bigint[] = [1n];
function pow5(k: number): bigint {
  let p = POW5[k];
  if (p === undefined) {
    p = 5n ** BigInt(k);
    if (k <= 1100) POW5[k] = p;
  }
  return p;
}

/** Exact decimal expansion of finite ax > 0: ax = D × 10^q, D given as a digit string. */
export function exactDecimal(ax: number): { s: string; q: number } {
  const { m, e } = decompose(ax);
  if (e >= 0) {
    let s = (BigInt(m) << BigInt(e)).toString();
    // strip trailing zeros into q
    let q = 0;
    let end = s.length;
    while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
    q = s.length - end;
    s = s.slice(0, end);
    return { s, q };
  }
  return { s: (BigInt(m) * pow5(-e)).toString(), q: e };
}

/** Round the digit string s (value s × 10^q) to keep k leading digits, half-even. Returns [digits, carried]. */
function roundKeep(s: string, k: number): [string, boolean] {
  if (k >= s.length) return [s, false];
  if (k < 0) return ['', false];
  const kept = s.slice(0, k);
  const r = s.charCodeAt(k) - 48;
  let up: boolean;
  if (r > 5) up = true;
  else if (r < 5) up = false;
  else {
    let rest = false;
    for (let i = k + 1; i < s.length; i++) if (s.charCodeAt(i) !== 48) { rest = true; break; }
    up = rest || (k > 0 && (kept.charCodeAt(k - 1) - 48) % 2 === 1);
  }
  if (!up) return [kept, false];
  // increment kept
  const arr = kept.split('');
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === '9') {
      arr[i] = '0';
      i--;
    } else {
      arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
      break;
    }
  }
  if (i < 0) return ['1' + arr.join(''), true];
  return [arr.join(''), false];
}

/** |x| (finite) with `prec` digits after the point, correctly rounded half-even. */
export function fixedAbs(ax: number, prec: number): string {
  if (ax === 0) return prec > 0 ? '0.' + '0'.repeat(prec) : '0';
  if (prec >= 0 && prec <= 100 && ax < 1e21) {
    const { e } = decompose(ax);
    const frac = e < 0 ? -e : 0;
    if (frac !== prec + 1) return ax.toFixed(prec);
  }
  const { s, q } = exactDecimal(ax);
  // value = s × 10^q; keep digits with place >= 10^-prec
  const L = s.length;
  const k = L + q + prec; // number of digits of s to keep
  let intDigits: string; // the rounded value × 10^prec as a digit string
  if (k >= L) intDigits = s + '0'.repeat(k - L);
  else if (k < 0) intDigits = '0';
  else {
    const [d] = roundKeep(s, k);
    intDigits = d === '' ? '0' : d;
  }
  intDigits = intDigits.replace(/^0+(?=\d)/, '');
  if (prec < 0) return intDigits === '0' ? '0' : intDigits + '0'.repeat(-prec);
  if (prec === 0) return intDigits;
  if (intDigits.length <= prec) intDigits = '0'.repeat(prec - intDigits.length + 1) + intDigits;
  return intDigits.slice(0, intDigits.length - prec) + '.' + intDigits.slice(intDigits.length - prec);
}

/** Round finite ax > 0 to n significant digits: digits (length n) and decimal exponent of the first digit. */
export function sigDigits(ax: number, n: number): { d: string; exp: number } {
  if (n <= 100) {
    const t = ax.toExponential(n - 1);
    const ei = t.indexOf('e');
    const exp = +t.slice(ei + 1);
    const { e } = decompose(ax);
    const exact = Number.isInteger(ax);
    if (!exact) {
      const frac = -e; // number of fractional decimal digits of the exact expansion
      // cut position (fractional digits kept) is n-1-E for exact exponent E ∈ {exp, exp-1}
      if (frac !== n - exp + 1 && frac !== n - exp) {
        return { d: t.slice(0, ei).replace('.', ''), exp };
      }
    }
  }
  const { s, q } = exactDecimal(ax);
  const E = s.length - 1 + q;
  let [d, carried] = roundKeep(s, n);
  let exp = E;
  if (carried) {
    exp++;
    d = d.slice(0, n);
  }
  if (d.length < n) d += '0'.repeat(n - d.length);
  return { d, exp };
}

function expStr(exp: number): string {
  const a = Math.abs(exp);
  return (exp < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
}

/** |x| in 'e' format with prec digits after the point (finite). */
export function expAbs(ax: number, prec: number, alt = false, upper = false): string {
  let d: string, exp: number;
  if (ax === 0) {
    d = '0'.repeat(prec + 1);
    exp = 0;
  } else ({ d, exp } = sigDigits(ax, prec + 1));
  let mant = d[0];
  if (prec > 0) mant += '.' + d.slice(1);
  else if (alt) mant += '.';
  return mant + (upper ? 'E' : 'e') + expStr(exp);
}

/**
 * |x| in 'g' format (finite). `addDot0`: format-spec '' type with precision
 * (at least one digit after the point in fixed notation, when not alt).
 */
export function generalAbs(ax: number, prec: number, alt = false, upper = false, addDot0 = false): string {
  if (prec === 0) prec = 1;
  let d: string, exp: number;
  if (ax === 0) {
    d = '0'.repeat(prec);
    exp = 0;
  } else ({ d, exp } = sigDigits(ax, prec));
  let out: string;
  if (exp >= -4 && exp < (addDot0 ? prec - 1 : prec)) {
    // fixed with prec-1-exp decimals
    const decpt = exp + 1;
    let intPart: string, frac: string;
    if (decpt <= 0) {
      intPart = '0';
      frac = '0'.repeat(-decpt) + d;
    } else {
      intPart = d.slice(0, decpt);
      frac = d.slice(decpt);
    }
    if (!alt) frac = frac.replace(/0+$/, '');
    if (frac.length > 0) out = intPart + '.' + frac;
    else if (alt) out = intPart + '.';
    else out = addDot0 ? intPart + '.0' : intPart;
  } else {
    let m = d.slice(1);
    if (!alt) m = m.replace(/0+$/, '');
    out = d[0] + (m.length > 0 ? '.' + m : alt ? '.' : '') + (upper ? 'E' : 'e') + expStr(exp);
  }
  return out;
}

/** Python repr(float) (also str()). */
export function floatRepr(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const neg = x < 0;
  const t = (neg ? -x : x).toExponential();
  const ei = t.indexOf('e');
  const d = t.slice(0, ei).replace('.', '');
  const exp = +t.slice(ei + 1);
  return (neg ? '-' : '') + reprDigits(d, exp);
}

/** Shortest digits + exponent in Python's 'r' layout. */
function reprDigits(d: string, exp: number): string {
  if (exp >= -4 && exp < 16) {
    const decpt = exp + 1;
    if (decpt <= 0) return '0.' + '0'.repeat(-decpt) + d;
    if (decpt >= d.length) return d + '0'.repeat(decpt - d.length) + '.0';
    return d.slice(0, decpt) + '.' + d.slice(decpt);
  }
  return d[0] + (d.length > 1 ? '.' + d.slice(1) : '') + 'e' + expStr(exp);
}

/** repr without the forced '.0' (format type '' without precision shares repr). */
export function floatReprAbs(ax: number): string {
  return floatRepr(ax);
}
