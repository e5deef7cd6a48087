// i64 / u64 helpers: random differential tests against BigInt.asIntN/asUintN.
import { describe, it, expect } from 'vitest';
import { i64, u64 } from '../../src/runtime/index.js';

const MAXS = BigInt(Number.MAX_SAFE_INTEGER);
const norm = (b: bigint) => (b >= -MAXS && b <= MAXS ? Number(b) : b);

// deterministic PRNG
let seed = 12345;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
}
function randBig(signed: boolean): bigint {
  const pick = rnd();
  let v: bigint;
  if (pick < 0.25) v = BigInt(Math.floor(rnd() * 200) - 100);
  else if (pick < 0.5) v = BigInt(Math.floor((rnd() - 0.5) * 2 ** 54));
  else if (pick < 0.6) v = [0n, 1n, -1n, (1n << 63n) - 1n, -(1n << 63n), (1n << 53n), (1n << 53n) - 1n, -(1n << 53n), (1n << 64n) - 1n, 1n << 32n][Math.floor(rnd() * 10)];
  else {
    v = 0n;
    for (let i = 0; i < 4; i++) v = (v << 16n) | BigInt(Math.floor(rnd() * 65536));
  }
  return signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
}

function check(kind: 'i64' | 'u64') {
  const signed = kind === 'i64';
  const H = signed ? i64 : u64;
  const W = (b: bigint) => norm(signed ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b));
  const bad: string[] = [];
  for (let n = 0; n < 20000; n++) {
    const A = randBig(signed), Bb = randBig(signed);
    const a = norm(A), b = norm(Bb);
    const ops: [string, any, any][] = [
      ['add', H.add(a, b), W(A + Bb)],
      ['sub', H.sub(a, b), W(A - Bb)],
      ['mul', H.mul(a, b), W(A * Bb)],
      ['and', H.and(a, b), W(A & Bb)],
      ['or', H.or(a, b), W(A | Bb)],
      ['xor', H.xor(a, b), W(A ^ Bb)],
      ['neg', H.neg(a), W(-A)],
      ['not', H.not(a), W(~A)],
      ['shl', H.shl(a, Number(Bb & 127n)), W(A << (Bb & 63n))],
      ['shr', H.shr(a, Number(Bb & 127n)), W(A >> (Bb & 63n))],
      ['lt', H.lt(a, b), A < Bb],
      ['eq', H.eq(a, b), A === Bb],
      ['cmp', H.cmp(a, b), A < Bb ? -1 : A > Bb ? 1 : 0],
      ['toF64', H.toF64(a), Number(A)],
    ];
    if (Bb !== 0n) {
      ops.push(['div', H.div(a, b), W(A / Bb)], ['rem', H.rem(a, b), W(A % Bb)]);
      let q = A / Bb;
      if (A % Bb !== 0n && (A < 0n) !== (Bb < 0n)) q -= 1n;
      ops.push(['floordiv', H.floordiv(a, b), W(q)]);
    }
    for (const [name, got, want] of ops) {
      if (got !== want && !(typeof got === 'number' && typeof want === 'number' && Object.is(got, want))) {
        if (bad.length < 20) bad.push(`${kind}.${name}(${A}, ${Bb}) = ${got}, want ${want}`);
      }
      if (typeof got === 'bigint' && got >= -MAXS && got <= MAXS) bad.push(`${kind}.${name} not normalized`);
      if (typeof got === 'number' && Object.is(got, -0)) bad.push(`${kind}.${name} gave -0`);
    }
  }
  expect(bad).toEqual([]);
}

describe('64-bit helpers', () => {
  it('i64 matches BigInt.asIntN', () => check('i64'));
  it('u64 matches BigInt.asUintN', () => check('u64'));
  it('wrap normalizes', () => {
    expect(i64.wrap(1n << 63n)).toBe(-(1n << 63n));
    expect(i64.wrap(5n)).toBe(5);
    expect(u64.wrap(-1)).toBe((1n << 64n) - 1n);
    expect(u64.wrap(-1n)).toBe((1n << 64n) - 1n);
    expect(i64.wrap((1n << 64n) - 1n)).toBe(-1);
    expect(i64.wrap(2 ** 60)).toBe(1n << 60n);
  });
  it('fromF64 saturates, truncates and maps NaN to 0', () => {
    expect(i64.fromF64(NaN)).toBe(0);
    expect(i64.fromF64(1e30)).toBe((1n << 63n) - 1n);
    expect(i64.fromF64(-1e30)).toBe(-(1n << 63n));
    expect(i64.fromF64(-2.9)).toBe(-2);
    expect(i64.fromF64(2 ** 60 + 0.0)).toBe(1n << 60n);
    expect(u64.fromF64(-5)).toBe(0);
    expect(u64.fromF64(1e30)).toBe((1n << 64n) - 1n);
    expect(u64.fromF64(2 ** 63)).toBe(1n << 63n);
    expect(i64.fromF64(Infinity)).toBe((1n << 63n) - 1n);
  });
  it('toF64 / toF32 round once', () => {
    expect(i64.toF64((1n << 62n) + 1n)).toBe(2 ** 62);
    expect(i64.toF32((1n << 60n) + (1n << 36n))).toBe(2 ** 60);
    expect(i64.toF32((1n << 60n) + (1n << 36n) + 1n)).toBe(2 ** 60 + 2 ** 37);
    expect(u64.toF32(16777217)).toBe(16777216);
  });
  it('pow wraps', () => {
    expect(i64.pow(3, 5)).toBe(243);
    expect(i64.pow(10, 19)).toBe(norm(BigInt.asIntN(64, 10n ** 19n)));
    expect(u64.pow(2, 64)).toBe(0);
  });
  it('fast paths stay numbers', () => {
    expect(i64.add(2 ** 52, 2 ** 52 - 1)).toBe(2 ** 53 - 1);
    expect(typeof i64.add(2 ** 52, 2 ** 52)).toBe('bigint');
    expect(i64.mul(-3, 0)).toBe(0);
    expect(Object.is(i64.mul(-3, 0), -0)).toBe(false);
  });
});
