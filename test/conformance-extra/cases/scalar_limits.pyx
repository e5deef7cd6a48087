# Every C integer type at its limits: argument conversion (OverflowError
# messages), returned values, unsigned wraparound, narrowing casts,
# size_t / Py_ssize_t and long long arithmetic near 2**63.

def id_char(char x):
    return x

def id_schar(signed char x):
    return x

def id_uchar(unsigned char x):
    return x

def id_short(short x):
    return x

def id_ushort(unsigned short x):
    return x

def id_int(int x):
    return x

def id_uint(unsigned int x):
    return x

def id_long(long x):
    return x

def id_ulong(unsigned long x):
    return x

def id_ll(long long x):
    return x

def id_ull(unsigned long long x):
    return x

def id_ssize(Py_ssize_t x):
    return x

def id_size(size_t x):
    return x

def id_bint(bint x):
    return x

def to_char(long long v):
    return <char>v

def to_uchar(long long v):
    return <unsigned char>v

def to_short(long long v):
    return <short>v

def to_ushort(long long v):
    return <unsigned short>v

def to_int(long long v):
    return <int>v

def to_uint(long long v):
    return <unsigned int>v

def to_ull(long long v):
    return <unsigned long long>v

def to_ll_from_ull(unsigned long long v):
    return <long long>v

def to_size(long long v):
    return <size_t>v

def uint_minus(unsigned int a, unsigned int b):
    return a - b

def uint_times(unsigned int a, unsigned int b):
    return a * b

def ushort_sum(unsigned short a, unsigned short b):
    cdef unsigned short r = a + b
    return r

def ushort_sum_promoted(unsigned short a, unsigned short b):
    # no narrowing: unsigned short promotes to int
    return a + b

def uchar_diff(unsigned char a, unsigned char b):
    # promotes to int: may be negative
    return a - b

def char_sum(char a, char b):
    cdef char r = a + b
    return r

def ll_add(long long a, long long b):
    return a + b

def ll_sub(long long a, long long b):
    return a - b

def ll_mul(long long a, long long b):
    return a * b

def ll_neg(long long a):
    return -a

def ll_abs(long long a):
    return abs(a)

def ll_floordiv(long long a, long long b):
    return a // b

def ll_mod(long long a, long long b):
    return a % b

def ull_add(unsigned long long a, unsigned long long b):
    return a + b

def ull_mul(unsigned long long a, unsigned long long b):
    return a * b

def ull_div(unsigned long long a, unsigned long long b):
    return a // b

def ull_shift(unsigned long long a, int n):
    return a >> n

def ll_shift_right(long long a, int n):
    return a >> n

def size_len_minus(size_t a, size_t b):
    return a - b

def ssize_mix(Py_ssize_t a, size_t b):
    # usual arithmetic conversions: signed converted to unsigned
    return a + b

def signed_unsigned_cmp(int a, unsigned int b):
    return a < b

def signed_unsigned_cmp_ll(long long a, unsigned int b):
    # unsigned int converts to long long here
    return a < b

def int_times_double(int a, double b):
    return a * b

def int_plus_float(int a, float b):
    cdef float r = a + b
    return r

def ll_to_double(long long a):
    cdef double d = a
    return d

def ll_to_float(long long a):
    cdef float f = a
    return f

def double_to_ll(double d):
    return <long long>d

def double_to_uchar_via_int(double d):
    return <unsigned char><int>d

def uint_to_int(unsigned int u):
    cdef int i = <int>u
    return i

def hex_mask(unsigned long long v):
    return (v & 0xFFFFFFFF, v >> 32)

def not_ll(long long v):
    return ~v

def not_uchar(unsigned char v):
    # ~ promotes to int
    return ~v

def not_uchar_stored(unsigned char v):
    cdef unsigned char r = ~v
    return r

def int_lit_overflow_mul(int a):
    cdef long long r = a * 1000000
    return r

def long_lit_mul(int a):
    cdef long long r = a * 1000000LL
    return r
