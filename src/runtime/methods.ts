// Attribute access and method calls on runtime values: getattr / setattr /
// callmethod, with the methods of str, list, tuple, dict, set, bytes, int,
// float, range, exceptions, generators and NDArray.
import {
  PyFloat, PyRange, PySlice, mkFloat, normBig, tuple, isTuple, STOP, splitKw, PYCLASS, isPyClass, type PyInt,
} from './values.js';
import { PyDict, PySet, HOLE } from './dict.js';
import { TypeErr, ValueErr, IndexErr, KeyErr, AttrErr, OverflowErr, BaseException, exc, isExcClass } from './exceptions.js';
import { typeName } from './typename.js';
import {
  eq, lt, truth, contains, indexValue,
} from './ops.js';
import { next, toArray, pyIterate, DictIter } from './iter.js';
import { repr, strFormat } from './format.js';
import { callFn, isPlainObject } from './call.js';
import {
  cpLen, hasSurrogates, unitIndex, cpIndex, WS_RE, ALL_WS_RE, lstripWs, rstripWs, stripChars,
  isPrintableCp,
} from './strutil.js';
import { intBitLength, big, floatToInt } from './num.js';
import { decompose } from './floatfmt.js';
import { NDArray, np_array } from './ndarray.js';
import { jsconvHooks } from './jsconv.js';

type Method = (self: any, a: any[], kw: Record<string, any>) => any;

function arg(a: any[], kw: Record<string, any>, i: number, name: string | null, def?: any): any {
  if (i < a.length) return a[i];
  if (name !== null && kw && Object.prototype.hasOwnProperty.call(kw, name)) return kw[name];
  return def;
}

function nargs(meth: string, a: any[], min: number, max: number): void {
  if (a.length < min || a.length > max) {
    if (min === max) {
      if (min === 0) throw TypeErr(`${meth}() takes no arguments (${a.length} given)`);
      if (min === 1) throw TypeErr(`${meth}() takes exactly one argument (${a.length} given)`);
      throw TypeErr(`${meth} expected ${min} arguments, got ${a.length}`);
    }
    if (a.length < min) throw TypeErr(`${meth} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${a.length}`);
    throw TypeErr(`${meth} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${a.length}`);
  }
}

function noKw(meth: string, kw: Record<string, any>): void {
  for (const _ in kw) throw TypeErr(`${meth}() takes no keyword arguments`);
}

function toIndex(v: any): number {
  return indexValue(v, () => `'${typeName(v)}' object cannot be interpreted as an integer`);
}

function optIndex(v: any): number | null {
  if (v === undefined || v === null) return null;
  return indexValue(v, () => 'slice indices must be integers or None or have an __index__ method');
}

function needStr(v: any, what = 'must be str'): string {
  if (typeof v !== 'string') throw TypeErr(`${what}, not ${typeName(v)}`);
  return v;
}

// ---------------------------------------------------------------- str

/** [start, end] (code point indices) clamped like Python's find/count */
function strRange(s: string, start: any, end: any): [number, number] {
  const n = cpLen(s);
  let st = optIndex(start) ?? 0;
  let en = optIndex(end) ?? n;
  if (st < 0) st = Math.max(0, st + n);
  if (en < 0) en = Math.max(0, en + n);
  if (en > n) en = n;
  return [st, en];
}

function strFind(s: string, sub: string, start: any, end: any, rev: boolean): number {
  const [st, en] = strRange(s, start, end);
  if (st > en) return -1;
  const surr = hasSurrogates(s);
  const us = surr ? unitIndex(s, st) : st;
  const ue = surr ? unitIndex(s, en) : en;
  const hay = s.slice(us, ue);
  const r = rev ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  if (r < 0) return -1;
  return surr ? cpIndex(s, us + r) : us + r;
}

function strCount(s: string, sub: string, start: any, end: any): number {
  const [st, en] = strRange(s, start, end);
  if (st > en) return 0;
  const surr = hasSurrogates(s);
  const hay = s.slice(surr ? unitIndex(s, st) : st, surr ? unitIndex(s, en) : en);
  if (sub === '') return cpLen(hay) + 1;
  let c = 0;
  let i = hay.indexOf(sub);
  while (i >= 0) {
    c++;
    i = hay.indexOf(sub, i + sub.length);
  }
  return c;
}

function splitWs(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let rest = lstripWs(s);
  while (rest.length > 0) {
    if (maxsplit >= 0 && out.length >= maxsplit) {
      out.push(rest);
      return out;
    }
    const m = WS_RE.exec(rest);
    if (!m) {
      out.push(rest);
      return out;
    }
    out.push(rest.slice(0, m.index));
    rest = lstripWs(rest.slice(m.index));
  }
  return out;
}

function rsplitWs(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let rest = rstripWs(s);
  while (rest.length > 0) {
    if (maxsplit >= 0 && out.length >= maxsplit) {
      out.push(rest);
      break;
    }
    let i = rest.length - 1;
    while (i >= 0 && !WS_RE.test(rest[i])) i--;
    if (i < 0) {
      out.push(rest);
      break;
    }
    out.push(rest.slice(i + 1));
    rest = rstripWs(rest.slice(0, i + 1));
  }
  return out.reverse();
}

function splitSep(s: string, sep: string, maxsplit: number): string[] {
  if (sep === '') throw ValueErr('empty separator');
  if (maxsplit < 0) return s.split(sep);
  const out: string[] = [];
  let i = 0;
  while (out.length < maxsplit) {
    const j = s.indexOf(sep, i);
    if (j < 0) break;
    out.push(s.slice(i, j));
    i = j + sep.length;
  }
  out.push(s.slice(i));
  return out;
}

