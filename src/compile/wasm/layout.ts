// Linear-memory layout and the boundary signatures of the wasm back end, shared
// (as types and a few constants) by the code generator and src/runtime/wasm.ts.
// See docs/wasm-abi.md.
import type { IRFunction, ModuleIR } from '../ir/ir.js';
import type { ScalarType, Type } from '../ir/types.js';
import { dtypeOf } from '../ir/types.js';
import type { WasmParam, WasmScalar, WasmSig } from '../../runtime/wasm.js';

export type { WasmParam, WasmScalar, WasmSig };

/** Bytes 0..7: never a valid address (a None view's data pointer is 0). */
export const NULL_GUARD = 8;
/** Bytes 8..15: the exact 64-bit result of the last export that returns a 64-bit int. */
export const RESULT_SLOT = 8;
/** The state block (docs/native-abi.md layout: error state, then globals). */
export const STATE_OFFSET = 16;
export const PAGE = 65536;
/** Initial memory (pages): 1 MiB, so small calls never grow it. */
export const INITIAL_PAGES = 16;
/** 4 GiB: the most a 32-bit address space holds. */
export const MAX_PAGES = 65536;

export function heapBaseFor(stateSize: number): number {
  return (STATE_OFFSET + Math.max(stateSize, 80) + 15) & ~15;
}

export function scalarKind(t: ScalarType): WasmScalar {
  if (t.k === 'bool') return 'bool';
  if (t.k === 'float') return t.bits === 32 ? 'f32' : 'f64';
  return `${t.signed ? 'i' : 'u'}${t.bits}` as WasmScalar;
}

/**
 * `readonly`: a const view. `written: false`: the function cannot write to memory at
 * all (see mayWriteMemory). Neither kind is written back after a copy-in.
 */
export function paramKind(t: Type, where: string, writes = true): WasmParam {
  if (t.k === 'memview') {
    return {
      view: dtypeOf(t.elem) as Extract<WasmParam, object>['view'],
      elem: scalarKind(t.elem),
      ndim: t.ndim,
      contig: t.contig,
      readonly: t.readonly,
      written: writes,
    };
  }
  if (t.k === 'int' || t.k === 'float' || t.k === 'bool') return scalarKind(t);
  throw new Error(`cypyx wasm back end (internal): ${where}: type ${t.k} at the wasm boundary`);
}

/** Whether the export of `fn` needs a boundary wrapper (64-bit ints or views at the JS boundary). */
export function needsWrapper(fn: IRFunction): boolean {
  const wide = (t: Type) => t.k === 'int' && t.bits === 64;
  return wide(fn.ret) || fn.params.some((p) => p.type.k === 'memview' || wide(p.type));
}

export function has64Param(fn: IRFunction): boolean {
  return fn.params.some((p) => p.type.k === 'int' && p.type.bits === 64);
}

/**
 * IR node kinds through which code may write to memory other than its own locals
 * and C globals: view stores, pointer stores, addresses that could be stored
 * through, indirect calls, libc calls (memcpy, memset, ...). Kinds added to the IR
 * later are not here: a node of an unknown kind that writes must be added.
 */
const WRITING_KINDS = new Set(['mvStore', 'store', 'mvAddr', 'addrOf', 'fieldAddr', 'ptrAdd', 'globalAddr', 'callPtr', 'libc']);

/**
 * Whether `fn` (or a function it calls) may write to a memoryview. When it cannot, a
 * copied-in TypedArray needs no copy-out: read-only kernels (dot, norms, sums) pay
 * the copy once instead of twice. Conservative: any writing node anywhere counts.
 */
export function mayWriteMemory(fn: IRFunction, mod: ModuleIR, memo = new Map<string, boolean>()): boolean {
  const known = memo.get(fn.name);
  if (known !== undefined) return known;
  memo.set(fn.name, true); // recursion: assume the worst until proven otherwise
  const byName = new Map(mod.functions.map((f) => [f.name, f]));
  let writes = false;
  const seen = new Set<object>();
  const visit = (x: unknown): void => {
    if (writes || x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    const node = x as { kind?: unknown; fn?: unknown };
    if (typeof node.kind === 'string') {
      if (WRITING_KINDS.has(node.kind)) {
        writes = true;
        return;
      }
      if (node.kind === 'call' && typeof node.fn === 'string') {
        const callee = byName.get(node.fn);
        if (!callee || mayWriteMemory(callee, mod, memo)) {
          writes = true;
          return;
        }
      }
    }
    for (const [k, v] of Object.entries(x)) if (k !== 'type' && k !== 'loc') visit(v);
  };
  visit(fn.body);
  memo.set(fn.name, writes);
  return writes;
}
