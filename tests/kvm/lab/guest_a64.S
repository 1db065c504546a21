/* SPDX-License-Identifier: MIT */
/*
 * Tiny AArch64 guest programs for the library's embedding test, position
 * independent, entered at EL1 with the MMU off. x28 holds the test MMIO
 * window's base (set by the test through armvm_reg_set). PSCI function IDs
 * from the Arm PSCI spec (DEN0022): SYSTEM_OFF 0x84000008,
 * SYSTEM_RESET 0x84000009, both SMC32 calls made with HVC.
 */
	.text

/* Write x0 to [x28] x1 times, then power off. */
	.global embed_a64_writer, embed_a64_writer_end
embed_a64_writer:
1:	str	x0, [x28]
	subs	x1, x1, #1
	b.ne	1b
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
	b	.
embed_a64_writer_end:

/* Store x0..x27 and x29, x30 to [x28] in order, then power off. */
	.global embed_a64_regdump, embed_a64_regdump_end
embed_a64_regdump:
	str	x0, [x28]
	str	x1, [x28]
	str	x2, [x28]
	str	x3, [x28]
	str	x4, [x28]
	str	x5, [x28]
	str	x6, [x28]
	str	x7, [x28]
	str	x8, [x28]
	str	x9, [x28]
	str	x10, [x28]
	str	x11, [x28]
	str	x12, [x28]
	str	x13, [x28]
	str	x14, [x28]
	str	x15, [x28]
	str	x16, [x28]
	str	x17, [x28]
	str	x18, [x28]
	str	x19, [x28]
	str	x20, [x28]
	str	x21, [x28]
	str	x22, [x28]
	str	x23, [x28]
	str	x24, [x28]
	str	x25, [x28]
	str	x26, [x28]
	str	x27, [x28]
	str	x29, [x28]
	str	x30, [x28]
	mov	x0, sp
	str	x0, [x28]
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
	b	.
embed_a64_regdump_end:

/* Write once to [x28] to say "running", then spin without exits. */
	.global embed_a64_spin, embed_a64_spin_end
embed_a64_spin:
	str	xzr, [x28]
1:	b	1b
embed_a64_spin_end:

/* Load from x0, store the value to [x28], then power off. */
	.global embed_a64_load, embed_a64_load_end
embed_a64_load:
	ldr	x2, [x0]
	str	x2, [x28]
	str	x2, [x0]
	ldr	x2, [x0]
	str	x2, [x28]
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
	b	.
embed_a64_load_end:

/* Store x2 to [x0] (a doorbell), then [x28], then reset the system. */
	.global embed_a64_reset, embed_a64_reset_end
embed_a64_reset:
	str	w2, [x0]
	str	x2, [x28]
	movz	w0, #0x0009
	movk	w0, #0x8400, lsl #16
	hvc	#0
	b	.
embed_a64_reset_end:
