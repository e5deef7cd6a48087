# Function pointers: declared without a ctypedef, passed to and returned
# from cdef functions, stored in structs and arrays, NULL checks, pointers
# to functions taking pointers and structs, higher-order helpers.

cdef struct Acc:
    double total
    int count

ctypedef void (*acc_fn)(Acc*, double)
ctypedef double (*bin_fn)(double, double)
ctypedef int (*pred_fn)(int)

cdef void acc_add(Acc* a, double x):
    a.total += x
    a.count += 1

cdef void acc_sq(Acc* a, double x):
    a.total += x * x
    a.count += 1

cdef double fadd(double a, double b):
    return a + b

cdef double fmul(double a, double b):
    return a * b

cdef double fmax(double a, double b):
    return a if a > b else b

cdef int is_even(int x):
    return x % 2 == 0

cdef int is_pos(int x):
    return x > 0

cdef struct Op:
    char sym
    bin_fn fn

cdef Op[3] OPS

OPS[0].sym = 43
OPS[0].fn = fadd
OPS[1].sym = 42
OPS[1].fn = fmul
OPS[2].sym = 77
OPS[2].fn = fmax

def accumulate(list xs, bint squares):
    cdef Acc a
    a.total = 0
    a.count = 0
    cdef acc_fn f = acc_sq if squares else acc_add
    for x in xs:
        f(&a, x)
    return a

def raw_decl(double x):
    cdef double (*g)(double, double)
    g = fmul
    cdef double (*h)(double, double)
    h = &fadd
    return g(x, x) + h(x, 1)

cdef double reduce(bin_fn f, double* xs, int n, double init):
    cdef int i
    cdef double acc = init
    for i in range(n):
        acc = f(acc, xs[i])
    return acc

def reduce_by(int sym, list values):
    cdef double[16] buf
    cdef int n = len(values), i
    for i in range(n):
        buf[i] = values[i]
    for i in range(3):
        if OPS[i].sym == sym:
            return reduce(OPS[i].fn, buf, n, 0.0 if sym == 43 else (1.0 if sym == 42 else -1e300))
    raise KeyError(sym)

cdef bin_fn choose(int k):
    if k == 0:
        return fadd
    if k == 1:
        return fmul
    return NULL

def maybe_apply(int k, double a, double b):
    cdef bin_fn f = choose(k)
    if f is NULL:
        return None
    return f(a, b)

def count_if(int which, list xs):
    cdef pred_fn p = is_even if which == 0 else is_pos
    cdef int n = 0
    for x in xs:
        if p(x):
            n += 1
    return n

def fp_identity(int a, int b):
    cdef pred_fn p = is_even
    cdef pred_fn q = is_pos
    cdef pred_fn r = is_even
    return (p == r, p == q, p != q, p is not NULL)

cdef double twice_apply(double (*f)(double, double), double x):
    return f(f(x, x), x)

def twice(int k, double x):
    return twice_apply(choose(k), x)

ctypedef Acc (*make_fn)(double)

cdef Acc make_acc(double v):
    cdef Acc a
    a.total = v
    a.count = 1
    return a

def via_struct_return(double v):
    cdef make_fn m = make_acc
    cdef Acc a = m(v)
    return (a.total, a.count)

cdef int apply_pred_array(pred_fn* preds, int n, int x):
    cdef int i, c = 0
    for i in range(n):
        if preds[i](x):
            c += 1
    return c

def all_preds(int x):
    cdef pred_fn[2] ps = [is_even, is_pos]
    return apply_pred_array(ps, 2, x)
