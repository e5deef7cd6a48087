// The compiler's front door: source text → typed, classified IR.
// Back ends (llvm/, js/, wasm/) take it from there.
import { dirname, join, resolve } from 'node:path';
import { SourceFile } from './diagnostics.js';
import { parseModule } from './syntax/index.js';
import { lowerModule } from './semantics/lower.js';
import { classify } from './ir/classify.js';
import type { ModuleIR } from './ir/ir.js';
import type { Module } from './syntax/ast.js';

/** Part of every cache key: bump when generated code changes meaning. */
export const COMPILER_VERSION = '0.1.0-ir1';

export type Backend = 'native' | 'wasm' | 'js';

export interface FrontEndOptions {
  /** Reads a dependency (a sibling .pxd); null when it does not exist. */
  readFile(path: string): string | null;
  backend: Backend;
}

export interface FrontEndResult {
  ir: ModuleIR;
  /** Absolute paths of the files cimported (their contents are part of the cache key). */
  deps: string[];
  timings: { parse: number; lower: number };
}

export function frontEnd(file: string, source: string, opts: FrontEndOptions): FrontEndResult {
  const t0 = performance.now();
  const src = new SourceFile(file, source);
  const ast = parseModule(src);
  const t1 = performance.now();
  const deps: string[] = [];
  const dir = dirname(resolve(file));
  const ir = lowerModule(src, ast, {
    resolveCimport(module: string): { file: string; ast: Module } | null {
      const path = join(dir, ...module.split('.')) + '.pxd';
      const text = opts.readFile(path);
      if (text === null) return null;
      deps.push(path);
      return { file: path, ast: parseModule(new SourceFile(path, text)) };
    },
  });
  // The wasm back end compiles a subset of C data (see ir/classify.ts); the rest runs as JS there.
  classify(ir, opts.backend !== 'js', { cdata: opts.backend === 'wasm' ? 'subset' : true });
  const t2 = performance.now();
  return { ir, deps, timings: { parse: t1 - t0, lower: t2 - t1 } };
}

export { SourceFile, CompileError } from './diagnostics.js';
export type { ModuleIR } from './ir/ir.js';
