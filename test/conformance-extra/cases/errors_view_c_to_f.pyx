# Must fail to compile: a C-contiguous 2-D view assigned to a Fortran-contiguous one.

def f(double[:, ::1] a):
    cdef double[::1, :] c = a
    return c[0, 0]
