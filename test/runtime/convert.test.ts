// $rt.conv: boundary conversions with Cython 0.29.32's messages (each message
// below was observed with the real Cython build, see /work/shared/conformance/oracle).
import { describe, it, expect } from 'vitest';
import * as rt from '../../src/runtime/index.js';

const { conv, py } = rt;

function err(f: () => any): string {
  try {
    const v = f();
    return `value ${typeof v === 'bigint' ? v + 'n' : JSON.stringify(v)}`;
  } catch (e: any) {
    return `${e.name}: ${e.message}`;
  }
}

describe('toInt at the JS boundary', () => {
  it('rejects fractional numbers (SPEC §3) and otherwise converts like unboxInt', () => {
    expect(err(() => conv.toInt(3.7, 'i32', 'int'))).toBe("TypeError: 'float' object cannot be interpreted as an integer");
    expect(err(() => conv.toInt(-0.5, 'u32', 'unsigned int'))).toBe("TypeError: 'float' object cannot be interpreted as an integer");
    expect(err(() => conv.toInt(NaN, 'i32', 'int'))).toBe('ValueError: cannot convert float NaN to integer');
    expect(err(() => conv.toInt(5n, 'i32', 'int'))).toBe('value 5');
    expect(err(() => conv.toInt(2 ** 31, 'i32', 'int'))).toBe('OverflowError: value too large to convert to int');
  });
});

describe('unboxInt', () => {
  const cases: [any, string, string, string][] = [
    [3, 'i32', 'int', 'value 3'],
    [3.7, 'i32', 'int', 'value 3'],
    [-3.7, 'i32', 'int', 'value -3'],
    [NaN, 'i32', 'int', 'ValueError: cannot convert float NaN to integer'],
    [Infinity, 'i32', 'int', 'OverflowError: cannot convert float infinity to integer'],
    ['3', 'i32', 'int', 'TypeError: an integer is required'],
    [null, 'i32', 'int', 'TypeError: an integer is required'],
    [[], 'i32', 'int', 'TypeError: an integer is required'],
    [true, 'i32', 'int', 'value 1'],
    [2 ** 31, 'i32', 'int', 'OverflowError: value too large to convert to int'],
    [-(2 ** 31) - 1, 'i32', 'int', 'OverflowError: value too large to convert to int'],
    [1e10, 'i32', 'int', 'OverflowError: value too large to convert to int'],
    [1e30, 'i32', 'int', 'OverflowError: Python int too large to convert to C long'],
    [2n ** 64n, 'i32', 'int', 'OverflowError: Python int too large to convert to C long'],
    [-(2n ** 70n), 'i32', 'int', 'OverflowError: Python int too large to convert to C long'],
    [-1, 'u32', 'unsigned int', "OverflowError: can't convert negative value to unsigned int"],
    [-0.5, 'u32', 'unsigned int', 'value 0'],
    [-1.5, 'u32', 'unsigned int', "OverflowError: can't convert negative value to unsigned int"],
    [2 ** 32, 'u32', 'unsigned int', 'OverflowError: value too large to convert to unsigned int'],
    [2n ** 64n, 'u32', 'unsigned int', 'OverflowError: Python int too large to convert to C unsigned long'],
    [200, 'i8', 'signed char', 'OverflowError: value too large to convert to signed char'],
    [-200, 'i8', 'char', 'OverflowError: value too large to convert to char'],
    [-1, 'u8', 'unsigned char', "OverflowError: can't convert negative value to unsigned char"],
    [256, 'u8', 'unsigned char', 'OverflowError: value too large to convert to unsigned char'],
    [2n ** 70n, 'u8', 'unsigned char', 'OverflowError: Python int too large to convert to C unsigned long'],
    [-(2n ** 70n), 'u8', 'unsigned char', "OverflowError: can't convert negative value to unsigned char"],
    [40000, 'i16', 'short', 'OverflowError: value too large to convert to short'],
    [2n ** 63n, 'i64', 'long long', 'OverflowError: Python int too large to convert to C long'],
    [-(2n ** 63n) - 1n, 'i64', 'long long', 'OverflowError: Python int too large to convert to C long'],
    [2n ** 63n, 'i64', 'Py_ssize_t', 'OverflowError: Python int too large to convert to C ssize_t'],
    [-(2n ** 63n), 'i64', 'long long', `value ${-(2n ** 63n)}n`],
    [2 ** 53, 'i64', 'long', `value ${2n ** 53n}n`],
    [-1, 'u64', 'unsigned long long', "OverflowError: can't convert negative value to unsigned PY_LONG_LONG"],
    [-1, 'u64', 'unsigned long', "OverflowError: can't convert negative value to unsigned long"],
    [-1, 'u64', 'size_t', "OverflowError: can't convert negative value to size_t"],
    [-1, 'u64', 'uint64_t', "OverflowError: can't convert negative value to uint64_t"],
    [2n ** 64n, 'u64', 'size_t', 'OverflowError: Python int too large to convert to C unsigned long'],
    [2n ** 64n - 1n, 'u64', 'unsigned long', `value ${2n ** 64n - 1n}n`],
    [1.5, 'i64', 'long long', 'value 1'],
  ];
  for (const [v, kind, cname, want] of cases) {
    // unboxInt: Python objects → C ints inside compiled code (Cython 0.29 rules)
    it(`${String(v)} → ${cname}`, () => expect(err(() => conv.unboxInt(v, kind, cname))).toBe(want));
  }
  it('accepts Python floats and bigints inside generic code', () => {
    expect(conv.unboxInt(new rt.PyFloat(5), 'i32', 'int')).toBe(5);
    expect(conv.unboxInt(7n, 'i32', 'int')).toBe(7);
  });
});

