# Must fail to compile: break outside a loop.

def f(int x):
    if x > 0:
        break
    return x
