// The typed mid-level IR that every back end consumes (LLVM text, binaryen, JS).
//
// Shape: structured control flow (blocks, loops, if) over typed expression trees.
// Structured, not a CFG, because JS and wasm need structure and LLVM builds
// blocks from it trivially. Expression trees may hold calls and checks; the
// lowering in semantics/ has already made evaluation order explicit (operands
// with side effects are bound with `letIn` before a check reuses them).
//
// Semantics are fixed here, so back ends only translate:
// - Integer `bin` ops wrap at the type's width (two's complement). Operands of
//   a `bin`/`cmp` node have exactly the node's operand type (lowering inserted
//   casts and C integer promotions). `div`/`rem` on ints are C's truncating
//   division; the divisor is never zero when evaluated (lowering guarded it).
//   `shl`/`shr` take the count modulo the width; `shr` is arithmetic for
//   signed types and logical for unsigned ones.
// - Float ops are IEEE in the type's precision (float32 results are rounded to
//   float32 after every op); `rem` on floats is C fmod.
// - `cast`: int→int truncates or extends per the SOURCE signedness; float→int
//   truncates toward zero, saturating at the target range (NaN → 0) so that no
//   back end traps; int→float rounds to nearest; bool→number gives 0/1;
//   number→bool is `!= 0`.
// - `cmp` on floats is IEEE (false with NaN except `ne`). Integer compares use
//   the operands' signedness.
// - Memoryview offsets are in elements; lowering computed them (including
//   wraparound and bounds checks) with ordinary IR arithmetic.
// - Errors: `raise` (statement) and `check` (expression) raise a Python
//   exception. Native back ends set the module's error state and unwind by
//   returning; JS throws. Every function records `mayRaise`.
//
// C data (SPEC L3; sizes, alignments and offsets: ir/layout.ts):
// - Memory is bytes. A pointer (`ptr`) is an address. A function pointer
//   (`funcptr`) is a function number: 1 + the index of the function in
//   ModuleIR.functions, 0 for NULL; it means the same on every tier (native code
//   calls through a table), so function pointers may cross between tiers. Both
//   are 8 bytes in memory (a function number as an unsigned 64-bit integer). A
//   `const` of a pointer or function pointer type with value 0/null is NULL; a
//   `const` of an aggregate type (struct, union, ctuple, C array) with value null
//   is the all-zero value.
// - Aggregates are values: `load` of one copies it out of memory, `store` copies
//   it in, passing or returning one copies it. Their fields and elements are only
//   reached through addresses: `fieldAddr`, `ptrAdd`, then `load`/`store`.
// - A local whose address is taken (`addrOf`) has `addressed: true` and lives in
//   memory for the whole call; every read and write of it (`local`, `set`,
//   `letIn`) is a load or store of that memory, so writes through a pointer are
//   seen by later reads of the local and the other way round.
// - Scalars in memory: ints and floats as in C (little-endian), bint as a C int
//   (a load gives `!= 0`, a store writes 0/1). `load`/`store` reinterpret bytes:
//   writing a union member and reading another one gives the bit pattern (type
//   punning), as in C.
// - `ptrAdd` counts elements of the pointee (bytes for `void *`); the index is
//   an i64. `cast` between pointer types (and function pointer types) keeps the
//   address; pointer → int gives the address as an unsigned 64-bit value
//   truncated/extended to the int type; int → pointer the other way round.
//   `cmp` on pointers compares addresses (unsigned); on function pointers only
//   `eq`/`ne` are used. Pointer difference is lowered to (i64 casts, `sub`, exact
//   `div` by the element size).
// - Accesses through a pointer that does not point into live memory are the
//   program's bug, as in C. Native code then has C's undefined behaviour; the JS
//   back end raises MemoryError or reads/writes garbage, and never crashes.
// - Data pointers never cross between tiers: a pointer made by native code is
//   only used by native code, one made by generic code only by generic code
//   (ir/classify.ts keeps functions that exchange pointers, and every access to a
//   global that holds pointers, on one tier). A native function that calls
//   through a function pointer runs native only when every function whose
//   address the module takes does.
import type { Loc } from '../syntax/ast.js';
import type { MemviewType, ScalarType, Type } from './types.js';

