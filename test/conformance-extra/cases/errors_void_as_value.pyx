# Must fail to compile: the result of a void function used as a value.

cdef void touch(int x):
    pass

def f(int x):
    cdef int r = touch(x)
    return r
