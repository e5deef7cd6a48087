/* Timing harness for the project-local C kernels (bench/kernels/<kernel>/kernel.c).
 *
 * Same contract as the shared kernels' harness, so bench/run.mjs runs both alike:
 *   ./kernel <system> <reps>
 * the kernel makes its inputs, calls the kernel once untimed (warm-up) and then <reps>
 * times, each timed with CLOCK_MONOTONIC, and prints one JSON line
 *   {kernel, system, first_ms, best_ms, median_ms, max_ms, times_ms, checksum}. */
#ifndef CYPYX_LOCAL_CBENCH_H
#define CYPYX_LOCAL_CBENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CB_MAX_REPS 100

/* Compiler barriers: the pointer's memory is "used" / all memory may have changed, so
 * gcc can neither drop a timed call nor move work across the clock reads. */
#define ESCAPE(p) __asm__ volatile("" : : "g"(p) : "memory")
#define CLOBBER() __asm__ volatile("" : : : "memory")

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
}

static const char *bench_system(int argc, char **argv) { return argc >= 2 ? argv[1] : "c"; }

static int bench_reps(int argc, char **argv) {
    long r = argc >= 3 ? strtol(argv[2], NULL, 10) : 5;
    if (r < 1) r = 1;
    if (r > CB_MAX_REPS) r = CB_MAX_REPS;
    return (int)r;
}

/* times[0]: the warm-up call; times[1..reps]: the timed calls (at most CB_MAX_REPS). */
static void bench_report(const char *kernel, const char *system, const double *times, int reps,
                         double checksum) {
    double s[CB_MAX_REPS];
    for (int i = 0; i < reps; i++) { /* insertion sort: reps is small */
        double v = times[i + 1];
        int j = i;
        while (j > 0 && s[j - 1] > v) {
            s[j] = s[j - 1];
            j--;
        }
        s[j] = v;
    }
    printf("{\"kernel\": \"%s\", \"system\": \"%s\", \"first_ms\": %.4f, \"best_ms\": %.4f, "
           "\"median_ms\": %.4f, \"max_ms\": %.4f, \"times_ms\": [",
           kernel, system, times[0], s[0], s[reps / 2], s[reps - 1]);
    for (int i = 0; i < reps; i++) printf(i ? ", %.4f" : "%.4f", times[i + 1]);
    printf("], \"checksum\": %.17g}\n", checksum);
}
#endif
