# Must fail to compile: a pointer assigned to an int.
from libc.stdlib cimport malloc, free

def f(int n):
    cdef int *p = <int *>malloc(n * sizeof(int))
    cdef int k = p
    free(p)
    return k
