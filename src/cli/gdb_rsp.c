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

#include "cli/gdb_fields.h"
#include "cli/gdb_regs.h"
#include "cli/gdb_tdesc.h"

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
		if (gdb_hexval(c) < 0) {
			s->rx = RX_IDLE;
			return GDB_IN_BAD_PACKET;
		}
		s->want_sum = (uint8_t)(gdb_hexval(c) << 4);
		s->rx = RX_CSUM2;
		return GDB_IN_NONE;
	case RX_CSUM2:
		s->rx = RX_IDLE;
		if (gdb_hexval(c) < 0 || (uint8_t)(s->want_sum | gdb_hexval(c)) != s->sum || s->pkt_overflow)
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
	out[n++] = gdb_hexdigits[sum >> 4];
	out[n++] = gdb_hexdigits[sum & 15];
	return n;
}

/* ---- commands ---- */

/* m ADDR,LEN */
static size_t cmd_read_mem(struct gdb_session *s, const char *p, const char *end, char *reply)
{
	uint64_t addr, len;
	uint8_t buf[GDB_PACKET_MAX / 2];

	if (!gdb_parse_hex_u64(&p, end, &addr) || !gdb_expect(&p, end, ',') ||
	    !gdb_parse_hex_u64(&p, end, &len) || p != end)
		return gdb_reply_str(reply, "E01");
	if (len > sizeof(buf))
		len = sizeof(buf);   /* a shorter answer is allowed */
	size_t got = len ? s->ops->read_mem(s->ctx, gdb_reg_thread(s), addr, buf, (size_t)len) : 0;
	if (len && !got)
		return gdb_reply_str(reply, "E14");
	size_t n = gdb_put_hex(reply, buf, got);
	reply[n] = '\0';
	return n;
}

/* M ADDR,LEN:HEX and X ADDR,LEN:BINARY */
static size_t cmd_write_mem(struct gdb_session *s, const char *p, const char *end, bool binary,
			    char *reply)
{
	uint64_t addr, len;
	uint8_t buf[GDB_PACKET_MAX];

	if (!gdb_parse_hex_u64(&p, end, &addr) || !gdb_expect(&p, end, ',') ||
	    !gdb_parse_hex_u64(&p, end, &len) || !gdb_expect(&p, end, ':') || len > sizeof(buf))
		return gdb_reply_str(reply, "E01");
	size_t avail = (size_t)(end - p);
	if (binary ? avail != len : (avail != 2 * len || !gdb_get_hex(p, avail, buf)))
		return gdb_reply_str(reply, "E01");
	if (binary)
		memcpy(buf, p, (size_t)len);
	if (len && s->ops->write_mem(s->ctx, gdb_reg_thread(s), addr, buf, (size_t)len) != len)
		return gdb_reply_str(reply, "E14");
	return gdb_reply_str(reply, "OK");
}

