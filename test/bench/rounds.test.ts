// bench/run.mjs --rounds: one cell's results from several fresh processes.
import { describe, expect, it } from 'vitest';
import { mergeRounds } from '../../bench/lib/rounds.mjs';

const ok = (best: number, times: number[], checksum = 1.5) => ({ ok: true, best_ms: best, median_ms: times[times.length >> 1], first_ms: 99, times_ms: times, checksum });

describe('mergeRounds', () => {
  it('keeps the best time of all rounds and the median of all repetitions', () => {
    const m = mergeRounds([ok(12, [12, 13, 15]), ok(10, [10, 11, 30])]);
    expect(m.ok).toBe(true);
    expect(m.best_ms).toBe(10);
    expect(m.times_ms).toEqual([12, 13, 15, 10, 11, 30]);
    expect(m.median_ms).toBe(13);
    expect(m.checksum).toBe(1.5);
  });

  it('reports the first failed round', () => {
    const bad = { ok: false, phase: 'run', error: 'boom' };
    expect(mergeRounds([ok(10, [10]), bad])).toBe(bad);
  });

  it('fails when the rounds disagree on the checksum', () => {
    const m = mergeRounds([ok(10, [10], 1.5), ok(9, [9], 1.25)]);
    expect(m.ok).toBe(false);
    expect(m.error).toMatch(/checksum differs between rounds/);
  });
});
