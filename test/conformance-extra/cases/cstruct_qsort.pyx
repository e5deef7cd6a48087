from libc.stdlib cimport qsort, malloc, free

cdef struct Rec:
    int key
    double value

cdef int cmp_int(const void* a, const void* b) nogil:
    cdef int x = (<int*>a)[0]
    cdef int y = (<int*>b)[0]
    return (x > y) - (x < y)

cdef int cmp_desc(const void* a, const void* b) nogil:
    return cmp_int(b, a)

cdef int cmp_rec(const void* a, const void* b) nogil:
    cdef Rec* r = <Rec*>a
    cdef Rec* s = <Rec*>b
    if r.value < s.value:
        return -1
    if r.value > s.value:
        return 1
    return 0

def sort_ints(list xs, bint desc):
    cdef int n = len(xs), i
    cdef int* a = <int*>malloc(n * sizeof(int) + 1)
    for i in range(n):
        a[i] = xs[i]
    if desc:
        qsort(a, n, sizeof(int), cmp_desc)
    else:
        qsort(a, n, sizeof(int), cmp_int)
    out = [a[i] for i in range(n)]
    free(a)
    return out

def sort_recs(list values):
    cdef Rec[8] recs
    cdef int n = len(values), i
    for i in range(n):
        recs[i].key = i
        recs[i].value = values[i]
    qsort(recs, n, sizeof(Rec), cmp_rec)
    return [recs[i].key for i in range(n)]

def median(double[:] v):
    cdef int n = v.shape[0], i
    cdef int* idx = <int*>malloc(n * sizeof(int))
    cdef int[16] tmp
    for i in range(n):
        tmp[i] = <int>(v[i] * 10)
    qsort(tmp, n, sizeof(int), cmp_int)
    free(idx)
    return tmp[n // 2]
