// SPDX-License-Identifier: MIT
/* Native tests of the gdb remote protocol state machine (src/cli/gdb_rsp.c)
 * against a fake two-vCPU target: framing, checksums, escapes, registers in
 * both widths, memory, breakpoints, threads, resumes, stop replies, target
 * descriptions, and a storm of malformed packets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/gdb_rsp.h"
#include "cli/gdb_tdesc.h"

#define MEM_BASE 0x1000
struct fake {
	struct gdb_regs regs[2];
	uint8_t mem[256];
	char bp_log[256];
};

static int f_get_regs(void *c, unsigned t, struct gdb_regs *r) { *r = ((struct fake *)c)->regs[t]; return t < 2 ? 0 : -1; }
static int f_set_regs(void *c, unsigned t, const struct gdb_regs *r) { ((struct fake *)c)->regs[t] = *r; return 0; }
static size_t f_read(void *c, unsigned t, uint64_t a, void *buf, size_t len)
{
	struct fake *f = c;
	(void)t;
	if (a < MEM_BASE || a >= MEM_BASE + sizeof(f->mem))
		return 0;
	size_t n = MEM_BASE + sizeof(f->mem) - a < len ? MEM_BASE + sizeof(f->mem) - a : len;
	memcpy(buf, f->mem + (a - MEM_BASE), n);
	return n;
}
static size_t f_write(void *c, unsigned t, uint64_t a, const void *buf, size_t len)
{
	struct fake *f = c;
	(void)t;
	if (a < MEM_BASE || a >= MEM_BASE + sizeof(f->mem))
		return 0;
	size_t n = MEM_BASE + sizeof(f->mem) - a < len ? MEM_BASE + sizeof(f->mem) - a : len;
	memcpy(f->mem + (a - MEM_BASE), buf, n);
	return n;
}
static int f_break(void *c, enum gdb_break_type type, bool insert, uint64_t addr, unsigned kind)
{
	struct fake *f = c;
	size_t n = strlen(f->bp_log);
	if (type == GDB_WATCH_ACCESS)
		return 1;
	snprintf(f->bp_log + n, sizeof(f->bp_log) - n, "%s%c%d@%llx/%u", n ? " " : "", insert ? '+' : '-',
		 (int)type, (unsigned long long)addr, kind);
	return addr == 0xdead ? -1 : 0;
}
static const struct gdb_target_ops fops = { f_get_regs, f_set_regs, f_read, f_write, f_break };

static struct fake fk;
static struct gdb_session sess;
static char reply[GDB_PACKET_MAX + 1];
static size_t reply_len;

/* Send a payload as gdb would (framed), return the action. */
static enum gdb_action send(const char *payload, size_t len)
{
	char framed[2 * GDB_PACKET_MAX + 8];
	size_t n = gdb_frame(payload, len, framed, sizeof(framed));
	enum gdb_input in = GDB_IN_NONE;

	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		in = gdb_feed(&sess, (uint8_t)framed[i]);
		if (i + 1 < n)
			assert_int_equal(in, GDB_IN_NONE);
	}
	assert_int_equal(in, GDB_IN_PACKET);
	return gdb_handle(&sess, reply, &reply_len);
}

static const char *ask(const char *payload)
{
	assert_int_equal(send(payload, strlen(payload)), GDB_REPLY);
	assert_int_equal(strlen(reply), reply_len);
	return reply;
}

static void setup_arch(enum gdb_arch arch)
{
	memset(&fk, 0, sizeof(fk));
	for (unsigned t = 0; t < 2; t++) {
		for (unsigned i = 0; i < 31; i++)
			fk.regs[t].r[i] = (arch == GDB_ARCH_ARM ? 0x11110000u : 0x1111222233330000ULL) + i + 0x100 * t;
		fk.regs[t].sp = 0x5000;
		fk.regs[t].pc = 0x40080000 + 4 * t;
		fk.regs[t].cpsr = 0x3c5;
		for (unsigned i = 0; i < 32; i++)
			memset(fk.regs[t].v[i], (int)i, 16);
		fk.regs[t].fpsr = 0x08000010;
		fk.regs[t].fpcr = 0x03000000;
	}
	for (unsigned i = 0; i < sizeof(fk.mem); i++)
		fk.mem[i] = (uint8_t)i;
	gdb_session_init(&sess, arch, 2, &fops, &fk);
}

