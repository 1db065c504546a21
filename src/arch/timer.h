/* SPDX-License-Identifier: MIT */
/*
 * Generic timer control registers CNTP_CTL_EL0, CNTV_CTL_EL0, CNTHP_CTL_EL2
 * (Arm ARM D13.8 "Generic Timer registers"): the same three bits in each.
 */
#ifndef ARMVM_ARCH_TIMER_H
#define ARMVM_ARCH_TIMER_H

#define CNT_CTL_ENABLE   (1ull << 0)   /* timer enabled */
#define CNT_CTL_IMASK    (1ull << 1)   /* interrupt masked */
#define CNT_CTL_ISTATUS  (1ull << 2)   /* condition met (read-only) */

#endif