export type LocalId = number;

export type IntBinOp = 'add' | 'sub' | 'mul' | 'div' | 'rem' | 'and' | 'or' | 'xor' | 'shl' | 'shr';
export type FloatBinOp = 'add' | 'sub' | 'mul' | 'div' | 'rem';
export type BinOpName = IntBinOp;
export type CmpOpName = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** libc.math functions and the few other C intrinsics every back end implements. */
export type MathFn =
  | 'sqrt' | 'exp' | 'exp2' | 'expm1' | 'log' | 'log2' | 'log10' | 'log1p'
  | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'atan2' | 'sinh' | 'cosh' | 'tanh'
  | 'asinh' | 'acosh' | 'atanh'
  | 'floor' | 'ceil' | 'trunc' | 'round' | 'rint' | 'nearbyint' | 'fabs' | 'pow' | 'fmod' | 'hypot' | 'copysign'
  | 'fmin' | 'fmax' | 'cbrt' | 'erf' | 'erfc' | 'tgamma' | 'lgamma' | 'isnan' | 'isinf' | 'isfinite' | 'signbit'
  | 'ldexp' | 'fdim' | 'fma' | 'remainder';

/** Number of arguments of each MathFn (one table for lowering and every back end). */
export const MATH_ARITY: Readonly<Record<MathFn, 1 | 2 | 3>> = {
  sqrt: 1, exp: 1, exp2: 1, expm1: 1, log: 1, log2: 1, log10: 1, log1p: 1,
  sin: 1, cos: 1, tan: 1, asin: 1, acos: 1, atan: 1, atan2: 2, sinh: 1, cosh: 1, tanh: 1,
  asinh: 1, acosh: 1, atanh: 1,
  floor: 1, ceil: 1, trunc: 1, round: 1, rint: 1, nearbyint: 1, fabs: 1, pow: 2, fmod: 2, hypot: 2, copysign: 2,
  fmin: 2, fmax: 2, cbrt: 1, erf: 1, erfc: 1, tgamma: 1, lgamma: 1, isnan: 1, isinf: 1, isfinite: 1, signbit: 1,
  ldexp: 2, fdim: 2, fma: 3, remainder: 2,
};

/** A Python exception class, by name: builtin ('ValueError') or module-defined. */
export type ExcName = string;

/**
 * An error message. `const`: fixed text. `format`: a printf-style template
 * (Python `%` semantics: %d %s %g %f %r ...) whose args are C scalars; native
 * back ends store the args in the error state and the JS side formats them.
 * `object`: an arbitrary Python object (generic code only).
 */
export type Message =
  | { kind: 'const'; text: string }
  | { kind: 'format'; template: string; args: Expr[] }
  | { kind: 'object'; value: Expr };

// ---------------------------------------------------------------- expressions
interface E<K extends string> {
  kind: K;
  type: Type;
  loc?: Loc;
}

export type ConstValue = number | bigint | boolean | string | null;

