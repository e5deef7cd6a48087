# In-place operators on memoryview elements are C's compound assignments:
# float /= and //= divide without a zero check or floor, unsigned wraps,
# int / // % only under cdivision (else a compile error).
cimport cython
@cython.cdivision(True)
def cdiv_view(int[:] a, int k):
    a[0] //= k
    a[1] %= k
    a[2] /= k
def fdiv_view(double[:] a, double k):
    a[0] /= k
def ffdiv_view(double[:] a, double k):
    a[0] //= k
def add_view(int[:] a, double k):
    a[0] += 1
    a[1] *= 3
    a[2] -= 10
def ovf_view(unsigned char[:] a):
    a[0] += 250
