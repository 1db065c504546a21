/* SPDX-License-Identifier: MIT */
/*
 * The GDB remote serial protocol, as a pure state machine: packets framed
 * and checked byte by byte, commands answered through the target's
 * operations (registers, memory, breakpoints), resumes handed back to the
 * caller. No sockets and no VM here (gdb_server.c has those), so the
 * protocol is unit-tested natively with a fake target. GDB's "Remote
 * Protocol" appendix: packets, stop replies, target descriptions
 * (org.gnu.gdb.aarch64.core/fpu, org.gnu.gdb.arm.core/vfp).
 */
#ifndef ARMVM_CLI_GDB_RSP_H
#define ARMVM_CLI_GDB_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet payload we take and send (announced as PacketSize). */
#define GDB_PACKET_MAX 4096

enum gdb_arch { GDB_ARCH_AARCH64, GDB_ARCH_ARM };

/* One vCPU's registers as gdb numbers them. AArch64: x0-x30 in r[], sp,
 * pc, cpsr, v0-v31, fpsr, fpcr. ARM: r0-r14 in r[0..14], pc, cpsr,
 * d0-d31 as the halves of v[0..15], fpscr = fpsr | fpcr. */
struct gdb_regs {
	uint64_t r[31];
	uint64_t sp, pc;
	uint32_t cpsr;
	uint8_t v[32][16];
	uint32_t fpsr, fpcr;
};

enum gdb_break_type {
	GDB_BREAK_SW = 0, GDB_BREAK_HW = 1,
	GDB_WATCH_WRITE = 2, GDB_WATCH_READ = 3, GDB_WATCH_ACCESS = 4,
};

/* What the protocol asks of the target; thread = vCPU index (0-based). */
struct gdb_target_ops {
	int (*get_regs)(void *ctx, unsigned thread, struct gdb_regs *r);   /* 0 on success */
	int (*set_regs)(void *ctx, unsigned thread, const struct gdb_regs *r);
	/* bytes copied, from the start, up to the first unmapped address */
	size_t (*read_mem)(void *ctx, unsigned thread, uint64_t addr, void *buf, size_t len);
	size_t (*write_mem)(void *ctx, unsigned thread, uint64_t addr, const void *buf, size_t len);
	/* 0 done, -1 failed, 1 not supported */
	int (*breakpoint)(void *ctx, enum gdb_break_type type, bool insert, uint64_t addr,
			  unsigned kind);
};

/* Why the target stopped, for the stop reply. */
enum gdb_stop_kind {
	GDB_STOP_SIGNAL,        /* T<sig>: interrupt, step, a BRK not ours */
	GDB_STOP_SWBREAK, GDB_STOP_HWBREAK,
	GDB_STOP_WATCH, GDB_STOP_RWATCH, GDB_STOP_AWATCH,
	GDB_STOP_EXITED,        /* W<code> */
	GDB_STOP_KILLED,        /* X<sig> */
};
struct gdb_stop {
	enum gdb_stop_kind kind;
	unsigned signal;        /* 2 SIGINT, 5 SIGTRAP; X: the signal; W: exit code */
	unsigned thread;
	uint64_t addr;          /* watchpoints: the data address */
};

enum gdb_input { GDB_IN_NONE, GDB_IN_PACKET, GDB_IN_BAD_PACKET, GDB_IN_INTERRUPT, GDB_IN_ACK, GDB_IN_NACK };

enum gdb_action {
	GDB_REPLY,              /* send the reply (possibly empty: unsupported) */
	GDB_RESUME_CONTINUE,    /* resume all vCPUs; a stop reply is due later */
	GDB_RESUME_STEP,        /* single-step step_thread, the others run */
	GDB_DETACH,             /* reply "OK", then leave the guest running */
	GDB_KILL,               /* end the VM; no reply */
};

struct gdb_session {
	enum gdb_arch arch;
	unsigned nr_threads;
	const struct gdb_target_ops *ops;
	void *ctx;
	bool no_ack;
	unsigned g_thread;      /* Hg: the thread registers and memory are for */
	unsigned c_thread;      /* Hc */
	unsigned step_thread;   /* of the last GDB_RESUME_STEP */
	bool step_pc_set;       /* s/c ADDR: the resume address was set */
	struct gdb_stop last_stop;
	/* the packet being received */
	enum { RX_IDLE, RX_DATA, RX_ESCAPE, RX_CSUM1, RX_CSUM2 } rx;
	char pkt[GDB_PACKET_MAX + 1];
	size_t pkt_len;
	bool pkt_overflow;
	uint8_t sum, want_sum;
};

void gdb_session_init(struct gdb_session *s, enum gdb_arch arch, unsigned nr_threads,
		      const struct gdb_target_ops *ops, void *ctx);

/* Feed one received byte. GDB_IN_PACKET: s->pkt[0..pkt_len) holds a
 * packet with a good checksum (binary data unescaped, NUL-terminated);
 * GDB_IN_BAD_PACKET: a bad checksum or an oversized packet (answer '-');
 * GDB_IN_INTERRUPT: a Ctrl-C (0x03) between packets. */
enum gdb_input gdb_feed(struct gdb_session *s, uint8_t c);

/* Answer the packet in s->pkt. The reply payload (unframed) goes to reply
 * (at most GDB_PACKET_MAX bytes + NUL) when the action says to send one. */
enum gdb_action gdb_handle(struct gdb_session *s, char *reply, size_t *reply_len);

/* The stop reply for `stop` (remembered for '?'). */
size_t gdb_stop_reply(struct gdb_session *s, const struct gdb_stop *stop, char *out, size_t max);

/* Frame a payload as $payload#cs, escaping '$', '#', '}' and '*': the
 * framed length, or 0 when `max` is too small. */
size_t gdb_frame(const char *payload, size_t len, char *out, size_t max);

#endif
