# cython: language_level=3
# sum_reduce: a user-defined reduction. `add` is a binary ufunc whose operands and result
# are all double, so cypyx also gives it a compiled fold: add.reduce(x, axis=None)
# computes add(add(add(x[0], x[1]), x[2]), ...), strictly left to right.
cimport cython


@cython.ufunc
cdef double add(double a, double b):
    return a + b
