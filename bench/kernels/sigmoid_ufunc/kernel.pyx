# cython: language_level=3
# sigmoid_ufunc: the shared sigmoid kernel written as a Cython 3 ufunc. The scalar
# function is the whole kernel; cypyx compiles the elementwise loop, and the caller
# passes the output array: sigmoid(x, out=out).
cimport cython
from libc.math cimport exp


@cython.ufunc
@cython.cdivision(True)
cdef double sigmoid(double x):
    return 1.0 / (1.0 + exp(-x))
