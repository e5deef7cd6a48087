# Python object -> C conversions: Py_ssize_t uses __index__ (floats refused,
# "X object cannot be interpreted as an integer"), other ints Cython's
# __Pyx_PyInt_As_*, doubles PyFloat_AsDouble, bint truth values.
def ss(Py_ssize_t i):
    return i
def sz(size_t i):
    return i
def ii(int i):
    return i
def ll(long long i):
    return i
def local_ss(o):
    cdef Py_ssize_t i = o
    return i
def local_int(o):
    cdef int i = o
    return i
def dd(double d):
    return d
def ff(float d):
    return d
def bb(bint b):
    return b
