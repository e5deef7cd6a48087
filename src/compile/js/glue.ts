// ModuleIR → the ES module text that JS imports for a .pyx (the "glue").
//
// Layout of the emitted module:
//   imports ($rt, loadNative) · state buffer and typed views · prelude helpers · hoisted
//   constants · Python globals · native entry points ($N_f raw N-API functions, $n_f helpers
//   with the ABI expansion and error check) · JS-compiled functions ($f_f, closures nested in
//   their parent) · Python-level callables ($py_f) · export wrappers (fast path + parseArgs
//   slow path) · exported values · __cypyx__ · module init.
//
// Two calling levels exist for a def/cpdef function:
//   - the export wrapper `f` (JS values in, JS values out: conv.toInt/toView/fromJS … toJS);
//   - the Python callable `$py_f` (Python values in and out: unbox*/box), which is what the
//     module's Python global `f` holds, so generic code calling `f` keeps Python values intact
//     (a returned tuple stays a tuple, 2.0 stays a float).
import type { Expr, FusedDispatch, Global, IRFunction, ModuleIR, Param, Stmt, UFuncInfo } from '../ir/ir.js';
import { ERROR_STATE } from '../ir/ir.js';
import type { MemviewType, ScalarType, Type } from '../ir/types.js';
import { dtypeOf, typeName } from '../ir/types.js';
import type { HelperName, ModuleScope } from './codegen.js';
import { FnGen, JsBackendError, helperText, identPart, jsIdent, lineMark, scalarKind, typedArrayName } from './codegen.js';
import type { WasmSig } from '../../runtime/wasm.js';
import { RUNTIME_TIERS } from '../../runtime/tiers.js';
import { isAggregate, sizeOf } from '../ir/layout.js';
import { servedFromJS } from '../ir/entry.js';

/** The native back end's part of a module (docs/native-abi.md). */
export interface NativeGlue {
  kind?: 'native';
  /** module exporting loadNative(objectFile: string, symbols: string[]): { fns: Record<string, Function>, handle: number } */
  loaderUrl: string;
  /** absolute path of the cached object file */
  objectFile: string;
  /** N-API function returning the state ArrayBuffer */
  stateSymbol: string;
  /** IR function name → its N-API wrapper symbol */
  fnSymbols: Record<string, string>;
}

/** The wasm back end's part of a module (docs/wasm-abi.md). */
export interface WasmGlue {
  kind: 'wasm';
  /** module exporting loadWasm(ref, layout): WasmInstance (src/runtime/wasm.ts) */
  wasmUrl: string;
  /** the cached .wasm: an absolute path, or a data: URL */
  binaryFile: string;
  /** emitWasm(...).memory */
  memory: { stateOffset: number; heapBase: number };
  /** emitWasm(...).sigs: IR function name → how to call it */
  sigs: Record<string, WasmSig>;
}

export interface GlueOptions {
  /** file: URL (or bare specifier) of the runtime index module, imported as `import * as $rt from ...` */
  runtimeUrl: string;
  /**
   * The compiled part of the module: native code (N-API functions) or a wasm module,
   * called with the same argument lists. null: every function runs as JS (backend
   * 'js', or a module with no native functions).
   */
  native: null | NativeGlue | WasmGlue;
  /** the .pyx path (for messages) */
  sourceFile: string;
}

export function emitGlue(mod: ModuleIR, opts: GlueOptions): string {
  return new Glue(mod, opts).emit();
}

const PY_CHECKED_KINDS = new Set(['str', 'bytes', 'list', 'tuple', 'dict', 'set']);

type Level = 'js' | 'py';

function fail(msg: string): never {
  throw new JsBackendError(`cypyx JS back end: ${msg}`);
}

function lit(v: unknown): string {
  return JSON.stringify(v);
}

/**
 * The runtime import of a glue module whose code (without that import) is `code`, and
 * the aliases the code uses ($py, $conv, $cm). V8 parses every byte of an imported
 * module, so the glue imports the smallest runtime entry point (runtime/tiers.ts) that
 * has every `$rt.x` and `$conv.x` the code refers to — for a module whose functions all
 * run natively on C scalars, a small core instead of the whole runtime. Entry points sit
 * next to the runtime's index module (index.js → core.js); a runtime URL of another
 * shape (the bare `cypyx/runtime` of bundles) is imported as it is. Any other use of
 * `$rt` or `$conv` (computed member, passed as a value) takes the whole runtime.
 */
function runtimeImport(code: string, runtimeUrl: string): string[] {
  const rt = new Set<string>();
  const conv = new Set<string>();
  let whole = false;
  for (const m of code.matchAll(/\$(rt|conv|py|cm)(?![\w$])(?:\??\.([A-Za-z_$][\w$]*))?/g)) {
    const [, v, name] = m;
    if (v === 'py') rt.add('py');
    else if (v === 'cm') rt.add('cmem');
    else if (name === undefined || (v === 'rt' && name === 'conv')) whole = true;
    else if (v === 'rt') rt.add(name);
    else {
      rt.add('conv');
      conv.add(name);
    }
  }
  let url = runtimeUrl;
  const m = /^(.*[\\/])index\.([cm]?[jt]s)$/.exec(runtimeUrl);
  if (m && !whole) {
    const tier = RUNTIME_TIERS.find((t) => [...rt].every((n) => t.rt.includes(n)) && [...conv].every((n) => t.conv.includes(n)));
    if (tier) url = `${m[1]}${tier.entry}.${m[2]}`;
  }
  const out = [`import * as $rt from ${lit(url)};`];
  if (rt.has('py')) out.push('const $py = $rt.py;');
  if (rt.has('conv')) out.push('const $conv = $rt.conv;');
  if (rt.has('cmem')) out.push('const $cm = $rt.cmem;');
  return out;
}

/**
 * Source lines of runtime errors. Generated code carries line markers (`lineMark`, one
 * before each statement whose .pyx line differs from the previous marker's, and one
 * before each function and export wrapper); `$LINES` (appended last) lists the glue
 * lines where the .pyx line changes, as [glue line, pyx line] pairs (0: no line).
 */
function lineTable(text: string): number[] {
  const out: number[] = [];
  let cur = -1;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\/\*@pyx:(\d+)\*\/$/.exec(lines[i]!);
    if (!m) continue;
    const n = Number(m[1]);
    if (n !== cur) out.push(i + 2, n);
    cur = n;
  }
  return out;
}

/**
 * `$pyxErr(e, nativeLine)`: an error leaving an export (or raised by native code, whose
 * line is in the error state) gets `pyxFile`/`pyxLine` (non-enumerable) and a stack in
 * which this module's frames point at the .pyx lines; a native raise adds a frame.
 * The message is Python's and stays as it is.
 */
