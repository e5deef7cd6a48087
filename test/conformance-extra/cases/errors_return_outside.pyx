# Must fail to compile: return at module level.

cdef int x = 1
return x
