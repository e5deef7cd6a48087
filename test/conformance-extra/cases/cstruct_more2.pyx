# C data, continued: char arrays, union members in structs, struct values in Python
# containers, array copies and decay, callbacks from generic code, enum fields.
cimport cython

cdef enum Color:
    RED = 1
    GREEN = 2
    BLUE = 4

cdef union Num:
    long long i
    double d

cdef struct Cell:
    Color color
    Num n
    double[2][2] m

cdef struct P2:
    double x
    double y

ctypedef P2 (*p2_fn)(P2)

cdef P2 flip(P2 p):
    return P2(p.y, p.x)

cdef P2 dbl(P2 p):
    return P2(2 * p.x, 2 * p.y)

cdef p2_fn OPS[2]
OPS[0] = flip
OPS[1] = dbl

def char_array():
    cdef char[6] s
    s[0] = 104
    s[1] = 105
    s[2] = 0
    s[3] = 120
    s[4] = 0
    s[5] = 0
    return s

def uchar_array():
    cdef unsigned char[3] s = [1, 200, 3]
    return s

def uchar_array0():
    cdef unsigned char[4] s = [1, 0, 3, 0]
    return s

def schar_struct():
    cdef signed char[3] s = [1, -2, 3]
    return s

def cell(int c, double d):
    cdef Cell x
    x.color = <Color>c
    x.n.d = d
    x.m[0][0] = 1
    x.m[1][1] = d
    return (x.color, x.n.d, x.m[1][1], x.m[0][0])

def struct_in_list(int n):
    cdef P2 p
    out = []
    for i in range(n):
        p.x = i
        p.y = -i
        out.append(p)
    return out

def struct_print(double x):
    cdef P2 p = P2(x, 0.5)
    print(p)

def struct_from_object(obj):
    cdef P2 p = obj
    return p.x + p.y

def array_copy():
    cdef int[4] a = [1, 2, 3, 4]
    cdef int[4] b
    b = a
    a[0] = 100
    cdef int* p = b
    return (a[0], b[0], p[3], p[1] + p[2])

def negative_index(int k):
    cdef int[5] a = [10, 20, 30, 40, 50]
    cdef int* p = &a[4]
    return p[-k]

def apply_ops(list codes, double x, double y):
    cdef P2 p = P2(x, y)
    for c in codes:
        p = OPS[<int>c](p)
    return p

cdef double call_cb(double (*f)(double), double x):
    return f(x)

cdef double halve(double x):
    return x / 2

def callback_from_python(list xs):
    return [call_cb(halve, x) for x in xs]

def addr_and_sizeof():
    cdef double d = 2.5
    cdef double* p = cython.address(d)
    p[0] *= 2
    return (d, cython.sizeof(d), cython.sizeof(P2))

def ptr_compare(int i, int j):
    cdef double[8] a
    cdef double* p = &a[i]
    cdef double* q = &a[j]
    return (p < q, p == q, p >= q, q - p)

def struct_ret_list(int n):
    return [flip(P2(i, 2 * i)) for i in range(n)]

def bool_fields(bint a):
    cdef Cell c
    c.color = RED if a else BLUE
    return c.color
