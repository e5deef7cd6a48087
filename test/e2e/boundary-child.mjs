// Runs inside `node --import cypyx/register`: calls each case and prints one JSON line per case.
import { kwargs } from 'cypyx';
const m = await import('./boundary.pyx');
const detached = new Float64Array(4);
structuredClone(detached.buffer, { transfer: [detached.buffer] });
const cases = {
  ok_f64: () => m.f64(1.5),
  str_to_double: () => m.f64('x'),
  fraction_to_int: () => m.i32(2.5),
  nan_to_int: () => m.i32(NaN),
  int_overflow: () => m.i32(2 ** 31),
  uchar_negative: () => m.u8(-1),
  bigint_to_int: () => m.i32(5n),
  i64_big: () => m.i64(2n ** 62n),
  u64_max: () => m.u64(2n ** 64n - 1n),
  u64_negative: () => m.u64(-1),
  bint_from_number: () => m.flag(0),
  wrong_dtype: () => m.total(new Float32Array(3)),
  wrong_ndim: () => m.total({ data: new Float64Array(4), shape: [2, 2] }),
  not_an_array: () => m.total('abc'),
  none_array: () => m.total(null),
  not_contiguous: () => m.first2d({ data: new Float64Array(8), shape: [2, 2], strides: [4, 2] }),
  detached: () => m.total(detached),
  shape_too_big: () => m.total({ data: new Float64Array(2), shape: [5] }),
  too_few: () => m.f64(),
  too_many: () => m.f64(1, 2),
  bad_keyword: () => m.kw(1, kwargs({ nope: 2 })),
  keywords: () => m.kw(1, kwargs({ c: 5 })),
  index_error: () => m.pick(new Float64Array(3), 3),
  writes_visible: () => { const a = new Float64Array([1, 2, 3]); m.scale(a, 2); return Array.from(a); },
  recursion: () => m.recurse(0),
};
for (const [name, fn] of Object.entries(cases)) {
  let out;
  try {
    const r = fn();
    out = { name, value: typeof r === 'bigint' ? `${r}n` : r };
  } catch (e) {
    out = { name, error: e?.name, message: e?.message };
  }
  console.log(JSON.stringify(out));
}
