# Unions and packed structs: unions holding structs and arrays, unions as
# arguments and results (dicts), packed struct layouts and arrays of packed
# structs, sizeof of mixed layouts, unions in structs.

cdef struct RGBA:
    unsigned char r
    unsigned char g
    unsigned char b
    unsigned char a

cdef union Pixel:
    unsigned int word
    RGBA c
    unsigned char[4] bytes

cdef union IntOrDouble:
    long long i
    double d

cdef packed struct Header:
    char magic
    unsigned int length
    unsigned short flags
    double stamp

cdef struct Loose:
    char magic
    unsigned int length
    unsigned short flags
    double stamp

cdef packed struct Tiny:
    char a
    short b

cdef struct Mixed:
    char c
    double d
    char e

cdef struct WithUnion:
    int kind
    IntOrDouble v

def pixel_word(int r, int g, int b, int a):
    cdef Pixel p
    p.c.r = r
    p.c.g = g
    p.c.b = b
    p.c.a = a
    return p.word

def pixel_channels(unsigned int w):
    cdef Pixel p
    p.word = w
    return (p.c.r, p.c.g, p.c.b, p.c.a, p.bytes[0], p.bytes[3])

def sizes():
    return (sizeof(Pixel), sizeof(IntOrDouble), sizeof(Header), sizeof(Loose),
            sizeof(Tiny), sizeof(Mixed), sizeof(WithUnion), sizeof(RGBA))

def packed_array(int n):
    cdef Tiny[4] ts
    cdef int i
    for i in range(4):
        ts[i].a = i
        ts[i].b = i * 1000 + n
    cdef char* raw = <char*>&ts[0]
    return (sizeof(ts), ts[3].b, raw[3], <long>(&ts[1]) - <long>(&ts[0]))

def header(int length, int flags, double stamp):
    cdef Header h
    h.magic = 72
    h.length = length
    h.flags = flags
    h.stamp = stamp
    return h

def header_in(Header h):
    return h.length * 2 + h.flags + h.stamp

def with_union(int kind, double x):
    cdef WithUnion w
    w.kind = kind
    if kind == 0:
        w.v.i = <long long>x
    else:
        w.v.d = x
    return (w.kind, w.v.i if kind == 0 else w.v.d)

def union_result(long long i):
    cdef IntOrDouble u
    u.i = i
    return u

def union_arg(IntOrDouble u):
    return u.i

def union_arg_d(IntOrDouble u):
    return u.d

def union_copy(double x):
    cdef IntOrDouble a
    cdef IntOrDouble b
    a.d = x
    b = a
    a.i = 0
    return (b.d, a.d)

def union_array(int n):
    cdef Pixel[3] ps
    cdef int i
    for i in range(3):
        ps[i].word = 0
        ps[i].bytes[i] = n + i
    return [ps[i].word for i in range(3)]
