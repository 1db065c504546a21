/* SPDX-License-Identifier: MIT */
/*
 * The ITS's saved state (Documentation/virt/kvm/devices/arm-vgic-its.rst,
 * "ITS Restore Sequence"). Saving writes the LPIs' pending bits into the
 * redistributors' pending tables (KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES) and
 * the ITS's device, collection and translation tables into the guest RAM
 * its GITS_BASER<n> point at (KVM_DEV_ARM_ITS_SAVE_TABLES): the embedder
 * saves RAM after this. Then the ITS registers, in restore order: GITS_IIDR
 * (the table layout's revision) first, GITS_CBASER before the command queue
 * pointers, the GITS_BASER<n>, and GITS_CTLR last. Loading (after the GIC
 * record, whose redistributors carry PROPBASER, PENDBASER and EnableLPIs,
 * and into RAM already filled) writes them back and has KVM read the tables
 * (KVM_DEV_ARM_ITS_RESTORE_TABLES) just before GITS_CTLR.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch/gic_regs.h"
#include "kvm/vcpu_state.h"

static int dev_attr(int fd, unsigned long op, uint32_t group, uint64_t attr, void *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uint64_t)(uintptr_t)val };
	return ioctl(fd, op, &a);
}

static int ctrl(int fd, uint64_t what, const char *name, struct armvm_error *err)
{
	if (dev_attr(fd, KVM_SET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CTRL, what, NULL) < 0)
		return armvm_fail(err, ARMVM_E_KVM, "%s: %s", name, strerror(errno));
	return 0;
}

static const uint32_t its_regs[] = {
	GITS_IIDR, GITS_CBASER, GITS_CWRITER, GITS_CREADR,
	GITS_BASER + 0 * 8, GITS_BASER + 1 * 8, GITS_BASER + 2 * 8, GITS_BASER + 3 * 8,
	GITS_BASER + 4 * 8, GITS_BASER + 5 * 8, GITS_BASER + 6 * 8, GITS_BASER + 7 * 8,
	GITS_CTLR,
};
_Static_assert(sizeof(its_regs) / sizeof(its_regs[0]) == 5 + GITS_NR_BASERS,
	       "every ITS register KVM saves");

int its_state_save(struct armvm_vm *vm, struct state_writer *w, struct armvm_error *err)
{
	if (vm->its_fd < 0)
		return 0;
	int r;
	if ((r = ctrl(vm->gic_fd, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES,
		      "saving the LPI pending tables", err)) < 0 ||
	    (r = ctrl(vm->its_fd, KVM_DEV_ARM_ITS_SAVE_TABLES, "saving the ITS tables", err)) < 0)
		return r;
	state_rec_begin(w, STATE_REC_ITS, STATE_VM_RECORD);
	for (size_t i = 0; i < sizeof(its_regs) / sizeof(its_regs[0]); i++) {
		uint64_t v;
		if (dev_attr(vm->its_fd, KVM_GET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_ITS_REGS, its_regs[i],
			     &v) < 0)
			return armvm_fail(err, ARMVM_E_KVM, "reading ITS register 0x%x: %s", its_regs[i],
					  strerror(errno));
		state_put_attr(w, KVM_DEV_ARM_VGIC_GRP_ITS_REGS, 8, its_regs[i], v);
	}
	state_rec_end(w);
	return 0;
}

int its_state_check(struct armvm_vm *vm, const struct state_rec_view *rec, struct armvm_error *err)
{
	size_t pos = 0;
	struct state_attr a;
	while (state_next_attr(rec, &pos, &a)) {
		bool known = false;
		for (size_t i = 0; i < sizeof(its_regs) / sizeof(its_regs[0]); i++)
			known |= a.attr == its_regs[i];
		if (a.group != KVM_DEV_ARM_VGIC_GRP_ITS_REGS || a.size != 8 || !known ||
		    dev_attr(vm->its_fd, KVM_HAS_DEVICE_ATTR, a.group, a.attr, NULL) < 0)
			return armvm_fail(err, ARMVM_E_INVAL,
					  "the state's ITS entry (group %u, 0x%llx) is not an ITS register "
					  "this VM's ITS has", a.group, (unsigned long long)a.attr);
	}
	return 0;
}

int its_state_load(struct armvm_vm *vm, const struct state_rec_view *rec, struct armvm_error *err)
{
	size_t pos = 0;
	struct state_attr a;
	while (state_next_attr(rec, &pos, &a)) {
		int r;
		if (a.attr == GITS_CTLR &&
		    (r = ctrl(vm->its_fd, KVM_DEV_ARM_ITS_RESTORE_TABLES, "restoring the ITS tables", err)) < 0)
			return r;
		uint64_t v = a.value;
		if (dev_attr(vm->its_fd, KVM_SET_DEVICE_ATTR, a.group, a.attr, &v) < 0)
			return armvm_fail(err, ARMVM_E_KVM, "writing ITS register 0x%llx: %s",
					  (unsigned long long)a.attr, strerror(errno));
	}
	return 0;
}
