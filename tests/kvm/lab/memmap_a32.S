/* SPDX-License-Identifier: MIT */
/*
 * AArch32 (A32) versions of memmap_a64.S's guests, entered in SVC mode,
 * assembled apart, flattened and included as data (memmap_a32_blob.S).
 * Each starts with a branch table entry so the test enters one by offset:
 * +0 watch, +4 rowrite, +8 dirty, +12 hypercall. Store sources are r0-r7:
 * QEMU's syndrome names banked registers unmapped (see guest_a32.S).
 */
	.arch armv7ve
	.arch_extension sec
	.arm
	.text
.macro report_base reg
	movw	\reg, #0
	movt	\reg, #0x0b00
.endm
.macro system_off
	movw	r0, #0x0008
	movt	r0, #0x8400
	hvc	#0
	b	.
.endm
	.global mm_a32_blob_start
mm_a32_blob_start:
	b	watch
	b	rowrite
	b	dirty
	b	hypercall

/* vCPUs 1-3 up at 2f with r0 = the address to watch; every vCPU loads the
 * word at r0 and reports it at REPORT + 8 * vCPU, forever. */
watch:
	mov	r4, r0
	mov	r5, #1
1:	movw	r0, #0x0003
	movt	r0, #0x8400
	mov	r1, r5
	adr	r2, 2f
	mov	r3, r4
	hvc	#0
	add	r5, r5, #1
	cmp	r5, #4
	bne	1b
	mov	r0, r4
2:	report_base r6
	mrc	p15, 0, r1, c0, c0, 5       @ MPIDR
	and	r1, r1, #0xff
3:	ldr	r2, [r0]
	str	r2, [r6, r1, lsl #3]
	b	3b

/* Writes to read-only memory at r0: a word at +0x10, a byte at +0x21, a
 * halfword at +0x38; then report the word at +0x10 (unchanged). */
rowrite:
	report_base r6
	movw	r1, #0x5678
	movt	r1, #0x1234
	str	r1, [r0, #0x10]
	mov	r1, #0xab
	strb	r1, [r0, #0x21]
	movw	r1, #0x7788
	strh	r1, [r0, #0x38]
	ldr	r1, [r0, #0x10]
	str	r1, [r6]
	system_off

/* Write into pages 0, 3, 7, 8 and 15 of the memory at r0 (r1 = the page
 * size). */
dirty:
	mov	r2, #0x5a
	str	r2, [r0]                      @ page 0
	add	r3, r0, r1
	add	r3, r3, r1
	add	r3, r3, r1
	str	r2, [r3]                      @ page 3
	add	r4, r0, r1, lsl #3
	str	r2, [r4, #0x80]               @ page 8
	sub	r4, r4, r1
	str	r2, [r4, #0xffc]              @ page 7, its last word
	add	r5, r0, r1, lsl #4
	sub	r5, r5, r1
	strb	r2, [r5]                      @ page 15
	system_off

/* An HVC then an SMC call with r0 = function, r1-r3 = 0x11, 0x22, 0x33;
 * after each, report r0-r3 at REPORT. */
hypercall:
	report_base r6
	mov	r7, r0
	mov	r1, #0x11
	mov	r2, #0x22
	mov	r3, #0x33
	hvc	#0
	bl	4f
	mov	r0, r7
	mov	r1, #0x11
	mov	r2, #0x22
	mov	r3, #0x33
	smc	#0
	bl	4f
	system_off
4:	str	r0, [r6]
	str	r1, [r6]
	str	r2, [r6]
	str	r3, [r6]
	bx	lr
