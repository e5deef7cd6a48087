// libm functions written in wasm, for functions that were JS imports (a call out of
// wasm per element in a hot loop: `exp` made a sigmoid kernel 3-4× slower than native).
//
// exp: glibc's (≥ 2.28) table-driven algorithm with glibc's constants, so that wasm code
// gives what C's exp gives on the native back end and in real Cython. (Decision: it was
// fdlibm step for step, bit-identical to V8's Math.exp, at ~12 ns per element against
// glibc's ~4.6 ns, which kept the sigmoid kernels 2-2.8× native; it is now 5.3 ns.) So
// wasm exp is no longer Math.exp: the JS tier still calls Math.exp, and the two differ
// in the last bit for ~6.6% of inputs, as native code and Math.exp always did.
//
//   k = round(x · N/ln2) (N = 128, by adding 1.5·2^52), r = x − k·ln2/N (ln2/N in two
//   parts), exp(x) = 2^(k/N) · exp(r) with 2^(j/N) (j = k mod N) from a table and
//   exp(r) − 1 ≈ r + C2 r² + C3 r³ + C4 r⁴ + C5 r⁵; result = scale + scale·tmp.
//
// The table is computed here (BigInt fixed point, correctly rounded: `expTable`): per j,
// the tail T_j = 2^(j/N)/H_j − 1 (a double) and the bits of H_j (2^(j/N) rounded)
// minus j << 45, so that adding k << 45 puts k div N into the exponent field; then the
// hot path's constants. It lives in linear memory, in the module's state block after the
// C globals (codegen.ts copies it there from a passive data segment at instantiation;
// docs/wasm-abi.md).
//
// glibc on x86-64 CPUs with FMA (this project's reference machine) runs its FMA build,
// whose final `scale + scale * tmp` is one fused multiply-add. Plain wasm rounds the
// product first, which differs from glibc in the last bit for ~0.07% of inputs. That
// step is therefore computed exactly: s = scale + p (p = scale·tmp) is the result unless
// scale + p lies exactly halfway between two doubles (its exact error t is half an ulp:
// a few inputs in a thousand), where the sign of p's own rounding error decides: that case calls
// `<name>.fma`, an exact fma emulation (Dekker's product, round-to-odd sum). The hot path
// is inline code at each call site: one range test on the exponent bits, straight-line
// code, and that rarely taken test. |x| ≥ 512, |x| < 2^-54, ±inf and NaN call
// `<name>.special`, which handles overflow, underflow and subnormal results as glibc
// does, with the multiply-adds fused where its FMA build fuses them.
//
// Measured (test/wasm/libm.test.ts, docs/wasm-abi.md): glibc 2.36's bits on 99.99996% of
// 10M inputs over every range (the rest: glibc also fuses the polynomial; 1 ulp apart),
// error ≤ 0.506 ulp.
import type binaryenNS from 'binaryen';

type B = typeof binaryenNS;
type X = number;

/** log2 of the table size N. */
export const EXP_TABLE_BITS = 7;
const N = 1 << EXP_TABLE_BITS;
/** Bytes of the exp table in memory: N entries of (f64 tail, i64 scale bits), then 8 f64 constants. */
export const EXP_TABLE_BYTES = 16 * N + 64;
/** The constants the hot path loads from memory, in this order after the table. */
const MEM_CONSTANTS = ['invLn2N', 'shift', 'negLn2HiN', 'negLn2LoN', 'c2', 'c3', 'c4', 'c5'] as const;

// ---------------------------------------------------------------- the table

/** Fraction bits of the fixed-point computation of 2^(j/N). */
const FRAC = 256n;

/** floor(sqrt(n)) for n ≥ 0 (Newton's iteration from above). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << (BigInt(n.toString(2).length) / 2n + 1n);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * 2^(j/N) · 2^FRAC for j = 0..N: 2^(1/N) by seven floor square roots of 2, then
 * its powers (floored products). Each value is within a few hundred units of 2^-FRAC of
 * the truth (2^-247 relative), far below what could change a correctly rounded double
 * (test/wasm/libm.test.ts recomputes the table another way and checks the margins).
 */
