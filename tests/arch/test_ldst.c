// SPDX-License-Identifier: MIT
/* Native tests of the load/store decoder and executor (arch/ldst_decode.h,
 * arch/ldst_exec.h): assembler-made encodings of every form, sweeps over
 * each form's encoding space, and execution against a fake CPU and device. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arch/ldst_decode.h"
#include "arch/ldst_exec.h"
#include "arch/psr.h"

struct ldst_case {
	enum ldst_isa isa;
	uint32_t insn;
	const char *text;
	const char *want;
};
#include "ldst_cases.h"

static const char *reg_name(unsigned r, char *buf)
{
	if (r == LDST_REG_SP) return "sp";
	if (r == LDST_REG_ZR) return "zr";
	if (r == LDST_REG_PC) return "pc";
	sprintf(buf, "r%u", r);
	return buf;
}

/* A plan in the form tests/arch/ldst_cases.py documents. */
static void format_plan(const struct ldst_insn *d, char *out, size_t size)
{
	char b1[8], *p = out, *end = out + size;

	if (d->status != LDST_OK) {
		snprintf(out, size, "%s", d->status == LDST_UNSUPPORTED ? "UNSUPPORTED" : "NOT");
		return;
	}
	p += snprintf(p, end - p, "%c %u base=%s %s%s off=", d->load ? 'L' : 'S', d->len,
		      reg_name(d->rn, b1), d->pre_index ? "pre" : "post", d->writeback ? ",wb" : "");
	if (!d->reg_offset)
		p += snprintf(p, end - p, "#%lld", (long long)d->imm);
	else if (d->isa == LDST_ISA_A64)
		p += snprintf(p, end - p, "%s,ext%u,lsl%u", reg_name(d->rm, b1), d->extend, d->shift);
	else
		p += snprintf(p, end - p, "%s,sh%u#%u%s", reg_name(d->rm, b1), d->shift_type, d->shift,
			      d->subtract ? "-" : "");
	if (d->start)
		p += snprintf(p, end - p, " start=%d", d->start);
	for (unsigned k = 0; k < d->nxfer; k++) {
		const struct ldst_xfer *x = &d->xfer[k];
		if (x->fp)
			p += snprintf(p, end - p, " v%u[%u]:%u@%u", x->reg, x->lane, x->size, x->offset);
		else
			p += snprintf(p, end - p, " %s:%u%s%s@%u", reg_name(x->reg, b1), x->size,
				      x->sign_extend ? "s" : "", x->reg64 ? "X" : "", x->offset);
	}
	if (d->cond != 0xe)
		p += snprintf(p, end - p, " c%x", d->cond);
}

static void test_assembled_forms(void **state)
{
	(void)state;
	int failures = 0;

	for (size_t i = 0; i < sizeof(ldst_cases) / sizeof(ldst_cases[0]); i++) {
		const struct ldst_case *c = &ldst_cases[i];
		struct ldst_insn d;
		char got[512];
		ldst_decode(c->isa, c->insn, &d);
		format_plan(&d, got, sizeof(got));
		if (strcmp(got, c->want)) {
			print_error("%08x %-32s got  %s\n%41s want %s\n", c->insn, c->text, got, "", c->want);
			failures++;
		}
		if (d.status != LDST_OK)
			assert_non_null(d.name);
	}
	assert_int_equal(failures, 0);
}

/* Invariants of every plan, whatever the encoding. */
static void check_plan(const struct ldst_insn *d)
{
	if (d->status != LDST_OK)
		return;
	assert_true(d->len == 2 || d->len == 4);
	assert_true(d->nxfer >= 1 && d->nxfer <= LDST_MAX_XFERS);
	for (unsigned k = 0; k < d->nxfer; k++) {
		const struct ldst_xfer *x = &d->xfer[k];
		assert_true(x->size == 1 || x->size == 2 || x->size == 4 || x->size == 8);
		assert_true(x->reg <= LDST_REG_PC);
		if (x->fp)
			assert_true(x->reg < 32 && x->lane + x->size <= 16);
		if (k)
			assert_true(x->offset >= d->xfer[k - 1].offset + d->xfer[k - 1].size);
	}
}

