# One-character bytes literals as C chars: comparisons and initializers.
def is_a(char c):
    return (c == b'a', b'a' == c, c != b'b')
def from_lit():
    cdef char c = b'z'
    cdef unsigned char u = b'\xff'
    cdef char s = b'\xff'
    return (c, u, s)
def count_a(unsigned char[:] a):
    cdef Py_ssize_t i
    cdef int n = 0
    for i in range(a.shape[0]):
        if a[i] == b'a':
            n += 1
    return n
