// SPDX-License-Identifier: MIT
/* Console (the partition's PL011, polled) and PSCI for the EL2 test guests. */
#include "io.h"

#define UART_DR          0x09000000UL
#define UART_FR          0x09000018UL
#define UART_FR_TXFF     (1u << 5)
#define PSCI_SYSTEM_OFF  0x84000008UL

volatile uint64_t guest_fault[3];

static void io_putc(char c)
{
	while (*(volatile uint32_t *)UART_FR & UART_FR_TXFF)
		;
	*(volatile uint32_t *)UART_DR = (uint32_t)c;
}

void io_puts(const char *s)
{
	while (*s)
		io_putc(*s++);
}

void io_puthex(uint64_t v)
{
	int started = 0;

	io_puts("0x");
	for (int i = 60; i >= 0; i -= 4) {
		unsigned d = (v >> i) & 0xf;
		if (d || started || i == 0) {
			io_putc("0123456789abcdef"[d]);
			started = 1;
		}
	}
}

void io_putdec(uint64_t v)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		io_putc(buf[--n]);
}

int64_t io_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

void io_system_off(void)
{
	io_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	io_puts("SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}

void guest_unexpected(uint64_t esr, uint64_t elr)
{
	io_puts("unexpected exception, ESR ");
	io_puthex(esr);
	io_puts(" ELR ");
	io_puthex(elr);
	io_puts("\n");
	io_system_off();
}