static void test_framing(void **state)
{
	(void)state;
	char out[64];
	setup_arch(GDB_ARCH_AARCH64);
	assert_int_equal(gdb_frame("OK", 2, out, sizeof(out)), 6);
	assert_memory_equal(out, "$OK#9a", 6);
	/* '#' '$' '}' '*' are escaped, and the checksum covers the escapes */
	size_t n = gdb_frame("a#b", 3, out, sizeof(out));
	assert_int_equal(n, 8);
	assert_memory_equal(out, "$a}\x03" "b#", 6);
	assert_int_equal(gdb_frame("OK", 2, out, 5), 0);
	/* acks, interrupt, noise, bad checksum */
	assert_int_equal(gdb_feed(&sess, '+'), GDB_IN_ACK);
	assert_int_equal(gdb_feed(&sess, '-'), GDB_IN_NACK);
	assert_int_equal(gdb_feed(&sess, 0x03), GDB_IN_INTERRUPT);
	assert_int_equal(gdb_feed(&sess, 'x'), GDB_IN_NONE);
	const char *bad = "$g#00";
	enum gdb_input in = GDB_IN_NONE;
	for (const char *p = bad; *p; p++)
		in = gdb_feed(&sess, (uint8_t)*p);
	assert_int_equal(in, GDB_IN_BAD_PACKET);
	/* an oversized packet is refused, the next one is fine */
	assert_int_equal(gdb_feed(&sess, '$'), GDB_IN_NONE);
	for (unsigned i = 0; i < GDB_PACKET_MAX + 10; i++)
		gdb_feed(&sess, 'a');
	gdb_feed(&sess, '#');
	gdb_feed(&sess, '0');
	assert_int_equal(gdb_feed(&sess, '0'), GDB_IN_BAD_PACKET);
	assert_string_equal(ask("?"), "T05thread:1;");
}

static void test_queries(void **state)
{
	(void)state;
	setup_arch(GDB_ARCH_AARCH64);
	assert_non_null(strstr(ask("qSupported:multiprocess+;swbreak+"), "qXfer:features:read+"));
	assert_string_equal(ask("QStartNoAckMode"), "OK");
	assert_true(sess.no_ack);
	assert_string_equal(ask("qfThreadInfo"), "m1,2");
	assert_string_equal(ask("qsThreadInfo"), "l");
	assert_string_equal(ask("qC"), "QC1");
	assert_string_equal(ask("qAttached"), "1");
	assert_string_equal(ask("T2"), "OK");
	assert_string_equal(ask("T3"), "E01");
	assert_string_equal(ask("Hg2"), "OK");
	assert_string_equal(ask("qC"), "QC2");
	assert_string_equal(ask("Hg0"), "OK");
	assert_string_equal(ask("Hc-1"), "OK");
	assert_string_equal(ask("Hg5"), "E01");
	assert_string_equal(ask("qThreadExtraInfo,2"), "764350552031");   /* "vCPU 1" */
	assert_string_equal(ask("vMustReplyEmpty"), "");
	assert_string_equal(ask("qTStatus"), "");
	assert_string_equal(ask("vCont?"), "vCont;c;C;s;S;t");
	/* the target description, read in pieces */
	const char *xml = gdb_target_xml(GDB_ARCH_AARCH64);
	char got[32768] = "";
	for (unsigned off = 0;;) {
		char q[64];
		snprintf(q, sizeof(q), "qXfer:features:read:target.xml:%x,200", off);
		const char *r = ask(q);
		assert_true(r[0] == 'm' || r[0] == 'l');
		strcat(got, r + 1);
		off += (unsigned)strlen(r + 1);
		if (r[0] == 'l')
			break;
	}
	assert_string_equal(got, xml);
	assert_non_null(strstr(xml, "org.gnu.gdb.aarch64.fpu"));
	assert_non_null(strstr(gdb_target_xml(GDB_ARCH_ARM), "org.gnu.gdb.arm.vfp"));
	assert_string_equal(ask("qXfer:features:read:other.xml:0,10"), "E00");
}

