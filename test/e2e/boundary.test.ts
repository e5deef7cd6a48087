// Bad arguments at the JS boundary raise the named Python exceptions and never crash
// the process (SPEC §3, §6), on every back end, through the real loader.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const hasAddon = existsSync(join(ROOT, 'build/Release/cypyx_native.node'));

function run(backend: string): Record<string, { value?: unknown; error?: string; message?: string }> {
  const r = spawnSync(process.execPath, ['--import', 'cypyx/register', join(here, 'boundary-child.mjs')], {
    cwd: ROOT,
    env: { ...process.env, CYPYX_BACKEND: backend, CYPYX_FORCE_BACKEND: backend },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return Object.fromEntries(r.stdout.trim().split('\n').map((l) => {
    const o = JSON.parse(l);
    return [o.name, o];
  }));
}

for (const backend of ['native', 'js']) {
  describe.skipIf(backend === 'native' && !hasAddon)(`boundary (${backend})`, () => {
    let r: ReturnType<typeof run> = {};
    beforeAll(() => {
      r = run(backend);
    });
    const err = (name: string, error: string, message?: string | RegExp) => {
      expect(r[name]?.error, `${name}: ${JSON.stringify(r[name])}`).toBe(error);
      if (message) expect(r[name]!.message).toMatch(message);
    };
    it('accepts good values', () => {
      expect(r.ok_f64!.value).toBe(3);
      expect(r.bigint_to_int!.value).toBe(6);
      expect(r.i64_big!.value).toBe(`${2n ** 62n}n`);
      expect(r.u64_max!.value).toBe(`${2n ** 64n - 1n}n`);
      expect(r.bint_from_number!.value).toBe(true);
      expect(r.keywords!.value).toBe(16);
      expect(r.writes_visible!.value).toEqual([2, 4, 6]);
    });
    it('rejects wrong scalar types and ranges', () => {
      err('str_to_double', 'TypeError');
      err('fraction_to_int', 'TypeError', "'float' object cannot be interpreted as an integer");
      err('nan_to_int', 'ValueError', 'cannot convert float NaN to integer');
      err('int_overflow', 'OverflowError', 'value too large to convert to int');
      err('uchar_negative', 'OverflowError', "can't convert negative value to unsigned char");
      err('u64_negative', 'OverflowError');
    });
    it('rejects bad arrays', () => {
      err('wrong_dtype', 'ValueError', "Buffer dtype mismatch, expected 'double' but got 'float'");
      err('wrong_ndim', 'ValueError', 'Buffer has wrong number of dimensions (expected 1, got 2)');
      err('not_an_array', 'TypeError');
      err('not_contiguous', 'ValueError', 'ndarray is not C-contiguous');
      err('detached', 'ValueError', 'detached');
      err('shape_too_big', 'ValueError');
      expect(r.none_array!.value).toBe(0); // as in Cython: a None view has extent 0
    });
    it('checks arity and keywords', () => {
      err('too_few', 'TypeError');
      err('too_many', 'TypeError');
      err('bad_keyword', 'TypeError', "unexpected keyword argument 'nope'");
    });
    it('raises IndexError and RecursionError instead of crashing', () => {
      err('index_error', 'IndexError', 'Out of bounds on buffer access (axis 0)');
      err('recursion', 'RecursionError');
    });
  });
}
