# Must fail to compile: augmented assignment of a double into a C int.

def f(int x, double y):
    x += y
    return x
