// Fused types (`ctypedef fused number: int, double`): the pieces of Cython's
// rules that do not need the Lowerer. Lowering expands a function that uses
// fused types into one IR function per combination of member types; this file
// finds the fused names in a signature, enumerates the combinations, ranks
// members for calls from Cython code, and builds the JS-boundary dispatch
// table (Cython 0.29's `__pyx_fused_cpdef`, FusedNode.make_fused_cpdef).
import type * as A from '../syntax/ast.js';
import type { FusedCheck, FusedDecider } from '../ir/ir.js';
import type { ScalarType, Type } from '../ir/types.js';
import { T, dtypeOf, isScalar, typeName } from '../ir/types.js';

/** A fused type of the module: its name and member types in declaration order. */
export interface FusedType {
  name: string;
  members: Type[];
  loc: A.Loc;
}

/**
 * The fused types a type expression mentions, in order of first appearance (appended to
 * `out`); `keyOf` names the fused type a type name stands for (null: not fused).
 */
export function fusedNamesIn(te: A.TypeExpr | null, keyOf: (t: { name: string; module?: string }) => string | null, out: string[]): void {
  if (!te) return;
  switch (te.kind) {
    case 'NameType': {
      const k = keyOf(te);
      if (k && !out.includes(k)) out.push(k);
      return;
    }
    case 'ConstType':
      fusedNamesIn(te.of, keyOf, out);
      return;
    case 'MemviewType':
      fusedNamesIn(te.elem, keyOf, out);
      return;
    case 'PtrType':
      fusedNamesIn(te.to, keyOf, out);
      return;
    case 'ArrayType':
      fusedNamesIn(te.elem, keyOf, out);
      return;
    case 'TupleType':
      for (const t of te.items) fusedNamesIn(t, keyOf, out);
      return;
    case 'FuncType':
      fusedNamesIn(te.ret, keyOf, out);
      for (const t of te.params) fusedNamesIn(t, keyOf, out);
      return;
    default:
      return;
  }
}

/** Every combination of one member per list, the first list varying slowest. */
export function cartesian<T>(lists: T[][]): T[][] {
  let out: T[][] = [[]];
  for (const l of lists) out = out.flatMap((prefix) => l.map((x) => [...prefix, x]));
  return out;
}

/** Cython's builtin fused types (`cython.floating`, ...; `numeric` without its complex members). */
export const BUILTIN_FUSED: Record<string, Type[]> = {
  floating: [T.float, T.double],
  integral: [T.short, T.int, T.long],
  numeric: [T.short, T.int, T.long, T.float, T.double],
};

/** Cython's spelling of a specialization ('int', 'long long', 'double[:]'), joined with '|' for several fused types. */
export function specString(types: Type[]): string {
  return types.map((t) => typeName(t)).join('|');
}

/** The IR name of a specialization: `f[int|double]` (no Python identifier can contain '['). */
export function specIrName(base: string, types: Type[]): string {
  return `${base}[${specString(types)}]`;
}

/** Cython's numeric rank (PyrexTypes.rank_to_type_name): char 0 … long long 4, float 5, double 6. */
function rank(t: ScalarType): number {
  if (t.k === 'float') return t.bits === 32 ? 5 : 6;
  if (t.k === 'bool') return 2;
  if (t.bits === 8) return 0;
  if (t.bits === 16) return 1;
  if (t.bits === 32) return 2;
  return t.c === 'long' || t.c === 'unsigned long' ? 3 : 4;
}

function signedOf(t: ScalarType): number {
  return t.k === 'int' ? (t.signed ? 1 : 0) : 1;
}

/** CNumericType.__lt__: sorts by rank (wider first), preferring signed over unsigned; numbers before other types. */
function cyLess(a: Type, b: Type): boolean {
  if (!isScalar(a)) return false;
  if (!isScalar(b)) return true;
  return rank(a) > rank(b) && signedOf(a) >= signedOf(b);
}

/**
 * `list.sort()` with Cython's (partial) order, reproduced exactly: CPython's
 * timsort on short lists is count_run followed by a binary insertion sort, and
 * with a partial order the result depends on that algorithm.
 */
export function cythonSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const a = [...items];
  const n = a.length;
  if (n < 2) return a;
  // count_run
  let run = 2;
  if (less(a[1]!, a[0]!)) {
    while (run < n && less(a[run]!, a[run - 1]!)) run++;
    a.splice(0, run, ...a.slice(0, run).reverse());
  } else {
    while (run < n && !less(a[run]!, a[run - 1]!)) run++;
  }
  // binary insertion of the rest
  for (let start = run; start < n; start++) {
    const pivot = a[start]!;
    let l = 0;
    let r = start;
    while (l < r) {
      const p = (l + r) >> 1;
      if (less(pivot, a[p]!)) r = p;
      else l = p + 1;
    }
    a.splice(start, 1);
    a.splice(l, 0, pivot);
  }
  return a;
}

/** The Python type a C scalar converts from in Cython's dispatcher (`py_type_name`). */
function pyTypeName(t: Type): 'int' | 'float' | 'bool' | null {
  if (t.k === 'bool') return 'bool';
  if (t.k === 'int') return 'int';
  if (t.k === 'float') return 'float';
  return null;
}

