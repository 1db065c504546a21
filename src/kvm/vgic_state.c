/* SPDX-License-Identifier: MIT */
/*
 * The in-kernel vGIC's saved state, through KVM's device attributes
 * (Documentation/virt/kvm/devices/arm-vgic.rst and arm-vgic-v3.rst):
 *
 *   GICv3  KVM_DEV_ARM_VGIC_GRP_DIST_REGS    the distributor (SPIs)
 *          KVM_DEV_ARM_VGIC_GRP_REDIST_REGS  each redistributor (SGIs, PPIs)
 *          KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS  each CPU interface (ICC_*_EL1)
 *          KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO   the SPIs' line levels
 *   GICv2  KVM_DEV_ARM_VGIC_GRP_DIST_REGS    the distributor, banked per CPU
 *          KVM_DEV_ARM_VGIC_GRP_CPU_REGS     each CPU interface (GICC_*)
 *
 * The record lists { group, attribute, value } in the order they are
 * written back, so loading is one loop: configuration before state
 * (group, priority, trigger, routing), line levels before pending bits,
 * enables last; each set/clear register pair as "clear all but the saved
 * bits, then set the saved bits". The CPU interface's ICC_SRE_EL1 and
 * ICC_CTLR_EL1 go before the other ICC registers (arm-vgic-v3.rst). Only
 * attributes the host's KVM has (KVM_HAS_DEVICE_ATTR) are saved, and a load
 * checks every one against the new VM's vGIC before writing any.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch/gic_regs.h"
#include "arch/mpidr.h"
#include "kvm/vcpu_state.h"

#define NR_IRQS         (32 + vgic_nr_spis())
#define NR_WORDS        (NR_IRQS / 32)           /* 1 bit per INTID */
#define SYSREG_ATTR(...) (ARM64_SYS_REG(__VA_ARGS__) & KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK)

struct gic_saver {
	struct armvm_vm *vm;
	struct state_writer *w;
	struct armvm_error *err;
	int rc;
};

static int attr_io(int fd, unsigned long op, uint32_t group, uint64_t attr, void *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uint64_t)(uintptr_t)val };
	return ioctl(fd, op, &a);
}

static bool has_attr(struct armvm_vm *vm, uint32_t group, uint64_t attr)
{
	return attr_io(vm->gic_fd, KVM_HAS_DEVICE_ATTR, group, attr, NULL) == 0;
}

static uint32_t size_of_group(uint32_t group)
{
	return group == KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS ? 8 : 4;
}

/* Read one attribute; false (and nothing saved) when KVM does not have it. */
static bool get(struct gic_saver *s, uint32_t group, uint64_t attr, uint64_t *value)
{
	if (s->rc < 0 || !has_attr(s->vm, group, attr))
		return false;
	uint64_t v64 = 0;
	uint32_t v32 = 0;
	bool wide = size_of_group(group) == 8;
	if (attr_io(s->vm->gic_fd, KVM_GET_DEVICE_ATTR, group, attr, wide ? (void *)&v64 : (void *)&v32) < 0) {
		s->rc = armvm_fail(s->err, ARMVM_E_KVM,
				   "reading vGIC attribute group %u attr 0x%llx: %s", group,
				   (unsigned long long)attr, strerror(errno));
		return false;
	}
	*value = wide ? v64 : v32;
	return true;
}

static void save(struct gic_saver *s, uint32_t group, uint64_t attr)
{
	uint64_t v;
	if (get(s, group, attr, &v))
		state_put_attr(s->w, group, size_of_group(group), attr, v);
}

/* A set/clear register pair: clear what was not set, then set what was. */
static void save_pair(struct gic_saver *s, uint32_t group, uint64_t base, uint32_t set_off,
		      uint32_t clear_off)
{
	uint64_t v;
	if (!get(s, group, base | set_off, &v) || !has_attr(s->vm, group, base | clear_off))
		return;
	state_put_attr(s->w, group, 4, base | clear_off, ~v & 0xffffffffu);
	state_put_attr(s->w, group, 4, base | set_off, v);
}

