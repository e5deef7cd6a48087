# Must fail to compile: continue outside a loop.

def f(int x):
    cdef int y = x
    continue
    return y
