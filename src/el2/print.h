/* SPDX-License-Identifier: MIT */
/*
 * Formatted output for the hypervisor: hyp_printf() writes one message to
 * the physical console under the console lock, prefixed "[el2] " so it is
 * told apart from guest lines ("[g0] "...). Formats: %c %s %d %i %u %x %X %p
 * %%, with width, 0-padding and the l/ll/z length modifiers.
 */
#ifndef EL2_PRINT_H
#define EL2_PRINT_H

#include <stdarg.h>
#include <stddef.h>

int hyp_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hyp_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void hyp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