/* A64 load/store pair: every opc, V, addressing mode, L and imm7, with
 * register fields walked through. */
static void test_a64_pair_space(void **state)
{
	(void)state;
	for (uint32_t opc = 0; opc < 4; opc++)
	for (uint32_t v = 0; v < 2; v++)
	for (uint32_t mode = 0; mode < 4; mode++)
	for (uint32_t l = 0; l < 2; l++)
	for (uint32_t imm7 = 0; imm7 < 128; imm7++) {
		uint32_t rt = imm7 % 32, rt2 = (imm7 * 7 + 3) % 32, rn = (imm7 * 5) % 32;
		uint32_t i = opc << 30 | 0x28000000 | v << 26 | mode << 23 | l << 22 | imm7 << 15 |
			     rt2 << 10 | rn << 5 | rt;
		struct ldst_insn d;
		ldst_decode(LDST_ISA_A64, i, &d);
		check_plan(&d);
		bool valid = v ? opc != 3 : (opc == 0 || opc == 2 || (opc == 1 && l && mode != 0));
		if (!v && opc == 1 && !l) {
			assert_int_equal(d.status, LDST_UNSUPPORTED);   /* STGP */
			continue;
		}
		assert_int_equal(d.status, valid ? LDST_OK : LDST_NOT_LDST);
		if (!valid)
			continue;
		unsigned size = v ? 4u << opc : opc == 2 ? 8 : 4;
		int64_t simm = imm7 >= 64 ? (int64_t)imm7 - 128 : imm7;
		assert_int_equal(d.load, l);
		assert_int_equal(d.imm, simm * (int64_t)size);
		assert_int_equal(d.pre_index, mode != 1);
		assert_int_equal(d.writeback, mode == 1 || mode == 3);
		assert_int_equal(d.rn, rn == 31 ? LDST_REG_SP : rn);
		assert_int_equal(d.nxfer, size == 16 ? 4 : 2);
		assert_int_equal(d.xfer[0].reg, v || rt != 31 ? rt : LDST_REG_ZR);
		assert_int_equal(d.xfer[d.nxfer / 2].reg, v || rt2 != 31 ? rt2 : LDST_REG_ZR);
		assert_int_equal(d.xfer[d.nxfer / 2].offset, size);
		assert_int_equal(d.xfer[0].sign_extend, !v && opc == 1);
	}
}

/* A64 load/store register (immediate forms): size, V, opc, mode, imm9. */
static void test_a64_single_space(void **state)
{
	(void)state;
	for (uint32_t size = 0; size < 4; size++)
	for (uint32_t v = 0; v < 2; v++)
	for (uint32_t opc = 0; opc < 4; opc++)
	for (uint32_t mode = 0; mode < 4; mode++)
	for (uint32_t imm9 = 0; imm9 < 512; imm9 += 7) {
		uint32_t i = size << 30 | 0x38000000 | v << 26 | opc << 22 | imm9 << 12 | mode << 10 |
			     (imm9 % 31) << 5 | (imm9 % 32);
		struct ldst_insn d;
		ldst_decode(LDST_ISA_A64, i, &d);
		check_plan(&d);
		bool valid;
		if (v)
			valid = (opc < 2 || size == 0) && mode != 2;
		else
			valid = opc < 2 || (opc == 2 && size < 3) || (opc == 3 && size < 2);
		assert_int_equal(d.status, valid ? LDST_OK : LDST_NOT_LDST);
		if (!valid)
			continue;
		unsigned bytes = v && opc >= 2 ? 16 : 1u << size;
		assert_int_equal(d.load, v ? opc & 1 : opc != 0);
		assert_int_equal(d.imm, imm9 >= 256 ? (int64_t)imm9 - 512 : imm9);
		assert_int_equal(d.writeback, mode == 1 || mode == 3);
		assert_int_equal(d.pre_index, mode != 1);
		assert_int_equal(d.nxfer, bytes == 16 ? 2 : 1);
		assert_int_equal(d.xfer[0].size, bytes == 16 ? 8 : bytes);
		if (!v) {
			assert_int_equal(d.xfer[0].sign_extend, opc >= 2);
			assert_int_equal(d.xfer[0].reg64, size == 3 || opc == 2);
		}
	}
	/* unsigned offset: imm12 scaled by the size */
	for (uint32_t imm12 = 0; imm12 < 4096; imm12 += 13) {
		struct ldst_insn d;
		ldst_decode(LDST_ISA_A64, 0xf9400000 | imm12 << 10 | 1 << 5 | 2, &d);   /* ldr x2, [x1, #imm] */
		assert_int_equal(d.status, LDST_OK);
		assert_int_equal(d.imm, (int64_t)imm12 * 8);
		assert_false(d.writeback);
	}
}

