# abs/min/max with mixed C types, bint logic and its values, enums
# (anonymous, negative, cpdef), ctypedef chains, conditional expressions.

ctypedef int myint
ctypedef myint myint2
ctypedef unsigned char byte
ctypedef byte octet
ctypedef double real
ctypedef real real2
ctypedef long long i64
ctypedef i64 big_t

cdef enum:
    ANON_A = 3
    ANON_B = ANON_A * 2

cdef enum Sign:
    NEG = -1
    ZERO = 0
    POS = 1

cpdef enum Color:
    RED = 1
    GREEN = 2
    BLUE = 4

cdef enum Big:
    BIG_ONE = 1 << 20
    BIG_TWO

def abs_mixed(int a, double b):
    return (abs(a), abs(b), abs(a - b))

def abs_int_min(int a):
    return abs(a)

def abs_short(short a):
    return abs(a)

def abs_schar(signed char a):
    return abs(a)

def abs_float(float a):
    return abs(a)

def abs_neg_zero(double a):
    return abs(a)

def min_mixed(int a, double b):
    return min(a, b)

def max_mixed(int a, double b):
    return max(a, b)

def min_uint_int(unsigned int a, int b):
    return min(a, b)

def max_ll_u(long long a, unsigned int b):
    return max(a, b)

def min_stored(int a, double b):
    cdef double r = min(a, b)
    return r

def max_nan(double a, double b):
    return max(a, b)

def min_nan(double a, double b):
    return min(a, b)

def max_many(int a, long long b, double c, float d):
    return max(a, b, c, d)

def max_char(char a, char b):
    return max(a, b)

def bint_values(int x):
    cdef bint b = x
    return (b, b + 1, b * 5, not b, -b)

def bint_and_or_values(int a, int b):
    # and/or on C ints give one of the operands (C int), not a bool
    return (a and b, a or b, not a)

def bint_and_double(double a, double b):
    return a and b

def bint_xor(bint a, bint b):
    return (a ^ b, a & b, a | b, a == b)

def bint_arith(bint a, bint b):
    return a + b

def truthiness(double x):
    if x:
        return "true"
    return "false"

def chain_ops(int a, int b, int c):
    return a < b <= c != a

def ternary_types(bint c, int a, double b):
    return a if c else b

def ternary_store(bint c, int a, double b):
    cdef double r = a if c else b
    return r

def typedef_chain(myint2 a, octet b, real2 c, big_t d):
    return (a + b, c * 2, d - 1)

def octet_wrap(octet b):
    cdef octet r = b + 10
    return r

def octet_arg_overflow(octet b):
    return b

def enum_vals():
    return (ANON_A, ANON_B, NEG, ZERO, POS, RED, GREEN, BLUE, BIG_ONE, BIG_TWO)

def sign_of(int x):
    cdef Sign s
    if x < 0:
        s = NEG
    elif x == 0:
        s = ZERO
    else:
        s = POS
    return s

def sign_times(int x):
    return sign_of(x) * 10

def color_mask(bint r, bint g, bint b):
    cdef int m = 0
    if r:
        m |= RED
    if g:
        m |= GREEN
    if b:
        m |= BLUE
    return m

def enum_compare(int v):
    return (v == RED, v > GREEN, v < BLUE)

def enum_arith():
    return (RED + BLUE, BLUE // GREEN, NEG * 3, POS - NEG)

def color_from_int(int v):
    cdef Color c = <Color>v
    return c

def enum_in_loop():
    cdef int total = 0
    cdef int i
    for i in range(RED, BLUE + 1):
        total += i
    return total
