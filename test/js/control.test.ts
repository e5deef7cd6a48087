// Control flow and errors: loops (break/continue/update), labeled blocks (for-else),
// short-circuit order, letIn, check/raise with messages, C globals.
import { describe, expect, it } from 'vitest';
import type { Expr, Stmt } from '../../src/compile/ir/ir.js';
import {
  T, and, bin, block, brk, c, call, check, cmp, cond, constMsg, cont, fmtMsg, fn, glueText, global, if_, letIn, load, loop,
  module, not, or, raise, ret, set, setGlobal, thrown,
} from './harness.js';

const i32 = T.int;

describe('loops', () => {
  it('break, continue and update; sibling and nested loops with the same label', async () => {
    // s = 0; i = 0
    // L: loop { if i >= n: break L; if i % 3 == 0: continue L; s += i; if s > limit: break L } update { i += 1 }
    // then a second loop labeled L: j = 0; L: loop { if j >= 2 break; L: loop (inner, same label) { s += 100; break L } } update j += 1
    const f = fn('f', i32, (b) => {
      const n = b.param('n', i32);
      const limit = b.param('limit', i32);
      const s = b.local('s', i32);
      const i = b.local('i', i32);
      const j = b.local('j', i32);
      return [
        set(s, c(0)),
        set(i, c(0)),
        loop(
          'L',
          [
            if_(cmp('ge', i, n), [brk('L')]),
            if_(cmp('eq', bin('rem', i, c(3)), c(0)), [cont('L')]),
            set(s, bin('add', s, i)),
            if_(cmp('gt', s, limit), [brk('L')]),
          ],
          [set(i, bin('add', i, c(1)))],
        ),
        set(j, c(0)),
        loop(
          'L',
          [if_(cmp('ge', j, c(2)), [brk('L')]), loop('L', [set(s, bin('add', s, c(100))), brk('L')])],
          [set(j, bin('add', j, c(1)))],
        ),
        ret(s),
      ];
    });
    const m = await load(module([f]));
    // 1+2+4+5+7+8 = 27, + 200
    expect(m.f(10, 1000)).toBe(227);
    // stops after s > 5: 1+2+4 = 7
    expect(m.f(10, 5)).toBe(207);
  });

  it('continue without update; while-style loop', async () => {
    // count down: i = n; L: loop { if i == 0: break; i -= 1; if i % 2: continue; s += 1 }
    const f = fn('evens', i32, (b) => {
      const n = b.param('n', i32);
      const s = b.local('s', i32);
      const i = b.local('i', i32);
      return [
        set(s, c(0)),
        set(i, n),
        loop('W', [
          if_(cmp('eq', i, c(0)), [brk('W')]),
          set(i, bin('sub', i, c(1))),
          if_(cmp('ne', bin('rem', i, c(2)), c(0)), [cont('W')]),
          set(s, bin('add', s, c(1))),
        ]),
        ret(s),
      ];
    });
    expect((await load(module([f]))).evens(7)).toBe(4);
  });

  it('for-else through a labeled block', async () => {
    // def find(a, n, x): for i in range(n): if i*i == x: break  else: return -1 ; return i
    const f = fn('find', i32, (b) => {
      const n = b.param('n', i32);
      const x = b.param('x', i32);
      const i = b.local('i', i32);
      const body: Stmt[] = [
        set(i, c(0)),
        block('found', [
          loop(
            'L',
            [if_(cmp('ge', i, n), [brk('L')]), if_(cmp('eq', bin('mul', i, i), x), [brk('found')])],
            [set(i, bin('add', i, c(1)))],
          ),
          ret(c(-1)), // the else clause
        ]),
        ret(i),
      ];
      return body;
    });
    const m = await load(module([f]));
    expect(m.find(10, 49)).toBe(7);
    expect(m.find(10, 50)).toBe(-1);
    expect(m.find(0, 0)).toBe(-1);
  });

  it('generated labels are unique JS identifiers', () => {
    const f = fn('f', T.void, () => [
      block('a-b', [loop('a-b', [brk('a-b')]), loop('$x', [brk('$x')])]),
      block('a-b', []),
      ret(),
    ]);
    const text = glueText(module([f]));
    const labels = [...text.matchAll(/^\s*([\w$]+): /gm)].map((m) => m[1]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => /^[A-Za-z_$][\w$]*$/.test(l!))).toBe(true);
  });
});