describe('toFloat / toBint / boxing', () => {
  it('toFloat', () => {
    expect(conv.toFloat(2)).toBe(2);
    expect(conv.toFloat(true)).toBe(1);
    expect(conv.toFloat(3n)).toBe(3);
    expect(conv.toFloat(new rt.PyFloat(2))).toBe(2);
    expect(conv.toFloat(1e300, 'f32')).toBe(Infinity);
    expect(conv.toFloat(0.1, 'f32')).toBe(Math.fround(0.1));
    expect(err(() => conv.toFloat('x'))).toBe('TypeError: must be real number, not str');
    expect(err(() => conv.toFloat(null))).toBe('TypeError: must be real number, not NoneType');
    expect(err(() => conv.toFloat([1]))).toBe('TypeError: must be real number, not list');
    expect(err(() => conv.toFloat(2n ** 1024n))).toBe('OverflowError: int too large to convert to float');
  });
  it('toBint is Python truth', () => {
    expect([null, [], 'x', 2, NaN, 0, '', new Map(), new Map([[1, 2]])].map(conv.toBint)).toEqual([false, false, true, true, true, false, false, false, true]);
  });
  it('box helpers', () => {
    expect(conv.boxFloat(2)).toBeInstanceOf(rt.PyFloat);
    expect(conv.boxFloat(-0)).toBeInstanceOf(rt.PyFloat);
    expect(conv.boxFloat(2.5)).toBe(2.5);
    expect(conv.boxInt(2n ** 70n)).toBe(2n ** 70n);
    expect(conv.boxInt(5n)).toBe(5);
    expect(conv.i64ToJS(5n)).toBe(5);
  });
});

