// Cache-hit path in a fresh process: `node --import cypyx/register first-call.mjs <pyx> <dir>`.
// Imports the module, makes one tiny call, prints `@@FIRST {...}` with the time since the
// process's time origin and the import / call durations.
import { pathToFileURL } from 'node:url';
import { smoke } from './smoke.mjs';

const [pyx, dir] = process.argv.slice(2);
try {
  const t0 = performance.now();
  const m = await import(pathToFileURL(pyx).href);
  const t1 = performance.now();
  smoke(dir, m);
  const t2 = performance.now();
  process.stdout.write(`@@FIRST ${JSON.stringify({ ok: true, sinceOrigin: t2, importMs: t1 - t0, callMs: t2 - t1 })}\n`);
} catch (e) {
  process.stdout.write(`@@FIRST ${JSON.stringify({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })}\n`);
  process.exitCode = 3;
}
