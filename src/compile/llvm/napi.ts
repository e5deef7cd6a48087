// N-API wrappers for native functions and the state-block accessor, per
// docs/native-abi.md. The glue has validated and converted every argument, so a
// wrapper only reads values (plus the int64 → bigint fallback) and converts the
// result. N-API handles (napi_env, napi_value, napi_callback_info) are `i8*`,
// napi_status and enums are i32, size_t is i64, bool is i8 in memory.
import * as L from './builder.js';
import { ERROR_STATE } from '../ir/ir.js';
import type { IRFunction } from '../ir/ir.js';
import type { MemviewType, ScalarType } from '../ir/types.js';
import { asScalar, cdataT, internal, memT, type ModuleGen } from './codegen.js';
import { isAggregate } from '../ir/layout.js';

const p8 = L.ptr(L.i8);
const pp8 = L.ptr(p8);
const NAPI_NUMBER_EXPECTED = 6;

const SIGS: Record<string, [L.Type[], string[][]?]> = {
  napi_get_cb_info: [[p8, p8, L.ptr(L.i64), pp8, pp8, pp8]],
  napi_get_undefined: [[p8, pp8]],
  napi_get_boolean: [[p8, L.i1, pp8], [[], ['zeroext'], []]],
  napi_get_value_int32: [[p8, p8, L.ptr(L.i32)]],
  napi_get_value_uint32: [[p8, p8, L.ptr(L.i32)]],
  napi_get_value_int64: [[p8, p8, L.ptr(L.i64)]],
  napi_get_value_bigint_int64: [[p8, p8, L.ptr(L.i64), p8]],
  napi_get_value_double: [[p8, p8, L.ptr(L.f64)]],
  napi_get_value_bool: [[p8, p8, p8]],
  napi_get_typedarray_info: [[p8, p8, L.ptr(L.i32), L.ptr(L.i64), pp8, pp8, L.ptr(L.i64)]],
  napi_create_int32: [[p8, L.i32, pp8]],
  napi_create_uint32: [[p8, L.i32, pp8]],
  napi_create_int64: [[p8, L.i64, pp8]],
  napi_create_bigint_int64: [[p8, L.i64, pp8]],
  napi_create_bigint_uint64: [[p8, L.i64, pp8]],
  napi_create_double: [[p8, L.f64, pp8]],
  napi_create_external_arraybuffer: [[p8, p8, L.i64, L.ptr(L.fnT(L.voidT, [p8, p8, p8])), p8, pp8]],
};

/** How many JS values the glue passes for a parameter of type `t` (an aggregate: one Uint8Array of its bytes). */
function jsArity(t: IRFunction['params'][number]['type']): number {
  return t.k === 'memview' ? 2 + 2 * t.ndim : 1;
}

/** A function number is passed as a JS number (an i64). */
const FN_NUMBER: ScalarType = { k: 'int', bits: 64, signed: true, c: 'int64_t' };

class Wrapper {
  readonly f: L.Func;
  readonly entry: L.Builder; // allocas
  readonly b: L.Builder;
  readonly env: L.Value;

  constructor(
    readonly g: ModuleGen,
    name: string,
  ) {
    // Wrappers are a straight line of N-API calls, each tens of nanoseconds: optimizing
    // them gains nothing measurable, while inlining the kernel into them and optimizing
    // the result cost a third of the compile time of the memoryview kernels.
    this.f = g.m.addFunction(name, L.fnT(p8, [p8, p8]), { attrs: ['nounwind', 'noinline', 'optnone'], paramNames: ['env', 'info'] });
    this.env = this.f.params[0]!;
    this.entry = new L.Builder(this.f.appendBlock('entry'));
    this.b = new L.Builder(this.f.appendBlock('start'));
  }
  finish(): void {
    this.entry.br(this.f.blocks[1]!);
  }
  napi(name: keyof typeof SIGS, args: L.Value[]): L.Value {
    const [params, pattrs] = SIGS[name]!;
    const fn = this.g.m.declare(name, L.fnT(L.i32, params), ['nounwind'], pattrs ?? []);
    return this.b.call(fn, args, { name: 'st' })!;
  }
  slot(t: L.Type, name: string): L.Value {
    const p = this.entry.alloca(t, name);
    this.entry.store(L.Const.zero(t), p);
    return p;
  }
  nul(t: L.Type): L.Value {
    return L.Const.null(L.ptr(t));
  }

