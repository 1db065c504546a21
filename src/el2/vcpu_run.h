/* SPDX-License-Identifier: MIT */
/*
 * The vCPU run loop, on the vCPU's own pCPU: its start, every exit
 * (vectors.S calls vcpu_handle_exit and re-enters the guest when it
 * returns), and acting on what the exit handlers return (trap.h: resume,
 * block, vCPU off, partition off/stop/reset). The only place a vCPU leaves
 * its pCPU.
 */
#ifndef EL2_VCPU_RUN_H
#define EL2_VCPU_RUN_H

#include "el2/vcpu.h"

/* On the vCPU's own pCPU: make it current, reset it to its boot/CPU_ON
 * entry and load it; the caller then enters it (vcpu_enter, switch.h).
 * When its partition is going down instead, the pCPU powers off. */
void vcpu_start(struct vcpu *v);

/* Called by vectors.S for every exit; returns to re-enter the guest. */
void vcpu_handle_exit(struct vcpu *v, unsigned kind);

/* Stop v's partition (why: the report line) and take v off its pCPU, as
 * for a fatal exit: for faults outside any handler (hyp_fault). */
void vcpu_stop_partition(struct vcpu *v, const char *why) __attribute__((noreturn));

#endif
