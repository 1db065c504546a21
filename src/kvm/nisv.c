// SPDX-License-Identifier: MIT
/*
 * KVM_EXIT_ARM_NISV: a data abort on an MMIO region that carries no
 * instruction syndrome (ESR ISV = 0: load/store multiple, pair, doubleword,
 * writeback, SIMD&FP; api.rst "KVM_CAP_ARM_NISV_TO_USER"). The instruction
 * is fetched through the guest's stage-1 tables, decoded and executed
 * against the device models by the shared code in src/arch (ldst_decode,
 * ldst_exec); what cannot be emulated (exclusives, atomics, an access
 * that is not all device) gets an external abort injected
 * (KVM_SET_VCPU_EVENTS ext_dabt_pending) and one line to the embedder's
 * log function (armvm run prints it on stderr).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch/ldst_exec.h"
#include "arch/psr.h"
#include "arch/vmsa.h"
#include "kvm/guest_virt.h"
#include "kvm/handle_exit.h"

struct nisv {
	struct armvm_vcpu *v;
	struct stage1_walk walk;
	bool aarch32;
	bool reg_failed;
};

static enum armvm_reg api_reg(const struct nisv *n, unsigned r)
{
	if (n->aarch32)
		return (enum armvm_reg)(ARMVM_REG_R0 + r);
	return r == LDST_REG_SP ? ARMVM_REG_SP : (enum armvm_reg)(ARMVM_REG_X0 + r);
}

static uint64_t get_reg(void *ctx, unsigned r)
{
	struct nisv *n = ctx;
	uint64_t val = 0;

	if (armvm_reg_get(n->v, api_reg(n, r), &val, NULL) < 0)
		n->reg_failed = true;
	return val;
}

static void set_reg(void *ctx, unsigned r, uint64_t val)
{
	struct nisv *n = ctx;

	if (armvm_reg_set(n->v, api_reg(n, r), val, NULL) < 0)
		n->reg_failed = true;
}

static uint64_t vreg_id(unsigned i)
{
	return KVM_REG_ARM64 | KVM_REG_SIZE_U128 | KVM_REG_ARM_CORE |
	       KVM_REG_ARM_CORE_REG(fp_regs.vregs[i]);
}

static void get_vreg(void *ctx, unsigned i, uint8_t val[16])
{
	struct nisv *n = ctx;
	struct kvm_one_reg r = { .id = vreg_id(i), .addr = (uint64_t)(uintptr_t)val };

	if (ioctl(n->v->fd, KVM_GET_ONE_REG, &r) < 0) {
		memset(val, 0, 16);
		n->reg_failed = true;
	}
}

static void set_vreg(void *ctx, unsigned i, const uint8_t val[16])
{
	struct nisv *n = ctx;
	struct kvm_one_reg r = { .id = vreg_id(i), .addr = (uint64_t)(uintptr_t)val };

	if (ioctl(n->v->fd, KVM_SET_ONE_REG, &r) < 0)
		n->reg_failed = true;
}

/* The device region an access goes to, all of it, or NULL. */
static const struct mmio_handler *device_at(struct nisv *n, uint64_t va, unsigned size, uint64_t *ipa)
{
	struct stage1_map map;

	if (stage1_translate(&n->walk, va, &map, NULL) != STAGE1_OK || map.size < size)
		return NULL;
	*ipa = map.ipa;
	return mmio_find(n->v->table, &n->v->last_mmio, map.ipa, size);
}

static int check(void *ctx, uint64_t va, unsigned size, bool write)
{
	uint64_t ipa;

	(void)write;
	return device_at(ctx, va, size, &ipa) ? 0 : -1;
}

static int device_access(void *ctx, uint64_t va, unsigned size, bool write, uint64_t *val)
{
	struct nisv *n = ctx;
	uint64_t ipa;
	const struct mmio_handler *h = device_at(n, va, size, &ipa);

	if (!h)
		return -1;
	n->v->mmio_exits++;
	if (write)
		h->ops->write(h->opaque, ipa - h->gpa, size, *val, n->v->index);
	else
		*val = h->ops->read(h->opaque, ipa - h->gpa, size, n->v->index);
	return 0;
}

/* A crash report (what exit_crash() in handle_exit.c fills, kept here so
 * the two files do not call each other). */
