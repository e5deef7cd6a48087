#!/usr/bin/env node
// npm run bench: every kernel of ../shared/bench/kernels, then the project's own kernels in
// bench/kernels (a ufunc and a reduction), in C (gcc, built here), plain JS (V8) and cypyx
// (native, native + fast-math, wasm), each in its own process, best of N after a warm-up,
// checksums verified; prints a table of times and ratios to gcc -O3.
//
//   node bench/run.mjs [--json FILE] [--kernels a,b] [--systems a,b] [--reps N] [--rounds N] [--quick]
//
// Each cell runs in `rounds` fresh processes (default 2), the systems of a kernel taking
// turns (A B C, A B C), and keeps the best time over all of them: on a shared 2-core
// machine a burst of load then slows one round of every column instead of all of one.
//
// Exit code: 0 when every cell that ran has the right checksum and no C / JS / cypyx
// native cell errored; 1 otherwise; 2 on bad usage or a missing kernels directory.
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT, kernelDirs, benchCacheDir, cypyxCacheDir } from './lib/paths.mjs';
import { discoverRows, filterRows } from './lib/kernels.mjs';
import { C_SYSTEMS, buildC, runC, gccVersion } from './lib/cbuild.mjs';
import { run, lastJsonLine, brief } from './lib/proc.mjs';
import { checkChecksum } from './lib/checks.mjs';
import { renderTable, targetMisses, fmtMs } from './lib/report.mjs';
import { mergeRounds } from './lib/rounds.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, 'lib', 'child.mjs');

// ------------------------------------------------------------------ options
function usage(msg) {
  if (msg) process.stderr.write(`bench: ${msg}\n`);
  process.stderr.write('usage: node bench/run.mjs [--json FILE] [--kernels a,b] [--systems a,b] [--reps N] [--rounds N] [--quick]\n');
  process.stderr.write('  --systems: column keys (gcc-O3 is always run: the baseline), e.g. cypyx-native,cypyx-wasm\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { json: null, kernels: null, systems: null, reps: null, rounds: null, quick: false, timeoutMs: 180_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--json') o.json = val();
    else if (a.startsWith('--json=')) o.json = a.slice(7);
    else if (a === '--kernels') o.kernels = val().split(',').filter(Boolean);
    else if (a.startsWith('--kernels=')) o.kernels = a.slice(10).split(',').filter(Boolean);
    else if (a === '--systems') o.systems = val().split(',').filter(Boolean);
    else if (a.startsWith('--systems=')) o.systems = a.slice(10).split(',').filter(Boolean);
    else if (a === '--reps') o.reps = Number(val());
    else if (a.startsWith('--reps=')) o.reps = Number(a.slice(7));
    else if (a === '--rounds') o.rounds = Number(val());
    else if (a.startsWith('--rounds=')) o.rounds = Number(a.slice(9));
    else if (a === '--quick') o.quick = true;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (o.reps !== null && !(Number.isInteger(o.reps) && o.reps >= 1 && o.reps <= 100)) usage('--reps must be 1..100');
  if (o.rounds !== null && !(Number.isInteger(o.rounds) && o.rounds >= 1 && o.rounds <= 20)) usage('--rounds must be 1..20');
  o.reps ??= o.quick ? 2 : 5;
  o.rounds ??= o.quick ? 1 : 2;
  return o;
}

