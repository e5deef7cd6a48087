# Must fail to compile: a cdef int function returning a double expression.

cdef int scaled(double x):
    return x * 10

def f(double x):
    return scaled(x)
