def fsum(double[::1, :] m):
    cdef Py_ssize_t i, j
    cdef double s = 0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * (i + 1)
    return s
def ell(double[:, :, :] v):
    cdef double[:, :] p = v[..., 0]
    return (p.shape[0], p.shape[1], p[1, 1])
def length(double[:, :] m):
    return (len(m), m.size, m.ndim, m.itemsize, m.nbytes)
def rowcol(double[:, :] m):
    return (m[1][2], m[-1, -1])
def strides(double[:, :] m):
    return m.strides[0] + m.strides[1]
def shape_tuple(double[:, :] m):
    return m.shape[:2]
def tolist_like(double[:] a):
    return [x for x in a]
def sum_all(double[:, :] m):
    cdef double t = 0
    cdef double[:] row
    for row in m:
        pass
    return t