export type Expr =
  /** A constant. ints: bigint (any width) or number; floats: number; bool; object consts: string/null/number/bigint/boolean (with py kind in type). */
  | (E<'const'> & { value: ConstValue })
  | (E<'local'> & { id: LocalId })
  /** A module-level C global (lives in the module's state block). */
  | (E<'global'> & { name: string })
  | (E<'bin'> & { op: IntBinOp; a: Expr; b: Expr })
  | (E<'neg'> & { a: Expr }) // arithmetic negation (wrapping for ints)
  | (E<'bitnot'> & { a: Expr }) // ~ on ints
  | (E<'not'> & { a: Expr }) // logical not on bool
  | (E<'cmp'> & { op: CmpOpName; a: Expr; b: Expr }) // type: bool
  | (E<'cast'> & { a: Expr }) // to `type`
  /** Short-circuit logic on bools: `and`/`or` evaluate b only when needed. */
  | (E<'and'> & { a: Expr; b: Expr })
  | (E<'or'> & { a: Expr; b: Expr })
  /** cond ? a : b, evaluating only the chosen arm. */
  | (E<'cond'> & { cond: Expr; a: Expr; b: Expr })
  /** Binds `id` to `value`, then evaluates `body` (which may read the local). */
  | (E<'letIn'> & { id: LocalId; value: Expr; body: Expr })
  /** Evaluates `value` after asserting `ok`; raises exc(msg) when `ok` is false. type = value.type */
  | (E<'check'> & { ok: Expr; exc: ExcName; msg: Message; value: Expr })
  /** Call of a function of this module (by IRFunction.name). */
  | (E<'call'> & { fn: string; args: Expr[] })
  | (E<'math'> & { fn: MathFn; args: Expr[] })
  // ------------- memoryviews (offsets and extents are Py_ssize_t = i64)
  /** Extent of axis `dim` (0 for the None view, as in Cython). */
  | (E<'mvShape'> & { view: Expr; dim: number })
  | (E<'mvStride'> & { view: Expr; dim: number })
  | (E<'mvLoad'> & { view: Expr; offset: Expr }) // element at data[offset]
  /** A view of `base`'s buffer: data = base.data + offset, with new extents/strides. type: the new memview type */
  | (E<'mvMake'> & { base: Expr; offset: Expr; shape: Expr[]; strides: Expr[] })
  | (E<'mvIsNone'> & { view: Expr }) // bool
  | (E<'mvNone'>) // the None view (a memview-typed null)
  // ------------- Python objects (generic tier only)
  /** A runtime operation on objects; `op` names a function of runtime/py (see js back end). */
  | (E<'py'> & { op: string; args: Expr[] })
  /** C value (scalar or memview) → Python object. */
  | (E<'box'> & { a: Expr })
  /** Python object → C type `type` with Cython's checks (TypeError/OverflowError/ValueError). */
  | (E<'unbox'> & { a: Expr })
  /**
   * A module-level Python name: one of ModuleIR.pyGlobals (module variables,
   * the module's def/cpdef functions as JS functions, its exception classes,
   * imported modules), else a builtin (`$rt.py.builtins[name]`, `$rt.exc[name]`).
   */
  | (E<'pyGlobal'> & { name: string })
  /** A local function / lambda object (generic tier): closure over the enclosing locals. */
  | (E<'closure'> & { fn: string })
  // ------------- C data (L3): see the header
  /** Address of local `id`, which has `addressed: true`. type: ptr(the local's type) */
  | (E<'addrOf'> & { id: LocalId })
  /** Address of module C global `name` (in ModuleIR.globals or ModuleIR.dataGlobals) in the state block. type: ptr */
  | (E<'globalAddr'> & { name: string })
  /**
   * The value stored at `ptr` (type: the pointee's type; an aggregate is copied).
   * `align`: the address is only known to be a multiple of this (fields of packed
   * structs); default: the type's alignment.
   */
  | (E<'load'> & { ptr: Expr; align?: number })
  /** `ptr + index`: the address `index` (i64) elements of the pointee further (bytes for void *). type = ptr.type */
  | (E<'ptrAdd'> & { ptr: Expr; index: Expr })
  /** Address of field / item `field` of the struct, union or ctuple `ptr` points to. type: ptr(field type) */
  | (E<'fieldAddr'> & { ptr: Expr; field: number })
  /** Address of a memoryview's element data[offset] (offset in elements, as mvLoad). type: ptr(elem) */
  | (E<'mvAddr'> & { view: Expr; offset: Expr })
  /**
   * `<double[:n, :m]>p`: a C-contiguous view of the memory at `ptr` (a pointer to the
   * element type, not NULL) with these extents (i64, each > 0; lowering checked both).
   * The view does not own the memory. type: the memview type (contig 'c').
   */
  | (E<'ptrView'> & { ptr: Expr; shape: Expr[] })
  /** The function number of module function `fn` (IRFunction.name), see the header. type: funcptr with its C signature */
  | (E<'fnRef'> & { fn: string })
  /**
   * Call through a function pointer (`fn`: funcptr-typed; NULL is the program's bug).
   * Args have exactly the parameter types. Native back ends test the error state
   * after the call (the callee may raise).
   */
  | (E<'callPtr'> & { fn: Expr; args: Expr[] })
  /**
   * C memory functions (libc.stdlib / libc.string) with C semantics: malloc(size_t),
   * calloc(size_t, size_t), realloc(void *, size_t) → void * (NULL when out of
   * memory); free(void *) → void; memcpy/memmove(void *dst, void *src, size_t) and
   * memset(void *dst, int byte, size_t) → dst; memcmp(void *, void *, size_t) → int (<0, 0, >0);
   * strlen(char *) → size_t; strcmp(char *, char *) → int (<0, 0, >0, comparing unsigned bytes);
   * qsort(void *base, size_t n, size_t size, int (*cmp)(void *, void *)) → void, sorting
   * in place with the comparator (a function number; like callPtr, it may raise).
   */
  | (E<'libc'> & { fn: LibcFn; args: Expr[] });

