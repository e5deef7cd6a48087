cdef struct Inner:
    double x

cdef struct Outer:
    Inner a
    int n

cdef struct Node

cdef struct Node:
    int v
    Node* next

def f(double x):
    cdef Outer o
    o.a.x = x
    o.n = 2
    cdef Node nd
    nd.next = NULL
    return (o.a.x * o.n, nd.next is NULL, sizeof(Outer), nd.next is not NULL)
