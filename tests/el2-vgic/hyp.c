/* SPDX-License-Identifier: MIT */
/*
 * EL2 side of the vGIC hardware-emulation test: a minimal hypervisor
 * (no stage 2, one vCPU) around the real gic.c/vgic*.c/vtimer.c, run on
 * QEMU virt with a GICv3. It exercises, against QEMU's GIC model, what the
 * unit tests can only fake: list registers and the HW bit, maintenance
 * interrupts, the ICC_SGI1R trap, physical SGIs and CNTHP wake-ups.
 * It prints one PASS:/FAIL: line per check on the PL011 and powers off.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/esr.h"
#include "arch/timer.h"
#include "dev/pl011_regs.h"
#include "el2/el2_regs.h"
#include "el2/gic.h"
#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/psci.h"
#include "el2/uart.h"
#include "el2/vgic.h"
#include "el2/vtimer.h"
#include "harness.h"
#include "machine/memmap.h"

#define SPIN_LIMIT          50000000ul

struct harness_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

_Static_assert(sizeof(struct harness_frame) == FRAME_SIZE, "frame layout");

static struct vgic_dist dist;
static struct vgic_cpu vcpu;
static struct vtimer vt;
static volatile unsigned el2_irq_events;
static unsigned maint_seen, vtimer_seen, sgi_traps;
static unsigned failures;


extern void guest_entry(void);

void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

void *memset(void *d, int c, unsigned long n)
{
	volatile uint8_t *p = d;

	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	volatile uint8_t *p = d;
	const volatile uint8_t *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

static void puts_uart(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static void putu(uint64_t v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_uart(&buf[i]);
}

static void report(const char *name, int ok, const char *why, uint64_t detail)
{
	puts_uart(ok ? "PASS: el2-vgic-qemu/" : "FAIL: el2-vgic-qemu/");
	puts_uart(name);
	if (!ok) {
		puts_uart(" ");
		puts_uart(why);
		puts_uart(" (");
		putu(detail);
		puts_uart(")");
		failures++;
	}
	puts_uart("\n");
}

static const char *const guest_test_names[] = {
	[1] = "vtimer-forwarded-with-hw-bit",
	[2] = "guest-sgi1r-trap-self-sgi",
	[3] = "lr-overflow-npie-refill-in-priority-order",
	[4] = "level-spi-eoi-maintenance-resample",
	[5] = "world-switch-keeps-pending-timer",
	[6] = "no-unexpected-virtual-interrupts",
	[7] = "physical-spi-passthrough-remapped-and-unmasked",
};

static void __attribute__((noreturn)) power_off(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_FN_SYSTEM_OFF;

	__asm__ volatile("smc #0" : "+r"(x0) : : "memory");
	for (;;)
		__asm__ volatile("wfe");
}

static uint64_t read_gicr_isactiver0(void)
{
	/* Single pCPU: its redistributor is the first frame. */
	return *(volatile uint32_t *)(VIRT_GIC_REDIST_BASE + GICR_ISACTIVER0);
}

static uint64_t gic_cntfrq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v ? v : 1;
}

