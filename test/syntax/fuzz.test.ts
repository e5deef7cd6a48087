// Mutation fuzzing: 2,000 random edits (delete / insert / duplicate characters
// or lines) of the conformance sources must each either parse or throw a
// CompileError with a sane location, quickly; never another exception or a hang.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError, SourceFile } from '../../src/compile/diagnostics.js';
import { parseModule } from '../../src/compile/syntax/index.js';

const CASES = '/work/shared/conformance/cases';
const KERNELS = '/work/shared/bench/kernels';

function corpus(): string[] {
  const out: string[] = [];
  if (existsSync(CASES)) for (const f of readdirSync(CASES).sort()) if (f.endsWith('.pyx')) out.push(readFileSync(join(CASES, f), 'utf8'));
  if (existsSync(KERNELS)) {
    for (const d of readdirSync(KERNELS).sort()) {
      const p = join(KERNELS, d, 'kernel.pyx');
      if (existsSync(p)) out.push(readFileSync(p, 'utf8'));
    }
  }
  if (!out.length) out.push('cdef double f(double x) nogil:\n    return <double>x * 2\n\ndef g(double[:, ::1] a):\n    return f"{a[0, 0]:.2f}"\n');
  return out;
}

/** mulberry32: small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  ' ', '  ', '    ', '\t', '\n', '\r', '\\', '\\\n', '(', ')', '[', ']', '{', '}', ':', ',', '.', ';', '=', '==', '<', '>',
  '*', '**', '&', '?', '@', '#', '"', "'", '"""', "f'", 'f"{', 'b"', 'r"', '0x', '1.5e', '_', 'cdef ', 'def ', 'if ',
  'else:', 'lambda', 'not ', 'None', 'nogil', 'except ', 'with ', 'for ', 'in ', 'from ', 'yield', 'é', '\u0000', '$',
];

function mutate(src: string, r: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const n = 1 + Math.floor(r() * 3);
  let s = src;
  for (let k = 0; k < n; k++) {
    const lines = s.split('\n');
    const pos = Math.floor(r() * (s.length + 1));
    const li = Math.floor(r() * lines.length);
    switch (Math.floor(r() * 8)) {
      case 0: // delete 1-4 characters
        s = s.slice(0, pos) + s.slice(pos + 1 + Math.floor(r() * 4));
        break;
      case 1: // insert a token-ish fragment
        s = s.slice(0, pos) + pick(INSERTS) + s.slice(pos);
        break;
      case 2: // duplicate a character
        s = s.slice(0, pos + 1) + s.slice(pos);
        break;
      case 3: // delete a line
        lines.splice(li, 1);
        s = lines.join('\n');
        break;
      case 4: // duplicate a line
        lines.splice(li, 0, lines[li]);
        s = lines.join('\n');
        break;
      case 5: // re-indent a line
        lines[li] = ' '.repeat(Math.floor(r() * 9)) + lines[li].trimStart();
        s = lines.join('\n');
        break;
      case 6: // swap two lines
        {
          const lj = Math.floor(r() * lines.length);
          [lines[li], lines[lj]] = [lines[lj], lines[li]];
          s = lines.join('\n');
        }
        break;
      case 7: // truncate
        s = s.slice(0, pos);
        break;
    }
  }
  return s;
}

describe('fuzz', () => {
  it('2,000 mutations of the conformance sources parse or fail with a CompileError', () => {
    const sources = corpus();
    const r = rng(0xc0ffee);
    let parsed = 0;
    let failed = 0;
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const text = mutate(sources[Math.floor(r() * sources.length)], r);
      const src = new SourceFile(`fuzz${i}.pyx`, text);
      const t0 = performance.now();
      try {
        parseModule(src);
        parsed++;
      } catch (e) {
        if (!(e instanceof CompileError)) {
          throw new Error(`mutation ${i} threw ${String(e)}\n--- source ---\n${text}`);
        }
        const lineCount = text.split(/\r\n|\r|\n/).length;
        if (e.line < 1 || e.line > lineCount + 1 || e.col < 1) {
          throw new Error(`mutation ${i}: bad location ${e.line}:${e.col} (${lineCount} lines): ${e.text}\n--- source ---\n${text}`);
        }
        failed++;
      }
      const dt = performance.now() - t0;
      worst = Math.max(worst, dt);
      if (dt > 500) throw new Error(`mutation ${i} took ${dt.toFixed(0)} ms\n--- source ---\n${text}`);
    }
    expect(parsed + failed).toBe(2000);
    // both outcomes happen: the fuzzer is not trivially breaking (or not breaking) everything
    expect(parsed).toBeGreaterThan(50);
    expect(failed).toBeGreaterThan(200);
    expect(worst).toBeLessThan(500);
  });
});