  readI64(v: L.Value, bigintFallback: boolean): L.Value {
    const b = this.b;
    const s = this.slot(L.i64, 'i64');
    const st = this.napi('napi_get_value_int64', [this.env, v, s]);
    if (bigintFallback) {
      b.ifThen(b.icmp('eq', st, L.Const.int(L.i32, NAPI_NUMBER_EXPECTED)), () => {
        this.napi('napi_get_value_bigint_int64', [this.env, v, s, this.slot(L.i8, 'lossless')]);
      }, 'bigint');
    }
    return b.load(s, 'i64v');
  }

  readScalar(v: L.Value, t: ScalarType): L.Value {
    const b = this.b;
    if (t.k === 'float') {
      const s = this.slot(L.f64, 'dbl');
      this.napi('napi_get_value_double', [this.env, v, s]);
      const d = b.load(s, 'dblv');
      return t.bits === 32 ? b.fptrunc(d, L.f32) : d;
    }
    if (t.k === 'bool') {
      // A number 0/1; a boolean is accepted too.
      const s = this.slot(L.i32, 'b32');
      const st = this.napi('napi_get_value_int32', [this.env, v, s]);
      b.ifThen(b.icmp('ne', st, L.Const.int(L.i32, 0)), () => {
        const s8 = this.slot(L.i8, 'b8');
        this.napi('napi_get_value_bool', [this.env, v, s8]);
        b.store(b.zext(b.load(s8), L.i32), s);
      }, 'jsbool');
      return b.icmp('ne', b.load(s, 'b32v'), L.Const.int(L.i32, 0), 'bv');
    }
    if (t.bits === 64) return this.readI64(v, true);
    const s = this.slot(L.i32, 'i32');
    this.napi(t.signed ? 'napi_get_value_int32' : 'napi_get_value_uint32', [this.env, v, s]);
    const x = b.load(s, 'i32v');
    return t.bits === 32 ? x : b.trunc(x, L.intT(t.bits));
  }

  /** A memview from (TypedArray | null, offset, extents..., strides...). */
  readMemview(argv: (k: number) => L.Value, k0: number, t: MemviewType): L.Value[] {
    const b = this.b;
    const et = memT(t.elem);
    const ds = this.slot(p8, 'data');
    const st = this.napi('napi_get_typedarray_info', [this.env, argv(k0), this.nul(L.i32), this.nul(L.i64), ds, this.nul(p8), this.nul(L.i64)]);
    const ok = b.icmp('eq', st, L.Const.int(L.i32, 0), 'isarr');
    const d = b.load(ds, 'raw');
    // An empty buffer may have a null data pointer; None is the only null view, so point
    // an empty view at the (never dereferenced) state block instead.
    const empty = b.icmp('eq', d, L.Const.null(p8), 'empty');
    const nonNull = b.select(empty, this.g.statePtr(0, L.i8), d, 'nn');
    const typed = b.bitcast(nonNull, L.ptr(et), 'typed');
    const off = this.readI64(argv(k0 + 1), false);
    const first = b.gep(typed, [off], { name: 'first' });
    const data = b.select(ok, first, L.Const.null(L.ptr(et)), 'view');
    const rest = Array.from({ length: 2 * t.ndim }, (_, j) => this.readI64(argv(k0 + 2 + j), false));
    return [data, ...rest];
  }

  /** The bytes of a Uint8Array argument as a pointer to `t` (an aggregate's type). */
  typedData(v: L.Value, t: L.Type): L.Value {
    const ds = this.slot(p8, 'bytes');
    this.napi('napi_get_typedarray_info', [this.env, v, this.nul(L.i32), this.nul(L.i64), ds, this.nul(p8), this.nul(L.i64)]);
    return this.b.bitcast(this.b.load(ds, 'raw'), L.ptr(t), 'agg');
  }