static void handle_hvc(struct harness_frame *f)
{
	switch (f->x[0]) {
	case HCALL_REPORT: {
		uint64_t t = f->x[1];
		const char *name = t < sizeof(guest_test_names) / sizeof(guest_test_names[0]) &&
				   guest_test_names[t] ? guest_test_names[t] : "unknown";

		report(name, f->x[2] == 1, "guest check failed, detail", f->x[3]);
		break;
	}
	case HCALL_INJECT_SGIS:
		for (unsigned i = 8; i < 14; i++)
			vgic_inject(&dist, 0, i);
		break;
	case HCALL_SPI_LEVEL:
		vgic_set_spi_level(&dist, (unsigned)f->x[1], f->x[2] != 0);
		break;
	case HCALL_WORLD_SWITCH: {
		/* What the core does when the vCPU leaves and comes back. */
		vtimer_save(&vt);
		vgic_save(&vcpu);
		f->x[1] = (read_gicr_isactiver0() >> GIC_INTID_VTIMER) & 1;
		f->x[2] = vtimer_pending(&vt);
		vgic_restore(&vcpu);
		vtimer_restore(&vt);
		break;
	}
	case HCALL_NOP:
		break;
	case HCALL_PASSTHROUGH_START:
		if (vgic_assign_hw_spi(&dist, PASSTHROUGH_VINTID, PASSTHROUGH_PINTID,
				   gic_sysreg_read(GIC_SR_MPIDR_EL1))) {
			report("spi-passthrough-assign", 0, "vgic_assign_hw_spi", 0);
			break;
		}
		/* Transmitting a character raises the PL011 TX interrupt. */
		*(volatile uint32_t *)(VIRT_UART_BASE + UARTIMSC) = UARTINT_TX;
		uart_putc('\n');
		break;
	case HCALL_PASSTHROUGH_CHECK:
		*(volatile uint32_t *)(VIRT_UART_BASE + UARTIMSC) = 0;
		f->x[1] = (*(volatile uint32_t *)(VIRT_GIC_DIST_BASE + GICD_ISENABLER + 4) >>
			   (PASSTHROUGH_PINTID - 32)) & 1;
		/* HW-linked: the guest's EOI deactivated the physical SPI. */
		f->x[2] = (*(volatile uint32_t *)(VIRT_GIC_DIST_BASE + GICD_ISACTIVER + 4) >>
			   (PASSTHROUGH_PINTID - 32)) & 1;
		break;
	case HCALL_MEASURE: {
		/* Counter ticks -> ns; under -icount shift=0, ns = instructions. */
		uint64_t ns = f->x[2] * 1000000000ull / gic_cntfrq();

		puts_uart(f->x[1] == 1 ? "# vtimer expiry to guest handler: " :
			  f->x[1] == 2 ? "# guest ICC_SGI1R write to its SGI handler: " :
					 "# null HVC round trip (incl. vgic_sync/flush): ");
		putu(ns);
		puts_uart(" ns\n");
		break;
	}
	default:
		report("unknown-hypercall", 0, "call", f->x[0]);
		break;
	}
}

static void el2_checks(void);

/* The guest finished: summarise, run the pCPU-level checks, power off. */
static void finish(void)
{
	report("maintenance-irq-seen", maint_seen > 0, "no maintenance interrupt", 0);
	report("vtimer-irq-forwarded-count", vtimer_seen >= 4, "vtimer forwards", vtimer_seen);
	report("sgi1r-traps", sgi_traps == 1, "ICC_SGI1R traps", sgi_traps);
	vtimer_save(&vt);
	vgic_save(&vcpu);
	el2_checks();
	puts_uart(failures ? "el2-vgic-qemu: FAILED\n" : "el2-vgic-qemu: all passed\n");
	power_off();
}


