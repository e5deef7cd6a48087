// The Cython syntax tree. The parser produces it; semantics/ consumes it.
// Every node carries `loc` (1-based line, 1-based column of its first character,
// and the end position; the end is exclusive: endCol is one past the last
// character). Nodes are plain objects discriminated by `kind`.
// Positions are exact: diagnostics point at them.

export interface Loc {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

// ---------------------------------------------------------------- C type syntax
// Type expressions as written, unresolved (semantics/ resolves names such as
// `Py_ssize_t`, `u32`, `real`, `double`, struct names).
export type TypeExpr =
  | { kind: 'NameType'; loc: Loc; name: string; module?: string } // double, Py_ssize_t, cython.double, np.float64_t
  | { kind: 'IntType'; loc: Loc; signed: 'signed' | 'unsigned' | null; size: 'char' | 'short' | 'int' | 'long' | 'long long' }
  | { kind: 'PtrType'; loc: Loc; to: TypeExpr }
  | { kind: 'ConstType'; loc: Loc; of: TypeExpr }
  // double[:] / int[:, ::1] / float[::1, :]: one entry per dimension
  | { kind: 'MemviewType'; loc: Loc; elem: TypeExpr; dims: MemviewDim[] }
  // double[16], double[4][4] (C arrays; outermost first)
  | { kind: 'ArrayType'; loc: Loc; elem: TypeExpr; sizes: Expr[] }
  // (double, int) ctuple
  | { kind: 'TupleType'; loc: Loc; items: TypeExpr[] }
  // double (*)(double, int) function pointer type: the FuncType is the pointer
  // itself (`double (**)(double)` is PtrType{to: FuncType}); `(void)` → params []
  | { kind: 'FuncType'; loc: Loc; ret: TypeExpr; params: TypeExpr[] }
  // fused[double] explicit specialization, or np.ndarray[double, ndim=1]
  // (`ndim=1` goes to keywords; args that are not expressions, e.g.
  // `unsigned char`, are TypeExprAsValue)
  | { kind: 'IndexedType'; loc: Loc; base: TypeExpr; args: Expr[]; keywords: Keyword[] };

/** One memoryview dimension: `:` (strided), `::1` (contiguous), `::` + other step. */
export interface MemviewDim {
  contiguous: boolean;
  loc: Loc;
  /** `:n` in a cast of a pointer to a memoryview, `<double[:n]>p`: the extent. */
  extent?: Expr;
}

// ---------------------------------------------------------------- expressions
export type BinOp =
  | '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@'
  | '<<' | '>>' | '&' | '|' | '^';
export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'in' | 'not in' | 'is' | 'is not';
export type UnaryOp = '-' | '+' | '~' | 'not';

export type Expr =
  | { kind: 'Name'; loc: Loc; id: string }
  | { kind: 'Int'; loc: Loc; value: bigint; text: string; suffix: string } // suffix: '', 'L', 'U', 'UL', 'LL', 'ULL'
  | { kind: 'Float'; loc: Loc; value: number; text: string; imaginary: boolean }
  | { kind: 'Str'; loc: Loc; value: string; prefix: string } // prefix letters lower-cased: '', 'r', 'u'
  | { kind: 'Bytes'; loc: Loc; value: Uint8Array; prefix: string } // b'..', also c-string literals
  | { kind: 'FString'; loc: Loc; parts: FStringPart[] }
  | { kind: 'Bool'; loc: Loc; value: boolean }
  | { kind: 'NoneLit'; loc: Loc }
  | { kind: 'EllipsisLit'; loc: Loc }
  | { kind: 'BinOp'; loc: Loc; op: BinOp; left: Expr; right: Expr }
  | { kind: 'Unary'; loc: Loc; op: UnaryOp; operand: Expr }
  | { kind: 'BoolOp'; loc: Loc; op: 'and' | 'or'; values: Expr[] } // a and b and c: values.length >= 2
  | { kind: 'Compare'; loc: Loc; left: Expr; ops: CmpOp[]; comparators: Expr[] } // chained
  | { kind: 'IfExp'; loc: Loc; test: Expr; body: Expr; orelse: Expr }
  | { kind: 'Call'; loc: Loc; func: Expr; args: Expr[]; keywords: Keyword[]; starArgs?: Expr; kwArgs?: Expr }
  | { kind: 'Attribute'; loc: Loc; value: Expr; attr: string }
  // a[i], a[i, j], a[1:-1, ::2]: index is a Tuple for several comma-separated items
  | { kind: 'Subscript'; loc: Loc; value: Expr; index: Expr }
  | { kind: 'Slice'; loc: Loc; lower: Expr | null; upper: Expr | null; step: Expr | null }
  | { kind: 'Tuple'; loc: Loc; elts: Expr[]; parenthesized: boolean }
  | { kind: 'List'; loc: Loc; elts: Expr[] }
  | { kind: 'Set'; loc: Loc; elts: Expr[] }
  | { kind: 'Dict'; loc: Loc; keys: (Expr | null)[]; values: Expr[] } // key null: **spread
  | { kind: 'Starred'; loc: Loc; value: Expr }
  | { kind: 'ListComp'; loc: Loc; elt: Expr; generators: Comprehension[] }
  | { kind: 'SetComp'; loc: Loc; elt: Expr; generators: Comprehension[] }
  | { kind: 'GeneratorExp'; loc: Loc; elt: Expr; generators: Comprehension[] }
  | { kind: 'DictComp'; loc: Loc; key: Expr; value: Expr; generators: Comprehension[] }
  | { kind: 'Lambda'; loc: Loc; params: Param[]; body: Expr }
  | { kind: 'Yield'; loc: Loc; value: Expr | null; from: boolean }
  | { kind: 'Await'; loc: Loc; value: Expr }
  | { kind: 'NamedExpr'; loc: Loc; target: Expr; value: Expr } // :=
  // Cython-specific
  | { kind: 'Cast'; loc: Loc; type: TypeExpr; operand: Expr; checked: boolean } // <double>x, <T?>x
  | { kind: 'AddressOf'; loc: Loc; operand: Expr } // &x
  | { kind: 'Deref'; loc: Loc; operand: Expr } // unary * in C context is not Python syntax; cython.operator.dereference(x) parses as Call
  | { kind: 'Sizeof'; loc: Loc; operand: TypeExpr | Expr } // sizeof(double), sizeof(x)
  | { kind: 'TypeExprAsValue'; loc: Loc; type: TypeExpr }; // e.g. double[:] in cython.view.array(...) or fused[double] index

export interface FStringPart {
  kind: 'Literal' | 'Field';
  loc: Loc;
  value?: string; // Literal
  expr?: Expr; // Field
  conversion?: 'r' | 's' | 'a' | null;
  formatSpec?: FStringPart[]; // nested parts of the spec after ':'
  selfDoc?: string; // f"{x=}" → 'x='
}

export interface Keyword {
  loc: Loc;
  name: string | null; // null for **kwargs
  value: Expr;
}

export interface Comprehension {
  loc: Loc;
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

// ---------------------------------------------------------------- functions
export interface Param {
  loc: Loc;
  name: string;
  type: TypeExpr | null; // null: untyped (object)
  default: Expr | null;
  notNone: boolean; // `double[:] a not None`
  orNone: boolean; // `or None`
  star: '' | '*' | '**'; // *args / **kwargs
  kwOnly: boolean; // after a bare * or *args
  posOnly: boolean; // before /
}

export interface Decorator {
  loc: Loc;
  expr: Expr; // Name, Attribute or Call, e.g. cython.boundscheck(False)
}

export type FuncFlavor = 'def' | 'cdef' | 'cpdef';

export interface FuncDef {
  kind: 'FuncDef';
  loc: Loc;
  name: string;
  nameLoc: Loc;
  flavor: FuncFlavor;
  decorators: Decorator[];
  params: Param[];
  returnType: TypeExpr | null; // cdef double f(...) → double; def f() -> int: annotation
  inline: boolean;
  nogil: boolean;
  noexcept: boolean;
  // `except -1`, `except? -1`, `except *`, `except +`
  exceptClause: { loc: Loc; value: Expr | null; maybe: boolean; star: boolean; plus: boolean } | null;
  isAsync: boolean;
  withGil: boolean; // `cdef void cb() with gil:`
  docstring: string | null;
  body: Stmt[];
  api: boolean; // 'api'/'public' visibility keywords are accepted and recorded
  visibility: 'private' | 'public' | 'api' | 'readonly' | null;
}

// ---------------------------------------------------------------- statements
export interface VarDeclarator {
  loc: Loc;
  name: string;
  // declarator-level modifiers: `cdef double *p`, `cdef double buf[16]`
  pointerDepth: number;
  arraySizes: Expr[];
  init: Expr | null;
}

export interface StructField {
  loc: Loc;
  name: string;
  type: TypeExpr;
}

export interface EnumItem {
  loc: Loc;
  name: string;
  value: Expr | null;
}

export type Stmt =
  | { kind: 'ExprStmt'; loc: Loc; expr: Expr }
  | { kind: 'Assign'; loc: Loc; targets: Expr[]; value: Expr } // a = b = value
  | { kind: 'AugAssign'; loc: Loc; target: Expr; op: BinOp; value: Expr }
  | { kind: 'AnnAssign'; loc: Loc; target: Expr; annotation: Expr; value: Expr | null } // x: cython.int = 3
  | { kind: 'Pass'; loc: Loc }
  | { kind: 'Break'; loc: Loc }
  | { kind: 'Continue'; loc: Loc }
  | { kind: 'Return'; loc: Loc; value: Expr | null }
  | { kind: 'If'; loc: Loc; test: Expr; body: Stmt[]; orelse: Stmt[] } // elif → nested If in orelse
  | { kind: 'While'; loc: Loc; test: Expr; body: Stmt[]; orelse: Stmt[] }
  | { kind: 'For'; loc: Loc; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] }
  // Cython's old `for i from 0 <= i < n:` form
  | { kind: 'ForFrom'; loc: Loc; target: Expr; lower: Expr; lowerOp: CmpOp; upperOp: CmpOp; upper: Expr; step: Expr | null; body: Stmt[] }
  | { kind: 'Raise'; loc: Loc; exc: Expr | null; cause: Expr | null }
  | { kind: 'Try'; loc: Loc; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[] }
  | { kind: 'With'; loc: Loc; items: WithItem[]; body: Stmt[] } // includes `with nogil:`, `with cython.boundscheck(False):`, `with gil:`
  | { kind: 'Assert'; loc: Loc; test: Expr; msg: Expr | null }
  | { kind: 'Del'; loc: Loc; targets: Expr[] }
  | { kind: 'Global'; loc: Loc; names: string[] }
  | { kind: 'Nonlocal'; loc: Loc; names: string[] }
  | { kind: 'Import'; loc: Loc; names: ImportAlias[] } // import numpy as np
  | { kind: 'ImportFrom'; loc: Loc; module: string; level: number; names: ImportAlias[] }
  | { kind: 'CImport'; loc: Loc; names: ImportAlias[] } // cimport cython / cimport numpy as cnp
  | { kind: 'CImportFrom'; loc: Loc; module: string; level: number; names: ImportAlias[] } // from libc.math cimport sqrt
  | FuncDef
  | ClassDef
  // cdef double x = 1, y / cdef public int n / cdef readonly double[:] data (class bodies)
  | { kind: 'CVarDecl'; loc: Loc; type: TypeExpr; declarators: VarDeclarator[]; visibility: 'private' | 'public' | 'readonly'; isConst: boolean }
  | { kind: 'StructDef'; loc: Loc; name: string; union: boolean; packed: boolean; fields: StructField[]; ctypedef: boolean; visibility: 'private' | 'public' }
  | { kind: 'EnumDef'; loc: Loc; name: string | null; cpdef: boolean; items: EnumItem[]; ctypedef: boolean }
  // ctypedef double real / ctypedef fused number: int, double / ctypedef double (*fn_t)(double)
  | { kind: 'CTypedef'; loc: Loc; name: string; type: TypeExpr }
  | { kind: 'FusedDef'; loc: Loc; name: string; types: TypeExpr[] }
  // cdef extern from "math.h": block of declarations
  | { kind: 'ExternBlock'; loc: Loc; header: string | null; body: Stmt[]; nogil: boolean }
  // `cdef:` block holding several declarations
  | { kind: 'CdefBlock'; loc: Loc; body: Stmt[] }
  // Declaration of a C function without body (in .pxd or extern blocks): cdef double sqrt(double x) nogil
  | { kind: 'CFuncDecl'; loc: Loc; func: FuncDef }
  | { kind: 'DEF'; loc: Loc; name: string; value: Expr } // DEF N = 10 (compile-time constant)
  | { kind: 'IFDEF'; loc: Loc; test: Expr; body: Stmt[]; orelse: Stmt[] }; // IF/ELIF/ELSE compile-time

export interface ExceptHandler {
  loc: Loc;
  type: Expr | null; // None for bare except; Tuple for several
  name: string | null;
  body: Stmt[];
}

export interface WithItem {
  loc: Loc;
  context: Expr;
  target: Expr | null;
}

export interface ImportAlias {
  loc: Loc;
  name: string; // dotted name, e.g. 'cython.view' or 'array'
  asname: string | null;
}

export interface ClassDef {
  kind: 'ClassDef';
  loc: Loc;
  name: string;
  nameLoc: Loc;
  cdef: boolean; // cdef class
  bases: Expr[];
  decorators: Decorator[];
  docstring: string | null;
  body: Stmt[];
}

/** A parsed .pyx or .pxd file. `directives` holds `# cython: key=value` header comments. */
export interface Module {
  kind: 'Module';
  file: string;
  body: Stmt[];
  directives: { key: string; value: string; loc: Loc }[];
  docstring: string | null;
}
