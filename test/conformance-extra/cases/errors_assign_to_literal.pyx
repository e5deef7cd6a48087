# Must fail to compile: assignment to a literal.

def f(int x):
    1 = x
    return x
