/* SPDX-License-Identifier: MIT */
/*
 * The gdb remote-protocol stub (src/cli/gdb_rsp.c): the bytes gdb sends
 * over the socket go through gdb_feed (framing, checksums, '}' escapes,
 * interrupts, acks) and each packet through gdb_handle (registers,
 * memory, breakpoints, threads, queries, resume), as gdb_server.c does,
 * against a fake target: 2 or 4 vCPUs, a 4 KiB memory window at 0x1000
 * (every access outside it is unmapped) and a breakpoint table that
 * refuses or does not support some kinds. Input: a selector byte (arch,
 * threads, no-ack), then the raw byte stream. Each reply is framed into
 * the server's buffer size; nothing may be read or written outside the
 * target's buffers, the reply must fit the server's buffer and the
 * current threads must stay valid vCPUs.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/gdb_rsp.h"
#include "fuzz_input.h"

#define MEM_BASE 0x1000u
#define MEM_SIZE 0x1000u

struct fake_target {
	struct gdb_regs regs[4];
	uint8_t *mem;           /* exactly MEM_SIZE, so ASan bounds it */
	unsigned nr_threads;
	unsigned breakpoints;   /* inserted minus removed */
};

static int get_regs(void *ctx, unsigned thread, struct gdb_regs *r)
{
	struct fake_target *t = ctx;

	if (thread >= t->nr_threads)
		abort();
	*r = t->regs[thread];
	return thread == 3 ? -1 : 0;   /* one vCPU whose registers cannot be read */
}

static int set_regs(void *ctx, unsigned thread, const struct gdb_regs *r)
{
	struct fake_target *t = ctx;

	if (thread >= t->nr_threads)
		abort();
	t->regs[thread] = *r;
	return thread == 3 ? -1 : 0;
}

/* The bytes of [addr, addr + len) inside the window, from the start. */
static size_t window(uint64_t addr, size_t len)
{
	if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE)
		return 0;
	return len < MEM_BASE + MEM_SIZE - addr ? len : MEM_BASE + MEM_SIZE - addr;
}

static size_t read_mem(void *ctx, unsigned thread, uint64_t addr, void *buf, size_t len)
{
	struct fake_target *t = ctx;
	size_t n = window(addr, len);

	if (thread >= t->nr_threads)
		abort();
	memcpy(buf, t->mem + (addr - MEM_BASE) * (n != 0), n);
	if (len)   /* the whole buffer the stub passed must be writable */
		((volatile uint8_t *)buf)[len - 1] = ((uint8_t *)buf)[len - 1];
	return n;
}

static size_t write_mem(void *ctx, unsigned thread, uint64_t addr, const void *buf, size_t len)
{
	struct fake_target *t = ctx;
	size_t n = window(addr, len);
	volatile uint8_t sink = 0;

	if (thread >= t->nr_threads)
		abort();
	for (size_t i = 0; i < len; i++)   /* the whole buffer must be readable */
		sink ^= ((const uint8_t *)buf)[i];
	(void)sink;
	memcpy(t->mem + (addr - MEM_BASE) * (n != 0), buf, n);
	return n;
}

static int breakpoint(void *ctx, enum gdb_break_type type, bool insert, uint64_t addr,
		      unsigned kind)
{
	struct fake_target *t = ctx;

	(void)kind;
	if (type > GDB_WATCH_ACCESS)
		abort();
	if (type == GDB_WATCH_READ)
		return 1;
	if (!window(addr, 1))
		return -1;
	t->breakpoints += insert ? 1 : -1u;
	return 0;
}

static const struct gdb_target_ops fake_ops = {
	.get_regs = get_regs, .set_regs = set_regs, .read_mem = read_mem,
	.write_mem = write_mem, .breakpoint = breakpoint,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t sel = fuzz_u8(&in);
	static struct fake_target t;
	static struct gdb_session s;
	/* The server's buffers: reply as gdb_state.h, frame twice as big. */
	static char reply[GDB_PACKET_MAX + 1], frame[2 * GDB_PACKET_MAX + 8];

	memset(&t, 0, sizeof(t));
	t.nr_threads = sel & 2 ? 4 : 2;
	t.mem = malloc(MEM_SIZE);
	memset(t.mem, 0xa5, MEM_SIZE);
	for (unsigned i = 0; i < 4; i++)
		t.regs[i].pc = MEM_BASE + 16 * i;
	gdb_session_init(&s, sel & 1 ? GDB_ARCH_ARM : GDB_ARCH_AARCH64, t.nr_threads,
			 &fake_ops, &t);
	s.no_ack = sel & 4;
	while (in.n) {
		enum gdb_input got = gdb_feed(&s, fuzz_u8(&in));
		size_t len = 0;

		if (got != GDB_IN_PACKET) {
			if (got == GDB_IN_INTERRUPT) {
				struct gdb_stop stop = { .kind = GDB_STOP_SIGNAL, .signal = 2,
							 .thread = sel >> 4 & 3 };
				len = gdb_stop_reply(&s, &stop, reply, GDB_PACKET_MAX);
				if (len > GDB_PACKET_MAX)
					abort();
			}
			continue;
		}
		if (s.pkt_len > GDB_PACKET_MAX)
			abort();
		enum gdb_action a = gdb_handle(&s, reply, &len);
		if (len > GDB_PACKET_MAX)
			abort();
		if (s.g_thread >= t.nr_threads || s.c_thread >= t.nr_threads)
			abort();
		if (a == GDB_RESUME_STEP && s.step_thread >= t.nr_threads)
			abort();
		(void)gdb_frame(reply, len, frame, sizeof(frame));
	}
	free(t.mem);
	return 0;
}
