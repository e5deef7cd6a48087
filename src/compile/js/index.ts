// The JS back end: ModuleIR → the ES module ("glue") that JavaScript imports for a .pyx.
export { emitGlue } from './glue.js';
export type { GlueOptions } from './glue.js';
export { FnGen, JsBackendError } from './codegen.js';
export type { ModuleScope } from './codegen.js';
