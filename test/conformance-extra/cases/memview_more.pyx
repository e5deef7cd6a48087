# More memoryview behaviour: bad inputs (lists, strings, numbers), chained
# indexing m[i][j], partial indexing, Py_ssize_t/size_t views, views
# rebound and set to None, slice assignment between views, loops over
# views, views passed between cdef functions and returned through them.

def take(double[:] a):
    return a.shape[0]

def take2(int[:, :] m):
    return m.shape[0] * 100 + m.shape[1]

def chained(int[:, :] m, Py_ssize_t i, Py_ssize_t j):
    return m[i][j]

def row_of(int[:, :] m, Py_ssize_t i):
    cdef int[:] r = m[i]
    return [r[k] for k in range(r.shape[0])]

def row_of_3d(int[:, :, :] v, Py_ssize_t i):
    cdef int[:, :] p = v[i]
    return (p.shape[0], p.shape[1], p[p.shape[0] - 1, p.shape[1] - 1])

def ssize_view(Py_ssize_t[:] a):
    cdef Py_ssize_t s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def size_view(size_t[:] a):
    cdef size_t s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def rebind(double[:] a, double[:] b, bint which):
    cdef double[:] v = a
    if which:
        v = b
    return v[0]

def set_none(double[:] a):
    cdef double[:] v = a
    v = None
    return v is None

def slice_assign(double[:] a, double[:] b):
    a[1:3] = b[0:2]

def slice_assign_rev(double[:] a):
    cdef double[:] tmp = a.copy()
    a[:] = tmp[::-1]

def fill_slice(int[:] a, int v):
    a[::2] = v

def fill_2d_block(int[:, :] m, int v):
    m[1:, 1:] = v

cdef double first_of(double[:] v):
    return v[0]

cdef double[:] tail_of(double[:] v):
    return v[1:]

def cdef_pass(double[:] a):
    return first_of(tail_of(tail_of(a)))

def loop_view(double[:] a):
    cdef double s = 0
    cdef double x
    for x in a:
        s += x
    return s

def enumerate_view(int[:] a):
    out = []
    for i, x in enumerate(a):
        out.append(i * x)
    return out

def max_index(double[:] a):
    cdef Py_ssize_t i, best = 0
    for i in range(1, a.shape[0]):
        if a[i] > a[best]:
            best = i
    return best

def sum_cols(double[:, :] m):
    cdef Py_ssize_t i, j
    out = [0.0] * m.shape[1]
    for j in range(m.shape[1]):
        for i in range(m.shape[0]):
            out[j] += m[i, j]
    return out

def view_to_list(int[:] a):
    return list(a)

def index_with_unsigned(double[:] a, unsigned int i):
    return a[i]

def index_with_char(double[:] a, signed char i):
    return a[i]

def index_big(double[:] a, long long i):
    return a[i]

def copy_2d_bcast(double[:, :] src, double[:, :] dst):
    dst[:, :] = src
