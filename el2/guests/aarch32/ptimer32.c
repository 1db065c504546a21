// SPDX-License-Identifier: MIT
/*
 * The EL1 physical timer through its AArch32 CP15 encodings, which trap to
 * the hypervisor and are emulated there (src/el2/ptimer.h): CNTP_CTL (MRC/
 * MCR p15, 0, c14, c2, 1), CNTP_TVAL (p15, 0, c14, c2, 0), CNTP_CVAL
 * (MRRC/MCRR p15, 2, c14), against the physical counter CNTPCT (MRRC p15,
 * 0, c14), which the guest reads itself. Prints one line per check.
 */
#include <stdint.h>

#define UART_DR          0x09000000u
#define UART_FR          0x09000018u
#define UART_FR_TXFF     (1u << 5)
#define PSCI_SYSTEM_OFF  0x84000008u
#define CTL_ENABLE       1u
#define CTL_IMASK        2u
#define CTL_ISTATUS      4u

volatile uint32_t guest_fault32[4];

void guest_main(void);
void guest_unexpected32(uint32_t cpsr, uint32_t lr);

static void putc32(char c)
{
	while (*(volatile uint32_t *)UART_FR & UART_FR_TXFF)
		;
	*(volatile uint32_t *)UART_DR = (uint32_t)c;
}

static void puts32(const char *s)
{
	while (*s)
		putc32(*s++);
}

static uint64_t cntpct(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb\n\tmrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static uint32_t ctl_read(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c2, 1" : "=r"(v) : : "memory");
	return v;
}

static void ctl_write(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 1\n\tisb" : : "r"(v) : "memory");
}

static uint32_t tval_read(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c2, 0" : "=r"(v) : : "memory");
	return v;
}

static void tval_write(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 0\n\tisb" : : "r"(v) : "memory");
}

static uint64_t cval_read(void)
{
	uint32_t lo, hi;

	__asm__ volatile("mrrc p15, 2, %0, %1, c14" : "=r"(lo), "=r"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static void cval_write(uint64_t v)
{
	__asm__ volatile("mcrr p15, 2, %0, %1, c14\n\tisb"
			 : : "r"((uint32_t)v), "r"((uint32_t)(v >> 32)) : "memory");
}

static void check(const char *what, int ok)
{
	puts32("ptimer32: ");
	puts32(what);
	puts32(ok ? ": ok\n" : ": WRONG\n");
}

void guest_main(void)
{
	uint32_t freq;
	uint64_t now, cval;
	int32_t left;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(freq));
	check("CNTP_CTL reads 0 at reset", ctl_read() == 0);
	now = cntpct();
	cval_write(now + 0x123456789ull);
	check("CNTP_CVAL keeps all 64 bits", cval_read() == now + 0x123456789ull);
	tval_write(freq);                     /* one second from now */
	now = cntpct();
	cval = cval_read();
	left = (int32_t)tval_read();
	check("CNTP_TVAL write sets CVAL = count + TVAL", cval > now && cval - now <= freq);
	check("CNTP_TVAL counts down to CVAL", left > 0 && (uint32_t)left <= freq);
	ctl_write(CTL_ENABLE | CTL_IMASK);
	check("ISTATUS clear before the deadline", (ctl_read() & CTL_ISTATUS) == 0);
	tval_write((uint32_t)-100);           /* already past */
	check("ISTATUS set once the count passed CVAL",
	      ctl_read() == (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS));
	check("CNTP_TVAL negative past the deadline", (int32_t)tval_read() < 0);
	ctl_write(0);
	check("ISTATUS clear when disabled", ctl_read() == 0);
	tval_write(freq / 100);               /* 10 ms */
	ctl_write(CTL_ENABLE | CTL_IMASK);
	while (!(ctl_read() & CTL_ISTATUS))
		;
	check("ISTATUS set after 10 ms of counting", (int64_t)(cntpct() - cval_read()) >= 0);
	ctl_write(0);
	puts32("ptimer32: done\n");
	register uint32_t r0 __asm__("r0") = PSCI_SYSTEM_OFF;
	__asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0) : : "memory");
}

void guest_unexpected32(uint32_t cpsr, uint32_t lr)
{
	(void)cpsr;
	(void)lr;
	puts32("ptimer32: unexpected exception (an UNDEFINED timer register?)\n");
}
