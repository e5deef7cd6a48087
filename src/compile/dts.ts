// ModuleIR → the TypeScript declarations of a compiled .pyx (`cypyx types` writes them as
// `m.pyx.d.ts` beside `m.pyx`). Types follow the JS boundary of SPEC §3:
//
//   C ints ≤ 32 bits → number            64-bit C ints → number | bigint
//   float, double → number               bint → boolean
//   T[:] → the matching TypedArray (arguments also take an NDArrayLike of one dimension)
//   T[:, :] and up → NDArrayLike (argument) / NDArray (result)
//   objects → the Python kind's JS type when the compiler knows it (str → string,
//             list → unknown[], dict → Map, ...), else unknown
//
// Parameters with defaults are optional; keyword arguments are an optional last
// `Kwargs<{...}>` argument (an object made by `kwargs({...})` from 'cypyx'), one overload
// per number of positional arguments given; cpdef enums are const objects (and a type of
// their values); docstrings become JSDoc, with each parameter's Cython type.
// The file is self-contained (it declares NDArrayLike, NDArray and Kwargs itself) so it
// type-checks without type information for the cypyx package.
import type { Expr, IRFunction, ModuleIR, Param, Stmt } from './ir/ir.js';
import type { MemviewType, ScalarType, Type } from './ir/types.js';
import { dtypeOf, typeName } from './ir/types.js';

export interface DtsOptions {
  /** The .pyx file name written in the header comment (default: the module's file). */
  sourceName?: string;
}

const TYPED_ARRAY: Record<string, string> = {
  float64: 'Float64Array',
  float32: 'Float32Array',
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int64: 'BigInt64Array',
  uint64: 'BigUint64Array',
};

function typedArray(t: ScalarType): string {
  return TYPED_ARRAY[dtypeOf(t)] ?? 'Float64Array';
}

type Position = 'param' | 'result';

/** The JS type of an object of a known Python kind. */
function pyKindType(py: string | null, pos: Position): string {
  switch (py) {
    case 'int':
      return 'number | bigint';
    case 'float':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'none':
      return 'null';
    case 'str':
      return 'string';
    case 'bytes':
      return 'Uint8Array';
    case 'list':
    case 'tuple':
    case 'range':
      return pos === 'param' ? 'readonly unknown[]' : 'unknown[]';
    case 'dict':
      return 'Map<unknown, unknown>';
    case 'set':
      return 'Set<unknown>';
    case 'exception':
      return 'Error';
    case 'function':
      return '(...args: any[]) => unknown';
    case 'memview':
    case 'array':
      return pos === 'param' ? 'TypedArray | NDArrayLike' : 'TypedArray | NDArray';
    default:
      return 'unknown';
  }
}

function memviewType(t: MemviewType, pos: Position): string {
  const ta = typedArray(t.elem);
  if (t.ndim === 1) return pos === 'param' ? `${ta} | NDArrayLike<${ta}>` : ta;
  return pos === 'param' ? `NDArrayLike<${ta}>` : `NDArray<${ta}>`;
}

/** The TypeScript type of a value of IR type `t` as a parameter or as a result. */
export function tsType(t: Type, pos: Position): string {
  switch (t.k) {
    case 'int':
      return t.bits === 64 ? 'number | bigint' : 'number';
    case 'float':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'void':
      return 'void';
    case 'memview':
      return memviewType(t, pos);
    case 'object':
      return pyKindType(t.py, pos);
    case 'struct': {
      // a plain object (a struct: every field; a union: one of them), or a Map, as argument
      const fields = t.fields.map((f) => `${propKey(f.name)}${t.union ? '?' : ''}: ${tsType(f.type, pos)}`).join('; ');
      return pos === 'param' ? `{ ${fields} } | Map<string, unknown>` : `{ ${fields} }`;
    }
    case 'carray': {
      const el = tsType(t.elem, pos);
      const e = el.includes(' ') ? `(${el})` : el;
      return pos === 'param' ? `readonly ${e}[]` : `${e}[]`;
    }
    case 'ctuple':
      return `${pos === 'param' ? 'readonly ' : ''}[${t.items.map((x) => tsType(x, pos)).join(', ')}]`;
    default:
      return 'unknown';
  }
}

