from libc.stdlib cimport malloc, calloc, free

cdef struct Node:
    int value
    Node* next

ctypedef void (*visit_fn)(Node*, void*)

cdef struct P:
    double x
    double y

cdef void add_value(Node* n, void* ctx):
    (<long long*>ctx)[0] += n.value

cdef void count_even(Node* n, void* ctx):
    if n.value % 2 == 0:
        (<int*>ctx)[0] += 1

cdef void walk(Node* head, visit_fn f, void* ctx):
    while head is not NULL:
        f(head, ctx)
        head = head.next

def visit(int n):
    cdef Node* nodes = <Node*>calloc(n, sizeof(Node))
    cdef int i
    for i in range(n):
        nodes[i].value = i * 3
        nodes[i].next = &nodes[i + 1] if i < n - 1 else NULL
    cdef long long total = 0
    cdef int evens = 0
    walk(nodes, add_value, &total)
    walk(nodes, count_even, &evens)
    free(nodes)
    return (total, evens)

def field_pointer(double a):
    cdef P p = P(a, 0)
    cdef double* q = &p.y
    q[0] = a * 2
    (&p.x)[0] += 1
    return p

def struct_array_literal():
    cdef P[3] ps = [P(1, 2), P(3, 4), P(5, 6)]
    cdef int i
    cdef double s = 0
    for i in range(3):
        s += ps[i].x * ps[i].y
    return s

def copy_through_pointers():
    cdef P a = P(1, 2)
    cdef P* pa = &a
    cdef P b = pa[0]
    pa[0] = P(7, 8)
    return (a.x, a.y, b.x, b.y)

def sort_points(list xs):
    cdef int n = len(xs), i, j
    cdef P* pts = <P*>malloc(n * sizeof(P))
    cdef P t
    for i in range(n):
        pts[i].x = xs[i]
        pts[i].y = -xs[i]
    for i in range(n):
        for j in range(n - 1 - i):
            if pts[j].x > pts[j + 1].x:
                t = pts[j]
                pts[j] = pts[j + 1]
                pts[j + 1] = t
    out = [(pts[i].x, pts[i].y) for i in range(n)]
    free(pts)
    return out
