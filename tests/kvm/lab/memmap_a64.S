/* SPDX-License-Identifier: MIT */
/*
 * AArch64 guests for armvm-memmap-test (memmap_test.c), position
 * independent, entered at EL1 with the MMU off. The test MMIO window is at
 * 0x0b000000 (REPORT). PSCI (DEN0022): CPU_ON 0xc4000003, SYSTEM_OFF
 * 0x84000008, by HVC.
 */
	.text
.macro report_base reg
	movz	\reg, #0x0b00, lsl #16
.endm
.macro system_off
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16
	hvc	#0
	b	.
.endm

/* Bring vCPUs 1-3 up at 2f with x0 = the address to watch, then on every
 * vCPU: load the word at x0 and report it at REPORT + 8 * vCPU, forever. */
	.global mm_a64_watch, mm_a64_watch_end
mm_a64_watch:
	mov	x19, x0
	mov	x20, #1
1:	movz	w0, #0x0003
	movk	w0, #0xc400, lsl #16
	mov	x1, x20
	adr	x2, 2f
	mov	x3, x19
	hvc	#0
	add	x20, x20, #1
	cmp	x20, #4
	b.ne	1b
	mov	x0, x19
2:	report_base x28
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
3:	ldr	w2, [x0]
	str	x2, [x28, x1, lsl #3]
	b	3b
mm_a64_watch_end:

/* Writes to read-only memory at x0: a word at +0x10, a byte at +0x21, a
 * doubleword at +0x38; then report the word at +0x10 (unchanged). */
	.global mm_a64_rowrite, mm_a64_rowrite_end
mm_a64_rowrite:
	report_base x28
	movz	w1, #0x5678
	movk	w1, #0x1234, lsl #16
	str	w1, [x0, #0x10]
	mov	w1, #0xab
	strb	w1, [x0, #0x21]
	movz	x1, #0x7788
	movk	x1, #0x5566, lsl #16
	movk	x1, #0x3344, lsl #32
	movk	x1, #0x1122, lsl #48
	str	x1, [x0, #0x38]
	ldr	w1, [x0, #0x10]
	str	w1, [x28]
	system_off
mm_a64_rowrite_end:

/* Write into pages 0, 3, 7, 8 and 15 of the memory at x0 (x1 = the host
 * page size). */
	.global mm_a64_dirty, mm_a64_dirty_end
mm_a64_dirty:
	mov	w2, #0x5a
	str	w2, [x0]                      // page 0
	add	x3, x0, x1
	add	x3, x3, x1
	add	x3, x3, x1
	str	w2, [x3]                      // page 3
	lsl	x4, x1, #3
	add	x4, x0, x4
	str	w2, [x4, #0x80]               // page 8
	sub	x4, x4, x1
	str	w2, [x4, #0xffc]              // page 7, its last word
	lsl	x5, x1, #4
	add	x5, x0, x5
	sub	x5, x5, x1
	strb	w2, [x5]                      // page 15
	system_off
mm_a64_dirty_end:

/* An HVC then an SMC call with x0 = function (w19), x1-x3 = 0x11, 0x22,
 * 0x33; after each, report x0-x3 at REPORT. */
	.global mm_a64_hypercall, mm_a64_hypercall_end
mm_a64_hypercall:
	report_base x28
	mov	w19, w0
	mov	x1, #0x11
	mov	x2, #0x22
	mov	x3, #0x33
	hvc	#0
	bl	4f
	mov	w0, w19
	mov	x1, #0x11
	mov	x2, #0x22
	mov	x3, #0x33
	smc	#0
	bl	4f
	system_off
4:	str	x0, [x28]                     // single stores: an MMIO store
	str	x1, [x28]                     // pair has no syndrome (ISV 0)
	str	x2, [x28]
	str	x3, [x28]
	ret
mm_a64_hypercall_end:
