// Expressions: precedence, chained comparisons, literals, strings and f-strings,
// comprehensions, lambdas, calls, subscripts, Cython casts / sizeof / &.
import { describe, it, expect } from 'vitest';
import { expr, parseError, stmt, sx, tx } from './helpers.js';

const e = (s: string): string => sx(expr(s));

describe('operator precedence', () => {
  it.each([
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a ** b ** c', '(** a (** b c))'],
    ['-a ** b', '(- (** a b))'],
    ['a ** -b', '(** a (- b))'],
    ['~a * b', '(* (~ a) b)'],
    ['a // b % c * d / e @ f', '(@ (/ (* (% (// a b) c) d) e) f)'],
    ['a << b + c', '(<< a (+ b c))'],
    ['a & b << c', '(& a (<< b c))'],
    ['a ^ b & c', '(^ a (& b c))'],
    ['a | b ^ c', '(| a (^ b c))'],
    ['a | b == c | d', '(cmp (| a b) == (| c d))'],
    ['not a == b', '(not (cmp a == b))'],
    ['not not a', '(not (not a))'],
    ['a and b or c and d', '(or (and a b) (and c d))'],
    ['a or b or c', '(or a b c)'],
    ['a and not b and c', '(and a (not b) c)'],
    ['a if b else c', '(if b a c)'],
    ['a if b else c if d else e', '(if b a (if d c e))'],
    ['x or y if c else z', '(if c (or x y) z)'],
    ['lambda: a if b else c', '(lambda () (if b a c))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a.b.c(d)[e].f', '(call a.b.c d)[e].f'],
    ['-x.y', '(- x.y)'],
    ['await f() ** 2', '(** (await (call f)) 2)'],
  ])('%s', (src, want) => {
    expect(e(src)).toBe(want);
  });
});

describe('comparisons', () => {
  it('chains comparisons into one Compare', () => {
    expect(e('a < b <= c')).toBe('(cmp a < b <= c)');
    expect(e('0 <= i < n == m')).toBe('(cmp 0 <= i < n == m)');
    expect(e('a == b == c')).toBe('(cmp a == b == c)');
  });
  it('parses the word operators', () => {
    expect(e('a in b')).toBe('(cmp a in b)');
    expect(e('a not in b')).toBe('(cmp a not in b)');
    expect(e('a is b')).toBe('(cmp a is b)');
    expect(e('a is not None')).toBe('(cmp a is not None)');
    expect(e('x is not y not in z')).toBe('(cmp x is not y not in z)');
    expect(e('a != b > c >= d')).toBe('(cmp a != b > c >= d)');
  });
  it('binds comparisons tighter than not/and/or', () => {
    expect(e('a < b and not c > d')).toBe('(and (cmp a < b) (not (cmp c > d)))');
  });
});

describe('number literals', () => {
  it('parses integers in every base, with underscores and suffixes', () => {
    const ints: [string, bigint, string][] = [
      ['0', 0n, ''], ['00', 0n, ''], ['42', 42n, ''], ['1_000_000', 1000000n, ''], ['0x7FF', 2047n, ''],
      ['0XdeadBEEF', 0xdeadbeefn, ''], ['0o17', 15n, ''], ['0b1011', 11n, ''], ['0b_1010', 10n, ''],
      ['10L', 10n, 'L'], ['5U', 5n, 'U'], ['5ul', 5n, 'UL'], ['5LU', 5n, 'UL'], ['7LL', 7n, 'LL'], ['7ULL', 7n, 'ULL'],
      ['0xFFu', 255n, 'U'], ['18446744073709551615', 18446744073709551615n, ''],
    ];
    for (const [src, value, suffix] of ints) {
      const x = expr(src);
      expect(x.kind, src).toBe('Int');
      if (x.kind !== 'Int') continue;
      expect(x.value, src).toBe(value);
      expect(x.suffix, src).toBe(suffix);
      expect(x.text).toBe(src);
    }
  });
  it('parses floats, exponents and imaginary numbers', () => {
    const floats: [string, number, boolean][] = [
      ['1.0', 1, false], ['.5', 0.5, false], ['1.', 1, false], ['1e10', 1e10, false], ['1.5e-3', 1.5e-3, false],
      ['2E+2', 200, false], ['1_0.2_5', 10.25, false], ['3j', 3, true], ['1.5J', 1.5, true], ['1e3j', 1000, true],
      ['1.5e300', 1.5e300, false],
    ];
    for (const [src, value, imaginary] of floats) {
      const x = expr(src);
      expect(x.kind, src).toBe('Float');
      if (x.kind !== 'Float') continue;
      expect(x.value, src).toBe(value);
      expect(x.imaginary, src).toBe(imaginary);
    }
  });
  it('rejects malformed numbers', () => {
    for (const bad of ['0777', '1__0', '1_', '0x', '0b2', '1abc', '1.5L', '5UUL', '0o8']) {
      expect(parseError(`x = ${bad}\n`).line, bad).toBe(1);
    }
  });
});

describe('string literals', () => {
  it('decodes escapes', () => {
    expect(e(String.raw`"a\tb\n\\\'\"\x41\101\u00e9\U0001F600"`)).toBe(JSON.stringify('a\tb\n\\\'"AAé😀'));
    expect(e(String.raw`"\q\d"`)).toBe(JSON.stringify('\\q\\d'));
    expect(e('"line\\\ncont"')).toBe(JSON.stringify('linecont'));
  });
  it('keeps raw strings as written', () => {
    const s = expr(String.raw`r"\n\d+\""`);
    expect(s.kind === 'Str' && s.value).toBe(String.raw`\n\d+\"`);
    expect(s.kind === 'Str' && s.prefix).toBe('r');
  });
  it('handles prefixes and triple quotes', () => {
    expect(e("u'x'")).toBe('"x"');
    expect(e('"""a\n"b"\nc"""')).toBe(JSON.stringify('a\n"b"\nc'));
    expect(e("'''it''s'''")).toBe(JSON.stringify("it''s"));
    const b = expr(String.raw`b'\x00\xffA\n'`);
    expect(b.kind).toBe('Bytes');
    if (b.kind === 'Bytes') expect([...b.value]).toEqual([0, 255, 65, 10]);
    const rb = expr(String.raw`Rb'\x'`);
    expect(rb.kind === 'Bytes' && [...rb.value]).toEqual([92, 120]);
    const c = expr("c'a'");
    expect(c.kind === 'Bytes' && c.prefix).toBe('c');
  });
  it('concatenates adjacent literals', () => {
    expect(e('"a" \'b\' """c"""')).toBe('"abc"');
    expect(e('("a"\n "b")')).toBe('"ab"');
    expect(e("b'a' b'b'")).toBe('b"ab"');
    expect(parseError("x = b'a' 'b'\n").text).toMatch(/mix bytes/);
  });
  it('rejects non-ASCII bytes and unterminated strings', () => {
    expect(parseError("x = b'é'\n").text).toMatch(/ASCII/);
    const u = parseError('x = 1\ny = "abc\n');
    expect([u.line, u.col, u.text]).toEqual([2, 5, 'Unclosed string literal']);
    const t = parseError('x = """abc\n\n\n');
    expect([t.line, t.col]).toEqual([1, 5]);
    expect(t.text).toMatch(/Unclosed string literal/);
  });
});

describe('f-strings', () => {
  it('splits literals and fields', () => {
    expect(e('f"a{x}b{y + 1}c"')).toBe('(f "a" {x} "b" {(+ y 1)} "c")');
  });
  it('parses conversions, format specs and nested fields in specs', () => {
    expect(e('f"{x!r}"')).toBe('(f {x !r})');
    expect(e('f"{price:.2f}|{n:>4d}|{i:,}"')).toBe('(f {price :".2f"} "|" {n :">4d"} "|" {i :","})');
    expect(e('f"{x!s:>{width}.{prec}}"')).toBe('(f {x !s :">" {width} "." {prec}})');
    expect(e('f"{count * price:8.3f}"')).toBe('(f {(* count price) :"8.3f"})');
  });
  it('handles self-documenting fields, braces and nested quotes', () => {
    expect(e('f"{x=}"')).toBe('(f {x doc="x="})');
    expect(e('f"{x = !r}"')).toBe('(f {x doc="x = " !r})');
    expect(e('f"{{a}} {{"')).toBe('(f "{a} {")');
    expect(e('f"{d[\'k\']}"')).toBe('(f {d["k"]})');
    expect(e('f"{a == b} {a != b} {a >= b}"')).toBe('(f {(cmp a == b)} " " {(cmp a != b)} " " {(cmp a >= b)})');
    expect(e('f"{x:{w}}"')).toBe('(f {x :{w}})');
    expect(e('f"{(lambda: 1)()}"')).toBe('(f {(call (lambda () 1))})');
    expect(e('f"{a, b}"')).toBe('(f {(tuple a b)})');
  });
  it('decodes escapes in the literal parts unless raw', () => {
    expect(e('f"a\\tb{x}\\n"')).toBe('(f "a\\tb" {x} "\\n")');
    expect(e('rf"\\d{x}"')).toBe('(f "\\\\d" {x})');
  });
  it('concatenates with plain strings', () => {
    expect(e('"a" f"{x}" "b"')).toBe('(f "a" {x} "b")');
  });
  it('reports f-string errors at the right column', () => {
    const cases: [string, number, RegExp][] = [
      ['x = f"{}"', 8, /empty expression/],
      ['x = f"{a!x}"', 10, /conversion/],
      ['x = f"ab}"', 9, /single '}'/],
      ['x = f"{a"', 7, /expecting '}'/],
      ['x = f"{a b}"', 10, /invalid syntax/],
      ['x = f"{a)}"', 9, /unmatched/],
    ];
    for (const [src, col, msg] of cases) {
      const err = parseError(src + '\n');
      expect([err.line, err.col], src).toEqual([1, col]);
      expect(err.text, src).toMatch(msg);
    }
  });
  it('gives fields exact positions, also in triple-quoted f-strings', () => {
    const x = expr('f"""ab\n  {value + 1:>{w}}"""');
    expect(x.kind).toBe('FString');
    if (x.kind !== 'FString') return;
    const field = x.parts[1];
    expect(field.loc).toMatchObject({ line: 2, col: 3 });
    expect(field.expr!.loc).toEqual({ line: 2, col: 4, endLine: 2, endCol: 13 });
    expect(field.formatSpec![1].loc).toMatchObject({ line: 2, col: 15, endCol: 18 });
    expect(field.formatSpec![1].expr!.loc).toMatchObject({ line: 2, col: 16, endCol: 17 });
  });
});

