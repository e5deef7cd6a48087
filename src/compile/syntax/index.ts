// The syntax stage: source text → AST (ast.ts). Errors are CompileError.
export { parseModule } from './parser.js';
export { Tokenizer, type Token, type TokenType } from './tokenizer.js';
export type * from './ast.js';
