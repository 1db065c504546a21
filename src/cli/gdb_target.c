// SPDX-License-Identifier: MIT
/*
 * What gdb reads and changes in the VM, for the protocol (gdb_rsp.h's
 * target operations): registers through armvm_reg_get/set and
 * armvm_fp_get/set, memory by guest virtual address, software breakpoints
 * planted in guest memory, hardware breakpoints and watchpoints and single
 * step through armvm_vcpu_set_debug. Called on the gdb thread while the
 * VM is halted.
 */
#include <stdio.h>
#include <string.h>

#include "cli/gdb_state.h"

static struct armvm_vcpu *vcpu_of(struct gdb_server *g, unsigned t)
{
	return armvm_vcpu_get(g->vm, t < g->nr_vcpus ? t : 0);
}

static int get_regs(void *ctx, unsigned t, struct gdb_regs *r)
{
	struct gdb_server *g = ctx;
	struct armvm_vcpu *v = vcpu_of(g, t);
	struct armvm_fp fp;
	uint64_t val;

	memset(r, 0, sizeof(*r));
	if (g->aarch32) {
		for (unsigned i = 0; i < 15; i++)
			if (armvm_reg_get(v, ARMVM_REG_R0 + i, &r->r[i], NULL) < 0)
				return -1;
		if (armvm_reg_get(v, ARMVM_REG_R15, &r->pc, NULL) < 0 ||
		    armvm_reg_get(v, ARMVM_REG_CPSR, &val, NULL) < 0)
			return -1;
	} else {
		for (unsigned i = 0; i < 31; i++)
			if (armvm_reg_get(v, ARMVM_REG_X0 + i, &r->r[i], NULL) < 0)
				return -1;
		if (armvm_reg_get(v, ARMVM_REG_SP, &r->sp, NULL) < 0 ||
		    armvm_reg_get(v, ARMVM_REG_PC, &r->pc, NULL) < 0 ||
		    armvm_reg_get(v, ARMVM_REG_PSTATE, &val, NULL) < 0)
			return -1;
	}
	r->cpsr = (uint32_t)val;
	if (armvm_fp_get(v, &fp, NULL) < 0)
		return -1;
	memcpy(r->v, fp.v, sizeof(r->v));
	r->fpsr = fp.fpsr;
	r->fpcr = fp.fpcr;
	return 0;
}

static int set_regs(void *ctx, unsigned t, const struct gdb_regs *r)
{
	struct gdb_server *g = ctx;
	struct armvm_vcpu *v = vcpu_of(g, t);
	struct armvm_fp fp;

	if (g->aarch32) {
		for (unsigned i = 0; i < 15; i++)
			if (armvm_reg_set(v, ARMVM_REG_R0 + i, (uint32_t)r->r[i], NULL) < 0)
				return -1;
		if (armvm_reg_set(v, ARMVM_REG_R15, (uint32_t)r->pc, NULL) < 0 ||
		    armvm_reg_set(v, ARMVM_REG_CPSR, r->cpsr, NULL) < 0)
			return -1;
	} else {
		for (unsigned i = 0; i < 31; i++)
			if (armvm_reg_set(v, ARMVM_REG_X0 + i, r->r[i], NULL) < 0)
				return -1;
		if (armvm_reg_set(v, ARMVM_REG_PSTATE, r->cpsr, NULL) < 0 ||
		    armvm_reg_set(v, ARMVM_REG_SP, r->sp, NULL) < 0 ||
		    armvm_reg_set(v, ARMVM_REG_PC, r->pc, NULL) < 0)
			return -1;
	}
	memcpy(fp.v, r->v, sizeof(fp.v));
	fp.fpsr = r->fpsr;
	fp.fpcr = r->fpcr;
	return armvm_fp_set(v, &fp, NULL) < 0 ? -1 : 0;
}

static size_t read_mem(void *ctx, unsigned t, uint64_t addr, void *buf, size_t len)
{
	struct gdb_server *g = ctx;
	size_t done = 0;

	armvm_vcpu_read_virt(vcpu_of(g, t), addr, buf, len, &done, NULL);
	return done;
}

static size_t write_mem(void *ctx, unsigned t, uint64_t addr, const void *buf, size_t len)
{
	struct gdb_server *g = ctx;
	size_t done = 0;

	armvm_vcpu_write_virt(vcpu_of(g, t), addr, buf, len, &done, NULL);
	return done;
}

/* The breakpoint instruction for gdb's kind: A64 BRK #0; A32 BKPT #0;
 * T32 (kind 2, and kind 3 for a 32-bit Thumb-2 slot) the 16-bit BKPT,
 * which traps before the rest of the slot matters. */
