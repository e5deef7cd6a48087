# Must fail to compile: returning a value from a void cdef function.

cdef void store(int x):
    return x + 1

def use(int x):
    store(x)
