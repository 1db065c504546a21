/* SPDX-License-Identifier: MIT */
/*
 * AArch64 entry: EL1, MMU off, x0 possibly a DTB pointer. Installs the
 * vectors, takes CPU 0's stack, clears .bss and calls guest_entry(x0).
 * Secondary CPUs started by PSCI CPU_ON enter at secondary_entry with their
 * CPU index (the CPU_ON context id) in x0.
 */
#include "layout.h"

	.section .text.boot, "ax"
	.global _start
_start:
	mov	x19, x0
	msr	daifset, #0xf
	adrp	x1, exception_vectors
	add	x1, x1, :lo12:exception_vectors
	msr	vbar_el1, x1
	isb
	adrp	x1, guest_stacks
	add	x1, x1, :lo12:guest_stacks
	add	sp, x1, #GUEST_STACK_SIZE
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	bl	guest_entry
	b	cpu_halt

	.text
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	adrp	x1, exception_vectors
	add	x1, x1, :lo12:exception_vectors
	msr	vbar_el1, x1
	isb
	cmp	x0, #GUEST_MAX_CPUS
	b.hs	cpu_halt
	adrp	x1, guest_stacks
	add	x1, x1, :lo12:guest_stacks
	add	x2, x0, #1
	lsl	x2, x2, #GUEST_STACK_SHIFT
	add	sp, x1, x2
	bl	secondary_main
	b	cpu_halt

	.global cpu_halt
cpu_halt:
	wfi
	b	cpu_halt

	.bss
	.balign	16
	.global guest_stacks
guest_stacks:
	.skip	GUEST_MAX_CPUS * GUEST_STACK_SIZE

	.section .note.GNU-stack, "", %progbits
