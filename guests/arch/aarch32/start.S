/* SPDX-License-Identifier: MIT */
/*
 * AArch32 entry: SVC mode, MMU off, r0 = 0, r1 = 0xffffffff, r2 possibly a
 * DTB pointer. Installs the vectors (SCTLR.V = 0, VBAR), takes CPU 0's
 * stack, clears .bss and calls guest_entry(r2). Secondary CPUs started by
 * PSCI CPU_ON enter at secondary_entry with their CPU index (the CPU_ON
 * context id) in r0.
 */
#include "layout.h"

#define SCTLR_V (1 << 13)

	.arm
	.section .text.boot, "ax"
	.global _start
_start:
	mov	r4, r2
	cpsid	if
	bl	install_vectors
	ldr	sp, =guest_stacks + GUEST_STACK_SIZE
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	mov	r0, r4
	bl	guest_entry
	b	cpu_halt

	.text
install_vectors:
	mrc	p15, 0, r1, c1, c0, 0
	bic	r1, r1, #SCTLR_V
	mcr	p15, 0, r1, c1, c0, 0
	ldr	r1, =exception_vectors
	mcr	p15, 0, r1, c12, c0, 0
	isb
	bx	lr

	.global secondary_entry
secondary_entry:
	cpsid	if
	mov	r4, r0
	bl	install_vectors
	cmp	r4, #GUEST_MAX_CPUS
	bhs	cpu_halt
	ldr	r1, =guest_stacks
	add	r2, r4, #1
	add	sp, r1, r2, lsl #GUEST_STACK_SHIFT
	mov	r0, r4
	bl	secondary_main
	b	cpu_halt

	.global cpu_halt
cpu_halt:
	wfi
	b	cpu_halt

	.ltorg

	.bss
	.balign	16
	.global guest_stacks
guest_stacks:
	.skip	GUEST_MAX_CPUS * GUEST_STACK_SIZE

	.section .note.GNU-stack, "", %progbits
