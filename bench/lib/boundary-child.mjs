// One boundary measurement in a fresh process:
//   node [--import cypyx/register] boundary-child.mjs '<json>'
// with { system, kernelDir, reps, addon?, pyx? }. Drives the boundary kernel's `spec`
// (s = add(s, 1.0), 10 M calls) with the chosen `add` and prints `@@BENCH {...}`.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const job = JSON.parse(process.argv[2]);
const out = (o) => process.stdout.write('@@BENCH ' + JSON.stringify(o) + '\n');
const url = (p) => pathToFileURL(p).href;

// (module (func (export "add") (param f64 f64) (result f64) local.get 0 local.get 1 f64.add))
const WASM_ADD = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7c, 0x7c, 0x01, 0x7c, // type: (f64, f64) -> f64
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, // export "add" = func 0
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0xa0, 0x0b, // body
]);

let phase = 'setup';
try {
  const { bench } = await import(url(join(job.kernelDir, '..', 'common', 'jsbench.mjs')));
  const kernel = await import(url(join(job.kernelDir, 'kernel.js')));
  const { spec } = kernel;
  let add;
  let checked = true;
  switch (job.system) {
    case 'js-inline':
      add = kernel.add; // V8 inlines it: the no-boundary floor
      break;
    case 'js-call': {
      // Keep the call out of line without %NeverOptimizeFunction: make spec.run's call site
      // megamorphic (8 distinct function literals), so TurboFan emits a real call there.
      const many = Array.from({ length: 8 }, () => new Function('a', 'b', 'return a + b'));
      for (let k = 0; k < 50; k++) for (const f of many) spec.run({ add: f }, { calls: 2000 });
      add = many[3];
      break;
    }
    case 'napi-add':
      add = createRequire(import.meta.url)(job.addon).add;
      break;
    case 'napi-empty':
      add = createRequire(import.meta.url)(job.addon).empty;
      checked = false;
      break;
    case 'wasm-export':
      add = new WebAssembly.Instance(new WebAssembly.Module(WASM_ADD)).exports.add;
      break;
    case 'cypyx-native':
    case 'cypyx-wasm': {
      phase = 'import';
      const m = await import(url(job.pyx));
      add = m.add;
      break;
    }
    default:
      throw new Error(`unknown system ${job.system}`);
  }
  phase = 'run';
  const r = bench(spec, { add }, { system: job.system, reps: job.reps });
  out({ ok: true, ...r, calls: spec.makeInputs().calls, checked });
} catch (e) {
  out({ ok: false, phase, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  process.exitCode = 3;
}
