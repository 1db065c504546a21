/* SPDX-License-Identifier: MIT */
/*
 * AArch32 guest for the embedding test's register-mapping check, entered in
 * SVC mode. r12 holds the test MMIO window's base. Stores r0-r11 and the
 * SVC r13/r14, then in IRQ mode its r13/r14, then in FIQ mode r8-r14 (its
 * own bank); then back in SVC sets sp = 0x5000, lr = 0x6000 for the test to
 * read back, and powers off with PSCI SYSTEM_OFF (0x84000008) by HVC.
 *
 * Banked registers are copied to r1 before each store: the syndrome of an
 * MMIO store names its source register, and QEMU's emulation (our lab)
 * reports AArch32 register numbers there unmapped (13 for SP_svc rather
 * than 19, Arm ARM D1.20.1), which would make KVM read the wrong register.
 */
	.arch armv7ve
	.arm
	.text
	.global embed_a32_regdump, embed_a32_regdump_end
embed_a32_regdump:
	str	r0, [r12]
	str	r1, [r12]
	str	r2, [r12]
	str	r3, [r12]
	str	r4, [r12]
	str	r5, [r12]
	str	r6, [r12]
	str	r7, [r12]
	mov	r0, r12
	mov	r1, r8
	str	r1, [r0]
	mov	r1, r9
	str	r1, [r0]
	mov	r1, r10
	str	r1, [r0]
	mov	r1, r11
	str	r1, [r0]
	mov	r1, sp
	str	r1, [r0]
	mov	r1, lr
	str	r1, [r0]
	cps	#0x12          @ IRQ
	mov	r1, sp
	str	r1, [r0]
	mov	r1, lr
	str	r1, [r0]
	cps	#0x11          @ FIQ: r8-r14 banked
	mov	r1, r8
	str	r1, [r0]
	mov	r1, r9
	str	r1, [r0]
	mov	r1, r10
	str	r1, [r0]
	mov	r1, r11
	str	r1, [r0]
	mov	r1, r12
	str	r1, [r0]
	mov	r1, sp
	str	r1, [r0]
	mov	r1, lr
	str	r1, [r0]
	cps	#0x13          @ back to SVC
	mov	sp, #0x5000
	mov	lr, #0x6000
	movw	r0, #0x0008
	movt	r0, #0x8400
	hvc	#0
1:	b	1b
embed_a32_regdump_end:
