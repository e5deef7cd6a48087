# Must fail to compile: in-place modulo of an int memoryview element.

def wrap_all(int[:] a, int m):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] %= m
