# ** on C ints, C doubles and mixes: negative, zero and large exponents,
# constant and run-time exponents, and Python-object powers.
cimport cython

def ipow(int b, int e):
    return b ** e

def ipow_const2(int b):
    return b ** 2

def ipow_const3(long long b):
    return b ** 3

def ipow_const0(int b):
    return b ** 0

def ipow_neg_const(int b):
    return b ** -1

def ipow_neg_const2(int b):
    return b ** -2

def llpow(long long b, long long e):
    return b ** e

def upow(unsigned int b, unsigned int e):
    return b ** e

def ipow_stored(int b, int e):
    cdef int r = b ** e
    return r

def llpow_stored(long long b, int e):
    cdef long long r = b ** e
    return r

def fpow(double b, double e):
    return b ** e

def fpow_int_exp(double b, int e):
    return b ** e

def int_base_float_exp(int b, double e):
    return b ** e

def f32pow(float b, float e):
    cdef float r = b ** e
    return r

def fpow_const_half(double x):
    return x ** 0.5

def fpow_const_neg(double x):
    return x ** -1

def fpow_const2(double x):
    return x ** 2

def two_to(int n):
    return 2 ** n

def two_to_ll(int n):
    cdef long long r = 2 ** n
    return r

def pow_chain(int a):
    # right associative: a ** (2 ** 2)
    return a ** 2 ** 2

def neg_pow(int a):
    # unary minus binds looser than **
    return -a ** 2

def py_pow(a, b):
    return a ** b

def py_pow_mod(a, b, m):
    return pow(a, b, m)

def builtin_pow(double a, double b):
    return pow(a, b)

def builtin_pow_int(int a, int b):
    return pow(a, b)

def aug_pow(int b, int e):
    cdef int r = b
    r **= e
    return r

def aug_fpow(double b, double e):
    cdef double r = b
    r **= e
    return r
