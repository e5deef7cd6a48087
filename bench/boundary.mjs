#!/usr/bin/env node
// The cost of one call from JS into compiled code: the boundary kernel's `add(double,
// double)` called 10 M times (s = add(s, 1.0)), each system in its own process.
//
//   node bench/boundary.mjs [--reps N] [--json FILE]
//
// Systems: JS inlined (V8 inlines add: the floor), JS out-of-line call (a megamorphic
// call site), an empty N-API function (bench/lib/napi_empty.c) and the N-API add
// (kernels/boundary/kernel_napi.c), both built here with gcc; a wasm export (a
// hand-assembled module), and cypyx's native and wasm back ends.
// SPEC §5: cypyx native within 1.2× of the empty N-API function; wasm within 2× of a
// wasm export.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, kernelsDir, benchCacheDir, cypyxCacheDir } from './lib/paths.mjs';
import { run, runSync, lastJsonLine, brief } from './lib/proc.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, 'lib', 'boundary-child.mjs');

function usage(msg) {
  if (msg) process.stderr.write(`boundary: ${msg}\n`);
  process.stderr.write('usage: node bench/boundary.mjs [--reps N] [--json FILE]\n');
  process.exit(2);
}
const o = { reps: 5, json: null };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--reps') o.reps = Number(val());
    else if (a === '--json') o.json = val();
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!(Number.isInteger(o.reps) && o.reps >= 1)) usage('--reps must be a positive integer');
}
const progress = (s) => process.stderr.write(s + '\n');

let KDIR;
try {
  KDIR = kernelsDir();
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
const BDIR = join(KDIR, 'boundary');

/** gcc -O3 -shared -fPIC -I/usr/include/node <src> → <cache>/<name>-<hash>.node */
function buildAddon(src, name) {
  const inc = '/usr/include/node';
  if (!existsSync(join(inc, 'node_api.h'))) return { error: `${inc}/node_api.h not found` };
  const flags = ['-O3', '-shared', '-fPIC', `-I${inc}`];
  const h = createHash('sha256').update(readFileSync(src)).update(flags.join(' ')).update(process.version);
  const out = join(benchCacheDir('napi'), `${name}-${h.digest('hex').slice(0, 12)}.node`);
  if (existsSync(out)) return { path: out };
  const tmp = `${out}.${process.pid}.tmp`;
  const r = runSync('gcc', [...flags, src, '-o', tmp]);
  if (r.code !== 0) return { error: `gcc failed: ${brief(r.stderr || r.error)}` };
  renameSync(tmp, out);
  return { path: out };
}

const SYSTEMS = [
  { key: 'js-inline', label: 'JS → JS, inlined by V8' },
  { key: 'js-call', label: 'JS → JS, out-of-line call' },
  { key: 'napi-empty', label: 'N-API empty function (C)', addon: () => buildAddon(join(HERE, 'lib', 'napi_empty.c'), 'empty') },
  { key: 'napi-add', label: 'N-API add (kernel_napi.c)', addon: () => buildAddon(join(BDIR, 'kernel_napi.c'), 'add') },
  { key: 'wasm-export', label: 'wasm export (hand-assembled)' },
  { key: 'cypyx-native', label: 'cypyx native', backend: 'native' },
  { key: 'cypyx-wasm', label: 'cypyx wasm', backend: 'wasm' },
];

const results = {};
for (const sys of SYSTEMS) {
  const job = { system: sys.key, kernelDir: BDIR, reps: o.reps };
  const env = { ...process.env, CYPYX_CACHE_DIR: cypyxCacheDir() };
  delete env.CYPYX_FORCE_BACKEND;
  const args = [];
  let res;
  if (sys.addon) {
    const b = sys.addon();
    if (b.error) res = { ok: false, error: b.error };
    else job.addon = b.path;
  }
  if (sys.backend) {
    env.CYPYX_BACKEND = sys.backend;
    args.push('--import', 'cypyx/register');
    job.pyx = join(BDIR, 'kernel.pyx');
  }
  if (!res) {
    const r = await run(process.execPath, [...args, CHILD, JSON.stringify(job)], { cwd: ROOT, env, timeoutMs: 120_000 });
    res = lastJsonLine(r.stdout, '@@BENCH ');
    if (r.timedOut) res = { ok: false, error: 'timed out' };
    else if (!res) res = { ok: false, error: `exit ${r.code ?? r.signal}: ${brief(r.stderr || r.stdout)}` };
    else if (!res.ok) res = { ...res, error: `${res.phase}: ${brief(res.error)}` };
  }
  if (res.ok) {
    res.nsPerCall = (res.best_ms * 1e6) / res.calls;
    if (res.checked && res.checksum !== res.calls) {
      res.ok = false;
      res.status = 'FAILED';
      res.error = `checksum ${res.checksum}, expected ${res.calls}`;
    }
  }
  if (!res.ok) {
    res.status ??= sys.backend === 'wasm' && /not implemented/i.test(res.error) ? 'n/a' : 'error';
  } else res.status = 'ok';
  results[sys.key] = res;
  progress(`  ${sys.key.padEnd(13)} ${res.status === 'ok' ? res.nsPerCall.toFixed(2) + ' ns/call' : `${res.status}: ${res.error}`}`);
}

const ns = (k) => (results[k]?.status === 'ok' ? results[k].nsPerCall : null);
const ratio = (a, b) => (a !== null && b !== null ? a / b : null);
const rows = SYSTEMS.map((s) => {
  const r = results[s.key];
  const v = ns(s.key);
  return [
    s.label,
    r.status === 'ok' ? v.toFixed(2) : r.status === 'n/a' ? 'n/a (not implemented)' : r.status,
    ratio(v, ns('napi-empty'))?.toFixed(2) ?? '—',
    ratio(v, ns('napi-add'))?.toFixed(2) ?? '—',
  ];
});
const head = ['system (10 M calls of add)', 'ns/call', '× N-API empty', '× N-API add'];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (c) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]) : x.padStart(w[i]))).join('  ');
const lines = [`best of ${o.reps} after a warm-up`, fmt(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(fmt)];
const errs = SYSTEMS.filter((s) => results[s.key].status !== 'ok').map((s) => `  ${s.key}: ${results[s.key].error}`);
if (errs.length) lines.push('', ...errs);
const misses = [];
const qn = ratio(ns('cypyx-native'), ns('napi-empty'));
if (qn !== null && qn > 1.2) misses.push(`cypyx native ${qn.toFixed(2)}× the empty N-API function (target ≤ 1.2×)`);
const qw = ratio(ns('cypyx-wasm'), ns('wasm-export'));
if (qw !== null && qw > 2) misses.push(`cypyx wasm ${qw.toFixed(2)}× a wasm export (target ≤ 2×)`);
if (misses.length) lines.push('', 'SPEC §5 targets missed:', ...misses.map((m) => '  ' + m));
process.stdout.write(lines.join('\n') + '\n');

if (o.json) {
  const file = resolve(o.json);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ meta: { date: new Date().toISOString(), node: process.version, reps: o.reps }, results, targetMisses: misses }, null, 2) + '\n');
  progress(`boundary: wrote ${file}`);
}
const bad = Object.entries(results).some(([k, r]) => r.status === 'FAILED' || (r.status === 'error' && k !== 'cypyx-wasm'));
process.exitCode = bad ? 1 : 0;
