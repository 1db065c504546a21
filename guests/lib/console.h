/* SPDX-License-Identifier: MIT */
/* Console output on the PL011 at the `virt` UART address. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

void console_putc(char c);
void console_puts(const char *s);
/*
 * A small printf: %c %s %d %u %x with optional '0' flag, width, and the
 * l / ll length modifiers (also %%). Lines end with a bare '\n'.
 */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