  /** Stores a napi_value for `r` (of IR type `t`) into `out`. */
  makeResult(r: L.Value, t: ScalarType, out: L.Value): void {
    const b = this.b;
    const env = this.env;
    if (t.k === 'float') {
      this.napi('napi_create_double', [env, t.bits === 32 ? b.fpext(r, L.f64) : r, out]);
    } else if (t.k === 'bool') {
      this.napi('napi_get_boolean', [env, r, out]);
    } else if (t.bits < 64) {
      const x = b.intResize(r, L.i32, t.signed);
      this.napi(t.signed ? 'napi_create_int32' : 'napi_create_uint32', [env, x, out]);
    } else {
      // number when |v| <= 2^53, else bigint
      const two53 = 2n ** 53n;
      const small = t.signed
        ? b.icmp('ule', b.add(r, L.Const.int(L.i64, two53)), L.Const.int(L.i64, 2n * two53), 'safe')
        : b.icmp('ule', r, L.Const.int(L.i64, two53), 'safe');
      b.ifElse(
        small,
        () => void this.napi('napi_create_int64', [env, r, out]),
        () => void this.napi(t.signed ? 'napi_create_bigint_int64' : 'napi_create_bigint_uint64', [env, r, out]),
        'num',
      );
    }
  }
}

/** Emits `cpx_<h>.napi.<name>` for `ir`, calling its implementation. Returns the symbol. */
export function emitWrapper(g: ModuleGen, ir: IRFunction, impl: L.Func): string {
  const name = `cpx_${g.hash8}.napi.${ir.name}`;
  const w = new Wrapper(g, name);
  const b = w.b;
  // an aggregate result goes to a last argument: a Uint8Array of its size (docs/native-abi.md)
  const aggRet = isAggregate(ir.ret);
  const n = ir.params.reduce((s, p) => s + jsArity(p.type), 0) + (aggRet ? 1 : 0);
  let argv: (k: number) => L.Value = () => internal('argv');
  if (n > 0) {
    const argc = w.entry.alloca(L.i64, 'argc');
    w.entry.store(L.Const.int(L.i64, n), argc);
    const arr = w.entry.alloca(new L.ArrayType(p8, n), 'argv');
    const a0 = w.entry.gep(arr, [L.Const.int(L.i64, 0), L.Const.int(L.i64, 0)], { inbounds: true, name: 'argv0' });
    w.napi('napi_get_cb_info', [w.env, w.f.params[1]!, argc, a0, L.Const.null(pp8), L.Const.null(pp8)]);
    argv = (k) => b.load(b.gep(a0, [L.Const.int(L.i64, k)], { inbounds: true, name: 'argp' }), `arg${k}`);
  }
  const args: L.Value[] = [];
  let k = 0;
  for (const p of ir.params) {
    if (p.type.k === 'memview') args.push(...w.readMemview(argv, k, p.type));
    else if (isAggregate(p.type)) args.push(b.load(w.typedData(argv(k), cdataT(p.type)), 'aggv', 1));
    else if (p.type.k === 'funcptr') args.push(w.readScalar(argv(k), FN_NUMBER));
    else args.push(w.readScalar(argv(k), asScalar(p.type, `parameter ${p.name}`)));
    k += jsArity(p.type);
  }
  const r = b.call(impl, args, { name: 'res' });
  const out = w.slot(p8, 'out');
  const undef = () => {
    w.napi('napi_get_undefined', [w.env, out]);
    b.ret(b.load(out, 'ret'));
  };
  if (ir.mayRaise) {
    const exc = b.load(g.statePtr(ERROR_STATE.exc, L.i32), 'exc', 4);
    b.ifThen(b.icmp('ne', exc, L.Const.int(L.i32, 0), 'raised'), undef, 'raised');
  }
  if (r === null) undef();
  else if (aggRet) {
    b.store(r, w.typedData(argv(n - 1), cdataT(ir.ret)), 1);
    undef();
  } else {
    w.makeResult(r, ir.ret.k === 'funcptr' ? FN_NUMBER : asScalar(ir.ret, 'result'), out);
    b.ret(b.load(out, 'ret'));
  }
  w.finish();
  return name;
}

/** Emits `cpx_<h>.state_fn`: an external ArrayBuffer over the state block. */
export function emitStateFn(g: ModuleGen): string {
  const name = `cpx_${g.hash8}.state_fn`;
  const w = new Wrapper(g, name);
  const out = w.slot(p8, 'out');
  const fin = L.ptr(L.fnT(L.voidT, [p8, p8, p8]));
  w.napi('napi_create_external_arraybuffer', [w.env, g.statePtr(0, L.i8), L.Const.int(L.i64, g.stateSize), L.Const.null(fin), L.Const.null(p8), out]);
  w.b.ret(w.b.load(out, 'ab'));
  w.finish();
  return name;
}