describe('evaluation order', () => {
  // trace(k, r): records digit k in the C global `trace` (trace = trace*10 + k), returns r
  const traceG = { name: 'trace', type: T.int, offset: 80, init: 0 };
  const tr = fn(
    'tr',
    T.bool,
    (b) => {
      const k = b.param('k', i32);
      const r = b.param('r', T.bool);
      return [setGlobal('trace', bin('add', bin('mul', global('trace', i32), c(10)), k)), ret(r)];
    },
    { flavor: 'cdef', exported: false },
  );
  const t = (k: number, r: boolean): Expr => call('tr', [c(k), c(r, T.bool)], T.bool);
  const getTrace = fn('get_trace', i32, () => {
    return [ret(global('trace', i32))];
  });
  const reset = fn('reset', T.void, () => [setGlobal('trace', c(0)), ret()]);

  it('and / or / cond / not short-circuit left to right', async () => {
    const cases: [string, Expr, boolean, number][] = [
      ['and_ff', and(t(1, false), t(2, true)), false, 1],
      ['and_tt', and(t(1, true), t(2, true)), true, 12],
      ['or_tf', or(t(1, true), t(2, false)), true, 1],
      ['or_ff', or(t(1, false), t(2, false)), false, 12],
      ['nested', or(and(t(1, true), t(2, false)), and(t(3, true), not(t(4, false)))), true, 1234],
      ['cond', cond(t(1, false), t(2, true), t(3, true)), true, 13],
    ];
    const fns = cases.map(([name, e]) => fn(name, T.bool, () => [ret(e)]));
    const m = await load(module([tr, getTrace, reset, ...fns], { globals: [traceG] }));
    for (const [name, , result, trace] of cases) {
      m.reset();
      expect(m[name](), name).toBe(result);
      expect(m.get_trace(), name).toBe(trace);
    }
  });

  it('letIn evaluates its value once; call arguments left to right', async () => {
    const two = fn('two', T.bool, (b) => {
      const x = b.local('$x', T.bool);
      const id = (x as { id: number }).id;
      return [ret(letIn(id, t(7, true), and(x, x)))];
    });
    const seq = fn(
      'seq',
      T.bool,
      (b) => [ret(cmp('eq', b.param('a', T.bool), b.param('b', T.bool)))],
      { flavor: 'cdef', exported: false },
    );
    const order = fn('order', T.bool, () => [ret(call('seq', [t(1, true), t(2, true)], T.bool))]);
    // y = (let $t = x * 2 in $t + $t); return y   — a comma expression on the right of `=`
    const assign = fn('assign', i32, (b) => {
      const x = b.param('x', i32);
      const y = b.local('y', i32);
      const tmp = b.local('$t', i32);
      const id = (tmp as { id: number }).id;
      return [set(y, letIn(id, bin('mul', x, c(2)), bin('add', tmp, tmp))), ret(y)];
    });
    const m = await load(module([tr, getTrace, reset, two, seq, order, assign], { globals: [traceG] }));
    expect(m.assign(5)).toBe(20);
    m.reset();
    expect(m.two()).toBe(true);
    expect(m.get_trace()).toBe(7);
    m.reset();
    expect(m.order()).toBe(true);
    expect(m.get_trace()).toBe(12);
  });
});

