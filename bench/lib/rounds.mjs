// Merging the rounds of one bench cell (bench/run.mjs --rounds).

/**
 * One cell's result from its rounds: the first failure if any round failed, else the best
 * time over all rounds (median and the list over all repetitions; first_ms of round 1).
 * Every round must give the same checksum.
 */
export function mergeRounds(results) {
  const bad = results.find((r) => !r.ok);
  if (bad) return bad;
  const [first, ...rest] = results;
  const differs = rest.find((r) => !Object.is(r.checksum, first.checksum));
  if (differs) return { ...first, ok: false, phase: 'run', error: `checksum differs between rounds: ${first.checksum} vs ${differs.checksum}` };
  const times = results.flatMap((r) => r.times_ms ?? []);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    ...first,
    best_ms: Math.min(...results.map((r) => r.best_ms)),
    median_ms: sorted.length ? sorted[sorted.length >> 1] : first.median_ms,
    times_ms: times,
    ...(first.importMs != null ? { importMs: Math.min(...results.map((r) => r.importMs ?? Infinity)) } : {}),
  };
}
