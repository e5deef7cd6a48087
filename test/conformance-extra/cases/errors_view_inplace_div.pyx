# Must fail to compile: in-place division of an int memoryview element.

def halve_first(int[:] a, int k):
    a[0] /= k
