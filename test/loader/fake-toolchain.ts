// A stand-in compiler with the interfaces of the real front end, LLVM back end and JS
// back end, so that module loading (cache, hooks, native loading) is tested on its own.
// It understands a tiny line language, one statement per line:
//
//   def NAME: OP        a function of two doubles, OP one of + * -; native tier
//   cimport NAME        reads NAME.pxd beside the file through readFile (missing: CompileError)
//   const NAME = INT    an exported constant (also allowed in a .pxd)
//   error TEXT          a CompileError at this line, column of the word `error`
//   sleep MS            busy-waits in the front end (to make compiles overlap)
//
// Every front-end run appends the file name to $FAKE_FE_LOG when it is set.
import { appendFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CompileError } from '../../src/compile/diagnostics.js';

export const COMPILER_VERSION = 'fake-1';

type Op = '+' | '*' | '-';
interface FakeFn {
  name: string;
  op: Op;
  tier: 'native' | 'generic';
}
export interface FakeIR {
  name: string;
  file: string;
  functions: FakeFn[];
  consts: Record<string, number>;
  directives: Record<string, string | boolean | number>;
}

const LLVM_OP: Record<Op, string> = { '+': 'fadd', '*': 'fmul', '-': 'fsub' };

function fail(file: string, lines: string[], i: number, col: number, text: string): never {
  throw new CompileError({ file, line: i + 1, col, text, sourceLine: lines[i] ?? '' });
}

function parse(file: string, source: string, readFile: (p: string) => string | null, ir: FakeIR, deps: string[]): void {
  const lines = source.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const col = raw.length - raw.trimStart().length + 1;
    let m: RegExpMatchArray | null;
    if (!line || line.startsWith('#')) return;
    if ((m = line.match(/^def (\w+): ([+*-])$/))) ir.functions.push({ name: m[1]!, op: m[2] as Op, tier: 'native' });
    else if ((m = line.match(/^const (\w+) = (-?\d+)$/))) ir.consts[m[1]!] = Number(m[2]);
    else if ((m = line.match(/^cimport (\w+)$/))) {
      const dep = join(dirname(file), `${m[1]}.pxd`);
      const text = readFile(dep);
      if (text === null) fail(file, lines, i, col + 8, `'${m[1]}.pxd' not found`);
      deps.push(dep);
      parse(dep, text, readFile, ir, deps);
    } else if ((m = line.match(/^error (.*)$/))) fail(file, lines, i, col, m[1]!);
    else if ((m = line.match(/^sleep (\d+)$/))) {
      const end = Date.now() + Number(m[1]);
      while (Date.now() < end) {
        // busy
      }
    } else fail(file, lines, i, col, `fake compiler: cannot parse "${line}"`);
  });
}

export function frontEnd(
  file: string,
  source: string,
  opts: { readFile(path: string): string | null; backend: string },
): { ir: FakeIR; deps: string[] } {
  if (process.env.FAKE_FE_LOG) appendFileSync(process.env.FAKE_FE_LOG, `${basename(file)} ${opts.backend}\n`);
  const ir: FakeIR = { name: basename(file, '.pyx'), file, functions: [], consts: {}, directives: {} };
  const deps: string[] = [];
  parse(file, source, opts.readFile, ir, deps);
  if (opts.backend === 'js') for (const f of ir.functions) f.tier = 'generic';
  return { ir, deps };
}

const NAPI_DECLS = `
declare i32 @napi_get_cb_info(i8*, i8*, i64*, i8**, i8**, i8**)
declare i32 @napi_get_value_double(i8*, i8*, double*)
declare i32 @napi_create_double(i8*, double, i8**)
`;

function binaryOp(symbol: string, op: string): string {
  return `
define i8* @${symbol}(i8* %env, i8* %info) {
entry:
  %argc = alloca i64
  store i64 2, i64* %argc
  %argv = alloca [2 x i8*]
  %p0 = getelementptr [2 x i8*], [2 x i8*]* %argv, i64 0, i64 0
  %p1 = getelementptr [2 x i8*], [2 x i8*]* %argv, i64 0, i64 1
  %s0 = call i32 @napi_get_cb_info(i8* %env, i8* %info, i64* %argc, i8** %p0, i8** null, i8** null)
  %a0 = load i8*, i8** %p0
  %a1 = load i8*, i8** %p1
  %x = alloca double
  %y = alloca double
  %s1 = call i32 @napi_get_value_double(i8* %env, i8* %a0, double* %x)
  %s2 = call i32 @napi_get_value_double(i8* %env, i8* %a1, double* %y)
  %xv = load double, double* %x
  %yv = load double, double* %y
  %r = ${op} double %xv, %yv
  %out = alloca i8*
  %s3 = call i32 @napi_create_double(i8* %env, double %r, i8** %out)
  %o = load i8*, i8** %out
  ret i8* %o
}
`;
}

