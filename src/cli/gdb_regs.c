// SPDX-License-Identifier: MIT
/*
 * gdb's register packets (gdb_regs.h). AArch32 registers sit in the low
 * half of 64-bit slots: the hosts (x86-64, arm64) are little-endian.
 */
#include "cli/gdb_regs.h"

#include <string.h>

#include "cli/gdb_fields.h"

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
		return gdb_put_hex(out, &fpscr, 4);
	}
	uint8_t *slot = reg_slot(s, r, n, &size);
	return slot ? gdb_put_hex(out, slot, size) : 0;
}

/* Set register n from hex; false when malformed or unknown. */
static bool reg_set_hex(struct gdb_session *s, struct gdb_regs *r, unsigned n, const char *in, size_t len)
{
	size_t size;

	if (s->arch == GDB_ARCH_ARM && n == ARM_FPSCR) {
		uint32_t fpscr;
		if (len != 8 || !gdb_get_hex(in, 8, &fpscr))
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
	return gdb_get_hex(in, len, slot);
}

size_t gdb_cmd_read_regs(struct gdb_session *s, char *reply)
{
	struct gdb_regs r;
	size_t n = 0;

	if (s->ops->get_regs(s->ctx, gdb_reg_thread(s), &r))
		return gdb_reply_str(reply, "E01");
	for (unsigned i = 0; i < reg_count(s->arch); i++)
		n += reg_get_hex(s, &r, reg_at(s->arch, i), reply + n);
	reply[n] = '\0';
	return n;
}

size_t gdb_cmd_write_regs(struct gdb_session *s, const char *p, const char *end, char *reply)
{
	struct gdb_regs r;

	if (s->ops->get_regs(s->ctx, gdb_reg_thread(s), &r))
		return gdb_reply_str(reply, "E01");
	/* A shorter G sets the registers it covers (GDB may send fewer). */
	for (unsigned i = 0; i < reg_count(s->arch) && p < end; i++) {
		unsigned n = reg_at(s->arch, i);
		size_t size = 4;
		if (!(s->arch == GDB_ARCH_ARM && n == ARM_FPSCR)) {
			struct gdb_regs tmp;
			if (!reg_slot(s, &tmp, n, &size))
				return gdb_reply_str(reply, "E01");
		}
		if ((size_t)(end - p) < 2 * size || !reg_set_hex(s, &r, n, p, 2 * size))
			return gdb_reply_str(reply, "E01");
		p += 2 * size;
	}
	if (p != end || s->ops->set_regs(s->ctx, gdb_reg_thread(s), &r))
		return gdb_reply_str(reply, "E01");
	return gdb_reply_str(reply, "OK");
}

size_t gdb_cmd_reg(struct gdb_session *s, const char *p, const char *end, bool write, char *reply)
{
	uint64_t n;
	struct gdb_regs r;

	if (!gdb_parse_hex_u64(&p, end, &n) || n > 1000)
		return gdb_reply_str(reply, "E01");
	if (write && !gdb_expect(&p, end, '='))
		return gdb_reply_str(reply, "E01");
	if (!write && p != end)
		return gdb_reply_str(reply, "E01");
	if (s->ops->get_regs(s->ctx, gdb_reg_thread(s), &r))
		return gdb_reply_str(reply, "E01");
	if (!write) {
		size_t len = reg_get_hex(s, &r, (unsigned)n, reply);
		if (!len)
			return gdb_reply_str(reply, "E01");
		reply[len] = '\0';
		return len;
	}
	if (!reg_set_hex(s, &r, (unsigned)n, p, (size_t)(end - p)) ||
	    s->ops->set_regs(s->ctx, gdb_reg_thread(s), &r))
		return gdb_reply_str(reply, "E01");
	return gdb_reply_str(reply, "OK");
}