/* Z/z TYPE,ADDR,KIND */
static size_t cmd_break(struct gdb_session *s, const char *p, const char *end, bool insert, char *reply)
{
	uint64_t type, addr, kind;

	if (!gdb_parse_hex_u64(&p, end, &type) || !gdb_expect(&p, end, ',') ||
	    !gdb_parse_hex_u64(&p, end, &addr) || !gdb_expect(&p, end, ',') ||
	    !gdb_parse_hex_u64(&p, end, &kind))
		return gdb_reply_str(reply, "E01");
	if (p != end && *p != ';')   /* conditions and commands (";X...") are not evaluated here */
		return gdb_reply_str(reply, "E01");
	if (p != end || type > GDB_WATCH_ACCESS)
		return gdb_reply_str(reply, "");
	int r = s->ops->breakpoint(s->ctx, (enum gdb_break_type)type, insert, addr, (unsigned)kind);
	return gdb_reply_str(reply, r == 0 ? "OK" : r > 0 ? "" : "E01");
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static size_t cmd_xfer_features(struct gdb_session *s, const char *p, const char *end, char *reply)
{
	static const char annex[] = "target.xml:";
	uint64_t off, len;

	if ((size_t)(end - p) < sizeof(annex) - 1 || memcmp(p, annex, sizeof(annex) - 1))
		return gdb_reply_str(reply, "E00");
	p += sizeof(annex) - 1;
	if (!gdb_parse_hex_u64(&p, end, &off) || !gdb_expect(&p, end, ',') ||
	    !gdb_parse_hex_u64(&p, end, &len) || p != end)
		return gdb_reply_str(reply, "E01");
	const char *xml = gdb_target_xml(s->arch);
	size_t total = strlen(xml);
	if (off >= total)
		return gdb_reply_str(reply, "l");
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
		return gdb_reply_str(reply, "E01");
	char op = *p++;
	if (!gdb_parse_thread(&p, end, &t) || p != end || (t > 0 && (unsigned long)t > s->nr_threads))
		return gdb_reply_str(reply, "E01");
	unsigned idx = t > 0 ? (unsigned)t - 1 : 0;
	if (op == 'g')
		s->g_thread = idx;
	else if (op == 'c')
		s->c_thread = idx;
	else
		return gdb_reply_str(reply, "E01");
	return gdb_reply_str(reply, "OK");
}

/* s/c [ADDR]: resume at ADDR when given. */
static bool resume_addr(struct gdb_session *s, const char *p, const char *end, unsigned thread)
{
	uint64_t addr;
	struct gdb_regs r;

	s->step_pc_set = false;
	if (p == end)
		return true;
	if (!gdb_parse_hex_u64(&p, end, &addr) || p != end || s->ops->get_regs(s->ctx, thread, &r))
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
		if (!gdb_expect(&p, end, ';') || p >= end)
			break;
		char a = *p++;
		if (a == 'C' || a == 'S') {           /* signal number: delivered as nothing */
			uint64_t sig;
			if (!gdb_parse_hex_u64(&p, end, &sig))
				break;
			a = (char)(a - 'A' + 'a');
		}
		if (p < end && *p == ':') {
			p++;
			if (!gdb_parse_thread(&p, end, &t))
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
		*reply_len = gdb_reply_str(reply, "E01");
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
	case 'g': n = p == end ? gdb_cmd_read_regs(s, reply) : gdb_reply_str(reply, "E01"); break;
	case 'G': n = gdb_cmd_write_regs(s, p, end, reply); break;
	case 'p': n = gdb_cmd_reg(s, p, end, false, reply); break;
	case 'P': n = gdb_cmd_reg(s, p, end, true, reply); break;
	case 'm': n = cmd_read_mem(s, p, end, reply); break;
	case 'M': n = cmd_write_mem(s, p, end, false, reply); break;
	case 'X': n = cmd_write_mem(s, p, end, true, reply); break;
	case 'Z': n = cmd_break(s, p, end, true, reply); break;
	case 'z': n = cmd_break(s, p, end, false, reply); break;
	case 'H': n = cmd_set_thread(s, p, end, reply); break;
	case 'T': {
		long t;
		n = gdb_parse_thread(&p, end, &t) && p == end && t >= 1 && (unsigned long)t <= s->nr_threads
			? gdb_reply_str(reply, "OK") : gdb_reply_str(reply, "E01");
		break;
	}
	case 'c':
	case 's':
	case 'C':
	case 'S': {
		if (c == 'C' || c == 'S') {           /* C sig[;addr] */
			uint64_t sig;
			if (!gdb_parse_hex_u64(&p, end, &sig)) {
				n = gdb_reply_str(reply, "E01");
				break;
			}
			if (p < end && !gdb_expect(&p, end, ';')) {
				n = gdb_reply_str(reply, "E01");
				break;
			}
		}
		unsigned t = c == 's' || c == 'S' ? gdb_reg_thread(s) : s->c_thread;
		if (!resume_addr(s, p, end, t)) {
			n = gdb_reply_str(reply, "E01");
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
		*reply_len = gdb_reply_str(reply, "OK");
		return GDB_DETACH;
	case 'k':
		*reply_len = 0;
		return GDB_KILL;
	case 'v':
		if (STARTS("vCont?")) {
			n = gdb_reply_str(reply, "vCont;c;C;s;S;t");
		} else if (STARTS("vCont;") || (STARTS("vCont") && s->pkt_len == 5)) {
			enum gdb_action a = cmd_vcont(s, s->pkt + 5, end, reply, reply_len);
			if (a != GDB_REPLY)
				*reply_len = 0;
			return a;
		} else if (STARTS("vKill")) {
			*reply_len = gdb_reply_str(reply, "OK");
			return GDB_KILL;
		}
		break;                               /* vMustReplyEmpty and the rest: "" */
	case 'q':
		if (STARTS("qSupported"))
			n = gdb_reply_str(reply, "PacketSize=1000;qXfer:features:read+;QStartNoAckMode+;"
				      "swbreak+;hwbreak+;vContSupported+");
		else if (STARTS("qXfer:features:read:"))
			n = cmd_xfer_features(s, s->pkt + 20, end, reply);
		else if (STARTS("qfThreadInfo"))
			n = cmd_thread_info(s, reply);
		else if (STARTS("qsThreadInfo"))
			n = gdb_reply_str(reply, "l");
		else if (STARTS("qC") && s->pkt_len == 2)
			n = (size_t)snprintf(reply, GDB_PACKET_MAX, "QC%x", gdb_reg_thread(s) + 1);
		else if (STARTS("qAttached"))
			n = gdb_reply_str(reply, "1");
		else if (STARTS("qSymbol"))
			n = gdb_reply_str(reply, "OK");
		else if (STARTS("qThreadExtraInfo,")) {
			const char *q = s->pkt + 17;
			long t;
			char name[32];
			if (gdb_parse_thread(&q, end, &t) && q == end && t >= 1 && (unsigned long)t <= s->nr_threads) {
				int len = snprintf(name, sizeof(name), "vCPU %ld", t - 1);
				n = gdb_put_hex(reply, name, (size_t)len);
				reply[n] = '\0';
			} else {
				n = gdb_reply_str(reply, "E01");
			}
		}
		break;
	case 'Q':
		if (STARTS("QStartNoAckMode")) {
			s->no_ack = true;
			n = gdb_reply_str(reply, "OK");
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
