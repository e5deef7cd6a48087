/* sum_reduce, C reference: the fold add.reduce does, s = x[0], then s = s + x[i] for
 * i = 1 .. n-1, strictly left to right (the same value as 0.0 + x[0] + ... unless x[0]
 * is -0.0). */
#include "../common/cbench.h"

double sum_reduce(const double *x, long n) {
    double s = x[0];
    for (long i = 1; i < n; i++) s += x[i];
    return s;
}

#ifndef KERNEL_NO_MAIN
int main(int argc, char **argv) {
    const int reps = bench_reps(argc, argv);
    const long n = 10000000;
    double *x = malloc(sizeof(double) * (size_t)n);
    if (!x) return 1;
    for (long i = 0; i < n; i++) x[i] = (double)(i % 1999 - 500) * 0.001;
    double times[CB_MAX_REPS + 1];
    volatile double result = 0.0;
    for (int r = 0; r <= reps; r++) {
        ESCAPE(x);
        const double t0 = now_ms();
        result = sum_reduce(x, n);
        CLOBBER();
        times[r] = now_ms() - t0;
    }
    bench_report("sum_reduce", bench_system(argc, argv), times, reps, result);
    free(x);
    return 0;
}
#endif