describe('errors', () => {
  it('check raises the named class with a const or formatted message', async () => {
    // def at(i, n): return check(0 <= i < n, IndexError, "index %d out of range (size %d)" % (i, n), i * 2)
    const at = fn('at', T.longlong, (b) => {
      const i = b.param('i', T.longlong);
      const n = b.param('n', T.longlong);
      return [
        ret(
          check(
            and(cmp('ge', i, c(0n, T.longlong)), cmp('lt', i, n)),
            'IndexError',
            fmtMsg('index %d out of range (size %d)', i, n),
            bin('mul', i, c(2n, T.longlong)),
          ),
        ),
      ];
    });
    const pos = fn('pos', T.double, (b) => {
      const x = b.param('x', T.double);
      return [ret(check(cmp('ge', x, c(0, T.double)), 'ValueError', constMsg('math domain error'), x))];
    });
    const m = await load(module([at, pos]));
    expect(m.at(3, 5)).toBe(6);
    expect(thrown(() => m.at(5, 5))).toEqual({ name: 'IndexError', message: 'index 5 out of range (size 5)' });
    expect(thrown(() => m.at(-1, 5))).toEqual({ name: 'IndexError', message: 'index -1 out of range (size 5)' });
    expect(thrown(() => m.pos(-1))).toEqual({ name: 'ValueError', message: 'math domain error' });
    expect(m.pos(2.5)).toBe(2.5);
    const e = (() => {
      try {
        m.pos(-1);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(Error);
  });

  it('raise of a module exception class, with a formatted float argument', async () => {
    const f = fn('withdraw', T.double, (b) => {
      const bal = b.param('balance', T.double);
      const amt = b.param('amount', T.double);
      return [
        if_(cmp('gt', amt, bal), [raise('InsufficientFunds', fmtMsg('need %s more', bin('sub', amt, bal)))]),
        ret(bin('sub', bal, amt)),
      ];
    });
    const m = await load(module([f], { exceptionClasses: [{ name: 'InsufficientFunds', base: 'ValueError' }] }));
    expect(m.withdraw(10, 4)).toBe(6);
    const e = thrown(() => m.withdraw(10, 12));
    expect(e.name).toBe('InsufficientFunds');
    // 2.0 stays a float in the message
    expect(e.message).toBe('need 2.0 more');
  });

  it('deep recursion in generic code becomes RecursionError', async () => {
    const f = fn('deep', i32, (b) => {
      const n = b.param('n', i32);
      return [ret(bin('add', call('deep', [bin('add', n, c(1))], i32), c(1)))];
    });
    const m = await load(module([f]));
    expect(thrown(() => m.deep(0)).name).toBe('RecursionError');
  });

  it('C globals live in the state block and keep their values across calls', async () => {
    const globals = [
      { name: 'count', type: T.int, offset: 80, init: 5 },
      { name: 'big', type: T.longlong, offset: 88, init: 2n ** 60n },
      { name: 'flag', type: T.bool, offset: 96, init: true },
      { name: 'ratio', type: T.float, offset: 100, init: 0.1 },
      { name: 'small', type: T.uchar, offset: 104, init: 250 },
    ];
    const bump = fn('bump', i32, () => [
      setGlobal('count', bin('add', global('count', i32), c(1))),
      setGlobal('big', bin('add', global('big', T.longlong), c(1n, T.longlong))),
      setGlobal('flag', not(global('flag', T.bool))),
      setGlobal('small', bin('add', global('small', T.uchar), c(3, T.uchar))),
      ret(global('count', i32)),
    ]);
    const getBig = fn('big_is', T.bool, (b) => [ret(cmp('eq', global('big', T.longlong), b.param('e', T.longlong)))]);
    const getFlag = fn('get_flag', T.bool, () => [ret(global('flag', T.bool))]);
    const getRatio = fn('get_ratio', T.float, () => [ret(global('ratio', T.float))]);
    const getSmall = fn('get_small', T.uchar, () => [ret(global('small', T.uchar))]);
    const m = await load(module([bump, getBig, getFlag, getRatio, getSmall], { globals }));
    expect(m.get_flag()).toBe(true);
    expect(m.get_ratio()).toBe(Math.fround(0.1));
    expect(m.bump()).toBe(6);
    expect(m.bump()).toBe(7);
    expect(m.big_is(2n ** 60n + 2n)).toBe(true);
    expect(m.get_flag()).toBe(true);
    expect(m.get_small()).toBe(0);
  });
});
