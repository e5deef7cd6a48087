# Must fail to compile: a double view assigned to an int view.

def f(double[:] a):
    cdef int[:] v = a
    return v[0]
