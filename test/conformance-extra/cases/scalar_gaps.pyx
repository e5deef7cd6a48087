# Known gaps (expected failure, not in the ratchet): Cython's bint is a C int,
# so `cdef bint b = 7` stores 7 (b + 1 == 8, b == True is false); cypyx
# normalizes bint to 0/1.

cdef bint tobint(int x):
    return x

def from_int_eq(int x):
    cdef bint b = x
    return (b == 1, b == True, b != 0, b)

def ret_cdef(int x):
    return tobint(x) + 1

def bint_values(int x):
    cdef bint b = x
    return (b, b + 1, b * 5, not b, -b)

def sum_flags(int n):
    cdef bint b
    cdef int i, s = 0
    for i in range(n):
        b = i % 4
        s += b
    return s
