# Contiguity (::1 and ::1, :), None handling (not None, default None,
# `is None` checks, None passed on), boundscheck/wraparound directives in
# `with` blocks, cython.view.array creation and return, const views,
# memoryviews as cdef arguments and returned from def functions.
cimport cython
from cython.view cimport array as cvarray

def c_first(double[::1] a):
    return a[0]

def c2d_sum(double[:, ::1] m):
    cdef Py_ssize_t i, j
    cdef double s = 0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j]
    return s

def f2d_sum(double[::1, :] m):
    cdef Py_ssize_t i, j
    cdef double s = 0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * (i + 1)
    return s

def c3d_first(int[:, :, ::1] v):
    return v[0, 0, 0]

def assign_slice_to_contig(double[::1] a):
    cdef double[::1] c = a[1:]
    return c[0]

def none_len(double[:] a=None):
    if a is None:
        return -1
    return a.shape[0]

def none_not_none(double[:] a not None):
    return a.shape[0]

def none_forward(double[:] a):
    return none_len(a)

def is_none_flags(double[:] a):
    return (a is None, a is not None)

def none_local(int flag):
    cdef double[:] v = None
    if flag:
        v = cvarray(shape=(3,), itemsize=sizeof(double), format="d")
        v[:] = 1.5
    if v is None:
        return "none"
    return v[2]

def none_index(double[:] a):
    # indexing a None view raises
    return a[0]

def none_shape(double[:] a):
    return a.shape[0]

cdef double cdef_sum(double[:] v):
    cdef Py_ssize_t i
    cdef double s = 0
    for i in range(v.shape[0]):
        s += v[i]
    return s

def cdef_with_slices(double[:] a):
    return (cdef_sum(a), cdef_sum(a[::2]), cdef_sum(a[::-1]), cdef_sum(a[:0]))

def wrap_off_block(double[:] a, Py_ssize_t i):
    cdef double r
    with cython.wraparound(False):
        r = a[i]
    return r

def bounds_off_block(double[:] a, Py_ssize_t i):
    cdef double r = 0
    with cython.boundscheck(False):
        if i < a.shape[0]:
            r = a[i]
    return (r, a[i])

@cython.boundscheck(False)
def bounds_on_block(double[:] a, Py_ssize_t i):
    cdef double r
    with cython.boundscheck(True):
        r = a[i]
    return r

@cython.wraparound(False)
def negative_index_no_wrap(double[:] a):
    # wraparound off but boundscheck on: a negative index is out of bounds
    return a[-1]

def make_array(int n, double v):
    arr = cvarray(shape=(n,), itemsize=sizeof(double), format="d")
    cdef double[:] mv = arr
    cdef int i
    for i in range(n):
        mv[i] = v * i
    return arr

def make_2d(int r, int c):
    arr = cvarray(shape=(r, c), itemsize=sizeof(int), format="i")
    cdef int[:, :] mv = arr
    cdef int i, j
    for i in range(r):
        for j in range(c):
            mv[i, j] = i * c + j
    return arr

def make_u8(int n):
    arr = cvarray(shape=(n,), itemsize=sizeof(unsigned char), format="B")
    cdef unsigned char[:] mv = arr
    cdef int i
    for i in range(n):
        mv[i] = <unsigned char>(i * 100)
    return arr

def make_f32_3d(int a, int b, int c):
    arr = cvarray(shape=(a, b, c), itemsize=sizeof(float), format="f")
    cdef float[:, :, :] mv = arr
    mv[:, :, :] = 0.25
    mv[a - 1, b - 1, c - 1] = 1.0 / 3.0
    return arr

def make_ll(int n):
    arr = cvarray(shape=(n,), itemsize=sizeof(long long), format="q")
    cdef long long[:] mv = arr
    cdef int i
    for i in range(n):
        mv[i] = (<long long>1) << (i * 20)
    return arr

def return_memview_slice(double[:] a):
    cdef double[:] v = a[::-2]
    return v

def return_memview_2d(double[:, :] m):
    return m[1:, ::2]

def return_copy(double[:, :] m):
    cdef double[:, :] c = m.copy()
    c[0, 0] = -1
    return c

def copy_is_independent(double[:] a):
    cdef double[:] c = a.copy()
    c[0] = 99
    return (a[0], c[0])

def return_cvarray_view(int n):
    cdef int[:] mv = cvarray(shape=(n,), itemsize=sizeof(int), format="i")
    mv[:] = 7
    return mv

def empty_shape():
    arr = cvarray(shape=(0,), itemsize=sizeof(double), format="d")
    return arr

def const_sum(const double[:] a):
    cdef Py_ssize_t i
    cdef double s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s

def const_slice(const int[:] a):
    cdef const int[:] v = a[1:]
    return v[0] + v[v.shape[0] - 1]

def const_2d(const float[:, :] m):
    return m[m.shape[0] - 1, 0]

def view_in_list(double[:] a):
    return [a[0], a.shape[0]]

def assign_view_var(double[:] a, double[:] b):
    cdef double[:] v = a
    v = b
    v[0] = 42
    return v.shape[0]

def fill_scalar_2d(double[:, :] m, double x):
    m[:] = x

def fill_col(double[:, :] m, double x):
    m[:, 0] = x
