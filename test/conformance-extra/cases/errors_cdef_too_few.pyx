# Must fail to compile: a cdef function called with too few arguments
# (the defaults do not cover the missing one).

cdef int mix(int a, int b, int c=0):
    return a + b + c

def use(int x):
    return mix(x)
