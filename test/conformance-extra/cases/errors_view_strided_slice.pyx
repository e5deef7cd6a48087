# Must fail to compile: a strided slice assigned to a C-contiguous view.

def f(double[:, ::1] a):
    cdef double[:, ::1] c = a[:, ::2]
    return c[0, 0]