/* A32 LDM/STM: every P, U, W, L and a walk of register lists. */
static void test_a32_multiple_space(void **state)
{
	(void)state;
	for (uint32_t puwl = 0; puwl < 32; puwl++)
	for (uint32_t list = 1; list < 0x10000; list += 97) {
		uint32_t p = puwl >> 4 & 1, u = puwl >> 3 & 1, s = puwl >> 2 & 1, w = puwl >> 1 & 1, l = puwl & 1;
		uint32_t i = 0xe8000000 | puwl << 20 | 3 << 16 | list;
		struct ldst_insn d;
		ldst_decode(LDST_ISA_A32, i, &d);
		check_plan(&d);
		if (s) {
			assert_int_equal(d.status, LDST_UNSUPPORTED);
			continue;
		}
		unsigned n = (unsigned)__builtin_popcount(list);
		assert_int_equal(d.status, LDST_OK);
		assert_int_equal(d.nxfer, n);
		assert_int_equal(d.load, l);
		assert_int_equal(d.writeback, w);
		assert_int_equal(d.imm, u ? 4 * (int64_t)n : -4 * (int64_t)n);
		assert_int_equal(d.start, u ? (p ? 4 : 0) : (p ? -4 * (int)n : 4 - 4 * (int)n));
		for (unsigned k = 0, r = 0; r < 16; r++)
			if (list >> r & 1)
				assert_int_equal(d.xfer[k++].reg, r == 15 ? LDST_REG_PC : r);
	}
}

/* A32 single and extra loads/stores: P, U, B/I, W, L with both offsets. */
static void test_a32_single_space(void **state)
{
	(void)state;
	for (uint32_t bits = 0; bits < 64; bits++) {
		uint32_t i = 0xe4000000 | (bits >> 5 & 1) << 25 | (bits & 31) << 20 | 1 << 16 | 2 << 12 | 0x123;
		uint32_t p = bits >> 4 & 1, u = bits >> 3 & 1, b = bits >> 2 & 1, w = bits >> 1 & 1, l = bits & 1;
		struct ldst_insn d;
		ldst_decode(LDST_ISA_A32, i, &d);
		check_plan(&d);
		assert_int_equal(d.status, LDST_OK);
		assert_int_equal(d.load, l);
		assert_int_equal(d.pre_index, p);
		assert_int_equal(d.writeback, !p || w);
		assert_int_equal(d.xfer[0].size, b ? 1 : 4);
		if (bits >> 5) {
			assert_true(d.reg_offset);
			assert_int_equal(d.rm, 3);
			assert_int_equal(d.shift_type, 1);
			assert_int_equal(d.shift, 2);
			assert_int_equal(d.subtract, !u);
		} else {
			assert_int_equal(d.imm, u ? 0x123 : -0x123);
		}
	}
	for (uint32_t bits = 0; bits < 32; bits++)
	for (uint32_t op2 = 1; op2 < 4; op2++) {
		uint32_t p = bits >> 4 & 1, u = bits >> 3 & 1, imm = bits >> 2 & 1, w = bits >> 1 & 1, l = bits & 1;
		uint32_t i = 0xe0000090 | bits << 20 | op2 << 5 | 5 << 16 | 4 << 12 | 0xa << 8 | 0x6;
		struct ldst_insn d;
		ldst_decode(LDST_ISA_A32, i, &d);
		check_plan(&d);
		assert_int_equal(d.status, LDST_OK);
		assert_int_equal(d.pre_index, p);
		assert_int_equal(d.writeback, !p || w);
		if (imm)
			assert_int_equal(d.imm, u ? 0xa6 : -0xa6);
		else
			assert_true(d.reg_offset && d.rm == 6 && d.subtract == !u);
		if (op2 == 1)
			assert_true(d.load == l && d.nxfer == 1 && d.xfer[0].size == 2 && !d.xfer[0].sign_extend);
		else if (l)
			assert_true(d.load && d.nxfer == 1 && d.xfer[0].size == (op2 == 2 ? 1 : 2) && d.xfer[0].sign_extend);
		else
			assert_true(d.load == (op2 == 2) && d.nxfer == 2 && d.xfer[1].reg == 5 && d.xfer[1].offset == 4);
	}
}

