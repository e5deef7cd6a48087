cdef union U:
    int i
    float f

cdef struct P2:
    double x
    double y

def union_out(int i):
    cdef U u
    u.i = i
    return u

def union_in(U u):
    return u.i

def tuple_with_struct(double x):
    cdef (int, P2) t = (3, P2(x, -x))
    return t

def struct_eq_fields(P2 a, P2 b):
    return a.x == b.x and a.y == b.y