// ---------------------------------------------------------------- result types of def functions
/** Every `return` value of a function body (not of nested closures). */
function returns(body: Stmt[], out: (Expr | null)[]): void {
  for (const s of body) {
    switch (s.kind) {
      case 'return':
        out.push(s.value);
        break;
      case 'if':
        returns(s.then, out);
        returns(s.else, out);
        break;
      case 'loop':
        returns(s.body, out);
        returns(s.update, out);
        break;
      case 'block':
        returns(s.body, out);
        break;
      case 'try':
        returns(s.body, out);
        for (const h of s.handlers) returns(h.body, out);
        returns(s.orelse, out);
        returns(s.finally, out);
        break;
      default:
        break;
    }
  }
}

/** The JS type a returned IR expression becomes. */
function returnedType(e: Expr | null): string {
  if (e === null) return 'null';
  if (e.kind === 'box') return tsType(e.a.type, 'result');
  if (e.kind === 'const' && e.value === null) return 'null';
  if (e.kind === 'const' && e.type.k === 'object') {
    if (typeof e.value === 'string') return 'string';
    if (typeof e.value === 'boolean') return 'boolean';
  }
  if (e.type.k === 'object') return pyKindType(e.type.py, 'result');
  return tsType(e.type, 'result');
}

function resultType(f: IRFunction): string {
  if (f.ret.k !== 'object' || f.ret.py !== null) return tsType(f.ret, 'result');
  const rs: (Expr | null)[] = [];
  returns(f.body, rs);
  if (rs.length === 0) return 'null';
  const parts = new Set<string>();
  for (const r of rs) for (const p of returnedType(r).split(' | ')) parts.add(p);
  if (parts.has('unknown')) return 'unknown';
  if (parts.size > 4) return 'unknown';
  return [...parts].join(' | ');
}

// ---------------------------------------------------------------- names, docs
const TS_RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval')
    .split(' '),
);

function paramName(n: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(n) && !TS_RESERVED.has(n) ? n : `${n.replace(/[^\w$]/g, '_')}_`;
}

function propKey(n: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(n) ? n : JSON.stringify(n);
}

/** Python's inspect.cleandoc. */
function cleandoc(doc: string): string[] {
  const lines = doc.replace(/\t/g, '        ').split(/\r\n|\r|\n/);
  let margin = Infinity;
  for (const l of lines.slice(1)) if (l.trim()) margin = Math.min(margin, l.length - l.trimStart().length);
  const out = [lines[0]!.trim(), ...lines.slice(1).map((l) => (Number.isFinite(margin) ? l.slice(margin) : l).trimEnd())];
  while (out.length && !out[0]) out.shift();
  while (out.length && !out[out.length - 1]) out.pop();
  return out;
}

