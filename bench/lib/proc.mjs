// Child processes: run one, with a time limit, collecting its output.
import { spawn, spawnSync } from 'node:child_process';

/**
 * Runs `cmd args` and resolves (never rejects) with
 * { code, signal, stdout, stderr, timedOut, hungAfterDone, wallMs, spawnError }.
 */
export function run(cmd, args, { cwd, env, timeoutMs = 180_000, doneMarker = null, exitGraceMs = 10_000 } = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let hungAfterDone = false;
    let graceTimer = null;
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: null, signal: null, stdout, stderr, timedOut, wallMs: 0, spawnError: String(e) });
      return;
    }
    child.stdout.on('data', (d) => {
      stdout += d;
      // The result is in: a process that then fails to exit (e.g. a deadlock at teardown)
      // is killed after a grace period instead of holding the run until the time limit.
      if (doneMarker && !graceTimer && stdout.includes(doneMarker) && stdout.endsWith('\n')) {
        graceTimer = setTimeout(() => {
          hungAfterDone = true;
          child.kill('SIGKILL');
        }, exitGraceMs);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr, timedOut, wallMs: 0, spawnError: String(e) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      resolve({ code, signal, stdout, stderr, timedOut, hungAfterDone, wallMs });
    });
  });
}

/** Synchronous variant for short commands (gcc, version probes). */
export function runSync(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** The last line of `text` that starts with `mark` (or is a JSON object), parsed; null if none. */
export function lastJsonLine(text, mark = '') {
  const lines = text.split('\n').reverse();
  for (const l of lines) {
    const s = mark ? (l.startsWith(mark) ? l.slice(mark.length) : null) : l.trim().startsWith('{') ? l.trim() : null;
    if (s === null) continue;
    try {
      return JSON.parse(s);
    } catch {
      // keep looking
    }
  }
  return null;
}

/** A short one-line summary of an error text (first meaningful line, clipped). */
export function brief(text, max = 160) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^at\s/.test(l) && !/^node:internal/.test(l) && !/^\^+$/.test(l) && !/^Node\.js v/.test(l));
  const line = lines.find((l) => /^[\w.]*(Error|Exception)\b/.test(l)) ?? lines[0] ?? '';
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}
