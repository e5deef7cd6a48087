// Syntax errors: indentation, unexpected tokens, unterminated constructs,
// pathological nesting. Every one is a CompileError with an exact location.
import { describe, it, expect } from 'vitest';
import { CompileError } from '../../src/compile/diagnostics.js';
import { parse, parseError, stmt } from './helpers.js';

function where(src: string): [number, number, string] {
  const e = parseError(src);
  return [e.line, e.col, e.text];
}

describe('indentation', () => {
  it('reports an inconsistent dedent at the offending line', () => {
    const src = 'def clamp(int x, int lo, int hi):\n    if x < lo:\n        return lo\n    elif x > hi:\n        return hi\n      return x\n';
    expect(where(src)).toEqual([6, 7, 'Inconsistent indentation']);
    expect(where('if a:\n        if b:\n            pass\n    x = 1\n')).toEqual([4, 5, 'Inconsistent indentation']);
  });

  it('reports unexpected indentation and missing blocks', () => {
    expect(where('x = 1\n    y = 2\n')).toEqual([2, 5, 'Unexpected indentation']);
    expect(where('def f():\nreturn 1\n')).toEqual([2, 1, "Expected an indented block, found 'return'"]);
    expect(where('for x in y:\n')).toEqual([2, 1, 'Expected an indented block, found EOF']);
    expect(where('class A:\n\n# only a comment\n')[2]).toMatch(/indented block/);
  });

  it('treats a tab as advancing to the next multiple of 8 columns', () => {
    const s = stmt('if x:\n\tpass\n        y = 1\n');
    expect(s.kind === 'If' && s.body.length).toBe(2);
    const t = stmt('if x:\n    \ta = 1\n\tb = 2\n');
    expect(t.kind === 'If' && t.body.length).toBe(2);
    expect(where('if x:\n  \tpass\n    y = 1\n')).toEqual([3, 5, 'Inconsistent indentation']);
  });

  it('ignores indentation of blank lines, comments and bracketed continuation lines', () => {
    const s = stmt('def f():\n    x = (1,\n  2)\n        # comment\n\n    return x \\\n+ 1\n');
    expect(s.kind === 'FuncDef' && s.body.length).toBe(2);
  });

  it('closes open blocks at end of file without a final newline', () => {
    const s = stmt('def f():\n    if x:\n        return 1');
    expect(s.kind).toBe('FuncDef');
  });
});

describe('unexpected tokens', () => {
  it.each([
    ['if x\n    pass\n', [1, 5, "Expected ':', found NEWLINE"]],
    ['def f(x) -> :\n    pass\n', [1, 13, "Expected an expression, found ':'"]],
    ['x = 1 2\n', [1, 7, "Expected NEWLINE, found '2'"]],
    ['while True print(1)\n', [1, 12, "Expected ':', found 'print'"]],
    ['x = (1 2)\n', [1, 8, "Expected ')', found '2'"]],
    ['import\n', [1, 7, 'Expected an identifier, found NEWLINE']],
    ['cdef int\n', [1, 9, 'Expected an identifier, found NEWLINE']],
    ['else:\n    pass\n', [1, 1, "Expected an expression, found 'else'"]],
    ['x = $\n', [1, 5, "invalid character '$'"]],
    ['x = a ! b\n', [1, 7, "invalid character '!'"]],
    ['@dec\nx = 1\n', [2, 1, "Expected 'def', 'cdef', 'cpdef' or 'class' after decorator, found 'x'"]],
    ['class A(metaclass=M):\n    pass\n', [1, 9, 'not supported yet: keyword arguments in a class definition']],
    ['include "x.pxi"\n', [1, 1, "not supported yet: 'include' statements"]],
    ['print "hi"\n', [1, 7, "Missing parentheses in call to 'print' (Python 2 print statement)"]],
  ] as [string, [number, number, string]][])('%j', (src, want) => {
    expect(where(src)).toEqual(want);
  });

  it('includes the source line and a caret in the message', () => {
    const e = parseError('x = 1\nif y\n    pass\n');
    expect(e).toBeInstanceOf(CompileError);
    expect(e.sourceLine).toBe('if y');
    expect(e.message).toContain('t.pyx:2:5: Expected');
    expect(e.message).toContain('    if y\n        ^');
  });
});

describe('unterminated constructs', () => {
  it('reports unclosed brackets at the opening bracket', () => {
    expect(where('x = foo(1,\n  2\n')).toEqual([1, 8, "'(' was never closed"]);
    expect(where('y = [1, {2: 3}\n')).toEqual([1, 5, "'[' was never closed"]);
    expect(where('x = (1]\n')[2]).toMatch(/does not match/);
    expect(where('x = 1)\n')).toEqual([1, 6, "unmatched ')'"]);
  });

  it('reports unclosed strings at the string start', () => {
    expect(where('s = "abc\n')).toEqual([1, 5, 'Unclosed string literal']);
    expect(where("a = 1\nb = '''abc\n\n")[0]).toBe(2);
    expect(where('s = f"{x\n')).toEqual([1, 5, 'Unclosed string literal']);
  });

  it('reports a backslash at end of file', () => {
    expect(where('x = 1 + \\')[2]).toMatch(/end of file/);
  });
});

describe('pathological input never crashes or hangs', () => {
  it('limits nesting depth with a CompileError', () => {
    for (const src of [
      'x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n',
      'x = ' + '-'.repeat(100000) + '1\n',
      'x = ' + 'not '.repeat(20000) + 'a\n',
      'x = ' + '[' .repeat(150) + ']'.repeat(150) + '\n',
      'x = ' + 'a if b else '.repeat(5000) + 'c\n',
      'x = ' + 'lambda: '.repeat(5000) + '1\n',
      'x = ' + '<int>'.repeat(5000) + 'y\n',
      'cdef int ' + '('.repeat(3000) + '*f' + ')'.repeat(3000) + '(int)\n',
      Array.from({ length: 150 }, (_, i) => ' '.repeat(i) + 'if x:\n').join('') + ' '.repeat(150) + 'pass\n',
    ]) {
      let err: unknown = null;
      try {
        parse(src);
      } catch (e) {
        err = e;
      }
      if (err !== null) {
        expect(err).toBeInstanceOf(CompileError);
        expect((err as CompileError).line).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('accepts moderate nesting', () => {
    expect(() => parse('x = ' + '('.repeat(60) + '1' + ')'.repeat(60) + '\n')).not.toThrow();
    expect(() => parse('x = ' + '-'.repeat(150) + '1\n')).not.toThrow();
  });

  it('handles empty and whitespace-only files, BOM and form feeds', () => {
    expect(parse('').body).toEqual([]);
    expect(parse('\n\n   \n# c\n').body).toEqual([]);
    expect(parse('\uFEFFx = 1\n').body.length).toBe(1);
    expect(parse('x = 1\n\f\ny = 2\n').body.length).toBe(2);
  });
});
