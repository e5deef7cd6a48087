# Must fail to compile: a cpdef function called with too many arguments.

cpdef int add(int a, int b):
    return a + b

def use():
    return add(1, 2, 3)