void hyp_exception(struct harness_frame *f, unsigned kind);
void hyp_exception(struct harness_frame *f, unsigned kind)
{
	uint64_t esr, iss;
	unsigned ec;

	if (kind == HARNESS_EXC_EL2_IRQ) {
		el2_irq_events |= vgic_forward_irq(NULL);
		return;
	}
	/* A maintenance condition pending at exit: vgic_sync() clears it, so
	 * the IRQ itself then usually reads as spurious. */
	if (kind == HARNESS_EXC_GUEST_IRQ && gic_sysreg_read(GIC_SR_ICH_MISR_EL2))
		maint_seen++;
	vgic_sync(&vcpu);
	if (kind == HARNESS_EXC_GUEST_IRQ) {
		unsigned ev = vgic_forward_irq(&vcpu);


		if (ev & GIC_IRQ_VTIMER)
			vtimer_seen++;
		vgic_flush(&vcpu);
		return;
	}
	__asm__ volatile("mrs %0, esr_el2" : "=r"(esr));
	ec = (unsigned)(esr >> ESR_ELx_EC_SHIFT) & ESR_ELx_EC_MASK;
	iss = esr & ESR_ELx_ISS_MASK;
	if (ec == ESR_ELx_EC_HVC64) {
		/* ELR already points after the HVC. */
		if (f->x[0] == HCALL_DONE)
			finish();
		handle_hvc(f);
	} else if (ec == ESR_ELx_EC_SYS64 && (iss & ESR_ELx_SYS64_ENC_MASK) == ICC_SGI1R_EL1_SYS64 &&
		   !(iss & ESR_ELx_SYS64_ISREAD)) {
		unsigned rt = (unsigned)(iss >> ESR_ELx_SYS64_RT_SHIFT) & ESR_ELx_CP_REG_MASK;

		sgi_traps++;
		vgic_sgi1r_write(&dist, 0, rt == 31 ? 0 : f->x[rt]);
		f->elr += 4;
	} else {
		report("unexpected-guest-exception", 0, "ESR", esr);
		power_off();
	}
	vgic_flush(&vcpu);
}

static void __attribute__((noreturn)) enter_guest(void)
{
	uint64_t hcr = HCR_EL2_RW | HCR_EL2_IMO | HCR_EL2_FMO;

	__asm__ volatile("msr hcr_el2, %0" : : "r"(hcr));
	__asm__ volatile("msr cnthctl_el2, %0" : : "r"(CNTHCTL_EL2_EL1PCTEN | CNTHCTL_EL2_EL1PCEN));
	__asm__ volatile("msr sctlr_el1, %0" : : "r"(SCTLR_EL1_RES1));
	__asm__ volatile("msr spsr_el2, %0" : : "r"((uint64_t)(PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)));
	__asm__ volatile("msr elr_el2, %0" : : "r"((uint64_t)(uintptr_t)guest_entry));
	__asm__ volatile("isb; eret" : : : "memory");
	__builtin_unreachable();
}

/* Second pCPU: brings up its redistributor, then waits like the core's
 * WFI loop (IRQs masked at EL2, WFI, acknowledge) for a kick. */
extern void secondary_entry(void);
static volatile int secondary_init_rc = 1;
static volatile unsigned secondary_events;

void hyp_secondary(void);
void hyp_secondary(void)
{
	secondary_init_rc = gic_cpu_init();
	for (;;) {
		__asm__ volatile("wfi");
		secondary_events |= vgic_forward_irq(NULL);
	}
}

