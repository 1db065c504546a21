/* SPDX-License-Identifier: MIT */
/*
 * EL1 side of the vGIC hardware-emulation test: a guest that uses the
 * virtual CPU interface (ICC_* system registers, which hit ICH_* state in
 * hardware) and the virtual timer the way the project's test guests and
 * Linux do, and reports each check to EL2 with HVC.
 */
#include <stdint.h>

#include "dev/pl011_regs.h"
#include "arch/timer.h"
#include "arch/gic_regs.h"
#include "harness.h"
#include "machine/memmap.h"

#define TIMER_TICKS      20000ul      /* 320 us of the 62.5 MHz counter */
#define WAIT_LIMIT       20000000ul
#define SETTLE_SPINS     200000ul
#define SGI_SELF         5
#define SPI_TEST         3
#define SPI_TEST_INTID   (32 + SPI_TEST)
#define SPI_DELIVERIES   3

#define SYSREG_READ(name) \
	({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define SYSREG_WRITE(name, v) \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")
#define ISB() __asm__ volatile("isb" : : : "memory")

static volatile unsigned timer_irqs, sgi_self_irqs, spi_irqs, unexpected_irqs;
static volatile unsigned passthrough_irqs;
/* The physical SPI's active bit while the guest handled it (HW-linked: 1). */
static volatile uint64_t passthrough_active_in_handler;
static volatile unsigned order[8], norder;
/* Virtual count when each interrupt's handler started. */
static volatile uint64_t timer_irq_at, sgi_irq_at;

struct hvc_ret {
	uint64_t x0, x1, x2;
};

static struct hvc_ret hvc(uint64_t call, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = call;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	struct hvc_ret r;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	r.x0 = x0;
	r.x1 = x1;
	r.x2 = x2;
	return r;
}

static void report(unsigned test, int ok, uint64_t detail)
{
	hvc(HCALL_REPORT, test, ok ? 1 : 0, detail);
}

void guest_irq(void);
void guest_irq(void)
{
	for (;;) {
		uint64_t iar = SYSREG_READ(icc_iar1_el1);
		unsigned intid = (unsigned)(iar & ICC_IAR_INTID_MASK);

		if (intid >= GIC_INTID_SPECIAL_FIRST)
			break;
		if (intid == GIC_INTID_VTIMER) {
			timer_irq_at = SYSREG_READ(cntvct_el0);
			timer_irqs++;
			SYSREG_WRITE(cntv_ctl_el0, 0);    /* the line drops */
			ISB();
		} else if (intid == SGI_SELF) {
			sgi_irq_at = SYSREG_READ(cntvct_el0);
			sgi_self_irqs++;
		} else if (intid >= 8 && intid < 14) {
			if (norder < 8)
				order[norder++] = intid;
		} else if (intid == SPI_TEST_INTID) {
			/* The "device" keeps its line up until the third round. */
			if (++spi_irqs == SPI_DELIVERIES)
				hvc(HCALL_SPI_LEVEL, SPI_TEST, 0, 0);
		} else if (intid == PASSTHROUGH_VINTID) {
			/* Quiet the device, as a driver would, then EOI. */
			*(volatile uint32_t *)(VIRT_UART_BASE + UARTICR) = UARTINT_TX;
			passthrough_active_in_handler = hvc(HCALL_PASSTHROUGH_CHECK, 0, 0, 0).x2;
			passthrough_irqs++;
		} else {
			unexpected_irqs++;
		}
		SYSREG_WRITE(icc_eoir1_el1, iar);
		ISB();
	}
}

static int wait_for(volatile unsigned *counter, unsigned target)
{
	for (unsigned long i = 0; i < WAIT_LIMIT; i++)
		if (*counter >= target)
			return 1;
	return 0;
}

static void settle(void)
{
	for (volatile unsigned long i = 0; i < SETTLE_SPINS; i++)
		;
}

static uint64_t arm_timer(uint64_t ticks)
{
	uint64_t cval = SYSREG_READ(cntvct_el0) + ticks;

	SYSREG_WRITE(cntv_cval_el0, cval);
	SYSREG_WRITE(cntv_ctl_el0, CNT_CTL_ENABLE);
	ISB();
	return cval;
}

/* 1: three timer interrupts in a row: each needs the guest's EOI to have
 * deactivated the physical PPI through the LR HW bit. */
static void test_timer(void)
{
	uint64_t best = UINT64_MAX;

	for (unsigned k = 0; k < 3; k++) {
		unsigned before = timer_irqs;
		uint64_t cval = arm_timer(TIMER_TICKS);

		if (!wait_for(&timer_irqs, before + 1)) {
			report(1, 0, k);
			return;
		}
		if (timer_irq_at - cval < best)
			best = timer_irq_at - cval;
	}
	report(1, 1, 0);
	hvc(HCALL_MEASURE, 1, best, 0);
}

/* 2: an SGI to ourselves through the trapped ICC_SGI1R_EL1. */
static void test_sgi_self(void)
{
	uint64_t v = (uint64_t)SGI_SELF << ICC_SGI1R_INTID_SHIFT | 1u;   /* Aff0 0 */
	uint64_t start = SYSREG_READ(cntvct_el0);

	SYSREG_WRITE(icc_sgi1r_el1, v);
	ISB();
	report(2, wait_for(&sgi_self_irqs, 1), sgi_self_irqs);
	hvc(HCALL_MEASURE, 2, sgi_irq_at - start, 0);
}

/* 3: six SGIs at once, more than the LRs: all arrive, in priority order. */
static void test_overflow(void)
{
	int ok;

	hvc(HCALL_INJECT_SGIS, 0, 0, 0);
	ok = wait_for(&norder, 6);
	settle();
	for (unsigned i = 0; ok && i < 6; i++)
		ok = order[i] == 13 - i;
	report(3, ok && norder == 6, (uint64_t)norder << 32 | order[0] << 16 | order[5]);
}

/* 4: a level SPI is delivered again after each EOI while its line is up. */
static void test_level_spi(void)
{
	hvc(HCALL_SPI_LEVEL, SPI_TEST, 1, 0);
	wait_for(&spi_irqs, SPI_DELIVERIES);
	settle();
	report(4, spi_irqs == SPI_DELIVERIES, spi_irqs);
}

/* 5: a timer interrupt pending across a world switch is delivered once;
 * while switched out the physical PPI is not left active. */
static void test_world_switch(void)
{
	unsigned before = timer_irqs;
	struct hvc_ret r;
	int ok;

	__asm__ volatile("msr daifset, #2" : : : "memory");
	arm_timer(100);
	while (!(SYSREG_READ(cntv_ctl_el0) & CNT_CTL_ISTATUS))
		;
	settle();                       /* EL2 takes PPI 27 and injects it */
	r = hvc(HCALL_WORLD_SWITCH, 0, 0, 0);
	__asm__ volatile("msr daifclr, #2" : : : "memory");
	ok = wait_for(&timer_irqs, before + 1);
	settle();
	ok = ok && timer_irqs == before + 1 && r.x1 == 0 && r.x2 == 1;
	report(5, ok, (uint64_t)(timer_irqs - before) << 8 | r.x1 << 4 | r.x2);
}

/* The cheapest exit: a hypercall that does nothing (sync + flush around it). */
static void measure_null_hvc(void)
{
	uint64_t best = UINT64_MAX;

	for (unsigned i = 0; i < 8; i++) {
		uint64_t t0 = SYSREG_READ(cntvct_el0), t1;

		hvc(HCALL_NOP, 0, 0, 0);
		t1 = SYSREG_READ(cntvct_el0);
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	hvc(HCALL_MEASURE, 3, best, 0);
}

/* 7: a physical SPI (the UART's) assigned to the partition arrives under
 * its virtual INTID once; it is active while the guest handles it and,
 * after the guest's EOI, enabled and no longer active: the LR's HW bit
 * deactivated it. */
static void test_passthrough(void)
{
	struct hvc_ret r;
	int ok;

	hvc(HCALL_PASSTHROUGH_START, 0, 0, 0);
	ok = wait_for(&passthrough_irqs, 1);
	settle();
	r = hvc(HCALL_PASSTHROUGH_CHECK, 0, 0, 0);
	report(7, ok && passthrough_irqs == 1 && r.x1 == 1 && r.x2 == 0 &&
		  passthrough_active_in_handler == 1,
	       (uint64_t)passthrough_irqs << 12 | passthrough_active_in_handler << 8 |
	       r.x2 << 4 | r.x1);
}

void guest_main(void);
void guest_main(void)
{
	SYSREG_WRITE(icc_pmr_el1, ICC_PMR_OPEN);
	SYSREG_WRITE(icc_bpr1_el1, 0);
	SYSREG_WRITE(icc_igrpen1_el1, ICC_IGRPEN1_EL1_ENABLE);
	ISB();
	__asm__ volatile("msr daifclr, #2" : : : "memory");

	measure_null_hvc();
	test_timer();
	test_sgi_self();
	test_overflow();
	test_level_spi();
	test_world_switch();
	test_passthrough();
	hvc(HCALL_REPORT, 6, unexpected_irqs == 0, unexpected_irqs);
	hvc(HCALL_DONE, 0, 0, 0);
	for (;;)
		;
}
