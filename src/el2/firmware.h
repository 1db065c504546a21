/* SPDX-License-Identifier: MIT */
/* Calls into the platform firmware's PSCI (QEMU's built-in PSCI, reached
 * by SMC when EL2 is present and EL3 is not). */
#ifndef EL2_FIRMWARE_H
#define EL2_FIRMWARE_H

#include <stdint.h>

int64_t fw_psci_version(void);
/* Start physical CPU `mpidr` at `entry` (EL2, MMU off) with x0 = context. */
int64_t fw_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* Power this CPU off; returns only on failure. */
int64_t fw_psci_cpu_off(void);
void fw_psci_system_off(void) __attribute__((noreturn));
void fw_psci_system_reset(void) __attribute__((noreturn));

#endif
