# Must fail to compile: a two-character bytes literal assigned to a C int.

def f():
    cdef int y = b"ab"
    return y
