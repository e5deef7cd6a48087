# Must fail to compile: cdef declaration inside a `with nogil:` block.

def f(int x):
    cdef int r = 0
    with nogil:
        cdef int y = 2
        r = x + y
    return r