describe('displays and comprehensions', () => {
  it.each([
    ['()', '(tuple)'],
    ['(1,)', '(tuple 1)'],
    ['(1, 2, *a)', '(tuple 1 2 *a)'],
    ['1, 2', '(tuple 1 2)'],
    ['[]', '[]'],
    ['[1, 2,]', '[1 2]'],
    ['{}', '{dict }'],
    ['{1: 2, **m, "k": v}', '{dict 1:2 **:m "k":v}'],
    ['{1, 2}', '{set 1 2}'],
    ['{*a, b}', '{set *a b}'],
    ['[x * 2 for x in xs if x % 2 == 0]', '(listcomp (* x 2) for x in xs if (cmp (% x 2) == 0))'],
    ['[x for row in rows for x in row]', '(listcomp x for row in rows for x in row)'],
    ['{v: k for k, v in d.items()}', '(dictcomp v:k for (tuple k v) in (call d.items))'],
    ['{c for c in s if c.isalpha()}', '(setcomp c for c in s if (call c.isalpha))'],
    ['(i * i for i in range(n))', '(genexp (* i i) for i in (call range n))'],
    ['sum(i for i in r if i % 2)', '(call sum (genexp i for i in r if (% i 2)))'],
    ['[a if c else b for a, b in z]', '(listcomp (if c a b) for (tuple a b) in z)'],
    ['[lambda v, k=k: v * 2 + k for k in offsets]', '(listcomp (lambda (v, k=k) (+ (* v 2) k)) for k in offsets)'],
    ['[(yield)]', '[(yield _)]'],
    ['[y := f(x), y ** 2]', '[(:= y (call f x)) (** y 2)]'],
  ])('%s', (src, want) => {
    expect(e(src)).toBe(want);
  });
});

