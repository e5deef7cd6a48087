# Must fail to compile: adding a double in place to an int memoryview element.

def add_half(int[:] a, double k):
    a[0] += k
