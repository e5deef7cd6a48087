# cython.view.array: shapes, C and Fortran modes, item sizes, format
# strings, returned to the caller; memoryviews over C arrays; &m[0] and
# &m[i, j] handed to pointer code; views of malloc'd structs' fields.
from cython cimport view
from libc.stdlib cimport malloc, free
from libc.string cimport memcpy

cdef void fill_seq(double* p, Py_ssize_t n, double start):
    cdef Py_ssize_t i
    for i in range(n):
        p[i] = start + i

cdef long long psum(int* p, Py_ssize_t n):
    cdef long long s = 0
    cdef Py_ssize_t i
    for i in range(n):
        s += p[i]
    return s

def make_c(int rows, int cols):
    cdef view.array arr = view.array(shape=(rows, cols), itemsize=sizeof(double), format="d")
    cdef double[:, ::1] m = arr
    cdef int i, j
    for i in range(rows):
        for j in range(cols):
            m[i, j] = i * 10 + j
    return arr

def make_f(int rows, int cols):
    cdef double[::1, :] m = view.array(shape=(rows, cols), itemsize=sizeof(double), format="d", mode="fortran")
    cdef int i, j
    for i in range(rows):
        for j in range(cols):
            m[i, j] = i * 10 + j
    return (m.strides[0], m.strides[1], m[rows - 1, 0], m[0, cols - 1])

def make_ints(int n):
    cdef int[:] m = view.array(shape=(n,), itemsize=sizeof(int), format="i")
    cdef int i
    for i in range(n):
        m[i] = i * i - 3
    return m

def make_floats(int n):
    arr = view.array(shape=(n,), itemsize=sizeof(float), format="f")
    cdef float[:] m = arr
    cdef int i
    for i in range(n):
        m[i] = 0.1 * i
    return m

def make_3d(int a, int b, int c):
    cdef short[:, :, ::1] m = view.array(shape=(a, b, c), itemsize=sizeof(short), format="h")
    cdef int i, j, k
    for i in range(a):
        for j in range(b):
            for k in range(c):
                m[i, j, k] = i * 100 + j * 10 + k
    return m

def zero_shape():
    cdef double[:] m = view.array(shape=(0,), itemsize=sizeof(double), format="d")
    return m.shape[0]

def carray_view():
    cdef double[5] a = [1, 2, 3, 4, 5]
    cdef double[:] v = a
    v[1] = 20
    return (a[1], v.shape[0], v[4])

def carray2d_view():
    cdef int[2][3] a = [[1, 2, 3], [4, 5, 6]]
    cdef int[:, :] v = a
    v[1, 2] = 60
    return (v.shape[0], v.shape[1], a[1][2], v[0, 1])

def row_pointer_sum(int[:, ::1] m, int row):
    return psum(&m[row, 0], m.shape[1])

def fill_via_pointer(double[::1] out, double start):
    fill_seq(&out[0], out.shape[0], start)

def fill_tail(double[:] out, int k):
    # a pointer into the middle of the view
    cdef double* p = &out[k]
    p[0] = -1
    p[1] = -2

def ptr_view_copy(int n):
    cdef double* p = <double*>malloc(n * sizeof(double))
    fill_seq(p, n, 0.5)
    cdef double[::1] v = <double[:n]>p
    cdef double[:] c = v.copy()
    free(p)
    return c

def copy_out(int[:] src):
    cdef int n = src.shape[0]
    cdef int[::1] dst = view.array(shape=(n,), itemsize=sizeof(int), format="i")
    cdef int[::1] s = src.copy()
    memcpy(&dst[0], &s[0], n * sizeof(int))
    return dst

def view_of_pointer_2d(int r, int c):
    cdef long long* p = <long long*>malloc(r * c * sizeof(long long))
    cdef int i
    for i in range(r * c):
        p[i] = i
    cdef long long[:, ::1] m = <long long[:r, :c]>p
    out = (m[r - 1, c - 1], m.shape[0], m.shape[1], m.strides[0])
    free(p)
    return out

def wrap_index(double[:] m):
    cdef double* p = &m[-1]
    return p[0]
