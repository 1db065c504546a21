/* SPDX-License-Identifier: MIT */
/*
 * void banked_run(uint32_t cpsr, uint32_t *out, uint32_t slot)
 *
 * In the mode `cpsr` (IRQ and FIQ masked): set r8-r14 to 0xB000_MM0N
 * (MM the mode, N the register number) and store each to the test device
 * at slot + 4 * (N - 8): seven MMIO stores from that mode's registers. Then
 * load each of r8-r14 from slot + 32 + 4 * (N - 8) (seven MMIO loads into
 * them) and copy them to out[0..6] in RAM. Back to the caller's mode with
 * its SP and registers intact. r0-r2 are the same in every mode.
 */
	.syntax	unified
	.arm
	.text
	.global	banked_run
banked_run:
	push	{r4-r12, lr}
	ldr	r4, =saved_sp
	str	sp, [r4]
	mrs	r4, cpsr
	ldr	r5, =saved_cpsr
	str	r4, [r5]
	and	r3, r0, #0x1f
	lsl	r3, r3, #8
	orr	r3, r3, #0xb0000000
	msr	cpsr_c, r0
	orr	r8, r3, #8
	orr	r9, r3, #9
	orr	r10, r3, #10
	orr	r11, r3, #11
	orr	r12, r3, #12
	orr	sp, r3, #13
	orr	lr, r3, #14
	str	r8, [r2, #0]
	str	r9, [r2, #4]
	str	r10, [r2, #8]
	str	r11, [r2, #12]
	str	r12, [r2, #16]
	str	sp, [r2, #20]
	str	lr, [r2, #24]
	ldr	r8, [r2, #32]
	ldr	r9, [r2, #36]
	ldr	r10, [r2, #40]
	ldr	r11, [r2, #44]
	ldr	r12, [r2, #48]
	ldr	sp, [r2, #52]
	ldr	lr, [r2, #56]
	str	r8, [r1, #0]
	str	r9, [r1, #4]
	str	r10, [r1, #8]
	str	r11, [r1, #12]
	str	r12, [r1, #16]
	str	sp, [r1, #20]
	str	lr, [r1, #24]
	ldr	r4, =saved_cpsr
	ldr	r4, [r4]
	msr	cpsr_c, r4
	ldr	r4, =saved_sp
	ldr	sp, [r4]
	pop	{r4-r12, pc}

	.ltorg
	.bss
	.balign	4
saved_sp:
	.word	0
saved_cpsr:
	.word	0

	.section .note.GNU-stack, "", %progbits
