/* SPDX-License-Identifier: MIT */
/* The physical PL011 the board's device tree names: the hypervisor's own
 * console. Output before uart_set_base() (or with base 0) is dropped. */
#ifndef EL2_UART_H
#define EL2_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void uart_set_base(uintptr_t base);
void uart_putc(char c);
void uart_write(const char *s, size_t len);
/* A received byte, or -1 when the receive FIFO is empty. */
int uart_getc(void);
/* True when a received byte waits (one register read: cheap enough for
 * every guest exit). */
bool uart_rx_ready(void);

#endif
