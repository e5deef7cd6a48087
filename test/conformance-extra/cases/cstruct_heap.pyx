# Heap patterns: <T*>malloc(n * sizeof(T)) for structs, realloc growth of a
# struct array, calloc zeroing, memset/memcpy/memmove/memcmp on structs and
# arrays, pointer-to-pointer jagged arrays, pointer comparisons, void*.
from libc.stdlib cimport malloc, calloc, realloc, free
from libc.string cimport memset, memcpy, memmove, memcmp
from cython.operator cimport dereference as deref, address as addr

cdef struct Rec:
    int id
    double score
    char tag

cdef struct Stack:
    int size
    int cap
    Rec* items

cdef int push(Stack* s, int id, double score) except -1:
    cdef Rec* tmp
    if s.size == s.cap:
        s.cap = s.cap * 2 if s.cap else 2
        tmp = <Rec*>realloc(s.items, s.cap * sizeof(Rec))
        if tmp is NULL:
            raise MemoryError()
        s.items = tmp
    s.items[s.size].id = id
    s.items[s.size].score = score
    s.items[s.size].tag = 65 + id % 26
    s.size += 1
    return 0

def stack_demo(int n):
    cdef Stack s
    s.size = 0
    s.cap = 0
    s.items = NULL
    cdef int i
    for i in range(n):
        push(&s, i, i * 1.5)
    cdef double total = 0
    cdef Rec* p = s.items
    cdef Rec* end = s.items + s.size
    while p < end:
        total += p.score
        p += 1
    out = (s.size, s.cap, total, s.items[n - 1].id, s.items[n - 1].tag)
    free(s.items)
    return out

def calloc_zero(int n):
    cdef Rec* rs = <Rec*>calloc(n, sizeof(Rec))
    cdef int i, bad = 0
    for i in range(n):
        if rs[i].id != 0 or rs[i].score != 0 or rs[i].tag != 0:
            bad += 1
    free(rs)
    return bad

def memset_bytes(int n, int v):
    cdef unsigned char* b = <unsigned char*>malloc(n)
    memset(b, v, n)
    out = [b[i] for i in range(n)]
    free(b)
    return out

def memset_ints(int v):
    cdef int[4] a
    memset(a, v, sizeof(a))
    return a

def struct_memcpy(int id, double score):
    cdef Rec a
    cdef Rec b
    memset(&b, 0, sizeof(Rec))
    a.id = id
    a.score = score
    a.tag = 90
    memcpy(&b, &a, sizeof(Rec))
    a.id = -1
    return (b.id, b.score, b.tag, a.id)

def shift_right(list xs, int k):
    cdef int n = len(xs), i
    cdef int* a = <int*>malloc((n + k) * sizeof(int))
    for i in range(n):
        a[i] = xs[i]
    memmove(a + k, a, n * sizeof(int))
    for i in range(k):
        a[i] = 0
    out = [a[i] for i in range(n + k)]
    free(a)
    return out

def compare_mem(list xs, list ys):
    cdef int n = len(xs), i
    cdef unsigned char[16] a
    cdef unsigned char[16] b
    for i in range(n):
        a[i] = xs[i]
        b[i] = ys[i]
    cdef int c = memcmp(a, b, n)
    return (c > 0) - (c < 0)

def jagged(int rows):
    cdef int** tri = <int**>malloc(rows * sizeof(int*))
    cdef int i, j
    for i in range(rows):
        tri[i] = <int*>malloc((i + 1) * sizeof(int))
        tri[i][0] = 1
        tri[i][i] = 1
        for j in range(1, i):
            tri[i][j] = tri[i - 1][j - 1] + tri[i - 1][j]
    out = [tri[rows - 1][j] for j in range(rows)]
    for i in range(rows):
        free(tri[i])
    free(tri)
    return out

cdef void set_ptr(int** pp, int* target):
    pp[0] = target

def ptr_to_ptr(int a, int b):
    cdef int x = a, y = b
    cdef int* p = &x
    set_ptr(&p, &y)
    p[0] += 100
    return (x, y, deref(p))

def neg_index(int n):
    cdef long long* a = <long long*>malloc(n * sizeof(long long))
    cdef int i
    for i in range(n):
        a[i] = i * i
    cdef long long* end = a + n
    out = (end[-1], end[-2], (a + 2)[1], deref(end - 3), &a[n - 1] - a, &end[-1] == &a[n - 1])
    free(a)
    return out

def void_roundtrip(double v):
    cdef double d = v
    cdef void* vp = &d
    cdef double* dp = <double*>vp
    dp[0] *= 2
    cdef unsigned char* bytes_ = <unsigned char*>vp
    return (d, vp == <void*>dp, bytes_[7])

def ptr_order(int n, int i, int j):
    cdef char* base = <char*>malloc(n)
    cdef char* p = base + i
    cdef char* q = base + j
    out = (p < q, p <= q, p > q, p >= q, p == q, p != q, q - p)
    free(base)
    return out

def address_op(int v):
    cdef int x = v
    cdef int* p = addr(x)
    p[0] = p[0] * 3
    return x

def array_decay_arith():
    cdef double[6] a = [1, 2, 3, 4, 5, 6]
    cdef double* p = a
    cdef double* q = &a[5]
    cdef double s = 0
    while p <= q:
        s += p[0]
        p += 2
    return (s, q - &a[0], (a + 3)[0])

def struct_ptr_array(int n):
    cdef Rec** ptrs = <Rec**>malloc(n * sizeof(Rec*))
    cdef Rec* recs = <Rec*>malloc(n * sizeof(Rec))
    cdef int i
    for i in range(n):
        recs[i].id = i
        recs[i].score = 1.0 / (i + 1)
        ptrs[n - 1 - i] = &recs[i]
    out = [ptrs[i].id for i in range(n)] + [ptrs[0][0].score]
    free(ptrs)
    free(recs)
    return out

def null_checks():
    cdef int* p = NULL
    cdef int x = 1
    r1 = p is NULL
    r2 = not p
    p = &x
    r3 = p != NULL
    r4 = True if p else False
    return (r1, r2, r3, r4)
