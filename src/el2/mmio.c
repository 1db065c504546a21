// SPDX-License-Identifier: MIT
/*
 * Stage-2 aborts: a data access to an IPA that is not RAM is either an MMIO
 * access to one of the partition's device models (emulated from the ESR
 * syndrome) or an access outside everything the partition owns, which
 * is a guest crash (the partition stops with a report) or, for partitions
 * configured with on_fault = abort, a synchronous external abort, as a bus
 * error would be on hardware.
 */
#include "el2/dabt_decode.h"
#include "arch/esr.h"
#include "el2/partition.h"
#include "el2/console.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "el2/trap.h"

/* Reports of injected aborts per partition before going quiet. */
#define ABORT_REPORTS_MAX 8

/* An access to nothing: a guest crash (EXIT_ACTION_STOP), unless the
 * partition is configured to take an abort for it (on_fault = abort, e.g.
 * an isolation probe): then the caller injects one. */
static enum exit_action report_outside(struct vcpu *v, uint64_t esr, const char *what,
				       uint64_t ipa)
{
	struct partition *p = v->part;

	if (!p->cfg->fault_inject) {
		char why[96];
		hyp_snprintf(why, sizeof(why), "%s at IPA 0x%lx: nothing is mapped there",
			     what, (unsigned long)ipa);
		return trap_fatal(v, esr, why);
	}
	if (p->abort_reports >= ABORT_REPORTS_MAX)
		return EXIT_ACTION_RESUME;
	p->abort_reports++;
	if (dev_log_limit_take(&p->log_limit))
		hyp_printf("partition %u (%s) vCPU %u: %s at IPA 0x%lx outside its RAM and devices: abort injected%s\n",
			   p->id, p->cfg->name, v->index, what, (unsigned long)ipa,
			   p->abort_reports == ABORT_REPORTS_MAX ? " (further reports suppressed)" : "");
	return EXIT_ACTION_RESUME;
}

enum exit_action trap_dabt(struct vcpu *v, uint64_t esr)
{
	struct partition *p = v->part;
	uint64_t hpfar = read_sysreg(hpfar_el2);
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = dabt_fault_ipa(hpfar, far);
	struct dabt_access a;
	enum dabt_result r = dabt_decode(esr, hpfar, far, &a);
	bool write = (esr & ESR_ELx_WNR) != 0;

	if (r == DABT_CACHE_MAINT) {
		/* Cache maintenance by VA on a device or hole: nothing to do. */
		vcpu_skip_insn(v, esr_insn_len(esr));
		return EXIT_ACTION_RESUME;
	}
	if (r == DABT_TABLE_WALK) {
		if (report_outside(v, esr, "stage-1 table walk", ipa) != EXIT_ACTION_RESUME)
			return EXIT_ACTION_STOP;
		inject_dabt(v, far, false);
		return EXIT_ACTION_RESUME;
	}
	struct mmio_slot *s = partition_find_region(p, ipa, r == DABT_OK ? a.size : 1);
	if (!s) {
		if (report_outside(v, esr, write ? "write" : "read", ipa) != EXIT_ACTION_RESUME)
			return EXIT_ACTION_STOP;
		inject_dabt(v, far, write);
		return EXIT_ACTION_RESUME;
	}
	if (r == DABT_NO_SYNDROME)
		return trap_dabt_nisv(v, esr, far, ipa);   /* mmio_nisv.c */
	if (r != DABT_OK)
		return trap_fatal(v, esr, "MMIO access the syndrome does not describe (cannot emulate)");

	uint64_t offset = ipa - s->region.base;
	if (a.write) {
		uint64_t val = dabt_store_value(&a, vcpu_get_esr_reg(v, a.srt));
		dev_mmio_write(&s->region, s->lock, offset, a.size, val);
	} else {
		uint64_t val = dev_mmio_read(&s->region, s->lock, offset, a.size);
		vcpu_set_esr_reg(v, a.srt, dabt_load_value(&a, val));
	}
	vcpu_skip_insn(v, a.insn_len);
	return EXIT_ACTION_RESUME;
}

enum exit_action trap_iabt(struct vcpu *v, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = dabt_fault_ipa(read_sysreg(hpfar_el2), far);

	if (report_outside(v, esr, "instruction fetch", ipa) != EXIT_ACTION_RESUME)
		return EXIT_ACTION_STOP;
	inject_iabt(v, far);
	return EXIT_ACTION_RESUME;
}
