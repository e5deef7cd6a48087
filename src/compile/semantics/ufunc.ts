// `@cython.ufunc`: the elementwise loops of a cdef scalar function, built
// directly as IR so that every back end compiles them like any other function
// (LLVM vectorizes the contiguous loop when the scalar function allows it).
//
// For a specialization `f(I0, ..., Ik) -> R` (one per fused combination):
//   loop(a0: I0[:], ..., ak: Ik[:], out: R[:]) -> void
//     n = out.shape[0]; when every stride is 1 a contiguous loop, else a strided
//     one: out[i] = f(a0[i], ..., ak[i]) for i in range(n). A stride may be 0
//     (a broadcast operand). No bounds checks: the runtime (runtime/ufunc.ts)
//     passes extents it has checked.
//   reduce(a: T[:], acc: T) -> T         (binary f with I0 = I1 = R = T)
//     acc = f(acc, a[i]) for i in range(a.shape[0]); returns acc.
// The broadcasting, casting and N-D iteration live in runtime/ufunc.ts.
import type { Expr, IRFunction, Local, LocalId, Param, Stmt } from '../ir/ir.js';
import type { Loc } from '../syntax/ast.js';
import type { ScalarType } from '../ir/types.js';
import { T } from '../ir/types.js';
import { ir } from './ir-build.js';

export interface UfuncSpec {
  /** IR name of the scalar cdef function */
  fn: string;
  pyName: string;
  ins: ScalarType[];
  out: ScalarType;
  loc: Loc;
}

class Builder {
  readonly locals: Local[] = [];
  local(name: string, type: Local['type']): LocalId {
    const id = this.locals.length;
    this.locals.push({ id, name, type });
    return id;
  }
}

const ssize = T.ssize;
const one = (): Expr => ir.const(1n, ssize);
const mvShape = (view: Expr): Expr => ({ kind: 'mvShape', view, dim: 0, type: ssize });
const mvStride = (view: Expr): Expr => ({ kind: 'mvStride', view, dim: 0, type: ssize });
const mvLoad = (view: Expr, offset: Expr, elem: ScalarType): Expr => ({ kind: 'mvLoad', view, offset, type: elem });

/** `i = 0; loop { if (i >= n) break; body(i); } update i += 1` */
function countedLoop(label: string, i: LocalId, n: LocalId, body: (i: Expr) => Stmt[]): Stmt[] {
  const iv = ir.local(i, ssize);
  return [
    ir.set(i, ir.const(0n, ssize)),
    {
      kind: 'loop',
      label,
      body: [ir.if(ir.cmp('ge', iv, ir.local(n, ssize)), [{ kind: 'break', label }]), ...body(iv)],
      update: [ir.set(i, ir.bin('add', iv, one()))],
    },
  ];
}

function param(name: string, local: LocalId, type: Param['type']): Param {
  return { name, local, type, default: null, kwOnly: false, notNone: false, star: '' };
}

function fnShell(name: string, pyName: string, b: Builder, params: Param[], ret: IRFunction['ret'], body: Stmt[], loc: Loc): IRFunction {
  return {
    name,
    pyName,
    flavor: 'cdef',
    params,
    ret,
    locals: b.locals,
    body,
    mayRaise: true,
    tier: 'generic',
    exported: false,
    docstring: null,
    loc,
  };
}

/** The elementwise loop of one specialization. */
export function ufuncLoop(spec: UfuncSpec, name: string): IRFunction {
  const b = new Builder();
  const ins = spec.ins.map((t, k) => b.local(`a${k}`, T.memview(t, 1, null, true)));
  const out = b.local('out', T.memview(spec.out, 1));
  const n = b.local('n', ssize);
  const i = b.local('i', ssize);
  const strides = [...ins, out].map((v, k) => b.local(`s${k}`, ssize));
  const view = (id: LocalId): Expr => ir.local(id, b.locals[id]!.type);
  const body: Stmt[] = [ir.set(n, mvShape(view(out)))];
  [...ins, out].forEach((v, k) => body.push(ir.set(strides[k]!, mvStride(view(v)))));
  const element = (offset: (k: number) => Expr): Stmt[] => [
    {
      kind: 'mvStore',
      view: view(out),
      offset: offset(ins.length),
      value: { kind: 'call', fn: spec.fn, args: ins.map((v, k) => mvLoad(view(v), offset(k), spec.ins[k]!)), type: spec.out },
    },
  ];
  const contiguous = strides
    .map((s) => ir.cmp('eq', ir.local(s, ssize), one()))
    .reduce((x, y) => ir.and(x, y));
  body.push(
    ir.if(
      contiguous,
      countedLoop('contig', i, n, (iv) => element(() => iv)),
      countedLoop('strided', i, n, (iv) => element((k) => ir.bin('mul', iv, ir.local(strides[k]!, ssize)))),
    ),
    { kind: 'return', value: null },
  );
  const params = [...ins.map((id, k) => param(`a${k}`, id, b.locals[id]!.type)), param('out', out, b.locals[out]!.type)];
  return fnShell(name, spec.pyName, b, params, T.void, body, spec.loc);
}

/** The reduction loop of a binary specialization whose operands and result share one type. */
export function ufuncReduce(spec: UfuncSpec, name: string): IRFunction {
  const t = spec.out;
  const b = new Builder();
  const a = b.local('a', T.memview(t, 1, null, true));
  const acc = b.local('acc', t);
  const n = b.local('n', ssize);
  const s = b.local('s', ssize);
  const i = b.local('i', ssize);
  const av = ir.local(a, b.locals[a]!.type);
  const step = (offset: Expr): Stmt[] => [
    ir.set(acc, { kind: 'call', fn: spec.fn, args: [ir.local(acc, t), mvLoad(av, offset, t)], type: t }),
  ];
  const body: Stmt[] = [
    ir.set(n, mvShape(av)),
    ir.set(s, mvStride(av)),
    ir.if(
      ir.cmp('eq', ir.local(s, ssize), one()),
      countedLoop('contig', i, n, (iv) => step(iv)),
      countedLoop('strided', i, n, (iv) => step(ir.bin('mul', iv, ir.local(s, ssize)))),
    ),
    { kind: 'return', value: ir.local(acc, t) },
  ];
  return fnShell(name, spec.pyName, b, [param('a', a, b.locals[a]!.type), param('acc', acc, t)], t, body, spec.loc);
}
