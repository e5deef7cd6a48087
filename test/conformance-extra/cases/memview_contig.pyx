# is_c_contig() / is_f_contig() of memoryviews and of their slices.
def contig_flags(double[:, :] m):
    return (m.is_c_contig(), m.is_f_contig())
def contig_1d(int[:] a):
    return (a.is_c_contig(), a.is_f_contig())
def contig_typed(double[:, ::1] m):
    return (m.is_c_contig(), m.is_f_contig(), m[:, ::2].is_c_contig(), m[::-1, :].is_c_contig())
def contig_3d(float[:, :, :] v):
    return (v.is_c_contig(), v.is_f_contig(), v[0].is_c_contig(), v[:, 0].is_c_contig())

def strides_of(double[:, :] m):
    return (m.strides[0], m.strides[1])

def first_c(double[:, ::1] m):
    return m[0, m.shape[1] - 1]
