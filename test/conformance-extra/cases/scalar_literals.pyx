# How int literals type C arithmetic: a non-negative literal is a C int
# constant, a negative one a C long (Cython writes -5L), suffixed literals
# keep their suffix; ** // % with a literal operand compute in long.
cimport cython

def a_plus_1(int a):
    return a + 1
def one_plus_a(int a):
    return 1 + a
def a_times_2(int a):
    return a * 2
def a_times_big(int a):
    return a * 1000000
def a_shl_1(int a):
    return a << 1
def pow_a2(int a):
    return a ** 2
def pow_2a(int a):
    return 2 ** a
def neg_lit_pow(int a):
    return (-2) ** a
def a_pow_a(int a):
    return a ** a
def sh_pow(short a):
    return a ** 2
def sh_pow_sh(short a, short b):
    return a ** b
def sh_plus_1(short a):
    return a + 1
def uint_plus_1(unsigned int a):
    return a + 1
def uint_minus_lit(unsigned int a):
    return a - 5
def lit_minus_uint(unsigned int a):
    return 5 - a
def big_lit_plus(int a):
    return a + 3000000000
def u_plus_neg(unsigned int a):
    return a + -3
def i_times_neg(int a):
    return a * -1000000
def i_times_negpar(int a):
    return a * (-1000000)
def i_plus_neg1(int a):
    return a + -1
def i_minus_1(int a):
    return a - 1
def neg_times_i(int a):
    return -1000000 * a
def u_lt_neg(unsigned int a):
    return a < -1
def u_eq_neg(unsigned int a):
    return a == -1
def store_neg(int a):
    cdef int r = a * -1000000
    return r
def store_ll_neg(int a):
    cdef long long r = a * -1000000
    return r
def i_and_neg(unsigned int a):
    return a & -2
def sh_times_neg(short a):
    return a * -2
def i_times_negvar(int a):
    cdef int m = -1000000
    return a * m
def ll_suffix(int a):
    return a * 1000000LL
def l_suffix(int a):
    return a * 1000000L
def u_suffix(int a):
    return a * 3U
def ul_suffix_cmp(int a):
    return a < 1UL
def i_floordiv_neg1(int a):
    return a // -1
def i_mod_lit(int a):
    return a % 7
@cython.cdivision(True)
def c_u_div_neg(unsigned int a):
    return a // -2