static unsigned break_insn(const struct gdb_server *g, unsigned kind, uint8_t insn[4])
{
	static const uint8_t brk64[4] = { 0x00, 0x00, 0x20, 0xd4 };
	static const uint8_t bkpt_a32[4] = { 0x70, 0x00, 0x20, 0xe1 };
	static const uint8_t bkpt_t16[2] = { 0x00, 0xbe };

	if (!g->aarch32) {
		memcpy(insn, brk64, 4);
		return 4;
	}
	if (kind == 2 || kind == 3) {
		memcpy(insn, bkpt_t16, 2);
		return 2;
	}
	memcpy(insn, bkpt_a32, 4);
	return 4;
}

static int sw_break(struct gdb_server *g, bool insert, uint64_t addr, unsigned kind)
{
	unsigned i;

	for (i = 0; i < g->nr_sw && g->sw[i].addr != addr; i++)
		;
	if (!insert) {
		if (i == g->nr_sw)
			return 0;
		if (write_mem(g, 0, addr, g->sw[i].orig, g->sw[i].len) != g->sw[i].len)
			return -1;
		g->sw[i] = g->sw[--g->nr_sw];
		return 0;
	}
	if (i < g->nr_sw)
		return 0;
	if (g->nr_sw == GDB_MAX_SW_BREAKS)
		return -1;
	struct sw_break *b = &g->sw[g->nr_sw];
	uint8_t insn[4];
	b->addr = addr;
	b->len = break_insn(g, kind, insn);
	if (read_mem(g, 0, addr, b->orig, b->len) != b->len ||
	    write_mem(g, 0, addr, insn, b->len) != b->len)
		return -1;
	g->nr_sw++;
	return 0;
}

static int hw_break(struct gdb_server *g, enum gdb_break_type type, bool insert, uint64_t addr,
		    unsigned kind)
{
	struct armvm_debug *d = &g->hw;

	if (type == GDB_BREAK_HW) {
		unsigned i;
		for (i = 0; i < d->nr_breakpoints && d->breakpoint[i] != addr; i++)
			;
		if (!insert) {
			if (i < d->nr_breakpoints)
				d->breakpoint[i] = d->breakpoint[--d->nr_breakpoints];
			return 0;
		}
		if (i < d->nr_breakpoints)
			return 0;
		if (d->nr_breakpoints >= g->max_bps)
			return -1;
		d->breakpoint[d->nr_breakpoints++] = addr;
		return 0;
	}
	unsigned i;
	for (i = 0; i < d->nr_watchpoints &&
		    !(d->watchpoint[i].addr == addr && d->watchpoint[i].len == kind && g->wp_type[i] == type); i++)
		;
	if (!insert) {
		if (i < d->nr_watchpoints) {
			unsigned last = --d->nr_watchpoints;
			d->watchpoint[i] = d->watchpoint[last];
			g->wp_type[i] = g->wp_type[last];
		}
		return 0;
	}
	if (i < d->nr_watchpoints)
		return 0;
	if (kind < 1 || kind > 8 || (addr & 7) + kind > 8 || d->nr_watchpoints >= g->max_wps)
		return -1;
	g->wp_type[d->nr_watchpoints] = type;
	d->watchpoint[d->nr_watchpoints++] = (struct armvm_watchpoint){
		.addr = addr, .len = kind,
		.on_read = type != GDB_WATCH_WRITE, .on_write = type != GDB_WATCH_READ,
	};
	return 0;
}

static int breakpoint(void *ctx, enum gdb_break_type type, bool insert, uint64_t addr, unsigned kind)
{
	struct gdb_server *g = ctx;

	if (type == GDB_BREAK_SW)
		return sw_break(g, insert, addr, kind);
	return hw_break(g, type, insert, addr, kind);
}

const struct gdb_target_ops gdb_target_ops = { get_regs, set_regs, read_mem, write_mem, breakpoint };

void gdb_apply_debug(struct gdb_server *g, bool on, bool step, unsigned step_thread)
{
	for (unsigned i = 0; i < g->nr_vcpus; i++) {
		struct armvm_debug d = { 0 };
		struct armvm_error err;
		if (on) {
			d = g->hw;
			d.sw_breakpoints = true;
			d.single_step = step && i == step_thread;
		}
		if (armvm_vcpu_set_debug(armvm_vcpu_get(g->vm, i), &d, &err) < 0)
			fprintf(stderr, "armvm: gdb: vCPU %u: %s\n", i, err.msg);
	}
}

void gdb_drop_debug(struct gdb_server *g)
{
	while (g->nr_sw)
		if (sw_break(g, false, g->sw[g->nr_sw - 1].addr, 0) < 0)
			g->nr_sw--;   /* the page went away: nothing left to restore */
	memset(&g->hw, 0, sizeof(g->hw));
	gdb_apply_debug(g, false, false, 0);
}

