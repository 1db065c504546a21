/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor entry. QEMU starts the boot CPU here (ELF entry), x0 = 0 or a
 * DTB pointer; the other CPUs come in at secondary_entry through PSCI
 * CPU_ON with their CPU index as the context id (x0). Each CPU takes its
 * own stack (hyp_stacks, pcpu.c), installs the EL2 vectors and enters C.
 */
#include "el2/hyp_layout.h"
#include "el2/el2_regs.h"

	.section .text.boot, "ax"
	.global _start
_start:
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
	bl	hyp_wrong_el
	b	hyp_halt_forever

	.text
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
