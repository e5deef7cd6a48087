// Generic (Python object) code: closures, Python globals, exceptions, print, calls with kwargs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handler, IRFunction, Stmt } from '../../src/compile/ir/ir.js';
import {
  T, bin, box, c, check, closure, cmp, constMsg, fn, global, load, module, print, py, pyGlobal, raise, ret, set,
  setGlobal, setPyGlobal, str, thrown, unbox,
} from './harness.js';

const obj = T.object;

describe('closures', () => {
  // def make_adder(k):
  //     def add(x, y=k): return x + k + y   (y's default is evaluated when `add` is created)
  //     f = add ; k = k + 100 (late binding: add sees the new k) ; return f
  function build(): IRFunction[] {
    let kRef: ReturnType<typeof c> | null = null;
    const parent = fn('make_adder', obj, (b) => {
      const k = b.param('k', obj);
      (b.locals.find((l) => l.id === (k as { id: number }).id)!).captured = true;
      kRef = k;
      const f = b.local('f', obj);
      return [set(f, closure('make_adder.add')), set(k, py('add', [k, c(100)])), ret(f)];
    });
    const child = fn(
      'make_adder.add',
      obj,
      (b) => {
        const x = b.param('x', obj);
        const y = b.param('y', obj, { default: kRef! });
        return [ret(py('add', [py('add', [x, kRef!]), y]))];
      },
      { parent: 'make_adder', pyName: 'add', flavor: 'lambda', exported: false },
    );
    return [parent, child];
  }

  it('capture enclosing locals by reference; defaults at creation', async () => {
    const m = await load(module(build()));
    const add = m.make_adder(1);
    expect(typeof add).toBe('function');
    // k is 101 when called; y defaults to 1 (k at creation)
    expect(add(10)).toBe(10 + 101 + 1);
    expect(add(10, 5)).toBe(10 + 101 + 5);
    // a second closure has its own k
    const add2 = m.make_adder(2);
    expect(add2(0)).toBe(102 + 2);
    expect(add(0)).toBe(101 + 1);
  });
});

describe('Python globals', () => {
  it('module init sets them; functions read and assign them; NameError when unset', async () => {
    const get = fn('get_scale', obj, () => [ret(pyGlobal('SCALE'))]);
    const setS = fn('set_scale', T.void, (b) => [setPyGlobal('SCALE', b.param('v', obj)), ret()]);
    const unset = fn('get_unset', obj, () => [ret(pyGlobal('UNSET'))]);
    const m = await load(
      module([get, setS, unset], { init: [setPyGlobal('SCALE', c(3))], pyGlobals: ['SCALE', 'UNSET'] }),
    );
    expect(m.get_scale()).toBe(3);
    m.set_scale('x');
    expect(m.get_scale()).toBe('x');
    expect(thrown(() => m.get_unset())).toEqual({ name: 'NameError', message: "name 'UNSET' is not defined" });
  });

  it('module functions are Python callables (Python values in and out), builtins resolve', async () => {
    // def double_it(int x, int y=1): return x * 2 * y   (C int params, boxed result)
    const dbl = fn('double_it', T.int, (b) => [ret(bin('mul', bin('mul', b.param('x', T.int), c(2)), b.param('y', T.int, { default: c(1) })))]);
    // def apply(): return double_it(21) + double_it(1, y=5)  via the Python global
    const apply = fn('apply', obj, () => [
      ret(
        py('add', [
          py('call', [pyGlobal('double_it'), c(21), c(null, obj)]),
          py('call', [pyGlobal('double_it'), c(1), py('dict_new', [str('y'), c(5)])]),
        ]),
      ),
    ]);
    const length = fn('length', obj, () => [ret(py('call', [pyGlobal('len'), py('list_new', [c(1), c(2), c(3)]), c(null, obj)]))]);
    const half = fn('half', T.double, (b) => [ret(bin('div', b.param('x', T.double), c(2, T.double)))]);
    const callHalf = fn('call_half', obj, () => [ret(py('call', [pyGlobal('half'), c(4), c(null, obj)]))]);
    const m = await load(module([dbl, apply, length, half, callHalf], { pyGlobals: ['double_it', 'half'] }));
    expect(m.apply()).toBe(42 + 10);
    expect(m.length()).toBe(3);
    // half(4) → 2.0 must stay a Python float inside generic code (boxed), and becomes 2 at the boundary
    expect(m.call_half()).toBe(2);
  });

  it('box and unbox', async () => {
    const f = fn('f', T.int, (b) => {
      const x = b.param('x', T.int);
      return [ret(unbox(py('add', [box(x), c(1)]), T.int))];
    });
    const g = fn('g', obj, (b) => [ret(box(b.param('x', T.double)))]);
    const m = await load(module([f, g]));
    expect(m.f(41)).toBe(42);
    expect(thrown(() => m.f(2147483647)).name).toBe('OverflowError');
    expect(m.g(2)).toBe(2);
  });
});

describe('exceptions', () => {
  const counters = [
    { name: 'caught', type: T.int, offset: 80, init: 0 },
    { name: 'finals', type: T.int, offset: 84, init: 0 },
  ];
  const inc = (g: string): Stmt => setGlobal(g, bin('add', global(g, T.int), c(1)));
  const tryStmt = (body: Stmt[], handlers: Handler[], orelse: Stmt[], fin: Stmt[]): Stmt => ({
    kind: 'try', body, handlers, orelse, finally: fin,
  });

  it('try / except as / else / finally', async () => {
    // def safe_div(int a, int b):
    //     try: r = a / b  (checked)   except ZeroDivisionError as e: caught += 1; r = -1   else: r += 100   finally: finals += 1
    //     return r
    const f = fn('safe_div', T.int, (b) => {
      const a = b.param('a', T.int);
      const d = b.param('b', T.int);
      const r = b.local('r', T.int);
      const e = b.local('e', obj);
      return [
        tryStmt(
          [set(r, check(cmp('ne', d, c(0)), 'ZeroDivisionError', constMsg('integer division or modulo by zero'), bin('div', a, d)))],
          [{ types: [c('ZeroDivisionError', T.py('str'))], bind: (e as { id: number }).id, body: [inc('caught'), set(r, c(-1))] }],
          [set(r, bin('add', r, c(100)))],
          [inc('finals')],
        ),
        ret(r),
      ];
    });
    const counts = fn('counts', obj, () => [ret(py('tuple_new', [box(global('caught', T.int)), box(global('finals', T.int))]))]);
    const m = await load(module([f, counts], { globals: counters }));
    expect(m.safe_div(10, 2)).toBe(105);
    expect(m.safe_div(1, 0)).toBe(-1);
    expect([...m.counts()]).toEqual([1, 2]);
  });

  it('handlers match module classes and tuples of types; others propagate; bare raise re-raises', async () => {
    // def f(int k):
    //   try:
    //     try:  if k == 1: raise MyError("one")  elif k == 2: raise ValueError("two")  else: raise KeyError("three")
    //     except (MyError, TypeError): return 10
    //     except ValueError: caught += 1; raise
    //     finally: finals += 1
    //   except BaseException: return 20 + caught
    const f = fn('f', T.int, (b) => {
      const k = b.param('k', T.int);
      return [
        tryStmt(
          [
            tryStmt(
              [
                {
                  kind: 'if', cond: cmp('eq', k, c(1)), then: [raise('MyError', constMsg('one'))],
                  else: [{ kind: 'if', cond: cmp('eq', k, c(2)), then: [raise('ValueError', constMsg('two'))], else: [raise('KeyError', constMsg('three'))] }],
                },
              ],
              [
                { types: [pyGlobal('MyError'), c('TypeError', T.py('str'))], bind: null, body: [ret(c(10))] },
                { types: [c('ValueError', T.py('str'))], bind: null, body: [inc('caught'), { kind: 'reraise' }] },
              ],
              [],
              [inc('finals')],
            ),
          ],
          [{ types: [c('BaseException', T.py('str'))], bind: null, body: [ret(bin('add', c(20), global('caught', T.int)))] }],
          [],
          [],
        ),
        ret(c(0)),
      ];
    });
    const g = fn('g', T.int, () => [
      tryStmt([raise('KeyError', constMsg('k'))], [{ types: [c('ValueError', T.py('str'))], bind: null, body: [ret(c(1))] }], [], []),
      ret(c(0)),
    ]);
    const m = await load(
      module([f, g], { globals: counters, exceptionClasses: [{ name: 'MyError', base: 'Exception' }], pyGlobals: ['MyError'] }),
    );
    expect(m.f(1)).toBe(10);
    expect(m.f(2)).toBe(21);
    expect(m.f(3)).toBe(21);
    expect(thrown(() => m.g()).name).toBe('KeyError');
  });

  it('raise of an object: a class is instantiated; an instance is raised as is', async () => {
    const f = fn('f', T.void, (b) => {
      const k = b.param('k', T.int);
      return [
        {
          kind: 'if',
          cond: cmp('eq', k, c(0)),
          then: [{ kind: 'pyRaise', value: pyGlobal('MyError'), cause: null }],
          else: [{ kind: 'pyRaise', value: py('exc_new', [pyGlobal('ValueError'), str('bad value'), c(null, obj)]), cause: null }],
        },
        ret(),
      ];
    });
    const m = await load(module([f], { exceptionClasses: [{ name: 'MyError', base: 'ValueError' }], pyGlobals: ['MyError'] }));
    expect(thrown(() => m.f(0)).name).toBe('MyError');
    expect(thrown(() => m.f(1))).toEqual({ name: 'ValueError', message: 'bad value' });
  });
});

describe('print', () => {
  let out: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  beforeEach(() => {
    out = [];
    process.stdout.write = ((s: string) => {
      out.push(String(s));
      return true;
    }) as typeof process.stdout.write;
  });
  afterEach(() => {
    process.stdout.write = orig;
  });

  it('writes through process.stdout.write during the call', async () => {
    const f = fn('show', T.void, (b) => [print(b.param('a', obj), box(b.param('x', T.double))), ret()]);
    const m = await load(module([f]));
    m.show(1, 2);
    expect(out.join('')).toBe('1 2.0\n');
  });
});