function PYX_ERR_HELPERS(sourceFile: string): string[] {
  return [
    `const $SRC = ${lit(sourceFile)};`,
    `function $pyxLine(g) {`,
    `  const t = $LINES;`,
    `  if (!t) return 0;`,
    `  let lo = 0, hi = (t.length >> 1) - 1, r = 0;`,
    `  while (lo <= hi) { const m = (lo + hi) >> 1; if (t[2 * m] <= g) { r = t[2 * m + 1]; lo = m + 1; } else hi = m - 1; }`,
    `  return r;`,
    `}`,
    `function $pyxErr(e, nativeLine) {`,
    `  if (!(e instanceof Error) || e.pyxLine !== undefined) return e;`,
    `  try {`,
    `    const url = import.meta.url;`,
    `    const lines = String(e.stack ?? '').split('\\n');`,
    `    let line = nativeLine > 0 ? nativeLine : 0;`,
    `    for (let i = 0; i < lines.length; i++) {`,
    `      const k = lines[i].indexOf(url + ':');`,
    `      if (k < 0) continue;`,
    `      const m = /^:(\\d+)(?::\\d+)?/.exec(lines[i].slice(k + url.length));`,
    `      if (!m) continue;`,
    `      const pl = $pyxLine(Number(m[1]));`,
    `      if (pl <= 0) { lines[i] = null; continue; } // glue internals: no .pyx line`,
    `      if (line === 0) line = pl;`,
    `      lines[i] = lines[i].slice(0, k) + $SRC + ':' + pl + lines[i].slice(k + url.length + m[0].length);`,
    `    }`,
    `    if (line === 0) return e;`,
    `    if (nativeLine > 0) {`,
    `      const at = lines.findIndex((l) => /^\\s+at /.test(l));`,
    `      lines.splice(at < 0 ? lines.length : at, 0, '    at <native code> (' + $SRC + ':' + nativeLine + ')');`,
    `    }`,
    `    Object.defineProperty(e, 'pyxFile', { value: $SRC, writable: true, configurable: true });`,
    `    Object.defineProperty(e, 'pyxLine', { value: line, writable: true, configurable: true });`,
    `    e.stack = lines.filter((l) => l !== null).join('\\n');`,
    `  } catch {`,
    `    // a frozen error, or a stack we cannot rewrite: leave it`,
    `  }`,
    `  return e;`,
    `}`,
  ];
}

/** Calls `f` on every statement and expression of a function body. */
function walk(ss: Stmt[], onExpr: (e: Expr) => void, onStmt: (s: Stmt) => void): void {
  const ex = (e: Expr | null | undefined): void => {
    if (!e) return;
    onExpr(e);
    switch (e.kind) {
      case 'bin': case 'and': case 'or': case 'cmp':
        ex(e.a); ex(e.b); break;
      case 'neg': case 'bitnot': case 'not': case 'cast': case 'box': case 'unbox':
        ex(e.a); break;
      case 'cond':
        ex(e.cond); ex(e.a); ex(e.b); break;
      case 'letIn':
        ex(e.value); ex(e.body); break;
      case 'check':
        ex(e.ok); ex(e.value); msg(e.msg); break;
      case 'call': case 'math': case 'py':
        e.args.forEach(ex); break;
      case 'mvShape': case 'mvStride': case 'mvIsNone':
        ex(e.view); break;
      case 'mvLoad':
        ex(e.view); ex(e.offset); break;
      case 'mvMake':
        ex(e.base); ex(e.offset); e.shape.forEach(ex); e.strides.forEach(ex); break;
      case 'load': case 'fieldAddr':
        ex(e.ptr); break;
      case 'ptrAdd':
        ex(e.ptr); ex(e.index); break;
      case 'mvAddr':
        ex(e.view); ex(e.offset); break;
      case 'ptrView':
        ex(e.ptr); e.shape.forEach(ex); break;
      case 'callPtr':
        ex(e.fn); e.args.forEach(ex); break;
      case 'libc':
        e.args.forEach(ex); break;
      default:
        break;
    }
  };
  const msg = (m: { kind: string; args?: Expr[]; value?: Expr }): void => {
    if (m.kind === 'format') m.args!.forEach(ex);
    if (m.kind === 'object') ex(m.value);
  };
  const st = (s: Stmt): void => {
    onStmt(s);
    switch (s.kind) {
      case 'set': case 'setGlobal': case 'setPyGlobal': case 'expr':
        ex(s.value); break;
      case 'mvStore':
        ex(s.view); ex(s.offset); ex(s.value); break;
      case 'if':
        ex(s.cond); s.then.forEach(st); s.else.forEach(st); break;
      case 'loop':
        s.body.forEach(st); s.update.forEach(st); break;
      case 'block':
        s.body.forEach(st); break;
      case 'return':
        ex(s.value); break;
      case 'raise':
        msg(s.msg); break;
      case 'pyRaise':
        ex(s.value); ex(s.cause); break;
      case 'try':
        s.body.forEach(st);
        for (const h of s.handlers) { h.types?.forEach(ex); h.body.forEach(st); }
        s.orelse.forEach(st); s.finally.forEach(st);
        break;
      case 'print':
        s.args.forEach(ex); ex(s.sep); ex(s.end); break;
      default:
        break;
    }
  };
  ss.forEach(st);
}

interface StateView {
  ctor: string;
  shift: number;
}
const STATE_VIEWS: Record<string, StateView> = {
  $I8: { ctor: 'Int8Array', shift: 0 },
  $U8: { ctor: 'Uint8Array', shift: 0 },
  $I16: { ctor: 'Int16Array', shift: 1 },
  $U16: { ctor: 'Uint16Array', shift: 1 },
  $I32: { ctor: 'Int32Array', shift: 2 },
  $U32: { ctor: 'Uint32Array', shift: 2 },
  $F32: { ctor: 'Float32Array', shift: 2 },
  $F64: { ctor: 'Float64Array', shift: 3 },
  $I64: { ctor: 'BigInt64Array', shift: 3 },
  $U64: { ctor: 'BigUint64Array', shift: 3 },
};

/** TypedArray class per dtype (fused dispatch fast paths). */
const TA_BY_DTYPE: Record<string, string> = {
  float64: 'Float64Array', float32: 'Float32Array', int8: 'Int8Array', uint8: 'Uint8Array', int16: 'Int16Array',
  uint16: 'Uint16Array', int32: 'Int32Array', uint32: 'Uint32Array', int64: 'BigInt64Array', uint64: 'BigUint64Array',
};

/** The WasmState array (docs/wasm-abi.md) that stands for a native state view. */
const WASM_STATE_VIEWS: Record<string, string> = {
  $E: 'i32', $I8: 'i8', $U8: 'u8', $I16: 'i16', $U16: 'u16', $I32: 'i32', $U32: 'u32', $F32: 'f32', $F64: 'f64', $I64: 'i64', $U64: 'u64',
};

function stateViewOf(t: ScalarType): string {
  if (t.k === 'bool') return '$I32';
  if (t.k === 'float') return t.bits === 32 ? '$F32' : '$F64';
  return `$${t.signed ? 'I' : 'U'}${t.bits}`;
}

