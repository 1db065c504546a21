// SPDX-License-Identifier: MIT
/*
 * AArch32 isolation probe: as el2/guests/probe.c, but the aborts it takes
 * are the AArch32 ones the hypervisor injects: abort mode entered at
 * VBAR + 0x10 with LR_abt = faulting instruction + 8, DFSR = synchronous
 * external abort (short-descriptor FS 0b01000, WnR for writes), DFAR = the
 * address. (See start.S for why the handler does not check SPSR_abt.)
 */
#include <stdint.h>

#define UART_DR          0x09000000u
#define UART_FR          0x09000018u
#define UART_FR_TXFF     (1u << 5)
#define PSCI_SYSTEM_OFF  0x84000008u
#define DFSR_FS_MASK     0x40fu     /* FS[4] is bit 10 */
#define DFSR_FS_EXTABT   0x8u
#define DFSR_WNR         (1u << 11)
#define CPSR_MODE_MASK   0x1fu
#define CPSR_MODE_ABT    0x17u

/* DFSR, DFAR, taken, CPSR in the handler: set by the abort handler in
 * start.S. */
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

static void puthex32(uint32_t v)
{
	int started = 0;

	puts32("0x");
	for (int i = 28; i >= 0; i -= 4) {
		unsigned d = (v >> i) & 0xf;
		if (d || started || i == 0) {
			putc32("0123456789abcdef"[d]);
			started = 1;
		}
	}
}

static void system_off(void)
{
	register uint32_t r0 __asm__("r0") = PSCI_SYSTEM_OFF;

	__asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0) : : "memory");
	puts32("probe32: SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}

static int probe(uint32_t addr, int write)
{
	guest_fault32[2] = 0;
	__asm__ volatile("dsb" ::: "memory");
	if (write)
		*(volatile uint32_t *)addr = 0xdeadbeef;
	else
		(void)*(volatile uint32_t *)addr;
	__asm__ volatile("dsb" ::: "memory");

	puts32("probe32: ");
	puts32(write ? "write " : "read ");
	puthex32(addr);
	if (!guest_fault32[2]) {
		puts32(": NOT blocked\n");
		return 0;
	}
	uint32_t dfsr = guest_fault32[0];
	int ok = (dfsr & DFSR_FS_MASK) == DFSR_FS_EXTABT &&
		 !!(dfsr & DFSR_WNR) == !!write && guest_fault32[1] == addr &&
		 (guest_fault32[3] & CPSR_MODE_MASK) == CPSR_MODE_ABT;
	puts32(ok ? ": external abort\n" : ": abort with unexpected syndrome\n");
	return ok;
}

static const uint32_t forbidden[] = {
	0x44000000u,   /* one byte past its 64 MiB of RAM */
	0x48000000u,   /* the partition beside it, by physical address */
	0x3ffff000u,   /* the page below its RAM */
	0x0c000000u,   /* hole in the platform map */
	0x80000000u,   /* past the end of physical RAM */
};

void guest_main(void)
{
	int blocked = 0, total = 0;
	volatile uint32_t *own = (volatile uint32_t *)0x43fff000u;

	puts32("probe32: start\n");
	for (unsigned i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		for (int w = 0; w <= 1; w++) {
			blocked += probe(forbidden[i], w);
			total++;
		}
	}
	*own = 0x1234abcd;
	puts32(*own == 0x1234abcd ? "probe32: own RAM read back ok\n"
				  : "probe32: own RAM read back WRONG\n");
	puts32(blocked == total ? "probe32: all accesses blocked\n"
				: "probe32: some accesses were NOT blocked\n");
	system_off();
}

void guest_unexpected32(uint32_t cpsr, uint32_t lr)
{
	puts32("probe32: unexpected exception, CPSR ");
	puthex32(cpsr);
	puts32(" LR ");
	puthex32(lr);
	putc32('\n');
	system_off();
}
