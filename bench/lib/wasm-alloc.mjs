// The allocator the "cypyx wasm" column hands to `spec.makeInputs(alloc)`: every input
// and output array is made by cypyx's own `alloc` (docs/wasm-abi.md, "cypyx.alloc"), so it
// lives in the shared wasm memory and passes to the kernel with no copy, the way the
// AssemblyScript runner (kernels/common/run_wasm.mjs) allocates inside its module.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.mjs';

const DTYPE = new Map([
  [Float64Array, 'float64'],
  [Float32Array, 'float32'],
  [Int8Array, 'int8'],
  [Uint8Array, 'uint8'],
  [Int16Array, 'int16'],
  [Uint16Array, 'uint16'],
  [Int32Array, 'int32'],
  [Uint32Array, 'uint32'],
  [BigInt64Array, 'int64'],
  [BigUint64Array, 'uint64'],
]);

/**
 * `alloc(Ctor, n)` for the spec: a TypedArray over the shared wasm memory (the `data` of a
 * `cypyx.alloc` NDArray, kept alive here). The memory is grown once, up front, by
 * `spec.wasmBytes` (+ 1 MiB): growing later would detach the arrays already handed out.
 * `alloc.check()` throws unless every array is still a live view of the wasm memory (so
 * the timed calls really were zero-copy).
 */
export async function wasmAllocator(spec) {
  // the module the glue imports (same URL), so the same shared memory
  const rt = await import(pathToFileURL(join(ROOT, 'dist', 'runtime', 'wasm.js')).href);
  const mem = rt.sharedWasmMemory();
  mem.free(mem.malloc((spec.wasmBytes || 0) + (1 << 20)));
  const owners = [];
  const views = [];
  const alloc = (Ctor, n) => {
    const dtype = DTYPE.get(Ctor);
    if (!dtype) throw new Error(`bench: no cypyx dtype for ${Ctor?.name}`);
    const arr = rt.alloc(dtype, n);
    const ta = arr.data;
    owners.push(arr);
    views.push(ta);
    return ta;
  };
  alloc.check = () => {
    for (const ta of views) {
      if (ta.buffer !== mem.memory.buffer) {
        throw new Error('bench: an input array is no longer a view of the wasm memory (it grew): the calls copied');
      }
    }
  };
  return alloc;
}
