# Copies between overlapping views of one buffer: Cython copies through a
# temporary, so the result does not depend on the element order.

def copy_overlap(int[:] a):
    a[1:] = a[:-1]

def copy_overlap_back(int[:] a):
    a[:-1] = a[1:]

def copy_overlap_2d(double[:, :] m):
    m[1:, :] = m[:-1, :]
