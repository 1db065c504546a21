// SPDX-License-Identifier: MIT
/* Polled driver for the physical PL011 (ARM DDI 0183 register names). It
 * uses the UART as the boot loader left it (no baud setup); usable with the
 * MMU on or off. */
#include <stdint.h>

#include "dev/pl011_regs.h"
#include "el2/uart.h"

static uintptr_t uart_base;

void uart_set_base(uintptr_t base)
{
	uart_base = base;
}

static inline uint32_t uart_reg_read(unsigned off)
{
	return *(volatile uint32_t *)(uart_base + off);
}

static inline void uart_reg_write(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(uart_base + off) = v;
}

void uart_putc(char c)
{
	if (!uart_base)
		return;
	while (uart_reg_read(UARTFR) & UARTFR_TXFF)
		;
	uart_reg_write(UARTDR, (uint8_t)c);
}

void uart_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

bool uart_rx_ready(void)
{
	if (!uart_base)
		return false;
	return !(uart_reg_read(UARTFR) & UARTFR_RXFE);
}

int uart_getc(void)
{
	if (!uart_base)
		return -1;
	if (uart_reg_read(UARTFR) & UARTFR_RXFE)
		return -1;
	return (int)(uart_reg_read(UARTDR) & 0xff);
}
