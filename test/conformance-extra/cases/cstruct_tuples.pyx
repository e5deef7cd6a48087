# C tuples: several member types, unpacking, negative indexing, ctuples
# of structs and C arrays of ctuples, ctuple arguments from Python
# sequences, ctuples in cpdef signatures, nested ctuples.

from libc.math cimport sqrt, atan2

cdef struct P:
    int a
    double b

cdef (int, long long, double, bint) four(int i):
    return (i, <long long>i * 3000000000, i / 4.0, i % 2 == 0)

def get_four(int i):
    return four(i)

def unpack_four(int i):
    cdef int a
    cdef long long b
    cdef double c
    cdef bint d
    a, b, c, d = four(i)
    return a + b + c + d

def neg_index(int i):
    cdef (int, double, float) t = (i, i * 0.5, i * 0.25)
    return (t[-1], t[-2], t[-3], t[2])

def tuple_arg((int, double, int) t):
    return t[0] * t[1] + t[2]

cpdef (double, double) polar(double x, double y):
    return (sqrt(x * x + y * y), atan2(y, x))

def polar_sum(double x, double y):
    cdef double r, th
    r, th = polar(x, y)
    return r + th

cdef (int, int) divmod_c(int a, int b):
    return (a // b, a % b)

def divmods(list xs, int b):
    out = []
    cdef (int, int) qr
    for x in xs:
        qr = divmod_c(x, b)
        out.append(qr)
    return out

def ctuple_array(int n):
    cdef (int, double)[4] arr
    cdef int i
    for i in range(4):
        arr[i] = (i * n, i + 0.5)
    cdef double s = 0
    for i in range(4):
        s += arr[i][0] * arr[i][1]
    return (s, arr[3])

def nested(int a, double b):
    cdef ((int, double), int) t = ((a, b), a + 1)
    cdef (int, double) inner = t[0]
    return (t, inner[1] + t[1])

def ctuple_swap(int a, int b):
    cdef (int, int) t = (a, b)
    t = (t[1], t[0])
    return t

def ctuple_struct(int a, double b):
    cdef (P, int) t = (P(a, b), 7)
    return (t[0].a, t[0].b, t[1], t)

def reassign_elem(int a):
    cdef (int, int) t = (a, a)
    cdef int x, y
    x, y = t
    x += 1
    return (x, y, t)

cdef (double, bint) safe_div(double a, double b):
    if b == 0:
        return (0.0, False)
    return (a / b, True)

def try_div(double a, double b):
    cdef (double, bint) r = safe_div(a, b)
    if r[1]:
        return r[0]
    return None

def from_list(list xs):
    cdef (int, int, int) t = tuple(xs)
    return t[0] + t[1] * 10 + t[2] * 100

def tuple_overflow(long long v):
    cdef (int, short) t = (<int>v, <short>v)
    return t
