// SPDX-License-Identifier: MIT
/*
 * The load/store decoder (arch/ldst_decode.h). Encodings from the Arm ARM:
 * A64 C4.1.66 "Loads and Stores" (load/store pair, register, literal);
 * A32 F4.1 (load/store word and unsigned byte, extra load/store, load/store
 * multiple, F4.1.22 extension register load/store); T32 F3.1 (16-bit
 * load/store and LDM/STM/PUSH/POP; 32-bit load/store multiple, dual,
 * single).
 */
#include "arch/ldst_decode.h"

#include <string.h>

static uint32_t field(uint32_t v, unsigned lo, unsigned width)
{
	return (v >> lo) & ((1u << width) - 1);
}

static int64_t sext(uint64_t v, unsigned bits)
{
	uint64_t m = 1ULL << (bits - 1);

	v &= (1ULL << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static void refuse(struct ldst_insn *d, enum ldst_status s, const char *name)
{
	d->status = s;
	d->name = name;
	d->nxfer = 0;
}

/* Append a transfer at `offset`; a 16-byte SIMD&FP one becomes two 8-byte
 * accesses, lower address first (single-copy atomicity is per 64 bits). */
static void add_xfer(struct ldst_insn *d, bool fp, unsigned reg, unsigned size,
		     unsigned lane, bool sign, bool reg64, unsigned offset)
{
	if (size == 16) {
		add_xfer(d, fp, reg, 8, lane, false, false, offset);
		add_xfer(d, fp, reg, 8, lane + 8, false, false, offset + 8);
		return;
	}
	if (d->nxfer >= LDST_MAX_XFERS)
		return;
	d->xfer[d->nxfer++] = (struct ldst_xfer){
		.fp = fp, .reg = (uint8_t)reg, .size = (uint8_t)size, .lane = (uint8_t)lane,
		.sign_extend = sign, .reg64 = reg64, .offset = (uint16_t)offset,
	};
}

static unsigned a64_rt(uint32_t r) { return r == 31 ? LDST_REG_ZR : r; }
static unsigned a64_rn(uint32_t r) { return r == 31 ? LDST_REG_SP : r; }

/* A64 load/store pair (C4.1.66: LDP, STP, LDPSW, LDNP, STNP, SIMD&FP). */
static void a64_pair(uint32_t i, struct ldst_insn *d)
{
	unsigned opc = field(i, 30, 2), v = field(i, 26, 1), mode = field(i, 23, 2);
	unsigned size;
	bool sign = false;

	d->load = field(i, 22, 1);
	if (v) {
		if (opc == 3)
			return refuse(d, LDST_NOT_LDST, "unallocated");
		size = 4u << opc;
	} else if (opc == 0) {
		size = 4;
	} else if (opc == 2) {
		size = 8;
	} else if (opc == 1 && d->load && mode != 0) {
		size = 4;
		sign = true;
	} else if (opc == 1 && !d->load) {
		return refuse(d, LDST_UNSUPPORTED, "STGP");
	} else {
		return refuse(d, LDST_NOT_LDST, "unallocated");
	}
	d->name = v ? (d->load ? "LDP (SIMD&FP)" : "STP (SIMD&FP)") : sign ? "LDPSW" : d->load ? "LDP" : "STP";
	if (mode == 0)
		d->name = d->load ? "LDNP" : "STNP";
	d->rn = (uint8_t)a64_rn(field(i, 5, 5));
	d->imm = sext(field(i, 15, 7), 7) * (int64_t)size;
	d->pre_index = mode != 1;
	d->writeback = mode == 1 || mode == 3;
	unsigned rt = field(i, 0, 5), rt2 = field(i, 10, 5);
	bool reg64 = size == 8 || sign;
	add_xfer(d, v, v ? rt : a64_rt(rt), size, 0, sign, reg64, 0);
	add_xfer(d, v, v ? rt2 : a64_rt(rt2), size, 0, sign, reg64, size);
	d->status = LDST_OK;
}

/* Size, sign and direction of an A64 single-register load/store; false
 * for a prefetch or an unallocated combination. */
static bool a64_single_kind(uint32_t i, unsigned *size, bool *sign, bool *reg64, bool *load)
{
	unsigned sz = field(i, 30, 2), v = field(i, 26, 1), opc = field(i, 22, 2);

	*sign = false;
	if (v) {
		if (opc & 2) {
			if (sz != 0)
				return false;
			*size = 16;
		} else {
			*size = 1u << sz;
		}
		*load = opc & 1;
		*reg64 = false;
		return true;
	}
	*size = 1u << sz;
	*load = opc != 0;
	*reg64 = sz == 3;
	if (opc == 2) {             /* sign-extend to 64 bits; PRFM for size 3 */
		if (sz == 3)
			return false;
		*sign = true;
		*reg64 = true;
	} else if (opc == 3) {      /* sign-extend to 32 bits */
		if (sz >= 2)
			return false;
		*sign = true;
	}
	return true;
}

static unsigned log2u(unsigned v)
{
	unsigned n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* A64 load/store register: unsigned immediate, unscaled, pre/post-index,
 * unprivileged, register offset (C4.1.66). */
static void a64_single(uint32_t i, struct ldst_insn *d)
{
	unsigned size;
	bool sign, reg64, load;
	unsigned v = field(i, 26, 1);

	if (!field(i, 24, 1) && field(i, 21, 1)) {
		unsigned op = field(i, 10, 2);
		if (op == 0)
			return refuse(d, LDST_UNSUPPORTED, "atomic memory operation (LDADD/SWP/...)");
		if (op != 2)
			return refuse(d, LDST_UNSUPPORTED, "LDRAA/LDRAB");
		unsigned option = field(i, 13, 3);
		if (!(option & 2))
			return refuse(d, LDST_NOT_LDST, "unallocated");
		d->reg_offset = true;
		d->rm = (uint8_t)field(i, 16, 5);   /* 31 is XZR here */
		if (d->rm == 31)
			d->rm = LDST_REG_ZR;
		d->extend = (uint8_t)option;
	}
	if (!a64_single_kind(i, &size, &sign, &reg64, &load))
		return refuse(d, LDST_NOT_LDST, "prefetch or unallocated");
	d->load = load;
	d->rn = (uint8_t)a64_rn(field(i, 5, 5));
	d->pre_index = true;
	if (field(i, 24, 1)) {
		d->imm = (int64_t)field(i, 10, 12) << log2u(size);
		d->name = load ? "LDR (unsigned offset)" : "STR (unsigned offset)";
	} else if (d->reg_offset) {
		d->shift = field(i, 12, 1) ? (uint8_t)log2u(size) : 0;
		d->name = load ? "LDR (register)" : "STR (register)";
	} else {
		unsigned mode = field(i, 10, 2);
		d->imm = sext(field(i, 12, 9), 9);
		if (mode == 2 && v)
			return refuse(d, LDST_NOT_LDST, "unallocated");
		d->pre_index = mode != 1;
		d->writeback = mode == 1 || mode == 3;
		d->name = mode == 0 ? (load ? "LDUR" : "STUR") : mode == 1 ? (load ? "LDR (post-index)" : "STR (post-index)")
			: mode == 2 ? (load ? "LDTR" : "STTR") : (load ? "LDR (pre-index)" : "STR (pre-index)");
	}
	unsigned rt = field(i, 0, 5);
	add_xfer(d, v, v ? rt : a64_rt(rt), size, 0, sign, reg64, 0);
	d->status = LDST_OK;
}

/* A64 load register (literal), GPR and SIMD&FP. */
static void a64_literal(uint32_t i, struct ldst_insn *d)
{
	unsigned opc = field(i, 30, 2), v = field(i, 26, 1), rt = field(i, 0, 5);
	unsigned size;
	bool sign = false;

	if (v) {
		if (opc == 3)
			return refuse(d, LDST_NOT_LDST, "unallocated");
		size = 4u << opc;
	} else if (opc == 3) {
		return refuse(d, LDST_NOT_LDST, "PRFM (literal)");
	} else {
		size = opc == 1 ? 8 : 4;
		sign = opc == 2;
	}
	d->name = "LDR (literal)";
	d->load = true;
	d->rn = LDST_REG_PC;
	d->pre_index = true;
	d->imm = sext(field(i, 5, 19), 19) * 4;
	add_xfer(d, v, v ? rt : a64_rt(rt), size, 0, sign, size == 8 || sign, 0);
	d->status = LDST_OK;
}

static void decode_a64(uint32_t i, struct ldst_insn *d)
{
	d->len = 4;
	if ((i & 0x0a000000) != 0x08000000)
		return refuse(d, LDST_NOT_LDST, "not a load/store");
	if ((i & 0x3f000000) == 0x08000000)
		return refuse(d, LDST_UNSUPPORTED, "exclusive/ordered load/store (LDXR/STXR/LDAR/STLR/CAS)");
	if ((i & 0x3f000000) == 0x19000000)
		return refuse(d, LDST_UNSUPPORTED, "LDAPUR/STLUR/memory tag");
	if ((i & 0xbe000000) == 0x0c000000)
		return refuse(d, LDST_UNSUPPORTED, "SIMD structure load/store (LD1-LD4/ST1-ST4)");
	if ((i & 0x3b000000) == 0x18000000)
		return a64_literal(i, d);
	if ((i & 0x3a000000) == 0x28000000)
		return a64_pair(i, d);
	if ((i & 0x3a000000) == 0x38000000)
		return a64_single(i, d);
	refuse(d, LDST_NOT_LDST, "not a load/store");
}

/* AArch32 register numbers: r15 is the PC. */
static unsigned a32_reg(uint32_t r) { return r == 15 ? LDST_REG_PC : r; }

/* AArch32 LDM/STM family over a register list (lowest register at the
 * lowest address): increment/decrement, before/after. */
static void a32_multiple(struct ldst_insn *d, unsigned rn, uint32_t list, bool inc, bool before,
			 bool wback)
{
	unsigned n = 0;

	for (unsigned r = 0; r < 16; r++)
		if (list & (1u << r))
			add_xfer(d, false, a32_reg(r), 4, 0, false, false, 4 * n++);
	if (n == 0)
		return refuse(d, LDST_UNSUPPORTED, "LDM/STM with an empty register list");
	d->rn = (uint8_t)a32_reg(rn);
	d->imm = inc ? 4 * (int64_t)n : -4 * (int64_t)n;
	d->start = inc ? (before ? 4 : 0) : (before ? -4 * (int32_t)n : 4 - 4 * (int32_t)n);
	d->pre_index = false;
	d->writeback = wback;
	d->status = LDST_OK;
}

/* VLDR/VSTR/VLDM/VSTM (F4.1.22 extension register load/store, coprocessor
 * 10 and 11), A32 with its condition or T32 with 0xe in its place. */
static void vfp_ldst(uint32_t i, struct ldst_insn *d)
{
	unsigned p = field(i, 24, 1), u = field(i, 23, 1), dbit = field(i, 22, 1), w = field(i, 21, 1);
	unsigned vd = field(i, 12, 4), imm8 = field(i, 0, 8);
	bool dbl = field(i, 8, 1);
	unsigned first = dbl ? (dbit << 4 | vd) : (vd << 1 | dbit);

	d->load = field(i, 20, 1);
	d->rn = (uint8_t)a32_reg(field(i, 16, 4));
	if (p && !w) {           /* VLDR/VSTR */
		d->name = d->load ? "VLDR" : "VSTR";
		d->imm = u ? 4 * (int64_t)imm8 : -4 * (int64_t)imm8;
		d->pre_index = true;
		if (dbl) {
			add_xfer(d, true, first / 2, 4, (first % 2) * 8, false, false, 0);
			add_xfer(d, true, first / 2, 4, (first % 2) * 8 + 4, false, false, 4);
		} else {
			add_xfer(d, true, first / 4, 4, (first % 4) * 4, false, false, 0);
		}
		d->status = LDST_OK;
		return;
	}
	if (p == u)              /* P=U=0: 64-bit transfers; P=U=1, W=1: UNDEFINED */
		return refuse(d, LDST_NOT_LDST, "not a load/store");
	unsigned regs = dbl ? imm8 / 2 : imm8;   /* odd imm8 with doubles: FLDMX/FSTMX */
	if (regs == 0 || first + regs > 32 || (dbl && regs > 16))
		return refuse(d, LDST_UNSUPPORTED, "VLDM/VSTM with a bad register list");
	d->name = d->load ? (d->rn == 13 && w && u ? "VPOP/VLDM" : "VLDM") : (d->rn == 13 && w && !u ? "VPUSH/VSTM" : "VSTM");
	for (unsigned k = 0, off = 0; k < regs; k++) {
		unsigned r = first + k;
		if (dbl) {
			add_xfer(d, true, r / 2, 4, (r % 2) * 8, false, false, off);
			add_xfer(d, true, r / 2, 4, (r % 2) * 8 + 4, false, false, off + 4);
			off += 8;
		} else {
			add_xfer(d, true, r / 4, 4, (r % 4) * 4, false, false, off);
			off += 4;
		}
	}
	d->imm = u ? 4 * (int64_t)imm8 : -4 * (int64_t)imm8;
	d->start = u ? 0 : -4 * (int32_t)imm8;
	d->pre_index = false;
	d->writeback = w;
	d->status = LDST_OK;
}

static void decode_a32(uint32_t i, struct ldst_insn *d)
{
	unsigned cond = field(i, 28, 4), op = field(i, 25, 3);
	unsigned p = field(i, 24, 1), u = field(i, 23, 1), w = field(i, 21, 1), l = field(i, 20, 1);
	unsigned rn = field(i, 16, 4), rt = field(i, 12, 4);

	d->len = 4;
	d->cond = (uint8_t)cond;
	if (cond == 0xf) {
		if ((i & 0x0f100000) == 0x04000000)
			return refuse(d, LDST_UNSUPPORTED, "VLDn/VSTn structure load/store");
		return refuse(d, LDST_NOT_LDST, "not a load/store");
	}
	d->load = l;
	if (op == 2 || (op == 3 && !field(i, 4, 1))) {   /* LDR/STR/LDRB/STRB (+T) */
		bool byte = field(i, 22, 1);
		d->name = l ? (byte ? "LDRB" : "LDR") : (byte ? "STRB" : "STR");
		d->rn = (uint8_t)a32_reg(rn);
		d->pre_index = p;
		d->writeback = !p || w;
		if (op == 3) {
			d->reg_offset = true;
			d->rm = (uint8_t)a32_reg(field(i, 0, 4));
			d->shift_type = (uint8_t)field(i, 5, 2);
			d->shift = (uint8_t)field(i, 7, 5);
			d->subtract = !u;
		} else {
			d->imm = u ? (int64_t)field(i, 0, 12) : -(int64_t)field(i, 0, 12);
		}
		add_xfer(d, false, a32_reg(rt), byte ? 1 : 4, 0, false, false, 0);
		d->status = LDST_OK;
		return;
	}
	if (op == 0 && field(i, 7, 1) && field(i, 4, 1) && field(i, 5, 2)) {   /* extra load/store */
		unsigned op2 = field(i, 5, 2);
		d->rn = (uint8_t)a32_reg(rn);
		d->pre_index = p;
		d->writeback = !p || w;
		if (field(i, 22, 1)) {
			unsigned imm = field(i, 8, 4) << 4 | field(i, 0, 4);
			d->imm = u ? (int64_t)imm : -(int64_t)imm;
		} else {
			d->reg_offset = true;
			d->rm = (uint8_t)a32_reg(field(i, 0, 4));
			d->subtract = !u;
		}
		if (op2 == 1) {
			d->name = l ? "LDRH" : "STRH";
			add_xfer(d, false, a32_reg(rt), 2, 0, false, false, 0);
		} else if (l) {
			d->name = op2 == 2 ? "LDRSB" : "LDRSH";
			add_xfer(d, false, a32_reg(rt), op2 == 2 ? 1 : 2, 0, true, false, 0);
		} else {         /* LDRD (op2 10) / STRD (op2 11): Rt even, Rt+1 */
			d->load = op2 == 2;
			d->name = d->load ? "LDRD" : "STRD";
			if (rt & 1 || rt == 14)
				return refuse(d, LDST_UNSUPPORTED, "LDRD/STRD with an odd or LR first register");
			add_xfer(d, false, rt, 4, 0, false, false, 0);
			add_xfer(d, false, rt + 1, 4, 0, false, false, 4);
		}
		d->status = LDST_OK;
		return;
	}
	if ((i & 0x0f8000f0) == 0x01800090)
		return refuse(d, LDST_UNSUPPORTED, "LDREX/STREX/LDA/STL");
	if ((i & 0x0fb00ff0) == 0x01000090)
		return refuse(d, LDST_UNSUPPORTED, "SWP/SWPB");
	if (op == 4) {
		if (field(i, 22, 1))
			return refuse(d, LDST_UNSUPPORTED, "LDM/STM (user registers or exception return)");
		d->name = l ? (rn == 13 && w && u && !p ? "POP/LDM" : "LDM") : (rn == 13 && w && !u && p ? "PUSH/STM" : "STM");
		return a32_multiple(d, rn, field(i, 0, 16), u, p, w);
	}
	if (op == 6 && field(i, 9, 3) == 5)
		return vfp_ldst(i, d);
	refuse(d, LDST_NOT_LDST, "not a load/store");
}

static void decode_t16(uint32_t i, struct ldst_insn *d)
{
	unsigned rt = field(i, 0, 3), rn = field(i, 3, 3);

	d->len = 2;
	if ((i & 0xf000) == 0xc000) {            /* LDM/STM Rn(!), {list} */
		rn = field(i, 8, 3);
		d->load = field(i, 11, 1);
		d->name = d->load ? "LDM" : "STM";
		uint32_t list = field(i, 0, 8);
		return a32_multiple(d, rn, list, true, false, !d->load || !(list & (1u << rn)));
	}
	if ((i & 0xf600) == 0xb400) {            /* PUSH / POP */
		d->load = field(i, 11, 1);
		d->name = d->load ? "POP" : "PUSH";
		uint32_t list = field(i, 0, 8) | (field(i, 8, 1) << (d->load ? 15 : 14));
		return a32_multiple(d, 13, list, d->load, !d->load, true);
	}
	d->pre_index = true;
	if ((i & 0xf800) == 0x4800) {            /* LDR (literal) */
		d->name = "LDR (literal)";
		d->load = true;
		d->rn = LDST_REG_PC;
		d->imm = 4 * (int64_t)field(i, 0, 8);
		add_xfer(d, false, field(i, 8, 3), 4, 0, false, false, 0);
	} else if ((i & 0xf000) == 0x5000) {     /* register offset */
		static const uint8_t size[8] = { 4, 2, 1, 1, 4, 2, 1, 2 };
		static const char *const names[8] = { "STR", "STRH", "STRB", "LDRSB", "LDR", "LDRH", "LDRB", "LDRSH" };
		unsigned opb = field(i, 9, 3);
		d->name = names[opb];
		d->load = opb >= 3;
		d->rn = (uint8_t)rn;
		d->reg_offset = true;
		d->rm = (uint8_t)field(i, 6, 3);
		add_xfer(d, false, rt, size[opb], 0, opb == 3 || opb == 7, false, 0);
	} else if ((i & 0xe000) == 0x6000 || (i & 0xf000) == 0x8000) {   /* immediate offset */
		unsigned size = (i & 0xf000) == 0x8000 ? 2 : field(i, 12, 1) ? 1 : 4;
		d->load = field(i, 11, 1);
		d->name = d->load ? (size == 4 ? "LDR" : size == 2 ? "LDRH" : "LDRB") : (size == 4 ? "STR" : size == 2 ? "STRH" : "STRB");
		d->rn = (uint8_t)rn;
		d->imm = (int64_t)field(i, 6, 5) * size;
		add_xfer(d, false, rt, size, 0, false, false, 0);
	} else if ((i & 0xf000) == 0x9000) {     /* SP-relative */
		d->load = field(i, 11, 1);
		d->name = d->load ? "LDR (SP)" : "STR (SP)";
		d->rn = 13;
		d->imm = 4 * (int64_t)field(i, 0, 8);
		add_xfer(d, false, field(i, 8, 3), 4, 0, false, false, 0);
	} else {
		return refuse(d, LDST_NOT_LDST, "not a load/store");
	}
	d->status = LDST_OK;
}

/* T32 32-bit load/store single (F3.1: LDR/STR/LDRB/LDRH/LDRSB/LDRSH with
 * imm12, imm8 pre/post-index/negative/unprivileged, register, literal). */
static void t32_single(uint32_t i, struct ldst_insn *d)
{
	unsigned hw1 = i >> 16;
	unsigned sign = field(hw1, 8, 1), up12 = field(hw1, 7, 1), sz = field(hw1, 5, 2), l = field(hw1, 4, 1);
	unsigned rn = field(hw1, 0, 4), rt = field(i, 12, 4);

	if (sz == 3 || (sign && !l))
		return refuse(d, LDST_NOT_LDST, "unallocated");
	if (rt == 15 && l && sz != 2)
		return refuse(d, LDST_NOT_LDST, "PLD/PLI");
	unsigned size = 1u << sz;
	static const char *const lnames[2][3] = { { "LDRB", "LDRH", "LDR" }, { "LDRSB", "LDRSH", "LDR" } };
	static const char *const snames[3] = { "STRB", "STRH", "STR" };
	d->name = l ? lnames[sign][sz] : snames[sz];
	d->load = l;
	d->rn = (uint8_t)a32_reg(rn);
	d->pre_index = true;
	if (rn == 15) {                      /* literal: U in bit 23 */
		if (!l)
			return refuse(d, LDST_NOT_LDST, "unallocated");
		d->imm = up12 ? (int64_t)field(i, 0, 12) : -(int64_t)field(i, 0, 12);
	} else if (up12) {                   /* imm12 */
		d->imm = field(i, 0, 12);
	} else if (field(i, 11, 1)) {        /* imm8: P U W */
		unsigned p = field(i, 10, 1), u = field(i, 9, 1), w = field(i, 8, 1);
		if (!p && !w)
			return refuse(d, LDST_NOT_LDST, "unallocated");
		d->imm = u ? (int64_t)field(i, 0, 8) : -(int64_t)field(i, 0, 8);
		d->pre_index = p;
		d->writeback = w;
	} else if (field(i, 6, 6) == 0) {    /* register, LSL #imm2 */
		d->reg_offset = true;
		d->rm = (uint8_t)field(i, 0, 4);
		d->shift = (uint8_t)field(i, 4, 2);
	} else {
		return refuse(d, LDST_NOT_LDST, "unallocated");
	}
	add_xfer(d, false, a32_reg(rt), size, 0, sign, false, 0);
	d->status = LDST_OK;
}

static void decode_t32(uint32_t i, struct ldst_insn *d)
{
	unsigned hw1 = i >> 16;

	if (!ldst_t32_is_32bit((uint16_t)(i >> 16))) {
		if (i >> 16)
			return refuse(d, LDST_NOT_LDST, "not a load/store");
		return decode_t16(i & 0xffff, d);
	}
	d->len = 4;
	if ((hw1 & 0xfe40) == 0xe800) {
		unsigned op = field(hw1, 7, 2);
		if (op == 1 || op == 2) {           /* LDM/STM (IA, DB) */
			d->load = field(hw1, 4, 1);
			d->name = d->load ? (op == 1 ? "LDM" : "LDMDB") : (op == 1 ? "STM" : "STMDB");
			return a32_multiple(d, field(hw1, 0, 4), i & 0xffff, op == 1, op == 2, field(hw1, 5, 1));
		}
		return refuse(d, LDST_NOT_LDST, "SRS/RFE");
	}
	if ((hw1 & 0xfe40) == 0xe840) {
		unsigned p = field(hw1, 8, 1), u = field(hw1, 7, 1), w = field(hw1, 5, 1);
		if (!p && !w)
			return refuse(d, LDST_UNSUPPORTED, "LDREX/STREX/LDA/STL/TBB");
		d->load = field(hw1, 4, 1);
		d->name = d->load ? "LDRD" : "STRD";
		d->rn = (uint8_t)a32_reg(field(hw1, 0, 4));
		d->imm = u ? 4 * (int64_t)field(i, 0, 8) : -4 * (int64_t)field(i, 0, 8);
		d->pre_index = p;
		d->writeback = w;
		add_xfer(d, false, field(i, 12, 4), 4, 0, false, false, 0);
		add_xfer(d, false, field(i, 8, 4), 4, 0, false, false, 4);
		d->status = LDST_OK;
		return;
	}
	if ((hw1 & 0xff10) == 0xf900)
		return refuse(d, LDST_UNSUPPORTED, "VLDn/VSTn structure load/store");
	if ((hw1 & 0xfe00) == 0xf800)
		return t32_single(i, d);
	if ((hw1 & 0xfe00) == 0xec00 && field(i, 9, 3) == 5)
		return vfp_ldst(i, d);
	refuse(d, LDST_NOT_LDST, "not a load/store");
}

void ldst_decode(enum ldst_isa isa, uint32_t insn, struct ldst_insn *out)
{
	memset(out, 0, sizeof(*out));
	out->isa = isa;
	out->cond = 0xe;
	out->status = LDST_NOT_LDST;
	switch (isa) {
	case LDST_ISA_A64: decode_a64(insn, out); break;
	case LDST_ISA_A32: decode_a32(insn, out); break;
	case LDST_ISA_T32: decode_t32(insn, out); break;
	}
}
