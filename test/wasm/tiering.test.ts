// V8 tiers for cypyx wasm modules in Node (docs/wasm-abi.md, "V8 tiers"): a module the
// glue loads is compiled by TurboFan before its first call, and importing binaryen
// (Liftoff-only, to keep its own compile cheap) does not leave later modules without
// tier-up. Checked with V8's own predicates (%IsTurboFanFunction) in a child process
// started with --allow-natives-syntax, on the built dist/ (npm test builds it first).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const url = (p: string) => pathToFileURL(dist + p).href;

const SCRIPT = `
import { frontEnd } from ${JSON.stringify(url('compile/index.js'))};
import { emitWasm } from ${JSON.stringify(url('compile/wasm/index.js'))};
import { loadWasm } from ${JSON.stringify(url('runtime/wasm.js'))};
const src = 'def spin(int n):\\n    cdef int i\\n    cdef double s = 0\\n    for i in range(n):\\n        s += i * 0.5\\n    return s\\n';
const { ir } = frontEnd('/virtual/spin.pyx', src, { readFile: () => null, backend: 'wasm' });
const out = await emitWasm(ir); // imports binaryen
// the glue's path: compiled by TurboFan at load
const inst = loadWasm('data:application/wasm;base64,' + Buffer.from(out.binary).toString('base64'), out.memory);
const f = inst.exports[out.exports.spin];
const eager = %IsTurboFanFunction(f);
// any other module compiled after binaryen's import: Liftoff first, then tier-up (other
// bytes, a custom section appended: V8 would reuse the compiled module for the same bytes)
const bytes = new Uint8Array(out.binary.length + 4);
bytes.set(out.binary);
bytes.set([0, 2, 1, 120], out.binary.length);
const mod = new WebAssembly.Module(bytes);
const imports = {};
for (const i of WebAssembly.Module.imports(mod)) {
  imports[i.module] ??= {};
  imports[i.module][i.name] = i.kind === 'memory' ? new WebAssembly.Memory({ initial: 1, maximum: 65536 }) : i.kind === 'global' ? 16 : Math.exp;
}
const g = new WebAssembly.Instance(mod, imports).exports[out.exports.spin];
const liftoffFirst = (g(10), %IsLiftoffFunction(g));
let tiered = false;
for (let k = 0; k < 200 && !tiered; k++) {
  g(200000);
  await new Promise((r) => setTimeout(r, 25));
  tiered = %IsTurboFanFunction(g);
}
console.log(JSON.stringify({ eager, liftoffFirst, tiered }));
`;

describe.skipIf(!existsSync(dist + 'runtime/wasm.js'))('V8 tiers (Node)', () => {
  it('glue-loaded modules start optimized; later modules still tier up after binaryen was imported', () => {
    // a file, not -e: the code would be in process.execArgv, where the runtime looks for tiering flags
    const file = join(mkdtempSync(join(tmpdir(), 'cypyx-tiers-')), 'tiers.mjs');
    writeFileSync(file, SCRIPT);
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ eager: true, liftoffFirst: true, tiered: true });
  }, 70_000);
});
