# Must fail to compile: missing colon after an if condition.

def f(int x):
    if x > 0
        return 1
    return 0
