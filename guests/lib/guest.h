/* SPDX-License-Identifier: MIT */
/*
 * What a test guest program provides to the runtime (lib/runtime.c) and
 * what the runtime offers it. Boot: the start code calls guest_entry, which
 * locates the DTB, runs guest_main, prints "<guest_name>: done" and powers
 * off through PSCI SYSTEM_OFF.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdint.h>

#include "arch.h"
#include "console.h"

/* Provided by each guest program. */
extern const char guest_name[];
void guest_main(void);
/* Entry of a CPU started by CPU_ON with its CPU index as context id; the
 * runtime's default just turns the CPU off again. */
void secondary_main(ureg_t cpu);

/* Start code symbols. */
void secondary_entry(void);

/* Called from the IRQ vector with IRQs masked; NULL means an IRQ is
 * unexpected and ends the run. */
extern void (*irq_handler)(void);

/* Report an exception no guest expects and power off (runtime.c), after the
 * architecture-specific description (arch/<arch>/fault.c). */
__attribute__((noreturn)) void unexpected_exception(unsigned kind, ureg_t return_addr);
void arch_describe_exception(unsigned kind, ureg_t return_addr);

#endif
