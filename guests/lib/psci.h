/* SPDX-License-Identifier: MIT */
/* PSCI (Arm DEN 0022) over SMCCC with the HVC conduit. */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <stdint.h>

#include "arch.h"

#define PSCI_0_2_FN_PSCI_VERSION      0x84000000u
#define PSCI_0_2_FN_CPU_SUSPEND       0x84000001u
#define PSCI_0_2_FN_CPU_OFF           0x84000002u
#define PSCI_0_2_FN_CPU_ON            0x84000003u
#define PSCI_0_2_FN_AFFINITY_INFO     0x84000004u
#define PSCI_0_2_FN_MIGRATE           0x84000005u
#define PSCI_0_2_FN_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_0_2_FN_SYSTEM_OFF        0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET      0x84000009u
#define PSCI_1_0_FN_PSCI_FEATURES     0x8400000Au
#define PSCI_0_2_FN64_CPU_ON          0xC4000003u
#define PSCI_0_2_FN64_AFFINITY_INFO   0xC4000004u

/* The calls that take an address or MPIDR use the SMC64 IDs on AArch64. */
#ifdef __aarch64__
#define PSCI_FN_CPU_ON        PSCI_0_2_FN64_CPU_ON
#define PSCI_FN_AFFINITY_INFO PSCI_0_2_FN64_AFFINITY_INFO
#else
#define PSCI_FN_CPU_ON        PSCI_0_2_FN_CPU_ON
#define PSCI_FN_AFFINITY_INFO PSCI_0_2_FN_AFFINITY_INFO
#endif

#define PSCI_RET_SUCCESS            0
#define PSCI_RET_NOT_SUPPORTED      (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED             (-3)
#define PSCI_RET_ALREADY_ON         (-4)
#define PSCI_RET_ON_PENDING         (-5)
#define PSCI_RET_INTERNAL_FAILURE   (-6)
#define PSCI_RET_NOT_PRESENT        (-7)
#define PSCI_RET_DISABLED           (-8)
#define PSCI_RET_INVALID_ADDRESS    (-9)

/* AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON            0
#define PSCI_AFFINITY_OFF           1
#define PSCI_AFFINITY_ON_PENDING    2

#define PSCI_VERSION_MAJOR(v) ((uint32_t)(v) >> 16)
#define PSCI_VERSION_MINOR(v) ((uint32_t)(v) & 0xffff)

/* MPIDR affinity fields that identify a CPU (Aff3 is bits [39:32]). */
#define MPIDR_AFF0(m)     ((unsigned)((m) & 0xff))
#define MPIDR_HWID_MASK   0xff00ffffffULL

sreg_t psci_version(void);
sreg_t psci_features(uint32_t fid);
sreg_t psci_cpu_on(uint64_t mpidr, uintptr_t entry, ureg_t context);
sreg_t psci_cpu_off(void);
sreg_t psci_affinity_info(uint64_t mpidr);
__attribute__((noreturn)) void psci_system_off(void);
/* "SUCCESS", "NOT_SUPPORTED", ... for a PSCI return code. */
const char *psci_ret_name(sreg_t ret);

#endif