class Glue implements ModuleScope {
  private readonly used = new Set<HelperName>();
  private readonly hoisted: string[] = [];
  private readonly hoistMap = new Map<string, string>();
  private readonly fns = new Map<string, IRFunction>();
  private readonly jsNames = new Map<string, string>();
  private readonly takenNames = new Set<string>();
  private readonly runsNative = new Set<string>();
  private readonly children = new Map<string, IRFunction[]>();
  private readonly globals = new Map<string, Global>();
  private readonly stateViews = new Set<string>();
  /** Python global name → JS variable. */
  private readonly pyVars = new Map<string, string>();
  /** Python globals that always hold a value (functions, classes) before any code runs. */
  private readonly alwaysSet = new Set<string>();
  /** Module exception class name → JS const. */
  private readonly excVars = new Map<string, string>();
  /** Functions whose Python callable ($py_f) is needed. */
  private readonly pyCallables = new Set<string>();
  /** Export name of each function that is a Python global. */
  private readonly fnOfPyGlobal = new Map<string, string>();
  /** The compiled part of the module, by kind (at most one is set). */
  private readonly nat: NativeGlue | null;
  private readonly wasm: WasmGlue | null;

  constructor(
    readonly mod: ModuleIR,
    readonly opts: GlueOptions,
  ) {
    this.nat = opts.native && opts.native.kind !== 'wasm' ? opts.native : null;
    this.wasm = opts.native && opts.native.kind === 'wasm' ? opts.native : null;
    for (const f of [...mod.functions, mod.init]) this.fns.set(f.name, f);
    for (const f of mod.functions) {
      if (f.name === mod.init.name) continue;
      if (f.parent) {
        if (!this.fns.has(f.parent)) fail(`closure ${f.name} of unknown function ${f.parent}`);
        const list = this.children.get(f.parent) ?? [];
        list.push(f);
        this.children.set(f.parent, list);
      }
      const compiled = this.nat ? !!this.nat.fnSymbols[f.name] : this.wasm ? !!this.wasm.sigs[f.name] : false;
      // (a tiny scalar function runs as JS when called from JS: ir/entry.ts)
      if (compiled && f.tier === 'native' && !f.parent && !servedFromJS(f, mod)) this.runsNative.add(f.name);
    }
    for (const g of mod.globals) this.globals.set(g.name, g);
    for (const c of mod.exceptionClasses) this.excVars.set(c.name, this.uniq(`$C_${identPart(c.name)}`));
  }

  private uniq(base: string): string {
    let n = base;
    for (let i = 2; this.takenNames.has(n); i++) n = `${base}$${i}`;
    this.takenNames.add(n);
    return n;
  }

  private jsName(fnName: string): string {
    let n = this.jsNames.get(fnName);
    if (!n) {
      n = this.uniq(`$f_${identPart(fnName)}`);
      this.jsNames.set(fnName, n);
    }
    return n;
  }

  /** The unique identifier stem of a function's JS names ($f_<stem>, $n_<stem>, $py_<stem> …). */
  private stem(fnName: string): string {
    return this.jsName(fnName).slice(3);
  }

  private fnOf(name: string): IRFunction {
    return this.fns.get(name) ?? fail(`unknown function ${name}`);
  }

  // ------------------------------------------------------------ ModuleScope
  use(h: HelperName): string {
    this.used.add(h);
    return `$${h}`;
  }

  hoist(jsExpr: string): string {
    let n = this.hoistMap.get(jsExpr);
    if (!n) {
      n = this.uniq(`$K${this.hoistMap.size}`);
      this.hoistMap.set(jsExpr, n);
      this.hoisted.push(`const ${n} = ${jsExpr};`);
    }
    return n;
  }

  callee(fnName: string): string {
    const f = this.fnOf(fnName);
    if (this.runsNative.has(f.name)) return `$n_${this.stem(f.name)}`;
    return this.jsName(f.name);
  }

  closureFactory(fnName: string): string {
    return `$mk_${this.stem(fnName)}`;
  }

  nested(fn: IRFunction, parent: FnGen, indent: string): string[] {
    const out: string[] = [];
    for (const c of this.children.get(fn.name) ?? []) {
      const g = new FnGen(this, c, parent);
      out.push(g.emitFunction(this.jsName(c.name), indent));
      out.push(`${indent}function ${this.closureFactory(c.name)}($dv) {`);
      out.push(...this.wrapper(c, 'py', '$w', '$dv', indent + '  ', false));
      out.push(`${indent}  return $w;`);
      out.push(`${indent}}`);
    }
    return out;
  }

  /**
   * A state view by its native name ($E, $I32, $F64, …). Native and JS modules have
   * them as constants over a fixed ArrayBuffer; a wasm module's state block lives in
   * a memory that may grow, so its views are read through the stable `$st` each time.
   */
  private sref(view: string): string {
    return this.wasm ? `$st.${WASM_STATE_VIEWS[view]!}` : view;
  }

  private global(name: string): Global {
    return this.globals.get(name) ?? fail(`unknown C global ${name}`);
  }

  private globalSlot(g: Global): string {
    const v = stateViewOf(g.type);
    this.stateViews.add(v);
    const shift = STATE_VIEWS[v]!.shift;
    if (g.offset % (1 << shift) !== 0) fail(`global ${g.name} is misaligned`);
    return `${this.sref(v)}[${g.offset >> shift}]`;
  }

  readGlobal(name: string): string {
    const g = this.global(name);
    const slot = this.globalSlot(g);
    if (g.type.k === 'bool') return `(${slot} !== 0)`;
    if (g.type.k === 'int' && g.type.bits === 64) return `${this.use(g.type.signed ? 'nI64' : 'nU64')}(${slot})`;
    return slot;
  }

  writeGlobal(name: string, value: string): string {
    const g = this.global(name);
    const slot = this.globalSlot(g);
    if (g.type.k === 'bool') return `${slot} = ${value} ? 1 : 0`;
    if (g.type.k === 'int' && g.type.bits === 64) return `${slot} = BigInt(${value})`;
    return `${slot} = ${value}`;
  }

  private pyVar(name: string): string {
    let v = this.pyVars.get(name);
    if (!v) {
      v = this.uniq(`$G_${identPart(name)}`);
      this.pyVars.set(name, v);
    }
    return v;
  }

  readPyGlobal(name: string): string {
    if (this.pyVars.has(name)) {
      const v = this.pyVar(name);
      const fn = this.fnOfPyGlobal.get(name);
      if (fn) this.pyCallables.add(fn);
      if (this.alwaysSet.has(name)) return v;
      return `(${v} !== undefined ? ${v} : ${this.use('nameErr')}(${lit(name)}))`;
    }
    const k = this.hoist(`$py.builtins?.[${lit(name)}] ?? $rt.exc?.[${lit(name)}]`);
    return `(${k} ?? ${this.use('nameErr')}(${lit(name)}))`;
  }

  writePyGlobal(name: string, value: string): string {
    return `${this.pyVar(name)} = ${value}`;
  }

  excRaiseRef(name: string): string {
    return this.excVars.get(name) ?? lit(name);
  }

