/* SPDX-License-Identifier: MIT */
/* Sizes shared by the hypervisor's assembly, C and linker script. */
#ifndef EL2_HYP_LAYOUT_H
#define EL2_HYP_LAYOUT_H

#define HYP_STACK_SHIFT   14               /* 16 KiB per physical CPU */
#define HYP_STACK_SIZE    (1 << HYP_STACK_SHIFT)
#define HYP_MAX_CPUS      8                /* = EL2_MAX_PCPUS */

/* struct vcpu_regs layout, used by the exception vectors. */
#define VCPU_REGS_X0      0
#define VCPU_REGS_ELR     (31 * 8)
#define VCPU_REGS_SPSR    (32 * 8)

/* Exit kinds handed to vcpu_handle_exit(). */
#define EXIT_SYNC         0
#define EXIT_IRQ          1
#define EXIT_FIQ          2
#define EXIT_SERROR       3

/* Faults taken at EL2 itself (a hypervisor bug), for hyp_fault(). */
#define HYP_FAULT_SYNC    0
#define HYP_FAULT_IRQ     1
#define HYP_FAULT_FIQ     2
#define HYP_FAULT_SERROR  3

#endif
