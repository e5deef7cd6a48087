# Must fail to compile: an unclosed parenthesis.

def f(int x):
    cdef int y = (x + 1
    return y

def g():
    return 2
