// SPDX-License-Identifier: MIT
/* Console multiplexing: see console.h. */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "el2/console.h"
#include "el2/print.h"
#include "el2/spinlock.h"
#include "el2/uart.h"

static struct spinlock console_lock = SPINLOCK_INIT;
bool console_locking;

static void lock(void)
{
	if (console_locking)
		spin_lock(&console_lock);
}

static void unlock(void)
{
	if (console_locking)
		spin_unlock(&console_lock);
}

void console_guest_init(struct console_guest *g, unsigned index)
{
	hyp_snprintf(g->prefix, sizeof(g->prefix), "[g%u] ", index);
	g->len = 0;
}

static void emit_line(struct console_guest *g, bool newline)
{
	lock();
	uart_write(g->prefix, strlen(g->prefix));
	uart_write(g->line, g->len);
	if (newline)
		uart_write("\n", 1);
	unlock();
	g->len = 0;
}

void console_guest_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct console_guest *g = ctx;

	for (size_t i = 0; i < len; i++) {
		char c = (char)buf[i];
		if (c == '\n') {
			emit_line(g, true);
			continue;
		}
		if (c == '\r')
			continue;       /* we add our own CR to every line */
		g->line[g->len++] = c;
		if (g->len == sizeof(g->line))
			emit_line(g, true);
	}
}

void console_guest_flush(struct console_guest *g)
{
	if (g->len)
		emit_line(g, true);
}

static void hyp_message(const char *s, size_t len)
{
	bool at_line_start = true;

	lock();
	for (size_t i = 0; i < len; i++) {
		if (at_line_start)
			uart_write("[el2] ", 6);
		uart_write(&s[i], 1);
		at_line_start = s[i] == '\n';
	}
	if (!at_line_start)
		uart_write("\n", 1);
	unlock();
}

void hyp_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	int n = hyp_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	hyp_message(buf, (size_t)n);
}

static unsigned input_target;
static unsigned input_partitions;
static int (*input_deliver)(unsigned index, uint8_t byte);
static bool input_escape;
static int input_held = -1;          /* a byte the target could not take */
static struct spinlock input_lock = SPINLOCK_INIT;

void console_set_input(unsigned index, unsigned nr_partitions,
		       int (*deliver)(unsigned index, uint8_t byte))
{
	input_target = index;
	input_partitions = nr_partitions;
	input_deliver = deliver;
}

/* Returns false when the byte must be held back. */
static bool input_byte(uint8_t c)
{
	if (input_escape) {
		input_escape = false;
		if (c >= '0' && c <= '9') {
			unsigned n = (unsigned)(c - '0');
			if (n < input_partitions) {
				input_target = n;
				hyp_printf("console input now goes to partition %u\n", n);
			} else {
				hyp_printf("no partition %u (have %u)\n", n, input_partitions);
			}
			return true;
		}
		if (c != CONSOLE_SWITCH_KEY)
			return true;    /* unknown sequence: dropped */
	} else if (c == CONSOLE_SWITCH_KEY) {
		input_escape = true;
		return true;
	}
	return input_deliver(input_target, c) != 0;
}

void console_poll_input(void)
{
	if (!input_deliver || (input_held < 0 && !uart_rx_ready()))
		return;
	/* Only one pCPU drains the UART at a time; the others go on. */
	if (!spin_trylock(&input_lock))
		return;
	if (input_held >= 0) {
		if (input_deliver(input_target, (uint8_t)input_held))
			input_held = -1;
	}
	while (input_held < 0) {
		int c = uart_getc();
		if (c < 0)
			break;
		if (!input_byte((uint8_t)c))
			input_held = c;
	}
	spin_unlock(&input_lock);
}
