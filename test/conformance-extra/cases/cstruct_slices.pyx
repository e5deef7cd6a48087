def copy_from_list(list xs):
    cdef int[3] a
    a[:] = xs
    return a

def tuple_array():
    cdef (int, double)[2] ts = [(1, 1.5), (2, 2.5)]
    return ts[1]

def assign_array_from_list(list xs):
    cdef int[3] a
    a = xs
    return a
