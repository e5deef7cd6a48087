// cypyx public API.
export { compileFile } from './build/index.js';
export type { CompileFileOptions, CompileResult, CompileTimings, Backend, BackendChoice } from './build/index.js';
export { cacheDir } from './cache/index.js';
export { kwargs } from './runtime/index.js';
export { alloc } from './runtime/wasm.js';
export { CompileError } from './compile/diagnostics.js';
export { inline, inlineAsync, inferType, pyx } from './inline.js';
export type { InlineOptions, PyxOptions } from './inline.js';
export { reload } from './reload.js';
export type { ReloadOptions } from './reload.js';
export { emitDts } from './compile/dts.js';
export type { DtsOptions } from './compile/dts.js';
// Arrays and reductions (SPEC §1.7, §3): NDArray is what N-D results are; sum/prod/min/max
// reduce over all axes or an axis (docs in src/runtime/reduce.ts and the README).
export { NDArray, sum, prod, min, max } from './runtime/index.js';
