/* SPDX-License-Identifier: MIT */
/*
 * The 32-bit guest of examples/emulator-loop.c: for 8 frames, pick ROM
 * bank (frame % 4) through the MAPPER register, copy the bank's tag word
 * (plus the frame number) into framebuffer page (frame % 4), signal the
 * frame, and sleep (WFI) until the next virtual timer interrupt, which
 * the IRQ handler acknowledges at the GICv3 CPU interface and reports at
 * TICK. Then PSCI SYSTEM_OFF. Linked at 0x40000000 (the vectors first).
 */
	.arch armv7ve
	.arm
	.text
	.equ	MMIO, 0x0a00            @ <<16: MAPPER +0, FRAME +4, TICK +8
	.equ	PERIOD, 62500           @ timer ticks per frame (1 ms at 62.5 MHz)
vectors:
	b	reset
	.rept 5
	b	.                       @ undef, svc, prefetch/data abort, unused
	.endr
	b	irq
	b	.                       @ fiq
reset:
	movw	r0, #0
	movt	r0, #0x4000
	mcr	p15, 0, r0, c12, c0, 0  @ VBAR = these vectors
	cps	#0x12                   @ IRQ mode: its stack
	movw	sp, #0x8000
	movt	sp, #0x4000
	cps	#0x13
	movw	r0, #0                  @ GICD_CTLR = ARE | EnableGrp1
	movt	r0, #0x0800
	mov	r1, #0x12
	str	r1, [r0]
	movw	r0, #0                  @ redistributor 0, SGI/PPI frame
	movt	r0, #0x080b
	mov	r1, #(1 << 27)          @ PPI 27, the virtual timer:
	str	r1, [r0, #0x80]         @ GICR_IGROUPR0: group 1
	str	r1, [r0, #0x100]        @ GICR_ISENABLER0: enabled
	mov	r1, #0xff
	mcr	p15, 0, r1, c4, c6, 0   @ ICC_PMR: every priority
	mov	r1, #1
	mcr	p15, 0, r1, c12, c12, 7 @ ICC_IGRPEN1
	isb
	movw	r1, #PERIOD
	mcr	p15, 0, r1, c14, c3, 0  @ CNTV_TVAL
	mov	r1, #1
	mcr	p15, 0, r1, c14, c3, 1  @ CNTV_CTL: enabled, unmasked
	cpsie	i
	movw	r6, #0
	movt	r6, #MMIO
	mov	r5, #0                  @ the frame
frame:
	and	r0, r5, #3
	str	r0, [r6]                @ MAPPER: bank = frame % 4
	movw	r1, #0
	movt	r1, #0x0010             @ the ROM window
	ldr	r2, [r1]                @ the bank's tag
	add	r2, r2, r5
	movw	r3, #0
	movt	r3, #0x2000             @ the framebuffer
	add	r3, r3, r0, lsl #12
	str	r2, [r3]
	str	r5, [r6, #4]            @ FRAME: done
	wfi
	add	r5, r5, #1
	cmp	r5, #8
	bne	frame
	movw	r0, #0x0008
	movt	r0, #0x8400
	hvc	#0                      @ PSCI SYSTEM_OFF
	b	.
irq:
	push	{r0-r2}
	mrc	p15, 0, r0, c12, c12, 0 @ ICC_IAR1: the INTID
	movw	r1, #PERIOD
	mcr	p15, 0, r1, c14, c3, 0  @ CNTV_TVAL: the next tick
	movw	r2, #0
	movt	r2, #MMIO
	str	r0, [r2, #8]            @ TICK
	mcr	p15, 0, r0, c12, c12, 1 @ ICC_EOIR1
	pop	{r0-r2}
	subs	pc, lr, #4
