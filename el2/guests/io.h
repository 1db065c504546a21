/* SPDX-License-Identifier: MIT */
/* Console and PSCI for the EL2 engine's own test guests (AArch64). */
#ifndef EL2_GUESTS_IO_H
#define EL2_GUESTS_IO_H

#include <stdint.h>

void io_puts(const char *s);
void io_puthex(uint64_t v);
void io_putdec(uint64_t v);
/* SMCCC call through HVC: x0 = fn, x1-x3 arguments; returns x0. */
int64_t io_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
__attribute__((noreturn)) void io_system_off(void);

/* Set by the synchronous vector in start.S: ESR_EL1, FAR_EL1, 1 = taken. */
extern volatile uint64_t guest_fault[3];

/* Provided by each guest; guest_secondary by those that use CPU_ON. */
void guest_main(void);
void guest_secondary(uint64_t context);
void guest_unexpected(uint64_t esr, uint64_t elr);
void guest_secondary_entry(void);

#endif