  excClass(name: string): string {
    return this.excVars.get(name) ?? (/^[A-Za-z_]\w*$/.test(name) ? `$rt.exc.${name}` : `$rt.exc[${lit(name)}]`);
  }

  stateBase(): string {
    // C addresses of the state block (runtime/cmem.ts regions): the native state buffer,
    // the JS one, or the wasm memory (which may grow; shared by the modules of a thread)
    // from this module's state block on
    if (this.wasm) return this.hoist('$cm.bufferBase($wasm.memory) + $wasm.stateAddr');
    return this.hoist('$cm.bufferBase($buf)');
  }

  /** A hoisted runtime layout description of an aggregate type (struct / C array / ctuple). */
  private cspec(t: Type): string {
    return new FnGen(this, null).cspec(t);
  }

  viewSpec(t: MemviewType, notNone: boolean): string {
    const spec = {
      dtype: dtypeOf(t.elem),
      cname: typeName(t.elem),
      ndim: t.ndim,
      contig: t.contig,
      notNone,
      readonly: t.readonly,
    };
    return this.hoist(`Object.freeze(${JSON.stringify(spec).replace(/"(\w+)":/g, '$1: ')})`);
  }

  // ------------------------------------------------------------ wrappers
  /** Slow-path conversion of the argument value `v` (JS or Python level) to the parameter's IR type. */
  private convArg(p: Param, level: Level, v: string, pyName: string): string {
    const t = p.type;
    if (p.star === '*') return level === 'js' ? `Object.freeze(Array.from(${v}, ($x) => $conv.fromJS($x)))` : v;
    if (p.star === '**') return v;
    switch (t.k) {
      case 'int':
        return level === 'js'
          ? `$conv.toInt(${v}, ${lit(scalarKind(t))}, ${lit(t.c)})`
          : `$conv.unboxInt(${v}, ${lit(scalarKind(t))}, ${lit(t.c)})`;
      case 'float':
        return level === 'js' ? `$conv.toFloat(${v}, ${lit(scalarKind(t))})` : `$conv.unboxFloat(${v}, ${lit(scalarKind(t))})`;
      case 'bool':
        return level === 'js' ? `$conv.toBint(${v})` : `$conv.unboxBint(${v})`;
      case 'memview':
        return `$conv.toView(${v}, ${this.viewSpec(t, p.notNone)}, ${lit(pyName)})`;
      case 'object':
        return level === 'js' ? `$conv.fromJS(${v})` : v;
    }
    if (isAggregate(t)) {
      // struct ← plain object or Map, C array ← Array, ctuple ← Array (a tuple) — as bytes
      return level === 'js' ? `$cm.encode(${this.cspec(t)}, ${v}, ${lit(pyName)})` : `$cm.fromPy(${this.cspec(t)}, ${v}, ${lit(pyName)})`;
    }
    return fail(`parameter ${p.name} of type ${t.k}`);
  }

  /** The fast-path test and value(s) of an argument, or null when the type has no fast path. */
  private fastArg(
    p: Param,
    level: Level,
    a: string,
    isLast: boolean,
    native: boolean,
  ): { check: string | null; values: string[] } | null {
    const t = p.type;
    if (p.star || p.kwOnly) return null;
    switch (t.k) {
      case 'int': {
        if (t.bits === 64) {
          const check = t.signed ? `Number.isSafeInteger(${a})` : `Number.isSafeInteger(${a}) && ${a} >= 0`;
          return { check, values: [native ? a : `(${a} + 0)`] };
        }
        const wrapped =
          t.bits === 32 ? (t.signed ? `(${a} | 0)` : `(${a} >>> 0)`)
          : t.bits === 16 ? (t.signed ? `(${a} << 16 >> 16)` : `(${a} & 65535)`)
          : t.signed ? `(${a} << 24 >> 24)` : `(${a} & 255)`;
        return { check: `typeof ${a} === 'number' && ${wrapped} === ${a}`, values: [native ? a : t.bits === 32 ? wrapped : `(${a} | 0)`] };
      }
      case 'float':
        return { check: `typeof ${a} === 'number'`, values: [native || t.bits === 64 ? a : `Math.fround(${a})`] };
      case 'bool':
        return { check: `typeof ${a} === 'boolean'`, values: [native ? `(${a} ? 1 : 0)` : a] };
      case 'memview': {
        if (t.ndim !== 1) return null;
        // empty arrays take the slow path, which tells a detached buffer from an empty one
        const check = `${a} instanceof ${typedArrayName(t.elem)} && ${a}.length !== 0`;
        if (native) return { check, values: [a, '0', `${a}.length`, '1'] };
        return { check, values: [`{ data: ${a}, offset: 0, shape: [${a}.length], strides: [1] }`] };
      }
      case 'object': {
        if (t.py !== null && PY_CHECKED_KINDS.has(t.py)) return null;
        return { check: isLast ? `!${this.use('isKw')}(${a})` : null, values: [level === 'js' ? `$conv.fromJS(${a})` : a] };
      }
    }
    return null;
  }

  /** Converts an implementation result (IR type `t`) for the caller. */
  private convResult(t: Type, level: Level, r: string, fromNative: boolean): string {
    switch (t.k) {
      case 'void':
        return level === 'py' ? `(${r}, null)` : r;
      case 'int':
        if (t.bits !== 64) return r;
        if (level === 'js') return `${this.use('j64')}(${r})`;
        return fromNative ? `${this.use(t.signed ? 'r64' : 'ru64')}(${r})` : r;
      case 'bool':
        return r;
      case 'float':
        return level === 'py' ? `$conv.boxFloat(${r})` : r;
      case 'memview':
        return level === 'js' ? `$conv.toJS($conv.viewToObject(${r}))` : `$conv.viewToObject(${r})`;
      case 'object':
        return level === 'js' ? `$conv.toJS(${r})` : r;
    }
    if (isAggregate(t)) {
      // struct → plain object (field order) / dict, C array → Array / list, ctuple → Array / tuple
      return level === 'js' ? `$cm.decode(${this.cspec(t)}, ${r})` : `$cm.toPy(${this.cspec(t)}, ${r})`;
    }
    return fail(`result of type ${t.k}`);
  }

  private defaultsExpr(fn: IRFunction): string | null {
    return fn.params.some((p) => p.default) ? `$dflt_${this.stem(fn.name)}()` : null;
  }

  private emitDefaults(fn: IRFunction): string[] {
    if (!fn.params.some((p) => p.default)) return [];
    const id = this.stem(fn.name);
    const g = new FnGen(this, null);
    const vals = fn.params.map((p) => (p.default ? g.expr(p.default) : 'undefined'));
    return [
      `let $D_${id} = null;`,
      `function $dflt_${id}() {`,
      `  if ($D_${id} === null) {`,
      ...g.declLines('    '),
      `    $D_${id} = [${vals.join(', ')}];`,
      `  }`,
      `  return $D_${id};`,
      `}`,
    ];
  }