export type LibcFn = 'malloc' | 'calloc' | 'realloc' | 'free' | 'memcpy' | 'memmove' | 'memset' | 'memcmp' | 'strlen' | 'strcmp' | 'qsort';

export type ExprKind = Expr['kind'];

// ---------------------------------------------------------------- statements
interface S<K extends string> {
  kind: K;
  loc?: Loc;
}

export type Stmt =
  | (S<'set'> & { id: LocalId; value: Expr })
  | (S<'setGlobal'> & { name: string; value: Expr })
  /** Assign a module-level Python name (module init and `global` statements in generic code). */
  | (S<'setPyGlobal'> & { name: string; value: Expr })
  | (S<'mvStore'> & { view: Expr; offset: Expr; value: Expr })
  /** *ptr = value (`value` has the pointee's type; aggregates are copied). `align` as for `load`. */
  | (S<'store'> & { ptr: Expr; value: Expr; align?: number })
  | (S<'expr'> & { value: Expr })
  | (S<'if'> & { cond: Expr; then: Stmt[]; else: Stmt[] })
  /**
   * Repeats `body` then `update` forever. `break label` leaves the loop;
   * `continue label` skips the rest of `body` and runs `update`.
   */
  | (S<'loop'> & { label: string; body: Stmt[]; update: Stmt[] })
  /** A labeled block: `break label` jumps to its end. */
  | (S<'block'> & { label: string; body: Stmt[] })
  | (S<'break'> & { label: string })
  | (S<'continue'> & { label: string })
  | (S<'return'> & { value: Expr | null })
  | (S<'raise'> & { exc: ExcName; msg: Message })
  /** Re-raise the exception being handled (bare `raise` inside except). Generic only. */
  | (S<'reraise'>)
  /** Raise an exception object or class (generic only). */
  | (S<'pyRaise'> & { value: Expr; cause: Expr | null })
  /** try/except/else/finally (generic only). A handler with `types: null` catches everything. */
  | (S<'try'> & { body: Stmt[]; handlers: Handler[]; orelse: Stmt[]; finally: Stmt[] })
  /** print(...) (generic only): args are objects; sep/end are objects or null for defaults. */
  | (S<'print'> & { args: Expr[]; sep: Expr | null; end: Expr | null });

export interface Handler {
  types: Expr[] | null; // exception classes (pyGlobal or const names)
  bind: LocalId | null; // `except E as e`
  body: Stmt[];
}

// ---------------------------------------------------------------- functions
export interface Local {
  id: LocalId;
  name: string; // source name, or a $-prefixed temp
  type: Type;
  /** Captured by an inner function (generic tier): back ends keep it in a shared cell. */
  captured?: boolean;
  /** Its address is taken (`addrOf`): back ends keep it in memory (see the header). */
  addressed?: boolean;
}