/* VLDR/VSTR/VLDM/VSTM in A32 and T32: every P, U, D, W, L, size and
 * register count. */
static void test_vfp_space(void **state)
{
	(void)state;
	for (int t32 = 0; t32 < 2; t32++)
	for (uint32_t puwl = 0; puwl < 32; puwl++)
	for (uint32_t dbl = 0; dbl < 2; dbl++)
	for (uint32_t imm8 = 0; imm8 < 256; imm8 += 3) {
		uint32_t p = puwl >> 4 & 1, u = puwl >> 3 & 1, dbit = puwl >> 2 & 1, w = puwl >> 1 & 1;
		uint32_t i = 0xec000000 | puwl << 20 | 2 << 16 | 3 << 12 | (0xa + dbl) << 8 | imm8;
		struct ldst_insn d;
		ldst_decode(t32 ? LDST_ISA_T32 : LDST_ISA_A32, i, &d);
		check_plan(&d);
		unsigned first = dbl ? (dbit << 4 | 3) : (3 << 1 | dbit);
		if (p && !w) {
			assert_int_equal(d.status, LDST_OK);
			assert_int_equal(d.imm, u ? 4 * (int)imm8 : -4 * (int)imm8);
			assert_int_equal(d.nxfer, dbl ? 2 : 1);
			assert_int_equal(d.xfer[0].reg, dbl ? first / 2 : first / 4);
			continue;
		}
		if (p == u) {
			assert_int_not_equal(d.status, LDST_OK);
			continue;
		}
		unsigned regs = dbl ? imm8 / 2 : imm8;
		if (regs == 0 || first + regs > 32 || (dbl && regs > 16)) {
			assert_int_equal(d.status, LDST_UNSUPPORTED);
			continue;
		}
		assert_int_equal(d.status, LDST_OK);
		assert_int_equal(d.nxfer, dbl ? 2 * regs : regs);
		assert_int_equal(d.writeback, w);
		assert_int_equal(d.start, u ? 0 : -4 * (int)imm8);
		assert_int_equal(d.xfer[d.nxfer - 1].offset, 4 * (d.nxfer - 1));
	}
}

/* T32 single loads/stores (imm12, imm8 P/U/W, register) and LDRD/STRD,
 * LDM/STM. */
