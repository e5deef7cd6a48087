// Build orchestration: back end choice and compileFile.
export { compileFile, createCompiler, defaultToolchain, binaryenVersion } from './compile.js';
export type {
  CompileFileOptions,
  CompileResult,
  CompileTimings,
  Toolchain,
  FrontEndModule,
  LLVMModule,
  JSBackendModule,
  NativeGlueInfo,
  WasmGlueInfo,
  WasmBackendModule,
} from './compile.js';
export { resolveBackend, requestedBackend, defaultNative } from './backend.js';
export type { Backend, BackendChoice, NativeProvider, ResolvedBackend } from './backend.js';