export interface Param {
  name: string;
  local: LocalId;
  type: Type;
  /** Default for missing arguments at the JS boundary, an IR expression evaluated at module init; null when required. */
  default: Expr | null;
  kwOnly: boolean;
  /** Memoryview parameters: `not None` given. */
  notNone: boolean;
  star: '' | '*' | '**';
}

/** Which back end runs a function: the module's native/wasm code, or the generic JS back end. */
export type Tier = 'native' | 'generic';

export interface IRFunction {
  /** Unique within the module; also the symbol stem in native code. */
  name: string;
  /** The name in the .pyx (for messages) */
  pyName: string;
  flavor: 'def' | 'cdef' | 'cpdef' | 'lambda' | 'init';
  params: Param[];
  ret: Type;
  locals: Local[];
  body: Stmt[];
  /** Can raise a Python exception (explicitly, by a check, or through a call). */
  mayRaise: boolean;
  /** Set by ir/classify.ts. */
  tier: Tier;
  /** Why the function is generic (for annotate and introspection). */
  genericReason?: string;
  exported: boolean;
  docstring: string | null;
  loc: Loc;
  /** For closures: the function whose locals this one captures. */
  parent?: string;
  /**
   * Cython 0.29's rule for cdef/cpdef functions with a C return type and no
   * `except` clause: an exception raised inside does not propagate. It is
   * reported as "unraisable" (to stderr, `Exception ignored in: 'mod.f'`) and the
   * function returns zero. Native back ends move the exception index to
   * ERROR_STATE.unraisable and clear ERROR_STATE.exc on their error exit; the JS
   * back end catches and calls `$rt.unraisable`. `mayRaise` is false for these.
   */
  swallowErrors?: boolean;
  /** Native tier: this function or one it calls may swallow an exception (set by classify). */
  reportsUnraisable?: boolean;
  /** Value an `except` clause returns on error (cdef functions), informative for native back ends. */
  exceptValue?: ConstValue;
  /** Declared `cdef inline` (or `@cython.inline`): a hint for back ends that inline. */
  inline?: boolean;
}

/** A module-level C variable. Stored in the module state block at `offset`. */
export interface Global {
  name: string;
  type: ScalarType;
  offset: number;
  /** Constant initial value, or null when set by module init code. */
  init: number | bigint | boolean | null;
}

/**
 * A module-level C variable that is not a scalar (pointer, function pointer, struct,
 * C array...): stored in the state block at `offset`, zero-initialized, reached only
 * through `globalAddr` + `load`/`store`.
 */
export interface DataGlobal {
  name: string;
  type: Type;
  offset: number;
}

export interface ModuleIR {
  name: string; // module name (file stem)
  file: string;
  globals: Global[];
  /** Non-scalar C globals (absent: none). */
  dataGlobals?: DataGlobal[];
  /** Size in bytes of the state block: error state (see ERROR_STATE) then globals. */
  stateSize: number;
  functions: IRFunction[];
  /** Module init: runs module-level statements (generic tier). */
  init: IRFunction;
  /**
   * Exported names → function names, in source order. Also Python-level constants exported (cpdef enums).
   * A fused def/cpdef function has `dispatch` (its specializations; `fn` is the first one).
   * A `@cython.ufunc` has `ufunc` (its elementwise loops; `fn` is the first scalar specialization).
   */
  exports: { name: string; fn: string; dispatch?: FusedDispatch; ufunc?: UFuncInfo }[];
  /** cpdef enums and other constant objects exported as values. */
  exportedValues: { name: string; value: Record<string, number> }[];
  /** Module-level Python names (see `pyGlobal`). */
  pyGlobals: string[];
  /** Exception classes defined in the module: name → base name. */
  exceptionClasses: { name: string; base: string }[];
  /** Error message table for native code: index → const text or `format` template with its arg kinds. */
  messages: NativeMessage[];
  /** Exception names table for native code: index → class name (index 0 = no error). */
  excNames: string[];
  /** Module directives that affect the boundary (e.g. bigint returns). */
  directives: Record<string, string | boolean | number>;
}

