# Must fail to compile: a double stored into an int memoryview.

def f(int[:] a, double x):
    a[0] = x
