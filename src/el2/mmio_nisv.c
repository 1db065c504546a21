// SPDX-License-Identifier: MIT
/*
 * Stage-2 data aborts on a device that carry no instruction syndrome
 * (ESR_EL2.ISV = 0: load/store multiple, pair, doubleword, writeback,
 * SIMD&FP): the instruction is fetched through the guest's own stage-1
 * tables (arch/stage1.h, over the partition's RAM), decoded and executed
 * against the partition's device models by the code both engines share
 * (arch/ldst_decode.h, arch/ldst_exec.h). What cannot be emulated
 * (exclusives, atomics, an access not all on one device) gets a
 * synchronous external abort and one line on the console. The guest's EL1
 * registers and FP/SIMD file are live in the CPU while it traps.
 */
#include <string.h>

#include "arch/ldst_exec.h"
#include "arch/psr.h"
#include "arch/range.h"
#include "arch/stage1.h"
#include "arch/vmsa.h"
#include "el2/console.h"
#include "el2/partition.h"
#include "el2/switch.h"
#include "el2/sysreg.h"
#include "el2/trap.h"

/* Reports of refused instructions per partition before going quiet. */
#define NISV_REPORTS_MAX 8

struct nisv {
	struct vcpu *v;
	struct stage1_walk walk;
	bool fp_saved, fp_dirty;
};

static int read_phys(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	const struct partition *p = ctx;

	if (!range_contains(p->ram.gpa, p->ram.size, ipa, len))
		return -1;
	memcpy(buf, (const uint8_t *)p->ram.host + (ipa - p->ram.gpa), len);
	return 0;
}

static bool on_sp_el1(const struct vcpu *v)
{
	return (v->regs.spsr & PSR_MODE_MASK) == PSR_MODE_EL1h;
}

static uint64_t get_reg(void *ctx, unsigned r)
{
	struct vcpu *v = ((struct nisv *)ctx)->v;

	if (v->aarch32)
		return vcpu_get_reg(v, r);
	if (r == LDST_REG_SP)
		return on_sp_el1(v) ? read_sysreg(sp_el1) : read_sysreg(sp_el0);
	return v->regs.x[r];
}

static void set_reg(void *ctx, unsigned r, uint64_t val)
{
	struct vcpu *v = ((struct nisv *)ctx)->v;

	if (v->aarch32) {
		vcpu_set_reg(v, r, val);
	} else if (r == LDST_REG_SP) {
		if (on_sp_el1(v))
			write_sysreg(sp_el1, val);
		else
			write_sysreg(sp_el0, val);
	} else {
		v->regs.x[r] = val;
	}
}

static void fp_fetch(struct nisv *n)
{
	if (!n->fp_saved) {
		fpsimd_save(&n->v->fp);
		n->fp_saved = true;
	}
}

static void get_vreg(void *ctx, unsigned i, uint8_t val[16])
{
	struct nisv *n = ctx;

	fp_fetch(n);
	memcpy(val, &n->v->fp.v[2 * i], 16);
}

static void set_vreg(void *ctx, unsigned i, const uint8_t val[16])
{
	struct nisv *n = ctx;

	fp_fetch(n);
	memcpy(&n->v->fp.v[2 * i], val, 16);
	n->fp_dirty = true;
}

static struct mmio_slot *device_at(struct nisv *n, uint64_t va, unsigned size, uint64_t *ipa)
{
	struct stage1_map map;

	if (stage1_translate(&n->walk, va, &map, NULL) != STAGE1_OK || map.size < size)
		return NULL;
	*ipa = map.ipa;
	return partition_find_region(n->v->part, map.ipa, size);
}

static int check(void *ctx, uint64_t va, unsigned size, bool write)
{
	uint64_t ipa;

	(void)write;
	return device_at(ctx, va, size, &ipa) ? 0 : -1;
}

static int device_access(void *ctx, uint64_t va, unsigned size, bool write, uint64_t *val)
{
	uint64_t ipa;
	struct mmio_slot *s = device_at(ctx, va, size, &ipa);

	if (!s)
		return -1;
	if (write)
		dev_mmio_write(&s->region, s->lock, ipa - s->region.base, size, *val);
	else
		*val = dev_mmio_read(&s->region, s->lock, ipa - s->region.base, size);
	return 0;
}

