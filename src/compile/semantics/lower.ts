// Lowering: Cython AST → typed IR. All semantic decisions live here (and in
// ctypes.ts): C arithmetic and conversions, Python division semantics on C
// numbers, wraparound and bounds checks, memoryview slicing, where Python
// objects appear and how C values cross into them.
import type * as A from '../syntax/ast.js';
import type { SourceFile } from '../diagnostics.js';
import { CompileError } from '../diagnostics.js';
import type { Expr, Global, IRFunction, Local, LocalId, MathFn, Message, ModuleIR, Param, Stmt } from '../ir/ir.js';
import { ERROR_STATE, MATH_ARITY } from '../ir/ir.js';
import type { FloatType, IntType, MemviewType, ScalarType, Type } from '../ir/types.js';
import { T, byteSize, isScalar, sameType, typeName } from '../ir/types.js';
import { PY_BOOL_OPS } from '../ir/pyops.js';
import {
  C_TYPE_NAMES, CYTHON_TYPE_NAMES, NUMPY_TYPE_NAMES, PY_TYPE_NAMES, STDINT_NAMES,
  commonType, intMax, intMin, literalIntType, promote, suffixedIntType, wrapInt,
} from './ctypes.js';
import { ir, isTrivial, constInt } from './ir-build.js';
import type { FusedType } from './fused.js';
import { BUILTIN_FUSED, buildDeciders, cartesian, fusedNamesIn, matchScore, sameCType, specIrName, specString, staticSelect } from './fused.js';
import { ufuncLoop, ufuncReduce } from './ufunc.js';
import type { UFuncInfo } from '../ir/ir.js';
import { dtypeOf } from '../ir/types.js';
import type { Directives, FuncInfo, ImportedName, ModuleScope, ParamInfo } from './scope.js';
import { DEFAULT_DIRECTIVES } from './scope.js';
import type { DataGlobal, LibcFn } from '../ir/ir.js';
import type { CArrayType, CTupleType, FuncPtrType, PtrType, StructType } from '../ir/types.js';
import { alignOf, isAggregate, isCData, isCharArray, pyConvertible, sizeOf, strideOf } from '../ir/layout.js';

/** `void *`, the type of NULL and of malloc's result. */
const VOID_PTR: PtrType = { k: 'ptr', to: T.void };
/** `char *` (libc's string functions). */
const CHAR_PTR: PtrType = { k: 'ptr', to: T.char };
/** cython.operator's increment and decrement functions. */
const INC_DEC = new Set(['preincrement', 'predecrement', 'postincrement', 'postdecrement']);

const MATH_FNS = new Set<string>([
  'sqrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'floor', 'ceil', 'trunc', 'round', 'rint', 'nearbyint', 'fabs', 'pow',
  'fmod', 'hypot', 'copysign', 'fmin', 'fmax', 'cbrt', 'erf', 'erfc', 'tgamma', 'lgamma', 'isnan', 'isinf', 'isfinite',
  'signbit', 'ldexp', 'fdim', 'fma', 'remainder',
]);
const MATH_CONSTS: Record<string, number> = {
  INFINITY: Infinity, NAN: NaN, HUGE_VAL: Infinity, M_PI: Math.PI, M_E: Math.E, M_SQRT2: Math.SQRT2,
  M_LN2: Math.LN2, M_LN10: Math.LN10, M_PI_2: Math.PI / 2, M_PI_4: Math.PI / 4, M_1_PI: 1 / Math.PI, M_2_PI: 2 / Math.PI,
  M_LOG2E: Math.LOG2E, M_LOG10E: Math.LOG10E, M_SQRT1_2: Math.SQRT1_2, M_2_SQRTPI: 2 / Math.sqrt(Math.PI),
};
const BOOL_MATH = new Set(['isnan', 'isinf', 'isfinite', 'signbit']);
const NUMPY_DTYPES: Record<string, string> = {
  float64: 'float64', double: 'float64', float_: 'float64', float32: 'float32', single: 'float32',
  int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int64', intc: 'int32', intp: 'int64', int_: 'int64',
  uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', uint64: 'uint64', ubyte: 'uint8', byte: 'int8', bool_: 'uint8',
};
/** Builtin names the lowering knows (anything else undeclared is an error, as in Cython). */
const BUILTIN_NAMES = new Set([
  'abs', 'min', 'max', 'len', 'range', 'print', 'str', 'repr', 'int', 'float', 'bool', 'list', 'tuple', 'dict', 'set',
  'frozenset', 'sum', 'sorted', 'reversed', 'enumerate', 'zip', 'isinstance', 'issubclass', 'round', 'divmod', 'ord', 'chr',
  'any', 'all', 'hash', 'map', 'filter', 'type', 'id', 'iter', 'next', 'callable', 'getattr', 'hasattr', 'format', 'ascii',
  'bytes', 'object', 'super', 'pow', 'slice', 'setattr', 'vars', 'NotImplemented', 'Ellipsis',
  'BaseException', 'Exception', 'ArithmeticError', 'ZeroDivisionError', 'OverflowError', 'LookupError', 'IndexError',
  'KeyError', 'ValueError', 'TypeError', 'AttributeError', 'NameError', 'UnboundLocalError', 'RuntimeError',
  'RecursionError', 'NotImplementedError', 'AssertionError', 'StopIteration', 'MemoryError', 'BufferError',
  'UnicodeError', 'FloatingPointError', 'ImportError', 'KeyboardInterrupt', 'SystemError', 'OSError', 'EOFError',
  'GeneratorExit', 'StopAsyncIteration', 'UnicodeDecodeError', 'UnicodeEncodeError', 'Warning', 'UserWarning',
  'DeprecationWarning', 'RuntimeWarning',
]);
const BUILTIN_EXCEPTIONS = new Set([...BUILTIN_NAMES].filter((n) => /Error$|Exception$|^StopIteration$|^KeyboardInterrupt$|^GeneratorExit$|^StopAsyncIteration$|Warning$/.test(n)));
/** Builtins that map one-to-one onto a runtime op (args are boxed objects). */
const BUILTIN_PY_OPS: Record<string, string> = {
  str: 'str', repr: 'repr', ascii: 'ascii', int: 'int', float: 'float', bool: 'bool', list: 'list', tuple: 'tuple',
  set: 'set', frozenset: 'frozenset', sum: 'sum', reversed: 'reversed', enumerate: 'enumerate', zip: 'zip',
  isinstance: 'isinstance', issubclass: 'issubclass', round: 'round', divmod: 'divmod', ord: 'ord', chr: 'chr',
  any: 'any', all: 'all', hash: 'hash', map: 'map', filter: 'filter', type: 'type', id: 'id', iter: 'iter_',
  next: 'next_', callable: 'callable', getattr: 'getattr_', hasattr: 'hasattr', format: 'format', abs: 'abs',
  sorted: 'sorted', min: 'min', max: 'max', dict: 'dict', range: 'range', len: 'len',
};


interface LoopCtx {
  breakLabel: string;
  continueLabel: string;
}

interface FnCtx {
  info: FuncInfo | null;
  irName: string;
  locals: Local[];
  names: Map<string, LocalId>;
  /** Names declared `global` in this function. */
  globalNames: Set<string>;
  /** Untyped names: the types of the values assigned to them (for inference). */
  assigned: Map<string, Type[]>;
  /** Types to give untyped names (inference result of the previous attempt). */
  inferred: Map<string, Type>;
  directives: Directives[];
  loops: LoopCtx[];
  labelCount: number;
  returns: { stmt: Extract<Stmt, { kind: 'return' }>; natural: Type }[];
  retType: Type | 'infer';
  nogil: number;
  /** > 0 inside a conditional sub-expression, where statements cannot be hoisted. */
  conditional: number;
  pre: Stmt[];
  mayHaveTry: boolean;
}

export interface LowerOptions {
  /** Reads another module's source (for cimports of sibling .pxd); null when missing. */
  resolveCimport?: (module: string) => { file: string; ast: A.Module } | null;
}

export function lowerModule(src: SourceFile, ast: A.Module, opts: LowerOptions = {}): ModuleIR {
  return new Lowerer(src, ast, opts).run();
}

class Lowerer {
  private scope: ModuleScope = {
    typedefs: new Map(),
    enums: new Map(),
    defConsts: new Map(),
    globals: new Map(),
    objectGlobals: new Set(),
    functions: new Map(),
    imports: new Map(),
    pyGlobals: new Set(),
    exceptionClasses: new Map(),
    unsupportedNames: new Map(),
    directives: { ...DEFAULT_DIRECTIVES },
  };
  private errors: CompileError[] = [];
  private unsupported: CompileError[] = [];
  /** A bare cdef fused function name used as a value, and the error it stands for until a function pointer type resolves it. */
  private fusedRefs = new Map<Expr, CompileError>();
  private functions: IRFunction[] = [];
  private exports: ModuleIR['exports'] = [];
  private exportedValues: { name: string; value: Record<string, number> }[] = [];
  private messages: { template: string; args: ('i' | 'u' | 'f' | 'b')[] }[] = [];
  private messageIndex = new Map<string, number>();
  private excNames: string[] = [''];
  private stateOffset: number = ERROR_STATE.size;
  private fn!: FnCtx;
  /** `ctypedef fused` types by name. */
  private fusedTypes = new Map<string, FusedType>();
  /** Fused functions by source name: their fused type names (in signature order) and specializations. */
  private fusedFns = new Map<string, { names: string[]; specs: { types: Type[]; info: FuncInfo }[] }>();
  /** Fused type bindings while a specialization's signature is resolved (before its body has an FnCtx). */
  private fusedBindOverride: Map<string, Type> | null = null;

  constructor(
    private src: SourceFile,
    private ast: A.Module,
    private opts: LowerOptions,
  ) {}

  // ================================================================ diagnostics
  private error(loc: A.Loc, text: string, hint?: string): never {
    throw this.src.error(loc, text, hint);
  }
  /** Records a construct cypyx cannot compile yet; lowering goes on so a real error later in the file wins. */
  private unsupportedAt(loc: A.Loc, what: string): void {
    this.unsupported.push(this.src.error(loc, `not supported yet: ${what}`, 'cypyx reports constructs it cannot compile instead of guessing'));
  }

  // ================================================================ module
  run(): ModuleIR {
    this.applyHeaderDirectives();
    this.declareModule(this.ast.body);
    // C array parameters are pointers (C's adjustment of array parameter types)
    for (const info of this.scope.functions.values()) {
      for (const p of info.params) if (p.type.k === 'carray') p.type = this.ptrTo(p.type.elem);
    }
    for (const info of this.scope.functions.values()) {
      try {
        this.lowerFunction(info);
      } catch (e) {
        if (e instanceof CompileError) this.errors.push(e);
        else throw e;
      }
    }
    let init: IRFunction;
    try {
      init = this.lowerInit();
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      this.errors.push(e);
      init = this.emptyInit();
    }
    const first = this.errors.sort((a, b) => a.line - b.line || a.col - b.col)[0];
    if (first) {
      first.diagnostics = this.errors.map((e) => e.diagnostics[0]!);
      throw first;
    }
    const firstUnsupported = this.unsupported.sort((a, b) => a.line - b.line || a.col - b.col)[0];
    if (firstUnsupported) throw firstUnsupported;
    const stateSize = Math.ceil(this.stateOffset / 16) * 16;
    return {
      name: this.src.path.split(/[\\/]/).pop()!.replace(/\.(pyx|py|pxd)$/, ''),
      file: this.src.path,
      globals: [...this.scope.globals.values()],
      dataGlobals: [...this.dataGlobals.values()],
      stateSize,
      functions: this.functions,
      init,
      exports: this.exports,
      exportedValues: this.exportedValues,
      pyGlobals: [...this.scope.pyGlobals],
      exceptionClasses: [...this.scope.exceptionClasses].map(([name, base]) => ({ name, base })),
      messages: this.messages,
      excNames: this.excNames,
      // module-wide settings the back ends read (fast-math is opt-in, SPEC §5)
      directives: { fastmath: this.scope.directives.fastmath, tiny_in_js: this.scope.directives.tiny_in_js },
    };
  }

  private applyHeaderDirectives(): void {
    for (const d of this.ast.directives) this.setDirective(this.scope.directives, d.key, d.value, d.loc);
  }

  private setDirective(target: Directives, key: string, value: string | boolean, loc: A.Loc): void {
    const v = typeof value === 'boolean' ? value : /^(true|1)$/i.test(value.trim());
    switch (key) {
      case 'boundscheck':
      case 'wraparound':
      case 'cdivision':
      case 'nonecheck':
      case 'initializedcheck':
      case 'fastmath':
      case 'overflowcheck':
      case 'tiny_in_js':
        target[key] = v;
        return;
      case 'infer_types':
        target.infer_types = typeof value === 'string' && value.trim() === 'None' ? null : v;
        return;
      case 'language_level':
      case 'binding':
      case 'embedsignature':
      case 'profile':
      case 'linetrace':
      case 'cdivision_warnings':
      case 'always_allow_keywords':
      case 'overflowcheck.fold':
      case 'c_string_type':
      case 'c_string_encoding':
      case 'auto_pickle':
      case 'optimize.use_switch':
      case 'unraisable_tracebacks':
      case 'initializedcheck ':
      case 'emit_code_comments':
      case 'freelist':
      case 'final':
      case 'locals':
      case 'returns':
      case 'ccall':
      case 'cfunc':
      case 'inline':
      case 'exceptval':
      case 'nogil':
      case 'annotation_typing':
      case 'distutils':
        return; // accepted; no effect on the generated code here
      default:
        if (key.startsWith('optimize.') || key.startsWith('warn')) return;
        this.unsupportedAt(loc, `directive '${key}'`);
    }
  }

  private declareModule(body: A.Stmt[]): void {
    for (const s of body) this.declareTop(s);
  }

  private declareTop(s: A.Stmt): void {
    switch (s.kind) {
      case 'CImport':
      case 'CImportFrom':
      case 'Import':
      case 'ImportFrom':
        this.declareImport(s);
        return;
      case 'CTypedef':
        this.scope.typedefs.set(s.name, this.resolveType(s.type));
        return;
      case 'FusedDef':
        this.declareFused(s);
        return;
      case 'StructDef':
        this.declareStruct(s);
        return;
      case 'EnumDef':
        this.declareEnum(s);
        return;
      case 'CVarDecl':
        this.declareGlobalVars(s);
        return;
      case 'CdefBlock':
        for (const inner of s.body) this.declareTop(inner);
        return;
      case 'ExternBlock':
        this.unsupportedAt(s.loc, 'cdef extern blocks');
        return;
      case 'CFuncDecl':
        this.unsupportedAt(s.loc, 'C function declarations without a body');
        return;
      case 'FuncDef':
        this.declareFunction(s);
        return;
      case 'ClassDef':
        this.declareClass(s);
        return;
      case 'DEF': {
        const v = this.foldConst(s.value);
        if (!v) this.error(s.value.loc, 'Invalid compile-time expression');
        this.scope.defConsts.set(s.name, v);
        return;
      }
      case 'Assign':
        for (const t of s.targets) this.collectAssignedNames(t, this.scope.pyGlobals);
        return;
      case 'AugAssign':
      case 'AnnAssign':
        this.collectAssignedNames(s.target, this.scope.pyGlobals);
        return;
      case 'For':
        this.collectAssignedNames(s.target, this.scope.pyGlobals);
        return;
      case 'IFDEF':
        this.unsupportedAt(s.loc, 'compile-time IF');
        return;
      default:
        return; // other module-level statements run in module init
    }
  }

  private collectAssignedNames(t: A.Expr, into: Set<string>): void {
    if (t.kind === 'Name') into.add(t.id);
    else if (t.kind === 'Tuple' || t.kind === 'List') for (const e of t.elts) this.collectAssignedNames(e, into);
    else if (t.kind === 'Starred') this.collectAssignedNames(t.value, into);
  }

  private declareImport(s: Extract<A.Stmt, { kind: 'CImport' | 'CImportFrom' | 'Import' | 'ImportFrom' }>): void {
    const bind = (name: string, what: ImportedName) => this.scope.imports.set(name, what);
    if (s.kind === 'CImport' || s.kind === 'Import') {
      for (const a of s.names) {
        const local = a.asname ?? a.name.split('.')[0]!;
        if (a.name === 'cython') bind(local, { kind: 'cythonModule' });
        else if (a.name === 'cython.view') bind(a.asname ?? 'cython', a.asname ? { kind: 'cythonView' } : { kind: 'cythonModule' });
        else if (a.name === 'numpy') bind(local, { kind: 'numpy' });
        else if (a.name.startsWith('libc.')) bind(a.asname ?? 'libc', { kind: 'libcModule', module: a.asname ? a.name : 'libc' });
        else if (a.name === 'cython.parallel') bind(local, { kind: 'cythonModule' });
        else if (s.kind === 'Import') {
          this.unsupportedAt(a.loc, `import of Python module '${a.name}' (only numpy and cython are available)`);
        } else this.cimportModule(a, local);
      }
      return;
    }
    const mod = s.module;
    for (const a of s.names) {
      const local = a.asname ?? a.name;
      if (mod === 'libc.math') {
        if (MATH_FNS.has(a.name)) bind(local, { kind: 'math', fn: a.name as MathFn });
        else if (a.name in MATH_CONSTS) bind(local, { kind: 'mathConst', value: MATH_CONSTS[a.name]! });
        else if (a.name === 'abs' || a.name === 'labs' || a.name === 'llabs') bind(local, { kind: 'stdlib', fn: 'abs' });
        else this.error(a.loc, `'${a.name}' is not declared in libc.math`);
      } else if (mod === 'libc.stdlib' || mod === 'libc.string' || mod === 'libc.stdio') {
        bind(local, { kind: 'stdlib', fn: a.name });
      } else if (mod === 'libc.stdint') {
        const t = STDINT_NAMES[a.name];
        if (!t && a.name in STDINT_LIMITS) this.scope.defConsts.set(local, STDINT_LIMITS[a.name]!);
        else if (!t) this.error(a.loc, `'${a.name}' is not declared in libc.stdint`);
        else bind(local, { kind: 'type', type: t });
      } else if (mod === 'libc.limits' || mod === 'libc.float') {
        const v = LIMITS[a.name];
        if (v === undefined) this.error(a.loc, `'${a.name}' is not declared in ${mod}`);
        this.scope.defConsts.set(local, v);
      } else if (mod === 'libc') {
        bind(local, { kind: 'libcModule', module: `libc.${a.name}` });
      } else if (mod === 'cython.view' && a.name === 'array') {
        bind(local, { kind: 'cvarray' });
      } else if (mod === 'cython' && a.name === 'view') {
        bind(local, { kind: 'cythonView' });
      } else if (mod === 'cython.parallel') {
        bind(local, { kind: 'parallel', fn: a.name });
      } else if (mod === 'cython.operator') {
        bind(local, { kind: 'operator', fn: a.name });
      } else if (mod === 'cython' && BUILTIN_FUSED[a.name]) {
        this.fusedTypes.set(local, { name: local, members: BUILTIN_FUSED[a.name]!, loc: a.loc });
      } else if (mod === 'cython') {
        const t = CYTHON_TYPE_NAMES[a.name];
        if (t) bind(local, { kind: 'type', type: t });
        else this.unsupportedAt(a.loc, `cython.${a.name}`);
      } else if (mod === 'numpy') {
        this.unsupportedAt(a.loc, `from numpy import ${a.name}`);
      } else {
        this.cimportFrom(s, a, local);
      }
    }
  }

  private cimportModule(a: A.ImportAlias, _local: string): void {
    this.unsupportedAt(a.loc, `cimport of module '${a.name}'`);
  }

  private cimportFrom(s: A.Stmt, a: A.ImportAlias, local: string): void {
    const mod = (s as { module: string }).module;
    const resolved = this.opts.resolveCimport?.(mod);
    if (!resolved) this.error(a.loc, `'${mod}.pxd' not found`);
    // Declarations from a sibling .pxd: constants, typedefs and enums are shared.
    const found = resolved.ast.body.find(
      (d) =>
        (d.kind === 'CTypedef' && d.name === a.name) ||
        (d.kind === 'EnumDef' && (d.name === a.name || d.items.some((i) => i.name === a.name))) ||
        (d.kind === 'DEF' && d.name === a.name),
    );
    if (!found) {
      this.unsupportedAt(a.loc, `cimport of '${a.name}' from '${mod}' (only typedefs, enums and DEF constants are shared)`);
      return;
    }
    if (found.kind === 'CTypedef') this.scope.typedefs.set(local, this.resolveType(found.type));
    else if (found.kind === 'EnumDef') this.declareEnum(found);
    else if (found.kind === 'DEF') {
      const v = this.foldConst(found.value);
      if (v) this.scope.defConsts.set(local, v);
    }
  }

  private declareEnum(s: Extract<A.Stmt, { kind: 'EnumDef' }>): void {
    let next = 0n;
    const members: Record<string, number> = {};
    for (const item of s.items) {
      if (item.value) {
        const v = this.foldConst(item.value);
        const n = v ? constInt(v) : null;
        if (n === null) this.error(item.value.loc, 'enum value must be a constant integer');
        next = n;
      }
      this.scope.enums.set(item.name, { value: next, type: C_INT_CONST });
      members[item.name] = Number(next);
      next += 1n;
    }
    if (s.name) this.scope.typedefs.set(s.name, T.int);
    if (s.cpdef) {
      if (s.name) this.exportedValues.push({ name: s.name, value: members });
      for (const item of s.items) this.scope.pyGlobals.add(item.name);
    }
  }

  private declareGlobalVars(s: Extract<A.Stmt, { kind: 'CVarDecl' }>): void {
    for (const d of s.declarators) {
      let t = this.declaratorType(this.resolveType(s.type), d);
      if (t.k === 'object') {
        this.scope.objectGlobals.add(d.name);
        this.scope.pyGlobals.add(d.name);
        continue;
      }
      if (!isScalar(t)) {
        if (this.scope.globals.has(d.name) || this.dataGlobals.has(d.name)) this.error(d.loc, `'${d.name}' redeclared`);
        this.declareDataGlobal(d.name, t, d.loc);
        if (d.init) this.pendingGlobalInits.push({ name: d.name, init: d.init });
        continue;
      }
      const size = byteSize(t);
      this.stateOffset = Math.ceil(this.stateOffset / size) * size;
      let init: number | bigint | boolean | null = null;
      if (d.init) {
        const c = this.foldConst(d.init);
        if (c && c.kind === 'const' && c.value !== null && typeof c.value !== 'string') {
          const v = c.value;
          if (t.k === 'int') init = typeof v === 'bigint' ? wrapInt(v, t) : BigInt.asIntN(64, BigInt(Math.trunc(Number(v))));
          else if (t.k === 'float') init = Number(v);
          else init = Boolean(v);
        }
      }
      const g: Global = { name: d.name, type: t, offset: this.stateOffset, init: init ?? (t.k === 'int' ? 0n : t.k === 'float' ? 0 : false) };
      this.stateOffset += size;
      this.scope.globals.set(d.name, g);
      if (d.init && init === null) this.pendingGlobalInits.push({ name: d.name, init: d.init });
      t = t as ScalarType;
    }
  }
  private pendingGlobalInits: { name: string; init: A.Expr }[] = [];

  private declareClass(s: A.ClassDef): void {
    if (s.cdef) {
      this.scope.unsupportedNames.set(s.name, 'cdef classes');
      this.unsupportedAt(s.loc, 'cdef class');
      return;
    }
    const base = s.bases[0];
    const baseName = base && base.kind === 'Name' ? base.id : null;
    const isExc = baseName !== null && (BUILTIN_EXCEPTIONS.has(baseName) || this.scope.exceptionClasses.has(baseName));
    const trivialBody = s.body.every((b) => b.kind === 'Pass' || (b.kind === 'ExprStmt' && b.expr.kind === 'Str'));
    if (isExc && trivialBody && s.bases.length === 1) {
      this.scope.exceptionClasses.set(s.name, baseName!);
      this.scope.pyGlobals.add(s.name);
      return;
    }
    this.scope.unsupportedNames.set(s.name, 'Python classes');
    this.unsupportedAt(s.loc, 'Python classes other than exception classes with an empty body');
  }

  private declareFunction(f: A.FuncDef, spec?: { irName: string; bind: Map<string, Type> }): void {
    if (!spec && this.declareFusedFunction(f)) {
      if (this.isUfunc(f)) this.declareUfunc(f);
      return;
    }
    const irName = spec ? spec.irName : f.name;
    if (this.scope.functions.has(irName) || (!spec && this.fusedFns.has(f.name))) this.error(f.nameLoc, `'${f.name}' redeclared`);
    const savedBind = this.fusedBindOverride;
    this.fusedBindOverride = spec ? spec.bind : null;
    try {
      this.declareFunctionIn(f, irName, spec?.bind);
    } finally {
      this.fusedBindOverride = savedBind;
    }
    if (!spec && this.isUfunc(f)) this.declareUfunc(f);
  }

  // ---------------------------------------------------------------- @cython.ufunc
  private isUfunc(f: A.FuncDef): boolean {
    return f.decorators.some((d) => d.expr.kind === 'Attribute' && d.expr.attr === 'ufunc' && this.isCythonModule(d.expr.value));
  }

  /** Exports a cdef scalar function as an elementwise function: one loop per specialization (semantics/ufunc.ts). */
  private declareUfunc(f: A.FuncDef): void {
    if (f.flavor !== 'cdef') this.error(f.nameLoc, '@cython.ufunc can only be applied to cdef functions');
    const fg = this.fusedFns.get(f.name);
    const infos = fg ? fg.specs.map((x) => x.info) : [this.scope.functions.get(f.name)!];
    const loops: UFuncInfo['loops'] = [];
    for (const info of infos) {
      if (!info.params.length) this.error(f.nameLoc, 'a ufunc needs at least one argument');
      const ins: ScalarType[] = [];
      for (const p of info.params) {
        if (p.type.k !== 'int' && p.type.k !== 'float') {
          this.unsupportedAt(p.loc, `ufunc arguments of type ${typeName(p.type)} (C int and float types are)`);
          return;
        }
        ins.push(p.type);
      }
      const ret = info.ret;
      if (ret.k === 'ctuple') {
        this.unsupportedAt(f.loc, 'ufuncs with several outputs (ctuple results)');
        return;
      }
      if (ret.k !== 'int' && ret.k !== 'float') {
        this.unsupportedAt(f.loc, `ufunc results of type ${typeName(ret)} (C int and float types are)`);
        return;
      }
      const spec = { fn: info.irName, pyName: f.name, ins, out: ret, loc: f.loc };
      const loop = `${info.irName}.ufunc_loop`;
      this.functions.push(ufuncLoop(spec, loop));
      let reduce: string | null = null;
      if (ins.length === 2 && sameCType(ins[0]!, ret) && sameCType(ins[1]!, ret)) {
        reduce = `${info.irName}.ufunc_reduce`;
        this.functions.push(ufuncReduce(spec, reduce));
      }
      loops.push({ loop, reduce, ins: ins.map((t) => dtypeOf(t)), out: dtypeOf(ret) });
    }
    if (this.exports.some((x) => x.name === f.name)) this.error(f.nameLoc, `'${f.name}' redeclared`);
    this.exports.push({ name: f.name, fn: infos[0]!.irName, ufunc: { nin: infos[0]!.params.length, loops } });
  }

  private declareFunctionIn(f: A.FuncDef, irName: string, fused: Map<string, Type> | undefined): void {
    const directives = { ...this.scope.directives };
    for (const d of f.decorators) this.applyDecorator(d, directives);
    const params: ParamInfo[] = f.params.map((p) => {
      let type: Type = T.object;
      if (p.type) type = this.resolveType(p.type);
      if (p.star) type = p.star === '*' ? T.py('tuple') : T.py('dict');
      if (type.k === 'void') this.error(p.loc, 'Use spam() rather than spam(void) to declare a function with no arguments.');
      return { name: p.name, type, typed: p.type !== null, default: p.default, kwOnly: p.kwOnly, notNone: p.notNone, star: p.star, loc: p.loc };
    });
    let ret: Type = T.object;
    if (f.flavor !== 'def' && f.returnType) ret = this.resolveType(f.returnType);
    const info: FuncInfo = {
      ast: f,
      irName,
      pyName: f.name,
      flavor: f.flavor,
      params,
      ret,
      directives,
      exceptValue: f.exceptClause?.value ?? null,
    };
    if (fused) info.fused = fused;
    this.scope.functions.set(irName, info);
    if (f.flavor !== 'cdef' && !fused) {
      this.exports.push({ name: f.name, fn: f.name });
      this.scope.pyGlobals.add(f.name);
    }
  }

  // ---------------------------------------------------------------- fused types
  private declareFused(s: Extract<A.Stmt, { kind: 'FusedDef' }>): void {
    if (this.fusedTypes.has(s.name) || this.scope.typedefs.has(s.name)) this.error(s.loc, `'${s.name}' redeclared`);
    const members: Type[] = [];
    for (const te of s.types) {
      const t = this.resolveType(te);
      if (!isScalar(t) && t.k !== 'memview') {
        this.unsupportedAt(te.loc, `fused types with ${typeName(t)} members`);
        continue;
      }
      if (members.some((m) => sameCType(m, t))) this.error(te.loc, 'Type specified multiple times');
      members.push(t);
    }
    this.fusedTypes.set(s.name, { name: s.name, members, loc: s.loc });
  }

