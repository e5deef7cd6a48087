# Non-contiguous inputs (negative strides, offsets), slicing with every
# step/bound combination (empty and out-of-range bounds), sub-views of
# sub-views, writes through strided views, 2-D/3-D slices.

def to_list(double[:] a):
    return [a[i] for i in range(a.shape[0])]

def to_list_i(int[:] a):
    return [a[i] for i in range(a.shape[0])]

def slice_list(double[:] a, start, stop, step):
    cdef double[:] v = a[start:stop:step]
    return [v[i] for i in range(v.shape[0])]

def slice_list_c(double[:] a, Py_ssize_t start, Py_ssize_t stop, Py_ssize_t step):
    cdef double[:] v = a[start:stop:step]
    return [v[i] for i in range(v.shape[0])]

def slice_start(double[:] a, Py_ssize_t start):
    cdef double[:] v = a[start:]
    return (v.shape[0], [v[i] for i in range(v.shape[0])])

def slice_stop(double[:] a, Py_ssize_t stop):
    cdef double[:] v = a[:stop]
    return (v.shape[0], [v[i] for i in range(v.shape[0])])

def slice_step(double[:] a, Py_ssize_t step):
    cdef double[:] v = a[::step]
    return [v[i] for i in range(v.shape[0])]

def neg_step_bounds(double[:] a, Py_ssize_t start, Py_ssize_t stop):
    cdef double[:] v = a[start:stop:-1]
    return [v[i] for i in range(v.shape[0])]

def neg_step2_from(double[:] a, Py_ssize_t start):
    cdef double[:] v = a[start::-2]
    return [v[i] for i in range(v.shape[0])]

def empty_slice_len(double[:] a):
    cdef double[:] v = a[3:1]
    cdef double[:] w = a[5:5]
    cdef double[:] x = a[100:]
    return (v.shape[0], w.shape[0], x.shape[0])

def sub_sub(double[:] a):
    cdef double[:] v = a[1:]
    cdef double[:] w = v[::2]
    cdef double[:] x = w[::-1]
    cdef double[:] y = x[1:]
    return ([x[i] for i in range(x.shape[0])], [y[i] for i in range(y.shape[0])])

def write_sub_sub(double[:] a):
    cdef double[:] v = a[::-1]
    cdef double[:] w = v[1::2]
    cdef Py_ssize_t i
    for i in range(w.shape[0]):
        w[i] = -w[i]

def write_slice_scalar(int[:] a, Py_ssize_t start, Py_ssize_t stop, Py_ssize_t step, int val):
    a[start:stop:step] = val

def add_strided(double[:] a, double k):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] += k

def copy_reversed(double[:] src, double[:] dst):
    dst[:] = src[::-1]

def copy_strided(int[:] src, int[:] dst):
    dst[::2] = src

def copy_mismatch(double[:] src, double[:] dst):
    dst[:] = src

def copy_2d_mismatch(double[:, :] src, double[:, :] dst):
    dst[:, :] = src

def copy_2d(double[:, :] src, double[:, :] dst):
    dst[...] = src

def copy_overlap(int[:] a):
    # source and destination overlap: Cython copies through a temporary
    a[1:] = a[:-1]

def row_col(double[:, :] m, Py_ssize_t i, Py_ssize_t j):
    cdef double[:] r = m[i, :]
    cdef double[:] c = m[:, j]
    return ([r[k] for k in range(r.shape[0])], [c[k] for k in range(c.shape[0])])

def m_slice(double[:, :] m, Py_ssize_t r0, Py_ssize_t r1, Py_ssize_t c0, Py_ssize_t c1, Py_ssize_t rs, Py_ssize_t cs):
    cdef double[:, :] b = m[r0:r1:rs, c0:c1:cs]
    cdef Py_ssize_t i, j
    return [[b[i, j] for j in range(b.shape[1])] for i in range(b.shape[0])]

def transpose_view(double[:, :] m):
    cdef double[:, :] t = m.T
    cdef Py_ssize_t i, j
    return [[t[i, j] for j in range(t.shape[1])] for i in range(t.shape[0])]

def flip_both(int[:, :] m):
    cdef int[:, :] f = m[::-1, ::-1]
    cdef Py_ssize_t i, j
    return [[f[i, j] for j in range(f.shape[1])] for i in range(f.shape[0])]

def write_flipped(int[:, :] m):
    cdef int[:, :] f = m[::-1, ::2]
    cdef Py_ssize_t i, j
    for i in range(f.shape[0]):
        for j in range(f.shape[1]):
            f[i, j] = i * 10 + j

def plane(double[:, :, :] v, Py_ssize_t k):
    cdef double[:, :] p = v[:, k, :]
    cdef Py_ssize_t i, j
    return [[p[i, j] for j in range(p.shape[1])] for i in range(p.shape[0])]

def line3(double[:, :, :] v, Py_ssize_t i, Py_ssize_t j):
    cdef double[:] l = v[i, j]
    return [l[k] for k in range(l.shape[0])]

def index_mixed(double[:, :, :] v):
    cdef double[:] l = v[-1, 1:, 0]
    return [l[k] for k in range(l.shape[0])]

def ellipsis_index(double[:, :] m):
    cdef double[:, :] e = m[...]
    cdef double[:] last = m[..., -1]
    return (e.shape[0], e.shape[1], [last[k] for k in range(last.shape[0])])

def strides_of(double[:, :] m):
    cdef double[:, :] s = m[::2, ::-1]
    return (s.strides[0], s.strides[1], s.shape[0], s.shape[1])

def slice_oob_index(double[:] a, Py_ssize_t i):
    cdef double[:] v = a[1:3]
    return v[i]

def view_sum_2d(double[:, :] m):
    cdef Py_ssize_t i, j
    cdef double s = 0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * (i + 1) * (j + 2)
    return s

def int_view_strided_sum(long long[:] a):
    cdef Py_ssize_t i
    cdef long long s = 0
    for i in range(a.shape[0]):
        s += a[i] * (i + 1)
    return s
