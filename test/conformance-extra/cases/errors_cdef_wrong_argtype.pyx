# Must fail to compile: a str passed to a C double parameter of a cdef function.

cdef double half(double x):
    return x / 2

def f():
    return half("four")
