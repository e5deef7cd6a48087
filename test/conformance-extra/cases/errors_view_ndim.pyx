# Must fail to compile: a 2-D view assigned to a 1-D view variable.

def f(double[:, :] m):
    cdef double[:] v
    v = m
    return v[0]
