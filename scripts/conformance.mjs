#!/usr/bin/env node
// Conformance ratchet. For every key of conformance-ratchet.json it runs the shared runner
//   node ../shared/conformance/run.mjs --project . [--suite <dir>] --backend <b> --json <tmp> --jobs 2
// prints the runner's closing "N passed, M failed" line, and fails (exit 1) when a
// listed module has a failing case. Unlisted failures do not fail the ratchet.
// Keys: "<backend>" runs the shared suite (../shared/conformance/cases), "extra:<backend>"
// our own modules in test/conformance-extra/cases (same format, expectations from the
// shared oracle); backend is native, js or wasm.
//
//   node scripts/conformance.mjs [--update] [--backend native|js|wasm] [--suite shared|extra] [--jobs N] [--filter S] [--verbose]
//
// --update adds every module that now passes all its cases (never removes one).
// The shared runner only passes native|wasm|auto to the project (as CYPYX_BACKEND), so
// the "js" list runs with --backend auto and CYPYX_FORCE_BACKEND=js.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runner = resolve(root, '..', 'shared', 'conformance', 'run.mjs');
const ratchetFile = join(root, 'conformance-ratchet.json');
const BACKENDS = ['native', 'js', 'wasm'];
const SUITES = { shared: null, extra: join(root, 'test', 'conformance-extra', 'cases') };

/** A ratchet key → the suite it runs and the back end. */
function parseKey(key) {
  const m = /^(?:(extra):)?(\w+)$/.exec(key);
  if (!m || !BACKENDS.includes(m[2])) return null;
  return { suite: m[1] ?? 'shared', backend: m[2] };
}

function die(msg) {
  process.stderr.write(`conformance: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const o = { update: false, only: null, suite: null, jobs: '2', filter: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : die(`${a} needs a value`));
    if (a === '--update') o.update = true;
    else if (a === '--backend') o.only = val();
    else if (a === '--suite') o.suite = val();
    else if (a === '--jobs') o.jobs = val();
    else if (a === '--filter') o.filter = val();
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else die(`unknown argument ${a} (usage: node scripts/conformance.mjs [--update] [--backend b] [--suite shared|extra] [--jobs n] [--filter s] [--verbose])`);
  }
  if (o.only && !BACKENDS.includes(o.only)) die(`--backend must be one of ${BACKENDS.join(', ')}`);
  if (o.suite && !(o.suite in SUITES)) die(`--suite must be one of ${Object.keys(SUITES).join(', ')}`);
  return o;
}

function readRatchet() {
  let j;
  try {
    j = JSON.parse(readFileSync(ratchetFile, 'utf8'));
  } catch (e) {
    die(`cannot read ${ratchetFile}: ${e.message}`);
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) die(`${ratchetFile} must be an object of back end → module names`);
  for (const [b, mods] of Object.entries(j)) {
    if (!parseKey(b)) die(`${ratchetFile}: unknown key "${b}" (expected a back end ${BACKENDS.join(', ')}, or extra:<back end>)`);
    if (!Array.isArray(mods) || !mods.every((m) => typeof m === 'string')) die(`${ratchetFile}: "${b}" must be a list of module names`);
  }
  return j;
}

function runRunner(backend, suite, jsonOut, opts) {
  const args = [runner, '--project', root, '--backend', backend === 'js' ? 'auto' : backend, '--json', jsonOut, '--jobs', opts.jobs];
  if (SUITES[suite]) args.push('--suite', SUITES[suite]);
  if (opts.filter) args.push('--filter', opts.filter);
  const env = { ...process.env };
  delete env.CYPYX_FORCE_BACKEND;
  if (backend === 'js') env.CYPYX_FORCE_BACKEND = 'js';
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (opts.verbose) process.stdout.write(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
      if (opts.verbose) process.stderr.write(d);
    });
    child.on('close', (code, signal) => res({ code, signal, out, err }));
  });
}

const opts = parseArgs(process.argv.slice(2));
if (!existsSync(runner)) die(`the shared conformance runner is missing: ${runner}`);
const ratchet = readRatchet();
const keys = Object.keys(ratchet).filter((k) => {
  const { suite, backend } = parseKey(k);
  return (!opts.only || backend === opts.only) && (!opts.suite || suite === opts.suite);
});
if (keys.length === 0) die(opts.only || opts.suite ? `nothing in ${ratchetFile} matches --backend/--suite` : `no back ends listed in ${ratchetFile}`);

const tmp = mkdtempSync(join(tmpdir(), 'cypyx-ratchet-'));
let failed = false;
let updated = false;
try {
  for (const key of keys) {
    const { suite, backend } = parseKey(key);
    const jsonOut = join(tmp, `${key.replace(':', '-')}.json`);
    const r = await runRunner(backend, suite, jsonOut, opts);
    const closing = r.out.trim().split('\n').reverse().find((l) => /^\d+ passed, \d+ failed$/.test(l));
    process.stdout.write(`[${key}] ${closing ?? '(no closing line from the runner)'}\n`);
    let report = null;
    try {
      report = JSON.parse(readFileSync(jsonOut, 'utf8'));
    } catch {
      // handled below
    }
    if (!report || r.code === 2 || report.error) {
      failed = true;
      const why = report?.error ?? (r.signal ? `runner killed by ${r.signal}` : `runner exit code ${r.code}`);
      process.stdout.write(`[${key}] FAILED: the suite could not run: ${String(why).split('\n')[0]}\n`);
      if (!opts.verbose) process.stdout.write(r.err.trim().split('\n').slice(-15).map((l) => `    ${l}\n`).join(''));
      continue;
    }
    const byName = new Map(report.modules.map((m) => [m.module, m]));
    const listed = new Set(ratchet[key]);
    for (const name of listed) {
      const m = byName.get(name);
      if (!m) {
        if (opts.filter) continue; // filtered out of this run
        failed = true;
        process.stdout.write(`[${key}] REGRESSION ${name}: listed in the ratchet but not in the suite\n`);
        continue;
      }
      const bad = m.cases.filter((c) => !c.ok);
      if (bad.length === 0) continue;
      failed = true;
      process.stdout.write(`[${key}] REGRESSION ${name}: ${bad.length} of ${m.cases.length} cases fail\n`);
      for (const c of bad.slice(0, 5)) process.stdout.write(`    #${c.index} ${c.call}: ${String(c.reason).split('\n')[0].slice(0, 300)}\n`);
      if (bad.length > 5) process.stdout.write(`    ... and ${bad.length - 5} more\n`);
    }
    const passing = report.modules.filter((m) => m.cases.length > 0 && m.cases.every((c) => c.ok)).map((m) => m.module);
    const added = passing.filter((n) => !listed.has(n)).sort();
    if (added.length) {
      if (opts.update) {
        ratchet[key] = [...listed, ...added].sort();
        updated = true;
        process.stdout.write(`[${key}] ratchet: added ${added.join(', ')}\n`);
      } else {
        process.stdout.write(`[${key}] now passing but not in the ratchet (run with --update): ${added.join(', ')}\n`);
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (updated) writeFileSync(ratchetFile, JSON.stringify(ratchet, null, 2) + '\n');
process.exit(failed ? 1 : 0);
