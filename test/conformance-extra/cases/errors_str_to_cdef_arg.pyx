# Must fail to compile: a one-character str literal passed to a C int parameter.

cdef int code(int c):
    return c + 1

def f():
    return code('a')
