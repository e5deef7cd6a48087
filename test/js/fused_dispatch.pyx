# Fused dispatch cases for test/js/fused.test.ts; the expectations there were produced by
# Debian cython3 0.29.32 with numpy 1.24 (compiled with gcc, called from CPython).
# The specializations are tiny; they must still run compiled here (ir/entry.ts):
# cypyx: tiny_in_js=False
cimport cython
ctypedef fused fl:
    float
    double
ctypedef fused ix:
    int
    long long
ctypedef fused num:
    int
    double

def only_float(fl x):
    return x * 2

def two(ix a, fl b):
    return a + b

def kw(num x, num y=3):
    return x + y

cpdef num twice(num x):
    return x * 2

def call_def_from_c(int a):
    return kw(a, a)

ctypedef fused ii:
    int
    long long

def wrapper_ii(ii x):
    return cython.typeof(x)

def call_ii(int a):
    return wrapper_ii(a)

cdef ii cwrap(ii x):
    return x

def call_cwrap(int a, long long b):
    return (cython.typeof(cwrap(a)), cython.typeof(cwrap(b)))


def tname(num x):
    return cython.typeof(x)

def mv(ix[:] a, fl b):
    return a[0] + b

def boolarg(num x):
    return x

def call_py(o):
    return kw(o)

def tin(num x):
    if num in fl:
        return "floating"
    return "not"

def tin2(num x):
    return "yes" if num is not int and (num is double) else "no"

# Cython's builtin fused types
from cython cimport floating

def bfl(cython.floating x):
    return cython.typeof(x)

def bfl2(floating x):
    if floating is double:
        return "d"
    return "f"

def bit(cython.integral x):
    return cython.typeof(x)

def bnm(cython.numeric x):
    return cython.typeof(x)

def btot(cython.floating[:] a):
    cdef double s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s
