# Float values crossing into Python: returned nan/inf/-0.0, float vs int
# results, str()/repr()/print()/%-formatting/f-strings of C numbers.
from libc.math cimport INFINITY, NAN, copysign, sqrt

def ret_double(double x):
    return x

def ret_float(float x):
    return x

def neg_zero():
    return -0.0

def neg_zero_computed(double x):
    return x * -1.0

def inf_nan():
    return (INFINITY, -INFINITY, NAN)

def sqrt_neg(double x):
    return sqrt(x)

def signbit_of(double x):
    return copysign(1.0, x)

def str_double(double x):
    return str(x)

def repr_double(double x):
    return repr(x)

def str_float(float x):
    return str(x)

def str_int(long long x):
    return str(x)

def str_uint(unsigned long long x):
    return str(x)

def str_bint(bint b):
    return str(b)

def str_char(char c):
    return str(c)

def show(double x):
    print(x)

def show_float(float x):
    print(x)

def show_many(int a, double b, bint c):
    print(a, b, c)
    print(a, b, c, sep=", ", end="!\n")

def show_int_as_float(int a):
    cdef double d = a
    print(d)

def pct_g(double x):
    return "%g" % x

def pct_f(double x):
    return "%.3f" % x

def pct_e(double x):
    return "%e" % x

def pct_d(double x):
    return "%d" % x

def pct_r(double x):
    return "%r|%s" % (x, x)

def pct_i(long long x):
    return "%5d|%-5d|%05d|%x|%X|%o" % (x, x, x, x, x, x)

def pct_width(double x):
    return "[%10.2f][%-10.2f][%+.1f]" % (x, x, x)

def fstr(double x, int n):
    return f"{x} {n} {x:.2f} {n:>5} {x:e} {n:x}"

def fstr_g(double x):
    return f"{x:g}|{x:.3g}|{x:10.4g}"

def fmt_method(double x):
    return "{} {:.1f} {!r}".format(x, x, x)

def float_of_int(long long n):
    return float(n)

def int_of_double(double x):
    return int(x)

def round_double(double x):
    return round(x)

def round_nd(double x, int n):
    return round(x, n)

def int_div_result(int a, int b):
    # true division of ints gives a float, even when exact
    return a / b

def mixed_sum(int a, double b):
    return a + b

def float_eq_int(double x, long long n):
    return x == n

def large_float_to_str(double x):
    return "%s %s" % (x, x * 10)
