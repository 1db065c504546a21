/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor entry. The image starts with an arm64 Linux Image header
 * (Documentation/arch/arm64/booting.rst), so a boot loader that boots Linux
 * (QEMU -kernel hyp.bin, U-Boot booti, the Raspberry Pi firmware) starts
 * the boot CPU here at EL2, MMU off, x0 = the board's device tree. (Booted
 * as an ELF, QEMU leaves x0 = 0 and hyp_main looks below the image.) The
 * other CPUs come in at secondary_entry through PSCI CPU_ON with their CPU
 * index as the context id (x0). Each CPU takes its own stack (hyp_stacks,
 * pcpu.c), installs the EL2 vectors and enters C.
 */
#include "el2/hyp_layout.h"
#include "el2/el2_regs.h"

	.section .text.boot, "ax"
	.global _start
_start:
	b	image_entry		/* code0 */
	.long	0			/* code1 */
	.quad	__hyp_text_offset	/* from a 2 MiB aligned base */
	.quad	__hyp_image_size	/* loaded size, .bss included */
	.quad	0x2			/* flags: LE, 4 KiB pages, base near DRAM start */
	.quad	0, 0, 0			/* res2-res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */
image_entry:
	mov	x19, x0
	/* CPU 0's stack, valid whatever EL we were started at. */
	adrp	x1, hyp_stacks
	add	x1, x1, :lo12:hyp_stacks
	add	x1, x1, #HYP_STACK_SIZE
	mov	sp, x1
	mrs	x20, CurrentEL
	lsr	x20, x20, #CURRENTEL_EL_SHIFT
	and	x20, x20, #CURRENTEL_EL_MASK
	/* Clear .bss (stacks included, below us, are not in use yet). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	cmp	x20, #2
	b.ne	3f
	adrp	x1, hyp_vectors
	add	x1, x1, :lo12:hyp_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	hyp_main
	b	hyp_halt_forever
3:	mov	x0, x20
	mov	x1, x19
	bl	hyp_wrong_el
	b	hyp_halt_forever

	.text
	/* A CPU released from the boot loader's spin table (boards without
	 * PSCI, pcpu.c): x0 is not its index; find it by MPIDR in pcpu_mpidr_table. */
	.global spin_table_entry
spin_table_entry:
	mrs	x1, mpidr_el1
	and	x2, x1, #0xffffff
	lsr	x1, x1, #32
	and	x1, x1, #0xff
	orr	x1, x2, x1, lsl #32
	adrp	x2, pcpu_mpidr_table
	add	x2, x2, :lo12:pcpu_mpidr_table
	mov	x0, #0
5:	ldr	x3, [x2, x0, lsl #3]
	cmp	x3, x1
	b.eq	secondary_entry
	add	x0, x0, #1
	cmp	x0, #HYP_MAX_CPUS
	b.lo	5b
	b	hyp_halt_forever

	.global secondary_entry
secondary_entry:
	cmp	x0, #HYP_MAX_CPUS
	b.hs	hyp_halt_forever
	adrp	x1, hyp_stacks
	add	x1, x1, :lo12:hyp_stacks
	add	x2, x0, #1
	lsl	x2, x2, #HYP_STACK_SHIFT
	add	sp, x1, x2
	adrp	x1, hyp_vectors
	add	x1, x1, :lo12:hyp_vectors
	msr	vbar_el2, x1
	isb
	bl	hyp_secondary_main
	b	hyp_halt_forever

	/* Nothing left to run on this CPU; never reached in normal operation
	 * (the C code reports and powers the CPU off instead). */
	.global hyp_halt_forever
hyp_halt_forever:
	msr	daifset, #0xf
4:	wfi
	b	4b
