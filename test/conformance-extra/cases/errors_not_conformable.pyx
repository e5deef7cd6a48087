# Must fail to compile: a strided view assigned to a contiguous one.

def f(double[:] a):
    cdef double[::1] c = a
    return c[0]
