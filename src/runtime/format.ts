// str() / repr() / ascii() of every runtime value, `%`-formatting (in pformat.ts),
// format(value, spec) (the format-spec mini-language) and str.format.
import {
  PyFloat, PyRange, PySlice, hooks, objectId, isPyClass, isTypedArray, type PyInt,
} from './values.js';
import { PyDict, PySet } from './dict.js';
import { BaseException, TypeErr, ValueErr, OverflowErr, KeyErr, IndexErr, isExcClass } from './exceptions.js';
import { floatRepr } from './floatfmt.js';
import { intToStr, intToFloat, big } from './num.js';
import { typeName } from './typename.js';
import { cpLen, isPrintableCp, hasSurrogates } from './strutil.js';
import { getitem } from './ops.js';
import { getattr } from './methods.js';
import {
  pfHooks, percentFormat, isIntVal, isFloatVal, intOf, absIntStr, isNegInt, floatBody, sliceCp, scalarStr,
} from './pformat.js';

export { percentFormat };

// ---------------------------------------------------------------- repr / str

const active = new Set<object>();

export function repr(x: any): string {
  switch (typeof x) {
    case 'string':
      return strRepr(x);
    case 'number':
    case 'bigint':
    case 'boolean':
      return scalarStr(x)!;
    case 'undefined':
      return 'None';
    case 'function':
      return funcRepr(x);
    case 'symbol':
      return String(x);
    case 'object':
      return objRepr(x);
  }
  return String(x);
}

export function str(x: any): string {
  switch (typeof x) {
    case 'string':
      return x;
    case 'number':
    case 'bigint':
    case 'boolean':
      return scalarStr(x)!;
    case 'undefined':
      return 'None';
    case 'object':
      if (x === null) return 'None';
      if (x instanceof PyFloat) return floatRepr(x.v);
      if (x instanceof BaseException) return x.message;
      if (typeof x.__str__ === 'function' && !(x instanceof Error)) return String(x.__str__());
      if (x instanceof Error) return x.message;
      return objRepr(x);
  }
  return repr(x);
}

export function ascii(x: any): string {
  return repr(x).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    if (cp < 0x100) return '\\x' + hex2(cp);
    if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
    return '\\U' + cp.toString(16).padStart(8, '0');
  });
}

function hex2(n: number): string {
  return (n < 16 ? '0' : '') + n.toString(16);
}

