// NDArray, cython.view.array and the numpy constructors.
import { describe, it, expect } from 'vitest';
import * as rt from '../../src/runtime/index.js';

const { py } = rt;
const kw = (o: object = {}) => rt.kwargs(o);

function err(f: () => any): string {
  try {
    f();
    return 'no error';
  } catch (e: any) {
    return `${e.name}: ${e.message}`;
  }
}

describe('NDArray', () => {
  it('basic access', () => {
    const a = new rt.NDArray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(a.ndim).toBe(2);
    expect(a.size).toBe(6);
    expect(a.strides).toEqual([3, 1]);
    expect(a.get(1, 2)).toBe(6);
    expect(a.get(-1, -1)).toBe(6);
    a.set(9, 0, 0);
    expect(a.toArray()).toEqual([[9, 2, 3], [4, 5, 6]]);
    expect(err(() => a.get(2, 0))).toBe('IndexError: index 2 is out of bounds for axis 0 with size 2');
    const b = new rt.NDArray(new BigInt64Array([1n, 2n ** 60n]));
    expect(b.get(1)).toBe(2n ** 60n);
    expect(b.get(0)).toBe(1);
  });
  it('Python indexing, slicing and iteration', () => {
    const a = new rt.NDArray(new Float64Array([0, 1, 2, 3, 4, 5]), [2, 3]);
    expect(py.repr(py.getitem(a, Object.freeze([1, 2])))).toBe('5.0');
    const row = py.getitem(a, 1);
    expect(row.shape).toEqual([3]);
    expect(py.repr(py.list(row))).toBe('[3.0, 4.0, 5.0]');
    const col = py.getitem(a, Object.freeze([py.slice_new(null, null, null), 1]));
    expect(col.toArray()).toEqual([1, 4]);
    const rev = py.getitem(a, Object.freeze([0, py.slice_new(null, null, -1)]));
    expect(rev.toArray()).toEqual([2, 1, 0]);
    py.setitem(a, Object.freeze([0, py.slice_new(null, null, null)]), 7);
    expect(a.toArray()).toEqual([[7, 7, 7], [3, 4, 5]]);
    expect(py.len(a)).toBe(2);
    expect(py.repr(py.getattr(a, 'shape'))).toBe('(2, 3)');
    expect(py.repr(a.tolist())).toBe('[[7.0, 7.0, 7.0], [3.0, 4.0, 5.0]]');
    expect(py.repr(a)).toBe('array([[7., 7., 7.],\n       [3., 4., 5.]])');
    expect(py.str(a)).toBe('[[7. 7. 7.]\n [3. 4. 5.]]');
    expect(err(() => py.getitem(a, 'x'))).toMatch(/^IndexError: only integers/);
    const mv = rt.conv.viewToObject({ data: new Int32Array([4, 5, 6]), offset: 0, shape: [3], strides: [1] })!;
    expect(err(() => py.getitem(mv, 5))).toBe('IndexError: Out of bounds on buffer access (axis 0)');
    expect(err(() => py.getitem(mv, py.slice_new(null, null, 0)))).toBe('ValueError: Step may not be zero (axis 0)');
    expect(py.str(mv)).toBe("<MemoryView of 'ndarray' object>");
    expect(py.repr(py.getitem(mv, -1))).toBe('6');
    py.setitem(mv, 0, 40);
    expect(mv.data[0]).toBe(40);
    expect(err(() => py.setitem(mv, 0, 2 ** 40))).toBe('OverflowError: value too large to convert to int');
    expect(err(() => py.setitem(mv, 0, 'x'))).toBe('TypeError: an integer is required');
    const dst = new rt.NDArray(new Float64Array(4), [4], undefined, 0, null, 'memoryview');
    expect(err(() => dst.assign(new rt.NDArray(new Float64Array(3))))).toBe('ValueError: got differing extents in dimension 0 (got 4 and 3)');
  });
  it('copy, methods and reprs', () => {
    const a = new rt.NDArray(new Float64Array([1, 2, 3, 4, 5, 6]), [3], [2], 1);
    expect(a.copy().toArray()).toEqual([2, 4, 6]);
    expect(py.callmethod(a, 'sum', kw())).toEqual(new rt.PyFloat(12));
    expect(py.repr(new rt.NDArray(new Int8Array([1, 2])))).toBe('array([1, 2], dtype=int8)');
    expect(py.repr(new rt.NDArray(new Float32Array([0.1, 1.5])))).toBe('array([0.1, 1.5], dtype=float32)');
    expect(py.repr(new rt.NDArray(new Float64Array(0)))).toBe('array([], dtype=float64)');
    expect(py.repr(new rt.NDArray(new Float64Array([1.5, NaN, Infinity])))).toBe('array([1.5, nan, inf])');
    expect(err(() => py.truth(new rt.NDArray(new Float64Array(2))))).toBe(
      'ValueError: The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()',
    );
    expect(err(() => py.hash(new rt.NDArray(new Float64Array(2))))).toBe("TypeError: unhashable type: 'numpy.ndarray'");
  });
});

