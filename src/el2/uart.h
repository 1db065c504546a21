/* SPDX-License-Identifier: MIT */
/* The physical PL011 at 0x09000000: the hypervisor's own console. */
#ifndef EL2_UART_H
#define EL2_UART_H

#include <stdbool.h>
#include <stddef.h>

void uart_putc(char c);
void uart_write(const char *s, size_t len);
/* A received byte, or -1 when the receive FIFO is empty. */
int uart_getc(void);
/* True when a received byte waits (one register read: cheap enough for
 * every guest exit). */
bool uart_rx_ready(void);

#endif