function rsplitSep(s: string, sep: string, maxsplit: number): string[] {
  if (sep === '') throw ValueErr('empty separator');
  if (maxsplit < 0) return s.split(sep);
  const out: string[] = [];
  let end = s.length;
  while (out.length < maxsplit) {
    const j = s.lastIndexOf(sep, end - sep.length);
    if (j < 0 || end - sep.length < 0) break;
    out.push(s.slice(j + sep.length, end));
    end = j;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

function maxsplitArg(a: any[], kw: Record<string, any>): number {
  const m = arg(a, kw, 1, 'maxsplit', -1);
  return toIndex(m);
}

function padTo(s: string, width: number, fill: string, where: 'l' | 'r' | 'c'): string {
  const n = cpLen(s);
  if (width <= n) return s;
  const marg = width - n;
  if (where === 'l') return s + fill.repeat(marg);
  if (where === 'r') return fill.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

function fillArg(v: any): string {
  if (v === undefined) return ' ';
  if (typeof v !== 'string' || cpLen(v) !== 1) {
    if (typeof v !== 'string') throw TypeErr(`The fill character must be a unicode character, not ${typeName(v)}`);
    throw TypeErr('The fill character must be exactly one character long');
  }
  return v;
}

const CASED = /\p{Cased}/u;
const UPPER_OR_TITLE = /[\p{Lu}\p{Lt}]/u;

function title(s: string): string {
  let out = '';
  let prevCased = false;
  for (const c of s) {
    if (prevCased) out += c.toLowerCase();
    else out += c.toUpperCase();
    prevCased = CASED.test(c);
  }
  return out;
}

function isTitle(s: string): boolean {
  let prevCased = false;
  let cased = false;
  for (const c of s) {
    if (/[\p{Lu}\p{Lt}]/u.test(c)) {
      if (prevCased) return false;
      prevCased = true;
      cased = true;
    } else if (/\p{Ll}/u.test(c)) {
      if (!prevCased) return false;
      prevCased = true;
      cased = true;
    } else prevCased = false;
  }
  return cased;
}

function swapcase(s: string): string {
  let out = '';
  for (const c of s) {
    const u = c.toUpperCase();
    out += u === c ? c.toLowerCase() : u;
  }
  return out;
}

const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;

function splitlines(s: string, keep: boolean): string[] {
  const out: string[] = [];
  let last = 0;
  LINE_BREAK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LINE_BREAK.exec(s))) {
    out.push(s.slice(last, keep ? m.index + m[0].length : m.index));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

function replaceStr(s: string, old: string, nw: string, count: number): string {
  if (count < 0) {
    if (old === '') {
      const cps = Array.from(s);
      return nw + cps.join(nw) + (cps.length ? nw : '');
    }
    return s.split(old).join(nw);
  }
  if (count === 0) return s;
  if (old === '') {
    const cps = Array.from(s);
    let out = '';
    let k = 0;
    for (let i = 0; i <= cps.length; i++) {
      if (k < count) {
        out += nw;
        k++;
      }
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  let out = '';
  let i = 0;
  let k = 0;
  while (k < count) {
    const j = s.indexOf(old, i);
    if (j < 0) break;
    out += s.slice(i, j) + nw;
    i = j + old.length;
    k++;
  }
  return out + s.slice(i);
}

function affixMatch(s: string, x: any, start: any, end: any, suffix: boolean, meth: string): boolean {
  const [st, en] = strRange(s, start, end);
  const check = (p: any): boolean => {
    if (typeof p !== 'string') throw TypeErr(`tuple for ${meth} must only contain str, not ${typeName(p)}`);
    if (st > cpLen(s)) return false;
    const surr = hasSurrogates(s);
    const sub = s.slice(surr ? unitIndex(s, st) : st, surr ? unitIndex(s, en) : en);
    if (en - st < cpLen(p) && !(p === '' && st <= en)) return false;
    return suffix ? sub.endsWith(p) : sub.startsWith(p);
  };
  if (isTuple(x)) {
    for (const p of x) if (check(p)) return true;
    return false;
  }
  if (typeof x !== 'string') throw TypeErr(`${meth} first arg must be str or a tuple of str, not ${typeName(x)}`);
  return check(x);
}

function encodeStr(s: string, encoding: string, errors: string): Uint8Array {
  const enc = encoding.toLowerCase().replace(/[-_ ]/g, '');
  if (enc === 'utf8' || enc === 'u8') {
    if (errors === 'strict') {
      const m = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(s);
      if (m) {
        const pos = cpIndex(s, m.index);
        throw new exc.UnicodeEncodeError(`'utf-8' codec can't encode character '\\u${m[0].charCodeAt(0).toString(16)}' in position ${pos}: surrogates not allowed`);
      }
    }
    return new TextEncoder().encode(s);
  }
  if (enc === 'ascii' || enc === 'latin1' || enc === 'latin' || enc === 'iso88591' || enc === 'l1') {
    const limit = enc === 'ascii' ? 128 : 256;
    const name = enc === 'ascii' ? 'ascii' : 'latin-1';
    const out: number[] = [];
    let pos = 0;
    for (const c of s) {
      const cp = c.codePointAt(0)!;
      if (cp < limit) out.push(cp);
      else if (errors === 'ignore') {
        /* skip */
      } else if (errors === 'replace') out.push(63);
      else
        throw new exc.UnicodeEncodeError(
          `'${name}' codec can't encode character '${cp < 0x100 ? '\\x' + cp.toString(16).padStart(2, '0') : cp < 0x10000 ? '\\u' + cp.toString(16).padStart(4, '0') : '\\U' + cp.toString(16).padStart(8, '0')}' in position ${pos}: ordinal not in range(${limit})`,
        );
      pos++;
    }
    return Uint8Array.from(out);
  }
  throw new exc.LookupError(`unknown encoding: ${encoding}`);
}

export function decodeBytes(b: Uint8Array, encoding: string, errors: string): string {
  const enc = encoding.toLowerCase().replace(/[-_ ]/g, '');
  if (enc === 'utf8' || enc === 'u8') {
    if (errors === 'strict') {
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
      } catch {
        // locate the first bad byte for the message
        let i = 0;
        for (; i < b.length; i++) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, i + 1));
          } catch {
            // an incomplete sequence at the end is not yet an error; keep scanning for a definite one
            const c = b[i];
            if (c >= 0x80 && c < 0xc2) break;
            if (c >= 0xf5) break;
          }
        }
        const pos = Math.min(i, b.length - 1);
        const byte = b[pos];
        const reason = byte >= 0x80 && byte < 0xc0 ? 'invalid start byte' : byte >= 0xf5 || (byte >= 0x80 && byte < 0xc2) ? 'invalid start byte' : 'invalid continuation byte';
        throw new exc.UnicodeDecodeError(`'utf-8' codec can't decode byte 0x${byte.toString(16).padStart(2, '0')} in position ${pos}: ${reason}`);
      }
    }
    const s = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(b);
    return errors === 'ignore' ? s.replace(/\uFFFD/g, '') : s;
  }
  if (enc === 'ascii') {
    let s = '';
    for (let i = 0; i < b.length; i++) {
      if (b[i] >= 128) {
        if (errors === 'ignore') continue;
        if (errors === 'replace') {
          s += '\uFFFD';
          continue;
        }
        throw new exc.UnicodeDecodeError(`'ascii' codec can't decode byte 0x${b[i].toString(16)} in position ${i}: ordinal not in range(128)`);
      }
      s += String.fromCharCode(b[i]);
    }
    return s;
  }
  if (enc === 'latin1' || enc === 'latin' || enc === 'iso88591' || enc === 'l1') {
    let s = '';
    for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  throw new exc.LookupError(`unknown encoding: ${encoding}`);
}

const strMethods: Record<string, Method> = {
  join(s, a) {
    nargs('str.join', a, 1, 1);
    const items = Array.isArray(a[0]) ? a[0] : toArray(a[0]);
    for (let i = 0; i < items.length; i++)
      if (typeof items[i] !== 'string') throw TypeErr(`sequence item ${i}: expected str instance, ${typeName(items[i])} found`);
    return items.join(s);
  },
  split(s, a, kw) {
    const sep = arg(a, kw, 0, 'sep', null);
    const m = maxsplitArg(a, kw);
    if (sep === null) return splitWs(s, m);
    return splitSep(s, needStr(sep, 'must be str or None'), m);
  },
  rsplit(s, a, kw) {
    const sep = arg(a, kw, 0, 'sep', null);
    const m = maxsplitArg(a, kw);
    if (sep === null) return rsplitWs(s, m);
    return rsplitSep(s, needStr(sep, 'must be str or None'), m);
  },
  strip(s, a) {
    const c = a[0] ?? null;
    return c === null ? lstripWs(rstripWs(s)) : stripChars(s, needStr(c, 'strip arg must be None or str'), true, true);
  },
  lstrip(s, a) {
    const c = a[0] ?? null;
    return c === null ? lstripWs(s) : stripChars(s, needStr(c, 'lstrip arg must be None or str'), true, false);
  },
  rstrip(s, a) {
    const c = a[0] ?? null;
    return c === null ? rstripWs(s) : stripChars(s, needStr(c, 'rstrip arg must be None or str'), false, true);
  },
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase().replace(/ß/g, 'ss'),
  swapcase: (s) => swapcase(s),
  title: (s) => title(s),
  capitalize(s) {
    if (s.length === 0) return s;
    const first = String.fromCodePoint(s.codePointAt(0)!);
    return first.toUpperCase() + s.slice(first.length).toLowerCase();
  },
  replace(s, a, kw) {
    nargs('replace', a, 2, 3);
    const old = needStr(a[0], 'replace() argument 1 must be str');
    const nw = needStr(a[1], 'replace() argument 2 must be str');
    return replaceStr(s, old, nw, a.length > 2 ? toIndex(a[2]) : toIndex(arg(a, kw, 2, 'count', -1)));
  },
  startswith: (s, a) => affixMatch(s, a[0], a[1], a[2], false, 'startswith'),
  endswith: (s, a) => affixMatch(s, a[0], a[1], a[2], true, 'endswith'),
  find: (s, a) => strFind(s, needStr(a[0]), a[1], a[2], false),
  rfind: (s, a) => strFind(s, needStr(a[0]), a[1], a[2], true),
  index(s, a) {
    const r = strFind(s, needStr(a[0]), a[1], a[2], false);
    if (r < 0) throw ValueErr('substring not found');
    return r;
  },
  rindex(s, a) {
    const r = strFind(s, needStr(a[0]), a[1], a[2], true);
    if (r < 0) throw ValueErr('substring not found');
    return r;
  },
  count: (s, a) => strCount(s, needStr(a[0]), a[1], a[2]),
  format: (s, a, kw) => strFormat(s, a, kw),
  format_map: (s, a) => strFormat(s, [], a[0]),
  isdigit: (s) => s.length > 0 && /^[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24f5-\u24fd\u24ea\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]+$/u.test(s),
  isdecimal: (s) => s.length > 0 && /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => s.length > 0 && /^[\p{Nd}\p{Nl}\p{No}\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343\u4e07\u5104\u5146]+$/u.test(s),
  isalpha: (s) => s.length > 0 && /^\p{L}+$/u.test(s),
  isalnum: (s) => s.length > 0 && /^[\p{L}\p{Nd}\p{Nl}\p{No}]+$/u.test(s),
  isspace: (s) => s.length > 0 && ALL_WS_RE.test(s),
  isupper: (s) => UPPER_OR_TITLE.test(s) && !/[\p{Ll}\p{Lt}]/u.test(s),
  islower: (s) => /\p{Ll}/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s),
  istitle: (s) => isTitle(s),
  isascii: (s) => /^[\x00-\x7f]*$/.test(s),
  isidentifier: (s) => /^[\p{L}\p{Nl}_\u1885\u1886\u2118\u212e\u309b\u309c][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_\u00b7\u0387\u1369-\u1371\u19da]*$/u.test(s),
  isprintable(s) {
    for (const c of s) if (!isPrintableCp(c)) return false;
    return true;
  },
  zfill(s, a) {
    const w = toIndex(a[0]);
    const n = cpLen(s);
    if (w <= n) return s;
    if (s[0] === '+' || s[0] === '-') return s[0] + '0'.repeat(w - n) + s.slice(1);
    return '0'.repeat(w - n) + s;
  },
  center: (s, a) => padTo(s, toIndex(a[0]), fillArg(a[1]), 'c'),
  ljust: (s, a) => padTo(s, toIndex(a[0]), fillArg(a[1]), 'l'),
  rjust: (s, a) => padTo(s, toIndex(a[0]), fillArg(a[1]), 'r'),
  partition(s, a) {
    const sep = needStr(a[0]);
    if (sep === '') throw ValueErr('empty separator');
    const i = s.indexOf(sep);
    if (i < 0) return tuple([s, '', '']);
    return tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition(s, a) {
    const sep = needStr(a[0]);
    if (sep === '') throw ValueErr('empty separator');
    const i = s.lastIndexOf(sep);
    if (i < 0) return tuple(['', '', s]);
    return tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  encode: (s, a, kw) => encodeStr(s, arg(a, kw, 0, 'encoding', 'utf-8'), arg(a, kw, 1, 'errors', 'strict')),
  splitlines: (s, a, kw) => splitlines(s, truth(arg(a, kw, 0, 'keepends', false))),
  expandtabs(s, a, kw) {
    const ts = toIndex(arg(a, kw, 0, 'tabsize', 8));
    let out = '';
    let col = 0;
    for (const c of s) {
      if (c === '\t') {
        if (ts > 0) {
          const n = ts - (col % ts);
          out += ' '.repeat(n);
          col += n;
        }
      } else if (c === '\n' || c === '\r') {
        out += c;
        col = 0;
      } else {
        out += c;
        col++;
      }
    }
    return out;
  },
  removeprefix: (s, a) => (s.startsWith(needStr(a[0])) ? s.slice(a[0].length) : s),
  removesuffix: (s, a) => (a[0] !== '' && s.endsWith(needStr(a[0])) ? s.slice(0, s.length - a[0].length) : s),
  __len__: (s) => cpLen(s),
  __contains__: (s, a) => contains(s, a[0]),
};

// ---------------------------------------------------------------- sorting

/** Sort a JS array in place with Python semantics (stable, key=, reverse=). */
export function sortInPlace(arr: any[], key: any, reverse: boolean): void {
  const n = arr.length;
  if (n < 2) {
    if (n === 1 && key != null) callFn(key, arr[0]);
    return;
  }
  const keys = key == null ? arr.slice() : arr.map((x) => callFn(key, x));
  const idx = new Array(n);
  for (let i = 0; i < n; i++) idx[i] = reverse ? n - 1 - i : i;
  let cmp: (i: number, j: number) => number;
  if (keys.every((k) => typeof k === 'number' && k === k)) cmp = (i, j) => keys[i] - keys[j];
  else if (keys.every((k) => typeof k === 'string')) cmp = (i, j) => (keys[i] < keys[j] ? -1 : keys[i] > keys[j] ? 1 : 0);
  else cmp = (i, j) => (lt(keys[i], keys[j]) ? -1 : lt(keys[j], keys[i]) ? 1 : 0);
  if (keys.every((k) => typeof k === 'string') && keys.some((k) => hasSurrogates(k))) {
    cmp = (i, j) => (lt(keys[i], keys[j]) ? -1 : lt(keys[j], keys[i]) ? 1 : 0);
  }
  idx.sort(cmp);
  const vals = idx.map((i) => arr[i]);
  if (reverse) vals.reverse();
  for (let i = 0; i < n; i++) arr[i] = vals[i];
}

// ---------------------------------------------------------------- list / tuple

function seqIndex(self: readonly any[], a: any[], what: string): number {
  const x = a[0];
  let st = optIndex(a[1]) ?? 0;
  let en = optIndex(a[2]) ?? self.length;
  if (st < 0) st = Math.max(0, st + self.length);
  if (en < 0) en = Math.max(0, en + self.length);
  for (let i = st; i < Math.min(en, self.length); i++) if (self[i] === x || eq(self[i], x)) return i;
  if (what === 'list') throw ValueErr(`${repr(x)} is not in list`);
  throw ValueErr('tuple.index(x): x not in tuple');
}

function seqCount(self: readonly any[], x: any): number {
  let c = 0;
  for (let i = 0; i < self.length; i++) if (self[i] === x || eq(self[i], x)) c++;
  return c;
}

const tupleMethods: Record<string, Method> = {
  index: (t, a) => seqIndex(t, a, 'tuple'),
  count: (t, a) => (nargs('tuple.count', a, 1, 1), seqCount(t, a[0])),
  __len__: (t) => t.length,
};

const listMethods: Record<string, Method> = {
  append(l, a) {
    nargs('list.append', a, 1, 1);
    l.push(a[0]);
    return null;
  },
  extend(l, a) {
    nargs('list.extend', a, 1, 1);
    const items = toArray(a[0]);
    for (const x of items) l.push(x);
    return null;
  },
  insert(l, a) {
    nargs('insert', a, 2, 2);
    let i = toIndex(a[0]);
    if (i < 0) i = Math.max(0, i + l.length);
    if (i > l.length) i = l.length;
    l.splice(i, 0, a[1]);
    return null;
  },
  pop(l, a) {
    nargs('pop', a, 0, 1);
    if (l.length === 0) throw IndexErr('pop from empty list');
    let i = a.length ? toIndex(a[0]) : -1;
    if (i < 0) i += l.length;
    if (i < 0 || i >= l.length) throw IndexErr('pop index out of range');
    return l.splice(i, 1)[0];
  },
  remove(l, a) {
    nargs('list.remove', a, 1, 1);
    for (let i = 0; i < l.length; i++)
      if (l[i] === a[0] || eq(l[i], a[0])) {
        l.splice(i, 1);
        return null;
      }
    throw ValueErr('list.remove(x): x not in list');
  },
  index: (l, a) => seqIndex(l, a, 'list'),
  count: (l, a) => (nargs('list.count', a, 1, 1), seqCount(l, a[0])),
  sort(l, a, kw) {
    if (a.length) throw TypeErr('sort() takes no positional arguments');
    for (const k in kw) if (k !== 'key' && k !== 'reverse') throw TypeErr(`sort() got an unexpected keyword argument '${k}'`);
    sortInPlace(l, kw.key ?? null, truth(kw.reverse ?? false));
    return null;
  },
  reverse(l) {
    l.reverse();
    return null;
  },
  copy: (l) => l.slice(),
  clear(l) {
    l.length = 0;
    return null;
  },
  __len__: (l) => l.length,
};

// ---------------------------------------------------------------- dict

/** dict_keys / dict_values / dict_items */
export class DictView {
  constructor(readonly d: PyDict, readonly mode: 0 | 1 | 2) {}
  get __pytype__(): string {
    return ['dict_keys', 'dict_values', 'dict_items'][this.mode];
  }
  __len__(): number {
    return this.d.size;
  }
  __iter__(): DictIter {
    return new DictIter(this.d, this.mode);
  }
  [Symbol.iterator](): DictIter {
    return new DictIter(this.d, this.mode);
  }
  __reversed__(): DictIter {
    return new DictIter(this.d, this.mode, true);
  }
  __contains__(x: any): boolean {
    if (this.mode === 0) return this.d.has(x);
    if (this.mode === 1) {
      for (const v of this.d.values()) if (eq(v, x)) return true;
      return false;
    }
    if (!isTuple(x) || x.length !== 2) return false;
    if (!this.d.has(x[0])) return false;
    return eq(this.d.get(x[0]), x[1]);
  }
  __repr__(): string {
    const items = toArray(this).map(repr);
    return `${this.__pytype__}([${items.join(', ')}])`;
  }
  private asSet(): PySet {
    return new PySet(toArray(this));
  }
  __eq__(o: any): any {
    if (this.mode === 1) return this === o;
    const other = o instanceof DictView ? o.asSet() : o instanceof PySet ? o : null;
    if (!other) return false;
    const s = this.asSet();
    return s.size === other.size && [...s].every((k) => other.has(k));
  }
  __and__(o: any): PySet {
    const b = new PySet(toArray(o));
    return new PySet(toArray(this).filter((k) => b.has(k)));
  }
  __or__(o: any): PySet {
    return new PySet([...toArray(this), ...toArray(o)]);
  }
  __sub__(o: any): PySet {
    const b = new PySet(toArray(o));
    return new PySet(toArray(this).filter((k) => !b.has(k)));
  }
  __xor__(o: any): PySet {
    const a = this.asSet(), b = new PySet(toArray(o));
    return new PySet([...toArray(this).filter((k) => !b.has(k)), ...[...b].filter((k) => !a.has(k))]);
  }
  isdisjoint(o: any): boolean {
    const a = this.asSet();
    for (const x of pyIterate(o)) if (a.has(x)) return false;
    return true;
  }
}
jsconvHooks.isDictView = (v) => v instanceof DictView;

/** dict.update semantics: mapping, iterable of pairs, then keywords */
export function dictUpdate(d: PyDict, src: any, kw: Record<string, any> | null): void {
  if (src !== undefined && src !== null) {
    if (src instanceof PyDict) {
      for (const [k, v] of src.entries()) d.set(k, v);
    } else if (src instanceof Map) {
      for (const [k, v] of src) d.set(k, v);
    } else if (typeof src === 'object' && typeof src.keys === 'function' && typeof src.__getitem__ === 'function') {
      for (const k of pyIterate(src.keys())) d.set(k, src.__getitem__(k));
    } else {
      let i = 0;
      for (const item of pyIterate(src)) {
        let pair: any[];
        try {
          pair = Array.isArray(item) ? item : typeof item === 'string' || item instanceof Uint8Array ? toArray(item) : toArray(item);
        } catch (e) {
          if (e instanceof exc.TypeError) throw TypeErr(`cannot convert dictionary update sequence element #${i} to a sequence`);
          throw e;
        }
        if (pair.length !== 2) throw ValueErr(`dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
        d.set(pair[0], pair[1]);
        i++;
      }
    }
  }
  if (kw) for (const k of Object.keys(kw)) d.set(k, kw[k]);
}

const dictMethods: Record<string, Method> = {
  get(d, a) {
    nargs('get', a, 1, 2);
    const v = d.get(a[0]);
    if (v !== undefined || d.has(a[0])) return v;
    return a.length > 1 ? a[1] : null;
  },
  setdefault(d, a) {
    nargs('setdefault', a, 1, 2);
    if (d.has(a[0])) return d.get(a[0]);
    const v = a.length > 1 ? a[1] : null;
    d.set(a[0], v);
    return v;
  },
  pop(d, a) {
    nargs('pop', a, 1, 2);
    if (d.has(a[0])) return d.delete(a[0]);
    if (a.length > 1) return a[1];
    throw KeyErr(a[0]);
  },
  popitem(d) {
    const e = d.lastEntry();
    if (!e) throw KeyErr('popitem(): dictionary is empty');
    d.delete(e[0]);
    return tuple(e);
  },
  keys: (d) => new DictView(d, 0),
  values: (d) => new DictView(d, 1),
  items: (d) => new DictView(d, 2),
  update(d, a, kw) {
    if (a.length > 1) throw TypeErr(`update expected at most 1 argument, got ${a.length}`);
    dictUpdate(d, a[0], kw);
    return null;
  },
  copy: (d) => d.copy(),
  clear(d) {
    d.clear();
    return null;
  },
  fromkeys: (_d, a) => dictFromkeys(a),
  __len__: (d) => d.size,
  __contains__: (d, a) => d.has(a[0]),
};

export function dictFromkeys(a: any[]): PyDict {
  const d = new PyDict();
  const v = a.length > 1 ? a[1] : null;
  for (const k of pyIterate(a[0])) d.set(k, v);
  return d;
}

// ---------------------------------------------------------------- set

function asSet(x: any): PySet {
  return x instanceof PySet ? x : new PySet(toArray(x));
}

const setMethods: Record<string, Method> = {
  add(s, a) {
    nargs('set.add', a, 1, 1);
    s.add(a[0]);
    return null;
  },
  discard(s, a) {
    s.delete(a[0]);
    return null;
  },
  remove(s, a) {
    if (!s.delete(a[0])) throw KeyErr(a[0]);
    return null;
  },
  pop(s) {
    const k = s.first();
    if (k === HOLE) throw KeyErr('pop from an empty set');
    s.delete(k);
    return k;
  },
  update(s, a) {
    for (const o of a) for (const x of pyIterate(o)) s.add(x);
    return null;
  },
  union(s, a) {
    const out = s.copy();
    for (const o of a) for (const x of pyIterate(o)) out.add(x);
    return out;
  },
  intersection(s, a) {
    let cur: PySet = s.copy();
    for (const o of a) {
      const b = asSet(o);
      const next = new PySet(null, s.frozen);
      for (const x of cur) if (b.has(x)) next.add(x);
      cur = next;
    }
    return cur;
  },
  intersection_update(s, a) {
    const r = setMethods.intersection(s, a, {});
    s.clear();
    for (const x of r) s.add(x);
    return null;
  },
  difference(s, a) {
    const out = s.copy();
    for (const o of a) for (const x of pyIterate(o)) out.delete(x);
    return out;
  },
  difference_update(s, a) {
    for (const o of a) for (const x of toArray(o)) s.delete(x);
    return null;
  },
  symmetric_difference(s, a) {
    const b = asSet(a[0]);
    const out = new PySet(null, s.frozen);
    for (const x of s) if (!b.has(x)) out.add(x);
    for (const x of b) if (!s.has(x)) out.add(x);
    return out;
  },
  symmetric_difference_update(s, a) {
    const b = asSet(a[0]);
    for (const x of b) if (s.has(x)) s.delete(x);
    else s.add(x);
    return null;
  },
  issubset(s, a) {
    const b = asSet(a[0]);
    for (const x of s) if (!b.has(x)) return false;
    return true;
  },
  issuperset(s, a) {
    for (const x of pyIterate(a[0])) if (!s.has(x)) return false;
    return true;
  },
  isdisjoint(s, a) {
    for (const x of pyIterate(a[0])) if (s.has(x)) return false;
    return true;
  },
  copy: (s) => s.copy(),
  clear(s) {
    s.clear();
    return null;
  },
  __len__: (s) => s.size,
  __contains__: (s, a) => s.has(a[0]),
};
const FROZEN_OK = new Set(['union', 'intersection', 'difference', 'symmetric_difference', 'issubset', 'issuperset', 'isdisjoint', 'copy', '__len__', '__contains__']);

// ---------------------------------------------------------------- bytes

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
function fromLatin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}
function bytesArg(x: any): string {
  if (x instanceof Uint8Array) return latin1(x);
  if (isTuple(x)) return tuple(x.map(bytesArg)) as any;
  if (x === null || x === undefined) return x;
  if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean') return x as any;
  throw TypeErr(`a bytes-like object is required, not '${typeName(x)}'`);
}
function bytesResult(r: any): any {
  if (typeof r === 'string') return fromLatin1(r);
  if (Array.isArray(r)) {
    const m = r.map(bytesResult);
    return Object.isFrozen(r) ? tuple(m) : m;
  }
  return r;
}
const ASCII_ONLY: Record<string, (s: string) => string> = {
  upper: (s) => s.replace(/[a-z]/g, (c) => c.toUpperCase()),
  lower: (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()),
  swapcase: (s) => s.replace(/[a-zA-Z]/g, (c) => (c >= 'a' ? c.toUpperCase() : c.toLowerCase())),
};
const bytesMethods: Record<string, Method> = {
  decode: (b, a, kw) => decodeBytes(b, arg(a, kw, 0, 'encoding', 'utf-8'), arg(a, kw, 1, 'errors', 'strict')),
  hex(b, a) {
    let s = '';
    const sep = a[0];
    for (let i = 0; i < b.length; i++) s += (i && sep !== undefined ? sep : '') + (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  },
  join(b, a) {
    const items = toArray(a[0]);
    items.forEach((x, i) => {
      if (!(x instanceof Uint8Array)) throw TypeErr(`sequence item ${i}: expected a bytes-like object, ${typeName(x)} found`);
    });
    return fromLatin1(items.map(latin1).join(latin1(b)));
  },
  count(b, a) {
    if (typeof a[0] === 'number') return (b as Uint8Array).filter((x: number) => x === a[0]).length;
    return strCount(latin1(b), bytesArg(a[0]), a[1], a[2]);
  },
  find(b, a) {
    const sub = typeof a[0] === 'number' ? String.fromCharCode(a[0]) : bytesArg(a[0]);
    return strFind(latin1(b), sub, a[1], a[2], false);
  },
  index(b, a) {
    const sub = typeof a[0] === 'number' ? String.fromCharCode(a[0]) : bytesArg(a[0]);
    const r = strFind(latin1(b), sub, a[1], a[2], false);
    if (r < 0) throw ValueErr('subsection not found');
    return r;
  },
  __len__: (b) => b.length,
};

function callBytesMethod(b: Uint8Array, name: string, a: any[], kw: Record<string, any>): any {
  const m = bytesMethods[name];
  if (m) return m(b, a, kw);
  if (ASCII_ONLY[name]) return fromLatin1(ASCII_ONLY[name](latin1(b)));
  const sm = strMethods[name];
  if (sm && !['format', 'encode', 'casefold', 'isidentifier', 'isprintable', 'isdecimal', 'isnumeric', 'format_map'].includes(name)) {
    const r = sm(latin1(b), a.map(bytesArg), kw);
    return bytesResult(r);
  }
  throw AttrErr(`'bytes' object has no attribute '${name}'`);
}

// ---------------------------------------------------------------- int / float

function intToBytes(v: PyInt, length: number, order: string, signed: boolean): Uint8Array {
  let x = big(v);
  if (!signed && x < 0n) throw OverflowErr("can't convert negative int to unsigned");
  const bits = BigInt(length * 8);
  if (signed) {
    const lim = 1n << (bits - 1n);
    if (length === 0 ? x !== 0n : x < -lim || x >= lim) throw OverflowErr('int too big to convert');
    x = BigInt.asUintN(length * 8, x);
  } else if (x >= 1n << bits) throw OverflowErr('int too big to convert');
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (order === 'little') out.reverse();
  else if (order !== 'big') throw ValueErr("byteorder must be either 'little' or 'big'");
  return out;
}

export function intFromBytes(a: any[], kw: Record<string, any>): PyInt {
  const b: Uint8Array = a[0] instanceof Uint8Array ? a[0] : Uint8Array.from(toArray(a[0]).map(Number));
  const order = arg(a, kw, 1, 'byteorder', 'big');
  const signed = truth(kw.signed ?? false);
  const bytes = order === 'little' ? Array.from(b).reverse() : Array.from(b);
  let x = 0n;
  for (const c of bytes) x = (x << 8n) | BigInt(c);
  if (signed && bytes.length && bytes[0] >= 128) x -= 1n << BigInt(bytes.length * 8);
  return normBig(x);
}

function asIntV(x: any): PyInt {
  return typeof x === 'boolean' ? (x ? 1 : 0) : typeof x === 'number' && !Number.isSafeInteger(x) ? BigInt(x) : x;
}

const intMethods: Record<string, Method> = {
  bit_length: (x) => intBitLength(asIntV(x)),
  bit_count(x) {
    let v = big(asIntV(x));
    if (v < 0n) v = -v;
    let c = 0;
    for (const ch of v.toString(2)) if (ch === '1') c++;
    return c;
  },
  to_bytes: (x, a, kw) => intToBytes(asIntV(x), toIndex(arg(a, kw, 0, 'length', 1)), arg(a, kw, 1, 'byteorder', 'big'), truth(kw.signed ?? false)),
  conjugate: (x) => asIntV(x),
  as_integer_ratio: (x) => tuple([asIntV(x), 1]),
  is_integer: () => true,
  __index__: (x) => asIntV(x),
  __int__: (x) => asIntV(x),
  __float__: (x) => mkFloat(Number(asIntV(x))),
};

function floatHex(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const ax = Math.abs(x);
  if (ax === 0) return sign + '0x0.0p+0';
  const { m, e } = decompose(ax);
  // normalize to 1.xxxx * 2^E with 52 fraction bits
  let mant = BigInt(m);
  let E = e;
  const bl = mant.toString(2).length;
  // shift mantissa to 53 bits
  mant <<= BigInt(53 - bl);
  E -= 53 - bl;
  E += 52;
  let lead = 1;
  if (E < -1022) {
    // subnormal: 0.xxx * 2^-1022
    mant >>= BigInt(-1022 - E);
    E = -1022;
    lead = 0;
  }
  const frac = mant & ((1n << 52n) - 1n);
  const fh = frac.toString(16).padStart(13, '0');
  return `${sign}0x${lead}.${fh}p${E >= 0 ? '+' : ''}${E}`;
}

function floatRatio(x: number): readonly PyInt[] {
  if (x !== x) throw ValueErr('cannot convert NaN to integer ratio');
  if (!Number.isFinite(x)) throw OverflowErr('cannot convert Infinity to integer ratio');
  if (x === 0) return tuple([0, 1]);
  const { m, e } = decompose(Math.abs(x));
  let n = BigInt(m);
  let d = 1n;
  if (e >= 0) n <<= BigInt(e);
  else d <<= BigInt(-e);
  if (x < 0) n = -n;
  return tuple([normBig(n), normBig(d)]);
}

const floatMethods: Record<string, Method> = {
  is_integer: (x) => Number.isInteger(fval(x)),
  hex: (x) => floatHex(fval(x)),
  as_integer_ratio: (x) => floatRatio(fval(x)),
  conjugate: (x) => x,
  __int__: (x) => floatToInt(fval(x)),
  __float__: (x) => x,
};

function fval(x: any): number {
  return x instanceof PyFloat ? x.v : x;
}

export function floatFromhex(s: string): any {
  const t = s.trim();
  const m = /^([+-])?(?:0x)?([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw ValueErr('invalid hexadecimal floating-point string');
  const digits = (m[2] + (m[3] ?? '')) || '0';
  const shift = (m[3] ?? '').length * 4;
  const exp = parseInt(m[4] ?? '0', 10) - shift;
  const mant = BigInt('0x' + digits);
  let v: number;
  if (mant === 0n) v = 0;
  else {
    // exact scaling through a correctly rounded big-int division / multiplication
    const bl = mant.toString(2).length;
    if (bl <= 53) v = Number(mant) * Math.pow(2, exp);
    else {
      const drop = bl - 54;
      let mm = mant >> BigInt(drop);
      if ((mant & ((1n << BigInt(drop)) - 1n)) !== 0n) mm |= 1n;
      v = Number(mm) * Math.pow(2, exp + drop);
    }
  }
  if (!Number.isFinite(v)) throw OverflowErr('hexadecimal value too large to represent as a float');
  return mkFloat(m[1] === '-' ? -v : v);
}

// ---------------------------------------------------------------- misc objects

const rangeMethods: Record<string, Method> = {
  index(r: PyRange, a) {
    if (!contains(r, a[0])) throw ValueErr(`${repr(a[0])} is not in range`);
    return (Number(a[0]) - r.start) / r.step;
  },
  count: (r: PyRange, a) => (contains(r, a[0]) ? 1 : 0),
  __len__: (r: PyRange) => r.length,
};

const excMethods: Record<string, Method> = {
  with_traceback: (e) => e,
  add_note(e, a) {
    (e.__notes__ ??= []).push(a[0]);
    return null;
  },
};

const genMethods: Record<string, Method> = {
  send(g, a) {
    const r = g.next(a[0]);
    if (r.done) throw new exc.StopIteration(...(r.value === undefined || r.value === null ? [] : [r.value]));
    return r.value;
  },
  close(g) {
    if (typeof g.return === 'function') g.return(null);
    return null;
  },
  throw(g, a) {
    const r = g.throw(a[0]);
    if (r.done) throw new exc.StopIteration();
    return r.value;
  },
  __next__(g) {
    const v = next(g);
    if (v === STOP) throw new exc.StopIteration();
    return v;
  },
};

const ndMethods: Record<string, Method> = {
  copy: (x: NDArray) => x.copy(),
  tolist: (x: NDArray) => x.tolist(),
  fill(x: NDArray, a) {
    x.assign(a[0]);
    return null;
  },
  sum(x: NDArray) {
    let s = 0;
    let bs = 0n;
    const isBig = x.info.bits === 64 && x.info.kind !== 'f';
    x.forEachIndex((p) => {
      const v = x.data[p];
      if (isBig) bs += v as bigint;
      else s += v as number;
    });
    if (isBig) return normBig(BigInt.asIntN(64, bs));
    return x.info.kind === 'f' ? mkFloat(s) : s;
  },
  mean(x: NDArray) {
    let s = 0;
    x.forEachIndex((p) => (s += Number(x.data[p])));
    return mkFloat(s / x.size);
  },
  min(x: NDArray) {
    if (x.size === 0) throw ValueErr('zero-size array to reduction operation minimum which has no identity');
    let m: any = undefined;
    x.forEachIndex((p) => {
      const v = x.data[p];
      if (m === undefined || v < m || v !== v) m = v;
    });
    return x.info.kind === 'f' ? mkFloat(m) : typeof m === 'bigint' ? normBig(m) : m;
  },
  max(x: NDArray) {
    if (x.size === 0) throw ValueErr('zero-size array to reduction operation maximum which has no identity');
    let m: any = undefined;
    x.forEachIndex((p) => {
      const v = x.data[p];
      if (m === undefined || v > m || v !== v) m = v;
    });
    return x.info.kind === 'f' ? mkFloat(m) : typeof m === 'bigint' ? normBig(m) : m;
  },
  reshape(x: NDArray, a) {
    const dims = (a.length === 1 && Array.isArray(a[0]) ? a[0] : a).map(Number);
    const neg = dims.indexOf(-1);
    if (neg >= 0) dims[neg] = x.size / dims.reduce((p: number, q: number, i: number) => (i === neg ? p : p * q), 1);
    if (dims.reduce((p: number, q: number) => p * q, 1) !== x.size) throw ValueErr(`cannot reshape array of size ${x.size} into shape (${dims.join(', ')})`);
    const base = x.isCContig() ? x : x.copy();
    return new NDArray(base.data, dims, undefined, base.offset, base.dtype, base.kind);
  },
  is_c_contig: (x: NDArray) => x.isCContig(),
  is_f_contig: (x: NDArray) => x.isFContig(),
  copy_fortran(x: NDArray) {
    const c = x.copy();
    return c;
  },
  astype: (x: NDArray, a) => np_array(x, a[0]),
  __len__: (x: NDArray) => x.__len__(),
};

// ---------------------------------------------------------------- dispatch

function methodTable(o: any): [Record<string, Method>, string] | null {
  switch (typeof o) {
    case 'string':
      return [strMethods, 'str'];
    case 'number':
      return Number.isInteger(o) ? [intMethods, 'int'] : [floatMethods, 'float'];
    case 'bigint':
      return [intMethods, 'int'];
    case 'boolean':
      return [intMethods, 'bool'];
    case 'object':
      if (o === null) return null;
      if (Array.isArray(o)) return Object.isFrozen(o) ? [tupleMethods, 'tuple'] : [listMethods, 'list'];
      if (o instanceof PyFloat) return [floatMethods, 'float'];
      if (o instanceof PyDict) return [dictMethods, 'dict'];
      if (o instanceof PySet) return [setMethods, o.frozen ? 'frozenset' : 'set'];
      if (o instanceof PyRange) return [rangeMethods, 'range'];
      if (o instanceof NDArray) return [ndMethods, typeName(o)];
  }
  return null;
}

function noAttr(o: any, name: string): never {
  if (typeof o === 'function' && (isPyClass(o) || isExcClass(o)))
    throw AttrErr(`type object '${o.__name__ ?? o.name}' has no attribute '${name}'`);
  throw AttrErr(`'${typeName(o)}' object has no attribute '${name}'`);
}

const KW_METHODS = new Set(['sort', 'split', 'rsplit', 'to_bytes', 'splitlines', 'encode', 'decode', 'replace', 'expandtabs']);

/** a.name(*args, **kw) with args given as an array */
export function callmethodKW(o: any, name: string, a: any[], kw: Record<string, any>): any {
  const t = methodTable(o);
  if (t) {
    const m = t[0][name];
    if (m !== undefined && (t[1] !== 'frozenset' || FROZEN_OK.has(name))) {
      if (t[0] !== strMethods && t[0] !== dictMethods && !KW_METHODS.has(name)) noKw(name, kw);
      return m(o, a, kw);
    }
    // fall through for attributes that are callables? (none for builtins)
    noAttr(o, name);
  }
  if (o instanceof Uint8Array && !(o as any).__pytype__) return callBytesMethod(o, name, a, kw);
  if (o === null || o === undefined) noAttr(null, name);
  if (typeof o === 'object') {
    const f = o[name];
    if (typeof f === 'function') return hasAny(kw) ? f.call(o, ...a, markKw(kw)) : f.call(o, ...a);
    if (f === undefined) {
      if (o instanceof BaseException && excMethods[name]) return excMethods[name](o, a, kw);
      if (typeof o.next === 'function' && typeof o[Symbol.iterator] === 'function' && genMethods[name]) return genMethods[name](o, a, kw);
      if (o instanceof DictView && name === 'isdisjoint') return o.isdisjoint(a[0]);
      if (typeof o.__getattr__ === 'function') return callValue(o.__getattr__(name), a, kw);
      noAttr(o, name);
    }
    return callValue(f, a, kw);
  }
  if (typeof o === 'function') {
    // class-level methods of builtin classes (dict.fromkeys, int.from_bytes, str.join(...) unbound)
    const sm = classMethod(o, name);
    if (sm) return sm(a, kw);
    const f = (o as any)[name];
    if (typeof f === 'function') return hasAny(kw) ? f.call(o, ...a, markKw(kw)) : f.call(o, ...a);
    if (f === undefined) noAttr(o, name);
    return callValue(f, a, kw);
  }
  noAttr(o, name);
}

function hasAny(kw: Record<string, any>): boolean {
  for (const _ in kw) return true;
  return false;
}

function markKw(kw: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...kw };
  Object.defineProperty(out, Symbol.for('cypyx.kwargs'), { value: true, enumerable: false });
  return out;
}

function callValue(f: any, a: any[], kw: Record<string, any>): any {
  if (typeof f === 'function') return hasAny(kw) ? f(...a, markKw(kw)) : f(...a);
  if (f !== null && typeof f === 'object' && typeof f.__call__ === 'function') return f.__call__(...a);
  throw TypeErr(`'${typeName(f)}' object is not callable`);
}

/** static / unbound methods reached through a builtin class object */
function classMethod(cls: any, name: string): ((a: any[], kw: Record<string, any>) => any) | null {
  const cname = cls[PYCLASS] === 'builtin' ? cls.__name__ : null;
  if (!cname) return null;
  if (cname === 'dict' && name === 'fromkeys') return (a) => dictFromkeys(a);
  if (cname === 'int' && name === 'from_bytes') return (a, kw) => intFromBytes(a, kw);
  if (cname === 'float' && name === 'fromhex') return (a) => floatFromhex(needStr(a[0]));
  if (cname === 'bytes' && name === 'fromhex')
    return (a) => {
      const s = needStr(a[0]).replace(/\s+/g, '');
      if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw ValueErr('non-hexadecimal number found in fromhex() arg');
      return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
    };
  if (cname === 'str' && name === 'maketrans') return null;
  const table: Record<string, Record<string, Method>> = {
    str: strMethods, list: listMethods, tuple: tupleMethods, dict: dictMethods, set: setMethods, frozenset: setMethods, int: intMethods, float: floatMethods,
  };
  const t = table[cname];
  if (t && t[name]) {
    return (a, kw) => {
      if (a.length === 0) throw TypeErr(`unbound method ${cname}.${name}() needs an argument`);
      return callmethodKW(a[0], name, a.slice(1), kw);
    };
  }
  return null;
}

const EMPTY_KW: Record<string, any> = Object.freeze({}) as Record<string, any>;

/** py.callmethod(a, name, ...args, kw) */
export function callmethod(o: any, name: string, ...rest: any[]): any {
  let kw = EMPTY_KW;
  const n = rest.length;
  if (n > 0) {
    const last = rest[n - 1];
    if (last !== null && typeof last === 'object' && isPlainObject(last)) {
      rest.pop();
      kw = last;
    }
  }
  // hot paths of generic code
  if (Array.isArray(o)) {
    if (name === 'append' && rest.length === 1 && !Object.isFrozen(o) && !hasAny(kw)) {
      o.push(rest[0]);
      return null;
    }
  } else if (o instanceof PyDict && name === 'get' && (rest.length === 1 || rest.length === 2) && !hasAny(kw)) {
    const v = o.get(rest[0]);
    if (v !== undefined || o.has(rest[0])) return v;
    return rest.length > 1 ? rest[1] : null;
  }
  return callmethodKW(o, name, rest, kw);
}

/** A bound method object for builtin-type methods. */
function boundMethod(o: any, name: string): any {
  const f = (...args: any[]) => {
    const [a, kw] = splitKw(args);
    return callmethodKW(o, name, a, kw);
  };
  Object.defineProperty(f, '__name__', { value: name });
  Object.defineProperty(f, '__self__', { value: o });
  (f as any).__builtin__ = true;
  return f;
}

function fnAttr(f: any, name: string): any {
  switch (name) {
    case '__name__':
      return f.__name__ ?? (f.name || '<lambda>');
    case '__qualname__':
      return f.__qualname__ ?? f.__name__ ?? (f.name || '<lambda>');
    case '__doc__':
      return f.__doc__ ?? null;
    case '__module__':
      return f.__module__ ?? null;
    case '__class__':
      return typeOf(f);
  }
  return undefined;
}

/** type(x) → class object (set by builtins.ts) */
export let typeOf: (x: any) => any = () => null;
export function setTypeOf(f: (x: any) => any): void {
  typeOf = f;
}

/** a.name */
export function getattr(o: any, name: string): any {
  if (name === '__class__') return typeOf(o);
  const t = methodTable(o);
  if (t) {
    switch (t[1]) {
      case 'int':
      case 'bool':
        if (name === 'real' || name === 'numerator') return asIntV(o);
        if (name === 'imag') return 0;
        if (name === 'denominator') return 1;
        break;
      case 'float':
        if (name === 'real') return o;
        if (name === 'imag') return new PyFloat(0);
        break;
      case 'range':
        if (name === 'start' || name === 'stop' || name === 'step') return o[name];
        break;
    }
    if (o instanceof NDArray) {
      const v = o.__pyattr__(name);
      if (v !== undefined) return v;
    }
    if (t[0][name] !== undefined && !name.startsWith('__')) return boundMethod(o, name);
    noAttr(o, name);
  }
  if (o === null || o === undefined) noAttr(null, name);
  if (o instanceof Uint8Array && !(o as any).__pytype__) {
    if (bytesMethods[name] || strMethods[name] || ASCII_ONLY[name]) return boundMethod(o, name);
    noAttr(o, name);
  }
  if (typeof o === 'function') {
    const v = fnAttr(o, name);
    if (v !== undefined) return v;
    const cm = classMethod(o, name);
    if (cm) {
      const f = (...args: any[]) => {
        const [a, kw] = splitKw(args);
        return cm(a, kw);
      };
      return f;
    }
    if (name in o) {
      const r = (o as any)[name];
      return r === undefined ? null : r;
    }
    noAttr(o, name);
  }
  if (typeof o === 'object') {
    if (o instanceof PySlice && (name === 'start' || name === 'stop' || name === 'step')) return o[name];
    if (o instanceof BaseException) {
      if (name === 'args') return o.args;
      if (EXC_RESERVED.has(name) && Object.prototype.hasOwnProperty.call(o, 'py_' + name)) return (o as any)['py_' + name];
      if (name === '__cause__') return (o as any).__cause__ ?? null;
      if (name === '__context__') return (o as any).__context__ ?? null;
      if (name === '__traceback__') return null;
      if (excMethods[name]) return boundMethod(o, name);
    }
    if (typeof o.__pyattr__ === 'function') {
      const v = o.__pyattr__(name);
      if (v !== undefined) return v;
    }
    if (name in o) {
      const v = o[name];
      if (typeof v === 'function' && !Object.prototype.hasOwnProperty.call(o, name)) {
        const b = v.bind(o);
        Object.defineProperty(b, '__name__', { value: v.__name__ ?? name });
        return b;
      }
      return v === undefined ? null : v;
    }
    if (typeof o.next === 'function' && typeof o[Symbol.iterator] === 'function' && genMethods[name]) return boundMethod(o, name);
    if (typeof o.__getattr__ === 'function') return o.__getattr__(name);
  }
  noAttr(o, name);
}

const EXC_RESERVED = new Set(['name', 'message', 'stack']);

/** a.name = v */
export function setattr(o: any, name: string, v: any): null {
  if (o === null || o === undefined || typeof o !== 'object' || methodTable(o) || o instanceof Uint8Array || o instanceof PySlice) {
    if (typeof o === 'function' && !(o as any).__builtin__ && (o as any)[PYCLASS] !== 'builtin') {
      (o as any)[name] = v;
      return null;
    }
    if (typeof o === 'function' && (o as any)[PYCLASS] === 'builtin')
      throw TypeErr(`cannot set '${name}' attribute of immutable type '${(o as any).__name__}'`);
    if (typeof o === 'function') {
      (o as any)[name] = v;
      return null;
    }
    throw AttrErr(`'${typeName(o)}' object has no attribute '${name}'`);
  }
  if (o instanceof BaseException) {
    if (name === 'args') {
      o.args = Object.freeze(toArray(v));
      return null;
    }
    if (EXC_RESERVED.has(name)) {
      Object.defineProperty(o, 'py_' + name, { value: v, writable: true, configurable: true, enumerable: true });
      return null;
    }
  }
  if (typeof o.__setattr__ === 'function') {
    o.__setattr__(name, v);
    return null;
  }
  o[name] = v;
  return null;
}

export function delattr(o: any, name: string): null {
  if (o !== null && typeof o === 'object' && !methodTable(o) && name in o) {
    delete o[name];
    return null;
  }
  noAttr(o, name);
}

export function hasattr(o: any, name: string): boolean {
  try {
    getattr(o, name);
    return true;
  } catch (e) {
    if (e instanceof exc.AttributeError) return false;
    throw e;
  }
}

/** getattr(o, name[, default]) builtin */
export function getattr_(o: any, name: any, ...rest: any[]): any {
  if (typeof name !== 'string') throw TypeErr(`attribute name must be string, not '${typeName(name)}'`);
  if (rest.length === 0) return getattr(o, name);
  try {
    return getattr(o, name);
  } catch (e) {
    if (e instanceof exc.AttributeError) return rest[0];
    throw e;
  }
}

