cdef int f(int a, int b):
    return a // b
def g(int b):
    return f(1, b) + 5
cpdef int h(int a, int b):
    return a // b
cdef object fo(int b):
    return 1 // b
def go(int b):
    return fo(b)
cdef int fe(int b) except *:
    return 1 // b
def ge(int b):
    return fe(b)
def gl(int b):
    return [f(1, b)]
