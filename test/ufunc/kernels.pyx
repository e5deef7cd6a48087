# ufunc and reduction kernels for test/ufunc (one fused type over every numeric dtype)
cimport cython
from libc.math cimport exp

ctypedef fused anyt:
    signed char
    unsigned char
    short
    unsigned short
    int
    unsigned int
    long long
    unsigned long long
    float
    double

@cython.ufunc
cdef anyt addt(anyt a, anyt b):
    return a + b

@cython.ufunc
cdef anyt mul3(anyt a, anyt b, anyt c):
    return a * b * c

@cython.ufunc
cdef double sigmoid(double x):
    return 1.0 / (1.0 + exp(-x))

@cython.ufunc
cdef double hyp(double a, float b):
    return a * a + b * b

ctypedef fused real:
    float
    double

@cython.ufunc
cdef real maxabs(real a, real b):
    # a user-defined binary reduction: the larger magnitude
    if (a if a >= 0 else -a) >= (b if b >= 0 else -b):
        return a
    return b

@cython.ufunc
cdef long long gcd(long long a, long long b):
    cdef long long t
    while b != 0:
        t = a % b
        a = b
        b = t
    return a if a >= 0 else -a

@cython.ufunc
@cython.cdivision(True)
cdef double safe_div(double a, double b):
    return a / b