/**
 * A fused def/cpdef function at the JS boundary: Cython's dispatcher picks one
 * specialization from the arguments (FusedNode.make_fused_cpdef). For each
 * decider (one per fused type, the first parameter using it), the checks run
 * in order and the first that matches the argument picks a member; no match
 * leaves it undecided. All undecided → TypeError "No matching signature
 * found"; an undecided fused type with several members → TypeError "Function
 * call with ambiguous argument types"; otherwise the spec at the mixed-radix
 * index (first decider slowest) is called.
 */
export interface FusedDispatch {
  /** IR function names of the specializations (every combination, first decider slowest). */
  specs: string[];
  /** Cython's signature strings ('int|double'), same order as specs. */
  sigs: string[];
  deciders: FusedDecider[];
}
export interface FusedDecider {
  /** Index of the deciding parameter, and its name (for keyword arguments). */
  param: number;
  name: string;
  /** Number of members of the fused type. */
  size: number;
  checks: FusedCheck[];
}
/**
 * 'int': a Python int (JS integral number, bigint, boolean); 'float': a Python
 * float (non-integral number, NaN, ±Infinity, PyFloat); 'bool': a boolean;
 * 'buffer': an array whose dtype and ndim are these.
 */
export type FusedCheck =
  | { kind: 'int' | 'float' | 'bool'; member: number }
  | { kind: 'buffer'; dtype: string; ndim: number; member: number };

/**
 * A `@cython.ufunc`: elementwise loops over 1-D strided views, one per
 * specialization (NumPy's loop list, in order). Loop `loop` takes one 1-D
 * memview per input then the output view; it runs over the output's extent.
 * `reduce` (binary ufuncs whose inputs and output share a type) takes a 1-D
 * view and returns f(...f(f(a[0], a[1]), a[2])..., a[n-1]) (n ≥ 1).
 */
export interface UFuncInfo {
  nin: number;
  loops: { loop: string; reduce: string | null; ins: string[]; out: string }[];
}

/**
 * Layout of the error state at the start of the state block (bytes):
 *   0  i32 exception index into excNames (0: no error)
 *   4  i32 message index into messages
 *   8  f64 × 4  numeric args of a `format` message (ints stored as f64 when exact,
 *      else see argsI64), 40: i64 × 4 the same args as exact int64
 *   72 i32 source line of the raise
 *   76 i32 the last error a `swallowErrors` function swallowed: its exception index
 *      (bits 0-15; 0: none) | the function's number (bits 16-30: 1 + its index in
 *      ModuleIR.functions), so the report can name it; the glue reports it as
 *      unraisable and resets it
 *   80 globals start (8-aligned)
 */
export const ERROR_STATE = {
  exc: 0,
  msg: 4,
  argsF64: 8,
  argsI64: 40,
  line: 72,
  unraisable: 76,
  /** bit position of the function number in the unraisable slot */
  unraisableFnShift: 16,
  maxArgs: 4,
  size: 80,
} as const;

/**
 * A message native code can raise. Args of a `format` template are stored in the
 * error state: 'i'/'u' (signed/unsigned int) in argsI64[k], 'f' in argsF64[k],
 * 'b' (bint) in argsI64[k] as 0/1.
 */
export interface NativeMessage {
  template: string;
  args: ('i' | 'u' | 'f' | 'b')[];
}

export function isMemviewType(t: Type): t is MemviewType {
  return t.k === 'memview';
}
export function isScalarType(t: Type): t is ScalarType {
  return t.k === 'int' || t.k === 'float' || t.k === 'bool';
}

/** The function number of module function `name` (1 + its index in ModuleIR.functions; see the header). */
export function functionNumber(mod: ModuleIR, name: string): number {
  const k = mod.functions.findIndex((f) => f.name === name);
  if (k < 0) throw new Error(`cypyx internal error: no function ${name} in module ${mod.name}`);
  return k + 1;
}