describe('lambdas, calls, subscripts, attributes', () => {
  it('parses lambda parameter lists', () => {
    expect(e('lambda: 0')).toBe('(lambda () 0)');
    expect(e('lambda a, b=2, *c, d, **e: a')).toBe('(lambda (a, b=2, *c, kw:d, **e) a)');
    expect(e('lambda *, k: k')).toBe('(lambda (kw:k) k)');
    expect(e('lambda p: (p[1], -p[0])')).toBe('(lambda (p) (tuple p[1] (- p[0])))');
  });
  it('parses call arguments', () => {
    expect(e('f()')).toBe('(call f)');
    expect(e('f(a, b=1, *c, **d)')).toBe('(call f a b=1 *c **d)');
    expect(e('f(*args, key=1)')).toBe('(call f key=1 *args)');
    expect(e('print(a, b, sep="-", end="!\\n")')).toBe('(call print a b sep="-" end="!\\n")');
    expect(e('f(a,)')).toBe('(call f a)');
    expect(e('f(x)(y)')).toBe('(call (call f x) y)');
    expect(parseError('f(a=1, b)\n').text).toMatch(/Non-keyword argument/);
    expect(parseError('f(a=1, a=2)\n').text).toMatch(/repeated/);
    expect(parseError('f(*a, b)\n').text).toMatch(/not supported yet/);
  });
  it('parses subscripts and slices', () => {
    expect(e('a[i]')).toBe('a[i]');
    expect(e('a[i, j]')).toBe('a[(tuple i j)]');
    expect(e('a[1:-1, ::2]')).toBe('a[(tuple (: 1 (- 1) _) (: _ _ 2))]');
    expect(e('a[:]')).toBe('a[(: _ _ _)]');
    expect(e('a[::-1]')).toBe('a[(: _ _ (- 1))]');
    expect(e('a[i:i + size]')).toBe('a[(: i (+ i size) _)]');
    expect(e('a[..., 0]')).toBe('a[(tuple ... 0)]');
    expect(e('a[i,]')).toBe('a[(tuple i)]');
    expect(e('g[0, :]')).toBe('g[(tuple 0 (: _ _ _))]');
  });
  it('parses fused specialization as a Subscript with Name indices', () => {
    expect(e('scale[int, float](n, <float>f)')).toBe('(call scale[(tuple int float)] n (cast float f))');
    expect(e('clamp_to[cython.longlong](i, 0, 100)')).toBe('(call clamp_to[cython.longlong] i 0 100)');
    expect(e('f[double](x)')).toBe('(call f[double] x)');
    // words that cannot be expressions become TypeExprAsValue
    expect(e('f[long long](x)')).toBe('(call f[<long long>] x)');
    expect(e('f[unsigned int, double*](x)')).toBe('(call f[(tuple <unsigned int> <double*>)] x)');
  });
  it('parses memoryview type expressions as subscripts', () => {
    expect(e('double[:, ::1]')).toBe('double[(tuple (: _ _ _) (: _ _ 1))]');
    expect(e('cython.view.array(shape=(n,), itemsize=sizeof(double), format="d")')).toBe(
      '(call cython.view.array shape=(tuple n) itemsize=(sizeof type double) format="d")',
    );
  });
  it('parses yield and await', () => {
    const s = stmt('def g():\n    x = yield a, b\n    yield from it\n    yield\n');
    expect(s.kind).toBe('FuncDef');
    if (s.kind !== 'FuncDef') return;
    expect(s.body.map((b) => (b.kind === 'Assign' ? sx(b.value) : b.kind === 'ExprStmt' ? sx(b.expr) : b.kind))).toEqual([
      '(yield (tuple a b))',
      '(yield-from it)',
      '(yield _)',
    ]);
  });
});

describe('Cython expressions', () => {
  it('parses casts in unary position', () => {
    expect(e('<double>x')).toBe('(cast double x)');
    expect(e('<double>a / <double>b')).toBe('(/ (cast double a) (cast double b))');
    expect(e('<int>v % 10')).toBe('(% (cast int v) 10)');
    expect(e('<long long>a * b')).toBe('(* (cast long long a) b)');
    expect(e('<Vec2?>other')).toBe('(cast? Vec2 other)');
    expect(e('<double*>malloc(n * sizeof(double))')).toBe('(cast double* (call malloc (* n (sizeof type double))))');
    expect(e('<unsigned char>(v + 0.5)')).toBe('(cast unsigned char (+ v 0.5))');
    expect(e('<unsigned long long>(<long long>x)')).toBe('(cast unsigned long long (cast long long x))');
    expect(e('(<Vec2>other).x')).toBe('(cast Vec2 other).x');
    expect(e('<int>((w.u >> 52) & 0x7FF) - 1023')).toBe('(- (cast int (& (>> w.u 52) 0x7FF)) 1023)');
    expect(e('<object>p')).toBe('(cast object p)');
    expect(e('<double (*)(double)>f')).toBe('(cast double (*)(double) f)');
    expect(e('<double[:, ::1]>obj')).toBe('(cast double[:, ::1] obj)');
    expect(e('<np.float64_t*>p')).toBe('(cast np.float64_t* p)');
    expect(e('-<int>x')).toBe('(- (cast int x))');
  });
  it('keeps < as a comparison after an operand', () => {
    expect(e('a < b')).toBe('(cmp a < b)');
    expect(e('a < <int>b')).toBe('(cmp a < (cast int b))');
  });
  it('parses address-of and sizeof', () => {
    expect(e('&x')).toBe('(& x)');
    expect(e('&arr[i + 1] if i + 1 < n else NULL')).toBe('(if (cmp (+ i 1) < n) (& arr[(+ i 1)]) NULL)');
    expect(e('f(&q, &r)')).toBe('(call f (& q) (& r))');
    expect(e('a & b')).toBe('(& a b)');
    expect(e('sizeof(long long)')).toBe('(sizeof type long long)');
    expect(e('sizeof(int*)')).toBe('(sizeof type int*)');
    expect(e('sizeof(Word32)')).toBe('(sizeof Word32)');
    expect(e('sizeof(x[0])')).toBe('(sizeof x[0])');
    expect(e('sizeof(Node*)')).toBe('(sizeof type Node*)');
    expect(e('sizeof(unsigned char)')).toBe('(sizeof type unsigned char)');
    expect(e('sizeof(np.float64_t)')).toBe('(sizeof np.float64_t)');
  });
});
