cdef struct Wide:
    unsigned long long u
    long long s
    float f
    char c

def make_wide(unsigned long long u, long long s):
    cdef Wide w
    w.u = u
    w.s = s
    w.f = 0.1
    w.c = -5
    return w

def wide_sum(Wide w):
    return (w.u + <unsigned long long>w.s, w.f, w.c)

cpdef (unsigned long long, float) pair(unsigned long long u):
    return (u * 2, 1.5)
