/* SPDX-License-Identifier: MIT */
/* PSCI function IDs and return codes (Arm DEN 0022, PSCI 1.1) and the SMCCC
 * calls the hypervisor answers. */
#ifndef EL2_PSCI_H
#define EL2_PSCI_H

#define PSCI_0_2_FN_BASE            0x84000000u
#define PSCI_0_2_64BIT              0x40000000u
#define PSCI_FN_VERSION             0x84000000u
#define PSCI_FN_CPU_SUSPEND         0x84000001u
#define PSCI_FN_CPU_OFF             0x84000002u
#define PSCI_FN_CPU_ON              0x84000003u
#define PSCI_FN_AFFINITY_INFO       0x84000004u
#define PSCI_FN_MIGRATE_INFO_TYPE   0x84000006u
#define PSCI_FN_SYSTEM_OFF          0x84000008u
#define PSCI_FN_SYSTEM_RESET        0x84000009u
#define PSCI_FN_FEATURES            0x8400000Au
#define PSCI_FN64_CPU_SUSPEND       0xC4000001u
#define PSCI_FN64_CPU_ON            0xC4000003u
#define PSCI_FN64_AFFINITY_INFO     0xC4000004u

#define PSCI_VERSION(major, minor)  (((major) << 16) | (minor))

#define PSCI_RET_SUCCESS            0
#define PSCI_RET_NOT_SUPPORTED      (-1)
#define PSCI_RET_INVALID_PARAMS     (-2)
#define PSCI_RET_DENIED             (-3)
#define PSCI_RET_ALREADY_ON         (-4)
#define PSCI_RET_ON_PENDING         (-5)
#define PSCI_RET_INTERNAL_FAILURE   (-6)
#define PSCI_RET_NOT_PRESENT        (-7)
#define PSCI_RET_INVALID_ADDRESS    (-9)

/* AFFINITY_INFO results */
#define PSCI_AFFINITY_ON            0
#define PSCI_AFFINITY_OFF           1
#define PSCI_AFFINITY_ON_PENDING    2

/* MIGRATE_INFO_TYPE: no Trusted OS that needs migrating */
#define PSCI_TOS_NOT_PRESENT_MP     2

/* SMCCC (Arm DEN 0028) */
#define SMCCC_VERSION_FN            0x80000000u
#define SMCCC_ARCH_FEATURES_FN      0x80000001u
#define SMCCC_VERSION_1_1           0x10001
#define SMCCC_RET_NOT_SUPPORTED     (-1)
#define SMCCC_FN_64BIT              0x40000000u

/* armvm vendor hypercall: the cheapest possible exit, returns 0 (bench). */
#define ARMVM_HVC_NULL              0x86000001u

#endif
