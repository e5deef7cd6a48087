# Memoryviews of every element type (signed/unsigned 8..64-bit, float32,
# float64) and of 1 to 4 dimensions: sums, writes with wraparound of the
# element type, dtype mismatch errors, shapes/strides/ndim/size.
from libc.stdint cimport int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t

def sum_i8(signed char[:] a):
    cdef long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_u8(unsigned char[:] a):
    cdef long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_i16(short[:] a):
    cdef long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_u16(unsigned short[:] a):
    cdef long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_i32(int[:] a):
    cdef long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_u32(unsigned int[:] a):
    cdef unsigned long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_i64(long long[:] a):
    cdef long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_u64(unsigned long long[:] a):
    cdef unsigned long long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_f32(float[:] a):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_f64(double[:] a):
    cdef double s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_long(long[:] a):
    cdef long s = 0
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        s += a[i]
    return s

def sum_stdint(int16_t[:] a, uint32_t[:] b):
    return (a[0] + a[a.shape[0] - 1], b[0] + b[b.shape[0] - 1])

def get_i8(int8_t[:] a, Py_ssize_t i):
    return a[i]

def get_u64(uint64_t[:] a, Py_ssize_t i):
    return a[i]

def get_i64(int64_t[:] a, Py_ssize_t i):
    return a[i]

def get_f32(float[:] a, Py_ssize_t i):
    return a[i]

def inc_i8(signed char[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] += 1

def inc_u8(unsigned char[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] += 1

def inc_i16(short[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] += 1

def dec_u16(unsigned short[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] -= 1

def double_u32(unsigned int[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] *= 2

def neg_i64(long long[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] = -a[i]

def dec_u64(unsigned long long[:] a):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] -= 1

def set_f32(float[:] a, double v):
    cdef Py_ssize_t i
    for i in range(a.shape[0]):
        a[i] = v

def store_from_double(int[:] a, double v):
    a[0] = <int>v

def store_big_in_u8(unsigned char[:] a, int v):
    a[0] = v

def fill2d(int[:, :] m):
    cdef Py_ssize_t i, j
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            m[i, j] = i * 10 + j

def sum3d(double[:, :, :] v):
    cdef Py_ssize_t i, j, k
    cdef double s = 0
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            for k in range(v.shape[2]):
                s += v[i, j, k] * (i + 1)
    return s

def fill3d(short[:, :, :] v):
    cdef Py_ssize_t i, j, k
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            for k in range(v.shape[2]):
                v[i, j, k] = i * 100 + j * 10 + k

def sum4d(float[:, :, :, :] v):
    cdef Py_ssize_t i, j, k, l
    cdef double s = 0
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            for k in range(v.shape[2]):
                for l in range(v.shape[3]):
                    s += v[i, j, k, l]
    return s

def corner4d(long long[:, :, :, :] v):
    return (v[0, 0, 0, 0], v[-1, -1, -1, -1], v[1, 0, -1, 0])

def set4d(unsigned char[:, :, :, :] v, Py_ssize_t i, Py_ssize_t j, Py_ssize_t k, Py_ssize_t l, int x):
    v[i, j, k, l] = x

def shapes4d(double[:, :, :, :] v):
    return (v.shape[0], v.shape[1], v.shape[2], v.shape[3], v.ndim, v.size)

def info1d(int[:] a):
    return (a.ndim, a.size, a.shape[0], a.strides[0], a.itemsize, a.nbytes)

def info2d(float[:, :] a):
    return (a.ndim, a.size, a.shape[0], a.shape[1], a.strides[0], a.strides[1], a.itemsize)

def info_u64(unsigned long long[:, :] a):
    return (a.itemsize, a.nbytes, a.strides[0])

def len_view(int[:] a):
    return len(a)

def len_2d(int[:, :] a):
    return len(a)
