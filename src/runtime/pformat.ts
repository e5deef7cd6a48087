// Python's printf-style `%` formatting (`template % args`) and the number formatting
// it shares with format(). Separate from format.ts so that the error messages of native
// code ("index %d out of range" over C scalars, runtime/native.ts) format without the
// rest of the object model: str() and repr() of other values, ascii() and item lookup
// for `%(key)s` are late-bound (values.ts `hooks`, `pfHooks` below, set by format.ts).
import { PyFloat, hooks, isTuple, type PyInt } from './values.js';
import { PyDict } from './dict.js';
import { TypeErr, ValueErr, OverflowErr, KeyErr } from './exceptions.js';
import { floatRepr, fixedAbs, expAbs, generalAbs } from './floatfmt.js';
import { intToStr, intToFloat, floatToInt } from './numconv.js';
import { typeName } from './typename.js';
import { cpLen, hasSurrogates } from './strutil.js';

/** Late-bound pieces of the object model (set by format.ts). */
export const pfHooks: { ascii: (x: any) => string; getitem: (o: any, k: any) => any } = {
  ascii: (x) => hooks.repr(x),
  getitem: (o) => {
    throw TypeErr(`'${typeName(o)}' object is not subscriptable`);
  },
};

/** str() of an int, float or bool (the values C scalars become), as format.ts's str(); else undefined. */
export function scalarStr(x: any): string | undefined {
  switch (typeof x) {
    case 'number':
      return Number.isInteger(x) ? (x === 0 ? '0' : String(x)) : floatRepr(x);
    case 'bigint':
      return intToStr(x);
    case 'boolean':
      return x ? 'True' : 'False';
    case 'object':
      if (x instanceof PyFloat) return floatRepr(x.v);
  }
  return undefined;
}

export function isIntVal(x: any): x is number | bigint | boolean {
  const t = typeof x;
  return t === 'number' ? Number.isInteger(x) : t === 'bigint' || t === 'boolean';
}
export function isFloatVal(x: any): boolean {
  return typeof x === 'number' ? !Number.isInteger(x) : x instanceof PyFloat;
}
export function intOf(x: number | bigint | boolean): PyInt {
  return typeof x === 'boolean' ? (x ? 1 : 0) : typeof x === 'number' && !Number.isSafeInteger(x) ? BigInt(x) : (x as PyInt);
}

export function absIntStr(a: PyInt, radix: number): string {
  if (typeof a === 'number') return Math.abs(a).toString(radix);
  return (a < 0n ? -a : a).toString(radix);
}

export function isNegInt(a: PyInt): boolean {
  return a < 0;
}

/** float value of a number-like for float formatting (ints may overflow) */
export function toFloatForFormat(x: any): number {
  if (typeof x === 'number') return x;
  if (x instanceof PyFloat) return x.v;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'bigint') return intToFloat(x);
  throw TypeErr(`must be real number, not ${typeName(x)}`);
}

/** Format a finite/inf/nan double body (no sign) for types e f g E F G with precision. */
export function floatBody(ax: number, type: string, prec: number, alt: boolean, addDot0 = false): string {
  const upper = type === 'E' || type === 'F' || type === 'G';
  if (ax !== ax) return upper ? 'NAN' : 'nan';
  if (ax === Infinity) return upper ? 'INF' : 'inf';
  switch (type) {
    case 'f':
    case 'F': {
      const s = fixedAbs(ax, prec);
      return alt && prec === 0 ? s + '.' : s;
    }
    case 'e':
    case 'E':
      return expAbs(ax, prec, alt, upper);
    case 'g':
    case 'G':
      return generalAbs(ax, prec, alt, upper, addDot0);
  }
  throw ValueErr(`bad float format type ${type}`);
}

// ---------------------------------------------------------------- % formatting

