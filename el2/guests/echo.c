// SPDX-License-Identifier: MIT
/*
 * Console input guest: says it is ready, waits (polling its PL011, at most
 * ten seconds of virtual time) for one byte, prints it and powers off. Two
 * of them side by side show the hypervisor's input switching.
 */
#include <stdint.h>

#include "io.h"

#define UART_DR       0x09000000UL
#define UART_FR       0x09000018UL
#define UART_FR_RXFE  (1u << 4)
#define WAIT_SECONDS  10

static uint64_t cntvct(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static uint64_t cntfrq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

void guest_main(void)
{
	uint64_t give_up = cntvct() + WAIT_SECONDS * cntfrq();

	io_puts("echo: ready\n");
	while (*(volatile uint32_t *)UART_FR & UART_FR_RXFE) {
		if (cntvct() > give_up) {
			io_puts("echo: no input\n");
			io_system_off();
		}
	}
	uint32_t c = *(volatile uint32_t *)UART_DR & 0xff;
	io_puts("echo: got ");
	io_puthex(c);
	io_puts("\n");
	io_system_off();
}

void guest_secondary(uint64_t context)
{
	(void)context;
	io_system_off();
}
