# Must fail to compile: an undeclared name inside a cdef function.

cdef double scale(double x):
    return x * factor

def use(double x):
    return scale(x)
