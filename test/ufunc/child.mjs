// Runs inside `node --import cypyx/register` (one back end per process): checks
// @cython.ufunc calls, .reduce and the sum/prod/min/max helpers against reference
// values computed here, independently, in plain JS. Prints one JSON line per check:
// { name, ok, detail }.
import { kwargs, sum, prod, min, max, NDArray } from 'cypyx';

const m = await import('./kernels.pyx');

// ---------------------------------------------------------------- helpers
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const DT = {
  int8: { C: Int8Array, lo: -128, hi: 127, wrap: (x) => (x << 24) >> 24 },
  uint8: { C: Uint8Array, lo: 0, hi: 255, wrap: (x) => x & 255 },
  int16: { C: Int16Array, lo: -32768, hi: 32767, wrap: (x) => (x << 16) >> 16 },
  uint16: { C: Uint16Array, lo: 0, hi: 65535, wrap: (x) => x & 65535 },
  int32: { C: Int32Array, lo: -(2 ** 31), hi: 2 ** 31 - 1, wrap: (x) => Number(BigInt.asIntN(32, BigInt(x))) },
  uint32: { C: Uint32Array, lo: 0, hi: 2 ** 32 - 1, wrap: (x) => Number(BigInt.asUintN(32, BigInt(x))) },
  int64: { C: BigInt64Array, big: true, wrap: (x) => BigInt.asIntN(64, x) },
  uint64: { C: BigUint64Array, big: true, wrap: (x) => BigInt.asUintN(64, x) },
  float32: { C: Float32Array, f: true, wrap: (x) => Math.fround(x) },
  float64: { C: Float64Array, f: true, wrap: (x) => x },
};

function randomArray(dt, n) {
  const d = DT[dt];
  const a = new d.C(n);
  for (let i = 0; i < n; i++) {
    if (d.big) a[i] = BigInt.asIntN(64, BigInt(Math.floor(rand() * 2 ** 52)) * BigInt(Math.floor(rand() * 4096) - 2048));
    else if (d.f) a[i] = (rand() - 0.5) * 200;
    else a[i] = Math.floor(d.lo + rand() * (d.hi - d.lo + 1));
  }
  return a;
}

const results = [];
function check(name, fn) {
  try {
    const r = fn();
    results.push({ name, ok: r === true, detail: r === true ? '' : String(r) });
  } catch (e) {
    results.push({ name, ok: false, detail: `${e?.name}: ${e?.message}\n${e?.stack}` });
  }
}
function raises(name, fn, exc, msg) {
  try {
    fn();
    results.push({ name, ok: false, detail: 'did not raise' });
  } catch (e) {
    const ok = e?.name === exc && (msg === undefined || (msg instanceof RegExp ? msg.test(e.message) : e.message === msg));
    results.push({ name, ok, detail: ok ? '' : `${e?.name}: ${e?.message}` });
  }
}