/* The affinity of vCPU i as the vGIC's attributes name it: Aff3.Aff2.Aff1.Aff0
 * in 32 bits (arm-vgic-v3.rst, KVM_DEV_ARM_VGIC_V3_MPIDR_MASK). */
static int vcpu_affinity(struct armvm_vcpu *v, uint64_t *out, struct armvm_error *err)
{
	uint64_t mpidr;
	struct kvm_one_reg r = { .id = ARM64_SYS_REG(3, 0, 0, 0, 5), .addr = (uint64_t)(uintptr_t)&mpidr };
	if (ioctl(v->fd, KVM_GET_ONE_REG, &r) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "reading MPIDR_EL1");
	uint64_t aff = (mpidr >> MPIDR_AFF0_SHIFT & MPIDR_AFF_FIELD_MASK) |
		       (mpidr >> MPIDR_AFF1_SHIFT & MPIDR_AFF_FIELD_MASK) << 8 |
		       (mpidr >> MPIDR_AFF2_SHIFT & MPIDR_AFF_FIELD_MASK) << 16 |
		       (mpidr >> MPIDR_AFF3_SHIFT & MPIDR_AFF_FIELD_MASK) << 24;
	*out = aff << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
	return 0;
}

static void save_v3(struct gic_saver *s)
{
	const uint32_t DIST = KVM_DEV_ARM_VGIC_GRP_DIST_REGS, REDIST = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
		       ICC = KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, LEVEL = KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO;
	struct armvm_vm *vm = s->vm;

	save(s, DIST, GICD_CTLR);
	for (unsigned c = 0; c < vm->nr_vcpus && s->rc == 0; c++) {
		uint64_t m;
		if ((s->rc = vcpu_affinity(&vm->vcpus[c], &m, s->err)) < 0)
			return;
		save(s, REDIST, m | GICR_IGROUPR0);
		for (unsigned i = 0; i < 8; i++)
			save(s, REDIST, m | (GICR_IPRIORITYR0 + 4 * i));
		save(s, REDIST, m | GICR_ICFGR0);
		save(s, REDIST, m | GICR_ICFGR1);
		save_pair(s, REDIST, m, GICR_ISPENDR0, GICR_ICPENDR0);
		save_pair(s, REDIST, m, GICR_ISACTIVER0, GICR_ICACTIVER0);
		save_pair(s, REDIST, m, GICR_ISENABLER0, GICR_ICENABLER0);
		/* LPIs (with an ITS): the tables' bases before EnableLPIs. */
		if (vm->its_fd >= 0) {
			save(s, REDIST, m | GICR_PROPBASER);
			save(s, REDIST, m | (GICR_PROPBASER + 4));
			save(s, REDIST, m | GICR_PENDBASER);
			save(s, REDIST, m | (GICR_PENDBASER + 4));
		}
		save(s, REDIST, m | GICR_CTLR);
	}
	/* The SPIs: word 0 (the private INTIDs) is the redistributors'. */
	for (unsigned w = 1; w < NR_WORDS; w++)
		save(s, DIST, GICD_IGROUPR + 4 * w);
	for (unsigned w = 32 / 4; w < NR_IRQS / 4; w++)
		save(s, DIST, GICD_IPRIORITYR + 4 * w);
	for (unsigned w = 32 / 16; w < NR_IRQS / 16; w++)
		save(s, DIST, GICD_ICFGR + 4 * w);
	for (unsigned n = 32; n < NR_IRQS; n++) {
		save(s, DIST, GICD_IROUTER + 8 * n);
		save(s, DIST, GICD_IROUTER + 8 * n + 4);
	}
	for (unsigned n = 32; n < NR_IRQS; n += 32)
		save(s, LEVEL, (uint64_t)VGIC_LEVEL_INFO_LINE_LEVEL << KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT | n);
	for (unsigned w = 1; w < NR_WORDS; w++) {
		save_pair(s, DIST, 0, GICD_ISPENDR + 4 * w, GICD_ICPENDR + 4 * w);
		save_pair(s, DIST, 0, GICD_ISACTIVER + 4 * w, GICD_ICACTIVER + 4 * w);
		save_pair(s, DIST, 0, GICD_ISENABLER + 4 * w, GICD_ICENABLER + 4 * w);
	}
	for (unsigned c = 0; c < vm->nr_vcpus && s->rc == 0; c++) {
		uint64_t m;
		if ((s->rc = vcpu_affinity(&vm->vcpus[c], &m, s->err)) < 0)
			return;
		uint64_t ctlr;
		save(s, ICC, m | SYSREG_ATTR(ICC_SRE_EL1_ENC));
		if (!get(s, ICC, m | SYSREG_ATTR(ICC_CTLR_EL1_ENC), &ctlr))
			return;
		state_put_attr(s->w, ICC, 8, m | SYSREG_ATTR(ICC_CTLR_EL1_ENC), ctlr);
		save(s, ICC, m | SYSREG_ATTR(ICC_PMR_EL1_ENC));
		save(s, ICC, m | SYSREG_ATTR(ICC_BPR0_EL1_ENC));
		save(s, ICC, m | SYSREG_ATTR(ICC_BPR1_EL1_ENC));
		/* Only the active-priority registers the priority bits need
		 * (KVM refuses the others although it lists them). */
		for (unsigned n = 0; n < ICC_CTLR_EL1_NR_APRS(ctlr); n++) {
			save(s, ICC, m | SYSREG_ATTR(ICC_AP0R_EL1_ENC(n)));
			save(s, ICC, m | SYSREG_ATTR(ICC_AP1R_EL1_ENC(n)));
		}
		save(s, ICC, m | SYSREG_ATTR(ICC_IGRPEN0_EL1_ENC));
		save(s, ICC, m | SYSREG_ATTR(ICC_IGRPEN1_EL1_ENC));
	}
}