function pow2Fixed(): bigint[] {
  let a = 2n << FRAC;
  for (let i = 0; i < EXP_TABLE_BITS; i++) a = isqrt(a << FRAC);
  const out = [1n << FRAC];
  for (let j = 1; j <= N; j++) out.push((out[j - 1]! * a) >> FRAC);
  return out;
}

/** The double nearest v · 2^-frac (ties to even), for results in the normal range. */
function nearestDouble(v: bigint, frac: bigint): number {
  if (v === 0n) return 0;
  const neg = v < 0n;
  const mag = neg ? -v : v;
  const shift = BigInt(mag.toString(2).length) - 53n;
  if (shift <= 0n) return (neg ? -1 : 1) * Number(mag) * 2 ** -Number(frac); // exact
  let q = mag >> shift;
  const rem = mag - (q << shift);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  // q ≤ 2^53: exact as a number; the scaling by a power of two is exact in the normal range
  const r = Number(q) * 2 ** Number(shift - frac);
  return neg ? -r : r;
}

const bitsOf = (d: number): bigint => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, d);
  return v.getBigUint64(0);
};
const fromBits = (u: bigint): number => {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, BigInt.asUintN(64, u));
  return v.getFloat64(0);
};

/** Per j = 0..N-1: H_j = 2^(j/N) rounded to a double, T_j = 2^(j/N)/H_j − 1 rounded. */
export function expTableValues(): { hi: number[]; tail: number[] } {
  const p = pow2Fixed();
  const hi: number[] = [];
  const tail: number[] = [];
  for (let j = 0; j < N; j++) {
    const h = nearestDouble(p[j]!, FRAC);
    const hf = BigInt(h * 2 ** 52) << (FRAC - 52n); // h · 2^FRAC exactly (1 ≤ h < 2)
    hi.push(h);
    tail.push(nearestDouble(((p[j]! - hf) << FRAC) / hf, FRAC));
  }
  return { hi, tail };
}

let tableBytes: Uint8Array | null = null;
/**
 * The table as it lies in memory (little-endian): per j, bits(T_j), then bits(H_j) − (j << 45);
 * then the constants of the hot path (MEM_CONSTANTS).
 */
export function expTable(): Uint8Array {
  if (tableBytes) return tableBytes;
  const { hi, tail } = expTableValues();
  const out = new Uint8Array(EXP_TABLE_BYTES);
  const v = new DataView(out.buffer);
  for (let j = 0; j < N; j++) {
    v.setFloat64(16 * j, tail[j]!, true);
    v.setBigUint64(16 * j + 8, bitsOf(hi[j]!) - (BigInt(j) << 45n), true);
  }
  MEM_CONSTANTS.forEach((k, i) => v.setFloat64(16 * N + 8 * i, C[k], true));
  return (tableBytes = out);
}

// ---------------------------------------------------------------- constants (glibc's)

const C = {
  invLn2N: fromBits(0x40671547652b82fen), // N / ln2 = 0x1.71547652b82fep7
  negLn2HiN: fromBits(0xbf762e42fefa0000n), // -ln2/N, high part (trailing zeros: k · it is exact)
  negLn2LoN: fromBits(0xbd0cf79abc9e3b3an), // -ln2/N − negLn2HiN
  shift: fromBits(0x4338000000000000n), // 1.5 · 2^52: kd + shift rounds kd to an integer, k in the low bits
  c2: fromBits(0x3fdffffffffffdbdn), // exp(r) − 1 − r ≈ r² (c2 + c3 r) + r⁴ (c4 + c5 r), |r| ≤ ln2/256
  c3: fromBits(0x3fc555555555543cn),
  c4: fromBits(0x3fa55555cf172b91n),
  c5: fromBits(0x3f81111167a4d017n),
  split: 134217729, // 2^27 + 1: Veltkamp's splitting constant
};

/** Where the table is: `base()` an i32 address expression, plus the constant `offset` (bytes). */
export interface ExpTableRef {
  base: () => X;
  offset: number;
}

/** A call site of exp: fresh locals of the calling function, and a label unique in it. */
export interface ExpSite {
  tmp: (type: number) => number;
  label: string;
}

