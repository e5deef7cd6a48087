// Checksum verification. Strict systems must reproduce the README's value bit for bit;
// systems that may contract a*b+c into FMA (gcc -march=native, LLVM for the host CPU) may
// also give the README's FMA value; fast-math systems (reassociation) only need to be
// close.
export const FASTMATH_RTOL = 1e-4;

/**
 * got: the checksum a run reported; expected: { exact, fma: [] } or null; ref: the
 * reference when the README has none (gcc -O3's checksum), or null.
 * Returns { ok, match: 'exact' | 'fma' | 'approx' | 'unverified' | 'wrong', want }.
 */
export function checkChecksum(got, expected, ref, { fma = false, fastMath = false } = {}) {
  const want = expected ? expected.exact : ref ?? null;
  if (want === null || want === undefined) return { ok: true, match: 'unverified', want: null };
  if (typeof got !== 'number' || Number.isNaN(got)) return { ok: false, match: 'wrong', want };
  if (got === want) return { ok: true, match: 'exact', want };
  const variants = expected?.fma ?? [];
  if ((fma || fastMath) && variants.includes(got)) return { ok: true, match: 'fma', want };
  if (fastMath) {
    const close = (w) => Math.abs(got - w) <= FASTMATH_RTOL * Math.abs(w);
    if (close(want) || variants.some(close)) return { ok: true, match: 'approx', want };
  }
  return { ok: false, match: 'wrong', want };
}