function jsdoc(lines: string[], ind = ''): string[] {
  if (lines.length === 0) return [];
  const safe = lines.map((l) => l.replace(/\*\//g, '*\\/'));
  if (safe.length === 1) return [`${ind}/** ${safe[0]} */`];
  return [`${ind}/**`, ...safe.map((l) => (l ? `${ind} * ${l}` : `${ind} *`)), `${ind} */`];
}

function cDecl(p: Param): string {
  if (p.star === '*') return `*${p.name}`;
  if (p.star === '**') return `**${p.name}`;
  const t = p.type.k === 'object' && p.type.py === null ? 'object' : typeName(p.type);
  return `${t} ${p.name}`;
}

function fnDoc(f: IRFunction, names: Map<Param, string>, note?: string): string[] {
  const lines = f.docstring ? cleandoc(f.docstring) : [];
  const sig = `${f.flavor} ${f.pyName}(${f.params.map(cDecl).join(', ')})`;
  if (lines.length) lines.push('');
  lines.push(`\`${sig}\` — ${f.tier === 'native' ? 'compiled to native code' : `generic code${f.genericReason ? ` (${f.genericReason})` : ''}`}`);
  if (note) lines.push(note);
  for (const p of f.params) {
    const dflt = p.default ? ' (optional)' : '';
    const how = p.star === '**' ? 'extra keyword arguments, in the kwargs() object' : p.star === '*' ? 'extra positional arguments' : `\`${p.type.k === 'object' && p.type.py === null ? 'object' : typeName(p.type)}\``;
    lines.push(`@param ${names.get(p) ?? p.name} ${how}${dflt}${p.kwOnly ? ' — keyword-only: pass it in kwargs({...})' : ''}`);
  }
  if (f.ret.k !== 'void' && !(f.ret.k === 'object' && f.ret.py === null)) lines.push(`@returns \`${typeName(f.ret)}\``);
  return jsdoc(lines);
}

// ---------------------------------------------------------------- signatures
function paramType(p: Param): string {
  let t = tsType(p.type, 'param');
  if (p.default && p.default.kind === 'mvNone') t = `${t} | null`;
  else if (p.default && p.default.kind === 'const' && p.default.value === null && p.type.k === 'object' && !/\bnull\b/.test(t) && t !== 'unknown') t = `${t} | null`;
  return t;
}

function signatures(f: IRFunction, name: string, ret: string, note?: string): string[] {
  const names = new Map<Param, string>();
  const used = new Set<string>();
  for (const p of f.params) {
    let n = paramName(p.name);
    for (let i = 2; used.has(n); i++) n = `${paramName(p.name)}${i}`;
    used.add(n);
    names.set(p, n);
  }
  const positional = f.params.filter((p) => !p.kwOnly && !p.star);
  const kwOnly = f.params.filter((p) => p.kwOnly && !p.star);
  const varargs = f.params.find((p) => p.star === '*');
  const varkw = f.params.find((p) => p.star === '**');
  const minReq = positional.filter((p) => !p.default).length;
  const kwName = used.has('kw') ? 'kwargs_' : 'kw';
  const doc = fnDoc(f, names, note);
  const out: string[] = [];
  const decl = (params: string[]) => out.push(...doc, `export declare function ${name}(${params.join(', ')}): ${ret};`);

  if (varargs) {
    // a rest parameter must be last: the kwargs object (if any) is one of the rest values
    const ps = positional.map((p) => `${names.get(p)}${p.default ? '?' : ''}: ${paramType(p)}`);
    decl([...ps, `...${names.get(varargs)}: unknown[]`]);
    return out;
  }

  const kwType = (from: number): { text: string; required: boolean } | null => {
    const keys = [...positional.slice(from), ...kwOnly];
    if (keys.length === 0 && !varkw) return null;
    const fields = keys.map((p) => `${propKey(p.name)}${p.default ? '?' : ''}: ${paramType(p)}`);
    if (varkw) fields.push('[key: string]: unknown');
    return { text: `Kwargs<{ ${fields.join('; ')} }>`, required: keys.some((p) => !p.default) };
  };

  // all positional arguments given (defaulted ones optional), keywords optional
  const full = kwType(positional.length);
  const requiredKw = full?.required ?? false;
  const ps = positional.map((p) => `${names.get(p)}${p.default && !requiredKw ? '?' : ''}: ${paramType(p)}`);
  if (full) ps.push(`${kwName}${full.required ? '' : '?'}: ${full.text}`);
  decl(ps);
  // fewer positional arguments, the remaining (defaulted) ones by keyword
  for (let k = positional.length - 1; k >= minReq; k--) {
    const kw = kwType(k)!;
    decl([...positional.slice(0, k).map((p) => `${names.get(p)}: ${paramType(p)}`), `${kwName}: ${kw.text}`]);
  }
  return out;
}

/**
 * A `@cython.ufunc` (SPEC §1.7): elementwise over numbers, TypedArrays and N-D arrays with
 * broadcasting; `out` (an array to write into) may be given in the kwargs object.
 */
function ufuncSignature(f: IRFunction, name: string, nin: number): string[] {
  const names = new Map<Param, string>();
  for (const p of f.params) names.set(p, paramName(p.name));
  const doc = fnDoc(f, names, 'a ufunc: applied elementwise to numbers, TypedArrays and N-D arrays (broadcast); `out` in kwargs({ out })');
  const ins = f.params.slice(0, nin).map((p) => `${names.get(p)}: UFuncArg`);
  const scalar = tsType(f.ret, 'result');
  return [
    ...doc,
    `export declare function ${name}(${[...f.params.slice(0, nin).map((p) => `${names.get(p)}: ${tsType(p.type, 'param')}`)].join(', ')}): ${scalar};`,
    ...doc,
    `export declare function ${name}(${[...ins, 'kw?: Kwargs<{ out?: TypedArray | NDArrayLike }>'].join(', ')}): ${scalar} | TypedArray | NDArray;`,
  ];
}

// ---------------------------------------------------------------- the file
const PRELUDE = `/** Any TypedArray cypyx passes to and from memoryviews. */
type TypedArray =
  | Float64Array | Float32Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;
/**
 * An N-dimensional array argument: cypyx's NDArray, scijs ndarray, stdlib ndarrays, or any
 * object with a TypedArray \`data\` and a \`shape\` (strides and offset in elements).
 */
interface NDArrayLike<T extends TypedArray = TypedArray> {
  readonly data: T;
  readonly shape: readonly number[];
  readonly strides?: readonly number[];
  readonly stride?: readonly number[];
  readonly offset?: number;
}
/** cypyx's NDArray, as N-dimensional memoryviews are returned. */
interface NDArray<T extends TypedArray = TypedArray> extends NDArrayLike<T> {
  readonly data: T;
  readonly shape: number[];
  readonly strides: number[];
  readonly offset: number;
  readonly dtype: string;
  readonly ndim: number;
  readonly size: number;
  get(...index: number[]): number | bigint;
  set(value: number | bigint | boolean, ...index: number[]): void;
  tolist(): unknown;
}
/** Keyword arguments: the last argument, made by \`kwargs({ name: value })\` from 'cypyx'. */
type Kwargs<T extends object> = T;
/** An argument of a ufunc: a number or an array of numbers. */
type UFuncArg = number | bigint | boolean | TypedArray | NDArrayLike;`;

/** The .d.ts text for a compiled module. */
export function emitDts(mod: ModuleIR, opts: DtsOptions = {}): string {
  const src = opts.sourceName ?? mod.file.split(/[\\/]/).pop() ?? mod.file;
  const out: string[] = [
    `// Generated by cypyx from ${src} (\`cypyx types\`). Do not edit.`,
    '/* eslint-disable */',
    PRELUDE,
    '',
  ];
  const fns = new Map(mod.functions.map((f) => [f.name, f]));
  for (const e of mod.exports) {
    const f = fns.get(e.fn);
    if (!f) continue;
    const name = /^[A-Za-z_$][\w$]*$/.test(e.name) && !TS_RESERVED.has(e.name) ? e.name : null;
    if (!name) continue; // not a valid TS export name: reachable only by a string import
    if (e.ufunc) {
      out.push(...ufuncSignature(f, name, e.ufunc.nin), '');
      continue;
    }
    if (e.dispatch) {
      // a fused function: one overload (set) per specialization, identical ones merged
      const seen = new Set<string>();
      e.dispatch.specs.forEach((spec, i) => {
        const sf = fns.get(spec);
        if (!sf) return;
        const lines = signatures(sf, name, resultType(sf), `specialization \`${e.dispatch!.sigs[i] ?? spec}\` of a fused function`);
        const decls = lines.filter((l) => l.startsWith('export declare')).join('\n');
        if (seen.has(decls)) return;
        seen.add(decls);
        out.push(...lines);
      });
      out.push('');
      continue;
    }
    out.push(...signatures(f, name, resultType(f)), '');
  }
  for (const v of mod.exportedValues) {
    const fields = Object.entries(v.value).map(([k, x]) => `  readonly ${propKey(k)}: ${Number.isFinite(x) ? String(x) : 'number'};`);
    out.push(
      `/** cpdef enum ${v.name} */`,
      `export declare const ${v.name}: {`,
      ...fields,
      '};',
      `/** A value of cpdef enum ${v.name}. */`,
      `export type ${v.name} = (typeof ${v.name})[keyof typeof ${v.name}];`,
      '',
    );
  }
  out.push(
    '/** What cypyx compiled: the source file, whether native code is loaded, each function\'s tier. */',
    'export declare const __cypyx__: {',
    '  readonly file: string;',
    "  readonly backend: 'native' | 'wasm' | 'js';",
    '  readonly native: boolean;',
    '  readonly handle: number | null;',
    '  readonly functions: readonly {',
    '    readonly name: string;',
    '    readonly pyName: string;',
    "    readonly tier: 'native' | 'generic';",
    '    readonly runsAs: string;',
    '    readonly genericReason: string | null;',
    '  }[];',
    '};',
    '',
  );
  return out.join('\n');
}