  /**
   * A callable for `fn`: `export function name` (level js) or a Python callable (level py).
   * `defaults` is a JS expression giving the array of default values (or null).
   */
  private wrapper(fn: IRFunction, level: Level, name: string, defaults: string | null, ind: string, exported: boolean): string[] {
    // (a native function returning an aggregate is called through its $n_ helper, which passes the output buffer)
    const native = this.runsNative.has(fn.name) && !isAggregate(fn.ret);
    const params = fn.params;
    const names: string[] = [];
    const seen = new Set<string>();
    for (const p of params) {
      let n = jsIdent(p.name);
      for (let i = 2; seen.has(n); i++) n = `${jsIdent(p.name)}$${i}`;
      seen.add(n);
      names.push(n);
    }
    const positional = params.filter((p) => !p.kwOnly && !p.star);
    const slow = `$s_${this.stem(fn.name)}${level === 'py' ? '_py' : ''}`;
    const impl = this.callee(fn.name);
    const out: string[] = [];
    const sig = positional.map((p) => names[params.indexOf(p)]!);

    // ---- fast path
    const fast: { check: string | null; values: string[] }[] = [];
    let hasFast = params.every((p) => !p.star && !p.kwOnly);
    if (hasFast) {
      for (let i = 0; i < params.length; i++) {
        const f = this.fastArg(params[i]!, level, names[i]!, i === params.length - 1, native);
        if (!f) {
          hasFast = false;
          break;
        }
        fast.push(f);
      }
    }
    const body: string[] = [];
    if (hasFast) {
      const checks = [`arguments.length === ${params.length}`, ...fast.map((f) => f.check).filter((c): c is string => c !== null)];
      const vals = fast.flatMap((f) => f.values);
      body.push(`if (${checks.join(' && ')}) {`);
      if (native) {
        const N = `$N_${this.stem(fn.name)}`;
        if (fn.mayRaise || fn.reportsUnraisable) {
          body.push(`  const $r = ${N}(${vals.join(', ')});`);
          if (fn.reportsUnraisable) body.push(`  ${this.unraisableCheck()}`);
          if (fn.mayRaise) body.push(`  if (${this.sref('$E')}[0] !== 0) throw $nerr();`);
          body.push(`  return ${this.convResult(fn.ret, level, '$r', true)};`);
        } else {
          body.push(`  return ${this.convResult(fn.ret, level, `${N}(${vals.join(', ')})`, true)};`);
        }
      } else {
        body.push(`  return ${this.convResult(fn.ret, level, `${impl}(${vals.join(', ')})`, false)};`);
      }
      body.push(`}`);
    }
    body.push(`return ${slow}(arguments);`);

    out.push(`${ind}${lineMark(fn.loc.line)}`);
    out.push(`${ind}${exported ? 'export ' : ''}function ${name}(${sig.join(', ')}) {`);
    if (level === 'js') {
      out.push(`${ind}  try {`);
      out.push(...body.map((l) => `${ind}    ${l}`));
      out.push(`${ind}  } catch ($e) {`);
      out.push(`${ind}    throw $pyxErr(${this.use('jsErr')}($e), 0);`);
      out.push(`${ind}  }`);
    } else {
      out.push(...body.map((l) => `${ind}  ${l}`));
    }
    out.push(`${ind}}`);
    if (level === 'py' && jsIdent(fn.pyName) !== name) {
      out.push(`${ind}Object.defineProperty(${name}, 'name', { value: ${lit(fn.pyName)} });`);
    }

    // ---- slow path: parseArgs, defaults, checked conversions
    const desc = this.hoist(
      `Object.freeze([${params
        .map((p) => `{ name: ${lit(p.name)}, kwOnly: ${p.kwOnly}, hasDefault: ${p.default !== null}, star: ${lit(p.star)} }`)
        .join(', ')}])`,
    );
    const minPos = positional.filter((p) => !p.default).length;
    out.push(`${ind}function ${slow}($args) {`);
    // the qualified name is used by the METH_NOARGS / METH_O messages ("m.f() takes exactly one argument (2 given)")
    const qual = lit(`${this.mod.name}.${fn.pyName}`);
    out.push(`${ind}  const $a = $conv.parseArgs(${lit(fn.pyName)}, Array.prototype.slice.call($args), ${desc}, ${minPos}, ${qual});`);
    if (defaults && params.some((p) => p.default)) out.push(`${ind}  const $d = ${defaults};`);
    const call: string[] = [];
    params.forEach((p, i) => {
      const n = names[i]!;
      const conv = this.convArg(p, level, n, p.name);
      const check =
        p.type.k === 'object' && p.type.py !== null && PY_CHECKED_KINDS.has(p.type.py) && !p.star
          ? `$conv.checkPyType(${n}, ${lit(p.type.py)}, ${lit(p.name)});`
          : '';
      if (p.default) {
        out.push(`${ind}  let ${n} = $a[${i}];`);
        const orElse = [conv !== n ? `${n} = ${conv};` : '', check].filter((x) => x !== '');
        if (orElse.length === 0) out.push(`${ind}  if (${n} === undefined) ${n} = $d[${i}];`);
        else {
          out.push(`${ind}  if (${n} === undefined) ${n} = $d[${i}];`);
          out.push(`${ind}  else {`);
          for (const l of orElse) out.push(`${ind}    ${l}`);
          out.push(`${ind}  }`);
        }
      } else {
        out.push(`${ind}  const ${n} = ${this.convArg(p, level, `$a[${i}]`, p.name)};`);
        if (check) out.push(`${ind}  ${check}`);
      }
      call.push(n);
    });
    out.push(`${ind}  return ${this.convResult(fn.ret, level, `${impl}(${call.join(', ')})`, native)};`);
    out.push(`${ind}}`);
    return out;
  }

