// SPDX-License-Identifier: MIT
/* The string.h-level functions the hypervisor, the shared device models and
 * the loader need (the image links no libc; the compiler may also emit
 * calls to these for structure copies). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s | n) & 7)) {
		for (size_t i = 0; i < n; i += 8)
			*(uint64_t *)(void *)(d + i) = *(const uint64_t *)(const void *)(s + i);
		return dst;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	if (!c && !(((uintptr_t)d | n) & 7)) {
		for (size_t i = 0; i < n; i += 8)
			*(uint64_t *)(void *)(d + i) = 0;
		return dst;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* What libfdt's read-only half (fdt.o, fdt_ro.o, linked from Debian's
 * libfdt.a for the board's device tree, phys_board.c) needs beyond these. */
void *memchr(const void *s, int c, size_t n)
{
	const uint8_t *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] == (uint8_t)c)
			return (void *)(uintptr_t)(p + i);
	return NULL;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)(uintptr_t)last;
	}
}

/* Debian builds libfdt with -fstack-protector-strong: its canary and the
 * call a smashed stack makes (the hypervisor stops there). */
uintptr_t __stack_chk_guard = 0x5a17c0de2bad5eedull;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (uint8_t)*a - (uint8_t)*b;
}
