// Which functions JavaScript calls directly. Each of them needs a boundary entry (an
// N-API wrapper, a wasm export); the others are reached only from compiled code, where
// LLVM and binaryen may inline them into their callers and drop them. A helper that kept
// an unneeded wrapper would be compiled twice: once on its own and once inlined.
import type { ModuleIR } from './ir.js';
import { walkExprs } from './classify.js';

export function jsEntryPoints(mod: ModuleIR): Set<string> {
  const out = new Set<string>();
  for (const e of mod.exports) {
    out.add(e.fn);
    for (const s of e.dispatch?.specs ?? []) out.add(s);
    for (const l of e.ufunc?.loops ?? []) {
      out.add(l.loop);
      if (l.reduce) out.add(l.reduce);
    }
  }
  // generic-tier code (and the module's init) calls or takes native functions through
  // their JS handles
  for (const f of [...mod.functions, mod.init]) {
    if (f.tier === 'native' && f !== mod.init) continue;
    walkExprs(f.body, (e) => {
      if (e.kind === 'call' || e.kind === 'closure' || e.kind === 'fnRef') out.add(e.fn);
    });
  }
  return out;
}
