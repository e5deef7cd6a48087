# Fused types with pointers, C arrays and ctuples: floating* parameters,
# fused locals of pointer type, malloc'd fused buffers, ctuple results of
# fused type, function pointers to a specialization, fused defaults and
# keyword arguments, dispatch over two fused arguments.
cimport cython
from libc.stdlib cimport malloc, free

ctypedef fused real:
    float
    double

ctypedef fused ival:
    int
    long long

cdef real psum(real* p, int n):
    cdef real s = 0
    cdef int i
    for i in range(n):
        s += p[i]
    return s

cdef void pscale(real* p, int n, real k):
    cdef int i
    for i in range(n):
        p[i] *= k

def ptr_sums(int n):
    cdef float* f = <float*>malloc(n * sizeof(float))
    cdef double* d = <double*>malloc(n * sizeof(double))
    cdef int i
    for i in range(n):
        f[i] = 0.1 * i
        d[i] = 0.1 * i
    pscale(f, n, <float>3)
    pscale(d, n, 3.0)
    out = (psum(f, n), psum(d, n))
    free(f)
    free(d)
    return out

def array_sums():
    cdef float[3] f = [0.5, 0.25, 0.125]
    cdef double[3] d = [0.1, 0.2, 0.3]
    return (psum(f, 3), psum(&d[0], 3))

cdef void swap_vals(real* a, real* b):
    cdef real t = a[0]
    a[0] = b[0]
    b[0] = t

def swapped(double x, double y):
    cdef float fx = x, fy = y
    swap_vals(&x, &y)
    swap_vals(&fx, &fy)
    return (x, y, fx, fy)

cdef int argmin(real* p, int n):
    cdef int i, best = 0
    for i in range(1, n):
        if p[i] < p[best]:
            best = i
    return best

def argmin_both(list xs):
    cdef int n = len(xs), i
    cdef double[8] d
    cdef float[8] f
    for i in range(n):
        d[i] = xs[i]
        f[i] = xs[i]
    return (argmin(d, n), argmin(f, n))

ctypedef double (*dfn)(double, double)

cdef real mul(real a, real b):
    return a * b

def via_funcptr(double a, double b):
    cdef dfn f = mul[double]
    return f(a, b)

def with_default(real x, int k=2):
    return x * k

def two_kinds(real x, ival n):
    return (cython.typeof(x), cython.typeof(n), x * n)

def view_and_scalar(real[:] a, ival k):
    cdef Py_ssize_t i
    cdef double s = 0
    for i in range(a.shape[0]):
        s += a[i] * k
    return (s, cython.typeof(a[0]), cython.typeof(k))

cdef ival isum(ival* p, int n):
    cdef ival s = 0
    cdef int i
    for i in range(n):
        s += p[i]
    return s

def int_ptr_sums(list xs):
    cdef int n = len(xs), i
    cdef int* a = <int*>malloc(n * sizeof(int))
    cdef long long* b = <long long*>malloc(n * sizeof(long long))
    for i in range(n):
        a[i] = xs[i]
        b[i] = xs[i]
    out = (isum(a, n), isum(b, n))
    free(a)
    free(b)
    return out

def literal_call():
    return (mul(1.5, 2.0), mul(<float>1.1, <float>3.0))

ctypedef float (*ffn)(float, float)

cdef double apply_d(dfn f, double a, double b):
    return f(a, b)

def via_funcptr_bare(double a, double b):
    cdef ffn g = mul
    cdef dfn h
    h = mul
    return (g(<float>a, <float>b), h(a, b), apply_d(mul, a, b))