static int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry)
{
	register uint64_t x0 __asm__("x0") = PSCI_FN64_CPU_ON;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = 0;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

static void cross_cpu_checks(void)
{
	unsigned long spins;
	int64_t rc = psci_cpu_on(SECONDARY_MPIDR, (uint64_t)(uintptr_t)secondary_entry);

	if (rc != 0) {
		report("secondary-cpu-on", 0, "PSCI CPU_ON", (uint64_t)rc);
		return;
	}
	/* YIELD lets QEMU's round-robin (icount) scheduler run the other CPU. */
	for (spins = 0; spins < SPIN_LIMIT && secondary_init_rc == 1; spins++)
		__asm__ volatile("yield");
	report("secondary-redistributor-init", secondary_init_rc == 0, "gic_cpu_init",
	       (uint64_t)secondary_init_rc);
	if (secondary_init_rc != 0)
		return;
	gic_send_sgi(SECONDARY_MPIDR, GIC_SGI_KICK);
	for (spins = 0; spins < SPIN_LIMIT && !(secondary_events & GIC_IRQ_KICK); spins++)
		__asm__ volatile("yield");
	report("cross-cpu-kick-wakes-wfi", (secondary_events & GIC_IRQ_KICK) != 0, "events",
	       secondary_events);
}

static void el2_checks(void)
{
	uint64_t now, deadline;
	unsigned long spins;

	/* Physical SGI to ourselves: the kick path. */
	el2_irq_events = 0;
	gic_send_sgi(gic_sysreg_read(GIC_SR_MPIDR_EL1), GIC_SGI_KICK);
	__asm__ volatile("msr daifclr, #2");
	for (spins = 0; spins < SPIN_LIMIT && !(el2_irq_events & GIC_IRQ_KICK); spins++)
		;
	__asm__ volatile("msr daifset, #2");
	report("physical-sgi-kick", (el2_irq_events & GIC_IRQ_KICK) != 0, "events", el2_irq_events);

	/* CNTHP wake-up for a saved timer's deadline. */
	el2_irq_events = 0;
	now = gic_sysreg_read(GIC_SR_CNTPCT_EL0);
	vt.ctl = CNT_CTL_ENABLE;
	vt.cval = now - vt.cntvoff + 20000;
	deadline = vtimer_deadline(&vt);
	vtimer_set_wakeup(deadline);
	__asm__ volatile("msr daifclr, #2");
	for (spins = 0; spins < SPIN_LIMIT && !(el2_irq_events & GIC_IRQ_HYPTIMER); spins++)
		__asm__ volatile("wfi");
	__asm__ volatile("msr daifset, #2");
	report("cnthp-wakeup-fires", (el2_irq_events & GIC_IRQ_HYPTIMER) != 0, "events", el2_irq_events);
	report("cnthp-wakeup-not-early", gic_sysreg_read(GIC_SR_CNTPCT_EL0) >= deadline &&
	       vtimer_pending(&vt), "count", gic_sysreg_read(GIC_SR_CNTPCT_EL0));
	cross_cpu_checks();
}

void hyp_main(void);
void hyp_main(void)
{
	/* This harness runs on QEMU virt only: its UART, no device tree. */
	uart_set_base(VIRT_UART_BASE);
	puts_uart("el2-vgic-qemu: start\n");
	if (gic_init(VIRT_GIC_DIST_BASE, VIRT_GIC_REDIST_BASE) || gic_cpu_init()) {
		report("gic-init", 0, "no GICv3", 0);
		power_off();
	}
	report("gic-init", 1, "", 0);
	if (vgic_dist_init(&dist, 1, 32) || vgic_cpu_init(&dist, &vcpu, 0, 0)) {
		report("vgic-init", 0, "init", 0);
		power_off();
	}
	report("vgic-list-registers", dist.nr_lrs >= 1 && dist.nr_lrs <= 16, "nr_lrs", dist.nr_lrs);
	/* Configure the vGIC as a guest driver would: group 1 on, the timer
	 * PPI, SGIs 0..15 and SPI 3 enabled, SGIs 8..13 at rising priority. */
	vgic_dist_write(&dist, GICD_CTLR, 4, GICD_CTLR_ENABLE_G1);
	vgic_redist_write(&dist, GICR_ISENABLER0, 4, 0xFFFFu | 1u << GIC_INTID_VTIMER);
	for (unsigned i = 8; i < 14; i++)
		vgic_redist_write(&dist, GICR_IPRIORITYR0 + i, 1, 0xC0 - 0x10 * (i - 8));
	vgic_redist_write(&dist, GICR_IPRIORITYR0 + GIC_INTID_VTIMER, 1, 0x80);
	vgic_dist_write(&dist, GICD_ISENABLER + 4, 4, 1u << 3);
	vgic_dist_write(&dist, GICD_IPRIORITYR + 35, 1, 0x80);
	vgic_dist_write(&dist, GICD_ISENABLER + 4, 4, 1u << (PASSTHROUGH_VINTID - 32));

	vtimer_init(&vt, 0);
	vgic_restore(&vcpu);
	vtimer_restore(&vt);
	vgic_flush(&vcpu);
	enter_guest();
}
