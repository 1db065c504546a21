/* SPDX-License-Identifier: MIT */
/*
 * For guests that run with on_fault = abort: read or write one 32-bit word
 * at `addr` and check that it ended in a synchronous external abort from
 * the current EL with the right WnR and FAR (the vector in start.S records
 * it in guest_fault[]). Prints "TAG: read|write ADDR: external abort" (or
 * what went wrong); returns 1 when the abort came as expected.
 */
#ifndef EL2_GUESTS_ABORT_PROBE_H
#define EL2_GUESTS_ABORT_PROBE_H

#include <stdint.h>

int abort_probe(const char *tag, uint64_t addr, int write);

#endif
