# Must fail to compile: a strided view passed to a cdef function taking a contiguous view.

cdef double first(double[::1] v):
    return v[0]

def f(double[:] a):
    return first(a)
