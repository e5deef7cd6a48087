# cython: language_level=3
# The playground's kernel: escape counts of the Mandelbrot set. In the browser this
# module is WebAssembly plus a small ES glue module (cypyx/vite); plain-js.js has the
# same algorithm in JavaScript for comparison.
cimport cython

@cython.boundscheck(False)
@cython.wraparound(False)
def mandelbrot(int[::1] out, int width, int height,
               double xmin, double xmax, double ymin, double ymax, int maxit):
    """Writes the escape count of every pixel of a width x height grid into out
    (row-major) and returns the sum of the counts."""
    cdef int x, y, k
    cdef double cr, ci, zr, zi, t
    cdef double dx = (xmax - xmin) / width
    cdef double dy = (ymax - ymin) / height
    cdef long long total = 0
    if out.shape[0] < width * height:
        raise ValueError("out is too small for the image")
    for y in range(height):
        ci = ymin + y * dy
        for x in range(width):
            cr = xmin + x * dx
            zr = 0.0
            zi = 0.0
            k = 0
            while k < maxit and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                k += 1
            out[y * width + x] = k
            total += k
    return total