/**
 * Adds `name.special` (the rare arguments) and `name.fma` (an exact fused multiply-add
 * for the arguments it is used for), and returns the builder of C's exp (as glibc
 * computes it) at a call site: the hot path is inline code, so that it is inlined
 * whatever binaryen's heuristics decide (a call per element costs ~2 ns), and it calls
 * the two functions only for rare arguments.
 */
export function addExp(b: B, m: binaryenNS.Module, name: string, table: ExpTableRef): (x: X, site: ExpSite) => X {
  const f64 = b.f64;
  const i64 = b.i64;
  const i32 = b.i32;
  const c = (v: number) => m.f64.const(v);
  const lc = (v: bigint) => m.i64.const(v as unknown as number);
  const bits = (v: X) => m.i64.reinterpret(v);
  const dbl = (v: X) => m.f64.reinterpret(v);
  const FMA = `${name}.fma`;
  const SPECIAL = `${name}.special`;
  const fma = (a: X, bb: X, cc: X) => m.call(FMA, [a, bb, cc], f64);

  // ---- name.fma(a, b, c) = a·b + c rounded once (no overflow or underflow in between):
  // p + e = a·b exactly (Dekker), s + t = c + p exactly (Knuth's two-sum), then
  // s + RO(t + e), where RO rounds to odd (the two-sum error of t + e moves an even
  // result one ulp its way): round-to-odd keeps the sticky information, so the last
  // rounding is the single rounding of a·b + c.
  {
    const [A, Bp, Cc, P, E, AH, AL, BH, BL, S, T, U, V, Z] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const g = (i: number) => m.local.get(i, f64);
    const set = (i: number, v: X) => m.local.set(i, v);
    const splitInto = (src: number, hi: number, lo: number) => [
      set(Z, m.f64.mul(g(src), c(C.split))),
      set(hi, m.f64.sub(g(Z), m.f64.sub(g(Z), g(src)))),
      set(lo, m.f64.sub(g(src), g(hi))),
    ];
    const body = [
      set(P, m.f64.mul(g(A), g(Bp))),
      ...splitInto(A, AH, AL),
      ...splitInto(Bp, BH, BL),
      set(
        E,
        m.f64.add(
          m.f64.add(m.f64.add(m.f64.sub(m.f64.mul(g(AH), g(BH)), g(P)), m.f64.mul(g(AH), g(BL))), m.f64.mul(g(AL), g(BH))),
          m.f64.mul(g(AL), g(BL)),
        ),
      ),
      // s + t = c + p
      set(S, m.f64.add(g(Cc), g(P))),
      set(Z, m.f64.sub(g(S), g(Cc))),
      set(T, m.f64.add(m.f64.sub(g(Cc), m.f64.sub(g(S), g(Z))), m.f64.sub(g(P), g(Z)))),
      // u + v = t + e
      set(U, m.f64.add(g(T), g(E))),
      set(Z, m.f64.sub(g(U), g(T))),
      set(V, m.f64.add(m.f64.sub(g(T), m.f64.sub(g(U), g(Z))), m.f64.sub(g(E), g(Z)))),
      // inexact and even: the neighbour toward v (u ≠ 0 here, as t + e ≠ u)
      m.if(
        m.i32.and(m.f64.ne(g(V), c(0)), m.i32.eqz(m.i32.wrap(m.i64.and(bits(g(U)), lc(1n))))),
        set(
          U,
          dbl(
            m.i64.add(
              bits(g(U)),
              m.select(m.i64.lt_s(m.i64.xor(bits(g(U)), bits(g(V))), lc(0n)), lc(-1n), lc(1n)),
            ),
          ),
        ),
      ),
      m.f64.add(g(S), g(U)),
    ];
    m.addFunction(FMA, b.createType([f64, f64, f64]), f64, Array<number>(11).fill(f64), m.block(null, body, f64));
  }

  // ---- the reduction and the polynomial, shared by the hot path and name.special
  interface Locals {
    x: number;
    ki: number;
    kd: number;
    r: number;
    r2: number;
    tmp: number;
    addr: number;
  }
  const g = (i: number, t = f64) => m.local.get(i, t);
  const set = (i: number, v: X) => m.local.set(i, v);
  /** kd, ki, r, tmp and the table entry's address; `fused`: every multiply-add as one fma (glibc's FMA build) */
  const reduce = (L: Locals, fused: boolean): X[] => {
    const madd = (a: X, bb: X, cc: X) => (fused ? fma(a, bb, cc) : m.f64.add(m.f64.mul(a, bb), cc));
    // the hot path loads the constants from memory (after the table): V8 builds an f64
    // constant from an immediate in two instructions (movabs, vmovq), which measured
    // 0.5 ns per exp slower than one load each
    const K = (name: (typeof MEM_CONSTANTS)[number]) => (fused ? c(C[name]) : m.f64.load(table.offset + 16 * N + 8 * MEM_CONSTANTS.indexOf(name), 8, table.base()));
    const k = { invLn2N: K('invLn2N'), shift: K('shift'), shift2: K('shift'), negLn2HiN: K('negLn2HiN'), negLn2LoN: K('negLn2LoN'), c2: K('c2'), c3: K('c3'), c4: K('c4'), c5: K('c5') };
    return [
      set(L.kd, madd(g(L.x), k.invLn2N, k.shift)),
      set(L.ki, bits(g(L.kd))),
      set(L.kd, m.f64.sub(g(L.kd), k.shift2)),
      // r = x + kd·(-ln2hi/N) + kd·(-ln2lo/N), left to right
      set(L.r, fused ? fma(g(L.kd), k.negLn2LoN, fma(g(L.kd), k.negLn2HiN, g(L.x))) : m.f64.add(m.f64.add(g(L.x), m.f64.mul(g(L.kd), k.negLn2HiN)), m.f64.mul(g(L.kd), k.negLn2LoN))),
      set(L.addr, m.i32.add(table.base(), m.i32.shl(m.i32.and(m.i32.wrap(g(L.ki, i64)), m.i32.const(N - 1)), m.i32.const(4)))),
      set(L.r2, m.f64.mul(g(L.r), g(L.r))),
      // tmp = tail + r + r²(c2 + r c3) + r⁴(c4 + r c5), left to right
      set(
        L.tmp,
        madd(
          m.f64.mul(g(L.r2), g(L.r2)),
          madd(g(L.r), k.c5, k.c4),
          madd(g(L.r2), madd(g(L.r), k.c3, k.c2), m.f64.add(m.f64.load(table.offset, 8, g(L.addr, i32)), g(L.r))),
        ),
      ),
    ];
  };
  /** The scale bits: the entry's H_j bits − (j << 45) + (ki << 45). */
  const sbits = (L: Locals) => m.i64.add(m.i64.load(table.offset + 8, 8, g(L.addr, i32)), m.i64.shl(g(L.ki, i64), lc(45n)));

  // ---- the hot path, inline at each call site: |x| in [2^-54, 512), straight-line; the rest in name.special
  const inline = (x: X, site: ExpSite): X => {
    const L: Locals = { x: site.tmp(f64), ki: site.tmp(i64), kd: site.tmp(f64), r: site.tmp(f64), r2: site.tmp(f64), tmp: site.tmp(f64), addr: site.tmp(i32) };
    const [SCALE, P, S, T, SB] = [site.tmp(f64), site.tmp(f64), site.tmp(f64), site.tmp(f64), site.tmp(i64)];
    const exit = (v: X) => m.br(site.label, undefined, v);
    return m.block(
      site.label,
      [
        set(L.x, x),
        // top 12 bits of |x| − those of 2^-54 ≥ those of 512 − those of 2^-54 (unsigned)
        m.if(
          m.i32.ge_u(m.i32.sub(m.i32.and(m.i32.wrap(m.i64.shr_u(bits(g(L.x)), lc(52n))), m.i32.const(0x7ff)), m.i32.const(0x3c9)), m.i32.const(0x408 - 0x3c9)),
          exit(m.call(SPECIAL, [g(L.x)], f64)),
        ),
        ...reduce(L, false),
        set(SB, sbits(L)),
        set(SCALE, dbl(g(SB, i64))),
        // scale + scale·tmp, rounded once: s = fl(scale + p), t its exact error
        set(P, m.f64.mul(g(SCALE), g(L.tmp))),
        set(S, m.f64.add(g(SCALE), g(P))),
        set(T, m.f64.add(m.f64.sub(g(SCALE), g(S)), g(P))),
        // scale + p exactly halfway between two doubles, where fma rounds by the sign of the
        // product's rounding error: |t| = ulp(scale)/2 (s has scale's exponent: 2^(j/N)·(1 +
        // tmp) stays in [1, 2) for j ≥ 1, and for j = 0 scale is a power of two, p exact and
        // s right in any case), i.e. the bits of |t| are (exponent bits of scale − 53) << 52;
        // compared shifted left by one, which drops t's sign
        m.if(
          m.i64.eq(m.i64.shl(bits(g(T)), lc(1n)), m.i64.shl(m.i64.sub(m.i64.shr_u(g(SB, i64), lc(52n)), lc(53n)), lc(53n))),
          exit(fma(g(SCALE), g(L.tmp), g(SCALE))),
        ),
        g(S),
      ],
      f64,
    );
  };

  // ---- name.special: |x| < 2^-54, |x| ≥ 512, ±inf, NaN
  {
    const L: Locals = { x: 0, ki: 1, kd: 2, r: 3, r2: 4, tmp: 5, addr: 6 };
    const [TOP, SB, SCALE, Y, HI, LO, P] = [7, 8, 9, 10, 11, 12, 13];
    const ret = (v: X) => m.return(v);
    const body = [
      set(TOP, m.i32.and(m.i32.wrap(m.i64.shr_u(bits(g(L.x)), lc(52n))), m.i32.const(0x7ff))),
      // |x| < 2^-54 (also ±0 and subnormals): 1 + x
      m.if(m.i32.lt_u(g(TOP, i32), m.i32.const(0x3c9)), ret(m.f64.add(c(1), g(L.x)))),
      m.if(
        m.i32.ge_u(g(TOP, i32), m.i32.const(0x409)),
        m.block(null, [
          // |x| ≥ 1024: exp(-inf) = 0; NaN, +inf: 1 + x; else underflow to +0 or overflow to inf
          m.if(m.i64.eq(bits(g(L.x)), lc(0xfff0000000000000n)), ret(c(0))),
          m.if(m.i32.ge_u(g(TOP, i32), m.i32.const(0x7ff)), ret(m.f64.add(c(1), g(L.x)))),
          ret(m.select(m.f64.lt(g(L.x), c(0)), c(0), c(Infinity))),
        ]),
      ),
      // 512 ≤ |x| < 1024: the scale's exponent may leave the normal range
      ...reduce(L, true),
      set(SB, sbits(L)),
      m.if(
        m.i64.eqz(m.i64.and(g(L.ki, i64), lc(0x80000000n))),
        // k > 0: scale / 2^1009, then times 2^1009 (overflows to inf)
        m.block(null, [
          set(SCALE, dbl(m.i64.sub(g(SB, i64), lc(1009n << 52n)))),
          ret(m.f64.mul(fma(g(SCALE), g(L.tmp), g(SCALE)), c(2 ** 1009))),
        ]),
      ),
      // k < 0: scale · 2^1022, the result then times 2^-1022; below 1 (a subnormal result)
      // y is first rounded to the precision it will have, so the result is rounded once.
      // Here scale·tmp has two uses, and glibc's FMA build does not fuse them: neither do we.
      set(SCALE, dbl(m.i64.add(g(SB, i64), lc(1022n << 52n)))),
      set(P, m.f64.mul(g(SCALE), g(L.tmp))),
      set(Y, m.f64.add(g(SCALE), g(P))),
      m.if(
        m.f64.lt(g(Y), c(1)),
        m.block(null, [
          set(LO, m.f64.add(m.f64.sub(g(SCALE), g(Y)), g(P))),
          set(HI, m.f64.add(c(1), g(Y))),
          set(LO, m.f64.add(m.f64.add(m.f64.sub(c(1), g(HI)), g(Y)), g(LO))),
          set(Y, m.f64.sub(m.f64.add(g(HI), g(LO)), c(1))),
          // +0, never -0
          m.if(m.f64.eq(g(Y), c(0)), set(Y, c(0))),
        ]),
      ),
      m.f64.mul(g(Y), c(2 ** -1022)),
    ];
    m.addFunction(SPECIAL, b.createType([f64]), f64, [i64, f64, f64, f64, f64, i32, i32, i64, f64, f64, f64, f64, f64], m.block(null, body, f64));
  }
  return inline;
}