/** exact (ints) or relative 1e-12 / 1e-6 (float64 / float32) comparison of flat sequences */
function same(actual, expected, tol = 0) {
  const a = Array.from(actual);
  const e = Array.from(expected);
  if (a.length !== e.length) return `length ${a.length} != ${e.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = e[i];
    if (typeof x === 'bigint' || typeof y === 'bigint') {
      if (BigInt(x) !== BigInt(y)) return `[${i}] ${x} != ${y}`;
    } else if (Number.isNaN(y)) {
      if (!Number.isNaN(x)) return `[${i}] ${x} != NaN`;
    } else if (tol === 0 ? x !== y : Math.abs(x - y) > tol * Math.max(1, Math.abs(y))) return `[${i}] ${x} != ${y}`;
  }
  return true;
}

/** the elements of an array-like result in C order */
function flat(r) {
  if (ArrayBuffer.isView(r)) return Array.from(r);
  const nd = NDArray.from(r);
  const out = [];
  const rec = (d, p) => {
    if (d === nd.shape.length) return void out.push(nd.data[p]);
    for (let i = 0; i < nd.shape[d]; i++) rec(d + 1, p + i * nd.strides[d]);
  };
  rec(0, nd.offset);
  return out;
}
const shapeOf = (r) => (ArrayBuffer.isView(r) ? [r.length] : [...r.shape]);
const eqShape = (r, s) => JSON.stringify(shapeOf(r)) === JSON.stringify(s) || `shape ${JSON.stringify(shapeOf(r))} != ${JSON.stringify(s)}`;
const dtypeName = (ta) => Object.keys(DT).find((k) => ta instanceof DT[k].C);
const all = (...rs) => rs.find((r) => r !== true) ?? true;

// ---------------------------------------------------------------- elementwise, every dtype
for (const dt of Object.keys(DT)) {
  const d = DT[dt];
  const add = (x, y) => (d.big ? d.wrap(x + y) : d.wrap(x + y));
  const mul3 = (x, y, z) => (d.big ? d.wrap(x * y * z) : d.f ? d.wrap(d.wrap(x * y) * z) : d.wrap(Number(BigInt.asIntN(64, BigInt(x) * BigInt(y) * BigInt(z)))));
  check(`addt ${dt} contiguous`, () => {
    const a = randomArray(dt, 1000);
    const b = randomArray(dt, 1000);
    const r = m.addt(a, b);
    if (!(r instanceof d.C)) return `result is ${r?.constructor?.name}`;
    return same(r, Array.from(a, (x, i) => add(x, b[i])));
  });
  check(`mul3 ${dt} strided + broadcast`, () => {
    // a: every other element, reversed; b: a column broadcast against c's rows
    const base = randomArray(dt, 24);
    const A = { data: base, shape: [3, 4], strides: [-8, -2], offset: 23 };
    const B = { data: randomArray(dt, 3), shape: [3, 1] };
    const C = randomArray(dt, 4);
    const r = m.mul3(A, B, C);
    const exp = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) exp.push(mul3(base[23 - 8 * i - 2 * j], B.data[i], C[j]));
    return all(eqShape(r, [3, 4]), same(flat(r), exp), r.dtype === dt || `dtype ${r.dtype}`);
  });
  check(`addt ${dt} out=`, () => {
    const a = randomArray(dt, 50);
    const b = randomArray(dt, 50);
    const out = new d.C(50);
    const r = m.addt(a, b, kwargs({ out }));
    return all(r === out || 'returns out', same(out, Array.from(a, (x, i) => add(x, b[i]))));
  });
  check(`addt.reduce ${dt} axis=None/0/1`, () => {
    const base = randomArray(dt, 12);
    const A = { data: base, shape: [3, 4] };
    const at = (i, j) => base[4 * i + j];
    const red = (xs) => xs.reduce((x, y) => add(x, y));
    const axis0 = [0, 1, 2, 3].map((j) => red([0, 1, 2].map((i) => at(i, j))));
    const axis1 = [0, 1, 2].map((i) => red([0, 1, 2, 3].map((j) => at(i, j))));
    const allv = red(Array.from(base));
    const r0 = m.addt.reduce(A);
    const r1 = m.addt.reduce(A, kwargs({ axis: 1 }));
    const rn = m.addt.reduce(A, kwargs({ axis: null }));
    return all(same(flat(r0), axis0), same(flat(r1), axis1), same([rn], [d.big ? allv : allv]));
  });
}

// ---------------------------------------------------------------- type resolution, scalars, casting
check('sigmoid on float64, reference values', () => {
  const x = Float64Array.from({ length: 101 }, (_, i) => (i - 50) / 5);
  return same(m.sigmoid(x), Array.from(x, (v) => 1 / (1 + Math.exp(-v))), 1e-15);
});
check('sigmoid scalar gives a number', () => same([m.sigmoid(0)], [0.5]) && typeof m.sigmoid(1.5) === 'number');
check('sigmoid casts int32 input to double (safe casting)', () => {
  const r = m.sigmoid(new Int32Array([0, 2, -2]));
  return all(r instanceof Float64Array || 'dtype', same(r, [0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(2))], 1e-15));
});
check('mixed signature hyp(double, float) casts float32 to double and int to float', () => {
  const r = m.hyp(new Float32Array([3, 0.5]), new Int16Array([4, 2]));
  return same(r, [25, 4.25]);
});
check('fused resolution: first loop the inputs cast to safely', () =>
  all(
    m.addt(new Int8Array([1]), new Int16Array([2])) instanceof Int16Array || 'int8+int16 -> int16',
    m.addt(new Uint8Array([1]), new Int8Array([2])) instanceof Int16Array || 'uint8+int8 -> int16',
    m.addt(new Int32Array([1]), new Float32Array([2])) instanceof Float64Array || 'int32+float32 -> float64',
    m.addt(new Uint32Array([1]), new Int32Array([2])) instanceof BigInt64Array || 'uint32+int32 -> int64',
  ));
check('python scalars with arrays cast by value (NumPy 1.x)', () =>
  all(
    m.addt(new Int8Array([1, 2]), 3) instanceof Int8Array || 'int8 + 3 stays int8',
    m.addt(new Int8Array([1, 2]), 300) instanceof Int16Array || 'int8 + 300 -> int16',
    m.addt(new Float32Array([1]), 0.5) instanceof Float32Array || 'float32 + 0.5 stays float32',
    m.addt(new Int32Array([1]), 0.5) instanceof Float64Array || 'int32 + 0.5 -> float64',
    same(m.addt(new Uint8Array([250]), 10), [4]),
  ));
check('scalar-only calls: int -> long long loop, float -> double loop', () =>
  all(same([m.addt(2, 3)], [5]), same([m.addt(0.25, 1)], [1.25]), typeof m.addt(2n ** 62n, 2n ** 62n) === 'bigint' || 'bigint'));
check('0-d and 1-element broadcasting, shape (2,1,3) x (4,1)', () => {
  const A = { data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 1, 3] };
  const B = { data: new Float64Array([10, 20, 30, 40]), shape: [4, 1] };
  const r = m.addt(A, B);
  const exp = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) exp.push(A.data[3 * i + k] + B.data[j]);
  return all(eqShape(r, [2, 4, 3]), same(flat(r), exp), r instanceof NDArray || 'NDArray');
});
check('nested JS arrays are accepted', () => same(flat(m.addt([[1, 2], [3, 4]], [10, 20])), [11, 22, 13, 24]));
check('out= with another dtype (same_kind) and a strided out', () => {
  const out = new Float32Array(6);
  m.sigmoid(new Float64Array([0, 0, 0]), kwargs({ out: { data: out, shape: [3], strides: [2] } }));
  return same(out, [0.5, 0, 0.5, 0, 0.5, 0]);
});
check('out= in place on an input, and with overlapping shifted views', () => {
  const a = new Float64Array([1, 2, 3, 4]);
  m.addt(a, a, kwargs({ out: a }));
  const b = new Float64Array([1, 2, 3, 4, 5]);
  // out = b[1:], inputs b[:-1] and 1: NumPy reads the inputs before writing (no smearing)
  m.addt({ data: b, shape: [4] }, 1, kwargs({ out: { data: b, shape: [4], offset: 1 } }));
  return all(same(a, [2, 4, 6, 8]), same(b, [1, 2, 3, 4, 5]));
});
check('out= positional and as a one-element tuple', () => {
  const o1 = new Float64Array(2);
  const o2 = new Float64Array(2);
  m.addt(new Float64Array([1, 2]), 1, o1);
  m.addt(new Float64Array([1, 2]), 2, kwargs({ out: [o2] }));
  return all(same(o1, [2, 3]), same(o2, [3, 4]));
});
raises('broadcast error', () => m.addt(new Float64Array(2), new Float64Array(3)), 'ValueError', 'operands could not be broadcast together with shapes (2,) (3,) ');
raises('out that does not broadcast', () => m.addt(new Float64Array(3), 1, kwargs({ out: new Float64Array(2) })), 'ValueError', 'operands could not be broadcast together with shapes (3,) () (2,) ');
raises('out of a smaller broadcastable shape', () => m.addt(new Float64Array(3), 1, kwargs({ out: new Float64Array(1) })), 'ValueError', "non-broadcastable output operand with shape (1,) doesn't match the broadcast shape (3,)");
raises('out= cast float -> int refused', () => m.sigmoid(new Float64Array(2), kwargs({ out: new Int32Array(2) })), 'TypeError', "Cannot cast ufunc 'sigmoid' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'");
raises('no loop for float64 in a long long ufunc', () => m.gcd(new Float64Array([1]), 1), 'TypeError', /ufunc 'gcd' not supported for the input types/);
raises('strings are not arrays', () => m.sigmoid('x'), 'TypeError');
raises('unknown keyword', () => m.sigmoid(1, kwargs({ foo: 1 })), 'TypeError', "sigmoid() got an unexpected keyword argument 'foo'");
raises('too few arguments', () => m.addt(new Float64Array(1)), 'TypeError');
check('empty arrays', () => all(m.sigmoid(new Float64Array(0)).length === 0 || 'len', eqShape(m.addt({ data: new Float64Array(0), shape: [0, 3] }, new Float64Array(3)), [0, 3])));
check('cdivision ufunc gives inf for a zero divisor', () => same(m.safe_div(new Float64Array([1, -1]), 0), [Infinity, -Infinity]));
check('ufunc attributes', () => all(m.addt.nin === 2 || 'nin', m.mul3.nin === 3 || 'nin3', m.sigmoid.types.join() === 'd->d' || m.sigmoid.types.join(), m.addt.name === 'addt' || 'name'));

// ---------------------------------------------------------------- user-defined reductions
check('maxabs.reduce: user binary function, sequential fold, float32 and float64', () => {
  const x = new Float64Array([1, -7, 3, 6.5, -2]);
  const f = new Float32Array([0.5, -0.25, 0.125]);
  return all(same([m.maxabs.reduce(x)], [-7]), same([m.maxabs.reduce(f)], [0.5]));
});
check('gcd.reduce over axis -1 with keepdims and a strided array', () => {
  const base = new BigInt64Array([12n, 99n, 18n, 99n, 30n, 99n, 7n, 99n, 21n, 99n, 35n, 99n]);
  const A = { data: base, shape: [2, 3], strides: [6, 2] };
  const r = m.gcd.reduce(A, kwargs({ axis: -1, keepdims: true }));
  return all(eqShape(r, [2, 1]), same(flat(r), [6n, 7n]));
});
check('reduce with initial, along axis 0 of a large-row array (elementwise strategy)', () => {
  const rows = 5;
  const cols = 1000;
  const data = randomArray('float64', rows * cols);
  const r = m.addt.reduce({ data, shape: [rows, cols] }, kwargs({ axis: 0, initial: 1.5 }));
  const exp = Array.from({ length: cols }, (_, j) => {
    let acc = 1.5;
    for (let i = 0; i < rows; i++) acc += data[i * cols + j];
    return acc;
  });
  return same(r, exp);
});
check('reduce axis tuple and out=', () => {
  const A = { data: Float64Array.from({ length: 24 }, (_, i) => i), shape: [2, 3, 4] };
  const out = new Float64Array(3);
  m.addt.reduce(A, kwargs({ axis: [0, 2], out }));
  const exp = [0, 1, 2].map((j) => {
    let s = 0;
    for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) s += 12 * i + 4 * j + k;
    return s;
  });
  return same(out, exp);
});
raises('reduce of an empty array without identity', () => m.maxabs.reduce(new Float64Array(0)), 'ValueError', 'zero-size array to reduction operation maxabs which has no identity');
raises('reduce of a unary ufunc', () => m.sigmoid.reduce(new Float64Array(2)), 'ValueError', 'reduce only supported for binary functions');
raises('reduce axis out of bounds', () => m.addt.reduce(new Float64Array(2), kwargs({ axis: 1 })), 'ValueError', 'axis 1 is out of bounds for array of dimension 1');
raises('reduce of a mixed-type ufunc has no loop', () => m.hyp.reduce(new Float64Array(2)), 'TypeError');

// ---------------------------------------------------------------- sum / prod / min / max helpers
for (const dt of Object.keys(DT)) {
  const d = DT[dt];
  check(`sum/prod/min/max ${dt} over all and per axis`, () => {
    const base = randomArray(dt, 20);
    const A = { data: base, shape: [4, 5] };
    const big = (x) => BigInt(x);
    const vals = Array.from(base);
    const sumRef = d.f
      ? null
      : BigInt[dt.startsWith('u') ? 'asUintN' : 'asIntN'](64, vals.reduce((s, x) => s + big(x), 0n));
    const prodRef = d.f ? null : BigInt[dt.startsWith('u') ? 'asUintN' : 'asIntN'](64, vals.reduce((s, x) => BigInt[dt.startsWith('u') ? 'asUintN' : 'asIntN'](64, s * big(x)), 1n));
    const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
    const sorted = [...vals].sort(cmp);
    const rows = [0, 1, 2, 3].map((i) => vals.slice(5 * i, 5 * i + 5));
    const r = [];
    if (d.f) {
      const tol = dt === 'float32' ? 1e-5 : 1e-12;
      r.push(same([sum(A)], [vals.reduce((s, x) => s + x, 0)], tol));
      r.push(same(flat(sum(A, 1)), rows.map((row) => row.reduce((s, x) => s + x, 0)), tol));
      r.push(same([prod(new d.C([1.5, 2, -4]))], [-12]));
    } else {
      r.push(same([sum(A)], [sumRef]));
      r.push(same([prod(A)], [prodRef]));
      r.push(same(flat(sum(A, 1)), rows.map((row) => row.reduce((s, x) => s + big(x), 0n)).map((v) => BigInt[dt.startsWith('u') ? 'asUintN' : 'asIntN'](64, v))));
    }
    r.push(same([min(A)], [sorted[0]]));
    r.push(same([max(A)], [sorted[sorted.length - 1]]));
    r.push(same(flat(max(A, 0)), [0, 1, 2, 3, 4].map((j) => rows.map((row) => row[j]).sort(cmp)[3])));
    r.push(same(flat(min(A, { axis: -1, keepdims: true })), rows.map((row) => [...row].sort(cmp)[0])));
    return all(...r);
  });
}
check('helpers: NaN propagates in min/max, empty sum/prod give the identity, float32 sum stays float32', () =>
  all(
    Number.isNaN(min(new Float64Array([1, NaN, -1]))) || 'min NaN',
    Number.isNaN(max(new Float32Array([NaN, 2]))) || 'max NaN',
    same([sum(new Float64Array(0)), prod(new Int32Array(0))], [0, 1]),
    same([sum(new Float32Array([0.1, 0.2]))], [Math.fround(Math.fround(0.1) + Math.fround(0.2))]),
  ));
check('helpers: int32 sums do not overflow (int64 accumulator), int64 sums wrap', () =>
  all(same([sum(new Int32Array([2147483647, 2147483647, 5]))], [4294967299]), same([sum(new BigInt64Array([2n ** 62n, 2n ** 62n]))], [-(2n ** 63n)])));
raises('helpers: min of an empty array', () => min(new Float64Array(0)), 'ValueError', 'zero-size array to reduction operation minimum which has no identity');
raises('helpers: bad keyword', () => sum(new Float64Array(1), { axes: 0 }), 'TypeError');

// ---------------------------------------------------------------- NDArray
check('NDArray views: view(), transpose, reshape, toArray, scijs-style input', () => {
  const a = NDArray.from({ data: Float64Array.from({ length: 12 }, (_, i) => i), shape: [3, 4] });
  const v = a.view(null, [1, null, 2]);
  const t = a.T;
  const r = a.reshape(2, -1);
  const back = NDArray.from({ data: a.data, shape: [4, 3], stride: [1, 4] });
  return all(
    JSON.stringify(v.toArray()) === JSON.stringify([[1, 3], [5, 7], [9, 11]]) || JSON.stringify(v.toArray()),
    JSON.stringify(t.shape) === '[4,3]' || 'T',
    t.get(3, 2) === 11 || 'T get',
    JSON.stringify(r.shape) === '[2,6]' || 'reshape',
    r.data === a.data || 'reshape is a view',
    back.get(1, 2) === 9 || 'stride alias',
    a.view(-1).get(0) === 8 || 'view index',
    same(flat(m.addt(t, 1)), Array.from({ length: 12 }, (_, k) => (k % 3) * 4 + Math.floor(k / 3) + 1)),
  );
});

for (const r of results) console.log(JSON.stringify(r));
