# Must fail to compile: cdef declaration inside a nested block.

def f(int x):
    if x:
        cdef int y = 2
        return y
    return 0
