# More C data: structs holding arrays, arrays of structs, pointers to pointers,
# pointers into memoryviews, callbacks, C globals, dereference, dict displays.
from libc.stdlib cimport malloc, free
from libc.string cimport memset, memcpy
from cython.operator cimport dereference as deref
cimport cython

ctypedef double (*unary_fn)(double)

cdef struct Vec3:
    double[3] v

cdef struct Particle:
    int id
    Vec3 pos
    float mass
    bint alive

cdef struct Pair:
    int a
    int b

cdef double G_ACC[4]
cdef Pair G_PAIR
cdef int G_COUNT = 0

def make_vec(double x, double y, double z):
    cdef Vec3 r
    r.v[0] = x
    r.v[1] = y
    r.v[2] = z
    return r

def particle(int id, double x, double m):
    cdef Particle p
    p.id = id
    p.pos.v[0] = x
    p.pos.v[1] = x * 2
    p.pos.v[2] = x * 3
    p.mass = m
    p.alive = id > 0
    return p

def particle_norm(Particle p):
    cdef double s = 0
    cdef int i
    for i in range(3):
        s += p.pos.v[i] * p.pos.v[i]
    return s * p.mass

cdef void scale(Pair* p, int k):
    p.a *= k
    p[0].b = p[0].b * k

def scaled_pair(int a, int b, int k):
    cdef Pair p = Pair(a, b)
    scale(&p, k)
    return p

def pair_from_dict(int a):
    cdef Pair p = {'a': a, 'b': a + 1}
    return (p.a, p.b)

cdef double total(double* p, Py_ssize_t n):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(n):
        s += p[i]
    return s

def view_total(double[:] m):
    return total(&m[0], m.shape[0])

cdef void fill(double* p, Py_ssize_t n, double v):
    cdef Py_ssize_t i
    for i in range(n):
        p[i] = v

def view_fill(double[:] m, double v):
    fill(&m[1], m.shape[0] - 1, v)

cdef double add1(double x):
    return x + 1

cdef double sq(double x):
    return x * x

cdef void map_inplace(double[:] m, unary_fn f):
    cdef Py_ssize_t i
    for i in range(m.shape[0]):
        m[i] = f(m[i])

def map_square(double[:] m, bint plus_one):
    if plus_one:
        map_inplace(m, add1)
    else:
        map_inplace(m, sq)

def pointer_to_pointer(int n):
    cdef int** rows = <int**>malloc(n * sizeof(int*))
    cdef int i, j
    cdef long long s = 0
    for i in range(n):
        rows[i] = <int*>malloc((i + 1) * sizeof(int))
        for j in range(i + 1):
            rows[i][j] = i * 10 + j
    for i in range(n):
        for j in range(i + 1):
            s += rows[i][j]
        free(rows[i])
    free(rows)
    return s

def array_of_pointers():
    cdef int a = 1, b = 2, c = 3
    cdef int* ptrs[3]
    ptrs[0] = &a
    ptrs[1] = &b
    ptrs[2] = &c
    cdef int i
    for i in range(3):
        ptrs[i][0] *= 10
    return a + b + c

def deref_walk(int n):
    cdef int* buf = <int*>malloc(n * sizeof(int))
    cdef int* p = buf
    cdef int i
    for i in range(n):
        p[0] = i * i
        p += 1
    cdef int s = 0
    p = buf
    while p < buf + n:
        s += deref(p)
        p += 1
    free(buf)
    return s

def globals_accumulate(double x):
    global G_COUNT
    cdef int i
    for i in range(4):
        G_ACC[i] += x * (i + 1)
    G_COUNT += 1
    G_PAIR.a += 1
    G_PAIR.b -= 1
    return [G_ACC[0], G_ACC[1], G_ACC[2], G_ACC[3], G_COUNT, G_PAIR.a, G_PAIR.b]

def memset_struct(int a, int b):
    cdef Pair p = Pair(a, b)
    cdef Pair q
    memcpy(&q, &p, sizeof(Pair))
    memset(&p, 0, sizeof(p))
    return (p.a, p.b, q.a, q.b)

def structs_on_heap(int n):
    cdef Particle* ps = <Particle*>malloc(n * sizeof(Particle))
    cdef int i
    for i in range(n):
        ps[i].id = i
        ps[i].mass = 0.5 * i
        ps[i].pos.v[0] = i
        ps[i].alive = i % 2 == 0
    cdef double m = 0
    cdef int alive = 0
    for i in range(n):
        m += ps[i].mass * ps[i].pos.v[0]
        if ps[i].alive:
            alive += 1
    free(ps)
    return (m, alive)

def trace2d():
    cdef double[3][3] m
    cdef int i, j
    for i in range(3):
        for j in range(3):
            m[i][j] = i + j * 0.5
    return total(&m[0][0], 9)

def sizes2():
    cdef double[7] a
    cdef Particle p
    return (sizeof(a), sizeof(p), sizeof(Vec3), sizeof(Pair*), sizeof(unary_fn))

def null_checks(int k):
    cdef int x = 5
    cdef int* p = NULL
    if k > 0:
        p = &x
    if p:
        return p[0]
    return -1

cpdef Pair swap_pair(Pair p):
    return Pair(p.b, p.a)

def bad_pair():
    return swap_pair({'a': 1})
