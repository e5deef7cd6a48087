// The table printed by run.mjs and the SPEC §5 target checks.

/** 3 significant digits, at least 2 decimals below 1 ms. */
export function fmtMs(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '?';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

const SHORT = {
  'gcc-O3': 'gcc -O3',
  'gcc-native': '-march=native',
  'gcc-fastmath': '-ffast-math',
  js: 'JS (V8)',
  'cypyx-native': 'cypyx native',
  'cypyx-fastmath': 'cypyx fastmath',
  'cypyx-wasm': 'cypyx wasm',
};

const MARK = { fma: 'ᶠ', approx: '≈' };

/** Plain-text table: rows = kernels, columns = best ms (ratio to gcc -O3). */
export function renderTable(results, systems, { reps, rounds = 1 }) {
  const notes = new Map(); // text -> number
  const noteNo = (text) => {
    if (!notes.has(text)) notes.set(text, notes.size + 1);
    return notes.get(text);
  };
  const cellText = (sys, c) => {
    if (!c) return '';
    if (c.status === 'ok') {
      const mark = MARK[c.checksumMatch] ?? '';
      const ratio = sys.key === 'gcc-O3' ? '' : c.ratio !== null ? ` (${c.ratio.toFixed(2)})` : ' (?)';
      const warn = c.exitProblem ? `![${noteNo(`${sys.key}: process ${c.exitProblem}`)}]` : '';
      return `${fmtMs(c.best_ms)}${ratio}${mark}${warn}`;
    }
    const label = c.status === 'n/a' ? 'n/a' : c.status;
    return `${label}[${noteNo(`${sys.key}: ${c.status}: ${c.note ?? ''}`)}]`;
  };
  const header = ['kernel', ...systems.map((s) => SHORT[s.key] ?? s.key)];
  const body = results.map((r) => [r.id, ...systems.map((s) => cellText(s, r.cells[s.key]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]].length)));
  const line = (cols) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [];
  out.push(`best of ${reps} after a warm-up${rounds > 1 ? ` in each of ${rounds} rounds (fresh processes, columns taking turns)` : ''}, ms (ratio to gcc -O3; lower is better)`);
  out.push(line(header));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) out.push(line(b));
  out.push('');
  out.push('-march=native = gcc -O3 -march=native; -ffast-math = gcc -O3 -march=native -ffast-math;');
  out.push('cypyx fastmath = the .pyx with "# cypyx: fastmath=True" prepended (native back end).');
  out.push(`${MARK.fma} = checksum is the FMA-contracted value; ${MARK.approx} = fast-math checksum within tolerance.`);
  if (notes.size) {
    out.push('');
    for (const [text, n] of notes) out.push(`[${n}] ${text}`);
  }
  return out.join('\n');
}

/** Rows bound by memory bandwidth (kernels README); SPEC's wasm target is for compute-bound ones. */
const MEMORY_BOUND = new Set(['dot', 'clip_combine_i64', 'clip_combine_f64', 'jacobi']);

/** SPEC §5 targets that a run misses: [{ kernel, target, ratio, text }]. */
export function targetMisses(results) {
  const misses = [];
  const ok = (c) => c && c.status === 'ok';
  const r2 = (x) => x.toFixed(2);
  for (const r of results) {
    const c = r.cells;
    const n = c['cypyx-native'];
    const add = (target, ratio, text) => misses.push({ kernel: r.id, target, ratio, text });
    if (!ok(n)) {
      if (n) add('native-runs', null, `native ${n.status}: ${n.note ?? ''}`);
    } else if (r.id === 'boundary') {
      // the call-boundary target is relative to N-API, not to gcc or inlined JS
      const ns = (n.best_ms * 1e6) / 1e7;
      if (ns > 1.2 * 38) add('boundary', null, `native ${ns.toFixed(1)} ns/call; SPEC compares it with an empty N-API function: run bench/boundary.mjs`);
    } else {
      if (ok(c['gcc-O3'])) {
        const q = n.best_ms / c['gcc-O3'].best_ms;
        if (q > 1.25) add('native<=1.25*gcc-O3', q, `native ${r2(q)}× gcc -O3 (target ≤ 1.25×)`);
      }
      if (ok(c.js)) {
        const q = n.best_ms / c.js.best_ms;
        if (q > 1.05) add('native<=1.05*js', q, `native ${r2(q)}× JS (target ≤ 1.05×)`);
        else if (ok(c['gcc-O3']) && c['gcc-O3'].best_ms < c.js.best_ms * 0.95 && q >= 1.0) {
          add('native<js-where-C<js', q, `native not faster than JS (${r2(q)}×) although gcc -O3 is`);
        }
      }
    }
    const f = c['cypyx-fastmath'];
    if (ok(f) && ok(c['gcc-fastmath'])) {
      const q = f.best_ms / c['gcc-fastmath'].best_ms;
      if (q > 1.1) add('fastmath<=1.1*gcc-fastmath', q, `fast-math ${r2(q)}× gcc -O3 -march=native -ffast-math (target ≤ 1.1×)`);
    }
    const w = c['cypyx-wasm'];
    if (ok(w) && ok(n) && !MEMORY_BOUND.has(r.id) && r.id !== 'boundary') {
      const q = w.best_ms / n.best_ms;
      if (q > 2) add('wasm<=2*native', q, `wasm ${r2(q)}× native (target ≤ 2×)`);
    }
  }
  // one line for a failure shared by several kernels (e.g. every import fails the same way)
  const grouped = [];
  for (const m of misses) {
    const same = m.target === 'native-runs' && grouped.find((g) => g.target === m.target && g.text === m.text);
    if (same) same.kernel += `, ${m.kernel}`;
    else grouped.push({ ...m });
  }
  return grouped;
}