static void test_t32_space(void **state)
{
	(void)state;
	for (uint32_t hw1b = 0; hw1b < 32; hw1b++)       /* S, U, size, L */
	for (uint32_t form = 0; form < 16; form++) {     /* 1 P U W, or register */
		uint32_t hw1 = 0xf800 | hw1b << 4 | 2;
		uint32_t hw2 = form < 8 ? (0x800 | form << 8 | 0x35) : (uint32_t)(form & 3) << 4 | 9;
		uint32_t i = hw1 << 16 | 3 << 12 | hw2;
		uint32_t sign = hw1b >> 4, up12 = hw1b >> 3 & 1, sz = hw1b >> 1 & 3, l = hw1b & 1;
		struct ldst_insn d;
		ldst_decode(LDST_ISA_T32, i, &d);
		check_plan(&d);
		if (sz == 3 || (sign && !l)) {
			assert_int_not_equal(d.status, LDST_OK);
			continue;
		}
		if (!up12 && form < 8 && !(form & 4) && !(form & 1)) {   /* P = 0, W = 0 */
			assert_int_equal(d.status, LDST_NOT_LDST);
			continue;
		}
		assert_int_equal(d.status, LDST_OK);
		assert_int_equal(d.xfer[0].size, 1u << sz);
		assert_int_equal(d.xfer[0].sign_extend, sign);
		if (up12)
			assert_true(d.imm == (int64_t)(hw2 & 0xfff) && !d.writeback);
		else if (form < 8)
			assert_true(d.pre_index == !!(form & 4) && d.writeback == (form & 1) &&
				    d.imm == ((form & 2) ? 0x35 : -0x35));
		else
			assert_true(d.reg_offset && d.rm == 9 && d.shift == (form & 3));
	}
	for (uint32_t puwl = 0; puwl < 16; puwl++) {
		uint32_t p = puwl >> 3, u = puwl >> 2 & 1, w = puwl >> 1 & 1;
		uint32_t i = (0xe840u | p << 8 | u << 7 | w << 5 | (puwl & 1) << 4 | 4) << 16 | 0x2390;
		struct ldst_insn d;
		ldst_decode(LDST_ISA_T32, i, &d);
		check_plan(&d);
		if (!p && !w) {
			assert_int_equal(d.status, LDST_UNSUPPORTED);
			continue;
		}
		assert_true(d.status == LDST_OK && d.nxfer == 2 && d.xfer[0].reg == 2 && d.xfer[1].reg == 3);
		assert_int_equal(d.imm, u ? 0x240 : -0x240);
	}
	for (uint32_t list = 1; list < 0x10000; list += 61) {
		struct ldst_insn d;
		ldst_decode(LDST_ISA_T32, 0xe9200000 | 5 << 16 | list, &d);   /* stmdb r5!, {list} */
		check_plan(&d);
		assert_int_equal(d.status, LDST_OK);
		assert_int_equal(d.nxfer, __builtin_popcount(list));
		assert_int_equal(d.start, -4 * __builtin_popcount(list));
	}
}

/* Every encoding in a pseudo-random walk: plans are always well-formed. */
static void test_random_space(void **state)
{
	(void)state;
	uint32_t x = 12345;
	for (unsigned n = 0; n < 3000000; n++) {
		struct ldst_insn d;
		x = x * 1664525u + 1013904223u;
		ldst_decode((enum ldst_isa)(n % 3), x, &d);
		check_plan(&d);
		assert_true(d.status != LDST_OK || d.name);
	}
}

/* ---- execution ---- */

struct fake {
	uint64_t x[34];
	uint8_t v[32][16];
	uint8_t dev[256];      /* the device window at 0x1000 */
	char log[1024];
	int refuse_at;         /* check refuses this address (-1: none) */
};

