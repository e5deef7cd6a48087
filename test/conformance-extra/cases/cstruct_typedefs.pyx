# ctypedef'd structs and aliases, char-array fields (bytes), enum fields,
# walking arrays of structs with a moving pointer, sizeof of pointers and
# typedefs, structs passed by pointer to modify in place.
from libc.string cimport strlen

ctypedef struct Rec:
    int id
    char[8] name
    double score

cdef enum Kind:
    K_A = 1
    K_B = 2

ctypedef Rec Record
ctypedef Rec* RecPtr
ctypedef double real_t
ctypedef real_t[3] vec3

cdef struct Tagged:
    Kind kind
    vec3 v

def named(int id, bytes nm):
    cdef Record r
    r.id = id
    cdef const char* src = nm
    cdef int i = 0
    while src[i] != 0:
        r.name[i] = src[i]
        i += 1
    r.name[i] = 0
    r.score = strlen(r.name) * 0.5
    return r

def name_in(Rec r):
    return (r.name, len(r.name), r.id)

def walk(int n):
    cdef Rec[5] rs
    cdef RecPtr p = rs
    cdef RecPtr end = rs + n
    cdef int i = 0
    while p < end:
        p.id = i * 7
        p.score = i
        p.name[0] = 65 + i
        p.name[1] = 0
        p += 1
        i += 1
    p = &rs[0]
    out = []
    for i in range(n):
        out.append((p[i].id, p[i].name))
    return out

def tagged(int k, double x):
    cdef Tagged t
    t.kind = <Kind>k
    t.v[0] = x
    t.v[1] = x * 2
    t.v[2] = x * 3
    return t

def sizes():
    cdef vec3 v
    return (sizeof(Rec), sizeof(Record), sizeof(RecPtr), sizeof(void*), sizeof(real_t),
            sizeof(vec3), sizeof(v), sizeof(Tagged), sizeof(Py_ssize_t), sizeof(size_t),
            sizeof(bint), sizeof(long), sizeof(unsigned short), sizeof(Kind))

cdef void bump_all(Rec* rs, int n, double d):
    cdef int i
    for i in range(n):
        rs[i].score += d
        (rs + i).id += 1

def bumped(double d):
    cdef Rec[2] rs
    rs[0].id = 1
    rs[0].score = 1
    rs[1].id = 2
    rs[1].score = 2
    bump_all(rs, 2, d)
    return [(rs[i].id, rs[i].score) for i in range(2)]

def vec_total(double a):
    cdef vec3 v = [a, a + 1, a + 2]
    cdef real_t s = 0
    cdef int i
    for i in range(3):
        s += v[i]
    return (s, v)
