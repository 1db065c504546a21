// SPDX-License-Identifier: MIT
/*
 * HVC and SMC from guests: PSCI 1.1 (the guests' conduit is HVC; SMC is
 * trapped by HCR_EL2.TSC and answered the same way), SMCCC discovery, and
 * the armvm null hypercall used by the benchmarks.
 */
#include "arch/esr.h"
#include "arch/mpidr.h"
#include "arch/range.h"
#include "el2/el2_regs.h"
#include "el2/partition.h"
#include "el2/pcpu.h"
#include "el2/psci.h"
#include "el2/trap.h"

static struct vcpu *vcpu_by_mpidr(struct partition *p, uint64_t mpidr)
{
	for (unsigned i = 0; i < p->cfg->nr_vcpus; i++)
		if (p->vcpus[i].mpidr == (mpidr & MPIDR_AFF_MASK))
			return &p->vcpus[i];
	return NULL;
}

static bool fn_is_64(uint32_t fn)
{
	return (fn & SMCCC_FN_64BIT) != 0;
}

static int64_t psci_cpu_on(struct vcpu *v, uint64_t target, uint64_t entry,
			   uint64_t ctx)
{
	struct partition *p = v->part;
	struct vcpu *t = vcpu_by_mpidr(p, target);
	int expected = VCPU_OFF;

	if (!t)
		return PSCI_RET_INVALID_PARAMS;
	if (!range_contains(p->ram.gpa, p->ram.size, entry, 1))
		return PSCI_RET_INVALID_ADDRESS;
	if (!__atomic_compare_exchange_n(&t->power, &expected, VCPU_ON_PENDING,
					 false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return expected == VCPU_ON ? PSCI_RET_ALREADY_ON : PSCI_RET_ON_PENDING;
	t->boot_pc = entry;
	t->boot_ctx = ctx;
	t->boot_is_primary = false;
	if (pcpu_start_vcpu(t) < 0)
		return PSCI_RET_INTERNAL_FAILURE;
	return PSCI_RET_SUCCESS;
}

static int64_t psci_affinity_info(struct vcpu *v, uint64_t target, uint64_t level)
{
	struct partition *p = v->part;
	bool any = false, on = false, pending = false;

	if (level > 3)
		return PSCI_RET_INVALID_PARAMS;
	/* The affinity fields from `level` up must match. */
	uint64_t mask = mpidr_aff_from_level((unsigned)level);
	for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
		struct vcpu *t = &p->vcpus[i];
		if ((t->mpidr & mask) != (target & mask))
			continue;
		any = true;
		int pw = __atomic_load_n(&t->power, __ATOMIC_SEQ_CST);
		on |= pw == VCPU_ON;
		pending |= pw == VCPU_ON_PENDING;
	}
	if (!any)
		return PSCI_RET_INVALID_PARAMS;
	return on ? PSCI_AFFINITY_ON : pending ? PSCI_AFFINITY_ON_PENDING :
		    PSCI_AFFINITY_OFF;
}

static int64_t psci_features(uint32_t fid)
{
	switch (fid) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
	case SMCCC_VERSION_FN:
		/* CPU_SUSPEND: original power_state format, no OS-initiated mode. */
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

/*
 * One call; fn, args in the caller's width (AArch32: 32-bit values). A call
 * that returns writes its result to x0/r0 and returns EXIT_ACTION_RESUME, or
 * EXIT_ACTION_BLOCK to wait first; CPU_OFF, SYSTEM_OFF and SYSTEM_RESET do
 * not return to the caller: x0 is left alone and the run loop acts.
 */
static enum exit_action hypercall(struct vcpu *v, uint32_t fn, uint64_t a1,
				  uint64_t a2, uint64_t a3)
{
	int64_t ret;

	if (!fn_is_64(fn)) {
		a1 &= 0xffffffffULL;
		a2 &= 0xffffffffULL;
		a3 &= 0xffffffffULL;
	} else if (vcpu_is_aarch32(v)) {
		ret = PSCI_RET_NOT_SUPPORTED;    /* SMC64 calls need AArch64 */
		goto out;
	}
	switch (fn) {
	case ARMVM_HVC_NULL:
		ret = 0;
		break;
	case PSCI_FN_VERSION:
		ret = PSCI_VERSION(1, 1);
		break;
	case PSCI_FN_FEATURES:
		ret = psci_features((uint32_t)a1);
		break;
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
		/* Standby: every power state behaves like WFI here. */
		vcpu_set_reg(v, 0, PSCI_RET_SUCCESS);
		return EXIT_ACTION_BLOCK;
	case PSCI_FN_CPU_OFF:
		return EXIT_ACTION_VCPU_OFF;
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
		ret = psci_cpu_on(v, a1, a2, a3);
		break;
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
		ret = psci_affinity_info(v, a1, a2);
		break;
	case PSCI_FN_MIGRATE_INFO_TYPE:
		ret = PSCI_TOS_NOT_PRESENT_MP;
		break;
	case PSCI_FN_SYSTEM_OFF:
		return EXIT_ACTION_SYSTEM_OFF;
	case PSCI_FN_SYSTEM_RESET:
		return EXIT_ACTION_RESET;
	case SMCCC_VERSION_FN:
		ret = SMCCC_VERSION_1_1;
		break;
	case SMCCC_ARCH_FEATURES_FN:
		ret = SMCCC_RET_NOT_SUPPORTED;
		break;
	default:
		ret = PSCI_RET_NOT_SUPPORTED;
		break;
	}
out:
	vcpu_set_reg(v, 0, (uint64_t)ret);
	return EXIT_ACTION_RESUME;
}

enum exit_action trap_hvc_smc(struct vcpu *v, uint64_t esr)
{
	unsigned ec = ESR_ELx_EC(esr);

	if (ec == ESR_ELx_EC_SMC32 || ec == ESR_ELx_EC_SMC64) {
		/* A trapped SMC leaves ELR on the SMC itself. */
		bool run = trap_cond_passed(v, esr);
		vcpu_skip_insn(v, 4);
		if (!run)
			return EXIT_ACTION_RESUME;
	}
	return hypercall(v, (uint32_t)vcpu_get_reg(v, 0), vcpu_get_reg(v, 1),
			 vcpu_get_reg(v, 2), vcpu_get_reg(v, 3));
}
