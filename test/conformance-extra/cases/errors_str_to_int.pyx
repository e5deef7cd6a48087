# Must fail to compile: a str literal assigned to a C int.

def f():
    cdef int n = "three"
    return n
