/* SPDX-License-Identifier: MIT */
/*
 * Boot-time probe of how the CPU numbers the transfer register of a data
 * abort from AArch32 (see syndrome_probe.h): run one A32 instruction,
 * `str lr, [r0]` in SVC mode with r0 = `unmapped`, at EL1 under a stage-2
 * table that maps nothing there, and return the ESR_EL2 of the abort.
 *
 *   uint64_t syndrome_probe_run(uint64_t vttbr, uint64_t hcr, uint64_t spsr,
 *                               uint64_t unmapped);
 *
 * The guest's AArch32 registers are x0-x30 (all of them may change), so
 * every callee-saved register is kept on the EL2 stack; SP_EL2 is not
 * touched by the round trip. EL2's own vectors are replaced meanwhile by
 * a table whose every entry returns the ESR of whatever was taken.
 */
	.text
	.balign	0x800
syndrome_probe_vectors:
	.rept	16
	.balign	0x80
	b	syndrome_probe_caught
	.endr

	.balign	4
	.global	syndrome_probe_insn
syndrome_probe_insn:
	.word	0xe580e000          /* A32: str lr, [r0] */

	.global	syndrome_probe_run
	.type	syndrome_probe_run, %function
syndrome_probe_run:
	stp	x29, x30, [sp, #-112]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x5, x3
	mrs	x3, vbar_el2
	mrs	x4, hcr_el2
	stp	x3, x4, [sp, #96]
	msr	vttbr_el2, x0
	msr	hcr_el2, x1
	msr	spsr_el2, x2
	adr	x3, syndrome_probe_insn
	msr	elr_el2, x3
	adr	x3, syndrome_probe_vectors
	msr	vbar_el2, x3
	isb
	tlbi	vmalls12e1
	dsb	nsh
	isb
	mov	x0, x5              /* r0: the store's address, unmapped */
	mov	x14, #0x14          /* LR_usr */
	mov	x18, #0x18          /* LR_svc */
	eret

syndrome_probe_caught:
	mrs	x0, esr_el2
	ldp	x3, x4, [sp, #96]
	msr	vbar_el2, x3
	msr	hcr_el2, x4
	msr	vttbr_el2, xzr
	isb
	tlbi	vmalls12e1
	dsb	nsh
	isb
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #112
	ret
	.size	syndrome_probe_run, . - syndrome_probe_run