static void save_v2(struct gic_saver *s)
{
	const uint32_t DIST = KVM_DEV_ARM_VGIC_GRP_DIST_REGS, CPU = KVM_DEV_ARM_VGIC_GRP_CPU_REGS;
	struct armvm_vm *vm = s->vm;

	save(s, DIST, GICD_CTLR);
	/* The banked registers of the private INTIDs, per CPU. The SGIs'
	 * pending state is per source CPU, in GICD_[CS]PENDSGIR (ISPENDR0's
	 * SGI bits are read-only). */
	for (unsigned c = 0; c < vm->nr_vcpus; c++) {
		uint64_t m = (uint64_t)c << KVM_DEV_ARM_VGIC_CPUID_SHIFT;
		save(s, DIST, m | GICD_IGROUPR);
		for (unsigned i = 0; i < 8; i++)
			save(s, DIST, m | (GICD_IPRIORITYR + 4 * i));
		save(s, DIST, m | (GICD_ICFGR + 4));
		/* The SGIs' sources after their pending bits: KVM derives an SGI's
		 * pending state from its sources. */
		save_pair(s, DIST, m, GICD_ISPENDR, GICD_ICPENDR);
		for (unsigned i = 0; i < GICD_SGI_PENDING_REGS; i++) {
			uint64_t v;
			if (get(s, DIST, m | (GICD_SPENDSGIR + 4 * i), &v)) {
				state_put_attr(s->w, DIST, 4, m | (GICD_CPENDSGIR + 4 * i), ~v & 0xffffffffu);
				state_put_attr(s->w, DIST, 4, m | (GICD_SPENDSGIR + 4 * i), v);
			}
		}
		save_pair(s, DIST, m, GICD_ISACTIVER, GICD_ICACTIVER);
		save_pair(s, DIST, m, GICD_ISENABLER, GICD_ICENABLER);
	}
	for (unsigned w = 1; w < NR_WORDS; w++)
		save(s, DIST, GICD_IGROUPR + 4 * w);
	for (unsigned w = 32 / 4; w < NR_IRQS / 4; w++) {
		save(s, DIST, GICD_IPRIORITYR + 4 * w);
		save(s, DIST, GICD_ITARGETSR + 4 * w);
	}
	for (unsigned w = 32 / 16; w < NR_IRQS / 16; w++)
		save(s, DIST, GICD_ICFGR + 4 * w);
	for (unsigned w = 1; w < NR_WORDS; w++) {
		save_pair(s, DIST, 0, GICD_ISPENDR + 4 * w, GICD_ICPENDR + 4 * w);
		save_pair(s, DIST, 0, GICD_ISACTIVER + 4 * w, GICD_ICACTIVER + 4 * w);
		save_pair(s, DIST, 0, GICD_ISENABLER + 4 * w, GICD_ICENABLER + 4 * w);
	}
	for (unsigned c = 0; c < vm->nr_vcpus; c++) {
		uint64_t m = (uint64_t)c << KVM_DEV_ARM_VGIC_CPUID_SHIFT;
		save(s, CPU, m | GICC_CTLR);
		save(s, CPU, m | GICC_PMR);
		save(s, CPU, m | GICC_BPR);
		save(s, CPU, m | GICC_ABPR);
		for (unsigned n = 0; n < GICV2_NR_APRS; n++)
			save(s, CPU, m | (GICC_APR0 + 4 * n));
	}
}