static uint64_t f_get(void *c, unsigned r) { return ((struct fake *)c)->x[r]; }
static void f_set(void *c, unsigned r, uint64_t v) { ((struct fake *)c)->x[r] = v; }
static void f_getv(void *c, unsigned n, uint8_t v[16]) { memcpy(v, ((struct fake *)c)->v[n], 16); }
static void f_setv(void *c, unsigned n, const uint8_t v[16]) { memcpy(((struct fake *)c)->v[n], v, 16); }
static int f_check(void *c, uint64_t va, unsigned size, bool write)
{
	struct fake *f = c;
	(void)write;
	return va < 0x1000 || va + size > 0x1100 || (int64_t)va == f->refuse_at;
}
static int f_access(void *c, uint64_t va, unsigned size, bool write, uint64_t *value)
{
	struct fake *f = c;
	size_t n = strlen(f->log);
	if (!write) {
		*value = 0;
		memcpy(value, f->dev + (va - 0x1000), size);
	} else {
		memcpy(f->dev + (va - 0x1000), value, size);
	}
	snprintf(f->log + n, sizeof(f->log) - n, "%s%c%x:%u=%llx", n ? " " : "", write ? 'W' : 'R',
		 (unsigned)(va - 0x1000), size, (unsigned long long)*value);
	return 0;
}
static const struct ldst_cpu_ops fops = { f_get, f_set, f_getv, f_setv, f_check, f_access };

static enum ldst_exec_result run(struct fake *f, enum ldst_isa isa, uint32_t insn, struct ldst_cpu *cpu)
{
	struct ldst_insn d;
	ldst_decode(isa, insn, &d);
	assert_int_equal(d.status, LDST_OK);
	f->log[0] = 0;
	return ldst_execute(&d, cpu, &fops, f);
}

