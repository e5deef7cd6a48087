# Must fail to compile: an unknown C type in a declaration.

def f(int x):
    cdef vector3 v
    return x
