/* sigmoid_ufunc, C reference: the plain loop out[i] = 1 / (1 + exp(-x[i])) over float64
 * (what the ufunc's elementwise loop has to match). */
#include <math.h>
#include "../common/cbench.h"

void sigmoid(const double *x, double *out, long n) {
    for (long i = 0; i < n; i++) out[i] = 1.0 / (1.0 + exp(-x[i]));
}

#ifndef KERNEL_NO_MAIN
int main(int argc, char **argv) {
    const int reps = bench_reps(argc, argv);
    const long n = 10000000;
    double *x = malloc(sizeof(double) * (size_t)n);
    double *out = calloc((size_t)n, sizeof(double));
    if (!x || !out) return 1;
    for (long i = 0; i < n; i++) x[i] = (double)(i % 2001 - 1000) * 0.01;
    double times[CB_MAX_REPS + 1];
    for (int r = 0; r <= reps; r++) {
        ESCAPE(x);
        ESCAPE(out);
        const double t0 = now_ms();
        sigmoid(x, out, n);
        CLOBBER();
        times[r] = now_ms() - t0;
    }
    double sum = 0.0; /* left to right */
    for (long i = 0; i < n; i++) sum += out[i];
    bench_report("sigmoid_ufunc", bench_system(argc, argv), times, reps, sum);
    free(x);
    free(out);
    return 0;
}
#endif
