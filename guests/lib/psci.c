/* SPDX-License-Identifier: MIT */
#include "psci.h"

#include "console.h"

sreg_t psci_version(void)
{
	return smccc_hvc(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
}

sreg_t psci_features(uint32_t fid)
{
	return smccc_hvc(PSCI_1_0_FN_PSCI_FEATURES, fid, 0, 0);
}

sreg_t psci_cpu_on(uint64_t mpidr, uintptr_t entry, ureg_t context)
{
	return smccc_hvc(PSCI_FN_CPU_ON, (ureg_t)mpidr, entry, context);
}

sreg_t psci_cpu_off(void)
{
	return smccc_hvc(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
}

/* Lowest affinity level 0: the state of exactly this CPU. */
sreg_t psci_affinity_info(uint64_t mpidr)
{
	return smccc_hvc(PSCI_FN_AFFINITY_INFO, (ureg_t)mpidr, 0, 0);
}

void psci_system_off(void)
{
	smccc_hvc(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	/* Only reached when the call failed: say so and stop here. */
	console_puts("psci: SYSTEM_OFF returned\n");
	for (;;)
		wfi();
}

const char *psci_ret_name(sreg_t ret)
{
	switch (ret) {
	case PSCI_RET_SUCCESS:            return "SUCCESS";
	case PSCI_RET_NOT_SUPPORTED:      return "NOT_SUPPORTED";
	case PSCI_RET_INVALID_PARAMETERS: return "INVALID_PARAMETERS";
	case PSCI_RET_DENIED:             return "DENIED";
	case PSCI_RET_ALREADY_ON:         return "ALREADY_ON";
	case PSCI_RET_ON_PENDING:         return "ON_PENDING";
	case PSCI_RET_INTERNAL_FAILURE:   return "INTERNAL_FAILURE";
	case PSCI_RET_NOT_PRESENT:        return "NOT_PRESENT";
	case PSCI_RET_DISABLED:           return "DISABLED";
	case PSCI_RET_INVALID_ADDRESS:    return "INVALID_ADDRESS";
	default:                          return "unknown";
	}
}
