// SPDX-License-Identifier: MIT
/* An exception taken from EL2 itself (vectors.S): a hypervisor bug. */
#include <stdint.h>

#include "el2/hyp_layout.h"
#include "el2/pcpu.h"
#include "el2/console.h"
#include "el2/sysreg.h"
#include "el2/vcpu_run.h"

void hyp_fault(unsigned kind, uint64_t lr) __attribute__((noreturn));

static const char *const fault_names[] = {
	[HYP_FAULT_SYNC] = "synchronous exception",
	[HYP_FAULT_IRQ] = "IRQ",
	[HYP_FAULT_FIQ] = "FIQ",
	[HYP_FAULT_SERROR] = "SError",
};

/* An exception taken from EL2 itself: a hypervisor bug. Report it, stop
 * the partition this pCPU serves; the others carry on. */
void hyp_fault(unsigned kind, uint64_t lr)
{
	struct vcpu *v = vcpu_current();

	hyp_printf("hypervisor fault on pCPU %u: %s, ESR_EL2 0x%lx ELR_EL2 0x%lx FAR_EL2 0x%lx LR 0x%lx\n",
		   pcpu_self(), kind < 4 ? fault_names[kind] : "?",
		   (unsigned long)read_sysreg(esr_el2), (unsigned long)read_sysreg(elr_el2),
		   (unsigned long)read_sysreg(far_el2), (unsigned long)lr);
	if (v)
		vcpu_stop_partition(v, "hypervisor fault while serving it");
	pcpu_count_running();
	pcpu_retire();
}
