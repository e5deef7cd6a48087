cimport cython
from libc.limits cimport INT_MAX, INT_MIN, LLONG_MAX, UCHAR_MAX, SHRT_MIN, UINT_MAX
from libc.stdint cimport INT64_MAX, UINT8_MAX

DEF N = 10
DEF HALF = N / 4
DEF NAME = "abc"

@cython.overflowcheck(True)
def ovf_add(int a, int b):
    return a + b

@cython.overflowcheck(True)
def ovf_mul(long long a, long long b):
    return a * b

@cython.overflowcheck(True)
def ovf_sub_u(unsigned int a, unsigned int b):
    return a - b

@cython.overflowcheck(True)
def ovf_store(int a, int b):
    cdef int r = a * b
    return r

def limits():
    return (INT_MAX, INT_MIN, LLONG_MAX, UCHAR_MAX, SHRT_MIN, UINT_MAX, INT64_MAX, UINT8_MAX)

def defs():
    return (N, HALF, NAME, N * 2)

def infer_int(int a, int b):
    x = a * b
    return x

def infer_double(double a, int b):
    y = a * b
    return y

def infer_mixed(int a):
    z = a
    z = z * 1000000
    return z

def aug_uchar(unsigned char c):
    c += 300
    return c

def int_from_bool(bint b):
    cdef int r = b + b
    return r

def char_ops(char c):
    return (c + 1, <char>(c + 200), chr(c), c == 65)

def ord_chr(str s):
    cdef int o = ord(s)
    return (o, chr(o + 1))

@cython.overflowcheck(True)
def ovf_ll(long long a, long long b):
    return (a + b, a - b)

@cython.overflowcheck(True)
def ovf_ll_mul(long long a, long long b):
    return a * b

@cython.overflowcheck(True)
def ovf_ull(unsigned long long a, unsigned long long b):
    return (a + b, a * b)

@cython.overflowcheck(True)
def ovf_ull_sub(unsigned long long a, unsigned long long b):
    return a - b

@cython.overflowcheck(True)
def ovf_short(short a, short b):
    cdef short r = a * b
    return r

@cython.overflowcheck(True)
def ovf_aug(int n):
    cdef int acc = 1
    cdef int i
    for i in range(n):
        acc *= 10
    return acc

def ovf_with_block(int a, int b):
    cdef int r
    with cython.overflowcheck(True):
        r = a * b
    return r

@cython.overflowcheck(True)
def ovf_uint_mul(unsigned int a, unsigned int b):
    return a * b

def sizeof_types():
    return (sizeof(char), sizeof(short), sizeof(int), sizeof(long), sizeof(long long), sizeof(float), sizeof(double), sizeof(Py_ssize_t), sizeof(size_t), sizeof(bint))

def long_double(long double x):
    cdef long double y = x * 3
    return y

def py_int_of_c(int a):
    return (int(a), float(a), bool(a), str(a))

def int_of_float_c(double d):
    return int(d)

def cast_to_object(int a):
    return <object>a

def bool_from_double(double d):
    return bool(d)

def inplace_div(int n):
    n /= 2
    return n

def inplace_div_var(int n, int m):
    n /= m
    return n

def inplace_div_ll(long long n):
    n /= -3
    return n

@cython.cdivision(True)
def inplace_cdiv(int n, int m):
    n /= m
    return n

def inplace_div_double(double d, int m):
    d /= m
    return d
