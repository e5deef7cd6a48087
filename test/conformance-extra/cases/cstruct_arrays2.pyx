# Multi-dimensional C arrays: nested literals, 3-D arrays, rows passed as
# pointers, whole-array assignment and copies, arrays of structs with array
# fields, arrays returned to Python as nested lists, sizeof of arrays.

cdef struct Cell:
    int[2] xy
    double w

cdef double row_sum(double* row, int n):
    cdef int i
    cdef double s = 0
    for i in range(n):
        s += row[i]
    return s

def nested_literal():
    cdef int[2][3] a = [[1, 2, 3], [4, 5, 6]]
    return (a, a[1][2], sizeof(a), sizeof(a[0]))

def cube(int n):
    cdef int[2][3][4] c
    cdef int i, j, k
    for i in range(2):
        for j in range(3):
            for k in range(4):
                c[i][j][k] = i * 100 + j * 10 + k + n
    return (c[1][2][3], c[0][1], sizeof(c))

def rows(double k):
    cdef double[3][4] m
    cdef int i, j
    for i in range(3):
        for j in range(4):
            m[i][j] = i + j * k
    return [row_sum(m[i], 4) for i in range(3)]

def transpose(list rows_):
    cdef double[3][3] a
    cdef double[3][3] t
    cdef int i, j
    for i in range(3):
        for j in range(3):
            a[i][j] = rows_[i][j]
    for i in range(3):
        for j in range(3):
            t[j][i] = a[i][j]
    return t

def matmul2(list a_, list b_):
    cdef double[2][2] a = a_
    cdef double[2][2] b = b_
    cdef double[2][2] c
    cdef int i, j, k
    for i in range(2):
        for j in range(2):
            c[i][j] = 0
            for k in range(2):
                c[i][j] += a[i][k] * b[k][j]
    return c

def copy_2d():
    cdef int[2][2] a = [[1, 2], [3, 4]]
    cdef int[2][2] b
    b = a
    b[0][0] = 100
    a[1] = [7, 8]
    return (a, b)

def cells(int n):
    cdef Cell[3] cs
    cdef int i
    for i in range(3):
        cs[i].xy[0] = i * n
        cs[i].xy[1] = -i
        cs[i].w = i * 0.5
    return [cs[i] for i in range(3)]

def cell_arg(Cell c):
    return c.xy[0] * c.w + c.xy[1]

def array_arg_list(list xs):
    cdef long long[4] a = xs
    cdef long long s = 0
    cdef int i
    for i in range(4):
        s = s * 1000 + a[i]
    return s

def bool_array():
    cdef bint[3] f = [True, False, True]
    return f

def float_array():
    cdef float[3] f = [0.1, 0.2, 0.3]
    return f

def pointer_into_2d():
    cdef int[3][3] g = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    cdef int* p = &g[0][0]
    cdef int s = 0
    cdef int i
    for i in range(9):
        s += p[i] * (i + 1)
    cdef int* q = g[2]
    return (s, q[1], (&g[1][0])[2])

def array_index_types(int i):
    cdef double[5] a = [1, 2, 3, 4, 5]
    cdef unsigned char j = <unsigned char>i
    cdef long long k = i
    cdef size_t m = i
    return (a[i], a[j], a[k], a[m], a[-1 + i])

def sizes():
    cdef double[4] a
    cdef char[10] s
    cdef Cell[3] cs
    cdef int[2][5] g
    return (sizeof(a), sizeof(s), sizeof(cs), sizeof(g), sizeof(g[1]), sizeof(Cell), sizeof(cs[0].xy))
