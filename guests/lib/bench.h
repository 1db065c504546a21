/* SPDX-License-Identifier: MIT */
/* The bench guests' one result line. */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include <stdint.h>

#include "console.h"

/* Set by the build (GUEST_BENCH_ITERATIONS in mk/guests.mk). */
#ifndef GUEST_BENCH_ITERATIONS
#define GUEST_BENCH_ITERATIONS 20000
#endif

/* "bench: <what> iterations N ticks T cntfrq F": T virtual counter ticks
 * for N operations, F the counter frequency in Hz. */
static inline void bench_report(const char *what, uint32_t iterations, uint64_t ticks,
				uint32_t cntfrq)
{
	printf("bench: %s iterations %u ticks %llu cntfrq %u\n", what, iterations,
	       (unsigned long long)ticks, cntfrq);
}

#endif
