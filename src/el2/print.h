/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's string formatter: a small vsnprintf that writes nothing
 * but the buffer it is given (console.h's hyp_printf() prints with it).
 * Formats: %c %s %d %i %u %x %X %p %%, with width, 0-padding and the
 * l/ll/z length modifiers. Returns the length the whole result needs, as
 * C's snprintf does.
 */
#ifndef EL2_PRINT_H
#define EL2_PRINT_H

#include <stdarg.h>
#include <stddef.h>

int hyp_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hyp_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
