// Python str semantics (code points) over JS strings (UTF-16). Fast paths
// for strings without surrogates, where code points == code units.

const SURR = /[\uD800-\uDFFF]/;

export function hasSurrogates(s: string): boolean {
  return SURR.test(s);
}

/** len(s) in code points */
export function cpLen(s: string): number {
  if (s.length < 2 || !SURR.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Code points of s as an array of 1-code-point strings. */
export function cpArray(s: string): string[] {
  return Array.from(s);
}

/** UTF-16 index of code point index i (0 <= i <= cpLen). */
export function unitIndex(s: string, i: number): number {
  if (!SURR.test(s)) return i;
  let u = 0;
  for (let k = 0; k < i && u < s.length; k++) {
    const c = s.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < s.length && (s.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return u;
}

/** Code point index of UTF-16 index u. */
export function cpIndex(s: string, u: number): number {
  if (!SURR.test(s)) return u;
  return cpLen(s.slice(0, u));
}

/** Python string comparison (by code points): -1 / 0 / 1. */
export function strCmp(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) {
        // a surrogate (astral code point) is above every BMP char >= 0xE000
        if (xs && y >= 0xe000) return 1;
        if (ys && x >= 0xe000) return -1;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Python whitespace (str.isspace / split() / strip()) */
export const WS_CLASS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
export const WS_RE = new RegExp(`[${WS_CLASS}]`);
export const WS_RUN_RE = new RegExp(`[${WS_CLASS}]+`, 'g');
export const ALL_WS_RE = new RegExp(`^[${WS_CLASS}]+$`);
const LSTRIP_WS = new RegExp(`^[${WS_CLASS}]+`);
const RSTRIP_WS = new RegExp(`[${WS_CLASS}]+$`);

export function lstripWs(s: string): string {
  return s.replace(LSTRIP_WS, '');
}
export function rstripWs(s: string): string {
  return s.replace(RSTRIP_WS, '');
}

/** strip a set of characters (code points) */
export function stripChars(s: string, chars: string, left: boolean, right: boolean): string {
  const set = new Set(Array.from(chars));
  const cps = hasSurrogates(s) ? Array.from(s) : null;
  if (cps) {
    let i = 0, j = cps.length;
    if (left) while (i < j && set.has(cps[i])) i++;
    if (right) while (j > i && set.has(cps[j - 1])) j--;
    return cps.slice(i, j).join('');
  }
  let i = 0, j = s.length;
  if (left) while (i < j && set.has(s[i])) i++;
  if (right) while (j > i && set.has(s[j - 1])) j--;
  return s.slice(i, j);
}

/**
 * Python str.isprintable for one code point. (The class is built on first use: a
 * Unicode property class costs ~0.8 ms to create, at every import of the runtime.)
 */
let NONPRINT: RegExp | undefined;
export function isPrintableCp(ch: string): boolean {
  NONPRINT ??= new RegExp('[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}\\p{Zs}]', 'u');
  return ch === ' ' || !NONPRINT.test(ch);
}

export function repeatStr(s: string, n: number): string {
  return n <= 0 ? '' : s.repeat(n);
}
