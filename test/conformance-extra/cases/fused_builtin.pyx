# Cython's builtin fused types: cython.floating, cython.integral,
# cython.numeric; fused return types; fused locals; typeof.
cimport cython
from cython cimport floating, integral

def f_kind(cython.floating x):
    return cython.typeof(x)

def i_kind(cython.integral x):
    return cython.typeof(x)

def n_kind(cython.numeric x):
    return cython.typeof(x)

cdef floating twice(floating x):
    return x + x

cdef integral halve_i(integral x):
    return x // 2

def twice_both(double d):
    return (twice(<float>d), twice(d), twice[float](d), twice[double](d))

def halve_all(long long v):
    return (halve_i(<short>v), halve_i(<int>v), halve_i(<long>v))

def sum_floating(floating[:] a):
    cdef floating s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_integral(integral[:] a):
    cdef integral s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def floating_scale(floating x, double k):
    cdef floating r = x * k
    return r

def integral_wrap(integral x):
    cdef integral y = x * 3
    return y

cdef floating poly(floating x, floating a, floating b, floating c):
    return (a * x + b) * x + c

def poly_f32(float x):
    return poly(x, <float>0.1, <float>0.2, <float>0.3)

def poly_f64(double x):
    return poly(x, 0.1, 0.2, 0.3)

def typeof_locals(floating x):
    cdef floating y = x
    z = y * 2
    return (cython.typeof(y), cython.typeof(x * 2), z)

def is_checks(cython.numeric x):
    if cython.numeric is short:
        return 1
    elif cython.numeric is int:
        return 2
    elif cython.numeric is long:
        return 3
    elif cython.numeric is float:
        return 4
    elif cython.numeric is double:
        return 5
    return 0
