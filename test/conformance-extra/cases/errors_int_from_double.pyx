# Must fail to compile: a double expression assigned to a C int variable.

def f(double x):
    cdef int n
    n = x * 2
    return n
