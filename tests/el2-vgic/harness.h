/* SPDX-License-Identifier: MIT */
/*
 * Shared definitions of the vGIC hardware-emulation test image: the
 * exception frame, the guest-to-hypervisor calls, and the architectural
 * constants the harness uses (Arm ARM names).
 */
#ifndef EL2_VGIC_HARNESS_H
#define EL2_VGIC_HARNESS_H

#define HARNESS_EXC_GUEST_SYNC  0
#define HARNESS_EXC_GUEST_IRQ   1
#define HARNESS_EXC_EL2_IRQ     2

/* x0..x30, ELR, SPSR (+ pad to 16 bytes). */
#define FRAME_SIZE              (8 * 34)

/* HVC #0 calls of the guest: x0 = call, x1.. = arguments. */
#define HCALL_REPORT            1   /* x1 = test number, x2 = 1 pass / 0 fail, x3 = detail */
#define HCALL_INJECT_SGIS       2   /* inject SGIs 8..13 from EL2 */
#define HCALL_SPI_LEVEL         3   /* x1 = SPI, x2 = level */
#define HCALL_WORLD_SWITCH      4   /* save and restore the vCPU around a fake switch */
#define HCALL_DONE              5
#define HCALL_MEASURE           6   /* x1 = what, x2 = counter ticks */
#define HCALL_NOP               7
#define HCALL_PASSTHROUGH_START 8   /* give UART SPI to the guest as PASSTHROUGH_VINTID, raise it */
#define HCALL_PASSTHROUGH_CHECK 9   /* x1 <- physical SPI enabled again */

/* Physical PL011 interrupt (QEMU virt SPI 1) forwarded as another INTID. */
#define PASSTHROUGH_PINTID      33
#define PASSTHROUGH_VINTID      40

#define SCTLR_EL1_RES1          0x30D00800ull

#define SECONDARY_MPIDR         1u      /* QEMU virt: CPU 1 is Aff0 1 */

#endif
