# User fused types with 3+ members, contiguous fused memoryviews, fused
# return types, nested fused calls, two independent fused types in one def,
# const fused views, small integer dtypes, fused cdef functions called with
# different argument types from one function.
cimport cython

ctypedef fused num3:
    short
    int
    double

ctypedef fused arr_t:
    unsigned char
    signed char
    short
    unsigned short
    int
    unsigned int
    long long
    unsigned long long
    float
    double

ctypedef fused idx_t:
    int
    long long

ctypedef fused real:
    float
    double

cdef num3 bump(num3 x):
    return x + 1

cdef num3 bump_twice(num3 x):
    return bump(bump(x))

def bumps(int i, double d):
    cdef short s = <short>i
    return (bump(s), bump(i), bump(d), bump_twice(s), bump_twice(d))

def which3(num3 x):
    if num3 is short:
        return "short"
    elif num3 is int:
        return "int"
    return "double"

def total_c(arr_t[::1] a):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def max_of(arr_t[:] a):
    cdef arr_t m = a[0]
    cdef Py_ssize_t i
    for i in range(1, a.shape[0]):
        if a[i] > m:
            m = a[i]
    return m

def negate_inplace(arr_t[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] = -a[i]

def row_sums(real[:, ::1] m, real[::1] out):
    cdef Py_ssize_t i, j
    cdef real s
    for i in range(m.shape[0]):
        s = 0
        for j in range(m.shape[1]):
            s += m[i, j]
        out[i] = s

def gather(real[:] values, idx_t[:] idx):
    cdef Py_ssize_t i
    cdef double s = 0
    for i in range(idx.shape[0]):
        s += values[idx[i]]
    return s

def gather_kind(real[:] values, idx_t[:] idx):
    return cython.typeof(values[0]) + "/" + cython.typeof(idx[0])

cdef real dot_impl(real[:] a, real[:] b):
    cdef real s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s

def dot(real[:] a, real[:] b):
    return dot_impl(a, b)

cdef real first_or(real[:] a, real dflt):
    if a.shape[0] == 0:
        return dflt
    return a[0]

def firsts(double[:] d, float[:] f):
    return (first_or(d, -1.0), first_or(f, <float>-1.0))

def scale_by(real[:] a, real k):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] *= k
    return a[0]

def mixed_args(num3 a, num3 b):
    return a * b

cpdef real cp_mean(real[:] a):
    cdef real s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s / a.shape[0]

def call_cp(double[:] d, float[:] f):
    return (cp_mean(d), cp_mean(f), cp_mean[double](d))

def wrap_sum(arr_t[:] a):
    cdef arr_t s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s