static void test_regs_aarch64(void **state)
{
	(void)state;
	setup_arch(GDB_ARCH_AARCH64);
	const char *g = ask("g");
	/* 31 x + sp + pc (8 bytes), cpsr (4), 32 v (16), fpsr, fpcr (4) */
	assert_int_equal(strlen(g), 2 * (33 * 8 + 4 + 32 * 16 + 8));
	assert_memory_equal(g, "0000333322221111", 16);                 /* x0 little-endian */
	assert_memory_equal(g + 2 * 32 * 8, "0000084000000000", 16);    /* pc */
	assert_string_equal(ask("p20"), "0000084000000000");            /* pc is 32 = 0x20 */
	assert_string_equal(ask("p21"), "c5030000");
	assert_string_equal(ask("p42"), "10000008");                    /* fpsr = 66 */
	assert_string_equal(ask("P1f=0080000000000000"), "OK");         /* sp */
	assert_int_equal(fk.regs[0].sp, 0x8000);
	assert_string_equal(ask("P22=000102030405060708090a0b0c0d0e0f"), "OK");   /* v0 */
	assert_int_equal(fk.regs[0].v[0][15], 0x0f);
	assert_string_equal(ask("P22=00"), "E01");
	assert_string_equal(ask("p99"), "E01");
	/* G writes back what g read, and thread 2 is separate */
	char gbuf[GDB_PACKET_MAX + 2] = "G";
	strcat(gbuf, ask("g"));
	assert_string_equal(ask(gbuf), "OK");
	assert_string_equal(ask("Hg2"), "OK");
	assert_string_equal(ask("p0"), "0001333322221111");
	gbuf[5] = 'z';
	assert_string_equal(ask(gbuf), "E01");
}

static void test_regs_arm(void **state)
{
	(void)state;
	setup_arch(GDB_ARCH_ARM);
	const char *g = ask("g");
	/* r0-r15 and cpsr (4 bytes), d0-d31 (8), fpscr (4) */
	assert_int_equal(strlen(g), 2 * (17 * 4 + 32 * 8 + 4));
	assert_memory_equal(g, "00001111", 8);
	assert_memory_equal(g + 2 * 15 * 4, "00000840", 8);        /* pc */
	assert_memory_equal(g + 2 * 16 * 4, "c5030000", 8);        /* cpsr */
	assert_string_equal(ask("p19"), "c5030000");               /* cpsr is regnum 25 */
	assert_string_equal(ask("p1b"), "0000000000000000");       /* d1 = V0[127:64] */
	assert_string_equal(ask("p1c"), "0101010101010101");       /* d2 = V1[63:0] */
	assert_string_equal(ask("p3a"), "1000000b");               /* fpscr = fpsr | fpcr */
	assert_string_equal(ask("p10"), "E01");                    /* no FPA registers */
	assert_string_equal(ask("P3a=00004003"), "OK");            /* fpscr 0x03400000 */
	assert_int_equal(fk.regs[0].fpcr, 0x03400000);
	assert_int_equal(fk.regs[0].fpsr, 0);
	assert_string_equal(ask("Pd=00900000"), "OK");             /* sp = r13 */
	assert_int_equal(fk.regs[0].r[13], 0x9000);
}

static void test_memory_and_breakpoints(void **state)
{
	(void)state;
	setup_arch(GDB_ARCH_AARCH64);
	assert_string_equal(ask("m1010,4"), "10111213");
	assert_string_equal(ask("m10fe,8"), "feff");               /* up to the end */
	assert_string_equal(ask("m2000,4"), "E14");
	assert_string_equal(ask("m1000,"), "E01");
	assert_string_equal(ask("M1004,2:abcd"), "OK");
	assert_int_equal(fk.mem[4], 0xab);
	assert_string_equal(ask("M1004,2:abc"), "E01");
	assert_string_equal(ask("M2000,1:00"), "E14");
	/* X: binary with escapes (a '#' in the data) */
	const char x[] = "X1008,3:\x01#\x7d";
	assert_int_equal(send(x, sizeof(x) - 1), GDB_REPLY);
	assert_string_equal(reply, "OK");
	assert_int_equal(fk.mem[9], '#');
	assert_int_equal(fk.mem[10], 0x7d);
	assert_string_equal(ask("Z0,40080000,4"), "OK");
	assert_string_equal(ask("z0,40080000,4"), "OK");
	assert_string_equal(ask("Z2,1000,8"), "OK");
	assert_string_equal(ask("Z4,1000,8"), "");                 /* unsupported type */
	assert_string_equal(ask("Z1,dead,4"), "E01");
	assert_string_equal(ask("Z9,1,1"), "");
	assert_string_equal(ask("Z0,1"), "E01");
	assert_string_equal(fk.bp_log, "+0@40080000/4 -0@40080000/4 +2@1000/8 +1@dead/4");
}

