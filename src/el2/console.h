/* SPDX-License-Identifier: MIT */
/*
 * The physical console shared by the hypervisor and every partition.
 * Output: each partition's emulated PL011 writes into a per-guest line
 * buffer; complete lines go out whole, prefixed "[gN] ", so lines of
 * different guests never interleave mid-line. Hypervisor messages are
 * prefixed "[el2] ".
 * Input: bytes from the physical UART go to one selected partition. The
 * switch key is Ctrl-A followed by a digit (Ctrl-A 1 selects partition 1);
 * Ctrl-A Ctrl-A sends a literal Ctrl-A.
 * The formatting is print.h's; this file only writes.
 */
#ifndef EL2_CONSOLE_H
#define EL2_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_LINE_MAX   160
#define CONSOLE_SWITCH_KEY 0x01   /* Ctrl-A */

struct console_guest {
	char prefix[8];                 /* "[g0] " */
	char line[CONSOLE_LINE_MAX];
	size_t len;
};

/* Set once the MMU is on: from then on output is serialised by a spinlock
 * (exclusives need cacheable memory); before, only the boot CPU prints. */
extern bool console_locking;

void console_guest_init(struct console_guest *g, unsigned index);
/* Byte sink of a partition's PL011 (struct dev_byte_sink.write). */
void console_guest_write(void *ctx, const uint8_t *buf, size_t len);
/* Emit a partial last line (a guest that stopped mid-line). */
void console_guest_flush(struct console_guest *g);

/*
 * A hypervisor message (may hold several lines; at most 255 characters are
 * kept), formatted by hyp_vsnprintf() and written whole under the console
 * lock, each line prefixed "[el2] " so it is told apart from guest lines.
 */
void hyp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Deliver pending physical UART input: called on guest exits and while
 * idle; a pCPU that finds another draining goes on (trylock). `deliver`
 * queues one byte for partition `index` without waiting for any lock of
 * that partition (partition_console.c) and returns 0 when its queue is
 * full (the byte is kept for later).
 */
void console_set_input(unsigned index, unsigned nr_partitions,
		       int (*deliver)(unsigned index, uint8_t byte));
void console_poll_input(void);

#endif