int vgic_state_save(struct armvm_vm *vm, struct state_writer *w, struct armvm_error *err)
{
	if (vm->gic_fd < 0)
		return 0;
	struct gic_saver s = { .vm = vm, .w = w, .err = err };
	state_rec_begin(w, STATE_REC_GIC, STATE_VM_RECORD);
	if (vm->gic == ARMVM_GIC_V3)
		save_v3(&s);
	else
		save_v2(&s);
	state_rec_end(w);
	return s.rc;
}

static bool group_allowed(const struct armvm_vm *vm, uint32_t group)
{
	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
		return true;
	case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS:
	case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO:
		return vm->gic == ARMVM_GIC_V3;
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS:
		return vm->gic == ARMVM_GIC_V2;
	}
	return false;
}

int vgic_state_check(struct armvm_vm *vm, const struct state_rec_view *rec,
		     struct armvm_error *err)
{
	size_t pos = 0;
	struct state_attr a;
	while (state_next_attr(rec, &pos, &a)) {
		if (!group_allowed(vm, a.group) || a.size != size_of_group(a.group))
			return armvm_fail(err, ARMVM_E_INVAL,
					  "the state's GICv%d entry %zu: group %u of size %u does not "
					  "belong to this VM's GIC", (int)vm->gic,
					  pos / STATE_GIC_ENTRY - 1, a.group, a.size);
		if (!has_attr(vm, a.group, a.attr))
			return armvm_fail(err, ARMVM_E_INVAL,
					  "the state's vGIC attribute (group %u, 0x%llx) is unknown to "
					  "this VM's vGIC", a.group, (unsigned long long)a.attr);
	}
	return 0;
}

int vgic_state_load(struct armvm_vm *vm, const struct state_rec_view *rec,
		    struct armvm_error *err)
{
	size_t pos = 0;
	struct state_attr a;
	while (state_next_attr(rec, &pos, &a)) {
		uint32_t v32 = (uint32_t)a.value;
		uint64_t v64 = a.value;
		if (attr_io(vm->gic_fd, KVM_SET_DEVICE_ATTR, a.group, a.attr,
			    a.size == 8 ? (void *)&v64 : (void *)&v32) < 0)
			return armvm_fail(err, ARMVM_E_KVM,
					  "writing vGIC attribute group %u attr 0x%llx: %s", a.group,
					  (unsigned long long)a.attr, strerror(errno));
	}
	return 0;
}
