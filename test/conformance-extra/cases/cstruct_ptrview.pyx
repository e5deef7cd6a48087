# Pointers to memoryviews and back: <double[:n]>p over malloc'd memory and C arrays.
from libc.stdlib cimport malloc, free

cdef double sum_view(double[:] v):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(v.shape[0]):
        s += v[i]
    return s

def heap_view(int n):
    cdef double* p = <double*>malloc(n * sizeof(double))
    cdef double[:] v = <double[:n]>p
    cdef int i
    for i in range(n):
        v[i] = i * 0.5
    cdef double s = 0
    for i in range(n):
        s += p[i]
    cdef double t = sum_view(<double[:n]>p)
    free(p)
    return (s, t)

def grid(int rows, int cols):
    cdef int* p = <int*>malloc(rows * cols * sizeof(int))
    cdef int[:, ::1] g = <int[:rows, :cols]>p
    cdef int i, j
    for i in range(rows):
        for j in range(cols):
            g[i, j] = i * 100 + j
    out = [p[k] for k in range(rows * cols)]
    free(p)
    return (out, g.shape[0], g.shape[1])

def array_view():
    cdef double[4] a = [1.0, 2.0, 3.0, 4.5]
    cdef double[:] v = <double[:4]>a
    v[0] = 10
    return (a[0], sum_view(v))

def bad_shape(int n):
    cdef double[4] a
    cdef double[:] v = <double[:n]>&a[0]
    return v.shape[0]

def null_view(int n):
    cdef double* p = NULL
    cdef double[:] v = <double[:n]>p
    return v.shape[0]

def roundtrip(double[:] m):
    cdef double* p = &m[0]
    cdef double[:] w = <double[:m.shape[0]]>p
    w[0] += 1
    return sum_view(w)
