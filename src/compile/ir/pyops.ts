// The Python object operations that IR `py` nodes name. The lowering in
// semantics/ emits `{ kind: 'py', op, args }`; the JS back end calls the
// runtime function of the same name in src/runtime/py (`$py.<op>(...args)`).
// Arguments and results are Python objects in the runtime's value model
// (docs/value-model.md) unless the table says `bool` (a JS boolean, IR type
// bool) or `ssize` (a JS number, IR type Py_ssize_t).
//
// `kw` ops take a last argument that is a plain JS object of keyword
// arguments ({} when none).

export const PY_OPS = {
  // ---- arithmetic (Python semantics: ints unbounded, // and % floor, / true division)
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b (also str/list/tuple repetition)',
  truediv: 'a / b',
  floordiv: 'a // b',
  mod: 'a % b (also str % args formatting)',
  pow: 'a ** b',
  lshift: 'a << b',
  rshift: 'a >> b',
  bitand: 'a & b',
  bitor: 'a | b',
  bitxor: 'a ^ b',
  neg: '-a',
  pos: '+a',
  invert: '~a',
  iadd: 'a += b (lists extend in place and return a; others as add)',
  imul: 'a *= b (lists repeat in place)',
  // ---- comparisons: results are bool
  eq: 'bool: a == b',
  ne: 'bool: a != b',
  lt: 'bool: a < b',
  le: 'bool: a <= b',
  gt: 'bool: a > b',
  ge: 'bool: a >= b',
  is: 'bool: a is b',
  is_not: 'bool: a is not b',
  contains: 'bool: b in a (note the order: container first)',
  truth: 'bool: truth value of a',
  not: 'bool: not a',
  // ---- builtins (objects in, object out unless noted)
  len: 'ssize: len(a)',
  str: 'str(a)',
  repr: 'repr(a)',
  ascii: 'ascii(a)',
  int: 'int(a[, base])',
  float: 'float(a)',
  bool: 'bool(a) as a Python bool object',
  abs: 'abs(a)',
  min: 'kw: min(*args, key=, default=)',
  max: 'kw: max(*args, key=, default=)',
  sum: 'sum(iterable[, start])',
  sorted: 'kw: sorted(iterable, key=, reverse=)',
  reversed: 'reversed(seq)',
  enumerate: 'enumerate(iterable[, start])',
  zip: 'zip(*iterables)',
  range: 'range(a[, b[, c]]) object (ValueError "range() arg 3 must not be zero")',
  list: 'list([iterable])',
  tuple: 'tuple([iterable])',
  dict: 'kw: dict([mapping or iterable], **kw)',
  set: 'set([iterable])',
  frozenset: 'frozenset([iterable])',
  isinstance: 'bool: isinstance(a, cls or tuple of classes)',
  issubclass: 'bool: issubclass(a, cls)',
  round: 'round(x[, ndigits]) (banker\'s rounding, float repr exact)',
  divmod: 'divmod(a, b)',
  ord: 'ord(c)',
  chr: 'chr(i)',
  any: 'bool: any(iterable)',
  all: 'bool: all(iterable)',
  hash: 'hash(a)',
  map: 'map(f, *iterables)',
  filter: 'filter(f, iterable)',
  type: 'type(a)',
  id: 'id(a)',
  iter_: 'iter(a) as a Python iterator object',
  next_: 'next(it[, default])',
  callable: 'bool: callable(a)',
  getattr_: 'getattr(o, name[, default])',
  hasattr: 'bool: hasattr(o, name)',
  format: 'format(value, spec): spec is a str (also f-string fields)',
  // ---- construction
  list_new: 'list of the args',
  tuple_new: 'tuple of the args',
  set_new: 'set of the args',
  dict_new: 'dict from alternating key, value args',
  slice_new: 'slice(lo, hi, step) (None for missing)',
  str_concat: 'concatenation of str args (f-string pieces, already formatted)',
  // ---- containers and attributes
  getitem: 'a[k] (k may be a slice object)',
  setitem: 'a[k] = v; returns None',
  delitem: 'del a[k]; returns None',
  getattr: 'a.name (name is a JS string const)',
  setattr: 'a.name = v',
  callmethod: 'kw: a.name(*args, **kw) — args: (a, name, ...args, kw). Methods of str, list, dict, set, tuple, bytes, int, float, exceptions',
  call: 'kw: f(*args, **kw) — args: (f, ...args, kw)',
  call_star: 'f(*tuple_or_list, **dict) — args: (f, argsSeq, kwDictOrNull)',
  unpack: 'unpack(seq, n): a JS array of exactly n items (ValueError "not enough values to unpack (expected n, got m)" / "too many values to unpack (expected n)")',
  unpack_star: 'unpack_star(seq, before, after): JS array [...before items, list of the middle, ...after items]',
  // ---- iteration (for loops over objects)
  iter: 'a JS iterator over a (IR lowering: loop { v = next(it); if is_stop(v) break; ... })',
  next: 'the next value of the iterator, or the STOP sentinel',
  is_stop: 'bool: v is the STOP sentinel',
  // ---- exceptions
  exc_new: 'kw: instantiate exception class cls(*args)',
  exc_matches: 'bool: caught exception e matches class or tuple of classes',
  exc_class: 'define_exception(name, base) → a new exception class (module init)',
  // ---- C data
  cbytes: 'cbytes(p, n): bytes of the n bytes at C address p (a char pointer: p[:n]); n ssize',
} as const;

export type PyOp = keyof typeof PY_OPS;

/** Ops whose IR result type is bool (a JS boolean), not an object. */
export const PY_BOOL_OPS: ReadonlySet<string> = new Set([
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'is', 'is_not', 'contains', 'truth', 'not',
  'isinstance', 'issubclass', 'any', 'all', 'callable', 'hasattr', 'is_stop', 'exc_matches',
]);

/** Ops that take a trailing keyword-arguments JS object. */
export const PY_KW_OPS: ReadonlySet<string> = new Set(['min', 'max', 'sorted', 'dict', 'callmethod', 'call', 'exc_new']);
