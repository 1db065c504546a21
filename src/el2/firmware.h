/* SPDX-License-Identifier: MIT */
/* Calls into the platform firmware's PSCI by SMC (the board's device tree
 * says whether it has one: fw_psci_set_present()). Without PSCI, no other
 * CPU can be started and powering off halts the boot CPU. */
#ifndef EL2_FIRMWARE_H
#define EL2_FIRMWARE_H

#include <stdbool.h>
#include <stdint.h>
/* Whether the board has a PSCI reachable by SMC (default: no). */
void fw_psci_set_present(bool present);
bool fw_psci_present(void);

int64_t fw_psci_version(void);
/* Start physical CPU `mpidr` at `entry` (EL2, MMU off) with x0 = context. */
int64_t fw_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* Power this CPU off; returns only on failure. */
int64_t fw_psci_cpu_off(void);
void fw_psci_system_off(void) __attribute__((noreturn));
void fw_psci_system_reset(void) __attribute__((noreturn));

#endif
