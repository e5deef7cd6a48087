// Exceptions, dict/set key rules, iteration protocol, callables, print, nativeError.
import { describe, it, expect, vi } from 'vitest';
import * as rt from '../../src/runtime/index.js';

const { py, exc } = rt;
const kw = (o: object = {}) => o;

function err(f: () => any): string {
  try {
    const v = f();
    return `value ${py.repr(v)}`;
  } catch (e: any) {
    return `${e.name}: ${e.message}`;
  }
}

describe('exceptions', () => {
  it('hierarchy, names and str()', () => {
    const e = new exc.KeyError('k');
    expect(e).toBeInstanceOf(exc.LookupError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KeyError');
    expect(e.message).toBe("'k'");
    expect(new exc.ValueError('a').message).toBe('a');
    expect(new exc.ValueError('a', 1).message).toBe("('a', 1)");
    expect(new exc.ValueError().message).toBe('');
    expect(new exc.ValueError(3.0 as any).message).toBe('3');
    expect(new exc.ValueError(new rt.PyFloat(3)).message).toBe('3.0');
    expect(py.repr(new exc.ValueError('x'))).toBe("ValueError('x')");
    expect(py.repr(new exc.ValueError('x', 2))).toBe("ValueError('x', 2)");
    expect(py.repr(new exc.ValueError())).toBe('ValueError()');
    expect(String(new exc.TypeError('t'))).toBe('TypeError: t');
    expect(new exc.RecursionError('r')).toBeInstanceOf(exc.RuntimeError);
    expect(new exc.ZeroDivisionError()).toBeInstanceOf(exc.ArithmeticError);
    expect(new exc.UnboundLocalError()).toBeInstanceOf(exc.NameError);
    expect(new exc.UnicodeDecodeError()).toBeInstanceOf(exc.ValueError);
    expect(py.getattr(new exc.StopIteration(5), 'value')).toBe(5);
    expect(py.getattr(new exc.ValueError('a', 1), 'args')).toEqual(['a', 1]);
    expect((new exc.ValueError('boom').stack ?? '').split('\n')[0]).toBe('ValueError: boom');
  });
  it('raise / exc_new / exc_matches / exc_class', () => {
    expect(err(() => rt.raise('ValueError', 'bad'))).toBe('ValueError: bad');
    const Validation = py.exc_class('ValidationError', 'ValueError');
    const Insufficient = py.exc_class('InsufficientFunds', exc.Exception);
    expect(err(() => rt.raise(Validation, 'v'))).toBe('ValidationError: v');
    const v = py.exc_new(Validation, 'age 200', kw());
    expect(v.name).toBe('ValidationError');
    expect(v.message).toBe('age 200');
    expect(py.exc_matches(v, exc.ValueError)).toBe(true);
    expect(py.exc_matches(v, Object.freeze([exc.KeyError, exc.IndexError]))).toBe(false);
    expect(py.exc_matches(v, Object.freeze([exc.KeyError, Validation]))).toBe(true);
    expect(py.issubclass(Validation, exc.ValueError)).toBe(true);
    expect(py.issubclass(Insufficient, exc.ValueError)).toBe(false);
    expect(py.isinstance(py.call(Validation, 'x', kw()), exc.Exception)).toBe(true);
    expect(py.repr(py.getattr(py.type(v), '__name__'))).toBe("'ValidationError'");
    // super().__init__(msg) then attributes
    const f = py.exc_new(Insufficient, kw());
    f.__init__('need 30 more');
    py.setattr(f, 'needed', 130);
    expect(f.message).toBe('need 30 more');
    expect(py.getattr(f, 'needed')).toBe(130);
    // a Python __init__ given as a method runs on construction
    const Insuf2 = py.exc_class('InsufficientFunds', 'Exception', 'mod', {
      __init__(this: any, needed: any, available: any) {
        rt.BaseException.prototype.__init__.call(this, py.mod('need %d more', py.tuple_new(py.sub(needed, available))));
        py.setattr(this, 'needed', needed);
      },
    });
    const g = py.call(Insuf2, 130, 100, {});
    expect([g.name, g.message, py.getattr(g, 'needed'), py.repr(g)]).toEqual(['InsufficientFunds', 'need 30 more', 130, "InsufficientFunds('need 30 more')"]);
    expect(py.repr(Insuf2)).toBe("<class 'mod.InsufficientFunds'>");
    expect(py.exc_matches(new RangeError('Maximum call stack size exceeded'), exc.RecursionError)).toBe(true);
    const r = rt.fromJSError(new RangeError('Maximum call stack size exceeded')) as any;
    expect([r.name, r.message]).toEqual(['RecursionError', 'maximum recursion depth exceeded']);
    expect(py.exc_matches(new TypeError('js'), exc.Exception)).toBe(true);
    expect(py.exc_matches(new TypeError('js'), exc.TypeError)).toBe(false);
  });
  it('nativeError reads the state block and resets it', () => {
    const buf = new ArrayBuffer(96);
    const st = new Int32Array(buf, 0, 20);
    const f64 = new Float64Array(buf, 8, 4);
    const i64 = new BigInt64Array(buf, 40, 4);
    const mod = {
      excNames: ['', 'ZeroDivisionError', 'ValueError', 'Custom'],
      messages: [{ template: 'float division', args: [] }, { template: 'negative input: %d (%.1f) %s', args: ['i', 'f', 'b'] as any }, { template: '100%', args: [] }],
      classes: { Custom: py.exc_class('Custom', 'Exception') },
    };
    expect(rt.nativeError(st, mod)).toBe(null);
    st[0] = 1;
    st[1] = 0;
    let e = rt.nativeError(st, mod)!;
    expect([e.name, e.message, st[0]]).toEqual(['ZeroDivisionError', 'float division', 0]);
    st[0] = 2;
    st[1] = 1;
    i64[0] = -4n;
    f64[1] = 42.25;
    i64[2] = 1n;
    e = rt.nativeError(st, mod)!;
    expect(e.message).toBe('negative input: -4 (42.2) True');
    st[0] = 3;
    st[1] = 2;
    e = rt.nativeError(st, mod)!;
    expect([e.name, e.message]).toEqual(['Custom', '100%']);
  });
});

describe('dict and set keys', () => {
  it('1 == 1.0 == True, tuples by value, frozensets', () => {
    const d = new rt.PyDict();
    d.set(1, 'a');
    d.set(new rt.PyFloat(1), 'b');
    d.set(true, 'c');
    expect(d.size).toBe(1);
    expect(py.repr(d)).toBe("{1: 'c'}");
    d.set(Object.freeze([1, 2]), 't');
    expect(py.getitem(d, Object.freeze([new rt.PyFloat(1), 2]))).toBe('t');
    d.set(2n ** 70n, 'big');
    expect(py.getitem(d, 2n ** 70n)).toBe('big');
    expect(py.contains(d, rt.mkFloat(2 ** 70))).toBe(true);
    d.set(null, 'none');
    expect(py.getitem(d, null)).toBe('none');
    d.set(new rt.PySet([1, 2], true), 'fs');
    expect(py.getitem(d, new rt.PySet([2, 1], true))).toBe('fs');
    d.set('1', 'str');
    expect(py.getitem(d, 1)).toBe('c');
    d.set(Uint8Array.of(1), 'bytes');
    expect(py.getitem(d, Uint8Array.of(1))).toBe('bytes');
    d.set(0, 'zero');
    expect(py.getitem(d, -0)).toBe('zero');
    expect(py.getitem(d, false)).toBe('zero');
    expect(py.getitem(d, new rt.PyFloat(-0))).toBe('zero');
    expect(err(() => d.set([1], 1))).toBe("TypeError: unhashable type: 'list'");
    expect(err(() => d.set(new rt.PyDict(), 1))).toBe("TypeError: unhashable type: 'dict'");
    expect(err(() => py.set_new(new rt.PySet()))).toBe("TypeError: unhashable type: 'set'");
    expect(err(() => py.getitem(d, 'missing'))).toBe("KeyError: 'missing'");
    expect(err(() => py.getitem(d, Object.freeze([3])))).toBe('KeyError: (3,)');
  });
  it('insertion order, deletion, compaction and mutation during iteration', () => {
    const d = new rt.PyDict();
    for (let i = 0; i < 200; i++) d.set(i, i * i);
    for (let i = 0; i < 190; i++) py.delitem(d, i);
    d.set(5, 'again');
    expect(py.repr(d)).toBe("{190: 36100, 191: 36481, 192: 36864, 193: 37249, 194: 37636, 195: 38025, 196: 38416, 197: 38809, 198: 39204, 199: 39601, 5: 'again'}");
    const it = py.iter(d);
    py.next(it);
    d.set('new', 1);
    expect(err(() => py.next(it))).toBe('RuntimeError: dictionary changed size during iteration');
    const s = py.set_new(3, 1, 2);
    const si = py.iter(s);
    py.callmethod(s, 'add', 9, kw());
    expect(err(() => py.next(si))).toBe('RuntimeError: set changed size during iteration');
    expect(py.repr(py.sorted(s, kw()))).toBe('[1, 2, 3, 9]');
  });
  it('equality and views', () => {
    const a = py.dict_new('a', 1, 'b', 2), b = py.dict_new('b', 2, 'a', 1);
    expect(py.eq(a, b)).toBe(true);
    expect(py.eq(a, py.dict_new('a', 1))).toBe(false);
    const items = py.callmethod(a, 'items', kw());
    expect(py.repr(items)).toBe("dict_items([('a', 1), ('b', 2)])");
    expect(py.len(items)).toBe(2);
    expect(py.contains(items, Object.freeze(['a', 1]))).toBe(true);
    expect(py.repr(py.list(py.callmethod(a, 'keys', kw())))).toBe("['a', 'b']");
    expect(py.repr(py.callmethod(a, 'values', kw()))).toBe('dict_values([1, 2])');
    expect(py.repr(py.callmethod(py.dict_new('a', 'x'), 'items', kw()))).toBe("dict_items([('a', 'x')])");
    expect(py.repr(py.callmethod(py.dict_new('a', 'x'), 'values', kw()))).toBe("dict_values(['x'])");
    expect(err(() => py.callmethod(['a'], 'index', 'b', kw()))).toBe("ValueError: 'b' is not in list");
    const pairs = py.unpack(py.next(py.iter(items)), 2);
    expect(pairs).toEqual(['a', 1]);
    expect(py.eq(py.set_new(1, 2), py.frozenset(py.list_new(2, 1)))).toBe(true);
    expect(py.repr(py.bitor(a, py.dict_new('c', 3)))).toBe("{'a': 1, 'b': 2, 'c': 3}");
    expect(py.repr(py.callmethod(py.builtins.dict, 'fromkeys', 'ab', 0, kw()))).toBe("{'a': 0, 'b': 0}");
    expect(py.repr(py.dict(py.list_new(py.tuple_new('x', 1)), { y: 2 }))).toBe("{'x': 1, 'y': 2}");
  });
});

describe('iteration and callables', () => {
  it('iter/next protocol over values, generators and JS iterables', () => {
    const collect = (x: any) => {
      const it = py.iter(x);
      const out: any[] = [];
      for (let v = py.next(it); !py.is_stop(v); v = py.next(it)) out.push(v);
      return out;
    };
    expect(collect([1, 2])).toEqual([1, 2]);
    expect(collect('a😀b')).toEqual(['a', '😀', 'b']);
    expect(collect(py.range(5, 0, -2))).toEqual([5, 3, 1]);
    expect(collect(Uint8Array.of(7, 8))).toEqual([7, 8]);
    function* gen() {
      yield 1;
      yield 2;
    }
    expect(collect(gen())).toEqual([1, 2]);
    expect(collect(new Set([3]))).toEqual([3]);
    expect(err(() => py.iter(5))).toBe("TypeError: 'int' object is not iterable");
    expect(err(() => py.next_(py.iter([])))).toBe('StopIteration: ');
    expect(py.next_(py.iter([]), 'empty')).toBe('empty');
    expect(err(() => py.next_(5))).toBe("TypeError: 'int' object is not an iterator");
    // list iteration sees appends (Python semantics)
    const xs = [1];
    const it = py.iter(xs);
    py.next(it);
    xs.push(2);
    expect(py.next(it)).toBe(2);
    const g = gen();
    expect(py.next_(g)).toBe(1);
    expect(py.list(g)).toEqual([2]);
  });
  it('enumerate / zip / map / filter / reversed / sorted / min / max', () => {
    expect(py.repr(py.list(py.enumerate(['x', 'y'], 1)))).toBe("[(1, 'x'), (2, 'y')]");
    expect(py.repr(py.list(py.zip([1, 2, 3], 'ab')))).toBe("[(1, 'a'), (2, 'b')]");
    expect(py.repr(py.list(py.zip(...[[1, 2], [3, 4]])))).toBe('[(1, 3), (2, 4)]');
    expect(py.list(py.map((v: any) => py.mul(v, 10), [0, 1]))).toEqual([0, 10]);
    expect(py.list(py.filter((v: any) => py.gt(v, 1), [0, 1, 2, 3]))).toEqual([2, 3]);
    expect(py.list(py.filter(null, [0, 1, '', 'a']))).toEqual([1, 'a']);
    expect(py.list(py.reversed(py.range(5)))).toEqual([4, 3, 2, 1, 0]);
    expect(py.list(py.reversed('abc'))).toEqual(['c', 'b', 'a']);
    expect(err(() => py.reversed(5))).toBe("TypeError: 'int' object is not reversible");
    const pairs = [[1, 'b'], [2, 'a'], [3, 'b'], [0, 'a']];
    const key = (p: any) => py.tuple_new(py.getitem(p, 1), py.neg(py.getitem(p, 0)));
    expect(py.repr(py.sorted(pairs, { key }))).toBe("[[2, 'a'], [0, 'a'], [3, 'b'], [1, 'b']]");
    expect(py.sorted(['ccc', 'a', 'bb', 'dd', ''], { key: py.builtins.len })).toEqual(['', 'a', 'bb', 'dd', 'ccc']);
    expect(py.sorted([3, 1, 2, 3], { reverse: true })).toEqual([3, 3, 2, 1]);
    // reverse keeps equal keys in original order
    expect(py.repr(py.sorted([[1, 'a'], [1, 'b'], [0, 'c']], { key: (p: any) => py.getitem(p, 0), reverse: true }))).toBe("[[1, 'a'], [1, 'b'], [0, 'c']]");
    expect(py.min([3, -1, 4], kw())).toBe(-1);
    expect(py.max(3, 9, 4, kw())).toBe(9);
    expect(py.min('ab', 'b', kw())).toBe('ab');
    expect(py.max(['aa', 'b'], { key: py.builtins.len })).toBe('aa');
    expect(py.max([], { default: 7 })).toBe(7);
    expect(err(() => py.min([], kw()))).toBe('ValueError: min() arg is an empty sequence');
    expect(py.repr(py.sum([2.5, 0.5]))).toBe('3.0');
    expect(py.sum(py.map((i: any) => py.mul(i, i), py.filter((i: any) => py.mod(i, 2), py.range(10))))).toBe(165);
    expect(py.any(py.list_new(0, 4))).toBe(true);
    expect(py.all([])).toBe(true);
  });
  it('call / call_star / kwargs / callable / classes', () => {
    const f = (...args: any[]) => args;
    expect(py.call(f, 1, 2, {})).toEqual([1, 2]);
    const r = py.call(f, 1, { n: 2 });
    expect(r[0]).toBe(1);
    expect(r[1][rt.KW]).toBe(true);
    expect(r[1].n).toBe(2);
    expect(py.call_star(f, Object.freeze([1, 2]), null)).toEqual([1, 2]);
    expect(py.call_star(f, [1], py.dict_new('k', 3))[1].k).toBe(3);
    expect(err(() => py.call(5, {}))).toBe("TypeError: 'int' object is not callable");
    expect(py.call(py.builtins.int, '42', {})).toBe(42);
    expect(py.call(py.builtins.list, 'ab', {})).toEqual(['a', 'b']);
    expect(py.callable(py.builtins.len)).toBe(true);
    expect(py.callable(3)).toBe(false);
    class Point {
      constructor(public x: number) {}
    }
    expect(py.call(Point, 3, {}).x).toBe(3);
    expect(py.isinstance(true, py.builtins.int)).toBe(true);
    expect(py.isinstance(1, py.builtins.bool)).toBe(false);
    expect(py.isinstance(Object.freeze([1]), Object.freeze([py.builtins.list, py.builtins.tuple]))).toBe(true);
    expect(py.isinstance(new Point(1), Point)).toBe(true);
    expect(py.type(1.5)).toBe(py.builtins.float);
    expect(py.getattr(py.type('x'), '__name__')).toBe('str');
    expect(py.repr(py.builtins.int)).toBe("<class 'int'>");
    expect(py.repr(py.builtins.len)).toBe('<built-in function len>');
    const m = py.getattr([1], 'append');
    m(2);
    expect(py.getattr(m, '__name__')).toBe('append');
    expect(err(() => py.getattr(1, 'x'))).toBe("AttributeError: 'int' object has no attribute 'x'");
    expect(err(() => py.setattr([], 'x', 1))).toBe("AttributeError: 'list' object has no attribute 'x'");
    expect(py.getattr_(1, 'x', 'dflt')).toBe('dflt');
    expect(py.hasattr('s', 'upper')).toBe(true);
    expect(py.getattr(5, 'real')).toBe(5);
    expect(py.callmethod(py.builtins.str, 'upper', 'ab', kw())).toBe('AB');
    expect(py.callmethod(py.builtins.int, 'from_bytes', Uint8Array.of(1, 0), 'big', kw())).toBe(256);
  });
  it('unpacking (Cython messages)', () => {
    expect(err(() => py.unpack(Object.freeze([1, 2]), 3))).toBe('ValueError: need more than 2 values to unpack');
    expect(err(() => py.unpack([1], 2))).toBe('ValueError: need more than 1 value to unpack');
    expect(err(() => py.unpack([], 2))).toBe('ValueError: need more than 0 values to unpack');
    expect(err(() => py.unpack([1, 2, 3], 2))).toBe('ValueError: too many values to unpack (expected 2)');
    expect(err(() => py.unpack(py.iter([1, 2, 3]), 2))).toBe('ValueError: too many values to unpack (expected 2)');
    expect(err(() => py.unpack(5, 2))).toBe("TypeError: 'int' object is not iterable");
    expect(py.unpack('ab', 2)).toEqual(['a', 'b']);
    expect(py.unpack_star([1, 2, 3, 4], 1, 1)).toEqual([1, [2, 3], 4]);
    expect(py.unpack_star([1, 2], 1, 1)).toEqual([1, [], 2]);
    expect(err(() => py.unpack_star([1], 1, 1))).toBe('ValueError: need more than 1 value to unpack');
  });
  it('item assignment and deletion on lists', () => {
    const xs = [0, 1, 2, 3, 4, 5];
    py.setitem(xs, py.slice_new(1, 3, null), ['a', 'b', 'c']);
    expect(xs).toEqual([0, 'a', 'b', 'c', 3, 4, 5]);
    py.setitem(xs, py.slice_new(null, null, 2), [9, 9, 9, 9]);
    expect(xs).toEqual([9, 'a', 9, 'c', 9, 4, 9]);
    expect(err(() => py.setitem(xs, py.slice_new(null, null, 2), [1]))).toBe('ValueError: attempt to assign sequence of size 1 to extended slice of size 4');
    py.delitem(xs, py.slice_new(null, null, 2));
    expect(xs).toEqual(['a', 'c', 4]);
    py.delitem(xs, -1);
    expect(xs).toEqual(['a', 'c']);
    expect(err(() => py.delitem(xs, 5))).toBe('IndexError: list assignment index out of range');
    expect(err(() => py.setitem(xs, 5, 0))).toBe('IndexError: list assignment index out of range');
    expect(err(() => py.setitem('ab', 0, 'x'))).toBe("TypeError: 'str' object does not support item assignment");
    expect(err(() => py.setitem(Object.freeze([1]), 0, 'x'))).toBe("TypeError: 'tuple' object does not support item assignment");
    const ys = [1, 2];
    expect(py.iadd(ys, Object.freeze([3]))).toBe(ys);
    expect(py.imul(ys, 2)).toBe(ys);
    expect(ys).toEqual([1, 2, 3, 1, 2, 3]);
    const t = Object.freeze([1]);
    expect(py.iadd(t, Object.freeze([2]))).toEqual([1, 2]);
  });
});

describe('print', () => {
  it('writes through process.stdout.write with Python formatting', () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: any) => {
      out.push(String(s));
      return true;
    });
    try {
      rt.print([1, 2]);
      rt.print([1, 2], '-', '!\n');
      rt.print([]);
      rt.print(['sum:', py.add(1, 2)]);
      rt.print([1.5, py.mul(1.5, 3), py.truediv(0.1, 3), rt.mkFloat(1e16), rt.mkFloat(1.0), null, true, Object.freeze([1])], null, '');
      expect(() => rt.print([1], 5 as any)).toThrow('sep must be None or a string, not int');
    } finally {
      spy.mockRestore();
    }
    expect(out.join('')).toBe('1 2\n1-2!\n\nsum: 3\n1.5 4.5 0.03333333333333333 1e+16 1.0 None True (1,)');
  });
});
