# Must fail to compile: a double passed to a C int parameter of a cdef function.

cdef int twice(int n):
    return 2 * n

def f(double x):
    return twice(x)
