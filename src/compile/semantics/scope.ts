// What a module declares, collected before any function body is lowered so
// that functions may call each other in any order (as in Cython).
import type * as A from '../syntax/ast.js';
import type { Expr as IRExpr, Global } from '../ir/ir.js';
import type { MathFn } from '../ir/ir.js';
import type { ScalarType, Type } from '../ir/types.js';

export interface ParamInfo {
  name: string;
  type: Type;
  typed: boolean; // declared with a C or Python type
  default: A.Expr | null;
  kwOnly: boolean;
  notNone: boolean;
  star: '' | '*' | '**';
  loc: A.Loc;
}

export interface FuncInfo {
  ast: A.FuncDef;
  irName: string;
  pyName: string;
  flavor: 'def' | 'cdef' | 'cpdef';
  params: ParamInfo[];
  /** Declared return type (cdef/cpdef); for def functions: object (their C result is boxed by callers). */
  ret: Type;
  /** Return type of the IR implementation (def: inferred from its returns). Set when lowered. */
  implRet?: Type;
  directives: Directives;
  exceptValue: A.Expr | null;
  /** A specialization of a fused function: each fused type name → the member type it stands for here. */
  fused?: Map<string, Type>;
}

export interface Directives {
  boundscheck: boolean;
  wraparound: boolean;
  cdivision: boolean;
  nonecheck: boolean;
  initializedcheck: boolean;
  infer_types: boolean | null;
  fastmath: boolean;
  /** Cython's overflowcheck: C integer + - * raise OverflowError("value too large") on overflow */
  overflowcheck: boolean;
  /** cypyx: tiny straight-line scalar functions run as JS when JS calls them (ir/entry.ts) */
  tiny_in_js: boolean;
}

export const DEFAULT_DIRECTIVES: Directives = {
  boundscheck: true,
  wraparound: true,
  cdivision: false,
  nonecheck: false,
  initializedcheck: true,
  infer_types: null,
  fastmath: false,
  overflowcheck: false,
  tiny_in_js: true,
};

export interface EnumConst {
  value: bigint;
  type: ScalarType;
}

/** A name bound by cimport/import, and what it stands for. */
export type ImportedName =
  | { kind: 'math'; fn: MathFn }
  | { kind: 'mathConst'; value: number }
  | { kind: 'cythonModule' } // `cimport cython`, `import cython`
  | { kind: 'cythonView' } // `from cython cimport view`, `cimport cython.view`
  | { kind: 'cvarray' } // `from cython.view cimport array as cvarray`
  | { kind: 'numpy' } // `import numpy as np`, `cimport numpy as cnp`
  | { kind: 'libcModule'; module: string } // `cimport libc.math` / `from libc cimport math`
  | { kind: 'stdlib'; fn: string } // malloc, free, abs, labs, ...
  | { kind: 'parallel'; fn: string } // prange, parallel, threadid
  | { kind: 'operator'; fn: string } // from cython.operator cimport dereference
  | { kind: 'type'; type: Type }; // from libc.stdint cimport int64_t

export interface ModuleScope {
  typedefs: Map<string, Type>;
  enums: Map<string, EnumConst>;
  /** DEF constants (compile-time values). */
  defConsts: Map<string, IRExpr>;
  globals: Map<string, Global>;
  /** Module-level C variables whose type is a Python object: stored as Python globals. */
  objectGlobals: Set<string>;
  functions: Map<string, FuncInfo>;
  imports: Map<string, ImportedName>;
  pyGlobals: Set<string>;
  exceptionClasses: Map<string, string>;
  /** Names whose use is not supported yet, with what they are (struct, cdef class, fused type...). */
  unsupportedNames: Map<string, string>;
  directives: Directives;
}