  /**
   * A fused def/cpdef function: one wrapper per specialization (each with its own
   * fast path into native code) and a dispatcher that picks one with Cython's
   * rules (runtime/fused.ts) and forwards the arguments unchanged.
   */
  private fusedExport(pyName: string, d: FusedDispatch, level: Level, name: string, exported: boolean): string[] {
    const out: string[] = [];
    const specs: string[] = [];
    for (const sname of d.specs) {
      const sf = this.fnOf(sname);
      const local = level === 'js' ? this.uniq(`$fx_${this.stem(sname)}`) : `$py_${this.stem(sname)}`;
      if (level === 'py' && this.fusedPyDone.has(sname)) {
        specs.push(local);
        continue;
      }
      if (level === 'py') this.fusedPyDone.add(sname);
      out.push(...this.wrapper(sf, level, local, this.defaultsExpr(sf), '', false));
      specs.push(local);
    }
    const f0 = this.fnOf(d.specs[0]!);
    const positional = f0.params.filter((p) => !p.kwOnly && !p.star);
    const table = {
      deciders: d.deciders.map((x) => {
        const dv = f0.params[x.param]!.default;
        // a None default is what Cython's dispatcher classifies when the argument is missing
        const noneDefault = dv !== null && ((dv.kind === 'const' && dv.value === null) || dv.kind === 'mvNone');
        return { ...x, hasDefault: dv !== null, ...(noneDefault ? { noneDefault: true } : {}) };
      }),
      minPositional: positional.filter((p) => !p.default).length,
    };
    const T = this.hoist(`Object.freeze(${JSON.stringify(table)})`);
    const S = this.uniq(`$FS_${identPart(pyName)}`);
    out.push(`const ${S} = [${specs.join(', ')}];`);
    // Fast path (one fused type, positional call): inline the common checks
    // (1-D TypedArrays by class, numbers) before the general dispatcher.
    const np = f0.params.length;
    const pnames = f0.params.map((_, i) => `$p${i}`);
    const fast: string[] = [];
    if (d.deciders.length === 1 && f0.params.every((p) => !p.star)) {
      const dec = d.deciders[0]!;
      const v = pnames[dec.param]!;
      for (const c of dec.checks) {
        const cond =
          c.kind === 'buffer' && c.ndim === 1 && TA_BY_DTYPE[c.dtype]
            ? `${v} instanceof ${TA_BY_DTYPE[c.dtype]}`
            : c.kind === 'int'
              ? `typeof ${v} === 'number' && Number.isInteger(${v})`
              : c.kind === 'float'
                ? `typeof ${v} === 'number' && !Number.isInteger(${v})`
                : null;
        if (cond) fast.push(`    if (${cond}) return ${specs[c.member]!}(${pnames.join(', ')});`);
      }
    }
    out.push(`${exported ? 'export ' : ''}function ${name}(${fast.length ? pnames.join(', ') : ''}) {`);
    if (fast.length) out.push(`  if (arguments.length === ${np}) {`, ...fast, `  }`);
    if (level === 'js') {
      out.push(`  try {`);
      out.push(`    return ${S}[$rt.fused.select(${T}, arguments)].apply(undefined, arguments);`);
      out.push(`  } catch ($e) {`);
      out.push(`    throw $pyxErr(${this.use('jsErr')}($e), 0);`);
      out.push(`  }`);
    } else {
      out.push(`  return ${S}[$rt.fused.select(${T}, arguments)].apply(undefined, arguments);`);
    }
    out.push(`}`);
    if (jsIdent(pyName) !== name) out.push(`Object.defineProperty(${name}, 'name', { value: ${lit(pyName)} });`);
    return out;
  }
  private readonly fusedPyDone = new Set<string>();

  /**
   * A `@cython.ufunc`: `$rt.ufunc.make(name, nin, loops)` over JS adapters of the IR
   * loops (runtime/ufunc.ts conventions): `loop(n, a)` with a = [data, offset, stride]
   * per operand, `reduce(n, data, offset, stride, acc)`.
   */
  private ufuncExport(pyName: string, u: UFuncInfo, exportLines: string[]): string[] {
    const out: string[] = [];
    const specs: string[] = [];
    for (const l of u.loops) {
      const loopFn = this.fnOf(l.loop);
      const L = this.uniq(`$UL_${this.stem(l.loop)}`);
      const nops = u.nin + 1;
      if (this.runsNative.has(l.loop)) {
        const args: string[] = [];
        for (let k = 0; k < nops; k++) args.push(`a[${3 * k}]`, `a[${3 * k + 1}]`, 'n', `a[${3 * k + 2}]`);
        out.push(`function ${L}(n, a) {`, `  $N_${this.stem(l.loop)}(${args.join(', ')});`);
        if (loopFn.reportsUnraisable) out.push(`  ${this.unraisableCheck()}`);
        if (loopFn.mayRaise) out.push(`  if (${this.sref('$E')}[0] !== 0) throw $nerr();`);
        out.push(`}`);
      } else {
        const views = Array.from({ length: nops }, (_, k) => `{ data: a[${3 * k}], offset: a[${3 * k + 1}], shape: [n], strides: [a[${3 * k + 2}]] }`);
        out.push(`function ${L}(n, a) {`, `  ${this.callee(l.loop)}(${views.join(', ')});`, `}`);
      }
      let R = 'null';
      if (l.reduce) {
        const rf = this.fnOf(l.reduce);
        const t = rf.ret;
        R = this.uniq(`$UR_${this.stem(l.reduce)}`);
        const is64 = t.k === 'int' && t.bits === 64;
        if (this.runsNative.has(l.reduce)) {
          const acc = is64 ? `${this.use('a64')}(acc)` : 'acc';
          out.push(`function ${R}(n, d, o, s, acc) {`, `  const $r = $N_${this.stem(l.reduce)}(d, o, n, s, ${acc});`);
          if (rf.reportsUnraisable) out.push(`  ${this.unraisableCheck()}`);
          if (rf.mayRaise) out.push(`  if (${this.sref('$E')}[0] !== 0) throw $nerr();`);
          out.push(`  return ${is64 ? `${this.use(t.signed ? 'r64' : 'ru64')}($r)` : '$r'};`, `}`);
        } else {
          const acc = is64 ? `(typeof acc === 'bigint' ? $rt.normBig(acc) : acc)` : 'acc';
          out.push(`function ${R}(n, d, o, s, acc) {`, `  return ${this.callee(l.reduce)}({ data: d, offset: o, shape: [n], strides: [s] }, ${acc});`, `}`);
        }
      }
      specs.push(`{ ins: ${lit(l.ins)}, out: ${lit(l.out)}, loop: ${L}, reduce: ${R} }`);
    }
    const valid = jsIdent(pyName) === pyName;
    const local = valid ? pyName : this.uniq(`$x_${identPart(pyName)}`);
    out.push(`${valid ? 'export ' : ''}const ${local} = $rt.ufunc.make(${lit(pyName)}, ${u.nin}, [`, ...specs.map((x) => `  ${x},`), `]);`);
    if (!valid) exportLines.push(`export { ${local} as ${lit(pyName)} };`);
    return out;
  }

