# Functions with every kind of parameter, for the boundary tests.
def f64(double x):
    return x * 2
def i32(int x):
    return x + 1
def u8(unsigned char x):
    return x
def i64(long long x):
    return x
def u64(unsigned long long x):
    return x
def flag(bint b):
    return not b
def total(double[:] a):
    cdef Py_ssize_t i
    cdef double s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s
def first2d(double[:, ::1] m):
    return m[0, 0]
def scale(double[:] a, double k):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] *= k
def pick(double[:] a, Py_ssize_t i):
    return a[i]
def kw(int a, int b=10, *, int c=100):
    return a + b + c
def recurse(int n):
    return recurse(n + 1) + 1