static const struct ldst_cpu_ops nisv_ops = { get_reg, set_reg, get_vreg, set_vreg, check, device_access };

static enum exit_action refuse(struct vcpu *v, uint64_t far, uint64_t ipa, bool write,
			       const char *what, uint32_t insn, const char *why)
{
	struct partition *p = v->part;

	if (p->abort_reports < NISV_REPORTS_MAX) {
		p->abort_reports++;
		hyp_printf("partition %u (%s) vCPU %u: cannot emulate %s (0x%08x) at pc 0x%lx on MMIO IPA 0x%lx: "
			   "%s; external abort injected%s\n", p->id, p->cfg->name, v->index, what,
			   (unsigned)insn, (unsigned long)v->regs.elr, (unsigned long)ipa, why,
			   p->abort_reports == NISV_REPORTS_MAX ? " (further reports suppressed)" : "");
	}
	inject_dabt(v, far, write);
	return EXIT_ACTION_RESUME;
}

enum exit_action trap_dabt_nisv(struct vcpu *v, uint64_t esr, uint64_t far, uint64_t ipa)
{
	bool write = (esr & ESR_ELx_WNR) != 0;
	struct stage1_regs regs = {
		.aarch64 = !v->aarch32, .sctlr = read_sysreg(sctlr_el1), .tcr = read_sysreg(tcr_el1),
		.ttbr0 = read_sysreg(ttbr0_el1), .ttbr1 = read_sysreg(ttbr1_el1),
	};
	struct nisv n = { .v = v, .walk = { .regs = &regs, .read_phys = read_phys, .ctx = v->part } };
	struct ldst_cpu cpu = { .pc = v->regs.elr, .pstate = v->regs.spsr };
	enum ldst_isa isa = !v->aarch32 ? LDST_ISA_A64 : (cpu.pstate & PSR_AA32_T_BIT) ? LDST_ISA_T32 : LDST_ISA_A32;
	unsigned len = isa == LDST_ISA_T32 ? 2 : 4;
	uint8_t b[4];
	uint32_t insn;

	/* Instructions are little-endian whatever the data endianness. */
	if (stage1_read_virt(&n.walk, cpu.pc, b, len) != len)
		return refuse(v, far, ipa, write, "instruction", 0, "cannot fetch it through the guest's tables");
	insn = b[0] | b[1] << 8 | (len == 4 ? (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24 : 0);
	if (isa == LDST_ISA_T32 && ldst_t32_is_32bit((uint16_t)insn)) {
		if (stage1_read_virt(&n.walk, cpu.pc + 2, b, 2) != 2)
			return refuse(v, far, ipa, write, "instruction", insn, "cannot fetch it through the guest's tables");
		insn = insn << 16 | b[0] | b[1] << 8;
	}
	struct ldst_insn d;
	ldst_decode(isa, insn, &d);
	if (d.status != LDST_OK)
		return refuse(v, far, ipa, write, d.name, insn,
			      d.status == LDST_UNSUPPORTED ? "not emulated" : "not a load/store");
	if (v->aarch32)
		cpu.big_endian = cpu.pstate & PSR_AA32_E_BIT;
	else
		cpu.big_endian = regs.sctlr & ((cpu.pstate & PSR_MODE_MASK) == PSR_MODE_EL0t ? SCTLR_EL1_E0E : SCTLR_ELx_EE);
	enum ldst_exec_result r = ldst_execute(&d, &cpu, &nisv_ops, &n);
	if (r != LDST_EXEC_DONE)
		return refuse(v, far, ipa, write, d.name, insn,
			      r == LDST_EXEC_REFUSED ? "an access is not all on one device" :
			      r == LDST_EXEC_BIG_ENDIAN ? "big-endian data" : "a device access failed");
	if (n.fp_dirty)
		fpsimd_restore(&v->fp);
	v->regs.elr = cpu.pc;
	v->regs.spsr = cpu.pstate;
	return EXIT_ACTION_RESUME;
}