  // ------------------------------------------------------------ native entry points
  private nativeHelper(fn: IRFunction): string[] {
    const id = this.stem(fn.name);
    const names = fn.params.map((p, i) => `${jsIdent(p.name)}$${i}`);
    const args: string[] = [];
    fn.params.forEach((p, i) => {
      const a = names[i]!;
      const t = p.type;
      switch (t.k) {
        case 'int':
          args.push(t.bits === 64 ? `${this.use('a64')}(${a})` : a);
          break;
        case 'float':
          args.push(a);
          break;
        case 'bool':
          args.push(`(${a} ? 1 : 0)`);
          break;
        case 'memview': {
          const nn = (x: string, dflt: string) => `${a} === null ? ${dflt} : ${x}`;
          args.push(nn(`${a}.data`, 'null'), nn(`${a}.offset`, '0'));
          for (let d = 0; d < t.ndim; d++) args.push(nn(`${a}.shape[${d}]`, '0'));
          for (let d = 0; d < t.ndim; d++) args.push(nn(`${a}.strides[${d}]`, '0'));
          break;
        }
        case 'funcptr': // a function number
        case 'struct': // aggregates: their bytes, a Uint8Array (docs/native-abi.md)
        case 'carray':
        case 'ctuple':
          args.push(a);
          break;
        default:
          fail(`native function ${fn.name}: parameter ${p.name} of type ${t.k}`);
      }
    });
    const t = fn.ret;
    // an aggregate result: the native code stores its bytes into a last, output argument
    const outBuf = isAggregate(t) ? this.hoist(`new Uint8Array(${sizeOf(t)}) /* ${lit(fn.name)} result */`) : null;
    if (outBuf) args.push(outBuf);
    const call = `$N_${id}(${args.join(', ')})`;
    let ret: string;
    if (t.k === 'int' && t.bits === 64) ret = `${this.use(t.signed ? 'r64' : 'ru64')}($r)`;
    else if (t.k === 'void') ret = 'undefined';
    else if (t.k === 'int' || t.k === 'float' || t.k === 'bool' || t.k === 'funcptr') ret = '$r';
    else if (outBuf) ret = `${outBuf}.slice()`;
    else return fail(`native function ${fn.name} returns ${t.k}`);
    const out = [`function $n_${id}(${names.join(', ')}) {`];
    if (fn.reportsUnraisable) {
      out.push(`  const $r = ${call};`, `  ${this.unraisableCheck()}`);
      if (fn.mayRaise) out.push(`  if (${this.sref('$E')}[0] !== 0) throw $nerr();`);
      out.push(`  return ${t.k === 'void' ? 'undefined' : ret};`);
    } else if (fn.mayRaise) {
      out.push(`  const $r = ${call};`, `  if (${this.sref('$E')}[0] !== 0) throw $nerr();`, `  return ${ret};`);
    } else if (t.k === 'void') {
      out.push(`  ${call};`);
    } else {
      out.push(`  const $r = ${call};`, `  return ${ret};`);
    }
    out.push('}');
    return out;
  }

  /** After a native call: report an exception a `swallowErrors` function swallowed (Cython's unraisable). */
  private unraisableCheck(): string {
    // function number (1 + index in mod.functions) → the qualified name the report shows
    const names = this.hoist(lit(['', ...this.mod.functions.map((f) => `${this.mod.name}.${f.pyName}`)]));
    return `if (${this.sref('$E')}[${ERROR_STATE.unraisable >> 2}] !== 0) $rt.nativeUnraisable(${this.sref('$E')}, $MI, ${lit(this.mod.name)}, ${names});`;
  }

