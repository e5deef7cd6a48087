# Must fail to compile: indexing a C double.

def f(double x):
    return x[0]
