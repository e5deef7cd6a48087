# Must fail to compile: a Python object assigned to a struct with a
# non-convertible field.

cdef struct Node:
    int value
    Node *next

def f(obj):
    cdef Node n
    n = obj
    return n.value
