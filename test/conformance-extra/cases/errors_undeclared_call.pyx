# Must fail to compile: calling a function that is never defined.

def run(int n):
    cdef int i, s = 0
    for i in range(n):
        s += helper(i)
    return s