  /**
   * The fused type a type name stands for: a `ctypedef fused` name, or Cython's builtin
   * `cython.floating` / `cython.integral` / `cython.numeric` (registered on first use). Null otherwise.
   */
  private fusedKey(t: { name: string; module?: string }): string | null {
    if (!t.module) return this.fusedTypes.has(t.name) ? t.name : null;
    if (this.scope.imports.get(t.module)?.kind !== 'cythonModule' || !BUILTIN_FUSED[t.name]) return null;
    const key = `cython.${t.name}`;
    if (!this.fusedTypes.has(key)) this.fusedTypes.set(key, { name: key, members: BUILTIN_FUSED[t.name]!, loc: { line: 1, col: 1, endLine: 1, endCol: 1 } });
    return key;
  }

  /** The fused type bindings in effect (a specialization being declared or lowered), or null. */
  private fusedBinding(): Map<string, Type> | null {
    return this.fusedBindOverride ?? this.fn?.info?.fused ?? null;
  }

  private withFusedBind<R>(bind: Map<string, Type>, f: () => R): R {
    const saved = this.fusedBindOverride;
    this.fusedBindOverride = bind;
    try {
      return f();
    } finally {
      this.fusedBindOverride = saved;
    }
  }

  /**
   * A function whose signature uses fused types becomes one function per
   * combination of member types (Cython's FusedCFuncDefNode); a def/cpdef one is
   * exported as a dispatcher over them. Returns false for ordinary functions.
   */
  private declareFusedFunction(f: A.FuncDef): boolean {
    const isFused = (t: { name: string; module?: string }): string | null => this.fusedKey(t);
    const names: string[] = [];
    const perParam = f.params.map((p) => {
      const ns: string[] = [];
      fusedNamesIn(p.type, isFused, ns);
      for (const n of ns) if (!names.includes(n)) names.push(n);
      return ns;
    });
    const inRet: string[] = [];
    if (f.flavor !== 'def') fusedNamesIn(f.returnType, isFused, inRet);
    const missing = inRet.find((n) => !names.includes(n));
    if (missing) this.error(f.returnType!.loc, 'Return type is a fused type that cannot be determined from the function arguments');
    if (!names.length) return false;
    if (this.fusedFns.has(f.name) || this.scope.functions.has(f.name)) this.error(f.nameLoc, `'${f.name}' redeclared`);
    const combos = cartesian(names.map((n) => this.fusedTypes.get(n)!.members));
    const specs = combos.map((types) => {
      const bind = new Map(names.map((n, i) => [n, types[i]!] as [string, Type]));
      const irName = specIrName(f.name, types);
      this.declareFunction(f, { irName, bind });
      return { types, info: this.scope.functions.get(irName)! };
    });
    this.fusedFns.set(f.name, { names, specs });
    if (f.flavor !== 'cdef') {
      const deciders = buildDeciders(
        names,
        this.fusedTypes,
        f.params.map((p, i) => ({
          name: p.name,
          fusedNames: perParam[i]!,
          typeFor: (bind: Map<string, Type>) => this.withFusedBind(bind, () => this.resolveType(p.type!)),
        })),
      );
      this.exports.push({
        name: f.name,
        fn: specs[0]!.info.irName,
        dispatch: { specs: specs.map((x) => x.info.irName), sigs: combos.map((c) => specString(c)), deciders },
      });
      this.scope.pyGlobals.add(f.name);
    }
    return true;
  }

  /** A type written where an expression is expected: `f[double]`, `T is cython.longlong`. Null when it is not one (or error). */
  private typeFromExpr(e: A.Expr, quiet = false): Type | null {
    let te: A.TypeExpr | null = null;
    if (e.kind === 'TypeExprAsValue') te = e.type;
    else if (e.kind === 'Name') te = { kind: 'NameType', loc: e.loc, name: e.id };
    else if (e.kind === 'Attribute' && e.value.kind === 'Name') te = { kind: 'NameType', loc: e.loc, name: e.attr, module: e.value.id };
    else if (e.kind === 'Subscript') {
      // a memoryview type written as an expression: `double[:]`, `float[:, ::1]` (in `T is double[:]`)
      const dims = e.index.kind === 'Tuple' ? e.index.elts : [e.index];
      const base = e.value;
      const elem: A.TypeExpr | null =
        base.kind === 'Name' ? { kind: 'NameType', loc: base.loc, name: base.id }
        : base.kind === 'Attribute' && base.value.kind === 'Name' ? { kind: 'NameType', loc: base.loc, name: base.attr, module: base.value.id }
        : base.kind === 'TypeExprAsValue' ? base.type : null;
      if (elem && dims.every((d) => d.kind === 'Slice' && !d.lower && !d.upper && (!d.step || (d.step.kind === 'Int' && d.step.value === 1n)))) {
        te = { kind: 'MemviewType', loc: e.loc, elem, dims: dims.map((d) => ({ contiguous: (d as Extract<A.Expr, { kind: 'Slice' }>).step !== null, loc: d.loc })) };
      }
    }
    if (!te) {
      if (quiet) return null;
      this.error(e.loc, 'Can only index fused functions with types');
    }
    if (quiet) {
      try {
        return this.resolveType(te);
      } catch (err) {
        if (err instanceof CompileError) return null;
        throw err;
      }
    }
    return this.resolveType(te);
  }

  /** The specialization `f[double]` names. */
  private fusedSpecByIndex(fg: { names: string[]; specs: { types: Type[]; info: FuncInfo }[] }, index: A.Expr): FuncInfo {
    const items = index.kind === 'Tuple' ? index.elts : [index];
    const types = items.map((x) => this.typeFromExpr(x)!);
    if (types.length < fg.names.length) this.error(index.loc, `Not enough types specified to specialize the function, ${fg.names[types.length]} is still fused`);
    if (types.length > fg.names.length) this.error(index.loc, 'Too many types specified');
    const chosen = fg.specs.find((sp) => sp.types.every((t, i) => sameCType(t, types[i]!)));
    if (!chosen) {
      const bad = types.findIndex((t, i) => !this.fusedTypes.get(fg.names[i]!)!.members.some((m) => sameCType(m, t)));
      this.error(items[Math.max(0, bad)]!.loc, `Type not in fused type`);
    }
    return chosen.info;
  }

  /** A call of a fused function: `f[double](x)` picks a specialization explicitly, `f(x)` by the arguments' C types. */
  private callFused(name: string, fg: { names: string[]; specs: { types: Type[]; info: FuncInfo }[] }, index: A.Expr | null, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    if (index) return this.callFunction(this.fusedSpecByIndex(fg, index), e);
    // Implicit: lower the arguments once, then rank the specializations by how the C types fit.
    const pre = new Map<A.Expr, Expr>();
    for (const a of e.args) pre.set(a, this.lowerExpr(a));
    for (const k of e.keywords) pre.set(k.value, this.lowerExpr(k.value));
    const params0 = fg.specs[0]!.info.params;
    const argFor = (j: number): Expr | null => {
      const p = params0[j]!;
      if (j < e.args.length && !p.kwOnly) return pre.get(e.args[j]!) ?? null;
      const kw = e.keywords.find((k) => k.name === p.name);
      return kw ? pre.get(kw.value)! : null;
    };
    const flavor = fg.specs[0]!.info.flavor;
    if (flavor === 'def') {
      // A def function is called through Python: Cython's run-time dispatcher sees boxed arguments.
      const d = this.exports.find((x) => x.name === name && x.dispatch)?.dispatch;
      const k = d ? staticSelect(d.deciders, (j) => argFor(j)?.type ?? null) : null;
      if (k !== null) return this.callFunction(fg.specs[k]!.info, e, pre);
    }
    let best: { info: FuncInfo; score: number } | null = null;
    for (const sp of fg.specs) {
      let score = 0;
      for (let j = 0; j < sp.info.params.length; j++) {
        const v = argFor(j);
        if (!v || sameCType(sp.info.params[j]!.type, params0[j]!.type) && fg.specs.every((o) => sameCType(o.info.params[j]!.type, params0[j]!.type))) continue;
        const s = matchScore(v.type, sp.info.params[j]!.type);
        if (s < 0) {
          score = -1;
          break;
        }
        score += s;
      }
      if (score >= 0 && (!best || score > best.score)) best = { info: sp.info, score };
    }
    if (flavor !== 'def') {
      if (best) return this.callFunction(best.info, e, pre);
      this.error(e.loc, 'Invalid use of fused types, type cannot be specialized');
    }
    // Python arguments: Cython's run-time dispatcher (the module's Python callable).
    if (e.starArgs || e.kwArgs) this.unsupportedAt(e.loc, '*args/**kwargs in calls of fused functions');
    const kws: Expr[] = [];
    for (const k of e.keywords) kws.push(ir.const(k.name!, T.py('str')), this.toObject(pre.get(k.value)!, k.value.loc));
    return ir.py('call', [
      { kind: 'pyGlobal', name, type: T.object },
      ...e.args.map((a) => this.toObject(pre.get(a)!, a.loc)),
      kws.length ? ir.py('dict_new', kws, T.py('dict')) : ir.const(null, T.object),
    ]);
  }

  /**
   * Compile-time conditions of fused code (the dead branch is dropped at lowering):
   * `T is double`, `T is not int`, `T in floating`, `cython.typeof(x) == 'double'`,
   * combined with and/or/not. Null when `e` is not one.
   */
  private staticCond(e: A.Expr): boolean | null {
    switch (e.kind) {
      case 'Compare': {
        if (e.ops.length !== 1) return null;
        const op = e.ops[0]!;
        const r = e.comparators[0]!;
        if (op === 'is' || op === 'is not' || op === 'in' || op === 'not in') {
          const lt = this.fusedOperand(e.left);
          if (!lt) return null;
          let v: boolean;
          if (op === 'is' || op === 'is not') {
            const rt = this.typeFromExpr(r, true);
            if (!rt) return null;
            v = sameCType(lt, rt);
            return op === 'is' ? v : !v;
          }
          let set: Type[] | null = null;
          const rk = r.kind === 'Name' ? this.fusedKey({ name: r.id }) : r.kind === 'Attribute' && r.value.kind === 'Name' ? this.fusedKey({ name: r.attr, module: r.value.id }) : null;
          if (rk) set = this.fusedTypes.get(rk)!.members;
          else if (r.kind === 'Tuple') {
            const ts = r.elts.map((x) => this.typeFromExpr(x, true));
            if (ts.every((t) => t)) set = ts as Type[];
          }
          if (!set) return null;
          v = set.some((t) => sameCType(lt, t));
          return op === 'in' ? v : !v;
        }
        if (op === '==' || op === '!=') {
          const l = this.typeofString(e.left) ?? (e.left.kind === 'Str' ? e.left.value : null);
          const rr = this.typeofString(r) ?? (r.kind === 'Str' ? r.value : null);
          if (l === null || rr === null || (e.left.kind === 'Str' && r.kind === 'Str')) return null;
          return op === '==' ? l === rr : l !== rr;
        }
        return null;
      }
      case 'BoolOp': {
        const vs = e.values.map((v) => this.staticCond(v));
        if (vs.some((v) => v === null)) return null;
        return e.op === 'and' ? vs.every(Boolean) : vs.some(Boolean);
      }
      case 'Unary': {
        if (e.op !== 'not') return null;
        const v = this.staticCond(e.operand);
        return v === null ? null : !v;
      }
      default:
        return null;
    }
  }

  /** The type a fused type name stands for in this specialization (`T` in `T is double`). */
  private fusedOperand(e: A.Expr): Type | null {
    if (e.kind === 'Attribute' && e.value.kind === 'Name') {
      const k = this.fusedKey({ name: e.attr, module: e.value.id });
      return k ? this.fusedBinding()?.get(k) ?? null : null;
    }
    if (e.kind !== 'Name' || this.fn.names.has(e.id)) return null;
    return this.fusedBinding()?.get(e.id) ?? null;
  }

  /** `cython.typeof(x)`: the compile-time type name of x, or null when `e` is not such a call. */
  private typeofString(e: A.Expr): string | null {
    if (e.kind !== 'Call' || e.func.kind !== 'Attribute' || e.func.attr !== 'typeof' || !this.isCythonModule(e.func.value)) return null;
    if (e.args.length !== 1 || e.keywords.length) this.error(e.loc, 'typeof() takes exactly one argument');
    const savedPre = this.fn.pre;
    this.fn.pre = [];
    try {
      const t = this.lowerExpr(e.args[0]!).type;
      if (t.k === 'object') return t.py && t.py !== 'none' ? `${t.py} object` : 'Python object';
      return typeName(t);
    } finally {
      this.fn.pre = savedPre;
    }
  }

  private applyDecorator(d: A.Decorator, directives: Directives): void {
    const e = d.expr;
    // @cython.boundscheck(False) / @boundscheck(False) after `from cython cimport boundscheck`
    if (e.kind === 'Call' && e.func.kind === 'Attribute' && this.isCythonModule(e.func.value)) {
      const arg = e.args[0];
      const value = arg && arg.kind === 'Bool' ? arg.value : arg && arg.kind === 'NoneLit' ? 'None' : true;
      this.setDirective(directives, e.func.attr, value, d.loc);
      return;
    }
    if (e.kind === 'Attribute' && this.isCythonModule(e.value)) {
      if (['cfunc', 'ccall', 'inline', 'final', 'nogil', 'locals', 'returns', 'exceptval', 'boundscheck', 'wraparound', 'cdivision'].includes(e.attr)) {
        if (['boundscheck', 'wraparound', 'cdivision'].includes(e.attr)) this.setDirective(directives, e.attr, true, d.loc);
        return;
      }
      if (e.attr === 'ufunc') return; // declareUfunc
    }
    this.unsupportedAt(d.loc, 'this decorator');
  }

  private isCythonModule(e: A.Expr): boolean {
    return e.kind === 'Name' && this.scope.imports.get(e.id)?.kind === 'cythonModule';
  }

  // ================================================================ types
  resolveType(te: A.TypeExpr): Type {
    switch (te.kind) {
      case 'IntType': {
        const key = `${te.signed ? te.signed + ' ' : ''}${te.size}`;
        const t = C_TYPE_NAMES[key] ?? C_TYPE_NAMES[te.size];
        if (!t) this.error(te.loc, `unknown C type '${key}'`);
        return te.signed === 'unsigned' && te.size === 'char' ? T.uchar : t;
      }
      case 'NameType': {
        if (te.module) {
          const fk = this.fusedKey(te);
          if (fk) {
            const b = this.fusedBinding()?.get(fk);
            if (b) return b;
            this.error(te.loc, 'Fused types not allowed here');
          }
          const imp = this.scope.imports.get(te.module);
          if (imp?.kind === 'cythonModule') {
            const t = CYTHON_TYPE_NAMES[te.name];
            if (t) return t;
          }
          // cython.view.array as a type (`cdef view.array a = view.array(...)`): the array object cvarrayCall makes
          if (te.name === 'array' && (imp?.kind === 'cythonView' || (te.module === 'cython.view' && this.scope.imports.get('cython')?.kind === 'cythonModule'))) return T.py('array');
          if (imp?.kind === 'numpy') {
            const t = NUMPY_TYPE_NAMES[te.name];
            if (t) return t;
            if (te.name === 'ndarray') return T.py('array');
          }
          this.error(te.loc, `'${te.module}.${te.name}' is not a type identifier`);
        }
        const n = te.name;
        const fb = this.fusedBinding()?.get(n);
        if (fb) return fb;
        if (this.fusedTypes.has(n)) this.error(te.loc, 'Fused types not allowed here');
        const td = this.scope.typedefs.get(n);
        if (td) return td;
        const imp = this.scope.imports.get(n);
        if (imp?.kind === 'type') return imp.type;
        if (imp?.kind === 'cvarray') return T.py('array');
        if (C_TYPE_NAMES[n]) return C_TYPE_NAMES[n]!;
        if (PY_TYPE_NAMES.has(n)) {
          if (n === 'object') return T.object;
          if (n === 'unicode') return T.py('str');
          if (n === 'frozenset') return T.py('set');
          return T.py(n as 'list');
        }
        const un = this.scope.unsupportedNames.get(n);
        if (un) {
          this.unsupportedAt(te.loc, un);
          return T.object;
        }
        if (this.scope.exceptionClasses.has(n)) return T.object;
        this.error(te.loc, `'${n}' is not a type identifier`);
      }
      // eslint-disable-next-line no-fallthrough
      case 'ConstType': {
        const inner = this.resolveType(te.of);
        if (inner.k === 'memview') return { ...inner, readonly: true };
        return inner;
      }
      case 'MemviewType': {
        // `const double[:]` parses with the const on the element type
        const constElem = te.elem.kind === 'ConstType';
        const elem = this.resolveType(constElem ? (te.elem as Extract<A.TypeExpr, { kind: 'ConstType' }>).of : te.elem);
        if (!isScalar(elem)) {
          this.unsupportedAt(te.loc, `memoryviews of ${typeName(elem)}`);
          return T.memview(T.double, te.dims.length);
        }
        const n = te.dims.length;
        let contig: 'c' | 'f' | null = null;
        te.dims.forEach((d, i) => {
          if (!d.contiguous) return;
          if (i === n - 1 && contig === null) contig = 'c';
          else if (i === 0 && n > 1) contig = 'f';
          else this.error(d.loc, 'Invalid axis specification for a C/Fortran contiguous array.');
        });
        if (n > 8) this.error(te.loc, 'More dimensions than the maximum number of buffer dimensions (8).');
        return T.memview(elem, n, contig, constElem);
      }
      case 'PtrType': {
        const to = this.resolveType(te.to);
        return { k: 'ptr', to };
      }
      case 'ArrayType': {
        let t = this.resolveType(te.elem);
        for (let i = te.sizes.length - 1; i >= 0; i--) t = this.carrayOf(t, te.sizes[i]!);
        return t;
      }
      case 'TupleType':
        return { k: 'ctuple', items: te.items.map((t) => this.resolveType(t)) };
      case 'FuncType':
        return { k: 'funcptr', ret: this.resolveType(te.ret), params: te.params.map((p) => this.resolveType(p)) };
      case 'IndexedType':
        this.unsupportedAt(te.loc, 'indexed types (np.ndarray[...] buffers, fused specializations)');
        return T.object;
    }
  }

  // ================================================================ constants
  /** Folds a compile-time constant expression (Python semantics on ints). */
  private foldConst(e: A.Expr): ConstExpr | null {
    switch (e.kind) {
      case 'Int':
        return ir.const(e.value, suffixedIntType(e.value, e.suffix));
      case 'Float':
        return e.imaginary ? null : ir.f64(e.value);
      case 'Bool':
        return ir.bool(e.value);
      case 'Str':
        return ir.const(e.value, T.py('str'));
      case 'Name': {
        const en = this.scope.enums.get(e.id);
        if (en) return ir.const(en.value, en.type);
        const d = this.scope.defConsts.get(e.id);
        if (d && d.kind === 'const') return d;
        const imp = this.scope.imports.get(e.id);
        if (imp?.kind === 'mathConst') return ir.f64(imp.value) as ConstExpr;
        return null;
      }
      case 'Unary': {
        const v = this.foldConst(e.operand);
        if (!v) return null;
        const n = constInt(v);
        if (e.op === '-' && n !== null) return ir.const(-n, literalIntType(-n));
        if (e.op === '-' && typeof v.value === 'number') return ir.f64(-v.value);
        if (e.op === '+') return v;
        if (e.op === '~' && n !== null) return ir.const(~n, literalIntType(~n));
        return null;
      }
      case 'BinOp': {
        const a = this.foldConst(e.left);
        const b = this.foldConst(e.right);
        if (!a || !b) return null;
        const x = constInt(a);
        const y = constInt(b);
        if (x !== null && y !== null) {
          // Python's true division of two ints (DEF HALF = N / 4)
          if (e.op === '/') return y !== 0n ? ir.f64(Number(x) / Number(y)) : null;
          let r: bigint | null = null;
          switch (e.op) {
            case '+': r = x + y; break;
            case '-': r = x - y; break;
            case '*': r = x * y; break;
            case '<<': r = y >= 0n && y < 4096n ? x << y : null; break;
            case '>>': r = y >= 0n ? x >> y : null; break;
            case '&': r = x & y; break;
            case '|': r = x | y; break;
            case '^': r = x ^ y; break;
            case '//': r = y !== 0n ? floorDivBig(x, y) : null; break;
            case '%': r = y !== 0n ? x - floorDivBig(x, y) * y : null; break;
            case '**': r = y >= 0n && y < 4096n ? x ** y : null; break;
            default: r = null;
          }
          if (r === null) return null;
          return ir.const(r, literalIntType(r));
        }
        const fx = typeof a.value === 'number' || typeof a.value === 'bigint' ? Number(a.value) : null;
        const fy = typeof b.value === 'number' || typeof b.value === 'bigint' ? Number(b.value) : null;
        if (fx === null || fy === null) return null;
        switch (e.op) {
          case '+': return ir.f64(fx + fy);
          case '-': return ir.f64(fx - fy);
          case '*': return ir.f64(fx * fy);
          case '/': return fy !== 0 ? ir.f64(fx / fy) : null;
          default: return null;
        }
      }
      default:
        return null;
    }
  }

  // ================================================================ messages
  private excIndex(name: string): number {
    let i = this.excNames.indexOf(name);
    if (i < 0) {
      i = this.excNames.length;
      this.excNames.push(name);
    }
    return i;
  }

  /** Registers a native-raisable message (const or format) so back ends can refer to it by index. */
  private registerMessage(msg: Message): void {
    if (msg.kind === 'object') return;
    const template = msg.kind === 'const' ? msg.text.replace(/%/g, '%%') : msg.template;
    const args = msg.kind === 'const' ? [] : msg.args.map((a) => (a.type.k === 'float' ? 'f' : a.type.k === 'bool' ? 'b' : a.type.k === 'int' && !a.type.signed ? 'u' : 'i') as 'i' | 'u' | 'f' | 'b');
    const key = `${template}\u0000${args.join('')}`;
    if (!this.messageIndex.has(key)) {
      this.messageIndex.set(key, this.messages.length);
      this.messages.push({ template, args });
    }
  }

  private checkExpr(ok: Expr, exc: string, text: string, value: Expr): Expr {
    this.excIndex(exc);
    const msg: Message = { kind: 'const', text };
    this.registerMessage(msg);
    return ir.check(ok, exc, msg, value);
  }

  private raiseStmt(exc: string, msg: Message, loc?: A.Loc): Stmt {
    this.excIndex(exc);
    this.registerMessage(msg);
    return { kind: 'raise', exc, msg, loc };
  }

  // ================================================================ functions
  private newFnCtx(info: FuncInfo | null, irName: string, retType: Type | 'infer', inferred: Map<string, Type>): FnCtx {
    return {
      info,
      irName,
      locals: [],
      names: new Map(),
      globalNames: new Set(),
      assigned: new Map(),
      inferred,
      directives: [info ? info.directives : { ...this.scope.directives }],
      loops: [],
      labelCount: 0,
      returns: [],
      retType,
      nogil: 0,
      conditional: 0,
      pre: [],
      mayHaveTry: false,
    };
  }

  private get dir(): Directives {
    return this.fn.directives[this.fn.directives.length - 1]!;
  }

  private newLocal(name: string, type: Type): LocalId {
    const id = this.fn.locals.length;
    this.fn.locals.push({ id, name, type });
    return id;
  }

  private temp(type: Type, hint = 't'): LocalId {
    return this.newLocal(`$${hint}${this.fn.locals.length}`, type);
  }

  private label(hint: string): string {
    return `${hint}${this.fn.labelCount++}`;
  }

