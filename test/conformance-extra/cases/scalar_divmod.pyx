# // and % on C floats and ints with every sign combination and zeros,
# cdivision on and off (decorator, with-block and cdivision_warnings),
# divmod-like helpers and true division returning floats.
cimport cython

def f_floordiv(double a, double b):
    return a // b

def f_mod(double a, double b):
    return a % b

def f_div(double a, double b):
    return a / b

def f32_floordiv(float a, float b):
    return a // b

def f32_mod(float a, float b):
    return a % b

def f_divmod(double a, double b):
    return (a // b, a % b)

@cython.cdivision(True)
def f_cfloordiv(double a, double b):
    return a // b

@cython.cdivision(True)
def f_cmod(double a, double b):
    return a % b

def i_divmod(int a, int b):
    return (a // b, a % b)

def i_truediv(int a, int b):
    return a / b

def ll_truediv(long long a, long long b):
    return a / b

def i_mod_float(int a, double b):
    return a % b

@cython.cdivision(True)
def ci_divmod(int a, int b):
    return (a // b, a % b)

@cython.cdivision(True)
def ci_truediv(int a, int b):
    return a / b

@cython.cdivision(True)
def ci_truediv_store(int a, int b):
    cdef double r = a / b
    return r

def with_cdiv(int a, int b):
    cdef int q, r
    with cython.cdivision(True):
        q = a // b
        r = a % b
    return (q, r)

@cython.cdivision(True)
def with_pydiv(int a, int b):
    cdef int q
    with cython.cdivision(False):
        q = a // b
    return q

@cython.cdivision_warnings(True)
def warn_floordiv(int a, int b):
    return a // b

@cython.cdivision_warnings(True)
def warn_mod(int a, int b):
    return a % b

@cython.cdivision(True)
@cython.cdivision_warnings(True)
def warn_cmod(int a, int b):
    return a % b

def u_divmod(unsigned int a, unsigned int b):
    return (a // b, a % b)

def uc_mod(unsigned char a, unsigned char b):
    return a % b

def s_divmod(short a, short b):
    return (a // b, a % b)

def int_min_div(int a):
    return a // -1

def int_min_div_var(int a, int b):
    return a // b

def ll_div_lit(long long a):
    return (a // 7, a % 7, a // -7, a % -7)

def mod_lit_neg(int a):
    return a % -3

def float_mod_int_lit(double a):
    return a % 3

def aug_floordiv(int a, int b):
    a //= b
    return a

def aug_mod(double a, double b):
    a %= b
    return a

def aug_div(double a, int b):
    a /= b
    return a

def digits_sum_py(long long n):
    cdef long long s = 0
    while n != 0:
        s += n % 10
        n //= 10
        if s > 1000:
            break
    return s

def mixed_types(int a, long long b, double c):
    return (a // b, b % a, c // a, a % c)

def py_divmod(a, b):
    return divmod(a, b)

def py_divmod_c(int a, int b):
    return divmod(a, b)

def py_divmod_f(double a, double b):
    return divmod(a, b)

def u_mod_neg_lit(unsigned int a):
    return a % -3

def u_floordiv_neg_lit(unsigned int a):
    return a // -2

def uc_floordiv_lit(unsigned char a):
    return a // 3

@cython.cdivision(True)
def cu_floordiv_neg_lit(unsigned int a):
    return a // -2

def f_mod_neg_zero(double a, double b):
    return a % b