static void test_exec_a64(void **state)
{
	(void)state;
	struct fake f = { .refuse_at = -1 };
	struct ldst_cpu cpu = { .pc = 0x8000 };

	for (int i = 0; i < 256; i++)
		f.dev[i] = (uint8_t)i;
	/* ldp x1, x2, [x3], #16 */
	f.x[3] = 0x1010;
	assert_int_equal(run(&f, LDST_ISA_A64, 0xa8c10861, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "R10:8=1716151413121110 R18:8=1f1e1d1c1b1a1918");
	assert_int_equal(f.x[1], 0x1716151413121110ULL);
	assert_int_equal(f.x[3], 0x1020);
	assert_int_equal(cpu.pc, 0x8004);
	/* ldpsw x1, x2, [x3, #-8] (x3 = 0x1020): sign-extended */
	f.dev[0x1b] = 0x80;
	assert_int_equal(run(&f, LDST_ISA_A64, 0x697f0861, &cpu), LDST_EXEC_DONE);
	assert_int_equal(f.x[1], 0xffffffff801a1918ULL);
	assert_int_equal(f.x[2], 0x1f1e1d1cULL);
	/* stp xzr, x1, [sp, #-16]! (SP = reg 31) */
	f.x[LDST_REG_SP] = 0x1040;
	f.x[1] = 0x1122334455667788ULL;
	assert_int_equal(run(&f, LDST_ISA_A64, 0xa9bf07ff, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "W30:8=0 W38:8=1122334455667788");
	assert_int_equal(f.x[LDST_REG_SP], 0x1030);
	/* ldr q3, [x4, #16]: two 8-byte reads, V3 replaced whole */
	f.x[4] = 0x1000;
	memset(f.v[3], 0xee, 16);
	assert_int_equal(run(&f, LDST_ISA_A64, 0x3dc00483, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "R10:8=1716151413121110 R18:8=1f1e1d1c801a1918");
	assert_int_equal(f.v[3][0], 0x10);
	assert_int_equal(f.v[3][15], 0x1f);
	/* ldr s2, [x3, #-4]!: the rest of V2 zeroed */
	memset(f.v[2], 0xee, 16);
	f.x[3] = 0x1024;
	assert_int_equal(run(&f, LDST_ISA_A64, 0xbc5fcc62, &cpu), LDST_EXEC_DONE);
	assert_int_equal(f.v[2][0], 0x20);
	assert_int_equal(f.v[2][4], 0);
	assert_int_equal(f.x[3], 0x1020);
	/* ldr w0, [x1, x2]: W destination zero-extended */
	f.x[0] = ~0ULL;
	f.x[1] = 0x1000;
	f.x[2] = 0x40;
	assert_int_equal(run(&f, LDST_ISA_A64, 0xb8626820, &cpu), LDST_EXEC_DONE);
	assert_int_equal(f.x[0], 0x43424140);
	/* refused: the second access is outside the device: nothing happens */
	f.x[3] = 0x10f8;
	uint64_t pc = cpu.pc;
	assert_int_equal(run(&f, LDST_ISA_A64, 0xa8c10861, &cpu), LDST_EXEC_REFUSED);
	assert_string_equal(f.log, "");
	assert_int_equal(f.x[3], 0x10f8);
	assert_int_equal(cpu.pc, pc);
	cpu.big_endian = true;
	assert_int_equal(run(&f, LDST_ISA_A64, 0xa8c10861, &cpu), LDST_EXEC_BIG_ENDIAN);
}

static void test_exec_a32(void **state)
{
	(void)state;
	struct fake f = { .refuse_at = -1 };
	struct ldst_cpu cpu = { .pc = 0x8000, .pstate = PSR_AA32_MODE_SVC };

	/* push {r4, lr}: stmdb sp!, lowest register at the lowest address */
	f.x[13] = 0x1080;
	f.x[4] = 0x44444444;
	f.x[14] = 0x8123;
	assert_int_equal(run(&f, LDST_ISA_A32, 0xe92d4010, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "W78:4=44444444 W7c:4=8123");
	assert_int_equal(f.x[13], 0x1078);
	assert_int_equal(cpu.pc, 0x8004);
	/* pop {r4, pc}: a load to the PC branches, bit 0 selecting Thumb */
	f.x[4] = 0;
	f.dev[0x7c] = 0x25;
	f.dev[0x7d] = 0x81;
	assert_int_equal(run(&f, LDST_ISA_A32, 0xe8bd8010, &cpu), LDST_EXEC_DONE);
	assert_int_equal(f.x[4], 0x44444444);
	assert_int_equal(f.x[13], 0x1080);
	assert_int_equal(cpu.pc, 0x8124);
	assert_true(cpu.pstate & PSR_AA32_T_BIT);
	cpu.pstate &= ~(uint64_t)PSR_AA32_T_BIT;
	/* ldmeq r0!, {r1} with Z clear: skipped, PC advanced */
	cpu.pc = 0x8000;
	f.x[0] = 0x1000;
	assert_int_equal(run(&f, LDST_ISA_A32, 0x08b00002, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "");
	assert_int_equal(f.x[0], 0x1000);
	assert_int_equal(cpu.pc, 0x8004);
	/* strd r4, r5, [r1], #-16: two words, then writeback */
	f.x[1] = 0x1020;
	f.x[5] = 0x55555555;
	assert_int_equal(run(&f, LDST_ISA_A32, 0xe04141f0, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "W20:4=44444444 W24:4=55555555");
	assert_int_equal(f.x[1], 0x1010);
	/* ldr r0, [r1, r2, rrx] with C set: offset (r2 >> 1) | 1 << 31 (wraps) */
	f.x[1] = 0x80001018;
	f.x[2] = 0x10;
	cpu.pstate |= PSR_AA32_C_BIT;
	assert_int_equal(run(&f, LDST_ISA_A32, 0xe7910062, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "R20:4=44444444");
	assert_int_equal(f.x[0], 0x44444444);
	/* vstr s3, [r2, #-4] and vldr d0, [r1, #8] */
	memcpy(&f.v[0][12], "\x01\x02\x03\x04", 4);
	f.x[2] = 0x1044;
	assert_int_equal(run(&f, LDST_ISA_A32, 0xed421a01, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "W40:4=4030201");
	f.x[1] = 0x1038;
	assert_int_equal(run(&f, LDST_ISA_A32, 0xed910b02, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "R40:4=4030201 R44:4=0");
	assert_int_equal(f.v[0][0], 1);
	assert_int_equal(f.v[0][12], 1);   /* D1 (upper half of V0) untouched */
	/* str pc, [r0]: PC + 8 */
	f.x[0] = 0x1050;
	cpu.pc = 0x9000;
	assert_int_equal(run(&f, LDST_ISA_A32, 0xe580f000, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "W50:4=9008");
}

static void test_exec_t32_it(void **state)
{
	(void)state;
	struct fake f = { .refuse_at = -1 };
	/* Thumb, in an IT block: ITTE EQ with Z set -> IT[7:0] = 0x06 after ITTE EQ? use
	 * IT = 0b0000_0100 | cond EQ<<4: the first instruction (EQ) executes. */
	unsigned it = 0x04 | 0x0 << 4 | 0x8;   /* EQ, mask 0b1100: two more follow */
	struct ldst_cpu cpu = { .pc = 0x8000,
		.pstate = PSR_AA32_MODE_SVC | PSR_AA32_T_BIT | PSR_AA32_Z_BIT |
			  (uint64_t)(it & 3) << 25 | (uint64_t)(it >> 2) << 10 };

	/* ldmia r1!, {r2, r3} (16-bit) executes: EQ passes */
	f.x[1] = 0x1000;
	memcpy(f.dev, "\x11\x11\x11\x11\x22\x22\x22\x22", 8);
	assert_int_equal(run(&f, LDST_ISA_T32, 0xc90c, &cpu), LDST_EXEC_DONE);
	assert_string_equal(f.log, "R0:4=11111111 R4:4=22222222");
	assert_int_equal(f.x[1], 0x1008);
	assert_int_equal(cpu.pc, 0x8002);
	unsigned it2 = (unsigned)(((cpu.pstate >> 25) & 3) | ((cpu.pstate >> 10) & 0x3f) << 2);
	assert_int_equal(it2, (it & 0xe0) | ((it << 1) & 0x1f));
	/* With Z clear the block's EQ instruction is skipped, IT still advances */
	cpu.pstate &= ~(uint64_t)PSR_AA32_Z_BIT;
	cpu.pstate = (cpu.pstate & ~(uint64_t)PSR_AA32_IT_MASK) | (uint64_t)(it & 3) << 25 | (uint64_t)(it >> 2) << 10;
	assert_int_equal(run(&f, LDST_ISA_T32, 0xe9210006, &cpu), LDST_EXEC_DONE);   /* stmdb r1!, {r1, r2} */
	assert_string_equal(f.log, "");
	assert_int_equal(cpu.pc, 0x8006);
	/* ldr r0, [pc, #8] at 0x8006: Align(0x800a, 4) + 8 = 0x8010, outside the device: refused */
	assert_int_equal(run(&f, LDST_ISA_T32, 0x4802, &cpu), LDST_EXEC_REFUSED);
	/* pop.w {r4-r11, pc}: ten accesses in order, a branch to ARM state */
	cpu.pstate = PSR_AA32_MODE_SVC | PSR_AA32_T_BIT;
	f.x[13] = 0x1000;
	for (int i = 0; i < 36; i++)
		f.dev[i] = (uint8_t)(i / 4);
	f.dev[32] = 0x40;
	assert_int_equal(run(&f, LDST_ISA_T32, 0xe8bd8ff0, &cpu), LDST_EXEC_DONE);
	assert_int_equal(f.x[11], 0x07070707);
	assert_int_equal(f.x[13], 0x1024);
	assert_int_equal(cpu.pc, 0x08080840);
	assert_false(cpu.pstate & PSR_AA32_T_BIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assembled_forms),
		cmocka_unit_test(test_a64_pair_space),
		cmocka_unit_test(test_a64_single_space),
		cmocka_unit_test(test_a32_multiple_space),
		cmocka_unit_test(test_a32_single_space),
		cmocka_unit_test(test_vfp_space),
		cmocka_unit_test(test_t32_space),
		cmocka_unit_test(test_random_space),
		cmocka_unit_test(test_exec_a64),
		cmocka_unit_test(test_exec_a32),
		cmocka_unit_test(test_exec_t32_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