function funcRepr(f: any): string {
  if (isExcClass(f)) {
    const c = f as any;
    const mod = c.__module__;
    return `<class '${mod ? mod + '.' : ''}${c.__name__ ?? c.name}'>`;
  }
  if (isPyClass(f)) {
    const mod = f.__module__;
    return `<class '${mod && mod !== 'builtins' ? mod + '.' : ''}${f.__name__ ?? f.name}'>`;
  }
  if (typeof f.__repr__ === 'function' && f.__repr__ !== Function.prototype.toString) return String(f.__repr__());
  const name = f.__name__ ?? (f.name || '<lambda>');
  if (f.__builtin__) return `<built-in function ${name}>`;
  if (/^class[\s{]/.test(Function.prototype.toString.call(f))) return `<class '${name}'>`;
  return `<function ${f.__qualname__ ?? name} at 0x${objectId(f).toString(16)}>`;
}

function objRepr(x: any): string {
  if (x === null) return 'None';
  if (x instanceof PyFloat) return floatRepr(x.v);
  if (Array.isArray(x)) {
    const tup = Object.isFrozen(x);
    if (active.has(x)) return tup ? '(...)' : '[...]';
    active.add(x);
    try {
      let s = '';
      for (let i = 0; i < x.length; i++) s += (i ? ', ' : '') + repr(x[i]);
      if (tup) return x.length === 1 ? `(${s},)` : `(${s})`;
      return `[${s}]`;
    } finally {
      active.delete(x);
    }
  }
  if (x instanceof PyDict || x instanceof Map) {
    if (active.has(x)) return '{...}';
    active.add(x);
    try {
      const parts: string[] = [];
      for (const [k, v] of x.entries()) parts.push(repr(k) + ': ' + repr(v));
      return '{' + parts.join(', ') + '}';
    } finally {
      active.delete(x);
    }
  }
  if (x instanceof PySet || x instanceof Set) {
    const frozen = x instanceof PySet && x.frozen;
    const n = x instanceof PySet ? x.size : x.size;
    if (n === 0) return frozen ? 'frozenset()' : 'set()';
    if (active.has(x)) return frozen ? 'frozenset(...)' : '{...}';
    active.add(x);
    try {
      const parts: string[] = [];
      for (const k of x) parts.push(repr(k));
      const body = '{' + parts.join(', ') + '}';
      return frozen ? `frozenset(${body})` : body;
    } finally {
      active.delete(x);
    }
  }
  if (x instanceof BaseException) {
    if (typeof (x as any).__repr__ === 'function') return String((x as any).__repr__());
    const args = x.args ?? [];
    const inner = args.length === 1 ? repr(args[0]) : args.map(repr).join(', ');
    return `${x.name}(${inner})`;
  }
  if (typeof x.__repr__ === 'function') return String(x.__repr__());
  if (x instanceof Uint8Array) return bytesRepr(x);
  if (x instanceof PyRange) return x.step === 1 ? `range(${x.start}, ${x.stop})` : `range(${x.start}, ${x.stop}, ${x.step})`;
  if (x instanceof PySlice) return `slice(${repr(x.start)}, ${repr(x.stop)}, ${repr(x.step)})`;
  if (isTypedArray(x)) return `<memory at 0x${objectId(x).toString(16)}>`;
  return `<${typeName(x)} object at 0x${objectId(x).toString(16)}>`;
}

/** repr of a str with Python's quoting rules */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  // fast path: printable ASCII without backslash/quote/control
  if (/^[\x20-\x7e]*$/.test(s) && !s.includes('\\') && !s.includes(quote)) return quote + s + quote;
  const useCp = hasSurrogates(s);
  const chars = useCp ? Array.from(s) : s;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const cp = c.codePointAt(0)!;
    if (c === quote || c === '\\') out += '\\' + c;
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex2(cp);
    else if (cp < 0x7f) out += c;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\u' + cp.toString(16).padStart(4, '0'); // lone surrogate
    else if (isPrintableCp(c)) out += c;
    else if (cp < 0x100) out += '\\x' + hex2(cp);
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + quote;
}

export function bytesRepr(b: Uint8Array, prefix = 'b'): string {
  let hasSingle = false, hasDouble = false;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 39) hasSingle = true;
    else if (b[i] === 34) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = prefix + quote;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === quote.charCodeAt(0) || c === 92) out += '\\' + String.fromCharCode(c);
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 32 || c >= 127) out += '\\x' + hex2(c);
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

hooks.str = str;
hooks.repr = repr;
pfHooks.ascii = ascii;
pfHooks.getitem = getitem;

// ---------------------------------------------------------------- format spec

interface Spec {
  fill: string;
  align: string; // '' | < > = ^
  sign: string; // '' | + - ' '
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string; // '' | , _
  prec: number; // -1 when absent
  type: string; // '' or one char
}

