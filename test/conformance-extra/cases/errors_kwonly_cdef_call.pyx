# Must fail to compile: an unknown keyword argument in a call of a cdef function.

cdef int scale(int x, int k=2):
    return x * k

def f(int x):
    return scale(x, factor=3)
