# C globals that are not scalars, shared by native (or wasm) code and generic code.
cdef double[4] ACC
cdef int[2][3] GRID

def put(int i, double v):
    ACC[i] = v
    GRID[i % 2][i % 3] = i + 1

def add_all(double v):
    cdef int i
    for i in range(4):
        ACC[i] += v

def snapshot():
    return ([ACC[0], ACC[1], ACC[2], ACC[3]], [[GRID[r][c] for c in range(3)] for r in range(2)])

def total():
    cdef double s = 0
    cdef int i
    for i in range(4):
        s += ACC[i]
    return s
