// SPDX-License-Identifier: MIT
/*
 * Guest debugging for embedders (armvm_vcpu_set_debug): software
 * breakpoints, hardware breakpoints and watchpoints, single step through
 * KVM_SET_GUEST_DEBUG (api.rst "KVM_SET_GUEST_DEBUG", arm64
 * kvm_guest_debug_arch), and the KVM_EXIT_DEBUG they cause, reported as
 * ARMVM_EXIT_DEBUG.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch/debug_regs.h"
#include "arch/esr.h"
#include "kvm/guest_debug.h"

void armvm_vm_debug_limits(const struct armvm_vm *vm, unsigned *breakpoints,
			   unsigned *watchpoints)
{
	int bps = 0, wps = 0;

	if (vm && kvm_cap(vm->vm_fd, KVM_CAP_SET_GUEST_DEBUG)) {
		bps = kvm_cap(vm->vm_fd, KVM_CAP_GUEST_DEBUG_HW_BPS);
		wps = kvm_cap(vm->vm_fd, KVM_CAP_GUEST_DEBUG_HW_WPS);
	}
	if (breakpoints)
		*breakpoints = bps > 0 ? (unsigned)(bps > KVM_ARM_MAX_DBG_REGS ? KVM_ARM_MAX_DBG_REGS : bps) : 0;
	if (watchpoints)
		*watchpoints = wps > 0 ? (unsigned)(wps > KVM_ARM_MAX_DBG_REGS ? KVM_ARM_MAX_DBG_REGS : wps) : 0;
}

int armvm_vcpu_set_debug(struct armvm_vcpu *v, const struct armvm_debug *dbg,
			 struct armvm_error *err)
{
	struct kvm_guest_debug g;
	unsigned max_bps, max_wps;

	if (!v || !dbg)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL vCPU or debug settings");
	if (!vcpu_state_accessible(v))
		return armvm_fail(err, ARMVM_E_STATE, "vCPU %u is running on another thread; "
				  "stop it before changing its debug settings", v->index);
	armvm_vm_debug_limits(v->vm, &max_bps, &max_wps);
	if (dbg->nr_breakpoints > max_bps)
		return armvm_fail(err, ARMVM_E_RANGE, "%u hardware breakpoints asked for; this host "
				  "offers %u", dbg->nr_breakpoints, max_bps);
	if (dbg->nr_watchpoints > max_wps)
		return armvm_fail(err, ARMVM_E_RANGE, "%u watchpoints asked for; this host offers %u",
				  dbg->nr_watchpoints, max_wps);
	memset(&g, 0, sizeof(g));
	bool on = dbg->single_step || dbg->sw_breakpoints || dbg->nr_breakpoints || dbg->nr_watchpoints;
	if (on) {
		g.control = KVM_GUESTDBG_ENABLE;
		if (dbg->single_step)
			g.control |= KVM_GUESTDBG_SINGLESTEP;
		if (dbg->sw_breakpoints)
			g.control |= KVM_GUESTDBG_USE_SW_BP;
		if (dbg->nr_breakpoints || dbg->nr_watchpoints)
			g.control |= KVM_GUESTDBG_USE_HW;
	}
	bool aarch32 = v->vm->arch == ARMVM_ARCH_AARCH32;
	for (unsigned i = 0; i < dbg->nr_breakpoints; i++) {
		uint64_t a = dbg->breakpoint[i];
		unsigned bas = aarch32 && (a & 2) ? DBGBCR_BAS_T32_HI : DBGBCR_BAS_A64;
		g.arch.dbg_bvr[i] = a & ~3ULL;
		g.arch.dbg_bcr[i] = DBGBCR_E | DBGBCR_PMC_EL1_EL0 | (uint64_t)bas << DBGBCR_BAS_SHIFT;
	}
	for (unsigned i = 0; i < dbg->nr_watchpoints; i++) {
		const struct armvm_watchpoint *w = &dbg->watchpoint[i];
		if (w->len < 1 || w->len > 8 || (w->addr & 7) + w->len > 8 || !(w->on_read || w->on_write))
			return armvm_fail(err, ARMVM_E_INVAL, "watchpoint %u at 0x%llx: 1..8 bytes within "
					  "an aligned doubleword, on reads and/or writes", i,
					  (unsigned long long)w->addr);
		unsigned bas = ((1u << w->len) - 1) << (w->addr & 7);
		g.arch.dbg_wvr[i] = w->addr & ~7ULL;
		g.arch.dbg_wcr[i] = DBGWCR_E | DBGWCR_PAC_EL1_EL0 |
				    (w->on_read ? DBGWCR_LSC_LOAD : 0) | (w->on_write ? DBGWCR_LSC_STORE : 0) |
				    (uint64_t)bas << DBGWCR_BAS_SHIFT;
	}
	if (ioctl(v->fd, KVM_SET_GUEST_DEBUG, &g) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_SET_GUEST_DEBUG");
	return 0;
}

enum exit_action handle_debug_exit(struct armvm_vcpu *v, struct armvm_exit *ex)
{
	uint32_t esr = v->run->debug.arch.hsr;
	uint64_t pc = 0;
	const char *what;

	armvm_reg_get(v, v->vm->arch == ARMVM_ARCH_AARCH32 ? ARMVM_REG_R15 : ARMVM_REG_PC, &pc, NULL);
	ex->reason = ARMVM_EXIT_DEBUG;
	ex->addr = pc;
	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_WATCHPT_LOW:
		what = "watchpoint";
		ex->debug = ARMVM_DEBUG_WATCHPOINT;
		ex->addr = v->run->debug.arch.far;
		break;
	case ESR_ELx_EC_BREAKPT_LOW:
		what = "hardware breakpoint";
		ex->debug = ARMVM_DEBUG_HW_BREAKPOINT;
		break;
	case ESR_ELx_EC_SOFTSTP_LOW:
		what = "single step";
		ex->debug = ARMVM_DEBUG_STEP;
		break;
	case ESR_ELx_EC_BRK64:
	case ESR_ELx_EC_BKPT32:
		what = "software breakpoint";
		ex->debug = ARMVM_DEBUG_SW_BREAKPOINT;
		break;
	default:
		what = "debug exception";
		ex->debug = ARMVM_DEBUG_OTHER;
		break;
	}
	snprintf(ex->detail, sizeof(ex->detail), "%s (ESR 0x%08x) at pc 0x%llx", what,
		 (unsigned)esr, (unsigned long long)pc);
	return EXIT_REPORT;
}
