# Must fail to compile: cdef declaration inside a try block.

def f(int x):
    try:
        cdef double y = 1.0 / x
    except ZeroDivisionError:
        return 0.0
    return 1.0
