# Must fail to compile: in-place floor division of an int memoryview element.

def halve_all(long long[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] //= 2