export function emitLLVM(mod: FakeIR, opts: { hash8: string }): { text: string; symbols: { state: string; fns: Record<string, string> } } {
  const fns: Record<string, string> = {};
  let text = NAPI_DECLS;
  for (const f of mod.functions) {
    if (f.tier !== 'native') continue;
    fns[f.name] = `cpx_${opts.hash8}_${f.name}__napi`;
    text += binaryOp(fns[f.name]!, LLVM_OP[f.op]);
  }
  return { text, symbols: { state: `cpx_${opts.hash8}__state`, fns } };
}

// ---- wasm: a hand-assembled module exporting each native function as (f64, f64) -> f64
const WASM_OP: Record<Op, number> = { '+': 0xa0, '-': 0xa1, '*': 0xa2 };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

export async function emitWasm(mod: FakeIR): Promise<{
  binary: Uint8Array;
  memory: { stateOffset: number; heapBase: number };
  sigs: Record<string, { name: string; export: string; exportBig: null; params: string[]; ret: string; mayRaise: boolean }>;
}> {
  const fns = mod.functions.filter((f) => f.tier === 'native');
  const enc = new TextEncoder();
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 2, 0x7c, 0x7c, 1, 0x7c]])),
    ...section(3, vec(fns.map(() => [0]))),
    ...section(7, vec(fns.map((f, i) => [...uleb(f.name.length), ...enc.encode(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fns.map((f) => [7, 0, 0x20, 0, 0x20, 1, WASM_OP[f.op], 0x0b]))),
  ];
  const sigs = Object.fromEntries(
    fns.map((f) => [f.name, { name: f.name, export: f.name, exportBig: null, params: ['f64', 'f64'], ret: 'f64', mayRaise: false }]),
  );
  return { binary: new Uint8Array(bytes), memory: { stateOffset: 16, heapBase: 96 }, sigs };
}

type FakeNativeGlue = { kind?: 'native'; loaderUrl: string; objectFile: string; stateSymbol: string; fnSymbols: Record<string, string> };
type FakeWasmGlue = { kind: 'wasm'; wasmUrl: string; binaryFile: string; memory: unknown; sigs: Record<string, unknown> };

export function emitGlue(
  mod: FakeIR,
  opts: {
    runtimeUrl: string;
    native: null | FakeNativeGlue | FakeWasmGlue;
    sourceFile: string;
  },
): string {
  if (opts.native?.kind === 'wasm') {
    const w = opts.native;
    let s = `// fake glue for ${opts.sourceFile}\nexport const __backend = 'wasm';\n`;
    s += `import { readFileSync } from 'node:fs';\n`;
    s += `const $ref = ${JSON.stringify(w.binaryFile)};\n`;
    s += `const $bin = $ref.startsWith('data:') ? Buffer.from($ref.slice($ref.indexOf(',') + 1), 'base64') : readFileSync($ref);\n`;
    s += `const $i = new WebAssembly.Instance(new WebAssembly.Module($bin), {});\n`;
    for (const f of mod.functions) {
      s += w.sigs[f.name] ? `export const ${f.name} = $i.exports[${JSON.stringify(f.name)}];\n` : `export function ${f.name}(a, b) { return a ${f.op} b; }\n`;
    }
    for (const [k, v] of Object.entries(mod.consts)) s += `export const ${k} = ${v};\n`;
    return s;
  }
  const n = opts.native && opts.native.kind !== 'wasm' ? opts.native : null;
  let s = `// fake glue for ${opts.sourceFile}\nexport const __backend = ${JSON.stringify(n ? 'native' : 'js')};\n`;
  if (n) {
    s += `import { loadNative } from ${JSON.stringify(n.loaderUrl)};\n`;
    s += `const $m = loadNative(${JSON.stringify(n.objectFile)}, ${JSON.stringify(Object.values(n.fnSymbols))});\n`;
  }
  for (const f of mod.functions) {
    const sym = n?.fnSymbols[f.name];
    s += sym ? `export const ${f.name} = $m.fns[${JSON.stringify(sym)}];\n` : `export function ${f.name}(a, b) { return a ${f.op} b; }\n`;
  }
  for (const [k, v] of Object.entries(mod.consts)) s += `export const ${k} = ${v};\n`;
  return s;
}