/**
 * The checks Cython's dispatcher runs for the argument that decides fused type
 * `ft`, whose parameter type is `paramType(member)` for each member: instance
 * checks for scalars (sorted, one per Python type), dtype + ndim checks for
 * memoryviews (declaration order).
 */
export function deciderChecks(members: Type[], paramType: (member: number) => Type): FusedCheck[] {
  const specialized = members.map((_, i) => ({ i, t: paramType(i) }));
  const sorted = cythonSort(specialized, (x, y) => cyLess(x.t, y.t));
  const seen = new Set<string>();
  const normal: FusedCheck[] = [];
  const buffers: FusedCheck[] = [];
  for (const { i, t } of sorted) {
    const py = pyTypeName(t);
    if (py) {
      if (seen.has(py)) continue;
      seen.add(py);
      normal.push({ kind: py, member: i });
    } else if (t.k === 'memview') {
      buffers.push({ kind: 'buffer', dtype: dtypeOf(t.elem), ndim: t.ndim, member: i });
    }
  }
  return [...normal, ...buffers];
}

/** Builds the deciders of a fused def/cpdef signature (one per fused type, the first parameter using it). */
export function buildDeciders(
  fusedOrder: string[],
  fused: Map<string, FusedType>,
  params: { name: string; fusedNames: string[]; typeFor: (bind: Map<string, Type>) => Type }[],
): FusedDecider[] {
  const out: FusedDecider[] = [];
  for (const fname of fusedOrder) {
    const ft = fused.get(fname)!;
    const pi = params.findIndex((p) => p.fusedNames.includes(fname));
    const p = params[pi]!;
    const checks = deciderChecks(ft.members, (m) => p.typeFor(new Map([[fname, ft.members[m]!]])));
    out.push({ param: pi, name: p.name, size: ft.members.length, checks });
  }
  return out;
}

/**
 * How well an argument of C type `arg` fits a member type (higher is better;
 * -1: no conversion). Exact match, then a same-kind widening, then any numeric
 * conversion. Used when Cython code calls a fused function without indexing it.
 */
export function matchScore(arg: Type, member: Type): number {
  if (arg.k === 'memview' || member.k === 'memview') {
    if (arg.k !== 'memview' || member.k !== 'memview') return -1;
    if (arg.ndim !== member.ndim) return -1;
    return sameScalar(arg.elem, member.elem) ? 3 : -1;
  }
  if (member.k === 'ptr' && (arg.k === 'ptr' || arg.k === 'carray')) {
    // C converts no pointer to another implicitly (a C array decays to a pointer to its element), except to void *
    const to = arg.k === 'ptr' ? arg.to : arg.elem;
    if (member.to.k === 'void') return 1;
    return sameCType(to, member.to) || (!isScalar(to) && to.k === member.to.k && typeName(to) === typeName(member.to)) ? 3 : -1;
  }
  if (!isScalar(arg) || !isScalar(member)) return arg.k === member.k ? 1 : -1;
  if (sameScalar(arg, member)) return 3;
  if (arg.k === member.k && rank(member) >= rank(arg)) return 2;
  if (arg.k === 'bool' && member.k === 'int') return 2;
  if ((arg.k === 'int' || arg.k === 'bool') && member.k === 'float') return 1;
  return 0;
}

function sameScalar(a: ScalarType, b: ScalarType): boolean {
  if (a.k !== b.k) return false;
  if (a.k === 'bool') return true;
  return a.c === (b as typeof a).c || (a.bits === (b as typeof a).bits && (a.k === 'float' || a.signed === (b as Extract<ScalarType, { k: 'int' }>).signed) && rank(a) === rank(b));
}

/** Same C type for `T is double` tests (long and long long are different types). */
export function sameCType(a: Type, b: Type): boolean {
  if (isScalar(a) && isScalar(b)) {
    if (a.k !== b.k) return false;
    if (a.k === 'bool') return true;
    return sameScalar(a, b);
  }
  if (a.k === 'memview' && b.k === 'memview') return a.ndim === b.ndim && a.contig === b.contig && sameCType(a.elem, b.elem);
  return a.k === b.k && typeName(a) === typeName(b);
}

/**
 * The specialization Cython's run-time dispatcher would pick for arguments of
 * these C types (a def fused function called from Cython code gets boxed
 * arguments: C ints are Python ints, C floats Python floats, memoryviews keep
 * their dtype). `argType(param)` is null for a missing argument. Returns the
 * spec index, or null when the choice depends on run-time values (a Python
 * object argument) or the dispatcher would raise.
 */
export function staticSelect(deciders: FusedDecider[], argType: (param: number) => Type | null): number | null {
  let idx = 0;
  let decided = false;
  for (const d of deciders) {
    const t = argType(d.param);
    let m = -1;
    if (t) {
      if (t.k === 'object') return null;
      for (const c of d.checks) {
        const hit =
          c.kind === 'buffer'
            ? t.k === 'memview' && dtypeOf(t.elem) === c.dtype && t.ndim === c.ndim
            : c.kind === 'int'
              ? t.k === 'int' || t.k === 'bool'
              : c.kind === 'bool'
                ? t.k === 'bool'
                : t.k === 'float';
        if (hit) {
          m = c.member;
          break;
        }
      }
    }
    if (m >= 0) decided = true;
    else if (d.size > 1) return null;
    else m = 0;
    idx = idx * d.size + m;
  }
  return decided ? idx : null;
}