/** Python `template % args`. */
export function percentFormat(template: string, args: any, bytesMode = false): string {
  let argList: any[];
  let argIdx = 0;
  let mapping: any = null;
  const isTup = isTuple(args);
  if (isTup) argList = args as any[];
  else {
    argList = [args];
    if (args !== null && typeof args === 'object' && (args instanceof PyDict || args instanceof Map || Array.isArray(args) || (args instanceof Uint8Array && !bytesMode) || typeof args.__getitem__ === 'function'))
      mapping = args;
  }
  const nextArg = (): any => {
    if (argIdx >= argList.length) throw TypeErr('not enough arguments for format string');
    return argList[argIdx++];
  };
  let out = '';
  let i = 0;
  const n = template.length;
  let usedMapping = false;
  while (i < n) {
    const pct = template.indexOf('%', i);
    if (pct < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, pct);
    i = pct + 1;
    if (i >= n) throw ValueErr('incomplete format');
    let key: string | null = null;
    if (template[i] === '(') {
      if (mapping === null) throw TypeErr('format requires a mapping');
      let depth = 1;
      let j = i + 1;
      while (j < n && depth > 0) {
        if (template[j] === '(') depth++;
        else if (template[j] === ')') depth--;
        j++;
      }
      if (depth > 0) throw ValueErr('incomplete format key');
      key = template.slice(i + 1, j - 1);
      i = j;
      usedMapping = true;
    }
    let flags = '';
    while (i < n && '-+ #0'.includes(template[i])) flags += template[i++];
    let width = -1;
    if (template[i] === '*') {
      const w = nextArg();
      if (!isIntVal(w)) throw TypeErr('* wants int');
      width = Number(intOf(w));
      if (width < 0) {
        flags += '-';
        width = -width;
      }
      i++;
    } else {
      let ws = '';
      while (i < n && template[i] >= '0' && template[i] <= '9') ws += template[i++];
      if (ws) width = parseInt(ws, 10);
    }
    let prec = -1;
    if (template[i] === '.') {
      i++;
      if (template[i] === '*') {
        const p = nextArg();
        if (!isIntVal(p)) throw TypeErr('* wants int');
        prec = Math.max(0, Number(intOf(p)));
        i++;
      } else {
        let ps = '';
        while (i < n && template[i] >= '0' && template[i] <= '9') ps += template[i++];
        prec = ps ? parseInt(ps, 10) : 0;
      }
    }
    while (i < n && 'hlL'.includes(template[i])) i++;
    if (i >= n) throw ValueErr('incomplete format');
    const type = template[i++];
    if (type === '%') {
      out += '%';
      continue;
    }
    let arg: any;
    if (key !== null) {
      arg = mapping instanceof PyDict ? dictGet(mapping, key) : mapping instanceof Map ? mapGet(mapping, key) : pfHooks.getitem(mapping, key);
    } else arg = nextArg();
    out += formatOne(arg, type, flags, width, prec, pct);
  }
  if (argIdx < argList.length && mapping === null)
    throw TypeErr(`not all arguments converted during ${bytesMode ? 'bytes' : 'string'} formatting`);
  void usedMapping;
  return out;
}

function dictGet(d: PyDict, k: string): any {
  const v = d.get(k);
  if (v === undefined && !d.has(k)) throw KeyErr(k);
  return v;
}
function mapGet(d: Map<any, any>, k: string): any {
  if (!d.has(k)) throw KeyErr(k);
  return d.get(k);
}

function formatOne(arg: any, type: string, flags: string, width: number, prec: number, pos: number): string {
  const left = flags.includes('-');
  const plus = flags.includes('+');
  const space = flags.includes(' ');
  const alt = flags.includes('#');
  let zero = flags.includes('0') && !left;
  let sign = '';
  let body: string;
  let prefix = '';
  switch (type) {
    case 's':
    case 'r':
    case 'a': {
      body = type === 's' ? scalarStr(arg) ?? hooks.str(arg) : type === 'r' ? hooks.repr(arg) : pfHooks.ascii(arg);
      if (prec >= 0) body = sliceCp(body, prec);
      zero = false;
      break;
    }
    case 'd':
    case 'i':
    case 'u': {
      let v: PyInt;
      if (isIntVal(arg)) v = intOf(arg);
      else if (isFloatVal(arg)) v = floatToInt(toFloatForFormat(arg));
      else throw TypeErr(`%${type} format: a real number is required, not ${typeName(arg)}`);
      if (isNegInt(v)) sign = '-';
      else if (plus) sign = '+';
      else if (space) sign = ' ';
      body = absIntStr(v, 10);
      if (prec > body.length) body = '0'.repeat(prec - body.length) + body;
      break;
    }
    case 'x':
    case 'X':
    case 'o': {
      if (!isIntVal(arg)) throw TypeErr(`%${type} format: an integer is required, not ${typeName(arg)}`);
      const v = intOf(arg);
      if (isNegInt(v)) sign = '-';
      else if (plus) sign = '+';
      else if (space) sign = ' ';
      body = absIntStr(v, type === 'o' ? 8 : 16);
      if (type === 'X') body = body.toUpperCase();
      if (prec > body.length) body = '0'.repeat(prec - body.length) + body;
      if (alt) prefix = type === 'o' ? '0o' : type === 'x' ? '0x' : '0X';
      break;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const x = toFloatForFormat(arg);
      if (x < 0 || Object.is(x, -0)) sign = '-';
      else if (plus) sign = '+';
      else if (space) sign = ' ';
      const ax = Math.abs(x);
      body = floatBody(ax, type, prec < 0 ? 6 : prec, alt);
      break;
    }
    case 'c': {
      if (typeof arg === 'string') {
        if (cpLen(arg) !== 1) throw TypeErr('%c requires int or char');
        body = arg;
      } else if (isIntVal(arg)) {
        const v = Number(intOf(arg));
        if (v < 0 || v > 0x10ffff) throw OverflowErr('%c arg not in range(0x110000)');
        body = String.fromCodePoint(v);
      } else throw TypeErr('%c requires int or char');
      zero = false;
      break;
    }
    default: {
      const cc = type.codePointAt(0)!;
      throw ValueErr(`unsupported format character '${type}' (0x${cc.toString(16)}) at index ${pos + 1 + 0}`);
    }
  }
  const content = sign + prefix + body;
  const len = cpLen(content);
  if (width <= len) return content;
  const pad = width - len;
  if (left) return content + ' '.repeat(pad);
  if (zero) return sign + prefix + '0'.repeat(pad) + body;
  return ' '.repeat(pad) + content;
}

export function sliceCp(s: string, n: number): string {
  if (!hasSurrogates(s)) return s.slice(0, n);
  return Array.from(s).slice(0, n).join('');
}