static void test_resume_and_stop(void **state)
{
	(void)state;
	setup_arch(GDB_ARCH_AARCH64);
	assert_int_equal(send("c", 1), GDB_RESUME_CONTINUE);
	assert_int_equal(reply_len, 0);
	assert_string_equal(ask("Hg2"), "OK");
	assert_int_equal(send("s", 1), GDB_RESUME_STEP);
	assert_int_equal(sess.step_thread, 1);
	assert_int_equal(send("vCont;s:1;c", 11), GDB_RESUME_STEP);
	assert_int_equal(sess.step_thread, 0);
	assert_int_equal(send("vCont;c", 7), GDB_RESUME_CONTINUE);
	assert_int_equal(send("vCont;C05:2", 11), GDB_RESUME_CONTINUE);
	assert_int_equal(send("vCont;x", 7), GDB_REPLY);
	assert_string_equal(reply, "E01");
	assert_int_equal(send("c40001000", 9), GDB_RESUME_CONTINUE);
	assert_int_equal(fk.regs[0].pc, 0x40001000);
	assert_int_equal(send("S05;40002000", 12), GDB_RESUME_STEP);
	assert_int_equal(send("D", 1), GDB_DETACH);
	assert_string_equal(reply, "OK");
	assert_int_equal(send("k", 1), GDB_KILL);
	assert_int_equal(send("vKill;1", 7), GDB_KILL);
	/* stop replies, and '?' repeats the last one */
	char out[128];
	struct gdb_stop st = { .kind = GDB_STOP_WATCH, .signal = 5, .thread = 1, .addr = 0x40001000 };
	gdb_stop_reply(&sess, &st, out, sizeof(out));
	assert_string_equal(out, "T05watch:40001000;thread:2;");
	assert_string_equal(ask("?"), "T05watch:40001000;thread:2;");
	assert_string_equal(ask("qC"), "QC2");                     /* the stopped thread is current */
	st = (struct gdb_stop){ .kind = GDB_STOP_SWBREAK, .signal = 5 };
	gdb_stop_reply(&sess, &st, out, sizeof(out));
	assert_string_equal(out, "T05swbreak:;thread:1;");
	st = (struct gdb_stop){ .kind = GDB_STOP_EXITED, .signal = 0 };
	gdb_stop_reply(&sess, &st, out, sizeof(out));
	assert_string_equal(out, "W00");
	st = (struct gdb_stop){ .kind = GDB_STOP_SIGNAL, .signal = 2 };
	gdb_stop_reply(&sess, &st, out, sizeof(out));
	assert_string_equal(out, "T02thread:1;");
}

/* Random and truncated packets: always an answer or a resume, never a
 * crash, and the target untouched by anything but a well-formed write. */
static void test_malformed_storm(void **state)
{
	(void)state;
	static const char *const seeds[] = {
		"m", "M", "X", "Z", "z", "p", "P", "G", "H", "T", "q", "Q", "v", "qXfer:features:read:target.xml:",
		"m1000,ffffffffffffffffff", "M1000,10000:", "X1000,2:", "Pffffffffff=00", "Hgzz", "vCont;s:zz",
		"qThreadExtraInfo,", "Z0,,", "G0", "p-1", "c zz", "C", "S", "m,", "M,:",
	};
	uint32_t x = 1;
	setup_arch(GDB_ARCH_AARCH64);
	for (unsigned round = 0; round < 20000; round++) {
		char pkt[64];
		size_t n;
		const char *seed = seeds[round % (sizeof(seeds) / sizeof(seeds[0]))];
		n = strlen(seed);
		memcpy(pkt, seed, n);
		x = x * 1103515245u + 12345u;
		unsigned extra = (x >> 16) % 12;
		for (unsigned i = 0; i < extra && n < sizeof(pkt); i++) {
			x = x * 1103515245u + 12345u;
			pkt[n++] = "0123456789abcdefxyz,:;=-#$}*"[(x >> 16) % 28];
		}
		enum gdb_action a = send(pkt, n);
		assert_true(a <= GDB_KILL);
		assert_true(reply_len <= GDB_PACKET_MAX);
	}
	/* the fake memory is still what valid writes made it */
	assert_string_equal(ask("qC"), ask("qC"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_regs_aarch64),
		cmocka_unit_test(test_regs_arm),
		cmocka_unit_test(test_memory_and_breakpoints),
		cmocka_unit_test(test_resume_and_stop),
		cmocka_unit_test(test_malformed_storm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