const SPEC_RE = /^(?:([\s\S])?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([\s\S])?$/u;

function parseSpec(spec: string, x: any): Spec {
  // fill+align: the first char is a fill only when the second is an align char
  let m: RegExpExecArray | null = null;
  const chars = Array.from(spec);
  let fill = '', align = '', rest = spec;
  if (chars.length >= 2 && '<>=^'.includes(chars[1])) {
    fill = chars[0];
    align = chars[1];
    rest = chars.slice(2).join('');
  } else if (chars.length >= 1 && '<>=^'.includes(chars[0])) {
    align = chars[0];
    rest = chars.slice(1).join('');
  }
  m = /^([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([\s\S])?$/u.exec(rest);
  if (!m || (m[8] !== undefined && /[0-9.,_]/.test(m[8]))) {
    // a precision dot without digits, or junk
    if (/\.(?!\d)/.test(rest) && /^([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?\./.test(rest) && !/\.\d/.test(rest))
      throw ValueErr('Format specifier missing precision');
    throw ValueErr(`Invalid format specifier '${spec}' for object of type '${typeName(x)}'`);
  }
  void SPEC_RE;
  const s: Spec = {
    fill,
    align,
    sign: m[1] ?? '',
    z: !!m[2],
    alt: !!m[3],
    zero: !!m[4],
    width: m[5] !== undefined ? parseInt(m[5], 10) : -1,
    grouping: m[6] ?? '',
    prec: m[7] !== undefined ? parseInt(m[7], 10) : -1,
    type: m[8] ?? '',
  };
  if (s.zero && !s.fill) {
    s.fill = '0';
  }
  return s;
}

function groupDigits(digits: string, sep: string, every: number): string {
  if (!sep || digits.length <= every) return digits;
  let out = '';
  let i = digits.length % every;
  if (i > 0) out = digits.slice(0, i);
  for (; i < digits.length; i += every) out += (out ? sep : '') + digits.slice(i, i + every);
  return out;
}

/** Apply width/alignment (sign, prefix and body separate for '=' alignment and zero-padding with grouping). */
function pad(spec: Spec, sign: string, body: string, defaultAlign: string, numeric: boolean, groupSep = '', groupEvery = 3, intDigitsLen = -1): string {
  let align = spec.align || (spec.zero && numeric ? '=' : defaultAlign);
  if (!spec.align && spec.zero && numeric) align = '=';
  const fill = spec.fill || ' ';
  const total = cpLen(sign) + cpLen(body);
  if (spec.width <= total) return sign + body;
  const n = spec.width - total;
  if (align === '=' && fill === '0' && groupSep && intDigitsLen >= 0) {
    // zero padding takes part in the grouping: regroup the integer digits with leading zeros
    const head = body.slice(0, intDigitsLen).replace(new RegExp('\\' + groupSep, 'g'), '');
    const tail = body.slice(intDigitsLen);
    let digits = head;
    let grouped = groupDigits(digits, groupSep, groupEvery);
    while (cpLen(sign) + grouped.length + tail.length < spec.width) {
      digits = '0' + digits;
      grouped = groupDigits(digits, groupSep, groupEvery);
    }
    return sign + grouped + tail;
  }
  switch (align) {
    case '<':
      return sign + body + fill.repeat(n);
    case '>':
      return fill.repeat(n) + sign + body;
    case '^': {
      const l = Math.floor(n / 2);
      return fill.repeat(l) + sign + body + fill.repeat(n - l);
    }
    case '=':
      return sign + fill.repeat(n) + body;
  }
  return sign + body;
}

/** format(value, spec) */
export function format(x: any, spec: string): string {
  if (typeof spec !== 'string') throw TypeErr(`format() argument 2 must be str, not ${typeName(spec)}`);
  if (x !== null && typeof x === 'object' && typeof x.__format__ === 'function') return String(x.__format__(spec));
  if (typeof x === 'string') return formatStr(x, spec);
  if (typeof x === 'boolean') {
    if (spec === '') return x ? 'True' : 'False';
    return formatInt(x ? 1 : 0, spec, x);
  }
  if (isIntVal(x)) return spec === '' ? str(x) : formatInt(intOf(x), spec, x);
  if (isFloatVal(x)) return spec === '' ? str(x) : formatFloat(typeof x === 'number' ? x : (x as PyFloat).v, spec, x);
  if (spec === '') return str(x);
  throw TypeErr(`unsupported format string passed to ${typeName(x)}.__format__`);
}

function formatStr(s: string, specStr: string): string {
  if (specStr === '') return s;
  const spec = parseSpec(specStr, s);
  if (spec.type !== '' && spec.type !== 's') throw ValueErr(`Unknown format code '${spec.type}' for object of type 'str'`);
  if (spec.sign === ' ') throw ValueErr('Space not allowed in string format specifier');
  if (spec.sign) throw ValueErr('Sign not allowed in string format specifier');
  if (spec.alt) throw ValueErr('Alternate form (#) not allowed in string format specifier');
  if (spec.grouping) throw ValueErr(`Cannot specify '${spec.grouping}' with 's'.`);
  if (spec.align === '=') throw ValueErr("'=' alignment not allowed in string format specifier");
  let body = s;
  if (spec.prec >= 0) body = sliceCp(body, spec.prec);
  return pad({ ...spec, zero: false }, '', body, '<', false);
}

function formatInt(v: PyInt, specStr: string, orig: any): string {
  const spec = parseSpec(specStr, orig);
  const t = spec.type;
  if ('eEfFgG%'.includes(t) && t !== '') return formatFloat(intToFloat(v), specStr, orig);
  if (!['', 'd', 'n', 'b', 'o', 'x', 'X', 'c'].includes(t)) throw ValueErr(`Unknown format code '${t}' for object of type '${typeName(orig)}'`);
  if (spec.prec >= 0) throw ValueErr('Precision not allowed in integer format specifier');
  if (spec.grouping === ',' && 'bBoxXn'.includes(t) && t !== '') throw ValueErr(`Cannot specify ',' with '${t}'.`);
  if (spec.grouping === '_' && t === 'n') throw ValueErr("Cannot specify '_' with 'n'.");
  if (spec.z) throw ValueErr('Negative zero coercion (z) not allowed in integer format specifier');
  if (t === 'c') {
    if (spec.sign) throw ValueErr("Sign not allowed with integer format specifier 'c'");
    if (spec.alt) throw ValueErr("Alternate form (#) not allowed with integer format specifier 'c'");
    if (spec.grouping) throw ValueErr(`Cannot specify '${spec.grouping}' with 'c'.`);
    if (typeof v === 'bigint' && (v >= 1n << 63n || v < -(1n << 63n))) throw OverflowErr('Python int too large to convert to C long');
    const n = Number(v);
    if (n < 0 || n > 0x10ffff) throw OverflowErr('%c arg not in range(0x110000)');
    return pad(spec, '', String.fromCodePoint(n), '>', true);
  }
  const neg = isNegInt(v);
  const sign = neg ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  const radix = t === 'b' ? 2 : t === 'o' ? 8 : t === 'x' || t === 'X' ? 16 : 10;
  let digits = absIntStr(v, radix);
  if (radix === 10 && digits.length > 4300) intToStr(big(v)); // raises the digit-limit error
  if (t === 'X') digits = digits.toUpperCase();
  const prefix = spec.alt ? (t === 'b' ? '0b' : t === 'o' ? '0o' : t === 'x' ? '0x' : t === 'X' ? '0X' : '') : '';
  const every = radix === 10 ? 3 : 4;
  const grouped = groupDigits(digits, spec.grouping, every);
  return pad(spec, sign + prefix, grouped, '>', true, spec.grouping, every, grouped.length);
}

function formatFloat(x: number, specStr: string, orig: any): string {
  const spec = parseSpec(specStr, orig);
  let t = spec.type;
  if (!['', 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%'].includes(t)) throw ValueErr(`Unknown format code '${t}' for object of type '${typeName(orig)}'`);
  if (spec.grouping === ',' && t === 'n') throw ValueErr("Cannot specify ',' with 'n'.");
  if (spec.grouping === '_' && t === 'n') throw ValueErr("Cannot specify '_' with 'n'.");
  let pct = false;
  if (t === '%') {
    pct = true;
    x = x * 100;
    t = 'f';
  }
  if (t === 'n') t = 'g';
  let neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let body: string;
  if (t === '') {
    if (spec.prec < 0) {
      body = ax !== ax ? 'nan' : ax === Infinity ? 'inf' : floatRepr(ax);
    } else {
      body = floatBody(ax, 'g', spec.prec, spec.alt, true);
    }
  } else {
    body = floatBody(ax, t, spec.prec < 0 ? 6 : spec.prec, spec.alt);
  }
  if (spec.z && neg && !/[1-9]/.test(body.replace(/e[+-]\d+$/i, ''))) neg = false;
  if (pct) body += '%';
  const sign = neg ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  // grouping of the integer part
  let intLen = -1;
  if (spec.grouping && Number.isFinite(ax)) {
    const m = /^(\d+)([\s\S]*)$/.exec(body)!;
    const g = groupDigits(m[1], spec.grouping, 3);
    body = g + m[2];
    intLen = g.length;
  }
  return pad(spec, sign, body, '>', true, spec.grouping, 3, intLen);
}

// ---------------------------------------------------------------- str.format

/** template.format(*args, **kwargs); kwargs: a PyDict, plain record or null */
export function strFormat(template: string, args: readonly any[], kwargs: Record<string, any> | PyDict | null): string {
  const state = { auto: 0, mode: 0 as 0 | 1 | 2 }; // mode 1: auto, 2: manual
  return formatTemplate(template, args, kwargs, state, 2);
}

function lookupKw(kwargs: Record<string, any> | PyDict | null, name: string): any {
  if (kwargs instanceof PyDict) {
    if (!kwargs.has(name)) throw KeyErr(name);
    return kwargs.get(name);
  }
  if (kwargs && Object.prototype.hasOwnProperty.call(kwargs, name)) return kwargs[name];
  throw KeyErr(name);
}

function formatTemplate(
  template: string, args: readonly any[], kwargs: Record<string, any> | PyDict | null,
  state: { auto: number; mode: 0 | 1 | 2 }, depth: number,
): string {
  if (depth < 0) throw ValueErr('Max string recursion exceeded');
  let out = '';
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template[i];
    if (c === '{') {
      if (i + 1 >= n) throw ValueErr("Single '{' encountered in format string");
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      // find the matching close brace (nested braces allowed in the spec)
      let j = i + 1;
      let level = 1;
      while (j < n) {
        if (template[j] === '{') level++;
        else if (template[j] === '}') {
          level--;
          if (level === 0) break;
        }
        j++;
      }
      if (j >= n) throw ValueErr("expected '}' before end of string");
      const field = template.slice(i + 1, j);
      out += renderField(field, args, kwargs, state, depth);
      i = j + 1;
    } else if (c === '}') {
      if (template[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw ValueErr("Single '}' encountered in format string");
    } else {
      const next = template.slice(i).search(/[{}]/);
      if (next < 0) {
        out += template.slice(i);
        break;
      }
      out += template.slice(i, i + next);
      i += next;
    }
  }
  return out;
}

function renderField(
  field: string, args: readonly any[], kwargs: Record<string, any> | PyDict | null,
  state: { auto: number; mode: 0 | 1 | 2 }, depth: number,
): string {
  // split name[!conv][:spec] — the name part ends at the first '!' or ':' outside brackets
  let k = 0;
  let inBracket = false;
  while (k < field.length) {
    const ch = field[k];
    if (ch === '[') inBracket = true;
    else if (ch === ']') inBracket = false;
    else if (!inBracket && (ch === '!' || ch === ':')) break;
    k++;
  }
  const name = field.slice(0, k);
  let conv = '';
  let spec = '';
  if (field[k] === '!') {
    if (k + 1 >= field.length) throw ValueErr('end of string while looking for conversion specifier');
    conv = field[k + 1];
    if (k + 2 < field.length) {
      if (field[k + 2] !== ':') throw ValueErr("expected ':' after conversion specifier");
      spec = field.slice(k + 3);
    }
  } else if (field[k] === ':') spec = field.slice(k + 1);
  // the first part of the name: an index, a keyword or empty (auto numbering)
  const m = /^([^.[]*)([\s\S]*)$/.exec(name)!;
  const first = m[1];
  let rest = m[2];
  let value: any;
  if (first === '') {
    if (state.mode === 2) throw ValueErr('cannot switch from manual field specification to automatic field numbering');
    state.mode = 1;
    const idx = state.auto++;
    if (idx >= args.length) throw IndexErr(`Replacement index ${idx} out of range for positional args tuple`);
    value = args[idx];
  } else if (/^\d+$/.test(first)) {
    if (state.mode === 1) throw ValueErr('cannot switch from automatic field numbering to manual field specification');
    state.mode = 2;
    const idx = parseInt(first, 10);
    if (idx >= args.length) throw IndexErr(`Replacement index ${idx} out of range for positional args tuple`);
    value = args[idx];
  } else {
    value = lookupKw(kwargs, first);
  }
  while (rest.length > 0) {
    if (rest[0] === '.') {
      const mm = /^\.([^.[]+)/.exec(rest);
      if (!mm) throw ValueErr('Empty attribute in format string');
      value = getattr(value, mm[1]);
      rest = rest.slice(mm[0].length);
    } else if (rest[0] === '[') {
      const close = rest.indexOf(']');
      if (close < 0) throw ValueErr("Missing ']' in format string");
      const key = rest.slice(1, close);
      if (key === '') throw ValueErr('Empty attribute in format string');
      value = getitem(value, /^\d+$/.test(key) ? parseInt(key, 10) : key);
      rest = rest.slice(close + 1);
    } else throw ValueErr('Only \'.\' or \'[\' may follow \']\' in format field specifier');
  }
  if (conv === 'r') value = repr(value);
  else if (conv === 's') value = str(value);
  else if (conv === 'a') value = ascii(value);
  else if (conv !== '') throw ValueErr(`Unknown conversion specifier ${conv}`);
  if (spec.includes('{')) spec = formatTemplate(spec, args, kwargs, state, depth - 1);
  return format(value, spec);
}

