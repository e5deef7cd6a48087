// cypyx public API.
export { compileFile } from './build/index.js';
export type { CompileFileOptions, CompileResult, CompileTimings, Backend, BackendChoice } from './build/index.js';
export { cacheDir } from './cache/index.js';
export { kwargs } from './runtime/index.js';
export { CompileError } from './compile/diagnostics.js';
