# Must fail to compile: an undeclared name as a loop bound.

def count():
    cdef int i, c = 0
    for i in range(n_items):
        c += 1
    return c
