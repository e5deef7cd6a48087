# cython: language_level=3
# A few numeric kernels, imported from JavaScript by examples/demo.mjs.
cimport cython
from libc.math cimport sqrt

@cython.boundscheck(False)
@cython.wraparound(False)
def dot(const double[:] x, const double[:] y):
    """Dot product of two equally long vectors."""
    cdef Py_ssize_t i
    cdef double s = 0
    if x.shape[0] != y.shape[0]:
        raise ValueError("length mismatch")
    for i in range(x.shape[0]):
        s += x[i] * y[i]
    return s

cdef inline double f(double x) nogil:
    return x * x - x

def integrate(double a, double b, int n):
    """Rectangle-rule integral of x*x - x over [a, b]."""
    cdef double s = 0, dx = (b - a) / n
    cdef int i
    for i in range(n):
        s += f(a + i * dx)
    return s * dx

@cython.boundscheck(False)
@cython.wraparound(False)
def mandelbrot(int[:, ::1] out, double xmin, double xmax, double ymin, double ymax, int maxit):
    """Escape counts of the Mandelbrot set, written into out."""
    cdef Py_ssize_t x, y
    cdef int k
    cdef double cr, ci, zr, zi, t
    cdef double dx = (xmax - xmin) / out.shape[1], dy = (ymax - ymin) / out.shape[0]
    for y in range(out.shape[0]):
        for x in range(out.shape[1]):
            cr = xmin + x * dx
            ci = ymin + y * dy
            zr = 0
            zi = 0
            k = 0
            while k < maxit and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2 * zr * zi + ci
                zr = t
                k += 1
            out[y, x] = k

def norm(double[:] v):
    return sqrt(dot(v, v))