describe('toView', () => {
  const spec = (dtype: string, cname: string, ndim = 1, contig: any = null, notNone = false) => ({ dtype, cname, ndim, contig, notNone });
  it('TypedArrays and strided objects', () => {
    const d = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(conv.toView(d, spec('float64', 'double'), 'a')).toEqual({ data: d, offset: 0, shape: [6], strides: [1] });
    expect(conv.toView({ data: d, shape: [2, 3] }, spec('float64', 'double', 2), 'a')).toEqual({ data: d, offset: 0, shape: [2, 3], strides: [3, 1] });
    expect(conv.toView({ data: d, shape: [3], strides: [-2], offset: 5 }, spec('float64', 'double'), 'a')!.strides).toEqual([-2]);
    expect(conv.toView({ data: d, shape: [3], stride: 2 }, spec('float64', 'double'), 'a')!.strides).toEqual([2]);
    expect(conv.toView(null, spec('float64', 'double'), 'a')).toBe(null);
  });
  it("Cython's messages", () => {
    const f32 = new Float32Array(2);
    expect(err(() => conv.toView(f32, spec('float64', 'double'), 'a'))).toBe("ValueError: Buffer dtype mismatch, expected 'double' but got 'float'");
    expect(err(() => conv.toView(new BigInt64Array(2), spec('int32', 'int'), 'a'))).toBe("ValueError: Buffer dtype mismatch, expected 'int' but got 'long'");
    expect(err(() => conv.toView(new Uint32Array(2), spec('int32', 'int'), 'a'))).toBe("ValueError: Buffer dtype mismatch, expected 'int' but got 'unsigned int'");
    expect(err(() => conv.toView(new Int8Array(2), spec('uint8', 'unsigned char'), 'a'))).toBe("ValueError: Buffer dtype mismatch, expected 'unsigned char' but got 'signed char'");
    expect(err(() => conv.toView(new BigUint64Array(2), spec('float64', 'double'), 'a'))).toBe("ValueError: Buffer dtype mismatch, expected 'double' but got 'unsigned long'");
    expect(err(() => conv.toView(new Int16Array(2), spec('float64', 'double'), 'a'))).toBe("ValueError: Buffer dtype mismatch, expected 'double' but got 'short'");
    expect(err(() => conv.toView(new Uint16Array(2), spec('float64', 'double'), 'a'))).toBe("ValueError: Buffer dtype mismatch, expected 'double' but got 'unsigned short'");
    expect(err(() => conv.toView(new Float64Array(4), spec('float64', 'double', 2), 'a'))).toBe('ValueError: Buffer has wrong number of dimensions (expected 2, got 1)');
    expect(err(() => conv.toView({ data: new Float32Array(4), shape: [2, 2] }, spec('float64', 'double', 1), 'a'))).toBe('ValueError: Buffer has wrong number of dimensions (expected 1, got 2)');
    expect(err(() => conv.toView(null, spec('float64', 'double', 1, null, true), 'a'))).toBe("TypeError: Argument 'a' must not be None");
    expect(err(() => conv.toView({ data: new Float64Array(6), shape: [3], strides: [2] }, spec('float64', 'double', 1, 'c'), 'a'))).toBe('ValueError: ndarray is not C-contiguous');
    expect(err(() => conv.toView({ data: new Float64Array(4), shape: [2, 2] }, spec('float64', 'double', 2, 'f'), 'a'))).toBe('ValueError: ndarray is not Fortran contiguous');
    expect(err(() => conv.toView({ data: new Float32Array(8), shape: [2], strides: [2] }, spec('float64', 'double', 2, 'c'), 'a'))).toBe('ValueError: ndarray is not C-contiguous');
    expect(err(() => conv.toView('abc', spec('float64', 'double'), 'a'))).toBe("TypeError: a bytes-like object is required, not 'str'");
    expect(err(() => conv.toView(3, spec('float64', 'double'), 'a'))).toBe("TypeError: a bytes-like object is required, not 'int'");
    expect(err(() => conv.toView([1.0], spec('float64', 'double'), 'a'))).toBe("TypeError: a bytes-like object is required, not 'list'");
    expect(err(() => conv.unboxView(Uint8Array.of(1), spec('uint8', 'unsigned char')))).toBe('BufferError: Object is not writable.');
    expect(err(() => conv.unboxView(Uint8Array.of(1), spec('float64', 'const double')))).toBe("ValueError: Buffer dtype mismatch, expected 'const double' but got 'unsigned char'");
  });
  it('contiguity ignores extents of 1 and empty arrays (numpy rules)', () => {
    expect(conv.toView({ data: new Float64Array(6), shape: [3, 1], strides: [1, 5] }, spec('float64', 'double', 2, 'c'), 'a')).not.toBe(null);
    expect(conv.toView({ data: new Float64Array(0), shape: [0, 3], strides: [3, 2] }, spec('float64', 'double', 2, 'c'), 'a')).not.toBe(null);
    expect(err(() => conv.toView({ data: new Float64Array(6), shape: [2, 1], strides: [2, 1] }, spec('float64', 'double', 2, 'c'), 'a'))).toBe('ValueError: ndarray is not C-contiguous');
  });
  it('rejects views outside their buffer instead of reading out of bounds', () => {
    const d = new Float64Array(4);
    for (const bad of [
      { data: d, shape: [5] },
      { data: d, shape: [2], strides: [4] },
      { data: d, shape: [2], strides: [-1], offset: 0 },
      { data: d, shape: [2], offset: 3 },
      { data: d, shape: [1], offset: -1 },
      { data: d, shape: [2.5] },
      { data: d, shape: [-1] },
    ]) expect([JSON.stringify({ ...bad, data: 0 }), err(() => conv.toView(bad, spec('float64', 'double'), 'a'))]).toMatchObject([expect.anything(), expect.stringMatching(/^ValueError: /)]);
    const ab = new ArrayBuffer(16);
    const f = new Float64Array(ab);
    structuredClone(ab, { transfer: [ab] });
    expect(err(() => conv.toView({ data: f, shape: [2] }, spec('float64', 'double'), 'a'))).toMatch(/^ValueError: /);
    expect(conv.toView({ data: d, shape: [0], offset: 4 }, spec('float64', 'double'), 'a')!.shape).toEqual([0]);
  });
  it('viewToObject gives a memoryview NDArray sharing the data', () => {
    const d = new Int32Array([1, 2, 3]);
    const o = conv.viewToObject({ data: d, offset: 1, shape: [2], strides: [1] })!;
    expect(o).toBeInstanceOf(rt.NDArray);
    expect(py.repr(py.getitem(o, 0))).toBe('2');
    expect(conv.toJS(o)).toBe(o);
    expect(conv.toJS(conv.viewToObject({ data: d, offset: 0, shape: [3], strides: [1] }))).toBe(d);
  });
});

describe('fromJS / toJS', () => {
  it('converts deeply and keeps Python values shared', () => {
    const xs = [1, 'a', [2, 3]];
    expect(conv.fromJS(xs)).toBe(xs);
    const m = conv.fromJS(new Map<any, any>([['a', [1, new Set([2])]]]));
    expect(m).toBeInstanceOf(rt.PyDict);
    expect(py.repr(m)).toBe("{'a': [1, {2}]}");
    expect(py.repr(conv.fromJS({ x: 1.5, y: null }))).toBe("{'x': 1.5, 'y': None}");
    expect(conv.fromJS(undefined)).toBe(null);
    expect(conv.fromJS(5n)).toBe(5);
    expect(conv.fromJS(new Float64Array(2))).toBeInstanceOf(rt.NDArray);
    expect(conv.fromJS(Uint8Array.of(1))).toBeInstanceOf(Uint8Array);
    expect(py.repr(conv.fromJS([1, new Map([[1, 2]])]))).toBe('[1, {1: 2}]');
    expect(py.typeName(conv.fromJS(1e20))).toBe('float');
  });
  it('toJS', () => {
    const d = rt.PyDict.from([[Object.freeze([1, 2]), new rt.PyFloat(2)]]);
    const j = conv.toJS([d, Object.freeze([new rt.PyFloat(1)]), new rt.PySet([1]), 2n ** 70n, null]);
    expect(j[0]).toBeInstanceOf(Map);
    expect([...j[0].entries()]).toEqual([[[1, 2], 2]]);
    expect(Object.isFrozen(j[1])).toBe(false);
    expect(j[1]).toEqual([1]);
    expect(j[2]).toEqual(new Set([1]));
    expect(j[3]).toBe(2n ** 70n);
  });
  it('checkPyType', () => {
    expect(err(() => conv.checkPyType('x', 'list', 'a'))).toBe("TypeError: Argument 'a' has incorrect type (expected list, got str)");
    expect(err(() => conv.checkPyType(Object.freeze([1]), 'list', 'a'))).toBe("TypeError: Argument 'a' has incorrect type (expected list, got tuple)");
    expect(err(() => conv.checkPyType([], 'dict', 'a'))).toBe("TypeError: Argument 'a' has incorrect type (expected dict, got list)");
    expect(err(() => conv.checkPyType(1, 'str', 'a'))).toBe("TypeError: Argument 'a' has incorrect type (expected str, got int)");
    expect(conv.checkPyType(null, 'list', 'a')).toBe(null);
    expect(Object.isFrozen(conv.checkPyType([1, 2], 'tuple', 't'))).toBe(true);
  });
});

describe('parseArgs (Cython 0.29 messages)', () => {
  const P = (name: string, o: Partial<{ kwOnly: boolean; hasDefault: boolean; star: string }> = {}) => ({ name, kwOnly: false, hasDefault: false, star: '', ...o });
  const kw = (o: object) => rt.kwargs(o);
  const scaled = [P('a'), P('b', { hasDefault: true }), P('c', { hasDefault: true })];
  const exact2 = [P('a'), P('b')];
  const exact3 = [P('a'), P('b'), P('c')];
  const kwonly = [P('a'), P('sep', { kwOnly: true })];
  const kwonly3 = [P('a'), P('sep', { kwOnly: true }), P('end', { kwOnly: true })];
  const star = [P('a'), P('args', { star: '*' })];
  const kws = [P('a'), P('kw', { star: '**' })];
  const mixed = [P('a'), P('b', { hasDefault: true }), P('args', { star: '*' }), P('c', { kwOnly: true, hasDefault: true }), P('kw', { star: '**' })];
  const cases: [string, any[], any, string][] = [
    ['scaled', [1, 2, 3, 4], scaled, 'TypeError: scaled() takes at most 3 positional arguments (4 given)'],
    ['scaled', [], scaled, 'TypeError: scaled() takes at least 1 positional argument (0 given)'],
    ['scaled', [1, kw({ scale: 3 })], scaled, "TypeError: scaled() got an unexpected keyword argument 'scale'"],
    ['scaled', [1, kw({ a: 3 })], scaled, "TypeError: scaled() got multiple values for keyword argument 'a'"],
    ['scaled', [kw({ b: 1 })], scaled, 'TypeError: scaled() takes at least 1 positional argument (0 given)'],
    ['scaled', [1, 2, kw({ b: 3 })], scaled, "TypeError: scaled() got multiple values for keyword argument 'b'"],
    ['exact2', [1], exact2, 'TypeError: exact2() takes exactly 2 positional arguments (1 given)'],
    ['exact2', [1, 2, 3], exact2, 'TypeError: exact2() takes exactly 2 positional arguments (3 given)'],
    ['exact2', [1, kw({ c: 1 })], exact2, 'TypeError: exact2() takes exactly 2 positional arguments (1 given)'],
    ['exact2', [kw({ a: 1 })], exact2, 'TypeError: exact2() takes exactly 2 positional arguments (1 given)'],
    ['exact2', [1, kw({ b: 2, c: 3 })], exact2, "TypeError: exact2() got an unexpected keyword argument 'c'"],
    ['exact3', [kw({ c: 1 })], exact3, 'TypeError: exact3() takes exactly 3 positional arguments (0 given)'],
    ['exact3', [kw({ a: 1, c: 1 })], exact3, 'TypeError: exact3() takes exactly 3 positional arguments (1 given)'],
    ['exact3', [1, 2, kw({ d: 1 })], exact3, 'TypeError: exact3() takes exactly 3 positional arguments (2 given)'],
    ['exact3', [1, 2, 3, kw({ d: 1 })], exact3, "TypeError: exact3() got an unexpected keyword argument 'd'"],
    ['kwonly', [1], kwonly, 'TypeError: kwonly() needs keyword-only argument sep'],
    ['kwonly', [1, 2], kwonly, 'TypeError: kwonly() takes exactly 1 positional argument (2 given)'],
    ['kwonly', [1, kw({ x: 3 })], kwonly, 'TypeError: kwonly() needs keyword-only argument sep'],
    ['kwonly', [kw({ sep: 1 })], kwonly, 'TypeError: kwonly() takes exactly 1 positional argument (0 given)'],
    ['kwonly', [1, kw({ sep: 2, a: 3 })], kwonly, "TypeError: kwonly() got multiple values for keyword argument 'a'"],
    ['kwonly3', [1, kw({ sep: 2 })], kwonly3, 'TypeError: kwonly3() needs keyword-only argument end'],
    ['kwonly3', [1, kw({ end: 2 })], kwonly3, 'TypeError: kwonly3() needs keyword-only argument sep'],
    ['star', [], star, 'TypeError: star() takes at least 1 positional argument (0 given)'],
    ['star', [kw({ a: 1, b: 2 })], star, "TypeError: star() got an unexpected keyword argument 'b'"],
    ['kws', [1, 2], kws, 'TypeError: kws() takes exactly 1 positional argument (2 given)'],
    ['kws', [], kws, 'TypeError: kws() takes exactly 1 positional argument (0 given)'],
    ['kws', [1, kw({ a: 2 })], kws, "TypeError: kws() got multiple values for keyword argument 'a'"],
    ['mixed', [kw({ b: 1 })], mixed, 'TypeError: mixed() takes at least 1 positional argument (0 given)'],
    ['mixed', [1, kw({ a: 2 })], mixed, "TypeError: mixed() got multiple values for keyword argument 'a'"],
    ['noargs', [1], [], 'TypeError: mod.noargs() takes no arguments (1 given)'],
    ['noargs', [kw({ a: 1 })], [], 'TypeError: mod.noargs() takes no keyword arguments'],
    ['onearg', [], [P('a')], 'TypeError: mod.onearg() takes exactly one argument (0 given)'],
    ['onearg', [1, 2], [P('a')], 'TypeError: mod.onearg() takes exactly one argument (2 given)'],
    ['onearg', [kw({ a: 1 })], [P('a')], 'TypeError: mod.onearg() takes no keyword arguments'],
    ['onedef', [1, 2], [P('a', { hasDefault: true })], 'TypeError: onedef() takes at most 1 positional argument (2 given)'],
    ['onlystar', [kw({ a: 1 })], [P('args', { star: '*' })], "TypeError: onlystar() got an unexpected keyword argument 'a'"],
    ['onlykw', [1], [P('kw', { star: '**' })], 'TypeError: onlykw() takes exactly 0 positional arguments (1 given)'],
    ['kwo', [], [P('a', { kwOnly: true })], 'TypeError: kwo() needs keyword-only argument a'],
    ['kwo', [1], [P('a', { kwOnly: true })], 'TypeError: kwo() takes exactly 0 positional arguments (1 given)'],
    ['kwo', [kw({ a: 1, b: 2 })], [P('a', { kwOnly: true })], "TypeError: kwo() got an unexpected keyword argument 'b'"],
  ];
  for (const [fn, args, params, want] of cases) {
    it(`${fn}(${args.map((a) => (typeof a === 'object' ? JSON.stringify(a) : a)).join(', ')})`, () => {
      expect(err(() => conv.parseArgs(fn, args, params, undefined, 'mod.' + fn))).toBe(want);
    });
  }
  it('splits values, *args and **kwargs', () => {
    const out = conv.parseArgs('mixed', [1, 5, 6, 7, kw({ c: 9, z: 1, y: 2 })], mixed, 1);
    expect(out.slice(0, 2)).toEqual([1, 5]);
    expect(out[2]).toEqual([6, 7]);
    expect(Object.isFrozen(out[2])).toBe(true);
    expect(out[3]).toBe(9);
    expect(py.repr(out[4])).toBe("{'z': 1, 'y': 2}");
    const d = conv.parseArgs('mixed', [1], mixed, 1);
    expect(d[1]).toBe(undefined);
    expect(d[3]).toBe(undefined);
    expect(conv.parseArgs('scaled', [1, kw({ c: 3 })], scaled, 1)).toEqual([1, undefined, 3]);
  });
});
