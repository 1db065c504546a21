// SPDX-License-Identifier: MIT
/*
 * Executing a load/store plan (arch/ldst_exec.h), following the Arm ARM
 * pseudocode of each form: the offset (A64 ExtendReg, AArch32 Shift with
 * RRX taking the C flag), the transfer address, then the accesses in
 * order, writeback, and the loaded registers (a loaded value wins over the
 * written-back base where the two coincide, the CONSTRAINED UNPREDICTABLE
 * case).
 */
#include "arch/ldst_exec.h"

#include <string.h>

#include "arch/aarch32.h"
#include "arch/psr.h"

struct exec {
	const struct ldst_insn *d;
	struct ldst_cpu *cpu;
	const struct ldst_cpu_ops *ops;
	void *ctx;
	bool aarch32;
};

static uint64_t reg_read(const struct exec *e, unsigned reg)
{
	if (reg == LDST_REG_ZR)
		return 0;
	if (reg == LDST_REG_PC) {
		/* The PC reads as the instruction + 8 (A32) or + 4 (T32) */
		switch (e->d->isa) {
		case LDST_ISA_A64: return e->cpu->pc;
		case LDST_ISA_A32: return (uint32_t)(e->cpu->pc + 8);
		case LDST_ISA_T32: return (uint32_t)(e->cpu->pc + 4);
		}
	}
	uint64_t v = e->ops->get_reg(e->ctx, reg);
	return e->aarch32 ? (uint32_t)v : v;
}

static uint64_t offset_value(const struct exec *e)
{
	const struct ldst_insn *d = e->d;

	if (!d->reg_offset)
		return (uint64_t)d->imm;
	uint64_t m = reg_read(e, d->rm);
	if (d->isa == LDST_ISA_A64) {
		switch (d->extend) {
		case 2: m = (uint32_t)m; break;                    /* UXTW */
		case 6: m = (uint64_t)(int64_t)(int32_t)m; break;  /* SXTW */
		default: break;                                    /* LSL, SXTX */
		}
		return m << d->shift;
	}
	uint32_t v = (uint32_t)m, amount = d->shift;
	switch (d->shift_type) {
	case 0: v = v << amount; break;
	case 1: v = amount ? v >> amount : 0; break;
	case 2: v = (uint32_t)((int32_t)v >> (amount ? amount : 31)); break;
	default:
		if (amount)
			v = v >> amount | v << (32 - amount);
		else   /* RRX */
			v = v >> 1 | (uint32_t)!!(e->cpu->pstate & PSR_AA32_C_BIT) << 31;
		break;
	}
	return d->subtract ? (uint64_t)(-(int64_t)v) : v;
}

static bool condition_passed(const struct exec *e)
{
	uint64_t ps = e->cpu->pstate;

	if (!e->aarch32)
		return true;
	if (e->d->isa == LDST_ISA_T32) {
		unsigned it = (unsigned)(((ps >> 25) & 3) | ((ps >> 10) & 0x3f) << 2);
		return !it || aarch32_cond_passed(it >> 4, ps);
	}
	return aarch32_cond_passed(e->d->cond, ps);
}

static void next_pc(struct exec *e)
{
	e->cpu->pc += e->d->len;
	if (e->aarch32) {
		e->cpu->pc = (uint32_t)e->cpu->pc;
		if (e->cpu->pstate & PSR_AA32_T_BIT)
			e->cpu->pstate = aarch32_advance_it(e->cpu->pstate);
	}
}

static uint64_t sign_extend(uint64_t v, unsigned size)
{
	if (size >= 8)
		return v;
	uint64_t m = 1ULL << (size * 8 - 1);
	v &= (m << 1) - 1;
	return (v ^ m) - m;
}

enum ldst_exec_result ldst_execute(const struct ldst_insn *d, struct ldst_cpu *cpu,
				   const struct ldst_cpu_ops *ops, void *ctx)
{
	struct exec e = { .d = d, .cpu = cpu, .ops = ops, .ctx = ctx, .aarch32 = d->isa != LDST_ISA_A64 };
	uint64_t loaded[LDST_MAX_XFERS];

	if (!condition_passed(&e)) {
		next_pc(&e);
		return LDST_EXEC_DONE;
	}
	if (cpu->big_endian)
		return LDST_EXEC_BIG_ENDIAN;
	uint64_t base = reg_read(&e, d->rn);
	if (d->rn == LDST_REG_PC && d->isa == LDST_ISA_T32)
		base &= ~3ULL;   /* literal loads use Align(PC, 4) */
	uint64_t off = offset_value(&e);
	uint64_t start = (d->pre_index ? base + off : base) + (uint64_t)(int64_t)d->start;
	uint64_t mask = e.aarch32 ? 0xffffffffULL : ~0ULL;

	for (unsigned k = 0; k < d->nxfer; k++)
		if (ops->check(ctx, (start + d->xfer[k].offset) & mask, d->xfer[k].size, !d->load))
			return LDST_EXEC_REFUSED;
	for (unsigned k = 0; k < d->nxfer; k++) {
		const struct ldst_xfer *x = &d->xfer[k];
		uint64_t va = (start + x->offset) & mask, v = 0;
		if (!d->load) {
			if (x->fp) {
				uint8_t vr[16];
				ops->get_vreg(ctx, x->reg, vr);
				memcpy(&v, vr + x->lane, x->size);   /* little-endian host and guest */
			} else {
				v = reg_read(&e, x->reg);
				if (x->size < 8)
					v &= (1ULL << (x->size * 8)) - 1;
			}
		}
		if (ops->access(ctx, va, x->size, !d->load, &v))
			return LDST_EXEC_ACCESS_FAILED;
		loaded[k] = v;
	}
	if (d->writeback && d->rn != LDST_REG_PC)
		ops->set_reg(ctx, d->rn, (base + off) & mask);
	next_pc(&e);
	if (!d->load)
		return LDST_EXEC_DONE;

	uint32_t fp_started = 0;   /* A64 scalar loads zero the rest of V<n> */
	for (unsigned k = 0; k < d->nxfer; k++) {
		const struct ldst_xfer *x = &d->xfer[k];
		uint64_t v = loaded[k];
		if (x->fp) {
			uint8_t vr[16];
			if (d->isa == LDST_ISA_A64 && !(fp_started & (1u << x->reg)))
				memset(vr, 0, sizeof(vr));
			else
				ops->get_vreg(ctx, x->reg, vr);
			fp_started |= 1u << x->reg;
			memcpy(vr + x->lane, &v, x->size);
			ops->set_vreg(ctx, x->reg, vr);
			continue;
		}
		if (x->sign_extend)
			v = sign_extend(v, x->size);
		if (x->reg == LDST_REG_ZR)
			continue;
		if (x->reg == LDST_REG_PC) {
			/* LoadWritePC: BXWritePC, interworking on bit 0 */
			if (v & 1) {
				cpu->pstate |= PSR_AA32_T_BIT;
				cpu->pc = (uint32_t)v & ~1u;
			} else {
				cpu->pstate &= ~(uint64_t)PSR_AA32_T_BIT;
				cpu->pc = (uint32_t)v & ~3u;
			}
			continue;
		}
		if (e.aarch32 || !x->reg64)
			v = (uint32_t)v;
		ops->set_reg(ctx, x->reg, v);
	}
	return LDST_EXEC_DONE;
}