static enum exit_action crash(struct armvm_exit *ex, uint64_t addr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum exit_action crash(struct armvm_exit *ex, uint64_t addr, const char *fmt, ...)
{
	va_list ap;

	ex->reason = ARMVM_EXIT_CRASH;
	ex->addr = addr;
	va_start(ap, fmt);
	vsnprintf(ex->detail, sizeof(ex->detail), fmt, ap);
	va_end(ap);
	return EXIT_REPORT;
}

static const struct ldst_cpu_ops nisv_ops = { get_reg, set_reg, get_vreg, set_vreg, check, device_access };

/* Inject a synchronous external abort on the data access (the guest sees
 * what a bus error would give it) and say why on stderr. */
static enum exit_action refuse(struct armvm_vcpu *v, struct armvm_exit *ex, uint64_t ipa,
			       uint64_t pc, const char *what, uint32_t insn, const char *why)
{
	struct kvm_vcpu_events ev;

	memset(&ev, 0, sizeof(ev));
	if (ioctl(v->fd, KVM_GET_VCPU_EVENTS, &ev) == 0) {
		ev.exception.ext_dabt_pending = 1;
		if (ioctl(v->fd, KVM_SET_VCPU_EVENTS, &ev) == 0) {
			vm_log(v->vm, "vCPU %u: cannot emulate %s (0x%08" PRIx32 ") at pc 0x%" PRIx64
			       " on MMIO address 0x%" PRIx64 ": %s; external abort injected",
			       v->index, what, insn, pc, ipa, why);
			return EXIT_RESUME;
		}
	}
	return crash(ex, ipa, "cannot emulate %s (0x%08x) at pc 0x%llx on MMIO address 0x%llx: %s "
		     "(and KVM cannot inject an external abort)", what, (unsigned)insn,
		     (unsigned long long)pc, (unsigned long long)ipa, why);
}

enum exit_action handle_nisv(struct armvm_vcpu *v, struct armvm_exit *ex)
{
	uint64_t ipa = v->run->arm_nisv.fault_ipa;
	struct stage1_regs regs;
	struct nisv n = { .v = v, .aarch32 = v->vm->arch == ARMVM_ARCH_AARCH32 };
	struct ldst_cpu cpu;
	enum armvm_reg pc_reg = n.aarch32 ? ARMVM_REG_R15 : ARMVM_REG_PC;
	enum armvm_reg ps_reg = n.aarch32 ? ARMVM_REG_CPSR : ARMVM_REG_PSTATE;
	uint32_t insn = 0;

	if (!mmio_find(v->table, &v->last_mmio, ipa, 1)) {
		return crash(ex, ipa, "guest access at 0x%llx that KVM cannot decode (no instruction "
			     "syndrome), outside any device region", (unsigned long long)ipa);
	}
	if (armvm_reg_get(v, pc_reg, &cpu.pc, NULL) < 0 || armvm_reg_get(v, ps_reg, &cpu.pstate, NULL) < 0 ||
	    guest_virt_stage1_regs(v, &regs) < 0) {
		return crash(ex, ipa, "cannot read the registers of a syndrome-less MMIO access");
	}
	n.walk = (struct stage1_walk){ .regs = &regs, .read_phys = guest_virt_read_phys, .ctx = v->vm };

	/* Fetch: instructions are little-endian whatever the data endianness */
	enum ldst_isa isa = !n.aarch32 ? LDST_ISA_A64 : (cpu.pstate & PSR_AA32_T_BIT) ? LDST_ISA_T32 : LDST_ISA_A32;
	uint8_t b[4];
	unsigned len = isa == LDST_ISA_T32 ? 2 : 4;
	if (stage1_read_virt(&n.walk, cpu.pc, b, len) != len)
		return refuse(v, ex, ipa, cpu.pc, "instruction", 0, "cannot fetch it through the guest's tables");
	insn = b[0] | b[1] << 8 | (len == 4 ? (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24 : 0);
	if (isa == LDST_ISA_T32 && ldst_t32_is_32bit((uint16_t)insn)) {
		if (stage1_read_virt(&n.walk, cpu.pc + 2, b, 2) != 2)
			return refuse(v, ex, ipa, cpu.pc, "instruction", insn, "cannot fetch it through the guest's tables");
		insn = insn << 16 | b[0] | b[1] << 8;
	}

	struct ldst_insn d;
	ldst_decode(isa, insn, &d);
	if (d.status != LDST_OK)
		return refuse(v, ex, ipa, cpu.pc, d.name, insn,
			      d.status == LDST_UNSUPPORTED ? "not emulated" : "not a load/store");
	if (n.aarch32)
		cpu.big_endian = cpu.pstate & PSR_AA32_E_BIT;
	else
		cpu.big_endian = regs.sctlr & ((cpu.pstate & PSR_MODE_MASK) == PSR_MODE_EL0t ? SCTLR_EL1_E0E : SCTLR_ELx_EE);
	uint64_t old_pstate = cpu.pstate;
	switch (ldst_execute(&d, &cpu, &nisv_ops, &n)) {
	case LDST_EXEC_DONE:
		break;
	case LDST_EXEC_REFUSED:
		return refuse(v, ex, ipa, cpu.pc, d.name, insn, "an access is not all on one device");
	case LDST_EXEC_BIG_ENDIAN:
		return refuse(v, ex, ipa, cpu.pc, d.name, insn, "big-endian data");
	case LDST_EXEC_ACCESS_FAILED:
		return refuse(v, ex, ipa, cpu.pc, d.name, insn, "a device access failed");
	}
	if (armvm_reg_set(v, pc_reg, cpu.pc, NULL) < 0 ||
	    (cpu.pstate != old_pstate && armvm_reg_set(v, ps_reg, cpu.pstate, NULL) < 0) || n.reg_failed) {
		return crash(ex, ipa, "cannot update the registers after emulating %s", d.name);
	}
	return EXIT_RESUME;
}
