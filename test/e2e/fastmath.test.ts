// `# cypyx: fastmath=True` on the native back end: loops over libm functions call
// glibc's libmvec vector versions (the addon loads libmvec; codegen.ts vectorVariant),
// whose results may differ from libm's by a few ulp. The strict module is the reference.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));
const dir = mkdtempSync(join(tmpdir(), 'cypyx-fastmath-'));
const source = readFileSync(join(fileURLToPath(new URL('.', import.meta.url)), 'fastmath_vec.pyx'), 'utf8');
writeFileSync(join(dir, 'strict.pyx'), source);
writeFileSync(join(dir, 'fast.pyx'), `# cypyx: fastmath=True\n${source}`);

const script = `
import { createRequire } from 'node:module';
const s = await import(${JSON.stringify(join(dir, 'strict.pyx'))});
const f = await import(${JSON.stringify(join(dir, 'fast.pyx'))});
const n = 4099;
const x = Float64Array.from({ length: n }, (_, i) => (i - 2000) * 0.0137);
const y = Float64Array.from({ length: n }, (_, i) => 0.001 + i * 0.0173);
const run = (m) => {
  const outs = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  m.vexp(x, outs[0]); m.vlog(y, outs[1]); m.vsin(x, outs[2]); m.vpow(x, y, outs[3]); m.vatan2(x, y, outs[4]);
  const all = new Float64Array(5 * n);
  outs.forEach((o, k) => all.set(o, k * n));
  return all;
};
const a = run(s), b = run(f);
// distance in units in the last place, through the ordered integer view of doubles
const ord = (v) => { const d = new DataView(new ArrayBuffer(8)); d.setFloat64(0, v); const u = d.getBigInt64(0); return u < 0n ? -(u & 0x7fffffffffffffffn) : u; };
let maxUlp = 0n, differ = 0;
for (let k = 0; k < a.length; k++) {
  if (Number.isNaN(a[k]) !== Number.isNaN(b[k])) { maxUlp = 1n << 60n; break; }
  if (Number.isNaN(a[k])) continue;
  const d = ord(a[k]) - ord(b[k]);
  const u = d < 0n ? -d : d;
  if (u > 0n) differ++;
  if (u > maxUlp) maxUlp = u;
}
const fns = (m) => m.__cypyx__.functions.map((g) => g.runsAs);
const libmvec = createRequire(import.meta.url)(${JSON.stringify(join(ROOT, 'build/Release/cypyx_native.node'))}).hostInfo().libmvec;
console.log(JSON.stringify({ maxUlp: Number(maxUlp), differ, n: a.length, strict: fns(s), fast: fns(f), exp1: b[2000], libmvec }));
`;

describe.skipIf(!hasAddon)('fast-math vector math (native)', () => {
  const r = spawnSync(process.execPath, ['--import', 'cypyx/register', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, CYPYX_BACKEND: 'native', CYPYX_CACHE_DIR: join(dir, 'cache') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  it('runs natively and agrees with strict libm within a few ulp', () => {
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.strict).toEqual(Array(5).fill('native'));
    expect(out.fast).toEqual(Array(5).fill('native'));
    expect(out.exp1).toBe(1);
    expect(out.maxUlp).toBeLessThanOrEqual(4);
    // libmvec's results are not libm's everywhere: some differ, so the vector path ran
    if (out.libmvec) expect(out.differ).toBeGreaterThan(0);
  });
});