  // ------------------------------------------------------------ the module
  emit(): string {
    const mod = this.mod;
    const opts = this.opts;
    const fns = mod.functions;

    // Python globals: declared names, assigned names, exported functions, classes.
    const assigned = new Set<string>();
    const referenced = new Set<string>();
    for (const f of [...fns.filter((g) => g.name !== mod.init.name), mod.init]) {
      walk(
        f.body,
        (e) => {
          if (e.kind === 'pyGlobal') referenced.add(e.name);
        },
        (s) => {
          if (s.kind === 'setPyGlobal') assigned.add(s.name);
        },
      );
    }
    for (const n of mod.pyGlobals) this.pyVar(n);
    for (const n of assigned) this.pyVar(n);
    for (const e of mod.exports) {
      const f = this.fnOf(e.fn);
      if (e.ufunc) continue; // not a Python global (calls from Cython code call the cdef function)
      if (e.dispatch) {
        // fused: the Python global is the Python-level dispatcher ($pyd_…, see fusedExport)
        this.pyVar(e.name);
        if (!assigned.has(e.name)) this.alwaysSet.add(e.name);
        continue;
      }
      if (f.flavor === 'def' || f.flavor === 'cpdef') {
        this.pyVar(e.name);
        this.fnOfPyGlobal.set(e.name, e.fn);
        if (!assigned.has(e.name)) this.alwaysSet.add(e.name);
      }
    }
    for (const c of mod.exceptionClasses) {
      this.pyVar(c.name);
      if (!assigned.has(c.name)) this.alwaysSet.add(c.name);
    }
    for (const n of mod.pyGlobals) if (this.fnOfPyGlobal.has(n) && referenced.has(n)) this.pyCallables.add(this.fnOfPyGlobal.get(n)!);

    // ---- functions (generated first: they decide which helpers and constants are used)
    const fnText: string[] = [];
    for (const f of this.runsNative) fnText.push(...this.nativeHelper(this.fnOf(f)));
    for (const f of fns) {
      if (f.parent || this.runsNative.has(f.name) || f.name === mod.init.name) continue;
      fnText.push(new FnGen(this, f).emitFunction(this.jsName(f.name)));
    }
    const initName = this.jsName(mod.init.name);
    fnText.push(new FnGen(this, mod.init).emitFunction(initName));

    const defaultsText: string[] = [];
    const withDefaults = new Set<string>();
    const wrapperText: string[] = [];
    const exportLines: string[] = [];
    const fusedInit: string[] = [];
    for (const e of mod.exports) {
      const f = this.fnOf(e.fn);
      if (e.ufunc) {
        wrapperText.push(...this.ufuncExport(e.name, e.ufunc, exportLines));
        continue;
      }
      if (e.dispatch) {
        for (const sname of e.dispatch.specs) {
          const sf = this.fnOf(sname);
          if (!withDefaults.has(sf.name) && sf.params.some((p) => p.default)) {
            withDefaults.add(sf.name);
            defaultsText.push(...this.emitDefaults(sf));
          }
        }
        const valid = jsIdent(e.name) === e.name;
        const local = valid ? e.name : this.uniq(`$x_${identPart(e.name)}`);
        wrapperText.push(...this.fusedExport(e.name, e.dispatch, 'js', local, valid));
        if (!valid) exportLines.push(`export { ${local} as ${lit(e.name)} };`);
        const pyd = this.uniq(`$pyd_${identPart(e.name)}`);
        wrapperText.push(...this.fusedExport(e.name, e.dispatch, 'py', pyd, false));
        fusedInit.push(`${this.pyVar(e.name)} = ${pyd};`);
        continue;
      }
      if (!withDefaults.has(f.name) && f.params.some((p) => p.default)) {
        withDefaults.add(f.name);
        defaultsText.push(...this.emitDefaults(f));
      }
      const valid = jsIdent(e.name) === e.name;
      const local = valid ? e.name : this.uniq(`$x_${identPart(e.name)}`);
      wrapperText.push(...this.wrapper(f, 'js', local, this.defaultsExpr(f), '', valid));
      if (!valid) exportLines.push(`export { ${local} as ${lit(e.name)} };`);
    }
    // Python callables of the module's functions that generic code refers to by name
    // (computed after the function bodies: readPyGlobal records them).
    const pyDone = new Set<string>();
    const pyText: string[] = [];
    for (let changed = true; changed; ) {
      changed = false;
      for (const fname of [...this.pyCallables]) {
        if (pyDone.has(fname)) continue;
        pyDone.add(fname);
        changed = true;
        const f = this.fnOf(fname);
        if (!withDefaults.has(f.name) && f.params.some((p) => p.default)) {
          withDefaults.add(f.name);
          defaultsText.push(...this.emitDefaults(f));
        }
        pyText.push(...this.wrapper(f, 'py', `$py_${this.stem(f.name)}`, this.defaultsExpr(f), '', false));
      }
    }

    for (const v of mod.exportedValues) {
      const body = Object.entries(v.value).map(([k, x]) => `${lit(k)}: ${Number.isFinite(x) ? String(x) : lit(x)}`);
      const valid = jsIdent(v.name) === v.name;
      if (valid) exportLines.push(`export const ${v.name} = Object.freeze({ ${body.join(', ')} });`);
      else {
        const local = this.uniq(`$x_${identPart(v.name)}`);
        exportLines.push(`const ${local} = Object.freeze({ ${body.join(', ')} });`, `export { ${local} as ${lit(v.name)} };`);
      }
    }

    // ---- module init (after the functions: it may use helpers too)
    const init: string[] = [];
    for (const g of mod.globals) {
      if (g.init === null) continue;
      const t = g.type;
      const gen = new FnGen(this, null);
      const v = gen.constant(g.init, t);
      init.push(`${this.writeGlobal(g.name, v)};`);
    }
    for (const c of mod.exceptionClasses) {
      const base = this.excClass(c.base);
      init.push(`${this.excVars.get(c.name)} = $py.exc_class(${lit(c.name)}, ${base});`);
      init.push(`$MI.classes[${lit(c.name)}] = ${this.excVars.get(c.name)};`);
      init.push(`${this.pyVar(c.name)} = ${this.excVars.get(c.name)};`);
    }
    for (const [name, fname] of this.fnOfPyGlobal) {
      if (pyDone.has(fname)) init.push(`${this.pyVar(name)} = $py_${this.stem(fname)};`);
    }
    init.push(...fusedInit);
    init.push(`${initName}();`);
    for (const f of withDefaults) init.push(`$dflt_${this.stem(f)}();`);

    // ---- header
    // (the runtime import and the $py / $conv / $cm aliases are added below, once the
    // code that uses them is known)
    const head: string[] = [];
    const nat = this.nat;
    const wasm = this.wasm;
    if (nat) head.push(`import { loadNative as $loadNative } from ${lit(nat.loaderUrl)};`);
    if (wasm) head.push(`import { loadWasm as $loadWasm } from ${lit(wasm.wasmUrl)};`);
    head.push(`const $KW = Symbol.for('cypyx.kwargs');`);
    const nativeFns = [...this.runsNative];
    if (nat) {
      const syms = [nat.stateSymbol, ...nativeFns.map((f) => nat.fnSymbols[f]!)];
      head.push(
        `const $nat = $loadNative(${lit(nat.objectFile)}, ${lit(syms)});`,
        `const $NF = $nat.fns;`,
        `const $buf = $NF[${lit(nat.stateSymbol)}]();`,
        `if (!($buf instanceof ArrayBuffer) || $buf.byteLength < ${mod.stateSize}) throw new Error(${lit(
          `cypyx: bad state block from the native code of ${opts.sourceFile}`,
        )});`,
      );
      for (const f of nativeFns) head.push(`const $N_${this.stem(f)} = $NF[${lit(nat.fnSymbols[f])}];`);
    } else if (wasm) {
      if (wasm.memory.heapBase - wasm.memory.stateOffset < mod.stateSize) fail(`the wasm state block of ${mod.name} is too small`);
      // The state block is in the (shared, growable) wasm memory: read its arrays through
      // $st at each use (docs/wasm-abi.md). $N_f take the native ABI's argument lists.
      head.push(`const $nat = null;`, `const $wasm = $loadWasm(${lit(wasm.binaryFile)}, ${lit(wasm.memory)});`, `const $st = $wasm.state;`);
      for (const f of nativeFns) head.push(`const $N_${this.stem(f)} = $wasm.fn(${lit(wasm.sigs[f])});`);
    } else {
      head.push(`const $nat = null;`, `const $buf = new ArrayBuffer(${Math.max(mod.stateSize, ERROR_STATE.size)});`);
    }
    if (!wasm) {
      head.push(`const $E = new Int32Array($buf, 0, ${ERROR_STATE.size >> 2});`);
      for (const v of [...this.stateViews].sort()) {
        const sv = STATE_VIEWS[v]!;
        head.push(`const ${v} = new ${sv.ctor}($buf, 0, $buf.byteLength >> ${sv.shift});`);
      }
    }
    head.push(
      `const $MI = { excNames: ${lit(mod.excNames)}, messages: ${lit(mod.messages)}, classes: Object.create(null) };`,
      `function $nerr() {`,
      `  const $line = ${this.sref('$E')}[${ERROR_STATE.line >> 2}];`,
      `  return $pyxErr($rt.nativeError(${this.sref('$E')}, $MI), $line);`,
      `}`,
      ...PYX_ERR_HELPERS(opts.sourceFile),
    );
    const decls: string[] = [];
    for (const c of mod.exceptionClasses) decls.push(`let ${this.excVars.get(c.name)};`);
    const pyVarNames = [...this.pyVars.values()];
    for (let i = 0; i < pyVarNames.length; i += 8) decls.push(`let ${pyVarNames.slice(i, i + 8).join(', ')};`);

    const infoFns = fns
      .filter((f) => f.name !== mod.init.name)
      .map((f) => ({
        name: f.name,
        pyName: f.pyName,
        tier: f.tier,
        runsAs: this.runsNative.has(f.name) ? (this.wasm ? 'wasm' : 'native') : 'js',
        genericReason: f.genericReason ?? null,
      }));
    const tail: string[] = [
      `export const __cypyx__ = Object.freeze({`,
      `  file: ${lit(opts.sourceFile)},`,
      `  backend: ${lit(this.wasm ? 'wasm' : this.nat ? 'native' : 'js')},`,
      `  native: $nat !== null,`,
      `  handle: $nat !== null ? $nat.handle : null,`,
      ...(this.wasm ? [`  wasm: $wasm,`] : []),
      `  functions: Object.freeze([`,
      ...infoFns.map((f) => `    ${lit(f)},`),
      `  ]),`,
      `});`,
    ];

    const sections = [
      head.join('\n'),
      '// ---- helpers',
      helperText(this.used),
      '// ---- constants',
      this.hoisted.join('\n'),
      '// ---- module globals',
      decls.join('\n'),
      '// ---- functions',
      fnText.join('\n'),
      '// ---- defaults',
      defaultsText.join('\n'),
      '// ---- Python callables',
      pyText.join('\n'),
      '// ---- exports',
      wrapperText.join('\n'),
      exportLines.join('\n'),
      tail.join('\n'),
      '// ---- module init',
      init.join('\n'),
    ];
    const rt = runtimeImport(sections.join('\n'), opts.runtimeUrl);
    sections[0] = [`// Generated by cypyx from ${opts.sourceFile}. Do not edit.`, ...rt, ...head].join('\n');
    const text = sections.filter((s) => s !== '').map((s, i) => (i === 0 ? s : `${lineMark(0)}\n${s}`)).join('\n');
    return `${text}\nvar $LINES = ${JSON.stringify(lineTable(text))};\n`;
  }
}
