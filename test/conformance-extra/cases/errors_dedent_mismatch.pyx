# Must fail to compile: a dedent to a column that matches no outer block.

def f(int x):
    if x:
        x += 1
   return x