  private lowerFunction(info: FuncInfo): void {
    let inferred = new Map<string, Type>();
    // Untyped locals start as objects; a second pass retypes those that only
    // ever hold C doubles or one memoryview type (Cython's safe inference).
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = this.lowerFunctionOnce(info, inferred);
      const next = this.inferFromAssignments(result.ctx);
      if (next.size === inferred.size && [...next].every(([k, v]) => inferred.get(k) && sameType(inferred.get(k)!, v))) {
        this.functions.push(result.fn);
        return;
      }
      inferred = next;
    }
    this.functions.push(this.lowerFunctionOnce(info, inferred).fn);
  }

  private inferFromAssignments(ctx: FnCtx): Map<string, Type> {
    const out = new Map<string, Type>();
    if (this.dir.infer_types === false) return out;
    for (const [name, types] of ctx.assigned) {
      if (!types.length) continue;
      const first = types[0]!;
      if (first.k === 'float' && first.bits === 64 && types.every((t) => t.k === 'float' && t.bits === 64)) out.set(name, T.double);
      else if (first.k === 'memview' && types.every((t) => sameType(t, first))) out.set(name, first);
    }
    return out;
  }

  private lowerFunctionOnce(info: FuncInfo, inferred: Map<string, Type>): { fn: IRFunction; ctx: FnCtx } {
    const f = info.ast;
    const retType: Type | 'infer' = info.flavor === 'def' ? 'infer' : info.ret;
    this.fn = this.newFnCtx(info, info.irName, retType, inferred);
    if (f.isAsync) this.unsupportedAt(f.loc, 'async functions');
    if (containsYield(f.body)) this.unsupportedAt(f.loc, 'generator functions (yield)');
    const params: Param[] = [];
    for (const p of info.params) {
      const id = this.newLocal(p.name, p.type);
      this.fn.names.set(p.name, id);
      if (info.flavor !== 'cdef' && (p.type.k === 'ptr' || p.type.k === 'funcptr' || isAggregate(p.type)) && !pyConvertible(p.type)) {
        this.error(p.loc, `Cannot convert Python object argument to type '${typeName(p.type)}'`);
      }
      if (info.flavor === 'cpdef' && p === info.params[0]) {
        const r = info.ret;
        if ((r.k === 'ptr' || r.k === 'funcptr' || isAggregate(r)) && !pyConvertible(r)) this.error(f.loc, `Cannot convert '${typeName(r)}' to Python object`);
      }
      let def: Expr | null = null;
      if (p.default) def = this.lowerDefault(p.default, p.type);
      params.push({ name: p.name, local: id, type: p.type, default: def, kwOnly: p.kwOnly, notNone: p.notNone, star: p.star });
    }
    this.declareLocals(f.body);
    const body = this.lowerBlock(this.bodyWithoutDocstring(f.body));
    let ret: Type;
    if (retType === 'infer') {
      ret = this.inferDefReturn(f.body);
      for (const r of this.fn.returns) if (r.stmt.value) r.stmt.value = this.coerce(r.stmt.value, ret, r.stmt.value.loc ?? f.loc);
    } else ret = retType;
    if (ret.k !== 'void' && retType !== 'infer' && info.flavor !== 'def') {
      // cdef/cpdef falling off the end return 0 / None like C / Cython
      if (!alwaysReturns(f.body)) body.push({ kind: 'return', value: this.zeroOf(ret) });
    } else if (retType === 'infer' && ret.k === 'object' && !alwaysReturns(f.body)) {
      body.push({ kind: 'return', value: ir.const(null, T.py('none')) });
    }
    info.implRet = ret;
    const fn: IRFunction = {
      name: info.irName,
      pyName: info.pyName,
      flavor: info.flavor,
      params,
      ret,
      locals: this.fn.locals,
      body,
      mayRaise: true,
      tier: 'generic',
      exported: info.flavor !== 'cdef',
      docstring: f.docstring,
      loc: f.loc,
    };
    if (f.inline || f.decorators.some((d) => d.expr.kind === 'Attribute' && d.expr.attr === 'inline' && this.isCythonModule(d.expr.value))) {
      fn.inline = true;
    }
    // Cython 0.29: without an except clause, a cdef/cpdef function with a C return
    // type cannot propagate exceptions; they are printed and it returns 0.
    if (info.flavor !== 'def' && ret.k !== 'object' && (!f.exceptClause || f.noexcept)) fn.swallowErrors = true;
    if (f.exceptClause?.value) {
      const c = this.foldConst(f.exceptClause.value);
      if (c && (typeof c.value === 'bigint' || typeof c.value === 'number')) fn.exceptValue = c.value;
    }
    return { fn, ctx: this.fn };
  }

  private zeroOf(t: Type): Expr {
    if (t.k === 'int') return ir.const(0n, t);
    if (t.k === 'float') return ir.const(0, t);
    if (t.k === 'bool') return ir.bool(false);
    if (t.k === 'memview') return { kind: 'mvNone', type: t };
    if (t.k === 'ptr' || t.k === 'funcptr') return this.nullOf(t);
    if (isAggregate(t)) return ir.const(null, t);
    return ir.const(null, T.py('none'));
  }

  private bodyWithoutDocstring(body: A.Stmt[]): A.Stmt[] {
    const first = body[0];
    if (first && first.kind === 'ExprStmt' && first.expr.kind === 'Str') return body.slice(1);
    return body;
  }

  private lowerDefault(e: A.Expr, t: Type): Expr {
    const c = this.foldConst(e);
    if (e.kind === 'NoneLit') return t.k === 'memview' ? { kind: 'mvNone', type: t } : ir.const(null, T.py('none'));
    if (c) {
      if (t.k === 'object') return c.type.k === 'float' ? ir.py('float', [ir.const(c.value as number, T.double)]) : ir.const(c.value, c.type.k === 'int' ? T.py('int') : c.type.k === 'bool' ? T.py('bool') : c.type);
      return this.coerce(c, t, e.loc);
    }
    if (e.kind === 'Str') return ir.const(e.value, T.py('str'));
    this.unsupportedAt(e.loc, 'non-constant default arguments');
    return this.zeroOf(t);
  }

  /** Cython's return type for a def function's C implementation (callers box it). */
  private inferDefReturn(body: A.Stmt[]): Type {
    const rets = this.fn.returns;
    const valued = rets.filter((r) => r.stmt.value !== null);
    if (valued.length === 0) return T.void;
    if (valued.length !== rets.length || !alwaysReturns(body)) return T.object;
    const types = valued.map((r) => r.natural);
    const isLit = valued.map((r) => r.stmt.value!.kind === 'const');
    const nonLit = types.filter((_, i) => !isLit[i]);
    const ref = nonLit[0] ?? types[0]!;
    // a struct, C array or ctuple result: converted to a dict / list / tuple by the callers
    if (isAggregate(ref)) return types.every((t) => sameType(t, ref)) && pyConvertible(ref) ? ref : T.object;
    if (ref.k === 'bool') return types.every((t) => t.k === 'bool') ? T.bool : T.object;
    if (ref.k === 'float') {
      // literals must be floats of the same type (a literal int would change the Python type)
      return types.every((t) => t.k === 'float' && t.bits === ref.bits) ? ref : T.object;
    }
    if (ref.k === 'int') {
      if (!types.every((t) => t.k === 'int')) return T.object;
      if (nonLit.length === 0) return T.long;
      if (!nonLit.every((t) => sameType(t, ref))) return T.object;
      // literal ints must fit the type
      const ok = valued.every((r, i) => {
        if (!isLit[i]) return true;
        const v = constInt(r.stmt.value!);
        return v !== null && wrapInt(v, ref as IntType) === v;
      });
      return ok ? ref : T.object;
    }
    return T.object;
  }

  /** Pre-declares `cdef` locals and marks assigned names as locals (Python scoping). */
  private declareLocals(body: A.Stmt[]): void {
    const visit = (stmts: A.Stmt[], nested = false) => {
      for (const s of stmts) {
        switch (s.kind) {
          case 'CVarDecl':
            // Cython: cdef declarations only at the top level of a function body (not in if/for/while/try/with)
            if (nested) this.error(s.loc, 'cdef statement not allowed here');
            for (const d of s.declarators) {
              const t = this.declaratorType(this.resolveType(s.type), d);
              if (this.fn.names.has(d.name) && this.fn.locals[this.fn.names.get(d.name)!]!.name === d.name && this.isParam(d.name)) {
                this.error(d.loc, `'${d.name}' redeclared`);
              }
              if (t.k === 'void') this.error(d.loc, 'Variable type cannot be void');
              this.fn.names.set(d.name, this.newLocal(d.name, t));
            }
            break;
          case 'CdefBlock':
            if (nested) this.error(s.loc, 'cdef statement not allowed here');
            visit(s.body);
            break;
          case 'Global':
            for (const n of s.names) this.fn.globalNames.add(n);
            break;
          case 'If':
          case 'While':
            visit(s.body, true);
            visit(s.orelse, true);
            break;
          case 'For':
            visit(s.body, true);
            visit(s.orelse, true);
            break;
          case 'ForFrom':
            visit(s.body, true);
            break;
          case 'With':
            visit(s.body, true);
            break;
          case 'Try':
            visit(s.body, true);
            for (const h of s.handlers) visit(h.body, true);
            visit(s.orelse, true);
            visit(s.finalbody, true);
            break;
          default:
            break;
        }
      }
    };
    visit(body);
    // Untyped assigned names become locals (objects unless inference retyped them).
    const assigned = new Set<string>();
    const visitAssign = (stmts: A.Stmt[]) => {
      for (const s of stmts) {
        switch (s.kind) {
          case 'Assign':
            for (const t of s.targets) this.collectAssignedNames(t, assigned);
            break;
          case 'AugAssign':
          case 'AnnAssign':
            this.collectAssignedNames(s.target, assigned);
            break;
          case 'For':
            this.collectAssignedNames(s.target, assigned);
            visitAssign(s.body);
            visitAssign(s.orelse);
            break;
          case 'If':
          case 'While':
            visitAssign(s.body);
            visitAssign(s.orelse);
            break;
          case 'With':
            for (const it of s.items) if (it.target) this.collectAssignedNames(it.target, assigned);
            visitAssign(s.body);
            break;
          case 'Try':
            visitAssign(s.body);
            for (const h of s.handlers) {
              if (h.name) assigned.add(h.name);
              visitAssign(h.body);
            }
            visitAssign(s.orelse);
            visitAssign(s.finalbody);
            break;
          case 'FuncDef':
            assigned.add(s.name);
            break;
          case 'Import':
          case 'ImportFrom':
            for (const a of s.names) assigned.add(a.asname ?? a.name.split('.')[0]!);
            break;
          default:
            break;
        }
      }
    };
    visitAssign(body);
    for (const n of assigned) {
      if (this.fn.names.has(n) || this.fn.globalNames.has(n)) continue;
      const t = this.fn.inferred.get(n) ?? T.object;
      this.fn.names.set(n, this.newLocal(n, t));
      this.fn.assigned.set(n, []);
    }
  }

  private isParam(name: string): boolean {
    return this.fn.info?.params.some((p) => p.name === name) ?? false;
  }

  // ================================================================ module init
  private emptyInit(): IRFunction {
    return { name: '__init__', pyName: '<module>', flavor: 'init', params: [], ret: T.void, locals: [], body: [], mayRaise: true, tier: 'generic', exported: false, docstring: null, loc: this.ast.body[0]?.loc ?? { line: 1, col: 1, endLine: 1, endCol: 1 } };
  }

  private lowerInit(): IRFunction {
    this.fn = this.newFnCtx(null, '__init__', T.void, new Map());
    this.fn.nogil = 0;
    const body: Stmt[] = [];
    for (const g of this.pendingGlobalInits) {
      this.fn.pre = [];
      const dg = this.dataGlobals.get(g.name);
      if (dg) {
        const v = this.lowerTo(g.init, dg.type);
        body.push(...this.fn.pre, { kind: 'store', ptr: { kind: 'globalAddr', name: g.name, type: this.ptrTo(dg.type) }, value: v, loc: g.init.loc });
        continue;
      }
      const gv = this.scope.globals.get(g.name)!;
      const v = this.coerce(this.lowerExpr(g.init), gv.type, g.init.loc);
      body.push(...this.fn.pre, { kind: 'setGlobal', name: g.name, value: v, loc: g.init.loc });
    }
    for (const s of this.ast.body) {
      switch (s.kind) {
        case 'FuncDef':
        case 'ClassDef':
        case 'CImport':
        case 'CImportFrom':
        case 'CTypedef':
        case 'FusedDef':
        case 'StructDef':
        case 'EnumDef':
        case 'ExternBlock':
        case 'CFuncDecl':
        case 'DEF':
        case 'IFDEF':
        case 'Pass':
          continue;
        case 'Import':
        case 'ImportFrom':
          continue; // numpy / cython are resolved statically
        case 'CVarDecl':
        case 'CdefBlock': {
          const decls = s.kind === 'CVarDecl' ? [s] : s.body.filter((x): x is Extract<A.Stmt, { kind: 'CVarDecl' }> => x.kind === 'CVarDecl');
          for (const d of decls)
            for (const dec of d.declarators)
              if (this.scope.objectGlobals.has(dec.name)) {
                this.fn.pre = [];
                const v = dec.init ? this.toObject(this.lowerExpr(dec.init), dec.init.loc) : ir.const(null, T.py('none'));
                body.push(...this.fn.pre, { kind: 'setPyGlobal', name: dec.name, value: v });
              }
          continue;
        }
        case 'ExprStmt':
          if (s.expr.kind === 'Str') continue; // module docstring
          break;
        default:
          break;
      }
      body.push(...this.lowerStmt(s));
    }
    return { name: '__init__', pyName: '<module>', flavor: 'init', params: [], ret: T.void, locals: this.fn.locals, body, mayRaise: true, tier: 'generic', exported: false, docstring: null, loc: this.ast.body[0]?.loc ?? { line: 1, col: 1, endLine: 1, endCol: 1 } };
  }

  // ================================================================ statements
  private lowerBlock(stmts: A.Stmt[]): Stmt[] {
    const out: Stmt[] = [];
    for (const s of stmts) out.push(...this.lowerStmt(s));
    return out;
  }

  /** Lowers one statement; statements hoisted out of its expressions come first. */
  private lowerStmt(s: A.Stmt): Stmt[] {
    const saved = this.fn.pre;
    this.fn.pre = [];
    try {
      const main = this.lowerStmtInner(s);
      for (const m of main) if (!m.loc) m.loc = s.loc;
      return [...this.fn.pre, ...main];
    } finally {
      this.fn.pre = saved;
    }
  }

  private lowerStmtInner(s: A.Stmt): Stmt[] {
    switch (s.kind) {
      case 'Pass':
      case 'Global':
        return [];
      case 'ExprStmt':
        return this.lowerExprStmt(s.expr);
      case 'CVarDecl':
        return this.lowerLocalDecl(s);
      case 'CdefBlock':
        return this.lowerBlock(s.body);
      case 'Assign':
        return this.lowerAssign(s);
      case 'AugAssign':
        return this.lowerAugAssign(s);
      case 'AnnAssign':
        if (!s.value) return [];
        return this.assignTo(s.target, this.lowerExpr(s.value), s.loc);
      case 'If': {
        const st = this.staticCond(s.test);
        if (st !== null) return this.lowerBlock(st ? s.body : s.orelse);
        return [ir.if(this.lowerCond(s.test), this.lowerBlock(s.body), this.lowerBlock(s.orelse))];
      }
      case 'While':
        return this.lowerWhile(s);
      case 'For':
        return this.lowerFor(s);
      case 'Break': {
        const l = this.fn.loops[this.fn.loops.length - 1];
        if (!l) this.error(s.loc, "'break' not in loop");
        return [{ kind: 'break', label: l.breakLabel }];
      }
      case 'Continue': {
        const l = this.fn.loops[this.fn.loops.length - 1];
        if (!l) this.error(s.loc, "'continue' not in loop");
        return [{ kind: 'continue', label: l.continueLabel }];
      }
      case 'Return':
        return this.lowerReturn(s);
      case 'Raise':
        return this.lowerRaise(s);
      case 'Try':
        return this.lowerTry(s);
      case 'With':
        return this.lowerWith(s);
      case 'Assert': {
        const msg: Message = s.msg ? { kind: 'object', value: this.toObject(this.lowerExpr(s.msg), s.msg.loc) } : { kind: 'const', text: '' };
        const ok = this.lowerCond(s.test);
        this.excIndex('AssertionError');
        this.registerMessage(msg);
        return [ir.if(ir.not(ok), [{ kind: 'raise', exc: 'AssertionError', msg, loc: s.loc }])];
      }
      case 'Del':
        return s.targets.flatMap((t) => this.lowerDel(t));
      case 'FuncDef':
        this.unsupportedAt(s.loc, 'nested functions');
        return [];
      case 'ClassDef':
        this.unsupportedAt(s.loc, 'classes inside functions');
        return [];
      case 'Nonlocal':
        this.unsupportedAt(s.loc, 'nonlocal');
        return [];
      case 'Import':
      case 'ImportFrom':
      case 'CImport':
      case 'CImportFrom':
        this.unsupportedAt(s.loc, 'imports inside functions');
        return [];
      case 'ForFrom':
        return this.lowerForFrom(s);
      default:
        this.unsupportedAt(s.loc, `${s.kind} statements here`);
        return [];
    }
  }

  private lowerExprStmt(e: A.Expr): Stmt[] {
    // print(...) is a statement in the IR
    if (e.kind === 'Call' && e.func.kind === 'Name' && e.func.id === 'print' && this.isBuiltin('print')) {
      const args = e.args.map((a) => this.toObject(this.lowerExpr(a), a.loc));
      let sep: Expr | null = null;
      let end: Expr | null = null;
      for (const k of e.keywords) {
        if (k.name === 'sep') sep = this.toObject(this.lowerExpr(k.value), k.value.loc);
        else if (k.name === 'end') end = this.toObject(this.lowerExpr(k.value), k.value.loc);
        else if (k.name === 'flush') continue;
        else this.unsupportedAt(k.loc, `print(${k.name}=...)`);
      }
      return [{ kind: 'print', args, sep, end }];
    }
    if (e.kind === 'Str' || e.kind === 'EllipsisLit') return [];
    return [{ kind: 'expr', value: this.lowerExpr(e) }];
  }

  private lowerLocalDecl(s: Extract<A.Stmt, { kind: 'CVarDecl' }>): Stmt[] {
    const out: Stmt[] = [];
    for (const d of s.declarators) {
      if (!d.init) continue;
      const id = this.fn.names.get(d.name)!;
      const t = this.fn.locals[id]!.type;
      out.push(...this.fn.pre.splice(0));
      const v = this.lowerTo(d.init, t);
      out.push(...this.fn.pre.splice(0));
      out.push(ir.set(id, v));
    }
    return out;
  }

  private lowerAssign(s: Extract<A.Stmt, { kind: 'Assign' }>): Stmt[] {
    // a, b = b, a % b : evaluate every right-hand item before assigning
    const t0 = s.targets[0]!;
    if (s.targets.length === 1 && (t0.kind === 'Tuple' || t0.kind === 'List') && (s.value.kind === 'Tuple' || s.value.kind === 'List') &&
        t0.elts.length === s.value.elts.length && !t0.elts.some((e) => e.kind === 'Starred') && !s.value.elts.some((e) => e.kind === 'Starred')) {
      const out: Stmt[] = [];
      const temps = s.value.elts.map((v) => {
        const x = this.lowerExpr(v);
        const id = this.temp(x.type);
        out.push(...this.fn.pre.splice(0), ir.set(id, x));
        return ir.local(id, x.type);
      });
      t0.elts.forEach((t, i) => out.push(...this.assignTo(t, temps[i]!, s.loc)));
      return out;
    }
    if (s.targets.length === 1 && t0.kind === 'Name' && (s.value.kind === 'Tuple' || s.value.kind === 'List' || s.value.kind === 'Dict')) {
      // a display assigned to a struct / C array / ctuple variable builds the C value
      const id = this.fn.globalNames.has(t0.id) ? undefined : this.fn.names.get(t0.id);
      const dest = id !== undefined ? this.fn.locals[id]!.type : this.dataGlobals.get(t0.id)?.type;
      if (dest && isAggregate(dest)) return this.assignTo(t0, this.lowerTo(s.value, dest), s.loc);
    }
    let value = this.lowerExpr(s.value);
    if (s.targets.length === 1) return this.assignTo(t0, value, s.loc);
    const out: Stmt[] = [];
    if (!isTrivial(value)) {
      const id = this.temp(value.type);
      out.push(ir.set(id, value));
      value = ir.local(id, value.type);
    }
    for (const t of s.targets) out.push(...this.assignTo(t, value, s.loc));
    return out;
  }

  /** Assigns an already-lowered value to a target expression. */
  private assignTo(target: A.Expr, value: Expr, loc: A.Loc): Stmt[] {
    switch (target.kind) {
      case 'Name':
        return this.assignName(target, value);
      case 'Subscript':
        return this.assignSubscript(target, value, loc);
      case 'Attribute': {
        const base = this.lowerExpr(target.value);
        const field = this.attrAddr(base, target.attr, target.loc);
        if (field) return [this.storeTo(field, value, loc)];
        const obj = this.toObject(base, target.value.loc);
        return [{ kind: 'expr', value: ir.py('setattr', [obj, ir.const(target.attr, T.py('str')), this.toObject(value, loc)]) }];
      }
      case 'Tuple':
      case 'List': {
        if (value.type.k === 'ctuple') {
          // unpacking a C tuple: one field per target, no Python tuple in between
          const ct = value.type;
          if (target.elts.some((e) => e.kind === 'Starred') || target.elts.length !== ct.items.length) {
            this.error(target.loc, `Cannot unpack ${typeName(ct)} into ${target.elts.length} targets`);
          }
          const addr = this.addressOfValue(value, loc);
          const out: Stmt[] = [];
          target.elts.forEach((el, i) => out.push(...this.assignTo(el, this.loadFrom(this.fieldAddr(addr, i)), loc)));
          return out;
        }
        const star = target.elts.findIndex((e) => e.kind === 'Starred');
        const n = target.elts.length;
        const seq = this.toObject(value, loc);
        const items = this.temp(T.object, 'unpack');
        const out: Stmt[] = [];
        if (star < 0) out.push(ir.set(items, ir.py('unpack', [seq, ir.const(BigInt(n), T.ssize)])));
        else out.push(ir.set(items, ir.py('unpack_star', [seq, ir.const(BigInt(star), T.ssize), ir.const(BigInt(n - star - 1), T.ssize)])));
        target.elts.forEach((el, i) => {
          const item = ir.py('getitem', [ir.local(items, T.object), ir.const(BigInt(i), T.py('int'))]);
          const t = el.kind === 'Starred' ? el.value : el;
          this.fn.pre = [];
          const stmts = this.assignTo(t, item, loc);
          out.push(...this.fn.pre, ...stmts);
        });
        return out;
      }
      case 'Starred':
        this.error(target.loc, 'starred assignment target must be in a list or tuple');
      default:
        this.error(target.loc, 'Cannot assign to or delete this');
    }
  }

  private assignName(target: Extract<A.Expr, { kind: 'Name' }>, value: Expr): Stmt[] {
    const name = target.id;
    const localId = this.fn.globalNames.has(name) ? undefined : this.fn.names.get(name);
    if (localId !== undefined) {
      const local = this.fn.locals[localId]!;
      const types = this.fn.assigned.get(name);
      if (types) types.push(value.type);
      return [ir.set(localId, this.coerce(value, local.type, target.loc))];
    }
    const g = this.scope.globals.get(name);
    if (g) {
      if (!this.fn.globalNames.has(name) && this.fn.info) this.error(target.loc, `local variable '${name}' referenced before assignment`);
      return [{ kind: 'setGlobal', name, value: this.coerce(value, g.type, target.loc) }];
    }
    const dg = this.dataGlobals.get(name);
    if (dg) {
      if (!this.fn.globalNames.has(name) && this.fn.info) this.error(target.loc, `local variable '${name}' referenced before assignment`);
      return [this.storeTo({ kind: 'globalAddr', name, type: this.ptrTo(dg.type) }, value, target.loc)];
    }
    if (this.scope.pyGlobals.has(name) && (this.fn.globalNames.has(name) || !this.fn.info)) {
      if (this.scope.functions.has(name) || this.scope.exceptionClasses.has(name)) this.unsupportedAt(target.loc, `rebinding the module function or class '${name}'`);
      return [{ kind: 'setPyGlobal', name, value: this.toObject(value, target.loc) }];
    }
    if (this.scope.enums.has(name)) this.error(target.loc, 'Assignment to non-lvalue');
    this.error(target.loc, `undeclared name not builtin: ${name}`);
  }

  /** Cython's in-place `/=` between C integers divides like `//` (floor, or C's under cdivision), not true division. */
  private inPlaceOp(op: A.BinOp, cur: Expr, rhs: Expr): A.BinOp {
    const isInt = (t: Type) => t.k === 'int' || t.k === 'bool';
    return op === '/' && isInt(cur.type) && isInt(rhs.type) ? '//' : op;
  }

  private lowerAugAssign(s: Extract<A.Stmt, { kind: 'AugAssign' }>): Stmt[] {
    const t = s.target;
    if (t.kind === 'Name') {
      const cur = this.lowerExpr(t);
      const rhs = this.lowerExpr(s.value);
      const r = cur.type.k === 'object' && (s.op === '+' || s.op === '*') ? ir.py(s.op === '+' ? 'iadd' : 'imul', [cur, this.toObject(rhs, s.loc)]) : this.binary(this.inPlaceOp(s.op, cur, rhs), cur, rhs, s.loc);
      return this.assignName(t, r);
    }
    if (t.kind === 'Subscript') {
      const base = this.lowerExpr(t.value);
      if (base.type.k === 'memview') {
        // compute the element offset once: a[i] += v
        const view = this.bindTempStmt(base);
        const elem = this.elementRef(view, t.index, t.loc);
        if (!elem) this.error(t.loc, 'augmented assignment to a memoryview slice');
        const off = this.bindTempStmt(elem.offset);
        const cur: Expr = { kind: 'mvLoad', view, offset: off, type: (view.type as MemviewType).elem };
        const rhs = this.lowerExpr(s.value);
        // Cython writes buffer in-place operators as C's: `/=` and `//=` on a float element are C division
        // (no ZeroDivisionError, no floor); on an int element `/=`, `//=`, `%=` need cdivision
        const elemT = cur.type as ScalarType;
        let r: Expr;
        if ((s.op === '/' || s.op === '//' || s.op === '%') && elemT.k !== 'float' && !this.dir.cdivision) {
          this.error(s.loc, 'In-place non-c divide operators not allowed on int buffers.');
        }
        if ((s.op === '/' || s.op === '//') && isScalar(rhs.type) && (elemT.k === 'float' || rhs.type.k === 'float')) {
          const ft = commonType(elemT, this.operandType(rhs)) as FloatType;
          r = ir.bin('div', this.coerce(cur, ft, s.loc), this.coerce(rhs, ft, s.loc), ft);
        } else r = this.binary(this.inPlaceOp(s.op, cur, rhs), cur, rhs, s.loc);
        if ((view.type as MemviewType).readonly) this.error(t.loc, 'Assignment to const dereference');
        return [{ kind: 'mvStore', view, offset: off, value: this.coerce(r, (view.type as MemviewType).elem, s.loc) }];
      }
      const cel = this.elementAddr(base, t.index, t.loc);
      if (cel) return this.augStore(cel, s);
      const obj = this.bindTempStmt(this.toObject(base, t.value.loc));
      const key = this.bindTempStmt(this.lowerIndexObject(t.index));
      const cur = ir.py('getitem', [obj, key]);
      const rhs = this.toObject(this.lowerExpr(s.value), s.loc);
      const r = s.op === '+' ? ir.py('iadd', [cur, rhs]) : s.op === '*' ? ir.py('imul', [cur, rhs]) : this.binary(s.op, cur, rhs, s.loc);
      return [{ kind: 'expr', value: ir.py('setitem', [obj, key, this.toObject(r, s.loc)]) }];
    }
    if (t.kind === 'Attribute') {
      const base = this.lowerExpr(t.value);
      const field = this.attrAddr(base, t.attr, t.loc);
      if (field) return this.augStore(field, s);
      const obj = this.bindTempStmt(this.toObject(base, t.loc));
      const name = ir.const(t.attr, T.py('str'));
      const r = this.binary(s.op, ir.py('getattr', [obj, name]), this.lowerExpr(s.value), s.loc);
      return [{ kind: 'expr', value: ir.py('setattr', [obj, name, this.toObject(r, s.loc)]) }];
    }
    this.error(t.loc, 'Cannot assign to this');
  }

  private lowerDel(t: A.Expr): Stmt[] {
    if (t.kind === 'Subscript') {
      const obj = this.toObject(this.lowerExpr(t.value), t.loc);
      return [{ kind: 'expr', value: ir.py('delitem', [obj, this.lowerIndexObject(t.index)]) }];
    }
    if (t.kind === 'Name') {
      const id = this.fn.names.get(t.id);
      if (id !== undefined && this.fn.locals[id]!.type.k === 'object') return [ir.set(id, ir.const(null, T.py('none')))];
    }
    this.unsupportedAt(t.loc, 'this del statement');
    return [];
  }

  /** Binds a value to a temp (statement hoisted into pre) unless it is trivial; returns the reusable expression. */
  private bindTempStmt(e: Expr): Expr {
    if (isTrivial(e)) return e;
    if (this.fn.conditional > 0) {
      const id = this.temp(e.type);
      // inside a conditional expression: the caller must use letIn instead
      this.fn.pre.push(ir.set(id, e));
      return ir.local(id, e.type);
    }
    const id = this.temp(e.type);
    this.fn.pre.push(ir.set(id, e));
    return ir.local(id, e.type);
  }

  private lowerWhile(s: Extract<A.Stmt, { kind: 'While' }>): Stmt[] {
    const brk = this.label('while_end');
    const cont = this.label('while');
    this.fn.loops.push({ breakLabel: s.orelse.length ? brk : cont + '_b', continueLabel: cont });
    // the loop's own break label is the one Python `break` uses when there is no else
    const test = this.lowerStmtsWithPre(() => this.lowerCond(s.test));
    const body = this.lowerBlock(s.body);
    this.fn.loops.pop();
    const loop: Stmt = { kind: 'loop', label: cont, body: [...test.pre, ir.if(ir.not(test.value), [{ kind: 'break', label: cont }]), ...body], update: [] };
    if (!s.orelse.length) {
      // `break` inside targets label cont+'_b': a block around the loop
      return [{ kind: 'block', label: cont + '_b', body: [loop] }];
    }
    return [{ kind: 'block', label: brk, body: [loop, ...this.lowerBlock(s.orelse)] }];
  }

  private lowerStmtsWithPre(f: () => Expr): { pre: Stmt[]; value: Expr } {
    const saved = this.fn.pre;
    this.fn.pre = [];
    try {
      const value = f();
      return { pre: this.fn.pre, value };
    } finally {
      this.fn.pre = saved;
    }
  }

  private lowerFor(s: Extract<A.Stmt, { kind: 'For' }>): Stmt[] {
    const range = this.matchRange(s.iter);
    if (range && s.target.kind === 'Name') {
      const id = this.fn.globalNames.has(s.target.id) ? undefined : this.fn.names.get(s.target.id);
      const t = id !== undefined ? this.fn.locals[id]!.type : null;
      if (id !== undefined && t && t.k === 'int') {
        return this.lowerRangeLoop(id, t, range, s.body, s.orelse, s.loc);
      }
    }
    return this.lowerObjectLoop(s.target, s.iter, s.body, s.orelse, s.loc);
  }

  private matchRange(e: A.Expr): { args: A.Expr[]; reversed: boolean } | null {
    if (e.kind !== 'Call' || e.func.kind !== 'Name' || e.keywords.length || e.starArgs) return null;
    if (e.func.id === 'range' && this.isBuiltin('range') && e.args.length >= 1 && e.args.length <= 3) return { args: e.args, reversed: false };
    if (e.func.id === 'prange' && this.scope.imports.get('prange')?.kind === 'parallel') {
      this.unsupportedAt(e.loc, 'prange (parallel loops)');
      return null;
    }
    if (e.func.id === 'reversed' && this.isBuiltin('reversed') && e.args.length === 1) {
      const inner = this.matchRange(e.args[0]!);
      if (inner && !inner.reversed) return { args: inner.args, reversed: true };
    }
    return null;
  }

  /**
   * `for i in range(a, b, step)` with a C integer target: the bounds are evaluated
   * once; `i` takes each value; after the loop it keeps the last value (unchanged
   * when the range is empty), as Cython's C loop does.
   */
  private lowerRangeLoop(id: LocalId, t: IntType, range: { args: A.Expr[]; reversed: boolean }, body: A.Stmt[], orelse: A.Stmt[], loc: A.Loc): Stmt[] {
    const out: Stmt[] = [];
    const args = range.args.map((a) => this.lowerExpr(a));
    for (const a of args) if (a.type.k !== 'int' && a.type.k !== 'bool') {
      // Python objects or floats as bounds: Cython would take the Python path
      if (a.type.k === 'float') this.error(loc, "'float' object cannot be interpreted as an integer");
    }
    // loop arithmetic in a type wide enough for the target and the bounds
    let ct: IntType = promote(t) as IntType;
    for (const a of args) if (a.type.k === 'int' || a.type.k === 'bool') ct = commonType(ct, a.type) as IntType;
    if (ct.bits < 64) ct = ct.signed ? T.long : T.ulong;
    const conv = (e: Expr, l: A.Loc) => this.coerce(e, ct, l);
    let start: Expr, stop: Expr, step: Expr;
    if (args.length === 1) {
      start = ir.const(0n, ct);
      stop = conv(args[0]!, range.args[0]!.loc);
      step = ir.const(1n, ct);
    } else {
      start = conv(args[0]!, range.args[0]!.loc);
      stop = conv(args[1]!, range.args[1]!.loc);
      step = args[2] ? conv(args[2], range.args[2]!.loc) : ir.const(1n, ct);
    }
    const bind = (e: Expr, hint: string) => {
      if (e.kind === 'const') return e;
      const tmp = this.temp(ct, hint);
      out.push(...this.fn.pre.splice(0), ir.set(tmp, e));
      return ir.local(tmp, ct);
    };
    start = bind(start, 'start');
    stop = bind(stop, 'stop');
    step = bind(step, 'step');
    const stepConst = constInt(step);
    if (stepConst === 0n) this.error(range.args[2]!.loc, 'range() arg 3 must not be zero');
    if (stepConst === null) {
      out.push(ir.if(ir.cmp('eq', step, ir.const(0n, ct)), [this.raiseStmt('ValueError', { kind: 'const', text: 'range() arg 3 must not be zero' }, loc)]));
    }
    // number of iterations, computed without overflow: n = (stop - start + step -/+ 1) / step when positive
    const counter = this.temp(ct, 'i');
    const cnt = this.temp(T.ulong, 'n');
    const n = this.rangeCount(start, stop, step, stepConst, ct);
    out.push(ir.set(cnt, n));
    const ctr = ir.local(counter, ct);
    const cntE = ir.local(cnt, T.ulong);
    const kId = this.temp(T.ulong, 'k');
    const k = ir.local(kId, T.ulong);
    // value of iteration k: start + k*step, or for reversed: start + (n-1-k)*step
    const ctU = { ...ct, signed: false } as IntType;
    const kk = range.reversed ? ir.bin('sub', ir.bin('sub', cntE, ir.const(1n, T.ulong)), k) : k;
    const value = ir.cast(ir.bin('add', ir.cast(start, ctU), ir.bin('mul', ir.cast(kk, ctU), ir.cast(step, ctU))), ct);
    out.push(ir.set(kId, ir.const(0n, T.ulong)));
    const loopLabel = this.label('for');
    const brk = this.label('for_end');
    this.fn.loops.push({ breakLabel: brk, continueLabel: loopLabel });
    const bodyStmts = this.lowerBlock(body);
    this.fn.loops.pop();
    const loop: Stmt = {
      kind: 'loop',
      label: loopLabel,
      body: [
        ir.if(ir.cmp('ge', k, cntE), [{ kind: 'break', label: loopLabel }]),
        ir.set(counter, value),
        ir.set(id, this.coerce(ctr, this.fn.locals[id]!.type as IntType, loc)),
        ...bodyStmts,
      ],
      update: [ir.set(kId, ir.bin('add', k, ir.const(1n, T.ulong)))],
    };
    out.push({ kind: 'block', label: brk, body: [loop, ...this.lowerBlock(orelse)] });
    return out;
  }

  /** Trip count of range(start, stop, step) as an unsigned 64-bit value (0 when empty). */
  private rangeCount(start: Expr, stop: Expr, step: Expr, stepConst: bigint | null, ct: IntType): Expr {
    const U = T.ulong;
    const u = (e: Expr) => ir.cast(e, { ...ct, signed: false } as IntType);
    const w = (e: Expr) => (ct.bits === 64 ? ir.cast(e, U) : ir.cast(e, U));
    // positive step: stop > start ? (stop - start - 1) / step + 1 : 0 (in unsigned arithmetic)
    const pos = (st: Expr) =>
      ir.cond(ir.cmp('gt', stop, start), ir.bin('add', ir.bin('div', w(ir.bin('sub', ir.bin('sub', u(stop), u(start)), ir.const(1n, { ...ct, signed: false } as IntType))), w(u(st))), ir.const(1n, U)), ir.const(0n, U), U);
    const neg = (st: Expr) =>
      ir.cond(ir.cmp('lt', stop, start), ir.bin('add', ir.bin('div', w(ir.bin('sub', ir.bin('sub', u(start), u(stop)), ir.const(1n, { ...ct, signed: false } as IntType))), w(ir.neg(u(st)))), ir.const(1n, U)), ir.const(0n, U), U);
    if (stepConst !== null) return stepConst > 0n ? pos(step) : neg(step);
    return ir.cond(ir.cmp('gt', step, ir.const(0n, ct)), pos(step), neg(step), U);
  }

  /**
   * `for i from a <= i < b [by s]`: Cython's literal C loop — i = start; while (i
   * cmp bound) { body; i += step }. The bound and step are evaluated once; the body
   * may change i, and after the loop i holds the first value that failed the test.
   */
  private lowerForFrom(s: Extract<A.Stmt, { kind: 'ForFrom' }>): Stmt[] {
    if (s.target.kind !== 'Name') this.error(s.target.loc, 'for-from loop target must be a name');
    const id = this.fn.globalNames.has(s.target.id) ? undefined : this.fn.names.get(s.target.id);
    const t = id !== undefined ? this.fn.locals[id]!.type : null;
    if (id === undefined || !t || t.k !== 'int') {
      this.unsupportedAt(s.loc, 'for-from loops over a variable that is not a C integer');
      return [];
    }
    const ascending = s.lowerOp === '<' || s.lowerOp === '<=';
    const valid = ascending ? s.upperOp === '<' || s.upperOp === '<=' : (s.lowerOp === '>' || s.lowerOp === '>=') && (s.upperOp === '>' || s.upperOp === '>=');
    if (!valid) this.error(s.loc, 'Relation directions in for-from do not match');
    const out: Stmt[] = [];
    const pin = (e: Expr): Expr => {
      const c = this.coerce(e, t, s.loc);
      if (c.kind === 'const') return c;
      const tmp = this.temp(t, 'ff');
      out.push(...this.fn.pre.splice(0), ir.set(tmp, c));
      return ir.local(tmp, t);
    };
    let start = this.lowerExpr(s.lower);
    if (s.lowerOp === '<') start = this.binary('+', start, ir.const(1n, T.int), s.loc);
    if (s.lowerOp === '>') start = this.binary('-', start, ir.const(1n, T.int), s.loc);
    const startV = this.coerce(start, t, s.loc);
    out.push(...this.fn.pre.splice(0));
    const bound = pin(this.lowerExpr(s.upper));
    const step = s.step ? pin(this.lowerExpr(s.step)) : ir.const(1n, t);
    out.push(ir.set(id, startV));
    const i = ir.local(id, t);
    const cmpOp = s.upperOp === '<' ? 'lt' : s.upperOp === '<=' ? 'le' : s.upperOp === '>' ? 'gt' : 'ge';
    const loopLabel = this.label('forfrom');
    const brk = this.label('forfrom_end');
    this.fn.loops.push({ breakLabel: brk, continueLabel: loopLabel });
    const body = this.lowerBlock(s.body);
    this.fn.loops.pop();
    const next = ascending ? ir.bin('add', i, step, t) : ir.bin('sub', i, step, t);
    out.push({
      kind: 'block',
      label: brk,
      body: [{ kind: 'loop', label: loopLabel, body: [ir.if(ir.not(ir.cmp(cmpOp, i, bound)), [{ kind: 'break', label: loopLabel }]), ...body], update: [ir.set(id, next)] }],
    });
    return out;
  }

  /** `for x in <object>`: the iterator protocol on Python objects. */
  private lowerObjectLoop(target: A.Expr, iter: A.Expr, body: A.Stmt[], orelse: A.Stmt[], loc: A.Loc): Stmt[] {
    const out: Stmt[] = [];
    const itObj = this.lowerExpr(iter);
    if (itObj.type.k === 'memview') return this.lowerViewLoop(itObj, target, body, orelse, loc);
    const itId = this.temp(T.object, 'it');
    out.push(...this.fn.pre.splice(0), ir.set(itId, ir.py('iter', [this.toObject(itObj, iter.loc)])));
    const vId = this.temp(T.object, 'v');
    const loopLabel = this.label('for');
    const brk = this.label('for_end');
    this.fn.loops.push({ breakLabel: brk, continueLabel: loopLabel });
    const assign = this.assignTo(target, ir.local(vId, T.object), loc);
    const pre = this.fn.pre.splice(0);
    const bodyStmts = this.lowerBlock(body);
    this.fn.loops.pop();
    const loop: Stmt = {
      kind: 'loop',
      label: loopLabel,
      body: [
        ir.set(vId, ir.py('next', [ir.local(itId, T.object)])),
        ir.if(ir.py('is_stop', [ir.local(vId, T.object)], T.bool), [{ kind: 'break', label: loopLabel }]),
        ...pre,
        ...assign,
        ...bodyStmts,
      ],
      update: [],
    };
    out.push({ kind: 'block', label: brk, body: [loop, ...this.lowerBlock(orelse)] });
    return out;
  }

  /** `for x in view`: x takes view[0], view[1], ... (elements of a 1-D view, row views of an N-D one). */
  private lowerViewLoop(view0: Expr, target: A.Expr, body: A.Stmt[], orelse: A.Stmt[], loc: A.Loc): Stmt[] {
    const t = view0.type as MemviewType;
    const out: Stmt[] = [...this.fn.pre.splice(0)];
    const vId = this.temp(t, 'view');
    out.push(ir.set(vId, view0));
    const view = ir.local(vId, t);
    const kId = this.temp(T.ssize, 'k');
    const k = ir.local(kId, T.ssize);
    out.push(ir.set(kId, ir.i64(0)));
    const offset = ir.bin('mul', k, { kind: 'mvStride', view, dim: 0, type: T.ssize }, T.ssize);
    let item: Expr;
    if (t.ndim === 1) item = { kind: 'mvLoad', view, offset, type: t.elem };
    else {
      const dims = Array.from({ length: t.ndim - 1 }, (_, d) => d + 1);
      const rowType: MemviewType = { ...t, ndim: t.ndim - 1, contig: t.contig === 'c' ? 'c' : null };
      item = { kind: 'mvMake', base: view, offset, shape: dims.map((d) => ({ kind: 'mvShape', view, dim: d, type: T.ssize }) as Expr), strides: dims.map((d) => ({ kind: 'mvStride', view, dim: d, type: T.ssize }) as Expr), type: rowType };
    }
    const loopLabel = this.label('for');
    const brk = this.label('for_end');
    this.fn.loops.push({ breakLabel: brk, continueLabel: loopLabel });
    const assign = this.assignTo(target, item, loc);
    const pre = this.fn.pre.splice(0);
    const bodyStmts = this.lowerBlock(body);
    this.fn.loops.pop();
    const loop: Stmt = {
      kind: 'loop',
      label: loopLabel,
      body: [ir.if(ir.cmp('ge', k, { kind: 'mvShape', view, dim: 0, type: T.ssize }), [{ kind: 'break', label: loopLabel }]), ...pre, ...assign, ...bodyStmts],
      update: [ir.set(kId, ir.bin('add', k, ir.i64(1), T.ssize))],
    };
    out.push({ kind: 'block', label: brk, body: [loop, ...this.lowerBlock(orelse)] });
    return out;
  }

  private lowerReturn(s: Extract<A.Stmt, { kind: 'Return' }>): Stmt[] {
    const rt = this.fn.retType;
    if (!this.fn.info) this.error(s.loc, "'return' outside function");
    if (s.value === null) {
      const stmt: Extract<Stmt, { kind: 'return' }> = { kind: 'return', value: null };
      if (rt === 'infer') this.fn.returns.push({ stmt, natural: T.void });
      else if (rt.k !== 'void') stmt.value = rt.k === 'object' ? ir.const(null, T.py('none')) : this.zeroOf(rt);
      return [stmt];
    }
    let v = rt !== 'infer' && isAggregate(rt) ? this.lowerTo(s.value, rt) : this.lowerExpr(s.value);
    if (rt === 'infer') {
      // literal ints/floats keep their literal type; the def's type is decided after the body
      const stmt: Extract<Stmt, { kind: 'return' }> = { kind: 'return', value: v };
      this.fn.returns.push({ stmt, natural: v.type });
      return [stmt];
    }
    if (rt.k === 'void') this.error(s.value.loc, 'Return with value in void function');
    v = this.coerce(v, rt, s.value.loc);
    return [{ kind: 'return', value: v }];
  }

  private lowerRaise(s: Extract<A.Stmt, { kind: 'Raise' }>): Stmt[] {
    if (!s.exc) return [{ kind: 'reraise' }];
    const e = s.exc;
    // raise ValueError("text" [% args]) with a builtin class: native-raisable when the message is simple
    const cls = e.kind === 'Call' ? e.func : e;
    if (cls.kind === 'Name' && !s.cause && (BUILTIN_EXCEPTIONS.has(cls.id) && this.isBuiltin(cls.id))) {
      if (e.kind === 'Name') return [this.raiseStmt(cls.id, { kind: 'const', text: '' }, s.loc)];
      if (e.kind === 'Call' && e.keywords.length === 0 && !e.starArgs) {
        if (e.args.length === 0) return [this.raiseStmt(cls.id, { kind: 'const', text: '' }, s.loc)];
        if (e.args.length === 1) {
          const m = this.nativeMessage(e.args[0]!);
          if (m) return [this.raiseStmt(cls.id, m, s.loc)];
        }
      }
    }
    const value = this.toObject(this.lowerExpr(e), e.loc);
    const cause = s.cause ? this.toObject(this.lowerExpr(s.cause), s.cause.loc) : null;
    return [{ kind: 'pyRaise', value, cause }];
  }

  /** A raise message native code can produce: a string literal, or "literal" % C scalars. */
  private nativeMessage(arg: A.Expr): Message | null {
    if (arg.kind === 'Str') return { kind: 'const', text: arg.value };
    if (arg.kind === 'BinOp' && arg.op === '%' && arg.left.kind === 'Str') {
      const items = arg.right.kind === 'Tuple' ? arg.right.elts : [arg.right];
      if (items.length > ERROR_STATE.maxArgs) return null;
      if (!/^([^%]|%%|%[-+ 0#]*\d*(\.\d+)?[diouxXeEfFgGs])*$/.test(arg.left.value)) return null;
      const specs = arg.left.value.match(/%[-+ 0#]*\d*(\.\d+)?[diouxXeEfFgGs]/g) ?? [];
      if (specs.length !== items.length) return null;
      const args = items.map((x) => this.lowerExpr(x));
      if (!args.every((a) => isScalar(a.type))) return null;
      return { kind: 'format', template: arg.left.value, args };
    }
    return null;
  }

  private lowerTry(s: Extract<A.Stmt, { kind: 'Try' }>): Stmt[] {
    const body = this.lowerBlock(s.body);
    const handlers = s.handlers.map((h) => {
      const types = h.type ? (h.type.kind === 'Tuple' ? h.type.elts : [h.type]).map((t) => this.toObject(this.lowerExpr(t), t.loc)) : null;
      let bind: LocalId | null = null;
      if (h.name) {
        bind = this.fn.names.get(h.name) ?? null;
        if (bind === null) this.error(h.loc, `undeclared name not builtin: ${h.name}`);
      }
      return { types, bind, body: this.lowerBlock(h.body) };
    });
    return [{ kind: 'try', body, handlers, orelse: this.lowerBlock(s.orelse), finally: this.lowerBlock(s.finalbody) }];
  }

  private lowerWith(s: Extract<A.Stmt, { kind: 'With' }>): Stmt[] {
    if (s.items.length === 1) {
      const c = s.items[0]!.context;
      if (c.kind === 'Name' && (c.id === 'nogil' || c.id === 'gil')) {
        if (c.id === 'nogil') this.fn.nogil++;
        try {
          return this.lowerBlock(s.body);
        } finally {
          if (c.id === 'nogil') this.fn.nogil--;
        }
      }
      if (c.kind === 'Call' && c.func.kind === 'Attribute' && this.isCythonModule(c.func.value)) {
        const d = { ...this.dir };
        const arg = c.args[0];
        this.setDirective(d, c.func.attr, arg && arg.kind === 'Bool' ? arg.value : true, c.loc);
        this.fn.directives.push(d);
        try {
          return this.lowerBlock(s.body);
        } finally {
          this.fn.directives.pop();
        }
      }
      if (c.kind === 'Call' && c.func.kind === 'Name' && this.scope.imports.get(c.func.id)?.kind === 'parallel') {
        this.unsupportedAt(c.loc, 'cython.parallel blocks');
        return [];
      }
    }
    this.unsupportedAt(s.loc, 'with statements on Python context managers');
    return [];
  }

  // ================================================================ expressions
  private isBuiltin(name: string): boolean {
    return BUILTIN_NAMES.has(name) && !this.fn.names.has(name) && !this.scope.functions.has(name) && !this.scope.pyGlobals.has(name) && !this.scope.imports.has(name) && !this.scope.globals.has(name);
  }

  /** Lowers an expression to IR with its natural type. */
  lowerExpr(e: A.Expr): Expr {
    const x = this.lowerExprInner(e);
    if (!x.loc) x.loc = e.loc;
    return x;
  }

  private lowerExprInner(e: A.Expr): Expr {
    switch (e.kind) {
      case 'Int':
        return ir.const(e.value, suffixedIntType(e.value, e.suffix));
      case 'Float':
        if (e.imaginary) {
          this.unsupportedAt(e.loc, 'complex numbers');
          return ir.f64(0);
        }
        return ir.f64(e.value);
      case 'Bool':
        return ir.bool(e.value);
      case 'NoneLit':
        return ir.const(null, T.py('none'));
      case 'Str':
        return ir.const(e.value, T.py('str'));
      case 'Bytes':
        // a bytes object: its bytes as a latin-1 string constant
        return ir.const(String.fromCharCode(...e.value), T.py('bytes'));
      case 'FString':
        return this.lowerFString(e);
      case 'Name':
        return this.lowerName(e);
      case 'BinOp':
        return this.binary(e.op, this.lowerExpr(e.left), this.lowerExpr(e.right), e.loc);
      case 'Unary':
        return this.unary(e.op, this.lowerExpr(e.operand), e.loc);
      case 'BoolOp':
        return this.lowerBoolOp(e);
      case 'Compare':
        return this.lowerCompare(e);
      case 'IfExp':
        return this.lowerIfExp(e);
      case 'Call':
        return this.lowerCall(e);
      case 'Attribute':
        return this.lowerAttribute(e);
      case 'Subscript':
        return this.lowerSubscript(e);
      case 'Tuple':
        return ir.py('tuple_new', e.elts.map((x) => this.toObject(this.lowerExpr(x), x.loc)), T.py('tuple'));
      case 'List':
        if (e.elts.some((x) => x.kind === 'Starred')) this.unsupportedAt(e.loc, 'starred items in list displays');
        return ir.py('list_new', e.elts.map((x) => this.toObject(this.lowerExpr(x), x.loc)), T.py('list'));
      case 'Set':
        return ir.py('set_new', e.elts.map((x) => this.toObject(this.lowerExpr(x), x.loc)), T.py('set'));
      case 'Dict': {
        const args: Expr[] = [];
        e.keys.forEach((k, i) => {
          if (!k) this.unsupportedAt(e.loc, '** in dict displays');
          else args.push(this.toObject(this.lowerExpr(k), k.loc), this.toObject(this.lowerExpr(e.values[i]!), e.values[i]!.loc));
        });
        return ir.py('dict_new', args, T.py('dict'));
      }
      case 'ListComp':
      case 'SetComp':
      case 'DictComp':
      case 'GeneratorExp':
        return this.lowerComprehension(e);
      case 'Cast':
        return this.lowerCast(e);
      case 'Sizeof':
        return this.lowerSizeof(e);
      case 'Slice':
        return ir.py('slice_new', [e.lower, e.upper, e.step].map((x) => (x ? this.toObject(this.lowerExpr(x), x.loc) : ir.const(null, T.py('none')))));
      case 'AddressOf':
        return this.lowerAddressOf(e);
      case 'Lambda':
        this.unsupportedAt(e.loc, 'lambda');
        return ir.const(null, T.object);
      default:
        this.unsupportedAt(e.loc, `${e.kind} expressions`);
        return ir.const(null, T.object);
    }
  }

  private lowerName(e: Extract<A.Expr, { kind: 'Name' }>): Expr {
    const n = e.id;
    if (!this.fn.globalNames.has(n)) {
      const id = this.fn.names.get(n);
      if (id !== undefined) return ir.local(id, this.fn.locals[id]!.type);
    }
    const g = this.scope.globals.get(n);
    if (g) return { kind: 'global', name: n, type: g.type };
    const dg = this.dataGlobals.get(n);
    if (dg) return this.loadFrom({ kind: 'globalAddr', name: n, type: this.ptrTo(dg.type) });
    const en = this.scope.enums.get(n);
    if (en) return ir.const(en.value, en.type);
    const dc = this.scope.defConsts.get(n);
    if (dc) return dc;
    const imp = this.scope.imports.get(n);
    if (imp) {
      if (imp.kind === 'mathConst') return ir.f64(imp.value);
      this.error(e.loc, `'${n}' cannot be used as a value here`);
    }
    if (this.scope.pyGlobals.has(n)) {
      if (this.scope.functions.get(n)?.flavor === 'cdef') this.unsupportedAt(e.loc, 'cdef functions as values');
      return { kind: 'pyGlobal', name: n, type: T.object };
    }
    if (this.scope.functions.has(n)) return this.functionRef(this.scope.functions.get(n)!);
    if (this.scope.unsupportedNames.has(n)) {
      this.unsupportedAt(e.loc, this.scope.unsupportedNames.get(n)!);
      return ir.const(null, T.object);
    }
    if (BUILTIN_NAMES.has(n)) return { kind: 'pyGlobal', name: n, type: T.object };
    if (n === 'NULL') return this.nullOf();
    if (this.fusedFns.has(n)) {
      // only a conversion to a function pointer type picks a specialization (coerce); anything else stays unsupported
      const ref: Expr = { kind: 'pyGlobal', name: n, type: T.object };
      const err = this.src.error(e.loc, `not supported yet: a cdef fused function as a value other than a function pointer (write ${n}[type])`, 'cypyx reports constructs it cannot compile instead of guessing');
      this.unsupported.push(err);
      this.fusedRefs.set(ref, err);
      return ref;
    }
    this.error(e.loc, `undeclared name not builtin: ${n}`);
  }

  // ---------------------------------------------------------------- coercions
  /** Converts a value to the target type with Cython's rules (C casts between C types; checked conversions from objects). */
  coerce(v: Expr, to: Type, loc: A.Loc, explicit = false): Expr {
    const from = v.type;
    if (to.k === 'object') return this.toObject(v, loc);
    if (from.k === 'object') {
      if (to.k === 'memview') {
        if (v.kind === 'const' && v.value === null) return { kind: 'mvNone', type: to };
        return { kind: 'unbox', a: v, type: to };
      }
      if (isScalar(to)) {
        if (v.kind === 'const' && typeof v.value === 'boolean' && to.k === 'bool') return ir.bool(v.value);
        if (to.k === 'int' && this.isBytesConst(v)) {
          // a bytes literal as a C integer: its only character's code (b'a' is 97)
          const str = (v as ConstExpr).value as string;
          if (str.length !== 1) this.error(loc, 'Only single-character string literals can be coerced into ints.');
          return this.foldCast(ir.const(BigInt(str.charCodeAt(0)), T.uchar) as ConstExpr, to);
        }
        if (v.kind === 'const' && typeof v.value === 'string' && v.type.k === 'object' && v.type.py === 'str') {
          this.error(loc, 'Unicode literals do not support coercion to C types other than Py_UNICODE/Py_UCS4 (for characters) or Py_UNICODE* (for strings).');
        }
        return { kind: 'unbox', a: v, type: to };
      }
      // dict → struct, list → C array, tuple → ctuple (Cython's conversions; pointers cannot be converted)
      if (isAggregate(to) && pyConvertible(to)) return { kind: 'unbox', a: v, type: to };
      // bytes → char * (a NUL-terminated copy that lives as long as the bytes object)
      if (to.k === 'ptr' && to.to.k === 'int' && to.to.bits === 8) return { kind: 'unbox', a: v, type: to };
      if (to.k === 'funcptr' && v.kind === 'pyGlobal' && this.fusedRefs.has(v)) {
        // a fused function assigned to a function pointer: the specialization of that type (Cython)
        const fg = this.fusedFns.get(v.name)!;
        const spec = fg.specs.find((sp) => sameType(this.functionRef(sp.info).type, to));
        if (!spec) this.error(loc, `Cannot assign type '${v.name}' to '${typeName(to)}': no specialization of that type`);
        const err = this.fusedRefs.get(v)!;
        this.unsupported.splice(this.unsupported.indexOf(err), 1);
        this.fusedRefs.delete(v);
        return this.functionRef(spec.info);
      }
      if (to.k === 'funcptr' && v.kind === 'pyGlobal') {
        const info = this.scope.functions.get(v.name);
        if (info && info.flavor === 'cpdef') return this.coerce(this.functionRef(info), to, loc);
      }
      this.error(loc, `Cannot convert Python object to '${typeName(to)}'`);
    }
    if (to.k === 'memview') {
      if (from.k === 'memview') {
        if (!sameType(from.elem, to.elem)) this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
        if (from.ndim !== to.ndim) this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
        if (from.readonly && !to.readonly) this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
        if (to.contig && from.contig !== to.contig && !(to.ndim === 1 && from.contig)) {
          // Cython refuses at compile time a view whose type does not promise the target's contiguity
          this.error(loc, `Memoryview '${typeName(from)}' not conformable to memoryview '${typeName(to)}'.`);
        }
        return v.type === to ? v : { ...v, type: to } as Expr;
      }
      if (from.k === 'carray') {
        // a C array as a memoryview: a C-contiguous view of the array's own memory (Cython wraps it in a cython.view.array)
        const shape: Expr[] = [];
        let et: Type = from;
        while (et.k === 'carray') {
          shape.push(ir.i64(et.size));
          et = et.elem;
        }
        if (shape.length !== to.ndim || !isScalar(et) || !sameType(et, to.elem)) this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
        if (to.contig === 'f' && to.ndim > 1) this.error(loc, `Memoryview '${typeName(T.memview(to.elem, to.ndim, 'c'))}' not conformable to memoryview '${typeName(to)}'.`);
        const p = ir.cast(this.addressOfValue(v, loc), this.ptrTo(et));
        return this.coerce({ kind: 'ptrView', ptr: p, shape, type: T.memview(to.elem, to.ndim, 'c', to.readonly) }, to, loc);
      }
      this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
    }
    if (isScalar(to)) {
      if (isScalar(from)) {
        // an explicit cast names its type even when the representation is the same (<long>x of a long long: typeof, fused dispatch)
        if (sameType(from, to) && !(explicit && typeName(from) !== typeName(to))) return v;
        // C floating point never converts implicitly to an integer (or bint) in Cython: only through a cast
        if (!explicit && from.k === 'float' && to.k !== 'float') this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
        if (v.kind === 'const' && v.value !== null && typeof v.value !== 'string') return this.foldCast(v, to);
        return ir.cast(v, to);
      }
      this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
    }
    if (to.k === 'void') return v;
    if (sameType(from, to)) return v;
    if (to.k === 'ptr') {
      // C's implicit pointer conversions: array decay, void * to and from any object pointer
      if (from.k === 'carray' && (sameType(from.elem, to.to) || to.to.k === 'void')) {
        const p = this.decay(v, loc);
        return sameType(p.type, to) ? p : ir.cast(p, to);
      }
      if (from.k === 'ptr' && (to.to.k === 'void' || from.to.k === 'void')) {
        if (v.kind === 'const') return this.nullOf(to);
        return ir.cast(v, to);
      }
    }
    if (to.k === 'funcptr' && from.k === 'ptr' && from.to.k === 'void' && v.kind === 'const') return this.nullOf(to);
    this.error(loc, `Cannot assign type '${typeName(from)}' to '${typeName(to)}'`);
  }

  private foldCast(v: Extract<Expr, { kind: 'const' }>, to: ScalarType): Expr {
    const val = v.value as number | bigint | boolean;
    if (to.k === 'bool') return ir.bool(typeof val === 'bigint' ? val !== 0n : Boolean(val));
    if (to.k === 'float') {
      const x = typeof val === 'boolean' ? (val ? 1 : 0) : Number(val);
      return ir.const(to.bits === 32 ? Math.fround(x) : x, to);
    }
    // to int
    if (typeof val === 'bigint') return ir.const(wrapInt(val, to), to);
    if (typeof val === 'boolean') return ir.const(val ? 1n : 0n, to);
    if (Number.isNaN(val)) return ir.const(0n, to);
    return ir.cast(v, to);
  }

  /** C value → Python object (boxing); objects pass through. */
  toObject(v: Expr, loc: A.Loc): Expr {
    const t = v.type;
    if (t.k === 'object') return v;
    if (t.k === 'void') {
      // a def function without a return value returns None to Python callers
      if (v.kind === 'call' && this.fn.info?.flavor !== undefined) {
        if (this.fn.conditional > 0) {
          this.unsupportedAt(loc, 'using the None result of a function inside a conditional expression');
          return ir.const(null, T.py('none'));
        }
        this.fn.pre.push({ kind: 'expr', value: v });
        return ir.const(null, T.py('none'));
      }
      this.error(loc, 'Cannot convert void to a Python object');
    }
    if (v.kind === 'const' && t.k === 'int' && typeof v.value === 'bigint') return ir.const(v.value, T.py('int'));
    if (v.kind === 'const' && t.k === 'bool') return ir.const(v.value, T.py('bool'));
    if (t.k === 'int' || t.k === 'float' || t.k === 'bool' || t.k === 'memview') {
      const py = t.k === 'memview' ? 'memview' : t.k;
      return { kind: 'box', a: v, type: T.py(py) };
    }
    // struct → dict (field order), C array → list, ctuple → tuple
    // char * → bytes, up to the first NUL
    if (t.k === 'ptr' && t.to.k === 'int' && t.to.bits === 8) return { kind: 'box', a: v, type: T.py('bytes') };
    if (isAggregate(t) && pyConvertible(t)) {
      return { kind: 'box', a: v, type: T.py(t.k === 'struct' ? 'dict' : isCharArray(t) ? 'bytes' : t.k === 'carray' ? 'list' : 'tuple') };
    }
    this.error(loc, `Cannot convert '${typeName(t)}' to Python object`);
  }

  // ---------------------------------------------------------------- arithmetic
  private binary(op: A.BinOp, a: Expr, b: Expr, loc: A.Loc): Expr {
    if (a.type.k === 'ptr' || b.type.k === 'ptr' || a.type.k === 'carray' || b.type.k === 'carray') {
      const r = this.pointerArith(op, a, b, loc);
      if (r) return r;
    }
    if (a.type.k === 'object' || b.type.k === 'object' || a.type.k === 'memview' || b.type.k === 'memview') {
      const PYOP: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'truediv', '//': 'floordiv', '%': 'mod', '**': 'pow', '<<': 'lshift', '>>': 'rshift', '&': 'bitand', '|': 'bitor', '^': 'bitxor' };
      const name = PYOP[op];
      if (!name) {
        this.unsupportedAt(loc, `the operator ${op}`);
        return ir.const(null, T.object);
      }
      // constant folding of "literal" % (...) happens at run time
      return ir.py(name, [this.toObject(a, loc), this.toObject(b, loc)]);
    }
    if (!isScalar(a.type) || !isScalar(b.type)) {
      const pa = a.type.k === 'ptr' || b.type.k === 'ptr';
      if (pa) this.unsupportedAt(loc, 'pointer arithmetic');
      else this.error(loc, `Invalid operand types for '${op}' (${typeName(a.type)}; ${typeName(b.type)})`);
      return ir.const(0n, T.long);
    }
    // constant folding with C semantics when both are constants
    const folded = this.foldBinary(op, a, b);
    if (folded) return folded;
    const at = a.type;
    const bt = b.type;
    switch (op) {
      case '+':
      case '-':
      case '*': {
        const ct = this.arithType(a, b);
        const o = op === '+' ? 'add' : op === '-' ? 'sub' : 'mul';
        if (ct.k === 'int' && this.dir.overflowcheck) {
          // checked in Cython's type of the operation, where an int literal is a C long (acc * 10 is long)
          const isIntLit = (x: Expr) => x.kind === 'const' && x.type.k === 'int' && typeof x.value === 'bigint';
          const wt = isIntLit(a) || isIntLit(b) ? (commonType(ct, T.long) as IntType) : ct;
          return this.checkedArith(o, this.coerce(a, wt, loc), this.coerce(b, wt, loc), wt);
        }
        return ir.bin(o, this.coerce(a, ct, loc), this.coerce(b, ct, loc), ct);
      }
      case '/':
        return this.divide(a, b, loc);
      case '//':
        return this.floorDivide(a, b, loc);
      case '%':
        return this.modulo(a, b, loc);
      case '**':
        return this.power(a, b, loc);
      case '<<':
      case '>>':
      case '&':
      case '|':
      case '^': {
        if (at.k === 'float' || bt.k === 'float') this.error(loc, `Invalid operand types for '${op}' (${typeName(at)}; ${typeName(bt)})`);
        if (op === '<<' || op === '>>') {
          const lt = promote(at as ScalarType);
          const opn = op === '<<' ? 'shl' : 'shr';
          return ir.bin(opn, this.coerce(a, lt, loc), this.coerce(b, lt, loc), lt);
        }
        const ct = this.arithType(a, b);
        const o = op === '&' ? 'and' : op === '|' ? 'or' : 'xor';
        const r = ir.bin(o, this.coerce(a, ct, loc), this.coerce(b, ct, loc), ct);
        // bint & | ^ bint stays a bint in Cython (a Python bool when returned)
        if (at.k === 'bool' && bt.k === 'bool') return ir.cmp('ne', r, ir.const(0n, ct));
        return r;
      }
      default:
        this.unsupportedAt(loc, `the operator ${op} on C numbers`);
        return ir.const(0n, T.long);
    }
  }

  /**
   * Common type of a binary C operation. An integer literal adapts to the
   * other operand's integer type when it fits, as C's `int` constants do
   * (a `long` literal widens the operation).
   */
  private arithType(a: Expr, b: Expr): ScalarType {
    return commonType(this.operandType(a), this.operandType(b));
  }

  /** `x op y` on C ints under overflowcheck(True): OverflowError("value too large") instead of wrapping. */
  private isBytesConst(x: Expr): boolean {
    return x.kind === 'const' && typeof x.value === 'string' && x.type.k === 'object' && x.type.py === 'bytes';
  }

  private checkedArith(o: 'add' | 'sub' | 'mul', x0: Expr, y0: Expr, t: IntType): Expr {
    return this.withTemp(x0, (x) =>
      this.withTemp(y0, (y) => {
        const zero = ir.const(0n, t);
        if (t.bits < 64) {
          // exact in 64 bits (unsigned in unsigned long: a difference below 0 wraps above the maximum)
          const w = t.signed ? T.long : T.ulong;
          const r = ir.bin(o, ir.cast(x, w), ir.cast(y, w), w);
          return this.withTemp(r, (rr) => {
            const ok = t.signed
              ? ir.and(ir.cmp('ge', rr, ir.const(intMin(t), w)), ir.cmp('le', rr, ir.const(intMax(t), w)))
              : ir.cmp('le', rr, ir.const(intMax(t), w));
            return this.checkExpr(ok, 'OverflowError', 'value too large', ir.cast(rr, t));
          });
        }
        return this.withTemp(ir.bin(o, x, y, t), (r) => {
          let ok: Expr;
          if (o === 'mul') {
            // r / x == y unless x is 0; x == -1 would trap on MIN / -1, and overflows only for y == MIN
            const div = ir.cmp('eq', ir.bin('div', r, ir.cond(ir.cmp('eq', x, zero), ir.const(1n, t), x, t), t), y);
            ok = ir.or(ir.cmp('eq', x, zero), t.signed ? ir.cond(ir.cmp('eq', x, ir.const(-1n, t)), ir.cmp('ne', y, ir.const(intMin(t), t)), div, T.bool) : div);
          } else if (!t.signed) ok = o === 'add' ? ir.cmp('ge', r, x) : ir.cmp('ge', x, y);
          else if (o === 'add') ok = ir.cmp('ge', ir.bin('and', ir.bin('xor', x, r, t), ir.bin('xor', y, r, t), t), zero);
          else ok = ir.cmp('ge', ir.bin('and', ir.bin('xor', x, y, t), ir.bin('xor', x, r, t), t), zero);
          return this.checkExpr(ok, 'OverflowError', 'value too large', r);
        });
      }),
    );
  }

  /**
   * The C type an operand contributes to a binary operation. Cython writes a negative int literal
   * as a C long (`-1000000L`), so `i * -1000000` is computed in long and `u == -1` (unsigned int u)
   * compares as long; a non-negative literal is a plain C int constant.
   */
  private operandType(x: Expr): ScalarType {
    if (x.kind === 'const' && x.type === T.int && typeof x.value === 'bigint' && x.value < 0n) return T.long;
    return x.type as ScalarType;
  }

  private foldBinary(op: A.BinOp, a: Expr, b: Expr): Expr | null {
    if (a.kind !== 'const' || b.kind !== 'const') return null;
    const x = constInt(a);
    const y = constInt(b);
    if (x !== null && y !== null && a.type.k === 'int' && b.type.k === 'int') {
      // Cython folds constant expressions with Python semantics before typing them
      const c = this.foldConst({ kind: 'BinOp', op, left: { kind: 'Int', value: x, text: '', suffix: '', loc: LOC0 }, right: { kind: 'Int', value: y, text: '', suffix: '', loc: LOC0 }, loc: LOC0 });
      if (c && (op !== '/' )) return c;
    }
    return null;
  }

  private zeroDivCheck(divisor: Expr, text: string, value: (d: Expr) => Expr): Expr {
    const t = divisor.type as ScalarType;
    const zero = t.k === 'float' ? ir.const(0, t) : ir.const(0n, t);
    if (isTrivial(divisor)) return this.checkExpr(ir.cmp('ne', divisor, zero), 'ZeroDivisionError', text, value(divisor));
    const tmp = this.temp(t);
    const d = ir.local(tmp, t);
    return ir.letIn(tmp, divisor, this.checkExpr(ir.cmp('ne', d, zero), 'ZeroDivisionError', text, value(d)));
  }

  /** Binds e to a temp inside an expression (letIn) when it is not trivial. */
  private withTemp(e: Expr, body: (x: Expr) => Expr): Expr {
    if (isTrivial(e)) return body(e);
    const tmp = this.temp(e.type);
    return ir.letIn(tmp, e, body(ir.local(tmp, e.type)));
  }

  /** `/`: true division on ints (language_level 3), IEEE or checked division on floats. */
  private divide(a: Expr, b: Expr, loc: A.Loc): Expr {
    const ct = this.arithType(a, b);
    if (ct.k === 'int' && this.dir.cdivision) return this.cIntDivide(this.coerce(a, ct, loc), this.coerce(b, ct, loc), 'div');
    const ft: FloatType = ct.k === 'float' ? ct : T.double;
    const x = this.coerce(a, ft, loc);
    const y = this.coerce(b, ft, loc);
    if (this.dir.cdivision) return ir.bin('div', x, y, ft);
    return this.withTemp(x, (xx) => this.zeroDivCheck(y, 'float division', (d) => ir.bin('div', xx, d, ft)));
  }

  /** C truncating division / remainder, guarded so that no back end can trap (x / 0, INT_MIN / -1). */
  private cIntDivide(a: Expr, b: Expr, op: 'div' | 'rem'): Expr {
    const t = a.type as IntType;
    return this.withTemp(a, (x) =>
      this.zeroDivCheck(b, 'integer division or modulo by zero', (d) => {
        if (!t.signed) return ir.bin(op, x, d, t);
        const minusOne = ir.cmp('eq', d, ir.const(-1n, t));
        return ir.cond(minusOne, op === 'div' ? ir.neg(x) : ir.const(0n, t), ir.bin(op, x, d, t), t);
      }),
    );
  }

  private floorDivide(a: Expr, b: Expr, loc: A.Loc): Expr {
    const ct = this.pyDivType(a, b);
    const x0 = this.coerce(a, ct, loc);
    const y0 = this.coerce(b, ct, loc);
    if (ct.k === 'float') {
      // Cython: floor(a / b); ZeroDivisionError "float division" unless cdivision
      const f = (d: Expr, xx: Expr) => ir.math('floor', [ir.bin('div', xx, d, ct)], ct);
      if (this.dir.cdivision) return f(y0, x0);
      return this.withTemp(x0, (xx) => this.zeroDivCheck(y0, 'float division', (d) => f(d, xx)));
    }
    if (ct.k !== 'int') this.error(loc, 'Invalid operand types for //');
    if (this.dir.cdivision || !ct.signed) return this.cIntDivide(x0, y0, 'div');
    // Python floor division: q = a / b; if (a % b != 0 && (a % b ^ b) < 0) q -= 1
    return this.withTemp(x0, (x) =>
      this.zeroDivCheck(y0, 'integer division or modulo by zero', (d) => {
        const minusOne = ir.cmp('eq', d, ir.const(-1n, ct));
        const qId = this.temp(ct, 'q');
        const rId = this.temp(ct, 'r');
        const q = ir.local(qId, ct);
        const r = ir.local(rId, ct);
        const adjust = ir.and(ir.cmp('ne', r, ir.const(0n, ct)), ir.cmp('lt', ir.bin('xor', r, d, ct), ir.const(0n, ct)));
        const general = ir.letIn(qId, ir.bin('div', x, d, ct), ir.letIn(rId, ir.bin('rem', x, d, ct), ir.cond(adjust, ir.bin('sub', q, ir.const(1n, ct), ct), q, ct)));
        return ir.cond(minusOne, ir.neg(x), general, ct);
      }),
    );
  }

  /**
   * Operand type of `//` and `%`. Cython types an int literal as C long, and without cdivision
   * computes these through __Pyx_div_long / __Pyx_mod_long: `i // -1` on an int is done in long
   * (INT_MIN // -1 == 2147483648), `u % -3` on an unsigned int in signed long.
   */
  private pyDivType(a: Expr, b: Expr): ScalarType {
    const ct = this.arithType(a, b);
    const isIntLit = (x: Expr) => x.kind === 'const' && x.type.k === 'int' && typeof x.value === 'bigint';
    if (ct.k === 'int' && !this.dir.cdivision && (isIntLit(a) || isIntLit(b))) return commonType(ct, T.long);
    return ct;
  }

  private modulo(a: Expr, b: Expr, loc: A.Loc): Expr {
    const ct = this.pyDivType(a, b);
    const x0 = this.coerce(a, ct, loc);
    const y0 = this.coerce(b, ct, loc);
    if (ct.k === 'float') {
      if (this.dir.cdivision) return ir.bin('rem', x0, y0, ct);
      // Cython's __Pyx_mod_double: r = fmod(a, b); r += ((r != 0) & ((r < 0) ^ (b < 0))) * b
      return this.withTemp(x0, (xx) =>
        this.zeroDivCheck(y0, 'float divmod()', (d) => {
          const rId = this.temp(ct, 'r');
          const r = ir.local(rId, ct);
          const zero = ir.const(0, ct);
          const fix = ir.and(ir.cmp('ne', r, zero), ir.cmp('ne', ir.cmp('lt', r, zero), ir.cmp('lt', d, zero)));
          // the product, not a select: 0 * inf is nan (3.0 % inf is nan in Cython), 0 * -3.0 is -0.0
          const factor = ir.cond(fix, ir.const(1, ct), zero, ct);
          return ir.letIn(rId, ir.bin('rem', xx, d, ct), ir.bin('add', r, ir.bin('mul', factor, d, ct), ct));
        }),
      );
    }
    if (ct.k !== 'int') this.error(loc, 'Invalid operand types for %');
    if (this.dir.cdivision || !ct.signed) return this.cIntDivide(x0, y0, 'rem');
    return this.withTemp(x0, (x) =>
      this.zeroDivCheck(y0, 'integer division or modulo by zero', (d) => {
        const rId = this.temp(ct, 'r');
        const r = ir.local(rId, ct);
        const minusOne = ir.cmp('eq', d, ir.const(-1n, ct));
        const adjust = ir.and(ir.cmp('ne', r, ir.const(0n, ct)), ir.cmp('lt', ir.bin('xor', r, d, ct), ir.const(0n, ct)));
        const general = ir.letIn(rId, ir.bin('rem', x, d, ct), ir.cond(adjust, ir.bin('add', r, d, ct), r, ct));
        return ir.cond(minusOne, ir.const(0n, ct), general, ct);
      }),
    );
  }

  /** `**`: pow() on floats; on C ints an integer power by repeated squaring (negative exponent → 0, as Cython's __Pyx_pow). */
  private power(a: Expr, b: Expr, loc: A.Loc): Expr {
    let ct = this.arithType(a, b);
    // Cython types an int literal as C long: `x ** 2` and `2 ** n` on C ints compute in (at least) long
    const isIntLit = (x: Expr) => x.kind === 'const' && x.type.k === 'int' && typeof x.value === 'bigint';
    if (ct.k === 'int' && (isIntLit(a) || isIntLit(b))) ct = commonType(ct, T.long) as IntType;
    if (ct.k === 'float') return ir.math('pow', [this.coerce(a, ct, loc), this.coerce(b, ct, loc)], ct);
    const base = this.coerce(a, ct, loc);
    const exp = this.coerce(b, ct, loc);
    const e = constInt(exp);
    if (e !== null && e >= 0n && e <= 4n) {
      if (e === 0n) return ir.const(1n, ct);
      return this.withTemp(base, (x) => {
        let r = x;
        for (let i = 1n; i < e; i++) r = ir.bin('mul', r, x, ct);
        return r;
      });
    }
    // general case: a loop, emitted as statements (hoisted) when allowed
    if (this.fn.conditional > 0) {
      this.unsupportedAt(loc, 'integer ** with a non-constant exponent inside a conditional expression');
      return ir.const(0n, ct);
    }
    const bId = this.temp(ct, 'pb');
    const eId = this.temp(ct, 'pe');
    const rId = this.temp(ct, 'pr');
    const B = ir.local(bId, ct);
    const E = ir.local(eId, ct);
    const R = ir.local(rId, ct);
    const one = ir.const(1n, ct);
    const zero = ir.const(0n, ct);
    const lbl = this.label('pow');
    const loop: Stmt = {
      kind: 'loop',
      label: lbl,
      body: [
        ir.if(ir.cmp('eq', E, zero), [{ kind: 'break', label: lbl }]),
        ir.if(ir.cmp('ne', ir.bin('and', E, one, ct), zero), [ir.set(rId, ir.bin('mul', R, B, ct))]),
        ir.set(bId, ir.bin('mul', B, B, ct)),
        ir.set(eId, ir.bin('shr', E, one, ct)),
      ],
      update: [],
    };
    const stmts: Stmt[] = [ir.set(bId, base), ir.set(eId, exp), ir.set(rId, one)];
    if ((ct as IntType).signed) stmts.push(ir.if(ir.cmp('lt', E, zero), [ir.set(rId, zero), ir.set(eId, zero)]));
    stmts.push({ kind: 'block', label: lbl + '_b', body: [loop] });
    this.fn.pre.push(...stmts);
    return R;
  }

  private unary(op: A.UnaryOp, v: Expr, loc: A.Loc): Expr {
    if (op === 'not') return ir.not(this.truth(v, loc));
    if (v.type.k === 'object') return ir.py(op === '-' ? 'neg' : op === '+' ? 'pos' : 'invert', [v]);
    if (!isScalar(v.type)) this.error(loc, `Invalid operand type for '${op}' (${typeName(v.type)})`);
    const t = promote(v.type);
    if (v.kind === 'const') {
      const n = constInt(v);
      if (op === '-' && n !== null) return ir.const(-n, literalIntType(-n));
      if (op === '-' && typeof v.value === 'number') return ir.const(-v.value, v.type);
      if (op === '~' && n !== null) return ir.const(~n, literalIntType(~n));
      if (op === '+') return v;
    }
    const x = this.coerce(v, t, loc);
    if (op === '-') return ir.neg(x);
    if (op === '+') return x;
    if (t.k === 'float') this.error(loc, "Invalid operand type for '~' (double)");
    return { kind: 'bitnot', a: x, type: t };
  }

  /** Truth value as a C bool. */
  private truth(v: Expr, loc: A.Loc): Expr {
    const t = v.type;
    if (t.k === 'bool') return v;
    if (t.k === 'int') return ir.cmp('ne', v, ir.const(0n, t));
    if (t.k === 'float') return ir.cmp('ne', v, ir.const(0, t));
    if (t.k === 'object') return ir.py('truth', [v], T.bool);
    if (t.k === 'memview') return ir.not({ kind: 'mvIsNone', view: v, type: T.bool });
    if (t.k === 'ptr' || t.k === 'funcptr') return ir.cmp('ne', v, this.nullOf(t));
    this.error(loc, `Cannot convert '${typeName(t)}' to bint`);
  }

  lowerCond(e: A.Expr): Expr {
    if (e.kind === 'BoolOp') {
      const parts = e.values.map((x, i) => (i === 0 ? this.lowerCond(x) : this.conditional(() => this.lowerCond(x))));
      return parts.reduce((acc, p) => (e.op === 'and' ? ir.and(acc, p) : ir.or(acc, p)));
    }
    if (e.kind === 'Unary' && e.op === 'not') return ir.not(this.lowerCond(e.operand));
    return this.truth(this.lowerExpr(e), e.loc);
  }

  private conditional<R>(f: () => R): R {
    this.fn.conditional++;
    try {
      return f();
    } finally {
      this.fn.conditional--;
    }
  }

  /** `a and b` / `a or b` as values: C values keep their (common) type; objects give an object. */
  private lowerBoolOp(e: Extract<A.Expr, { kind: 'BoolOp' }>): Expr {
    const vals = e.values.map((x, i) => (i === 0 ? this.lowerExpr(x) : this.conditional(() => this.lowerExpr(x))));
    const allBool = vals.every((v) => v.type.k === 'bool');
    if (allBool) return vals.reduce((acc, v) => (e.op === 'and' ? ir.and(acc, v) : ir.or(acc, v)));
    const scalar = vals.every((v) => isScalar(v.type));
    let rt: Type;
    if (scalar) {
      rt = vals.map((v) => v.type as ScalarType).reduce((x, y) => commonType(x, y));
      if (vals.every((v) => v.type.k === 'bool' || (v.kind === 'const' && v.type.k === 'int'))) rt = T.object; // `x or 0` with bint: Python value
    } else rt = T.object;
    const conv = (v: Expr) => this.coerce(v, rt, e.loc);
    let acc = conv(vals[0]!);
    for (let i = 1; i < vals.length; i++) {
      const next = conv(vals[i]!);
      const tmp = this.temp(rt);
      const t = ir.local(tmp, rt);
      const test = this.truth(t, e.loc);
      acc = ir.letIn(tmp, acc, e.op === 'and' ? ir.cond(test, next, t, rt) : ir.cond(test, t, next, rt));
    }
    return acc;
  }

  private lowerIfExp(e: Extract<A.Expr, { kind: 'IfExp' }>): Expr {
    const st = this.staticCond(e.test);
    if (st !== null) return this.lowerExpr(st ? e.body : e.orelse);
    const cond = this.lowerCond(e.test);
    const a = this.conditional(() => this.lowerExpr(e.body));
    const b = this.conditional(() => this.lowerExpr(e.orelse));
    let rt: Type;
    if (isScalar(a.type) && isScalar(b.type)) {
      if (a.type.k === 'bool' && b.type.k === 'bool') rt = T.bool;
      else if ((a.type.k === 'bool') !== (b.type.k === 'bool')) rt = T.object;
      else rt = commonType(a.type, b.type);
      // two int literals: the Python value is an int; keep C long (boxing preserves the value)
    } else if (a.type.k === 'memview' && b.type.k === 'memview' && sameType(a.type, b.type)) rt = a.type;
    else if (a.type.k === 'ptr' || a.type.k === 'funcptr' || b.type.k === 'ptr' || b.type.k === 'funcptr') {
      const [pa, pb] = this.commonPointer(a, b, e.loc, 'if-else');
      return ir.cond(cond, pa, pb, pa.type);
    } else if (isAggregate(a.type) && sameType(a.type, b.type)) rt = a.type;
    else rt = T.object;
    return ir.cond(cond, this.coerce(a, rt, e.body.loc), this.coerce(b, rt, e.orelse.loc), rt);
  }

  private lowerCompare(e: Extract<A.Expr, { kind: 'Compare' }>): Expr {
    const st = this.staticCond(e);
    if (st !== null) return ir.bool(st);
    // a < b < c: each middle operand evaluated once, short-circuit
    let left = this.lowerExpr(e.left);
    let result: Expr | null = null;
    const pending: { id: LocalId; value: Expr }[] = [];
    for (let i = 0; i < e.ops.length; i++) {
      const op = e.ops[i]!;
      let right = i === 0 ? this.lowerExpr(e.comparators[i]!) : this.conditional(() => this.lowerExpr(e.comparators[i]!));
      if (i < e.ops.length - 1 && !isTrivial(right)) {
        const tmp = this.temp(right.type);
        pending.push({ id: tmp, value: right });
        right = ir.local(tmp, right.type);
      }
      const c = this.compareOne(op, left, right, e.loc);
      result = result ? ir.and(result, c) : c;
      left = right;
    }
    // bind the middle temps before the comparison that first uses them
    let out = result!;
    // a letIn around the whole chain evaluates each middle operand once, in Python's order
    for (const p of pending.reverse()) out = ir.letIn(p.id, p.value, out);
    return out;
  }

  private compareOne(op: A.CmpOp, a: Expr, b: Expr, loc: A.Loc): Expr {
    if (op === 'in' || op === 'not in') {
      // x in (4, 6, 9, 11) with C x: a chain of == (Cython does the same)
      if (isScalar(a.type) && (this.isConstTupleLike(b))) {
        const items = (b as Extract<Expr, { kind: 'py' }>).args;
        return this.withTemp(a, (x) => {
          const eqs = items.map((it) => this.compareOne('==', x, this.unboxConst(it), loc));
          const any = eqs.reduce((p, q) => ir.or(p, q));
          return op === 'in' ? any : ir.not(any);
        });
      }
      const r = ir.py('contains', [this.toObject(b, loc), this.toObject(a, loc)], T.bool);
      return op === 'in' ? r : ir.not(r);
    }
    if (op === 'is' || op === 'is not') {
      if (a.type.k === 'ptr' || a.type.k === 'funcptr' || b.type.k === 'ptr' || b.type.k === 'funcptr') {
        // `p is NULL`: address identity
        const [pa, pb] = this.commonPointer(a, b, loc, op);
        return ir.cmp(op === 'is' ? 'eq' : 'ne', pa, pb);
      }
      if (a.type.k === 'memview' || b.type.k === 'memview') {
        const [view, other] = a.type.k === 'memview' ? [a, b] : [b, a];
        if (other.kind === 'const' && other.value === null) {
          const r: Expr = { kind: 'mvIsNone', view, type: T.bool };
          return op === 'is' ? r : ir.not(r);
        }
      }
      const r = ir.py('is', [this.toObject(a, loc), this.toObject(b, loc)], T.bool);
      return op === 'is' ? r : ir.not(r);
    }
    const CMP: Record<string, 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
    const c = CMP[op]!;
    // c == b'a' on a C integer compares with the character code (Cython coerces the literal to char)
    if (a.type.k === 'int' && this.isBytesConst(b)) b = this.coerce(b, a.type, loc);
    else if (b.type.k === 'int' && this.isBytesConst(a)) a = this.coerce(a, b.type, loc);
    if (a.type.k === 'ptr' || a.type.k === 'funcptr' || b.type.k === 'ptr' || b.type.k === 'funcptr') {
      const [pa, pb] = this.commonPointer(a, b, loc, op);
      if (pa.type.k === 'funcptr' && c !== 'eq' && c !== 'ne') this.error(loc, `Invalid types for '${op}' (${typeName(pa.type)}, ${typeName(pb.type)})`);
      return ir.cmp(c, pa, pb);
    }
    if (isScalar(a.type) && isScalar(b.type)) {
      let ct = commonType(this.operandType(a), this.operandType(b));
      // bint == bint compares truth values
      if (a.type.k === 'bool' && b.type.k === 'bool') return ir.cmp(c, a, b);
      return ir.cmp(c, this.coerce(a, ct, loc), this.coerce(b, ct, loc));
    }
    return ir.py(c, [this.toObject(a, loc), this.toObject(b, loc)], T.bool);
  }

  private isConstTupleLike(e: Expr): boolean {
    return e.kind === 'py' && (e.op === 'tuple_new' || e.op === 'list_new' || e.op === 'set_new') && e.args.every((x) => x.kind === 'const' && (typeof x.value === 'bigint' || typeof x.value === 'number'));
  }

  private unboxConst(e: Expr): Expr {
    if (e.kind === 'const' && typeof e.value === 'bigint') return ir.const(e.value, literalIntType(e.value));
    if (e.kind === 'const' && typeof e.value === 'number') return ir.f64(e.value);
    return e;
  }

  /**
   * `<double[:n, :m]>p`: a C-contiguous memoryview of the memory p points to (Cython
   * wraps it in a cython.array without copying), with Cython's checks of the pointer
   * and the extents.
   */
  private pointerView(te: Extract<A.TypeExpr, { kind: 'MemviewType' }>, operand: A.Expr, loc: A.Loc): Expr {
    const t = this.resolveType(te) as MemviewType;
    if (te.dims.some((d) => !d.extent)) this.error(loc, 'Each dimension of a cast of a pointer to a memoryview needs an extent');
    if (this.fn.conditional > 0) {
      this.unsupportedAt(loc, 'casting a pointer to a memoryview inside a conditional expression');
      return { kind: 'mvNone', type: t };
    }
    let v = this.lowerExpr(operand);
    if (v.type.k === 'carray') v = this.decay(v, operand.loc);
    if (v.type.k !== 'ptr') this.error(operand.loc, `Can only create cython.array from pointer or array`);
    if (!sameType(v.type.to, t.elem)) this.error(operand.loc, 'Pointer base type does not match cython.array base type');
    const p = this.bindTempStmt(v);
    this.fn.pre.push(ir.if(ir.cmp('eq', p, this.nullOf(p.type)), [this.raiseStmt('ValueError', { kind: 'const', text: 'Cannot create cython.array from NULL pointer' }, loc)]));
    const shape = te.dims.map((d, k) => {
      const n = this.bindTempStmt(this.coerce(this.lowerExpr(d.extent!), T.ssize, d.extent!.loc));
      this.excIndex('ValueError');
      const msg: Message = { kind: 'format', template: `Invalid shape in axis ${k}: %d.`, args: [n] };
      this.registerMessage(msg);
      this.fn.pre.push(ir.if(ir.cmp('le', n, ir.i64(0)), [{ kind: 'raise', exc: 'ValueError', msg, loc: d.loc }]));
      return n;
    });
    return { kind: 'ptrView', ptr: p, shape, type: T.memview(t.elem, t.ndim, 'c', t.readonly) };
  }

  private lowerCast(e: Extract<A.Expr, { kind: 'Cast' }>): Expr {
    if (e.type.kind === 'MemviewType' && e.type.dims.some((d) => d.extent)) return this.pointerView(e.type, e.operand, e.loc);
    const to = this.resolveType(e.type);
    const v = this.lowerExpr(e.operand);
    if (to.k === 'object') return this.toObject(v, e.loc);
    const isP = (t: Type) => t.k === 'ptr' || t.k === 'funcptr';
    if (isP(to) || isP(v.type)) {
      const src = v.type.k === 'carray' ? this.decay(v, e.loc) : v;
      if (src.type.k === 'object') this.error(e.loc, `Cannot convert Python object to '${typeName(to)}'`);
      if (isP(to) && (isP(src.type) || src.type.k === 'int')) return sameType(src.type, to) ? src : ir.cast(src, to);
      if (to.k === 'int' && isP(src.type)) return ir.cast(src, to);
      if (to.k === 'bool' && isP(src.type)) return ir.cmp('ne', src, this.nullOf(src.type));
      this.error(e.loc, `Cannot cast '${typeName(src.type)}' to '${typeName(to)}'`);
    }
    if (isAggregate(to)) return this.coerce(v, to, e.loc);
    if (isScalar(to)) {
      if (v.type.k === 'object') return { kind: 'unbox', a: v, type: to };
      if (!isScalar(v.type)) this.error(e.loc, `Cannot cast '${typeName(v.type)}' to '${typeName(to)}'`);
      return this.coerce(v, to, e.loc, true);
    }
    if (to.k === 'memview') return this.coerce(v, to, e.loc);
    this.unsupportedAt(e.loc, `casts to ${typeName(to)}`);
    return v;
  }

  private lowerSizeof(e: Extract<A.Expr, { kind: 'Sizeof' }>): Expr {
    const operand = e.operand;
    let t: Type;
    if ('kind' in operand && (operand.kind === 'NameType' || operand.kind === 'IntType' || operand.kind === 'PtrType' || operand.kind === 'ConstType' || operand.kind === 'MemviewType' || operand.kind === 'ArrayType' || operand.kind === 'TupleType' || operand.kind === 'FuncType' || operand.kind === 'IndexedType')) t = this.resolveType(operand as A.TypeExpr);
    else {
      const ex = operand as A.Expr;
      if (ex.kind === 'Name' && !this.fn.names.has(ex.id) && !this.scope.globals.has(ex.id) && !this.dataGlobals.has(ex.id)) t = this.resolveType({ kind: 'NameType', name: ex.id, loc: ex.loc });
      else t = this.lowerExpr(ex).type;
    }
    if (t.k === 'void') this.error(e.loc, 'Cannot take sizeof void');
    return ir.const(BigInt(sizeOf(t)), T.size);
  }

  private lowerFString(e: Extract<A.Expr, { kind: 'FString' }>): Expr {
    const parts: Expr[] = [];
    for (const p of e.parts) {
      if (p.kind === 'Literal') {
        if (p.value) parts.push(ir.const(p.value, T.py('str')));
        continue;
      }
      let v = this.toObject(this.lowerExpr(p.expr!), p.loc);
      if (p.selfDoc) parts.push(ir.const(p.selfDoc, T.py('str')));
      if (p.conversion === 'r') v = ir.py('repr', [v]);
      else if (p.conversion === 's') v = ir.py('str', [v]);
      else if (p.conversion === 'a') v = ir.py('ascii', [v]);
      let spec: Expr = ir.const('', T.py('str'));
      if (p.formatSpec && p.formatSpec.length) spec = this.lowerFString({ kind: 'FString', parts: p.formatSpec, loc: p.loc });
      else if (p.selfDoc && !p.conversion) v = ir.py('repr', [v]);
      parts.push(ir.py('format', [v, spec], T.py('str')));
    }
    if (parts.length === 0) return ir.const('', T.py('str'));
    if (parts.length === 1 && parts[0]!.type.k === 'object' && (parts[0] as { op?: string }).op === 'format') return parts[0]!;
    return ir.py('str_concat', parts, T.py('str'));
  }

  // ---------------------------------------------------------------- comprehensions
  private lowerComprehension(e: Extract<A.Expr, { kind: 'ListComp' | 'SetComp' | 'DictComp' | 'GeneratorExp' }>): Expr {
    if (this.fn.conditional > 0) {
      this.unsupportedAt(e.loc, 'comprehensions inside conditional expressions');
      return ir.const(null, T.object);
    }
    const kind = e.kind === 'ListComp' || e.kind === 'GeneratorExp' ? 'list' : e.kind === 'SetComp' ? 'set' : 'dict';
    if (e.kind === 'GeneratorExp') {
      // consumed eagerly (a list) — only valid where the consumer iterates once; sum(), any(), all(), join do
    }
    const accId = this.temp(T.py(kind), 'comp');
    const acc = ir.local(accId, T.py(kind));
    const stmts: Stmt[] = [ir.set(accId, ir.py(kind === 'list' ? 'list_new' : kind === 'set' ? 'set_new' : 'dict_new', [], T.py(kind)))];
    // comprehension variables are local to the comprehension unless they name a typed local
    const saved = new Map<string, LocalId | undefined>();
    for (const g of e.generators) {
      const names = new Set<string>();
      this.collectAssignedNames(g.target, names);
      for (const n of names) {
        const existing = this.fn.names.get(n);
        if (existing !== undefined && this.fn.locals[existing]!.type.k !== 'object') continue;
        if (!saved.has(n)) saved.set(n, existing);
        this.fn.names.set(n, this.newLocal(n, T.object));
      }
    }
    const build = (gi: number): Stmt[] => {
      if (gi === e.generators.length) {
        const savedPre = this.fn.pre;
        this.fn.pre = [];
        let s: Stmt;
        if (e.kind === 'DictComp') {
          const k = this.toObject(this.lowerExpr(e.key), e.key.loc);
          const v = this.toObject(this.lowerExpr(e.value), e.value.loc);
          s = { kind: 'expr', value: ir.py('setitem', [acc, k, v]) };
        } else {
          const v = this.toObject(this.lowerExpr(e.elt), e.elt.loc);
          s = { kind: 'expr', value: ir.py('callmethod', [acc, ir.const(kind === 'list' ? 'append' : 'add', T.py('str')), v, ir.const(null, T.object)]) };
        }
        const out = [...this.fn.pre, s];
        this.fn.pre = savedPre;
        return out;
      }
      const g = e.generators[gi]!;
      // Build the loop by lowering a synthetic For whose body is produced by build(gi + 1)
      return this.lowerGeneratorLoop(g, () => {
        let body = build(gi + 1);
        for (let k = g.ifs.length - 1; k >= 0; k--) {
          const cond = this.lowerStmtsWithPre(() => this.lowerCond(g.ifs[k]!));
          body = [...cond.pre, ir.if(cond.value, body)];
        }
        return body;
      });
    };
    stmts.push(...build(0));
    for (const [n, id] of saved) {
      if (id === undefined) this.fn.names.delete(n);
      else this.fn.names.set(n, id);
    }
    this.fn.pre.push(...stmts);
    return acc;
  }

  /** One `for target in iter` of a comprehension, with a body built by `body()`. */
  private lowerGeneratorLoop(g: A.Comprehension, body: () => Stmt[]): Stmt[] {
    const range = this.matchRange(g.iter);
    if (range && g.target.kind === 'Name') {
      const id = this.fn.names.get(g.target.id);
      const t = id !== undefined ? this.fn.locals[id]!.type : null;
      if (id !== undefined && t && t.k === 'int') {
        const savedPre = this.fn.pre;
        this.fn.pre = [];
        const stmts = this.lowerRangeLoopWith(id, t, range, body, g.loc);
        const out = [...this.fn.pre, ...stmts];
        this.fn.pre = savedPre;
        return out;
      }
    }
    const savedPre = this.fn.pre;
    this.fn.pre = [];
    const itObj = this.lowerExpr(g.iter);
    const itId = this.temp(T.object, 'it');
    const out: Stmt[] = [...this.fn.pre, ir.set(itId, ir.py('iter', [this.toObject(itObj, g.iter.loc)]))];
    this.fn.pre = [];
    const vId = this.temp(T.object, 'v');
    const lbl = this.label('comp');
    const assign = this.assignTo(g.target, ir.local(vId, T.object), g.loc);
    const assignPre = this.fn.pre;
    this.fn.pre = savedPre;
    out.push({
      kind: 'block',
      label: lbl + '_b',
      body: [{
        kind: 'loop',
        label: lbl,
        body: [
          ir.set(vId, ir.py('next', [ir.local(itId, T.object)])),
          ir.if(ir.py('is_stop', [ir.local(vId, T.object)], T.bool), [{ kind: 'break', label: lbl }]),
          ...assignPre,
          ...assign,
          ...body(),
        ],
        update: [],
      }],
    });
    return out;
  }

  private lowerRangeLoopWith(id: LocalId, t: IntType, range: { args: A.Expr[]; reversed: boolean }, body: () => Stmt[], loc: A.Loc): Stmt[] {
    // Reuse the statement loop lowering with a synthetic body.
    const marker: A.Stmt = { kind: 'Pass', loc };
    const stmts = this.lowerRangeLoop(id, t, range, [marker], [], loc);
    const replace = (list: Stmt[]): boolean => {
      for (const s of list) {
        if (s.kind === 'loop') {
          // the synthetic body replaces the (empty) lowered Pass
          s.body.push(...body());
          return true;
        }
        if (s.kind === 'block' && replace(s.body)) return true;
      }
      return false;
    };
    replace(stmts);
    return stmts;
  }

  // ---------------------------------------------------------------- calls
  private lowerCall(e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    const f = e.func;
    if (f.kind === 'Name') {
      const n = f.id;
      const local = this.fn.globalNames.has(n) ? undefined : this.fn.names.get(n);
      if (local === undefined) {
        const fg = this.fusedFns.get(n);
        if (fg) return this.callFused(n, fg, null, e);
        const info = this.scope.functions.get(n);
        if (info) return this.callFunction(info, e);
        const imp = this.scope.imports.get(n);
        if (imp) return this.callImported(imp, n, e);
        if (this.scope.exceptionClasses.has(n)) return this.callObject({ kind: 'pyGlobal', name: n, type: T.object }, e);
        if (this.isBuiltin(n)) return this.callBuiltin(n, e);
        if (this.scope.unsupportedNames.has(n)) {
          this.unsupportedAt(e.loc, this.scope.unsupportedNames.get(n)!);
          return ir.const(null, T.object);
        }
        const st = this.scope.typedefs.get(n);
        if (st && st.k === 'struct') return this.structConstructor(st, e);
        if (C_TYPE_NAMES[n] || this.scope.typedefs.has(n)) {
          // Python-style conversion call double(x) is not Cython; treat as a cast would be wrong
          this.error(f.loc, `'${n}' is not a function`);
        }
      }
    }
    if (f.kind === 'Attribute' && f.attr === 'typeof' && this.isCythonModule(f.value)) return ir.const(this.typeofString(e)!, T.py('str'));
    if (f.kind === 'Attribute') {
      const r = this.lowerMethodCall(f, e);
      if (r) return r;
    }
    if (f.kind === 'Subscript' && f.value.kind === 'Name' && this.fusedFns.has(f.value.id) && !this.fn.names.has(f.value.id)) {
      return this.callFused(f.value.id, this.fusedFns.get(f.value.id)!, f.index, e);
    }
    const fv = this.lowerExpr(f);
    if (fv.type.k === 'funcptr') return this.callFuncPtr(fv, e);
    return this.callObject(this.toObject(fv, f.loc), e);
  }

  private callObject(fn: Expr, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    if (e.starArgs || e.kwArgs) {
      const seq = e.starArgs ? this.toObject(this.lowerExpr(e.starArgs), e.loc) : ir.py('tuple_new', []);
      const kw = e.kwArgs ? this.toObject(this.lowerExpr(e.kwArgs), e.loc) : ir.const(null, T.object);
      if (e.args.length || e.keywords.length) this.unsupportedAt(e.loc, 'mixing *args/**kwargs with other arguments');
      return ir.py('call_star', [fn, seq, kw]);
    }
    return ir.py('call', [fn, ...e.args.map((a) => this.toObject(this.lowerExpr(a), a.loc)), this.kwObject(e.keywords)]);
  }

  /** Keyword arguments as an IR value: a dict object, or a null constant when there are none. */
  private kwObject(kws: A.Keyword[]): Expr {
    if (!kws.length) return ir.const(null, T.object);
    const args: Expr[] = [];
    for (const k of kws) {
      if (!k.name) {
        this.unsupportedAt(k.loc, '**kwargs in calls');
        continue;
      }
      args.push(ir.const(k.name, T.py('str')), this.toObject(this.lowerExpr(k.value), k.value.loc));
    }
    return ir.py('dict_new', args, T.py('dict'));
  }

  /** A call of a function of this module: C call with C argument conversions. */
  private callFunction(info: FuncInfo, e: Extract<A.Expr, { kind: 'Call' }>, pre?: Map<A.Expr, Expr>): Expr {
    if (e.starArgs || e.kwArgs) {
      this.unsupportedAt(e.loc, '*args/**kwargs in calls of module functions');
      return ir.const(null, T.object);
    }
    const params = info.params.filter((p) => !p.star);
    if (info.params.some((p) => p.star)) {
      this.unsupportedAt(e.loc, 'calling functions that take *args/**kwargs');
      return ir.const(null, T.object);
    }
    const slots: (A.Expr | null)[] = params.map(() => null);
    const positional = params.filter((p) => !p.kwOnly);
    if (e.args.length > positional.length || (info.flavor === 'cdef' && e.args.length + e.keywords.length !== params.length && params.every((p) => !p.default))) {
      if (info.flavor === 'cdef') this.error(e.loc, `Call with wrong number of arguments (expected ${params.length}, got ${e.args.length + e.keywords.length})`);
      this.error(e.loc, `${info.pyName}() takes at most ${positional.length} positional arguments (${e.args.length} given)`);
    }
    e.args.forEach((a, i) => (slots[i] = a));
    for (const k of e.keywords) {
      const idx = params.findIndex((p) => p.name === k.name);
      if (idx < 0) this.error(k.loc, `${info.pyName}() got an unexpected keyword argument '${k.name}'`);
      if (slots[idx]) this.error(k.loc, `${info.pyName}() got multiple values for keyword argument '${k.name}'`);
      slots[idx] = k.value;
    }
    const args: Expr[] = [];
    params.forEach((p, i) => {
      const a = slots[i];
      if (a) {
        // a display passed to a struct / ctuple / C array parameter builds the C value
        const v = pre?.get(a) ?? (isAggregate(p.type) && (a.kind === 'Tuple' || a.kind === 'List' || a.kind === 'Dict') ? this.lowerTo(a, p.type) : this.lowerExpr(a));
        if (p.notNone && p.type.k === 'memview' && v.kind === 'const' && v.value === null) this.error(a.loc, `Argument '${p.name}' must not be None`);
        args.push(this.coerce(v, p.type, a.loc));
      } else if (p.default) args.push(this.lowerDefault(p.default, p.type));
      else if (info.flavor === 'cdef') this.error(e.loc, `Call with wrong number of arguments (expected ${params.length}, got ${e.args.length + e.keywords.length})`);
      else this.error(e.loc, `${info.pyName}() takes exactly ${params.length} positional arguments (${e.args.length} given)`);
    });
    const implRet = this.implReturnType(info);
    const call: Expr = { kind: 'call', fn: info.irName, args, type: implRet };
    // A def function returns a Python object to its callers; box the C result.
    if (info.flavor === 'def' && implRet.k !== 'object') {
      if (implRet.k === 'void') return { kind: 'call', fn: info.irName, args, type: T.void };
      return this.toObject(call, e.loc);
    }
    return call;
  }

  /** The C return type of a function's implementation (def: inferred when it was lowered; else declared). */
  private implReturnType(info: FuncInfo): Type {
    if (info.flavor !== 'def') return info.ret;
    if (info.implRet) return info.implRet;
    // Not lowered yet (or recursive): lower its signature's return type now by
    // inferring from a quick pass, else treat as object.
    if (this.inferring.has(info.irName)) return T.object;
    this.inferring.add(info.irName);
    const saved = this.fn;
    try {
      this.lowerFunctionOnce(info, new Map());
    } catch {
      info.implRet = T.object;
    } finally {
      this.fn = saved;
      this.inferring.delete(info.irName);
    }
    return info.implRet ?? T.object;
  }
  private inferring = new Set<string>();

  private callImported(imp: ImportedName, name: string, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    if (imp.kind === 'math') return this.callMath(imp.fn, e);
    if (imp.kind === 'stdlib') {
      if (imp.fn === 'abs' || imp.fn === 'labs' || imp.fn === 'llabs') return this.callBuiltin('abs', e);
      const r = this.callLibc(imp.fn, e);
      if (r) return r;
      this.unsupportedAt(e.loc, `libc function ${imp.fn}`);
      return ir.const(0n, T.long);
    }
    if (imp.kind === 'operator') {
      if (imp.fn === 'dereference') return this.loadFrom(this.derefPtr(e));
      if (INC_DEC.has(imp.fn)) return this.incDec(imp.fn, e);
      if (imp.fn === 'address' && e.args.length === 1) return this.lowerAddressOf({ kind: 'AddressOf', operand: e.args[0]!, loc: e.loc });
      this.unsupportedAt(e.loc, `cython.operator.${imp.fn}`);
      return ir.const(0n, T.long);
    }
    if (imp.kind === 'cvarray') return this.cvarrayCall(e);
    if (imp.kind === 'parallel') {
      this.unsupportedAt(e.loc, `cython.parallel.${imp.fn}`);
      return ir.const(0n, T.long);
    }
    this.error(e.loc, `'${name}' is not callable`);
  }

  private callMath(fn: MathFn, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    const args = e.args.map((a) => this.lowerExpr(a));
    const arity = MATH_ARITY[fn];
    if (args.length !== arity || e.keywords.length) this.error(e.loc, `Call with wrong number of arguments (expected ${arity}, got ${args.length})`);
    for (const a of args) if (!isScalar(a.type)) {
      if (a.type.k === 'object') continue;
      this.error(e.loc, `Cannot assign type '${typeName(a.type)}' to 'double'`);
    }
    const conv = args.map((a, i) => (fn === 'ldexp' && i === 1 ? this.coerce(a, T.int, e.loc) : this.coerce(a, T.double, e.loc)));
    if (BOOL_MATH.has(fn)) return ir.math(fn, conv, T.bool as unknown as ScalarType);
    return ir.math(fn, conv, T.double);
  }

  private callBuiltin(n: string, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    const args = () => e.args.map((a) => this.lowerExpr(a));
    switch (n) {
      case 'abs': {
        if (e.args.length !== 1) break;
        const v = this.lowerExpr(e.args[0]!);
        if (v.type.k === 'float') return ir.math('fabs', [v], v.type);
        if (v.type.k === 'int' || v.type.k === 'bool') {
          const t = promote(v.type);
          const x0 = this.coerce(v, t, e.loc);
          if (t.k === 'int' && !t.signed) return x0;
          // Cython: abs() of the most negative value raises OverflowError for def-level Python semantics? No: C abs wraps.
          return this.withTemp(x0, (x) => ir.cond(ir.cmp('lt', x, ir.const(0n, t)), ir.neg(x), x, t));
        }
        return ir.py('abs', [this.toObject(v, e.loc)]);
      }
      case 'min':
      case 'max': {
        if (e.keywords.length === 0 && e.args.length >= 2 && !e.starArgs) {
          const vs = args();
          if (vs.every((v) => isScalar(v.type))) {
            let rt = vs.map((v) => v.type as ScalarType).reduce((x, y) => commonType(x, y));
            if (vs.every((v) => v.type.k === 'bool')) rt = T.bool;
            let acc = this.coerce(vs[0]!, rt, e.loc);
            // Python semantics: the first of equal values wins; NaN handling as Python's (comparisons)
            for (let i = 1; i < vs.length; i++) {
              const next = this.coerce(vs[i]!, rt, e.loc);
              const aId = this.temp(rt);
              const bId = this.temp(rt);
              const A_ = ir.local(aId, rt);
              const B_ = ir.local(bId, rt);
              const pick = n === 'max' ? ir.cmp('gt', B_, A_) : ir.cmp('lt', B_, A_);
              acc = ir.letIn(aId, acc, ir.letIn(bId, next, ir.cond(pick, B_, A_, rt)));
            }
            return acc;
          }
        }
        break;
      }
      case 'len': {
        if (e.args.length === 1) {
          const v = this.lowerExpr(e.args[0]!);
          if (v.type.k === 'memview') return { kind: 'mvShape', view: v, dim: 0, type: T.ssize };
          return ir.py('len', [this.toObject(v, e.loc)], T.ssize);
        }
        break;
      }
      case 'range':
        break;
      case 'print':
        this.unsupportedAt(e.loc, 'print() used as a value');
        return ir.const(null, T.object);
      case 'super':
        this.unsupportedAt(e.loc, 'super()');
        return ir.const(null, T.object);
      case 'bool': {
        if (e.args.length === 1) {
          const v = this.lowerExpr(e.args[0]!);
          if (isScalar(v.type)) return this.toObject(this.truth(v, e.loc), e.loc);
        }
        break;
      }
      case 'float': {
        if (e.args.length === 1) {
          const v = this.lowerExpr(e.args[0]!);
          if (isScalar(v.type)) return this.toObject(this.coerce(v, T.double, e.loc), e.loc);
        }
        break;
      }
      case 'pow': {
        // the builtin is Python's pow() even on C numbers (int results for int args, a float for a negative
        // exponent, ZeroDivisionError for 0.0 ** -x)
        if (e.args.length === 2) return ir.py('pow', e.args.map((x) => this.toObject(this.lowerExpr(x), x.loc)));
        break;
      }
      default:
        break;
    }
    const op = BUILTIN_PY_OPS[n];
    if (op) {
      const xs = e.args.map((a) => this.toObject(this.lowerExpr(a), a.loc));
      if (e.starArgs || e.kwArgs) return this.callObject({ kind: 'pyGlobal', name: n, type: T.object }, e);
      const kwOps = new Set(['min', 'max', 'sorted', 'dict']);
      if (kwOps.has(op)) return ir.py(op, [...xs, this.kwObject(e.keywords)], op === 'len' ? T.ssize : T.object);
      if (e.keywords.length) return this.callObject({ kind: 'pyGlobal', name: n, type: T.object }, e);
      const rt = PY_BOOL_OPS.has(op) ? T.bool : op === 'len' ? T.ssize : T.py(pyKindOfBuiltin(n));
      return ir.py(op, xs, rt);
    }
    return this.callObject({ kind: 'pyGlobal', name: n, type: T.object }, e);
  }

  private cvarrayCall(e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    const kw = new Map(e.keywords.map((k) => [k.name, k.value]));
    const shape = kw.get('shape') ?? e.args[0];
    const itemsize = kw.get('itemsize') ?? e.args[1];
    const format = kw.get('format') ?? e.args[2];
    if (!shape || !itemsize || !format) this.error(e.loc, 'cython.view.array needs shape, itemsize and format');
    const mode = kw.get('mode');
    const args = [shape, itemsize, format].map((a) => this.toObject(this.lowerExpr(a), a.loc));
    args.push(mode ? this.toObject(this.lowerExpr(mode), mode.loc) : ir.const('c', T.py('str')));
    return ir.py('cvarray', args, T.py('array'));
  }

  /** obj.method(...) and module.function(...) calls. Returns null when it is an ordinary object call. */
  private lowerMethodCall(f: Extract<A.Expr, { kind: 'Attribute' }>, e: Extract<A.Expr, { kind: 'Call' }>): Expr | null {
    const base = f.value;
    if (this.isDerefCall(e)) return this.loadFrom(this.derefPtr(e));
    if (INC_DEC.has(f.attr) && base.kind === 'Attribute' && base.attr === 'operator' && this.isCythonModule(base.value)) return this.incDec(f.attr, e);
    if (f.attr === 'address' && this.isCythonModule(base) && e.args.length === 1) {
      return this.lowerAddressOf({ kind: 'AddressOf', operand: e.args[0]!, loc: e.loc });
    }
    if (base.kind === 'Name' && !this.fn.names.has(base.id)) {
      const imp = this.scope.imports.get(base.id);
      if (imp?.kind === 'numpy') return this.numpyCall(f.attr, e);
      if (imp?.kind === 'cythonModule') {
        if (f.attr === 'cast' && e.args.length === 2) {
          this.unsupportedAt(e.loc, 'cython.cast');
          return ir.const(null, T.object);
        }
        if (f.attr === 'sizeof' && e.args.length === 1) return this.lowerSizeof({ kind: 'Sizeof', operand: e.args[0]!, loc: e.loc });
        this.unsupportedAt(e.loc, `cython.${f.attr}()`);
        return ir.const(null, T.object);
      }
      if (imp?.kind === 'cythonView' && f.attr === 'array') return this.cvarrayCall(e);
      if (imp?.kind === 'libcModule') {
        if (imp.module === 'libc.math' && MATH_FNS.has(f.attr)) return this.callMath(f.attr as MathFn, e);
        if (imp.module === 'libc.stdlib' || imp.module === 'libc.string') {
          const r = this.callLibc(f.attr, e);
          if (r) return r;
        }
        this.unsupportedAt(e.loc, `${imp.module}.${f.attr}`);
        return ir.const(null, T.object);
      }
    }
    if (base.kind === 'Attribute' && base.value.kind === 'Name' && this.scope.imports.get(base.value.id)?.kind === 'cythonModule' && base.attr === 'view' && f.attr === 'array') {
      return this.cvarrayCall(e);
    }
    const obj = this.lowerExpr(base);
    const field = this.attrAddr(obj, f.attr, f.loc);
    if (field) {
      // s.fn(x): a function pointer stored in a struct field
      const fv = this.loadFrom(field);
      if (fv.type.k !== 'funcptr') this.error(e.loc, `Cannot call a C ${typeName(fv.type)}`);
      return this.callFuncPtr(fv, e);
    }
    if (obj.type.k === 'memview') {
      if (f.attr === 'copy' && e.args.length === 0) {
        const t = obj.type;
        return { kind: 'unbox', a: ir.py('callmethod', [this.toObject(obj, e.loc), ir.const('copy', T.py('str')), ir.const(null, T.object)]), type: { ...t, contig: 'c', readonly: false } };
      }
      if ((f.attr === 'is_c_contig' || f.attr === 'is_f_contig') && e.args.length === 0) {
        // Cython's slice_is_contig: every stride equals the product of the inner extents (no leniency for extent 1)
        const t = obj.type;
        return this.withTemp(obj, (v) => {
          const dims = Array.from({ length: t.ndim }, (_, i) => (f.attr === 'is_c_contig' ? t.ndim - 1 - i : i));
          let expected: Expr = ir.i64(1);
          let ok: Expr = ir.bool(true);
          for (const d of dims) {
            const cond = ir.cmp('eq', { kind: 'mvStride', view: v, dim: d, type: T.ssize }, expected);
            ok = d === dims[0] ? cond : ir.and(ok, cond);
            expected = ir.bin('mul', expected, { kind: 'mvShape', view: v, dim: d, type: T.ssize }, T.ssize);
          }
          return ok;
        });
      }
      this.unsupportedAt(e.loc, `memoryview method .${f.attr}()`);
      return ir.const(null, T.object);
    }
    if (isScalar(obj.type)) {
      this.error(e.loc, `Cannot call a method of a C ${typeName(obj.type)}`);
    }
    if (e.starArgs || e.kwArgs) {
      this.unsupportedAt(e.loc, '*args/**kwargs in method calls');
      return ir.const(null, T.object);
    }
    const args = e.args.map((a) => this.toObject(this.lowerExpr(a), a.loc));
    return ir.py('callmethod', [this.toObject(obj, base.loc), ir.const(f.attr, T.py('str')), ...args, this.kwObject(e.keywords)]);
  }

  private numpyCall(attr: string, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    const kw = new Map(e.keywords.map((k) => [k.name, k.value]));
    if (attr === 'empty' || attr === 'zeros' || attr === 'ones') {
      const shape = e.args[0] ?? kw.get('shape');
      if (!shape) this.error(e.loc, `numpy.${attr} needs a shape`);
      const dt = e.args[1] ?? kw.get('dtype');
      let dtype = 'float64';
      if (dt) {
        const d = this.numpyDtype(dt);
        if (!d) {
          this.unsupportedAt(dt.loc, 'this numpy dtype');
          return ir.const(null, T.object);
        }
        dtype = d;
      }
      return ir.py(`np_${attr}`, [this.toObject(this.lowerExpr(shape), shape.loc), ir.const(dtype, T.py('str'))], T.py('array'));
    }
    this.unsupportedAt(e.loc, `numpy.${attr}`);
    return ir.const(null, T.object);
  }

  private numpyDtype(e: A.Expr): string | null {
    if (e.kind === 'Attribute' && e.value.kind === 'Name' && this.scope.imports.get(e.value.id)?.kind === 'numpy') return NUMPY_DTYPES[e.attr] ?? null;
    if (e.kind === 'Str') return NUMPY_DTYPES[e.value] ?? (e.value === 'f8' ? 'float64' : e.value === 'f4' ? 'float32' : e.value === 'i4' ? 'int32' : e.value === 'i8' ? 'int64' : e.value === 'u1' ? 'uint8' : null);
    if (e.kind === 'Name' && (e.id === 'float' || e.id === 'int')) return e.id === 'float' ? 'float64' : 'int64';
    return null;
  }

  // ---------------------------------------------------------------- attributes
  private lowerAttribute(e: Extract<A.Expr, { kind: 'Attribute' }>): Expr {
    if (e.value.kind === 'Name' && !this.fn.names.has(e.value.id)) {
      const imp = this.scope.imports.get(e.value.id);
      if (imp?.kind === 'numpy') {
        const d = NUMPY_DTYPES[e.attr];
        if (d) return ir.const(d, T.py('str'));
        this.unsupportedAt(e.loc, `numpy.${e.attr}`);
        return ir.const(null, T.object);
      }
      if (imp?.kind === 'libcModule' && imp.module === 'libc.math' && e.attr in MATH_CONSTS) return ir.f64(MATH_CONSTS[e.attr]!);
      if (imp) {
        this.unsupportedAt(e.loc, `${e.value.id}.${e.attr}`);
        return ir.const(null, T.object);
      }
    }
    const obj = this.lowerExpr(e.value);
    const field = this.attrAddr(obj, e.attr, e.loc);
    if (field) return this.loadFrom(field);
    if (obj.type.k === 'memview') {
      const t = obj.type;
      if (e.attr === 'ndim') return ir.const(BigInt(t.ndim), T.int);
      if (e.attr === 'shape' || e.attr === 'strides' || e.attr === 'suboffsets') {
        // m.shape alone: a tuple (m.shape[i] is handled by lowerSubscript)
        const items = Array.from({ length: t.ndim }, (_, i) => this.toObject(this.viewDimValue(obj, e.attr as 'shape' | 'strides', i), e.loc));
        return ir.py('tuple_new', items, T.py('tuple'));
      }
      if (e.attr === 'size') {
        let acc: Expr = { kind: 'mvShape', view: obj, dim: 0, type: T.ssize };
        for (let i = 1; i < t.ndim; i++) acc = ir.bin('mul', acc, { kind: 'mvShape', view: obj, dim: i, type: T.ssize }, T.ssize);
        return acc;
      }
      if (e.attr === 'itemsize') return ir.const(BigInt(byteSize(t.elem)), T.ssize);
      if (e.attr === 'nbytes') return ir.bin('mul', this.lowerAttribute({ ...e, attr: 'size' }), ir.i64(byteSize(t.elem)), T.ssize);
      if (e.attr === 'T') {
        // the transpose: reversed extents and strides, C contiguity becomes Fortran contiguity and back
        const contig = t.contig === 'c' ? 'f' : t.contig === 'f' ? 'c' : null;
        const nt = T.memview(t.elem, t.ndim, contig, t.readonly);
        return this.withTemp(obj, (v) => {
          const dims = Array.from({ length: t.ndim }, (_, i) => t.ndim - 1 - i);
          const shape = dims.map((d) => ({ kind: 'mvShape', view: v, dim: d, type: T.ssize }) as Expr);
          const strides = dims.map((d) => ({ kind: 'mvStride', view: v, dim: d, type: T.ssize }) as Expr);
          return { kind: 'mvMake', base: v, offset: ir.i64(0), shape, strides, type: nt } as Expr;
        });
      }
      if (e.attr === 'base') {
        this.unsupportedAt(e.loc, `memoryview .${e.attr}`);
        return ir.const(null, T.object);
      }
      this.error(e.loc, `Object of type '${typeName(t)}' has no attribute '${e.attr}'`);
    }
    if (isScalar(obj.type)) {
      if (e.attr === 'real') return obj;
      this.error(e.loc, `Object of type '${typeName(obj.type)}' has no attribute '${e.attr}'`);
    }
    return ir.py('getattr', [this.toObject(obj, e.value.loc), ir.const(e.attr, T.py('str'))]);
  }

  private viewDimValue(view: Expr, what: 'shape' | 'strides', i: number): Expr {
    const t = view.type as MemviewType;
    if (what === 'shape') return { kind: 'mvShape', view, dim: i, type: T.ssize };
    return ir.bin('mul', { kind: 'mvStride', view, dim: i, type: T.ssize }, ir.i64(byteSize(t.elem)), T.ssize);
  }

  // ---------------------------------------------------------------- subscripts
  private lowerSubscript(e: Extract<A.Expr, { kind: 'Subscript' }>): Expr {
    // f[double] of a cdef fused function as a value: that specialization's address (a function pointer)
    if (e.value.kind === 'Name' && this.fusedFns.has(e.value.id) && !this.fn.names.has(e.value.id)) {
      const info = this.fusedSpecByIndex(this.fusedFns.get(e.value.id)!, e.index);
      if (info.flavor === 'def') this.unsupportedAt(e.loc, 'a specialization of a def fused function as a value');
      return this.functionRef(info);
    }
    // m.shape[i] / m.strides[i]
    if (e.value.kind === 'Attribute' && (e.value.attr === 'shape' || e.value.attr === 'strides')) {
      const base = this.lowerExpr(e.value.value);
      if (base.type.k === 'memview') {
        const idx = this.foldConst(e.index);
        const n = idx ? constInt(idx) : null;
        const nd = base.type.ndim;
        if (n !== null) {
          const i = n < 0n ? Number(n) + nd : Number(n);
          // Cython: shape has 8 entries; beyond ndim they are 0
          if (i < 0 || i >= 8) this.error(e.loc, 'Index out of bounds for shape');
          if (i >= nd) return ir.const(0n, T.ssize);
          return this.viewDimValue(base, e.value.attr, i);
        }
        // m.shape[i] with a run-time i, or m.shape[:2]: index the Python tuple
        return ir.py('getitem', [this.lowerAttribute(e.value), this.lowerIndexObject(e.index)]);
      }
    }
    let base: Expr;
    if (e.value.kind === 'Subscript') {
      // m[i][j] is m[i, j] in Cython (one buffer access; an out-of-bounds j names axis 1)
      const inner = e.value;
      const innerBase = this.lowerExpr(inner.value);
      const first = this.indexItems(inner.index);
      if (innerBase.type.k === 'memview' && first.length < innerBase.type.ndim && first.every((x) => x.kind !== 'Slice' && x.kind !== 'EllipsisLit')) {
        const merged: A.Expr = { kind: 'Tuple', loc: e.index.loc, elts: [...first, ...this.indexItems(e.index)], parenthesized: false };
        return this.subscriptView(innerBase, merged, e.loc);
      }
      base = innerBase.type.k === 'memview' ? this.subscriptView(innerBase, inner.index, inner.loc) : this.lowerSubscriptOf(innerBase, inner);
    } else base = this.lowerExpr(e.value);
    return this.lowerSubscriptOf(base, e);
  }

  /** view[index]: an element or a sub-view. */
  private subscriptView(base: Expr, index: A.Expr, loc: A.Loc): Expr {
    const view = isTrivial(base) ? base : this.bindTempStmt(base);
    const elem = this.elementRef(view, index, loc);
    if (elem) return { kind: 'mvLoad', view, offset: elem.offset, type: (view.type as MemviewType).elem };
    return this.sliceView(view, index, loc);
  }

  /** base[e.index] for an already lowered base. */
  private lowerSubscriptOf(base: Expr, e: Extract<A.Expr, { kind: 'Subscript' }>): Expr {
    if (base.type.k === 'memview') return this.subscriptView(base, e.index, e.loc);
    if (isScalar(base.type)) this.error(e.loc, `Cannot index a C ${typeName(base.type)}`);
    const cb = this.charSlice(base, e.index);
    if (cb) return cb;
    const cel = this.elementAddr(base, e.index, e.loc);
    if (cel) return this.loadFrom(cel);
    return ir.py('getitem', [this.toObject(base, e.value.loc), this.lowerIndexObject(e.index)]);
  }

  private lowerIndexObject(index: A.Expr): Expr {
    if (index.kind === 'Slice') {
      return ir.py('slice_new', [index.lower, index.upper, index.step].map((x) => (x ? this.toObject(this.lowerExpr(x), x.loc) : ir.const(null, T.py('none')))));
    }
    return this.toObject(this.lowerExpr(index), index.loc);
  }

  private indexItems(index: A.Expr): A.Expr[] {
    return index.kind === 'Tuple' && !index.parenthesized ? index.elts : index.kind === 'Tuple' ? index.elts : [index];
  }

  /**
   * m[i, j] with one integer per dimension: the element offset, with wraparound
   * and bounds checks per the directives. Null when the index selects a sub-view.
   */
  private elementRef(view: Expr, index: A.Expr, loc: A.Loc): { offset: Expr } | null {
    const t = view.type as MemviewType;
    const items = this.indexItems(index);
    if (items.some((x) => x.kind === 'Slice' || x.kind === 'EllipsisLit') || items.length < t.ndim) return null;
    if (items.length > t.ndim) this.error(loc, 'Too many indices specified for memoryview');
    let offset: Expr | null = null;
    items.forEach((item, dim) => {
      const raw = this.lowerExpr(item);
      if (raw.type.k === 'float') this.error(item.loc, 'Invalid index for memoryview specified, type double');
      const idx = this.coerce(raw, T.ssize, item.loc);
      const checked = this.checkedIndex(view, dim, idx);
      const strided = t.contig === 'c' && dim === t.ndim - 1 ? checked : t.contig === 'f' && dim === 0 ? checked : ir.bin('mul', checked, { kind: 'mvStride', view, dim, type: T.ssize }, T.ssize);
      offset = offset ? ir.bin('add', offset, strided, T.ssize) : strided;
    });
    return { offset: offset! };
  }

  /** Index after wraparound, checked against the extent (IndexError "Out of bounds on buffer access (axis k)"). */
  private checkedIndex(view: Expr, dim: number, idx: Expr): Expr {
    const d = this.dir;
    const shape: Expr = { kind: 'mvShape', view, dim, type: T.ssize };
    const c = constInt(idx);
    const wrap = (x: Expr) => {
      if (!d.wraparound) return x;
      if (c !== null) return c < 0n ? ir.bin('add', x, shape, T.ssize) : x;
      return ir.cond(ir.cmp('lt', x, ir.i64(0)), ir.bin('add', x, shape, T.ssize), x, T.ssize);
    };
    if (!d.boundscheck) {
      if (isTrivial(idx) || !d.wraparound) return wrap(idx);
      return this.withTemp(idx, wrap);
    }
    return this.withTemp(idx, (i) => {
      const w = wrap(i);
      return this.withTemp(w, (x) => {
        const ok = ir.cmp('lt', ir.cast(x, T.size), ir.cast(shape, T.size));
        return this.checkExpr(ok, 'IndexError', `Out of bounds on buffer access (axis ${dim})`, x);
      });
    });
  }

  /**
   * m[a:b:c, i, :] → a new view: per sliced dimension the start, extent and
   * stride computed like Python's slice.indices(); integer indices drop a dimension.
   */
  private sliceView(view: Expr, index: A.Expr, loc: A.Loc): Expr {
    const t = view.type as MemviewType;
    let items = this.indexItems(index);
    const ell = items.findIndex((x) => x.kind === 'EllipsisLit');
    if (ell >= 0) {
      const fill = t.ndim - (items.length - 1);
      items = [...items.slice(0, ell), ...Array.from({ length: fill }, () => ({ kind: 'Slice', lower: null, upper: null, step: null, loc } as A.Expr)), ...items.slice(ell + 1)];
    }
    while (items.length < t.ndim) items.push({ kind: 'Slice', lower: null, upper: null, step: null, loc });
    if (items.length > t.ndim) this.error(loc, 'Too many indices specified for memoryview');
    if (this.fn.conditional > 0) {
      this.unsupportedAt(loc, 'memoryview slicing inside a conditional expression');
      return { kind: 'mvNone', type: t };
    }
    const pre = this.fn.pre;
    let offset: Expr = ir.i64(0);
    const shape: Expr[] = [];
    const strides: Expr[] = [];
    const newContig: boolean[] = [];
    const bind = (e: Expr, hint: string): Expr => {
      if (isTrivial(e)) return e;
      const id = this.temp(T.ssize, hint);
      pre.push(ir.set(id, e));
      return ir.local(id, T.ssize);
    };
    items.forEach((item, dim) => {
      const n = bind({ kind: 'mvShape', view, dim, type: T.ssize }, 'n');
      const stride: Expr = { kind: 'mvStride', view, dim, type: T.ssize };
      if (item.kind !== 'Slice') {
        const idx = bind(this.coerce(this.lowerExpr(item), T.ssize, item.loc), 'ix');
        // an integer index among slices: Cython's SliceIndex, with its own message
        const checked = bind(this.checkedIndexWithExtent(idx, n, dim, `Index out of bounds (axis ${dim})`), 'ix');
        offset = ir.bin('add', offset, ir.bin('mul', checked, stride, T.ssize), T.ssize);
        return;
      }
      // Cython evaluates start, stop and step, then applies __pyx_memoryview_slice_memviewslice
      // (not Python's slice.indices: a start or stop below -n clamps to 0 whatever the step, and the
      // extent is C's ceil-by-truncation, so a[5:4:2] has extent 1)
      const lowerE = item.lower ? bind(this.coerce(this.lowerExpr(item.lower), T.ssize, item.lower.loc), 'lo') : null;
      const upperE = item.upper ? bind(this.coerce(this.lowerExpr(item.upper), T.ssize, item.upper.loc), 'hi') : null;
      const step = item.step ? bind(this.coerce(this.lowerExpr(item.step), T.ssize, item.step.loc), 'step') : ir.i64(1);
      const sc = constInt(step);
      if (sc === null || sc === 0n) {
        const zeroStep = this.raiseStmt('ValueError', { kind: 'const', text: `Step may not be zero (axis ${dim})` }, item.loc);
        pre.push(sc === 0n ? zeroStep : ir.if(ir.cmp('eq', step, ir.i64(0)), [zeroStep]));
      }
      const startId = this.temp(T.ssize, 'start');
      const stopId = this.temp(T.ssize, 'stop');
      const start = ir.local(startId, T.ssize);
      const stop = ir.local(stopId, T.ssize);
      const zero = ir.i64(0);
      const neg1 = ir.i64(-1);
      const nm1 = ir.bin('sub', n, ir.i64(1), T.ssize);
      const negative = sc !== null ? ir.bool(sc < 0n) : ir.cmp('lt', step, zero);
      const wrapLow = (x: Expr) => ir.cond(ir.cmp('lt', ir.bin('add', x, n, T.ssize), zero), zero, ir.bin('add', x, n, T.ssize), T.ssize);
      const startOf = (x: Expr) => ir.cond(ir.cmp('lt', x, zero), wrapLow(x), ir.cond(ir.cmp('ge', x, n), ir.cond(negative, nm1, n, T.ssize), x, T.ssize), T.ssize);
      const stopOf = (x: Expr) => ir.cond(ir.cmp('lt', x, zero), wrapLow(x), ir.cond(ir.cmp('gt', x, n), n, x, T.ssize), T.ssize);
      pre.push(ir.set(startId, lowerE ? startOf(lowerE) : ir.cond(negative, nm1, zero, T.ssize)));
      pre.push(ir.set(stopId, upperE ? stopOf(upperE) : ir.cond(negative, neg1, n, T.ssize)));
      // extent: q = (stop - start) / step truncated; q + 1 when inexact; at least 0
      const diffId = this.temp(T.ssize, 'd');
      const qId = this.temp(T.ssize, 'q');
      const diff = ir.local(diffId, T.ssize);
      const q = ir.local(qId, T.ssize);
      pre.push(ir.set(diffId, ir.bin('sub', stop, start, T.ssize)));
      // a zero step has raised above; divide by 1 then so that no back end traps
      const divisor = sc !== null && sc !== 0n ? step : ir.cond(ir.cmp('eq', step, zero), ir.i64(1), step, T.ssize);
      pre.push(ir.set(qId, ir.bin('div', diff, divisor, T.ssize)));
      const ceil = ir.cond(ir.cmp('ne', ir.bin('sub', diff, ir.bin('mul', divisor, q, T.ssize), T.ssize), zero), ir.bin('add', q, ir.i64(1), T.ssize), q, T.ssize);
      const len = bind(ir.cond(ir.cmp('lt', ceil, zero), zero, ceil, T.ssize), 'len');
      // an empty slice keeps offset 0 for that axis (start may be n)
      offset = ir.bin('add', offset, ir.cond(ir.cmp('gt', len, zero), ir.bin('mul', start, stride, T.ssize), zero, T.ssize), T.ssize);
      shape.push(len);
      strides.push(sc === 1n ? stride : ir.bin('mul', stride, step, T.ssize));
      newContig.push(sc === 1n && ((t.contig === 'c' && dim === t.ndim - 1) || (t.contig === 'f' && dim === 0)));
    });
    if (shape.length === 0) {
      // all integer indices handled by elementRef; unreachable
      this.error(loc, 'invalid memoryview index');
    }
    let contig: 'c' | 'f' | null = null;
    if (t.contig === 'c' && newContig[newContig.length - 1] && items[items.length - 1]!.kind === 'Slice') contig = 'c';
    const nt: MemviewType = { k: 'memview', elem: t.elem, ndim: shape.length, contig, readonly: t.readonly };
    return { kind: 'mvMake', base: view, offset, shape, strides, type: nt };
  }

  private checkedIndexWithExtent(idx: Expr, n: Expr, dim: number, msg = `Out of bounds on buffer access (axis ${dim})`): Expr {
    const d = this.dir;
    const w = d.wraparound ? ir.cond(ir.cmp('lt', idx, ir.i64(0)), ir.bin('add', idx, n, T.ssize), idx, T.ssize) : idx;
    if (!d.boundscheck) return w;
    return this.withTemp(w, (x) => this.checkExpr(ir.cmp('lt', ir.cast(x, T.size), ir.cast(n, T.size)), 'IndexError', msg, x));
  }

  private assignSubscript(target: Extract<A.Expr, { kind: 'Subscript' }>, value: Expr, loc: A.Loc): Stmt[] {
    const base = this.lowerExpr(target.value);
    if (base.type.k === 'memview') {
      const t = base.type;
      const view = isTrivial(base) ? base : this.bindTempStmt(base);
      const elem = this.elementRef(view, target.index, target.loc);
      if (t.readonly) this.error(target.loc, 'Assignment to const dereference');
      if (elem) return [{ kind: 'mvStore', view, offset: elem.offset, value: this.coerce(value, t.elem, loc) }];
      const dst = this.bindTempStmt(this.sliceView(view, target.index, target.loc));
      return this.assignToView(dst, value, loc);
    }
    if (base.type.k === 'carray' && target.index.kind === 'Slice' && !target.index.lower && !target.index.upper && !target.index.step) {
      // a[:] = sequence or array: the whole C array
      return [this.storeTo(this.addressOfValue(base, target.loc), value, loc)];
    }
    const cel = this.elementAddr(base, target.index, target.loc);
    if (cel) return [this.storeTo(cel, value, loc)];
    if (isScalar(base.type)) this.error(target.loc, `Cannot assign to an index of a C ${typeName(base.type)}`);
    const obj = this.toObject(base, target.value.loc);
    return [{ kind: 'expr', value: ir.py('setitem', [obj, this.lowerIndexObject(target.index), this.toObject(value, loc)]) }];
  }

  /**
   * dst[...] = scalar (fill) or dst[...] = src view (copy with extent checks;
   * a source extent of 1 broadcasts). The source may share memory with the
   * destination (`a[1:] = a[:-1]`): like Cython for overlapping views, the copy
   * goes through a temporary C-contiguous buffer, so the result never depends on
   * the order of the element copies.
   */
  private assignToView(dst: Expr, value: Expr, loc: A.Loc): Stmt[] {
    const t = dst.type as MemviewType;
    const out: Stmt[] = [];
    const extent = (view: Expr, d: number): Expr => ({ kind: 'mvShape', view, dim: d, type: T.ssize });
    // nested loops over every index of dst; `read(offsets)` gives the value to store
    const loops = (read: (idx: Expr[]) => Expr): Stmt[] => {
      const ids: LocalId[] = Array.from({ length: t.ndim }, () => this.temp(T.ssize, 'j'));
      const idx = ids.map((id) => ir.local(id, T.ssize));
      const dstOff = idx.map((j, d) => ir.bin('mul', j, { kind: 'mvStride', view: dst, dim: d, type: T.ssize }, T.ssize)).reduce((a, b) => ir.bin('add', a, b, T.ssize));
      let inner: Stmt[] = [{ kind: 'mvStore', view: dst, offset: dstOff, value: read(idx) }];
      for (let d = t.ndim - 1; d >= 0; d--) {
        const lbl = this.label('fill');
        const j = idx[d]!;
        inner = [
          ir.set(ids[d]!, ir.i64(0)),
          {
            kind: 'block',
            label: lbl + '_b',
            body: [{ kind: 'loop', label: lbl, body: [ir.if(ir.cmp('ge', j, extent(dst, d)), [{ kind: 'break', label: lbl }]), ...inner], update: [ir.set(ids[d]!, ir.bin('add', j, ir.i64(1), T.ssize))] }],
          },
        ];
      }
      return inner;
    };
    if (value.type.k !== 'memview') {
      let v = this.coerce(value, t.elem, loc);
      if (!isTrivial(v)) {
        const id = this.temp(t.elem);
        out.push(ir.set(id, v));
        v = ir.local(id, t.elem);
      }
      out.push(...loops(() => v));
      return out;
    }
    let src = value;
    if (!isTrivial(src)) {
      const id = this.temp(value.type);
      out.push(ir.set(id, value));
      src = ir.local(id, value.type);
    }
    const st = src.type as MemviewType;
    if (!sameType(st.elem, t.elem)) this.error(loc, `Cannot assign type '${typeName(st)}' to '${typeName(t)}'`);
    if (st.ndim !== t.ndim) this.error(loc, `Cannot assign type '${typeName(st)}' to '${typeName(t)}'`);
    for (let d = 0; d < t.ndim; d++) {
      const a = extent(dst, d);
      const b = extent(src, d);
      this.excIndex('ValueError');
      const msg: Message = { kind: 'format', template: `got differing extents in dimension ${d} (got %d and %d)`, args: [a, b] };
      this.registerMessage(msg);
      // Cython's copy broadcasts a source extent of 1 (stride 0); any other difference is an error
      out.push(ir.if(ir.and(ir.cmp('ne', a, b), ir.cmp('ne', b, ir.i64(1))), [{ kind: 'raise', exc: 'ValueError', msg, loc }]));
    }
    // the number of source elements; with none there is nothing to copy
    const nId = this.temp(T.ssize, 'n');
    const N = ir.local(nId, T.ssize);
    out.push(ir.set(nId, Array.from({ length: t.ndim }, (_, d) => extent(src, d)).reduce((a, b) => ir.bin('mul', a, b, T.ssize))));
    const elemPtr: Type = { k: 'ptr', to: t.elem };
    const pId = this.temp(elemPtr, 'buf');
    const P = ir.local(pId, elemPtr);
    const tmpType: MemviewType = { k: 'memview', elem: t.elem, ndim: t.ndim, contig: 'c', readonly: false };
    const tmpId = this.temp(tmpType, 'tmp');
    const tmp = ir.local(tmpId, tmpType);
    const size = ir.cast(ir.bin('mul', N, ir.i64(byteSize(t.elem)), T.ssize), T.size);
    this.excIndex('MemoryError');
    const noMem: Message = { kind: 'const', text: '' };
    this.registerMessage(noMem);
    const body: Stmt[] = [
      ir.set(pId, ir.cast({ kind: 'libc', fn: 'malloc', args: [size], type: { k: 'ptr', to: T.void } }, elemPtr)),
      ir.if(ir.cmp('eq', P, ir.const(null, elemPtr)), [{ kind: 'raise', exc: 'MemoryError', msg: noMem, loc }]),
      ir.set(tmpId, { kind: 'ptrView', ptr: P, shape: Array.from({ length: t.ndim }, (_, d) => extent(src, d)), type: tmpType }),
    ];
    // src → tmp: a plain copy (shapes equal)
    const ids: LocalId[] = Array.from({ length: t.ndim }, () => this.temp(T.ssize, 'k'));
    const kIdx = ids.map((id) => ir.local(id, T.ssize));
    const off = (view: Expr) => kIdx.map((k, d) => ir.bin('mul', k, { kind: 'mvStride', view, dim: d, type: T.ssize }, T.ssize)).reduce((a, b) => ir.bin('add', a, b, T.ssize));
    let copyIn: Stmt[] = [{ kind: 'mvStore', view: tmp, offset: off(tmp), value: { kind: 'mvLoad', view: src, offset: off(src), type: t.elem } }];
    for (let d = t.ndim - 1; d >= 0; d--) {
      const lbl = this.label('copy');
      copyIn = [
        ir.set(ids[d]!, ir.i64(0)),
        { kind: 'block', label: lbl + '_b', body: [{ kind: 'loop', label: lbl, body: [ir.if(ir.cmp('ge', kIdx[d]!, extent(src, d)), [{ kind: 'break', label: lbl }]), ...copyIn], update: [ir.set(ids[d]!, ir.bin('add', kIdx[d]!, ir.i64(1), T.ssize))] }] },
      ];
    }
    body.push(...copyIn);
    // tmp → dst, broadcasting source extents of 1
    const strides = Array.from({ length: t.ndim }, (_, d) => {
      const sid = this.temp(T.ssize, 'ss');
      body.push(ir.set(sid, ir.cond(ir.cmp('eq', extent(dst, d), extent(tmp, d)), { kind: 'mvStride', view: tmp, dim: d, type: T.ssize }, ir.i64(0), T.ssize)));
      return ir.local(sid, T.ssize);
    });
    body.push(...loops((idx) => ({ kind: 'mvLoad', view: tmp, offset: idx.map((j, d) => ir.bin('mul', j, strides[d]!, T.ssize)).reduce((a, b) => ir.bin('add', a, b, T.ssize)), type: t.elem })));
    body.push({ kind: 'expr', value: { kind: 'libc', fn: 'free', args: [ir.cast(P, { k: 'ptr', to: T.void })], type: T.void } });
    out.push(ir.if(ir.cmp('gt', N, ir.i64(0)), body));
    return out;
  }
  // ================================================================ C data (L3)
  // Lvalues are addresses: p[i], a[i], s.f, p.f, deref(p) lower to an address (a
  // `ptr`-typed IR expression) and reads / writes are `load` / `store` of it.
  private dataGlobals = new Map<string, DataGlobal>();

  private ptrTo(t: Type): PtrType {
    return { k: 'ptr', to: t };
  }

  /** NULL as a value of pointer type `t` (void * by default). */
  private nullOf(t: Type = VOID_PTR): Expr {
    return ir.const(0n, t);
  }

  /** Address of a local; the local then lives in memory (Local.addressed). */
  private addrOfLocal(id: LocalId): Expr {
    const l = this.fn.locals[id]!;
    l.addressed = true;
    return { kind: 'addrOf', id, type: this.ptrTo(l.type) };
  }

  /** `*p` with the alignment known for p (fields of packed structs may be misaligned). */
  private loadFrom(p: Expr): Expr {
    const to = (p.type as PtrType).to;
    if (to.k === 'void') this.error(p.loc ?? LOC0, 'Cannot dereference a void pointer');
    const e: Expr = { kind: 'load', ptr: p, type: to };
    if (this.misaligned(p)) e.align = 1;
    return e;
  }

  private storeTo(p: Expr, value: Expr, loc: A.Loc): Stmt {
    const to = (p.type as PtrType).to;
    const s: Stmt = { kind: 'store', ptr: p, value: this.coerce(value, to, loc) };
    if (this.misaligned(p)) s.align = 1;
    return s;
  }

  /**
   * cython.operator.preincrement(x) and friends on a C integer or pointer lvalue: the
   * update is hoisted before the statement (so not inside conditional expressions);
   * the value is the new one (pre) or the old one (post).
   */
  private incDec(op: string, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    if (e.args.length !== 1 || e.keywords.length) this.error(e.loc, `${op}() takes exactly one argument`);
    if (this.fn.conditional > 0) {
      this.unsupportedAt(e.loc, `cython.operator.${op} inside a conditional expression`);
      return ir.const(0n, T.long);
    }
    const arg = e.args[0]!;
    const step = (v: Expr) => this.binary(op.endsWith('increment') ? '+' : '-', v, ir.const(1n, T.int), e.loc);
    const post = op.startsWith('post');
    const id = arg.kind === 'Name' && !this.fn.globalNames.has(arg.id) ? this.fn.names.get(arg.id) : undefined;
    if (id !== undefined && !this.fn.locals[id]!.addressed) {
      const t = this.fn.locals[id]!.type;
      if (t.k !== 'int' && t.k !== 'ptr') this.error(arg.loc, `Cannot increment a value of type '${typeName(t)}'`);
      const cur = ir.local(id, t);
      if (!post) {
        this.fn.pre.push(ir.set(id, this.coerce(step(cur), t, e.loc)));
        return cur;
      }
      const oldId = this.temp(t, 'old');
      this.fn.pre.push(ir.set(oldId, cur), ir.set(id, this.coerce(step(ir.local(oldId, t)), t, e.loc)));
      return ir.local(oldId, t);
    }
    const addr = this.lvalueAddr(arg, true);
    if (!addr) this.error(arg.loc, `Cannot increment this`);
    const t = (addr.type as PtrType).to;
    if (t.k !== 'int' && t.k !== 'ptr') this.error(arg.loc, `Cannot increment a value of type '${typeName(t)}'`);
    const p = this.bindTempStmt(addr);
    const oldId = this.temp(t, 'old');
    this.fn.pre.push(ir.set(oldId, this.loadFrom(p)));
    this.fn.pre.push(this.storeTo(p, step(ir.local(oldId, t)), e.loc));
    return post ? ir.local(oldId, t) : this.loadFrom(p);
  }

  /** `p[a:b]` of a char pointer or char array: the bytes in between (Cython's C string slicing). */
  private charSlice(base: Expr, index: A.Expr): Expr | null {
    const t = base.type;
    const elem = t.k === 'ptr' ? t.to : t.k === 'carray' ? t.elem : null;
    if (!elem || elem.k !== 'int' || elem.bits !== 8 || index.kind !== 'Slice') return null;
    if (index.step) this.error(index.step.loc, 'Cannot slice a C pointer with a step');
    if (!index.upper && t.k === 'ptr') this.error(index.loc, 'Slicing a C pointer needs an upper bound');
    const p = t.k === 'carray' ? this.decay(base, index.loc) : base;
    const lo = index.lower ? this.coerce(this.lowerExpr(index.lower), T.ssize, index.lower.loc) : ir.i64(0);
    const hi = index.upper ? this.coerce(this.lowerExpr(index.upper), T.ssize, index.upper.loc) : ir.i64((t as CArrayType).size);
    return this.withTemp(lo, (l) => ir.py('cbytes', [{ kind: 'ptrAdd', ptr: p, index: l, type: p.type }, ir.bin('sub', hi, l, T.ssize)], T.py('bytes')));
  }

  /** `*p op= value`, computing the address once. */
  private augStore(addr: Expr, s: Extract<A.Stmt, { kind: 'AugAssign' }>): Stmt[] {
    const mis = this.misaligned(addr);
    const p = this.bindTempStmt(addr);
    const to = (p.type as PtrType).to;
    const cur: Expr = { kind: 'load', ptr: p, type: to };
    if (mis) cur.align = 1;
    const r = this.binary(s.op, cur, this.lowerExpr(s.value), s.loc);
    const st: Stmt = { kind: 'store', ptr: p, value: this.coerce(r, to, s.loc) };
    if (mis) st.align = 1;
    return [st];
  }

  /** The address may not be aligned for its pointee (inside a packed struct). */
  private misaligned(p: Expr): boolean {
    if (p.kind === 'fieldAddr') {
      const st = (p.ptr.type as PtrType).to;
      return (st.k === 'struct' && st.packed === true) || this.misaligned(p.ptr);
    }
    if (p.kind === 'ptrAdd' || p.kind === 'cast') return this.misaligned(p.kind === 'ptrAdd' ? p.ptr : p.a);
    return false;
  }

  /**
   * An address holding the value `v`: its own when `v` reads memory (a `load` or a
   * local), else a fresh memory temp set to it (hoisted before the statement).
   */
  private addressOfValue(v: Expr, loc: A.Loc): Expr {
    if (v.kind === 'load') return v.ptr;
    if (v.kind === 'local') return this.addrOfLocal(v.id);
    if (this.fn.conditional > 0) this.unsupportedAt(loc, 'C aggregate temporaries inside a conditional expression');
    const id = this.temp(v.type, 'agg');
    this.fn.pre.push(ir.set(id, v));
    return this.addrOfLocal(id);
  }

  /** A C array value as a pointer to its first element (C's array-to-pointer decay). */
  private decay(v: Expr, loc: A.Loc): Expr {
    const t = v.type as CArrayType;
    return ir.cast(this.addressOfValue(v, loc), this.ptrTo(t.elem));
  }

  /** Index of a struct field by name, with Cython's error for a missing one. */
  private fieldIndex(st: StructType, attr: string, loc: A.Loc): number {
    const i = st.fields.findIndex((f) => f.name === attr);
    if (i < 0) this.error(loc, `Object of type '${st.name}' has no attribute '${attr}'`);
    return i;
  }

  private fieldAddr(p: Expr, field: number): Expr {
    const st = (p.type as PtrType).to as StructType | CTupleType;
    const ft = st.k === 'struct' ? st.fields[field]!.type : st.items[field]!;
    return { kind: 'fieldAddr', ptr: p, field, type: this.ptrTo(ft) };
  }

  /** `obj.attr` where obj is a struct value or a pointer to a struct (C's `->`): the field's address; null when obj is not one. */
  private attrAddr(obj: Expr, attr: string, loc: A.Loc): Expr | null {
    const t = obj.type;
    if (t.k === 'struct') return this.fieldAddr(this.addressOfValue(obj, loc), this.fieldIndex(t, attr, loc));
    if (t.k === 'ptr' && t.to.k === 'struct') return this.fieldAddr(obj, this.fieldIndex(t.to, attr, loc));
    return null;
  }

  /** `base[index]` for a pointer, C array or ctuple `base`: the element's address; null when base is none of those. */
  private elementAddr(base: Expr, index: A.Expr, loc: A.Loc): Expr | null {
    const t = base.type;
    if (t.k === 'ctuple') {
      const c = this.foldConst(index);
      const n = c ? constInt(c) : null;
      if (n === null) this.error(index.loc, 'ctuple indices must be constant integers');
      const i = n < 0n ? Number(n) + t.items.length : Number(n);
      if (i < 0 || i >= t.items.length) this.error(index.loc, 'Index out of range');
      return this.fieldAddr(this.addressOfValue(base, loc), i);
    }
    if (t.k !== 'ptr' && t.k !== 'carray') return null;
    if (index.kind === 'Slice') {
      // only char pointers slice (to bytes, see charSlice); Cython rejects the rest
      this.error(index.loc, `Cannot convert '${typeName(this.ptrTo(t.k === 'ptr' ? t.to : t.elem))}' to Python object`);
    }
    if (index.kind === 'Tuple' && index.elts.length !== 1) {
      this.unsupportedAt(index.loc, 'multi-dimensional indexing of C pointers and arrays (write a[i][j])');
      return this.nullOf(this.ptrTo(t.k === 'ptr' ? t.to : t.elem));
    }
    const raw = this.lowerExpr(index);
    if (raw.type.k === 'float' || (!isScalar(raw.type) && raw.type.k !== 'object')) this.error(index.loc, `Invalid index type '${typeName(raw.type)}'`);
    const idx = this.coerce(raw, T.ssize, index.loc);
    const p = t.k === 'carray' ? this.decay(base, loc) : base;
    if (t.k === 'ptr' && t.to.k === 'void') this.error(loc, 'Cannot index a void pointer');
    return { kind: 'ptrAdd', ptr: p, index: idx, type: p.type };
  }

  /**
   * The address of the C lvalue `e`, or null when `e` is not C data in memory. A
   * scalar local or global only has an address when `force` (the `&` operator);
   * a memoryview element `m[i, j]` only then (as a pointer into the view's data).
   */
  private lvalueAddr(e: A.Expr, force: boolean): Expr | null {
    switch (e.kind) {
      case 'Name': {
        const id = this.fn.globalNames.has(e.id) ? undefined : this.fn.names.get(e.id);
        if (id !== undefined) {
          const t = this.fn.locals[id]!.type;
          if (isAggregate(t) || (force && (isScalar(t) || t.k === 'ptr' || t.k === 'funcptr'))) return this.addrOfLocal(id);
          return null;
        }
        const dg = this.dataGlobals.get(e.id);
        if (dg) return { kind: 'globalAddr', name: e.id, type: this.ptrTo(dg.type) };
        const g = this.scope.globals.get(e.id);
        if (g && force) return { kind: 'globalAddr', name: e.id, type: this.ptrTo(g.type) };
        return null;
      }
      case 'Subscript': {
        const base = this.lowerExpr(e.value);
        if (base.type.k === 'memview' && force) {
          const view = isTrivial(base) ? base : this.bindTempStmt(base);
          const elem = this.elementRef(view, e.index, e.loc);
          if (!elem) this.error(e.loc, 'Cannot take the address of a memoryview slice');
          return { kind: 'mvAddr', view, offset: elem.offset, type: this.ptrTo((view.type as MemviewType).elem) };
        }
        return this.elementAddr(base, e.index, e.loc);
      }
      case 'Attribute': {
        if (this.isModuleAttr(e)) return null;
        return this.attrAddr(this.lowerExpr(e.value), e.attr, e.loc);
      }
      case 'Call': {
        if (this.isDerefCall(e)) return this.derefPtr(e);
        return null;
      }
      default:
        return null;
    }
  }

  /** `mod.attr` where mod names a module (numpy, cython, libc...): not C data. */
  private isModuleAttr(e: Extract<A.Expr, { kind: 'Attribute' }>): boolean {
    return e.value.kind === 'Name' && !this.fn.names.has(e.value.id) && this.scope.imports.has(e.value.id);
  }

  /** `deref(p)` (from cython.operator cimport dereference) or `cython.operator.dereference(p)`. */
  private isDerefCall(e: Extract<A.Expr, { kind: 'Call' }>): boolean {
    const f = e.func;
    if (f.kind === 'Name' && !this.fn.names.has(f.id)) {
      const imp = this.scope.imports.get(f.id);
      return imp?.kind === 'operator' && imp.fn === 'dereference';
    }
    return f.kind === 'Attribute' && f.attr === 'dereference' && f.value.kind === 'Attribute' && f.value.attr === 'operator' && this.isCythonModule(f.value.value);
  }

  /** The pointer operand of a dereference call. */
  private derefPtr(e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    if (e.args.length !== 1 || e.keywords.length) this.error(e.loc, 'dereference() takes exactly one argument');
    let p = this.lowerExpr(e.args[0]!);
    if (p.type.k === 'carray') p = this.decay(p, e.loc);
    if (p.type.k !== 'ptr') this.error(e.loc, `Cannot dereference a value of type '${typeName(p.type)}'`);
    return p;
  }

  /** The `&` operator. */
  private lowerAddressOf(e: Extract<A.Expr, { kind: 'AddressOf' }>): Expr {
    const op = e.operand;
    if (op.kind === 'Name' && !this.fn.names.has(op.id) && this.scope.functions.get(op.id)?.flavor !== 'def' && this.scope.functions.has(op.id)) {
      return this.functionRef(this.scope.functions.get(op.id)!);
    }
    const p = this.lvalueAddr(op, true);
    if (p) return p;
    const v = this.lowerExpr(op);
    if (v.type.k === 'object') this.error(e.loc, 'Cannot take address of Python object');
    this.error(e.loc, 'Taking address of non-lvalue');
  }

  /** A cdef/cpdef function used as a value: its address, typed by its C signature. */
  private functionRef(info: FuncInfo): Expr {
    if (info.flavor === 'def') this.error(info.ast.nameLoc, `Cannot take the address of def function '${info.pyName}'`);
    if (info.params.some((p) => p.star)) this.unsupportedAt(info.ast.nameLoc, 'pointers to functions with *args/**kwargs');
    const type: FuncPtrType = { k: 'funcptr', ret: info.ret, params: info.params.map((p) => p.type) };
    return { kind: 'fnRef', fn: info.irName, type };
  }

  /** A call through a function pointer value. */
  private callFuncPtr(fnv: Expr, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    const t = fnv.type as FuncPtrType;
    if (e.keywords.length || e.starArgs || e.kwArgs) this.error(e.loc, 'Keyword and starred arguments not allowed in calls of C function pointers');
    if (e.args.length !== t.params.length) this.error(e.loc, `Call with wrong number of arguments (expected ${t.params.length}, got ${e.args.length})`);
    const f = isTrivial(fnv) ? fnv : this.bindTempStmt(fnv);
    const args = e.args.map((a, i) => this.lowerTo(a, t.params[i]!));
    return { kind: 'callPtr', fn: f, args, type: t.ret };
  }

  /** Lowers `e` for a destination of type `t`: tuple / list / dict displays build ctuples, C arrays and structs in place. */
  private lowerTo(e: A.Expr, t: Type): Expr {
    if (t.k === 'ctuple' && e.kind === 'Tuple') {
      if (e.elts.length !== t.items.length) this.error(e.loc, `Cannot assign a tuple of length ${e.elts.length} to ${typeName(t)}`);
      return this.buildAggregate(t, e.elts.map((x, i) => ({ field: i, value: x })), e.loc);
    }
    if (t.k === 'carray' && (e.kind === 'List' || e.kind === 'Tuple')) {
      if (e.elts.length !== t.size) this.error(e.loc, `Assignment to slice of wrong length, expected ${t.size}, got ${e.elts.length}`);
      return this.buildAggregate(t, e.elts.map((x, i) => ({ field: i, value: x })), e.loc);
    }
    if (t.k === 'struct' && e.kind === 'Dict' && e.keys.every((k) => k && k.kind === 'Str')) {
      const items = e.keys.map((k, i) => ({ field: this.fieldIndex(t, (k as Extract<A.Expr, { kind: 'Str' }>).value, k!.loc), value: e.values[i]! }));
      return this.buildAggregate(t, items, e.loc);
    }
    return this.coerce(this.lowerExpr(e), t, e.loc);
  }

  /**
   * A struct / ctuple / C array value built from items: a zeroed memory temp whose
   * fields (elements) are stored in source order. The stores are hoisted before the statement.
   */
  private buildAggregate(t: StructType | CTupleType | CArrayType, items: { field: number; value: A.Expr }[], loc: A.Loc): Expr {
    if (this.fn.conditional > 0) this.unsupportedAt(loc, `building a ${typeName(t)} inside a conditional expression`);
    const id = this.temp(t, 'agg');
    const addr = this.addrOfLocal(id);
    this.fn.pre.push(ir.set(id, ir.const(null, t)));
    for (const it of items) {
      const p = t.k === 'carray'
        ? ({ kind: 'ptrAdd', ptr: ir.cast(addr, this.ptrTo(t.elem)), index: ir.i64(it.field), type: this.ptrTo(t.elem) } as Expr)
        : this.fieldAddr(addr, it.field);
      const v = this.lowerTo(it.value, (p.type as PtrType).to);
      this.fn.pre.push(this.storeTo(p, v, it.value.loc));
    }
    return ir.local(id, t);
  }

  /** `Point(x, y)` / `Point(y=1, x=2)`: a struct value (missing fields are zero). */
  private structConstructor(t: StructType, e: Extract<A.Expr, { kind: 'Call' }>): Expr {
    if (e.starArgs || e.kwArgs) this.error(e.loc, 'Cannot use *args or **kwargs to build a struct');
    if (e.args.length > t.fields.length) this.error(e.loc, `Too many arguments to ${t.name}() (expected at most ${t.fields.length})`);
    if (t.union && e.args.length + e.keywords.length > 1) this.error(e.loc, `A union takes at most one member value`);
    const items = e.args.map((a, i) => ({ field: i, value: a }));
    for (const k of e.keywords) {
      const i = this.fieldIndex(t, k.name ?? '', k.loc);
      if (items.some((x) => x.field === i)) this.error(k.loc, `Duplicate value for struct attribute '${k.name}'`);
      items.push({ field: i, value: k.value });
    }
    return this.buildAggregate(t, items, e.loc);
  }

  /** The type of a declarator: `cdef double *p`, `cdef int buf[4][4]` (pointers bind first). */
  private declaratorType(base: Type, d: A.VarDeclarator): Type {
    let t = base;
    for (let i = 0; i < d.pointerDepth; i++) t = this.ptrTo(t);
    for (let i = d.arraySizes.length - 1; i >= 0; i--) t = this.carrayOf(t, d.arraySizes[i]!);
    return t;
  }

  private carrayOf(elem: Type, size: A.Expr): CArrayType {
    const c = this.foldConst(size);
    const n = c ? constInt(c) : null;
    if (n === null) this.error(size.loc, 'Array dimension not integer');
    if (n <= 0n) this.error(size.loc, 'Array dimension must be positive');
    if (elem.k === 'void') this.error(size.loc, 'Array element type cannot be void');
    if (elem.k === 'object' || elem.k === 'memview') this.error(size.loc, 'Array element cannot be a Python object');
    return { k: 'carray', elem, size: Number(n) };
  }

  /** `cdef struct` / `cdef union` / `ctypedef struct`: one StructType object per name (fields may refer to it). */
  private declareStruct(s: Extract<A.Stmt, { kind: 'StructDef' }>): void {
    const old = this.scope.typedefs.get(s.name);
    let t: StructType;
    if (old && old.k === 'struct' && s.fields.length === 0) return; // a forward declaration
    if (old && old.k === 'struct' && old.fields.length === 0) {
      t = old; // forward-declared (`cdef struct Node`)
      if (s.packed) t.packed = true;
    }
    else {
      if (old) this.error(s.loc, `'${s.name}' redeclared`);
      t = { k: 'struct', name: s.name, union: s.union, fields: [] };
      if (s.packed) t.packed = true;
      this.scope.typedefs.set(s.name, t);
    }
    for (const f of s.fields) {
      const ft = this.resolveType(f.type);
      if (ft.k === 'object' || ft.k === 'memview') this.error(f.loc, 'C struct/union member cannot be a Python object');
      if (ft === t || (ft.k === 'carray' && ft.elem === t)) this.error(f.loc, `Struct '${s.name}' contains itself`);
      if (ft.k === 'void') this.error(f.loc, 'Variable type cannot be void');
      if (ft.k === 'struct' && ft.fields.length === 0) this.error(f.type.loc, `Variable type '${ft.name}' is incomplete`);
      if (t.fields.some((g) => g.name === f.name)) this.error(f.loc, `'${f.name}' redeclared`);
      t.fields.push({ name: f.name, type: ft });
    }
  }

  /** A module-level variable of a C type that is not a scalar: a DataGlobal in the state block. */
  private declareDataGlobal(name: string, t: Type, loc: A.Loc): void {
    if (!isCData(t)) {
      this.unsupportedAt(loc, `module-level variables of type ${typeName(t)}`);
      return;
    }
    const a = alignOf(t);
    this.stateOffset = Math.ceil(this.stateOffset / a) * a;
    this.dataGlobals.set(name, { name, type: t, offset: this.stateOffset });
    this.stateOffset += sizeOf(t);
  }

  /** `p + i`, `i + p`, `p - i`, `p - q` (pointers and arrays, which decay). Null when neither operand is a pointer. */
  private pointerArith(op: A.BinOp, a0: Expr, b0: Expr, loc: A.Loc): Expr | null {
    const a = a0.type.k === 'carray' ? this.decay(a0, loc) : a0;
    const b = b0.type.k === 'carray' ? this.decay(b0, loc) : b0;
    const pa = a.type.k === 'ptr';
    const pb = b.type.k === 'ptr';
    if (!pa && !pb) return null;
    const bad = () => this.error(loc, `Invalid operand types for '${op}' (${typeName(a.type)}; ${typeName(b.type)})`);
    const index = (v: Expr) => {
      if (v.type.k !== 'int' && v.type.k !== 'bool' && v.type.k !== 'object') bad();
      return this.coerce(v, T.ssize, loc);
    };
    if (op === '+' && pa && !pb) return { kind: 'ptrAdd', ptr: a, index: index(b), type: a.type };
    if (op === '+' && pb && !pa) return { kind: 'ptrAdd', ptr: b, index: index(a), type: b.type };
    if (op === '-' && pa && !pb) return { kind: 'ptrAdd', ptr: a, index: ir.neg(index(b)), type: a.type };
    if (op === '-' && pa && pb) {
      const ta = (a.type as PtrType).to;
      if (!sameType(ta, (b.type as PtrType).to)) bad();
      const diff = ir.bin('sub', ir.cast(a, T.ssize), ir.cast(b, T.ssize), T.ssize);
      const size = strideOf(ta);
      return size === 1 ? diff : ir.bin('div', diff, ir.i64(size), T.ssize);
    }
    return bad();
  }

  /** Two pointer operands brought to one type for a comparison or a conditional (NULL / void * adapt). */
  private commonPointer(a0: Expr, b0: Expr, loc: A.Loc, what: string): [Expr, Expr] {
    const a = a0.type.k === 'carray' ? this.decay(a0, loc) : a0;
    const b = b0.type.k === 'carray' ? this.decay(b0, loc) : b0;
    const isNull = (x: Expr) => x.kind === 'const' && x.type.k === 'ptr' && x.type.to.k === 'void' && (x.value === 0n || x.value === 0 || x.value === null);
    if (sameType(a.type, b.type)) return [a, b];
    if ((a.type.k === 'ptr' || a.type.k === 'funcptr') && isNull(b)) return [a, this.nullOf(a.type)];
    if ((b.type.k === 'ptr' || b.type.k === 'funcptr') && isNull(a)) return [this.nullOf(b.type), b];
    if (a.type.k === 'ptr' && b.type.k === 'ptr') {
      if (a.type.to.k === 'void') return [a, ir.cast(b, a.type)];
      if (b.type.to.k === 'void') return [ir.cast(a, b.type), b];
    }
    return this.error(loc, `Invalid types for '${what}' (${typeName(a.type)}, ${typeName(b.type)})`);
  }

  /** malloc / calloc / realloc / free / memcpy / memmove / memset / memcmp with C argument conversions. */
  private callLibc(fn: string, e: Extract<A.Expr, { kind: 'Call' }>): Expr | null {
    const sigs: Record<string, [Type[], Type]> = {
      malloc: [[T.size], VOID_PTR],
      calloc: [[T.size, T.size], VOID_PTR],
      realloc: [[VOID_PTR, T.size], VOID_PTR],
      free: [[VOID_PTR], T.void],
      memcpy: [[VOID_PTR, VOID_PTR, T.size], VOID_PTR],
      memmove: [[VOID_PTR, VOID_PTR, T.size], VOID_PTR],
      memset: [[VOID_PTR, T.int, T.size], VOID_PTR],
      memcmp: [[VOID_PTR, VOID_PTR, T.size], T.int],
      strlen: [[CHAR_PTR], T.size],
      strcmp: [[CHAR_PTR, CHAR_PTR], T.int],
      qsort: [[VOID_PTR, T.size, T.size, { k: 'funcptr', ret: T.int, params: [VOID_PTR, VOID_PTR] }], T.void],
    };
    const sig = sigs[fn];
    if (!sig) return null;
    if (e.keywords.length || e.starArgs || e.kwArgs) this.error(e.loc, `${fn}() takes no keyword arguments`);
    if (e.args.length !== sig[0].length) this.error(e.loc, `Call with wrong number of arguments (expected ${sig[0].length}, got ${e.args.length})`);
    const args = e.args.map((a, i) => {
      const v = this.lowerExpr(a);
      const pt = sig[0][i]!;
      if (pt.k === 'ptr' && v.type.k === 'object') return this.coerce(v, pt, a.loc); // bytes → char *
      if (pt.k === 'ptr') {
        const p = v.type.k === 'carray' ? this.decay(v, a.loc) : v;
        if (p.type.k !== 'ptr') this.error(a.loc, `Cannot assign type '${typeName(p.type)}' to 'void *'`);
        return sameType(p.type, pt) ? p : ir.cast(p, pt);
      }
      return this.coerce(v, pt, a.loc);
    });
    return { kind: 'libc', fn: fn as LibcFn, args, type: sig[1] };
  }

}

type ConstExpr = Extract<Expr, { kind: 'const' }>;
const LOC0: A.Loc = { line: 0, col: 0, endLine: 0, endCol: 0 };

/**
 * The type of int-valued C constants that are not literals (enum members, libc.limits macros):
 * `int` like T.int, but a distinct object so that operandType() does not widen a negative one
 * to long as it does for a negative literal.
 */
const C_INT_CONST: IntType = { ...T.int };

const LIMITS: Record<string, Expr> = {
  INT_MAX: ir.const(2147483647n, T.int),
  INT_MIN: ir.const(-2147483648n, C_INT_CONST),
  UINT_MAX: ir.const(4294967295n, T.uint),
  LONG_MAX: ir.const(2n ** 63n - 1n, T.long),
  LONG_MIN: ir.const(-(2n ** 63n), T.long),
  LLONG_MAX: ir.const(2n ** 63n - 1n, T.longlong),
  LLONG_MIN: ir.const(-(2n ** 63n), T.longlong),
  ULONG_MAX: ir.const(2n ** 64n - 1n, T.ulong),
  SHRT_MAX: ir.const(32767n, T.int),
  SHRT_MIN: ir.const(-32768n, C_INT_CONST),
  CHAR_MAX: ir.const(127n, T.int),
  CHAR_MIN: ir.const(-128n, C_INT_CONST),
  UCHAR_MAX: ir.const(255n, T.int),
  USHRT_MAX: ir.const(65535n, T.int),
  DBL_MAX: ir.f64(Number.MAX_VALUE),
  DBL_MIN: ir.f64(2.2250738585072014e-308),
  DBL_EPSILON: ir.f64(Number.EPSILON),
  FLT_MAX: ir.f64(3.4028234663852886e38),
  FLT_EPSILON: ir.f64(1.1920928955078125e-7),
};

/** libc.stdint's limit macros, with the C type of each macro's value. */
const STDINT_LIMITS: Record<string, Expr> = {
  INT8_MIN: ir.const(-128n, C_INT_CONST),
  INT8_MAX: ir.const(127n, T.int),
  INT16_MIN: ir.const(-32768n, C_INT_CONST),
  INT16_MAX: ir.const(32767n, T.int),
  INT32_MIN: ir.const(-2147483648n, C_INT_CONST),
  INT32_MAX: ir.const(2147483647n, T.int),
  INT64_MIN: ir.const(-(2n ** 63n), T.long),
  INT64_MAX: ir.const(2n ** 63n - 1n, T.long),
  UINT8_MAX: ir.const(255n, T.int),
  UINT16_MAX: ir.const(65535n, T.int),
  UINT32_MAX: ir.const(4294967295n, T.uint),
  UINT64_MAX: ir.const(2n ** 64n - 1n, T.ulong),
  SIZE_MAX: ir.const(2n ** 64n - 1n, T.ulong),
};

function floorDivBig(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function pyKindOfBuiltin(n: string): import('../ir/types.js').PyKind | null {
  switch (n) {
    case 'str':
    case 'repr':
    case 'ascii':
    case 'chr':
    case 'format':
      return 'str';
    case 'list':
    case 'sorted':
      return 'list';
    case 'tuple':
    case 'divmod':
      return 'tuple';
    case 'dict':
      return 'dict';
    case 'set':
    case 'frozenset':
      return 'set';
    case 'int':
    case 'ord':
    case 'hash':
    case 'id':
      return 'int';
    case 'float':
      return 'float';
    default:
      return null;
  }
}

/** True when every path through the statements ends in return or raise (conservative). */
export function alwaysReturns(stmts: A.Stmt[]): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  switch (last.kind) {
    case 'Return':
    case 'Raise':
      return true;
    case 'If':
      return alwaysReturns(last.body) && alwaysReturns(last.orelse);
    case 'While':
      return last.test.kind === 'Bool' && last.test.value && !containsBreak(last.body);
    case 'With':
      return alwaysReturns(last.body);
    case 'Try':
      return (alwaysReturns(last.body) || alwaysReturns(last.orelse)) && last.handlers.every((h) => alwaysReturns(h.body));
    case 'For':
      return alwaysReturns(last.orelse) && !containsBreak(last.body) && last.orelse.length > 0;
    default:
      return false;
  }
}

/** Whether a function body (not nested functions) contains `yield`. */
function containsYield(body: A.Stmt[]): boolean {
  let found = false;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const k = (node as { kind?: string }).kind;
    if (k === 'Yield') {
      found = true;
      return;
    }
    if (k === 'FuncDef' || k === 'Lambda' || k === 'ClassDef') return;
    for (const [key, v] of Object.entries(node)) if (key !== 'loc') visit(v);
  };
  visit(body);
  return found;
}

function containsBreak(stmts: A.Stmt[]): boolean {
  for (const s of stmts) {
    if (s.kind === 'Break') return true;
    if (s.kind === 'If' && (containsBreak(s.body) || containsBreak(s.orelse))) return true;
    if (s.kind === 'With' && containsBreak(s.body)) return true;
    if (s.kind === 'Try' && (containsBreak(s.body) || s.handlers.some((h) => containsBreak(h.body)) || containsBreak(s.orelse))) return true;
  }
  return false;
}
