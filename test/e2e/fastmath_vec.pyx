# Elementwise libm calls in loops: with `# cypyx: fastmath=True` (prepended by
# test/e2e/fastmath.test.ts) the native back end vectorizes them with glibc's libmvec.
from libc.math cimport exp, log, sin, pow, atan2
cimport cython

@cython.boundscheck(False)
@cython.wraparound(False)
def vexp(double[::1] x, double[::1] out):
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        out[i] = exp(x[i])

@cython.boundscheck(False)
@cython.wraparound(False)
def vlog(double[::1] x, double[::1] out):
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        out[i] = log(x[i])

@cython.boundscheck(False)
@cython.wraparound(False)
def vsin(double[::1] x, double[::1] out):
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        out[i] = sin(x[i])

@cython.boundscheck(False)
@cython.wraparound(False)
def vpow(double[::1] x, double[::1] y, double[::1] out):
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        out[i] = pow(y[i], x[i])

@cython.boundscheck(False)
@cython.wraparound(False)
def vatan2(double[::1] x, double[::1] y, double[::1] out):
    cdef Py_ssize_t i
    for i in range(x.shape[0]):
        out[i] = atan2(x[i], y[i])
