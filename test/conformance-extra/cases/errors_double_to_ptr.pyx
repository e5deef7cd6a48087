# Must fail to compile: a double assigned to a pointer.

def f(double x):
    cdef int *p
    p = x
    return 0
