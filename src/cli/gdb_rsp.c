// SPDX-License-Identifier: MIT
/*
 * The GDB remote serial protocol (gdb_rsp.h): packet framing and the
 * commands of an all-stop stub with one thread per vCPU. Every field of a
 * packet is parsed with bounds checks; anything malformed gets an error
 * reply ("E01"), anything unknown the empty reply, so a bad packet never
 * disturbs the guest.
 */
#include "cli/gdb_rsp.h"

#include <stdio.h>
#include <string.h>

#include "cli/gdb_tdesc.h"

/* AArch64 register numbers (gdb_tdesc.c) */
#define A64_SP      31
#define A64_PC      32
#define A64_CPSR    33
#define A64_V0      34
#define A64_FPSR    66
#define A64_FPCR    67
/* ARM */
#define ARM_PC      15
#define ARM_CPSR    25
#define ARM_D0      26
#define ARM_FPSCR   58
/* FPSCR bits held in FPSR and in FPCR (Arm ARM G8.2 FPSCR) */
#define FPSCR_FPSR_MASK 0xf800009fu
#define FPSCR_FPCR_MASK 0x07ff9f00u

static const char hexdigits[] = "0123456789abcdef";

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

void gdb_session_init(struct gdb_session *s, enum gdb_arch arch, unsigned nr_threads,
		      const struct gdb_target_ops *ops, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->arch = arch;
	s->nr_threads = nr_threads ? nr_threads : 1;
	s->ops = ops;
	s->ctx = ctx;
	s->last_stop = (struct gdb_stop){ .kind = GDB_STOP_SIGNAL, .signal = 5 };
}

enum gdb_input gdb_feed(struct gdb_session *s, uint8_t c)
{
	switch (s->rx) {
	case RX_IDLE:
		if (c == '$') {
			s->rx = RX_DATA;
			s->pkt_len = 0;
			s->pkt_overflow = false;
			s->sum = 0;
			return GDB_IN_NONE;
		}
		if (c == 0x03) return GDB_IN_INTERRUPT;
		if (c == '+') return GDB_IN_ACK;
		if (c == '-') return GDB_IN_NACK;
		return GDB_IN_NONE;           /* noise between packets */
	case RX_DATA:
	case RX_ESCAPE:
		if (c == '#' && s->rx == RX_DATA) {
			s->rx = RX_CSUM1;
			return GDB_IN_NONE;
		}
		s->sum = (uint8_t)(s->sum + c);
		if (s->rx == RX_DATA && c == '}') {
			s->rx = RX_ESCAPE;
			return GDB_IN_NONE;
		}
		if (s->rx == RX_ESCAPE) {
			c ^= 0x20;
			s->rx = RX_DATA;
		}
		if (s->pkt_len < GDB_PACKET_MAX)
			s->pkt[s->pkt_len++] = (char)c;
		else
			s->pkt_overflow = true;
		return GDB_IN_NONE;
	case RX_CSUM1:
		if (hexval(c) < 0) {
			s->rx = RX_IDLE;
			return GDB_IN_BAD_PACKET;
		}
		s->want_sum = (uint8_t)(hexval(c) << 4);
		s->rx = RX_CSUM2;
		return GDB_IN_NONE;
	case RX_CSUM2:
		s->rx = RX_IDLE;
		if (hexval(c) < 0 || (uint8_t)(s->want_sum | hexval(c)) != s->sum || s->pkt_overflow)
			return GDB_IN_BAD_PACKET;
		s->pkt[s->pkt_len] = '\0';
		return GDB_IN_PACKET;
	}
	s->rx = RX_IDLE;
	return GDB_IN_NONE;
}

size_t gdb_frame(const char *payload, size_t len, char *out, size_t max)
{
	size_t n = 0;
	uint8_t sum = 0;

	if (max < 4)
		return 0;
	out[n++] = '$';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)payload[i];
		if (c == '$' || c == '#' || c == '}' || c == '*') {
			if (n + 2 > max - 3)
				return 0;
			out[n++] = '}';
			sum = (uint8_t)(sum + '}');
			c ^= 0x20;
		} else if (n + 1 > max - 3) {
			return 0;
		}
		out[n++] = (char)c;
		sum = (uint8_t)(sum + c);
	}
	out[n++] = '#';
	out[n++] = hexdigits[sum >> 4];
	out[n++] = hexdigits[sum & 15];
	return n;
}

