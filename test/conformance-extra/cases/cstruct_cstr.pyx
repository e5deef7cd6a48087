from libc.string cimport strlen, strcmp, memcpy
from libc.stdlib cimport malloc, free

def length(bytes b):
    cdef const char* p = b
    return strlen(p)

def count_char(bytes b, int c):
    cdef const unsigned char* p = b
    cdef int n = 0
    while p[0] != 0:
        if p[0] == c:
            n += 1
        p += 1
    return n

def literal():
    cdef const char* s = b"hello"
    return (strlen(s), s[1], s)

def compare(bytes a, bytes b):
    return strcmp(a, b) < 0

def upper(bytes b):
    cdef Py_ssize_t n = len(b)
    cdef char* out = <char*>malloc(n + 1)
    cdef const char* src = b
    cdef Py_ssize_t i
    for i in range(n):
        out[i] = src[i] - 32 if 97 <= src[i] <= 122 else src[i]
    out[n] = 0
    r = out[:n]
    free(out)
    return r

def to_bytes_ptr(bytes b):
    cdef char* p = b
    return p