const opts = parseArgs(process.argv.slice(2));
let KDIRS;
let rows;
try {
  KDIRS = kernelDirs();
  rows = filterRows(discoverRows(KDIRS), opts.kernels);
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
if (rows.length === 0) usage('no kernels found');

// ------------------------------------------------------------------ systems (columns)
/** Every column of the table, in order. `kind` says how it runs. */
const ALL_SYSTEMS = [
  ...C_SYSTEMS.map((s) => ({ ...s, kind: 'c' })),
  { key: 'js', label: 'JS (V8)', kind: 'js' },
  { key: 'cypyx-native', label: 'cypyx native', kind: 'pyx', backend: 'native', fma: true },
  { key: 'cypyx-fastmath', label: 'cypyx native fast-math', kind: 'pyx', backend: 'native', fastMath: true, fma: true },
  // arrays from cypyx.alloc, in the wasm memory: the kernel alone (SPEC §5's zero-copy case)
  { key: 'cypyx-wasm', label: 'cypyx wasm', kind: 'pyx', backend: 'wasm', arrays: 'wasm' },
  // ordinary TypedArrays: each call copies them into wasm memory (and writable ones back)
  { key: 'cypyx-wasm-copy', label: 'cypyx wasm, JS arrays (copied per call)', kind: 'pyx', backend: 'wasm', arrays: 'js-only' },
];
/** The columns of this run (--systems; gcc-O3 always, every ratio is to it). */
const SYSTEMS = opts.systems ? ALL_SYSTEMS.filter((s) => s.key === 'gcc-O3' || opts.systems.includes(s.key)) : ALL_SYSTEMS;
if (opts.systems) {
  const unknown = opts.systems.filter((k) => !ALL_SYSTEMS.some((s) => s.key === k));
  if (unknown.length) usage(`unknown system(s): ${unknown.join(', ')} (have: ${ALL_SYSTEMS.map((s) => s.key).join(', ')})`);
}

const progress = (s) => process.stderr.write(s + '\n');

// ------------------------------------------------------------------ fast-math copies
const FASTMATH_HEADER = '# cypyx: fastmath=True\n';

/** A copy of kernel.pyx with the fast-math header prepended, in the bench cache. */
function fastMathCopy(row) {
  const dir = benchCacheDir('fastmath', row.dir);
  const dst = join(dir, 'kernel.pyx');
  writeFileSync(dst, FASTMATH_HEADER + readFileSync(join(row.path, 'kernel.pyx'), 'utf8'));
  return dst;
}

/**
 * Does the compiler honour `# cypyx: fastmath=True`? Uses the built compiler stages
 * (dist/) in this process: the directive must reach the IR and change the LLVM text.
 * Returns { status: 'on' | 'ignored' | 'rejected' | 'unknown', detail }.
 */
const fastMathProbe = new Map();
async function probeFastMath(row, pyxCopy) {
  if (fastMathProbe.has(row.dir)) return fastMathProbe.get(row.dir);
  let res;
  try {
    const fe = await import(pathToFileURL(join(ROOT, 'dist', 'compile', 'index.js')).href);
    const llvm = await import(pathToFileURL(join(ROOT, 'dist', 'compile', 'llvm', 'index.js')).href);
    const src = readFileSync(pyxCopy, 'utf8');
    const readFile = (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    };
    let front;
    try {
      front = fe.frontEnd(pyxCopy, src, { readFile, backend: 'native' });
    } catch (e) {
      res = { status: 'rejected', detail: brief(e.message) };
    }
    if (!res) {
      const on = front.ir.directives?.fastmath === true;
      const text = llvm.emitLLVM(front.ir, { hash8: '00000000', fastMath: on }).text;
      const strict = fe.frontEnd(join(row.path, 'kernel.pyx'), readFileSync(join(row.path, 'kernel.pyx'), 'utf8'), { readFile, backend: 'native' });
      const strictText = llvm.emitLLVM(strict.ir, { hash8: '00000000', fastMath: false }).text;
      const hasFlags = /\b(fast|reassoc|nnan|ninf|nsz|arcp|afn)\b/.test(text);
      if (!on) res = { status: 'ignored', detail: 'directive not in the IR (ir.directives.fastmath)' };
      else if (!hasFlags || text === strictText) res = { status: 'ignored', detail: 'no fast-math flags in the LLVM IR' };
      else res = { status: 'on', detail: '' };
    }
  } catch (e) {
    res = { status: 'unknown', detail: `compiler stages not loadable: ${brief(e.message)}` };
  }
  fastMathProbe.set(row.dir, res);
  return res;
}

// ------------------------------------------------------------------ one cell
async function runCell(row, sys) {
  const timeoutMs = opts.timeoutMs;
  if (sys.kind === 'c') {
    const b = buildC(row.path, row.dir, sys.flags);
    if (b.error) return { ok: false, status: 'error', error: b.error };
    return runC(b.bin, sys.key, opts.reps, row.cArgs, timeoutMs);
  }
  const job = { kernelDir: row.path, id: row.id, specExport: row.specExport, impl: sys.kind, reps: opts.reps, system: sys.key, arrays: sys.arrays };
  const env = { ...process.env, CYPYX_CACHE_DIR: cypyxCacheDir() };
  delete env.CYPYX_FORCE_BACKEND;
  const args = [];
  let probe = null;
  if (sys.kind === 'pyx') {
    env.CYPYX_BACKEND = sys.backend;
    args.push('--import', 'cypyx/register');
    job.pyx = join(row.path, 'kernel.pyx');
    if (sys.fastMath) {
      job.pyx = fastMathCopy(row);
      probe = await probeFastMath(row, job.pyx);
    }
  }
  const r = await run(process.execPath, [...args, CHILD, JSON.stringify(job)], { cwd: ROOT, env, timeoutMs, doneMarker: '@@BENCH ' });
  const res = lastJsonLine(r.stdout, '@@BENCH ');
  let out;
  if (res) out = res.ok ? res : { ...res, error: `${res.phase}: ${brief(res.error)}` };
  else if (r.timedOut) out = { ok: false, phase: 'process', error: `timed out after ${timeoutMs / 1000} s` };
  else out = { ok: false, phase: 'process', error: `exit ${r.code ?? r.signal}: ${brief(r.stderr || r.stdout || r.spawnError)}` };
  if (res?.ok && (r.hungAfterDone || r.code !== 0)) {
    // the numbers are valid, but the process did not end cleanly: say so
    out.exitProblem = r.hungAfterDone ? 'did not exit after reporting (killed)' : `exit ${r.code ?? r.signal} after reporting`;
  }
  if (probe) out.fastMath = probe;
  return out;
}

/** Classifies a finished cell: status ok | FAILED | error | n/a, with a short note. */
function classify(row, sys, res, refChecksum) {
  const cell = {
    status: 'ok',
    best_ms: res.best_ms ?? null,
    median_ms: res.median_ms ?? null,
    first_ms: res.first_ms ?? null,
    times_ms: res.times_ms ?? null,
    checksum: res.checksum ?? null,
  };
  if (res.importMs != null) cell.import_ms = Math.round(res.importMs * 100) / 100;
  if (res.fastMath) cell.fastMath = res.fastMath;
  if (res.exitProblem) cell.exitProblem = res.exitProblem;
  if (res.skipped) return { ...cell, status: 'n/a', note: res.skipped };
  if (!res.ok) {
    // paths of the kernel file differ per row; drop them so one cause gives one footnote
    const e = String(res.error ?? 'unknown error').replace(/\S*\/(\w+)\/kernel\.pyx\b/g, '<kernel>.pyx');
    cell.error = e;
    if (sys.backend === 'wasm' && /not implemented/i.test(e)) return { ...cell, status: 'n/a', note: 'not implemented' };
    if (sys.fastMath && sys.kind === 'pyx') {
      const why = res.fastMath?.status === 'rejected' ? 'rejected' : 'failed';
      return { ...cell, status: 'n/a', note: `${why}: ${e}` };
    }
    return { ...cell, status: 'error', note: e };
  }
  const chk = checkChecksum(res.checksum, row.expected, refChecksum, { fma: !!sys.fma, fastMath: !!sys.fastMath });
  cell.checksumMatch = chk.match;
  if (!chk.ok) return { ...cell, status: 'FAILED', note: `checksum ${res.checksum} (expected ${chk.want})` };
  if (sys.fastMath && sys.kind === 'pyx' && res.fastMath && res.fastMath.status === 'ignored') {
    return { ...cell, status: 'n/a', note: `fast-math ignored: ${res.fastMath.detail}` };
  }
  return cell;
}

// ------------------------------------------------------------------ main
const t0 = Date.now();
const loadStart = loadavg()[0];
const busy = (l) => l > cpus().length * 0.5;
if (busy(loadStart)) {
  progress(`bench: warning: the machine is busy (load ${loadStart.toFixed(1)} on ${cpus().length} cores); timings will be noisy`);
}
progress(
  `bench: ${rows.length} kernels × ${SYSTEMS.length} systems, best of ${opts.reps} after a warm-up, ${opts.rounds} round(s); ` +
    `kernels from ${KDIRS.join(' and ')}`,
);
const results = [];
let cellNo = 0;
const nCells = rows.length * SYSTEMS.length * opts.rounds;
for (const row of rows) {
  const cells = {};
  let ref = row.expected ? null : undefined; // undefined: no README value, use gcc -O3's checksum
  const rounds = Object.fromEntries(SYSTEMS.map((sys) => [sys.key, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    for (const sys of SYSTEMS) {
      // a cell that failed or does not apply is not run again
      if (round > 1 && !rounds[sys.key][0]?.ok) {
        cellNo++;
        continue;
      }
      cellNo++;
      const tc = Date.now();
      const res = await runCell(row, sys);
      rounds[sys.key].push(res);
      const r = res.ok ? `${fmtMs(res.best_ms)} ms` : res.skipped ? `n/a: ${res.skipped}` : `error: ${brief(res.error ?? '')}`;
      progress(
        `[${String(cellNo).padStart(String(nCells).length)}/${nCells}] ${row.id.padEnd(17)} ${sys.key.padEnd(15)} ` +
          `${opts.rounds > 1 ? `round ${round}: ` : ''}${r.length > 100 ? r.slice(0, 99) + '…' : r}  (${((Date.now() - tc) / 1000).toFixed(1)} s)`,
      );
    }
  }
  for (const sys of SYSTEMS) {
    const res = mergeRounds(rounds[sys.key]);
    if (ref === undefined && sys.key === 'gcc-O3' && res.ok) ref = res.checksum;
    cells[sys.key] = classify(row, sys, res, ref);
  }
  const base = cells['gcc-O3'];
  for (const c of Object.values(cells)) {
    c.ratio = c.status === 'ok' && base?.status === 'ok' ? Math.round((c.best_ms / base.best_ms) * 1000) / 1000 : null;
  }
  results.push({ id: row.id, dir: row.dir, kernelsDir: row.kernelsDir, expected: row.expected, cells });
}
const wallS = (Date.now() - t0) / 1000;
const loadEnd = loadavg()[0];

const misses = targetMisses(results);
process.stdout.write(renderTable(results, SYSTEMS, { reps: opts.reps, rounds: opts.rounds }) + '\n');
if (misses.length) {
  process.stdout.write('\nSPEC §5 targets missed:\n' + misses.map((m) => `  ${m.kernel}: ${m.text}`).join('\n') + '\n');
}
const bad = [];
for (const r of results) {
  for (const [k, c] of Object.entries(r.cells)) {
    if (c.status === 'FAILED') bad.push(`${r.id}/${k}: FAILED ${c.note}`);
    else if (c.status === 'error') bad.push(`${r.id}/${k}: error ${c.note}`);
    else if (c.exitProblem) bad.push(`${r.id}/${k}: process ${c.exitProblem}`);
  }
}
process.stdout.write(`\nrun time ${wallS.toFixed(1)} s; ${bad.length ? bad.length + ' problem(s)' : 'all checksums OK'}\n`);
if (busy(loadStart) || busy(loadEnd)) {
  process.stdout.write(
    `warning: load average ${loadStart.toFixed(1)} at the start, ${loadEnd.toFixed(1)} at the end on ${cpus().length} cores: ` +
      'other work competed for the CPU; ratios are unreliable.\n',
  );
}

if (opts.json) {
  const file = resolve(opts.json);
  mkdirSync(dirname(file), { recursive: true });
  const doc = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      gcc: gccVersion(),
      cpu: cpus()[0]?.model ?? null,
      cores: cpus().length,
      reps: opts.reps,
      rounds: opts.rounds,
      quick: opts.quick,
      kernelsDir: KDIRS[0],
      kernelsDirs: KDIRS,
      wallSeconds: Math.round(wallS * 10) / 10,
      loadAverage: { start: loadStart, end: loadEnd },
    },
    systems: SYSTEMS.map(({ key, label, flags }) => ({ key, label, ...(flags ? { flags } : {}) })),
    rows: results,
    targetMisses: misses,
    problems: bad,
  };
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  progress(`bench: wrote ${file}`);
}
process.exitCode = bad.length ? 1 : 0;
