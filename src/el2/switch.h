/* SPDX-License-Identifier: MIT */
/*
 * The world switch: what moves between a vCPU (struct vcpu) and its pCPU.
 * General-purpose registers, ELR and SPSR are saved and restored on every
 * exit by the exception vectors (vectors.S: guest_exit, vcpu_enter). The
 * rest (EL1 system registers, FP/SIMD, the virtual timer and the GIC
 * virtual interface) stays live in the CPU while the vCPU owns it and is
 * switched here only when the vCPU is placed on or taken off its pCPU
 * (start, power-off, stop, reset), or on every exit with world_switch = full.
 */
#ifndef EL2_SWITCH_H
#define EL2_SWITCH_H

#include <stdbool.h>
#include <stdint.h>

#include "el2/vcpu.h"

/* Program the EL2 controls for v's partition and restore v's EL1, FP/SIMD,
 * timer and GIC interface state onto this pCPU. */
void vcpu_load(struct vcpu *v);
/* Save the loaded vCPU's EL1, FP/SIMD, timer and GIC interface state into
 * struct vcpu (it stays on the pCPU until the next vcpu_load or power-off). */
void vcpu_put(struct vcpu *v);
/* world_switch = full: put, scrub the CPU, load again (see switch.c). */
void vcpu_full_switch(struct vcpu *v);

/* First entry into the guest on this pCPU's fresh EL2 stack (vectors.S). */
void vcpu_enter(struct vcpu *v, uint64_t stack_top) __attribute__((noreturn));

/* EL1 system registers and the FP/SIMD file (switch_fpsimd.S). */
void el1_sysregs_save(struct el1_sysregs *s, bool aarch32);
void el1_sysregs_restore(const struct el1_sysregs *s, bool aarch32);
void el1_sysregs_reset(struct el1_sysregs *s, bool aarch32);
void fpsimd_save(struct fpsimd_state *st);
void fpsimd_restore(const struct fpsimd_state *st);

#endif
