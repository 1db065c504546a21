/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "machine/memmap.h"
#include "pl011.h"

void console_putc(char c)
{
	while (mmio_read32(VIRT_UART_BASE + UARTFR) & UARTFR_TXFF)
		;
	mmio_write32(VIRT_UART_BASE + UARTDR, (uint8_t)c);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

static void pad(int width, int len, char fill)
{
	for (; width > len; width--)
		console_putc(fill);
}

/* Decimal without 64-bit division (AArch32 would need libgcc for it). */
static void put_udec(uint64_t v, int width, char fill)
{
	static const uint64_t pow10[] = {
		10000000000000000000ULL, 1000000000000000000ULL,
		100000000000000000ULL, 10000000000000000ULL,
		1000000000000000ULL, 100000000000000ULL, 10000000000000ULL,
		1000000000000ULL, 100000000000ULL, 10000000000ULL,
		1000000000ULL, 100000000ULL, 10000000ULL, 1000000ULL,
		100000ULL, 10000ULL, 1000ULL, 100ULL, 10ULL, 1ULL,
	};
	char buf[20];
	int len = 0;

	for (unsigned i = 0; i < sizeof(pow10) / sizeof(pow10[0]); i++) {
		char d = '0';
		while (v >= pow10[i]) {
			v -= pow10[i];
			d++;
		}
		if (d != '0' || len > 0 || i == sizeof(pow10) / sizeof(pow10[0]) - 1)
			buf[len++] = d;
	}
	pad(width, len, fill);
	for (int i = 0; i < len; i++)
		console_putc(buf[i]);
}

static void put_hex(uint64_t v, int width, char fill)
{
	char buf[16];
	int len = 0;

	do {
		unsigned d = v & 0xf;
		buf[len++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v >>= 4;
	} while (v);
	pad(width, len, fill);
	while (len)
		console_putc(buf[--len]);
}

void printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			console_putc(*fmt);
			continue;
		}
		fmt++;
		char fill = ' ';
		int width = 0, longs = 0;
		if (*fmt == '0') {
			fill = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		uint64_t u;
		int64_t s;
		switch (*fmt) {
		case 'c':
			console_putc((char)va_arg(ap, int));
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len = 0;
			while (str[len])
				len++;
			console_puts(str);
			pad(width, len, ' ');  /* strings pad on the right */
			break;
		}
		case 'd':
			s = longs == 2 ? va_arg(ap, long long) :
			    longs == 1 ? va_arg(ap, long) : va_arg(ap, int);
			if (s < 0) {
				console_putc('-');
				u = (uint64_t)0 - (uint64_t)s;
				width = width > 0 ? width - 1 : 0;
			} else {
				u = (uint64_t)s;
			}
			put_udec(u, width, fill);
			break;
		case 'u':
		case 'x':
			u = longs == 2 ? va_arg(ap, unsigned long long) :
			    longs == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			if (*fmt == 'u')
				put_udec(u, width, fill);
			else
				put_hex(u, width, fill);
			break;
		case '%':
			console_putc('%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			console_putc('%');
			console_putc(*fmt);
			break;
		}
	}
	va_end(ap);
}