describe('constructors', () => {
  it('cython.view.array', () => {
    const a = py.cvarray(Object.freeze([3]), 8, 'd');
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(a.shape).toEqual([3]);
    const b = py.cvarray(kw({ shape: Object.freeze([2, 2]), itemsize: 4, format: 'i' }));
    expect(b.data).toBeInstanceOf(Int32Array);
    expect(b.strides).toEqual([2, 1]);
    expect(py.cvarray(Object.freeze([2, 3]), 8, 'd', 'fortran').strides).toEqual([1, 2]);
    expect(err(() => py.cvarray(Object.freeze([0]), 8, 'd'))).toBe('ValueError: Invalid shape in axis 0: 0.');
    expect(err(() => py.cvarray(Object.freeze([3, 0]), 8, 'd'))).toBe('ValueError: Invalid shape in axis 1: 0.');
    expect(err(() => py.cvarray(Object.freeze([-1]), 8, 'd'))).toBe('ValueError: Invalid shape in axis 0: -1.');
    expect(err(() => py.cvarray(Object.freeze([]), 8, 'd'))).toBe('ValueError: Empty shape tuple for cython.array');
    expect(err(() => py.cvarray(Object.freeze([3]), 0, 'd'))).toBe('ValueError: itemsize <= 0 for cython.array');
    expect(err(() => py.cvarray([3], 8, 'd'))).toBe("TypeError: Argument 'shape' has incorrect type (expected tuple, got list)");
    expect(err(() => py.cvarray(3, 8, 'd'))).toBe("TypeError: Argument 'shape' has incorrect type (expected tuple, got int)");
    // a cvarray converts to a double[:] view record
    const v = rt.conv.unboxView(a, { dtype: 'float64', cname: 'double', ndim: 1 });
    expect(v!.data).toBe(a.data);
  });
  it('numpy.empty / zeros / ones', () => {
    const z = py.np_zeros(3, kw({ dtype: py.numpy.uint8 }));
    expect(z.data).toBeInstanceOf(Uint8Array);
    const o = py.np_ones(Object.freeze([2, 2]), 'int64');
    expect(o.data).toEqual(new BigInt64Array([1n, 1n, 1n, 1n]));
    const e = py.np_empty(4, kw({ dtype: py.numpy.float64 }));
    expect(e.data).toBeInstanceOf(Float64Array);
    expect(py.np_zeros(2, kw({ dtype: py.builtins.int })).dtype).toBe('int64');
    expect(py.np_zeros(0).size).toBe(0);
    expect(err(() => py.np_empty(-1))).toBe('ValueError: negative dimensions are not allowed');
    expect(err(() => py.np_zeros(3, 'xx'))).toBe("TypeError: data type 'xx' not understood");
    expect(err(() => py.np_zeros(2.5))).toBe("TypeError: expected a sequence of integers or a single integer, got '2.5'");
    expect(py.repr(py.getattr(z, 'dtype'))).toBe("dtype('uint8')");
    expect(rt.conv.toJS(z)).toBe(z.data);
    expect(py.np_array([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
  });
});
