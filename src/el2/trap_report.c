// SPDX-License-Identifier: MIT
/* The report of a fatal guest exit: the reason, the syndrome and the vCPU's
 * registers. The run loop then stops the partition (trap.h). */
#include "el2/partition.h"
#include "el2/console.h"
#include "el2/print.h"
#include "el2/sysreg.h"
#include "el2/trap.h"

enum exit_action trap_fatal(struct vcpu *v, uint64_t esr, const char *why)
{
	struct partition *p = v->part;
	bool aarch32 = vcpu_is_aarch32(v);

	hyp_printf("partition %u (%s) vCPU %u stopped: %s\n"
		   "  ESR_EL2 0x%08lx  PC 0x%lx  %s 0x%lx  FAR 0x%lx  HPFAR 0x%lx  exits %lu\n",
		   p->id, p->cfg->name, v->index, why,
		   (unsigned long)esr, (unsigned long)v->regs.elr,
		   aarch32 ? "CPSR" : "PSTATE", (unsigned long)v->regs.spsr,
		   (unsigned long)read_sysreg(far_el2),
		   (unsigned long)read_sysreg(hpfar_el2), (unsigned long)v->exits);
	for (unsigned i = 0; i < (aarch32 ? 15u : 31u); i += 4) {
		char line[160];
		int n = 0;
		for (unsigned j = i; j < i + 4 && j < (aarch32 ? 15u : 31u); j++)
			n += hyp_snprintf(line + n, sizeof(line) - (size_t)n,
					  "  %s%02u 0x%016lx", aarch32 ? "r" : "x", j,
					  (unsigned long)vcpu_get_reg(v, j));
		hyp_printf("%s\n", line);
	}
	hyp_snprintf(v->stop_reason, sizeof(v->stop_reason), "%s", why);
	return EXIT_ACTION_STOP;
}
