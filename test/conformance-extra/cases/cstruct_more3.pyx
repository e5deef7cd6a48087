# C data: cython.operator increments, displays passed to struct/ctuple parameters,
# structs with pointers inside (linked structures), recursion with C arrays.
from libc.stdlib cimport malloc, free
from cython.operator cimport preincrement as inc, postincrement as pinc, dereference as deref
cimport cython

cdef struct P2:
    double x
    double y

cdef struct Tree:
    int value
    Tree* left
    Tree* right

cdef double dot(P2 a, P2 b):
    return a.x * b.x + a.y * b.y

cdef int sum3((int, int, int) t):
    return t[0] + t[1] + t[2]

def displays(double x):
    return (dot(P2(x, 1), P2(2, x)), dot({'x': x, 'y': 2.0}, P2(1, 1)), sum3((1, 2, 3)))

def count_up(int n):
    cdef int* buf = <int*>malloc(n * sizeof(int))
    cdef int* p = buf
    cdef int i = 0
    while i < n:
        p[0] = i
        inc(p)
        pinc(i)
    cdef int s = 0
    p = buf
    for i in range(n):
        s += deref(pinc(p))
    free(buf)
    return s

def post_vs_pre(int x):
    cdef int a = x
    cdef int b = pinc(a)
    cdef int c = inc(a)
    return (a, b, c)

cdef Tree* insert(Tree* t, int v):
    if t == NULL:
        t = <Tree*>malloc(sizeof(Tree))
        t.value = v
        t.left = NULL
        t.right = NULL
        return t
    if v < t.value:
        t.left = insert(t.left, v)
    else:
        t.right = insert(t.right, v)
    return t

cdef void inorder(Tree* t, list out):
    if t == NULL:
        return
    inorder(t.left, out)
    out.append(t.value)
    inorder(t.right, out)

cdef void destroy(Tree* t):
    if t != NULL:
        destroy(t.left)
        destroy(t.right)
        free(t)

def tree_sort(list values):
    cdef Tree* root = NULL
    for v in values:
        root = insert(root, v)
    out = []
    inorder(root, out)
    destroy(root)
    return out

cdef int depth_sum(int n):
    cdef int[8] local
    cdef int i
    for i in range(8):
        local[i] = n
    if n == 0:
        return 0
    cdef int below = depth_sum(n - 1)
    cdef int s = 0
    for i in range(8):
        s += local[i]
    return s + below

def recursion_with_arrays(int n):
    return depth_sum(n)

def cython_address(int v):
    cdef int x = v
    cdef int* p = cython.address(x)
    cython.operator.preincrement(p[0])
    return x
