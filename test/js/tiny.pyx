# Tiny straight-line scalar functions, which JS calls through the JS tier (ir/entry.ts),
# and functions that must stay compiled. test/js/tiny.test.ts runs this module as it is
# and with `# cypyx: tiny_in_js=False` prepended, and compares every result.
from libc.math cimport sqrt, exp, floor, fabs

def add(double a, double b):
    return a + b

def fadd(float a, float b):
    cdef float s = a + b
    return s * 3

def idiv(int a, int b):
    return a // b

def imod(int a, int b):
    return a % b

def imix(int a, int b):
    return (a * b + 7) ^ (a >> 3)

def umul(unsigned int a):
    return a * 3

def small(signed char c):
    cdef signed char d = c + 100
    return d

def clip(double x, double lo, double hi):
    if x < lo:
        return lo
    elif x > hi:
        return hi
    return x

def hyp(double a, double b):
    return sqrt(a * a + b * b) + floor(fabs(a))

def f2i(double x):
    return <int>x

def fdiv(double a, double b):
    return a / b

def isneg(double x):
    return x < 0 and x == x

# not tiny: a libm function whose last bit may differ from V8's
def sig(double x):
    return 1 / (1 + exp(-x))

# not tiny: a loop
def tri(int n):
    cdef int i, s = 0
    for i in range(n):
        s += i
    return s

# not tiny: 64-bit integers
def big(long long a):
    return a * 3
