# Must fail to compile: cdef declaration inside a for loop.

def f(int n):
    cdef int i, s = 0
    for i in range(n):
        cdef int sq = i * i
        s += sq
    return s
