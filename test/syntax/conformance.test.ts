// Every conformance module and benchmark kernel parses; errors_indentation.pyx
// fails at line 8 with Cython's message.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError, SourceFile } from '../../src/compile/diagnostics.js';
import { parseModule } from '../../src/compile/syntax/index.js';

const CASES = '/work/shared/conformance/cases';
const KERNELS = '/work/shared/bench/kernels';

function sources(): string[] {
  const out: string[] = [];
  if (existsSync(CASES)) for (const f of readdirSync(CASES).sort()) if (f.endsWith('.pyx')) out.push(join(CASES, f));
  if (existsSync(KERNELS)) {
    for (const d of readdirSync(KERNELS).sort()) {
      const p = join(KERNELS, d, 'kernel.pyx');
      if (existsSync(p)) out.push(p);
    }
  }
  return out;
}

const files = sources();

describe('conformance and benchmark sources', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  for (const file of files) {
    const name = file.split('/').slice(-2).join('/');
    if (name.endsWith('errors_indentation.pyx')) {
      it(`${name} fails at line 8`, () => {
        const src = new SourceFile(file, readFileSync(file, 'utf8'));
        let err: unknown;
        try {
          parseModule(src);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(CompileError);
        const ce = err as CompileError;
        expect(ce.line).toBe(8);
        expect(ce.text).toBe('Inconsistent indentation');
        const expected = JSON.parse(readFileSync(file.replace(/\.pyx$/, '.json'), 'utf8')).compile_error;
        expect(ce.line).toBe(expected.line);
        expect(ce.text).toContain(expected.message);
      });
    } else {
      it(`parses ${name}`, () => {
        const m = parseModule(new SourceFile(file, readFileSync(file, 'utf8')));
        expect(m.kind).toBe('Module');
        expect(m.body.length).toBeGreaterThan(0);
      });
    }
  }

  it('collects `# cython:` header directives of the kernels', () => {
    const k = files.find((f) => f.endsWith('dot/kernel.pyx'));
    if (!k) return;
    const m = parseModule(new SourceFile(k, readFileSync(k, 'utf8')));
    expect(m.directives.map((d) => [d.key, d.value])).toEqual([['language_level', '3']]);
    expect(m.directives[0].loc.line).toBe(1);
  });

  it('parses every source quickly (cold module budget is 50 ms)', () => {
    const texts = files.map((f) => new SourceFile(f, readFileSync(f, 'utf8')));
    const t0 = performance.now();
    for (const s of texts) {
      try {
        parseModule(s);
      } catch {
        // errors_indentation
      }
    }
    const total = performance.now() - t0;
    // all ~3,600 lines together; generous bound for slow CI machines
    expect(total).toBeLessThan(1000);
  });
});
