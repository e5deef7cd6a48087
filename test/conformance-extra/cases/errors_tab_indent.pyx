# Must fail to compile: a body indented with a tab after spaces.

def f(int x):
    cdef int y = x
	return y
