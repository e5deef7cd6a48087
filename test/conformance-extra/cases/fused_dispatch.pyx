# Fused dispatch details: memoryview members of a fused type, unsigned
# members, bool and None arguments, fused views returned (sliced), `in`
# tests on fused types, cpdef fused with defaults, one fused function
# calling another with a different fused type.
cimport cython

ctypedef fused vec:
    float[:]
    double[:]
    int[:]

ctypedef fused grid:
    double[:]
    double[:, :]

ctypedef fused uval:
    unsigned int
    double

ctypedef fused real:
    float
    double

ctypedef fused ival:
    int
    long long

def vec_kind(vec v):
    if vec is float[:]:
        return "f32"
    elif vec is double[:]:
        return "f64"
    return "i32"

def vec_sum(vec v):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(v.shape[0]):
        s += v[i]
    return s

def grid_ndim(grid g):
    if grid is double[:]:
        return 1
    return g.ndim

def uval_kind(uval x):
    if uval is double:
        return ("double", x)
    return ("uint", x)

def tail(real[:] a, int k):
    return a[k:]

def every_other(real[:] a):
    return a[::2]

def real_in(real x):
    if real in cython.floating:
        return "floating"
    return "other"

cpdef real cp_scale(real x, real k=2):
    return x * k

cdef long long to_count(real x):
    return <long long>(x * 10)

cdef ival widen(ival n, real x):
    return n + <ival>to_count(x)

def widen_all(int n, double x):
    return (widen(n, x), widen(<long long>n * 1000000000, <float>x))

def maybe_view(real[:] a=None):
    if a is None:
        return -1
    return a.shape[0]

def none_first(real[:] a, real x):
    return x if a is None else a[0] + x