/* ---- field parsing: each returns false on anything malformed ---- */

static bool parse_hex_u64(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *q = *p;
	int digits = 0;

	while (q < end && hexval(*q) >= 0) {
		if (++digits > 16)
			return false;
		v = v << 4 | (uint64_t)hexval(*q++);
	}
	if (!digits)
		return false;
	*p = q;
	*out = v;
	return true;
}

static bool expect(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return false;
	(*p)++;
	return true;
}

/* A thread id: -1 (all), 0 (any) or 1..N; out = vCPU index or -1/any. */
static bool parse_thread(const char **p, const char *end, long *out)
{
	uint64_t v;

	if (*p + 2 <= end && (*p)[0] == '-' && (*p)[1] == '1') {
		*p += 2;
		*out = -1;
		return true;
	}
	if (!parse_hex_u64(p, end, &v) || v > 0xffff)
		return false;
	*out = (long)v;
	return true;
}

static size_t put_hex(char *out, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hexdigits[b[i] >> 4];
		out[2 * i + 1] = hexdigits[b[i] & 15];
	}
	return 2 * len;
}

static bool get_hex(const char *in, size_t hex_len, void *buf)
{
	uint8_t *b = buf;

	if (hex_len % 2)
		return false;
	for (size_t i = 0; i < hex_len / 2; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static size_t reply_str(char *reply, const char *s)
{
	size_t n = strlen(s);
	memcpy(reply, s, n + 1);
	return n;
}

/* ---- registers: one gdb register as little-endian bytes ---- */

/* Where register n lives in struct gdb_regs and how wide it is; NULL for
 * a number the target description does not have. fpscr is composed. */
static uint8_t *reg_slot(struct gdb_session *s, struct gdb_regs *r, unsigned n, size_t *size)
{
	if (s->arch == GDB_ARCH_AARCH64) {
		if (n <= 30) { *size = 8; return (uint8_t *)&r->r[n]; }
		if (n == A64_SP) { *size = 8; return (uint8_t *)&r->sp; }
		if (n == A64_PC) { *size = 8; return (uint8_t *)&r->pc; }
		if (n == A64_CPSR) { *size = 4; return (uint8_t *)&r->cpsr; }
		if (n >= A64_V0 && n < A64_V0 + 32) { *size = 16; return r->v[n - A64_V0]; }
		if (n == A64_FPSR) { *size = 4; return (uint8_t *)&r->fpsr; }
		if (n == A64_FPCR) { *size = 4; return (uint8_t *)&r->fpcr; }
		return NULL;
	}
	if (n <= 14) { *size = 4; return (uint8_t *)&r->r[n]; }   /* low half: little-endian host */
	if (n == ARM_PC) { *size = 4; return (uint8_t *)&r->pc; }
	if (n == ARM_CPSR) { *size = 4; return (uint8_t *)&r->cpsr; }
	if (n >= ARM_D0 && n < ARM_D0 + 32) {
		unsigned d = n - ARM_D0;
		*size = 8;
		return &r->v[d / 2][(d % 2) * 8];
	}
	return NULL;
}

/* The registers of the g packet, in order: gdb's register numbers. */
static unsigned reg_count(enum gdb_arch arch)
{
	return arch == GDB_ARCH_AARCH64 ? 68 : 50;
}

static unsigned reg_at(enum gdb_arch arch, unsigned i)
{
	if (arch == GDB_ARCH_AARCH64 || i < 16)
		return i;
	if (i == 16)
		return ARM_CPSR;
	return i < 49 ? ARM_D0 + (i - 17) : ARM_FPSCR;
}

static size_t reg_get_hex(struct gdb_session *s, struct gdb_regs *r, unsigned n, char *out)
{
	size_t size;

	if (s->arch == GDB_ARCH_ARM && n == ARM_FPSCR) {
		uint32_t fpscr = (r->fpsr & FPSCR_FPSR_MASK) | (r->fpcr & FPSCR_FPCR_MASK);
		return put_hex(out, &fpscr, 4);
	}
	uint8_t *slot = reg_slot(s, r, n, &size);
	return slot ? put_hex(out, slot, size) : 0;
}

/* Set register n from hex; false when malformed or unknown. */
static bool reg_set_hex(struct gdb_session *s, struct gdb_regs *r, unsigned n, const char *in, size_t len)
{
	size_t size;

	if (s->arch == GDB_ARCH_ARM && n == ARM_FPSCR) {
		uint32_t fpscr;
		if (len != 8 || !get_hex(in, 8, &fpscr))
			return false;
		r->fpsr = fpscr & FPSCR_FPSR_MASK;
		r->fpcr = fpscr & FPSCR_FPCR_MASK;
		return true;
	}
	uint8_t *slot = reg_slot(s, r, n, &size);
	if (!slot || len != 2 * size)
		return false;
	if (s->arch == GDB_ARCH_ARM && (n <= 14 || n == ARM_PC))
		memset(slot, 0, 8);   /* 32-bit registers in 64-bit slots */
	return get_hex(in, len, slot);
}

/* ---- commands ---- */

static unsigned reg_thread(const struct gdb_session *s)
{
	return s->g_thread < s->nr_threads ? s->g_thread : 0;
}

static size_t cmd_read_regs(struct gdb_session *s, char *reply)
{
	struct gdb_regs r;
	size_t n = 0;

	if (s->ops->get_regs(s->ctx, reg_thread(s), &r))
		return reply_str(reply, "E01");
	for (unsigned i = 0; i < reg_count(s->arch); i++)
		n += reg_get_hex(s, &r, reg_at(s->arch, i), reply + n);
	reply[n] = '\0';
	return n;
}

static size_t cmd_write_regs(struct gdb_session *s, const char *p, const char *end, char *reply)
{
	struct gdb_regs r;

	if (s->ops->get_regs(s->ctx, reg_thread(s), &r))
		return reply_str(reply, "E01");
	/* A shorter G sets the registers it covers (GDB may send fewer). */
	for (unsigned i = 0; i < reg_count(s->arch) && p < end; i++) {
		unsigned n = reg_at(s->arch, i);
		size_t size = 4;
		if (!(s->arch == GDB_ARCH_ARM && n == ARM_FPSCR)) {
			struct gdb_regs tmp;
			if (!reg_slot(s, &tmp, n, &size))
				return reply_str(reply, "E01");
		}
		if ((size_t)(end - p) < 2 * size || !reg_set_hex(s, &r, n, p, 2 * size))
			return reply_str(reply, "E01");
		p += 2 * size;
	}
	if (p != end || s->ops->set_regs(s->ctx, reg_thread(s), &r))
		return reply_str(reply, "E01");
	return reply_str(reply, "OK");
}

static size_t cmd_reg(struct gdb_session *s, const char *p, const char *end, bool write, char *reply)
{
	uint64_t n;
	struct gdb_regs r;

	if (!parse_hex_u64(&p, end, &n) || n > 1000)
		return reply_str(reply, "E01");
	if (write && !expect(&p, end, '='))
		return reply_str(reply, "E01");
	if (!write && p != end)
		return reply_str(reply, "E01");
	if (s->ops->get_regs(s->ctx, reg_thread(s), &r))
		return reply_str(reply, "E01");
	if (!write) {
		size_t len = reg_get_hex(s, &r, (unsigned)n, reply);
		if (!len)
			return reply_str(reply, "E01");
		reply[len] = '\0';
		return len;
	}
	if (!reg_set_hex(s, &r, (unsigned)n, p, (size_t)(end - p)) ||
	    s->ops->set_regs(s->ctx, reg_thread(s), &r))
		return reply_str(reply, "E01");
	return reply_str(reply, "OK");
}

/* m ADDR,LEN */
static size_t cmd_read_mem(struct gdb_session *s, const char *p, const char *end, char *reply)
{
	uint64_t addr, len;
	uint8_t buf[GDB_PACKET_MAX / 2];

	if (!parse_hex_u64(&p, end, &addr) || !expect(&p, end, ',') ||
	    !parse_hex_u64(&p, end, &len) || p != end)
		return reply_str(reply, "E01");
	if (len > sizeof(buf))
		len = sizeof(buf);   /* a shorter answer is allowed */
	size_t got = len ? s->ops->read_mem(s->ctx, reg_thread(s), addr, buf, (size_t)len) : 0;
	if (len && !got)
		return reply_str(reply, "E14");
	size_t n = put_hex(reply, buf, got);
	reply[n] = '\0';
	return n;
}

/* M ADDR,LEN:HEX and X ADDR,LEN:BINARY */
static size_t cmd_write_mem(struct gdb_session *s, const char *p, const char *end, bool binary,
			    char *reply)
{
	uint64_t addr, len;
	uint8_t buf[GDB_PACKET_MAX];

	if (!parse_hex_u64(&p, end, &addr) || !expect(&p, end, ',') ||
	    !parse_hex_u64(&p, end, &len) || !expect(&p, end, ':') || len > sizeof(buf))
		return reply_str(reply, "E01");
	size_t avail = (size_t)(end - p);
	if (binary ? avail != len : (avail != 2 * len || !get_hex(p, avail, buf)))
		return reply_str(reply, "E01");
	if (binary)
		memcpy(buf, p, (size_t)len);
	if (len && s->ops->write_mem(s->ctx, reg_thread(s), addr, buf, (size_t)len) != len)
		return reply_str(reply, "E14");
	return reply_str(reply, "OK");
}

/* Z/z TYPE,ADDR,KIND */
static size_t cmd_break(struct gdb_session *s, const char *p, const char *end, bool insert, char *reply)
{
	uint64_t type, addr, kind;

	if (!parse_hex_u64(&p, end, &type) || !expect(&p, end, ',') ||
	    !parse_hex_u64(&p, end, &addr) || !expect(&p, end, ',') ||
	    !parse_hex_u64(&p, end, &kind))
		return reply_str(reply, "E01");
	if (p != end && *p != ';')   /* conditions and commands (";X...") are not evaluated here */
		return reply_str(reply, "E01");
	if (p != end || type > GDB_WATCH_ACCESS)
		return reply_str(reply, "");
	int r = s->ops->breakpoint(s->ctx, (enum gdb_break_type)type, insert, addr, (unsigned)kind);
	return reply_str(reply, r == 0 ? "OK" : r > 0 ? "" : "E01");
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static size_t cmd_xfer_features(struct gdb_session *s, const char *p, const char *end, char *reply)
{
	static const char annex[] = "target.xml:";
	uint64_t off, len;

	if ((size_t)(end - p) < sizeof(annex) - 1 || memcmp(p, annex, sizeof(annex) - 1))
		return reply_str(reply, "E00");
	p += sizeof(annex) - 1;
	if (!parse_hex_u64(&p, end, &off) || !expect(&p, end, ',') ||
	    !parse_hex_u64(&p, end, &len) || p != end)
		return reply_str(reply, "E01");
	const char *xml = gdb_target_xml(s->arch);
	size_t total = strlen(xml);
	if (off >= total)
		return reply_str(reply, "l");
	if (len > GDB_PACKET_MAX - 1)
		len = GDB_PACKET_MAX - 1;
	size_t n = total - (size_t)off < len ? total - (size_t)off : (size_t)len;
	reply[0] = (off + n < total) ? 'm' : 'l';
	memcpy(reply + 1, xml + off, n);
	reply[n + 1] = '\0';
	return n + 1;
}

static size_t cmd_thread_info(struct gdb_session *s, char *reply)
{
	size_t n = 0;

	reply[n++] = 'm';
	for (unsigned t = 0; t < s->nr_threads; t++)
		n += (size_t)snprintf(reply + n, GDB_PACKET_MAX - n, "%s%x", t ? "," : "", t + 1);
	return n;
}

/* H op THREAD: 0 (any) and -1 (all) leave the choice to us: vCPU 0. */
static size_t cmd_set_thread(struct gdb_session *s, const char *p, const char *end, char *reply)
{
	long t;

	if (p >= end)
		return reply_str(reply, "E01");
	char op = *p++;
	if (!parse_thread(&p, end, &t) || p != end || (t > 0 && (unsigned long)t > s->nr_threads))
		return reply_str(reply, "E01");
	unsigned idx = t > 0 ? (unsigned)t - 1 : 0;
	if (op == 'g')
		s->g_thread = idx;
	else if (op == 'c')
		s->c_thread = idx;
	else
		return reply_str(reply, "E01");
	return reply_str(reply, "OK");
}

/* s/c [ADDR]: resume at ADDR when given. */
static bool resume_addr(struct gdb_session *s, const char *p, const char *end, unsigned thread)
{
	uint64_t addr;
	struct gdb_regs r;

	s->step_pc_set = false;
	if (p == end)
		return true;
	if (!parse_hex_u64(&p, end, &addr) || p != end || s->ops->get_regs(s->ctx, thread, &r))
		return false;
	r.pc = addr;
	if (s->ops->set_regs(s->ctx, thread, &r))
		return false;
	s->step_pc_set = true;
	return true;
}

/* vCont;ACTION[:THREAD]... : a step action anywhere makes it a step of
 * that thread (all-stop: the others run); otherwise continue. */
static enum gdb_action cmd_vcont(struct gdb_session *s, const char *p, const char *end, char *reply,
				 size_t *reply_len)
{
	enum gdb_action act = GDB_REPLY;

	while (p < end) {
		long t = 0;
		if (!expect(&p, end, ';') || p >= end)
			break;
		char a = *p++;
		if (a == 'C' || a == 'S') {           /* signal number: delivered as nothing */
			uint64_t sig;
			if (!parse_hex_u64(&p, end, &sig))
				break;
			a = (char)(a - 'A' + 'a');
		}
		if (p < end && *p == ':') {
			p++;
			if (!parse_thread(&p, end, &t))
				break;
		}
		if (a == 's') {
			s->step_thread = t > 0 && (unsigned long)t <= s->nr_threads ? (unsigned)t - 1 : s->c_thread;
			act = GDB_RESUME_STEP;
		} else if (a == 'c') {
			if (act != GDB_RESUME_STEP)
				act = GDB_RESUME_CONTINUE;
		} else if (a != 't') {
			act = GDB_REPLY;
			break;
		}
	}
	if (p != end || act == GDB_REPLY) {
		*reply_len = reply_str(reply, "E01");
		return GDB_REPLY;
	}
	return act;
}

enum gdb_action gdb_handle(struct gdb_session *s, char *reply, size_t *reply_len)
{
	const char *p = s->pkt, *end = s->pkt + s->pkt_len;
	size_t n = 0;

	reply[0] = '\0';
	if (p == end) {
		*reply_len = 0;
		return GDB_REPLY;
	}
	char c = *p++;
#define STARTS(lit) ((size_t)(end - s->pkt) >= sizeof(lit) - 1 && !memcmp(s->pkt, lit, sizeof(lit) - 1))
	switch (c) {
	case '?':
		n = gdb_stop_reply(s, &s->last_stop, reply, GDB_PACKET_MAX);
		break;
	case 'g': n = p == end ? cmd_read_regs(s, reply) : reply_str(reply, "E01"); break;
	case 'G': n = cmd_write_regs(s, p, end, reply); break;
	case 'p': n = cmd_reg(s, p, end, false, reply); break;
	case 'P': n = cmd_reg(s, p, end, true, reply); break;
	case 'm': n = cmd_read_mem(s, p, end, reply); break;
	case 'M': n = cmd_write_mem(s, p, end, false, reply); break;
	case 'X': n = cmd_write_mem(s, p, end, true, reply); break;
	case 'Z': n = cmd_break(s, p, end, true, reply); break;
	case 'z': n = cmd_break(s, p, end, false, reply); break;
	case 'H': n = cmd_set_thread(s, p, end, reply); break;
	case 'T': {
		long t;
		n = parse_thread(&p, end, &t) && p == end && t >= 1 && (unsigned long)t <= s->nr_threads
			? reply_str(reply, "OK") : reply_str(reply, "E01");
		break;
	}
	case 'c':
	case 's':
	case 'C':
	case 'S': {
		if (c == 'C' || c == 'S') {           /* C sig[;addr] */
			uint64_t sig;
			if (!parse_hex_u64(&p, end, &sig)) {
				n = reply_str(reply, "E01");
				break;
			}
			if (p < end && !expect(&p, end, ';')) {
				n = reply_str(reply, "E01");
				break;
			}
		}
		unsigned t = c == 's' || c == 'S' ? reg_thread(s) : s->c_thread;
		if (!resume_addr(s, p, end, t)) {
			n = reply_str(reply, "E01");
			break;
		}
		*reply_len = 0;
		if (c == 's' || c == 'S') {
			s->step_thread = t;
			return GDB_RESUME_STEP;
		}
		return GDB_RESUME_CONTINUE;
	}
	case 'D':
		*reply_len = reply_str(reply, "OK");
		return GDB_DETACH;
	case 'k':
		*reply_len = 0;
		return GDB_KILL;
	case 'v':
		if (STARTS("vCont?")) {
			n = reply_str(reply, "vCont;c;C;s;S;t");
		} else if (STARTS("vCont;") || (STARTS("vCont") && s->pkt_len == 5)) {
			enum gdb_action a = cmd_vcont(s, s->pkt + 5, end, reply, reply_len);
			if (a != GDB_REPLY)
				*reply_len = 0;
			return a;
		} else if (STARTS("vKill")) {
			*reply_len = reply_str(reply, "OK");
			return GDB_KILL;
		}
		break;                               /* vMustReplyEmpty and the rest: "" */
	case 'q':
		if (STARTS("qSupported"))
			n = reply_str(reply, "PacketSize=1000;qXfer:features:read+;QStartNoAckMode+;"
				      "swbreak+;hwbreak+;vContSupported+");
		else if (STARTS("qXfer:features:read:"))
			n = cmd_xfer_features(s, s->pkt + 20, end, reply);
		else if (STARTS("qfThreadInfo"))
			n = cmd_thread_info(s, reply);
		else if (STARTS("qsThreadInfo"))
			n = reply_str(reply, "l");
		else if (STARTS("qC") && s->pkt_len == 2)
			n = (size_t)snprintf(reply, GDB_PACKET_MAX, "QC%x", reg_thread(s) + 1);
		else if (STARTS("qAttached"))
			n = reply_str(reply, "1");
		else if (STARTS("qSymbol"))
			n = reply_str(reply, "OK");
		else if (STARTS("qThreadExtraInfo,")) {
			const char *q = s->pkt + 17;
			long t;
			char name[32];
			if (parse_thread(&q, end, &t) && q == end && t >= 1 && (unsigned long)t <= s->nr_threads) {
				int len = snprintf(name, sizeof(name), "vCPU %ld", t - 1);
				n = put_hex(reply, name, (size_t)len);
				reply[n] = '\0';
			} else {
				n = reply_str(reply, "E01");
			}
		}
		break;
	case 'Q':
		if (STARTS("QStartNoAckMode")) {
			s->no_ack = true;
			n = reply_str(reply, "OK");
		}
		break;
	default:
		break;
	}
#undef STARTS
	*reply_len = n;
	return GDB_REPLY;
}

size_t gdb_stop_reply(struct gdb_session *s, const struct gdb_stop *stop, char *out, size_t max)
{
	int n;

	s->last_stop = *stop;
	switch (stop->kind) {
	case GDB_STOP_EXITED:
		n = snprintf(out, max, "W%02x", stop->signal & 0xff);
		break;
	case GDB_STOP_KILLED:
		n = snprintf(out, max, "X%02x", stop->signal & 0xff);
		break;
	case GDB_STOP_SWBREAK:
		n = snprintf(out, max, "T%02xswbreak:;thread:%x;", stop->signal, stop->thread + 1);
		break;
	case GDB_STOP_HWBREAK:
		n = snprintf(out, max, "T%02xhwbreak:;thread:%x;", stop->signal, stop->thread + 1);
		break;
	case GDB_STOP_WATCH:
	case GDB_STOP_RWATCH:
	case GDB_STOP_AWATCH:
		n = snprintf(out, max, "T%02x%s:%llx;thread:%x;", stop->signal,
			     stop->kind == GDB_STOP_WATCH ? "watch" : stop->kind == GDB_STOP_RWATCH ? "rwatch" : "awatch",
			     (unsigned long long)stop->addr, stop->thread + 1);
		break;
	default:
		n = snprintf(out, max, "T%02xthread:%x;", stop->signal, stop->thread + 1);
		break;
	}
	if (stop->kind != GDB_STOP_EXITED && stop->kind != GDB_STOP_KILLED)
		s->g_thread = stop->thread < s->nr_threads ? stop->thread : 0;
	return n < 0 ? 0 : (size_t)n < max ? (size_t)n : max - 1;
}
