/* SPDX-License-Identifier: MIT */
/* The timers' interrupt lines around guest entries: see vcpu_timers.h. */
#include "arch/timer.h"
#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/vcpu.h"
#include "el2/vcpu_timers.h"
#include "el2/vgic.h"
#include "el2/vtimer.h"

void vcpu_vtimer_resample(struct vcpu *v)
{
	if (!(__atomic_load_n(&v->vgic.priv_live, __ATOMIC_RELAXED) & (1u << GIC_INTID_VTIMER)))
		return;
	if (!vtimer_output_loaded())
		vgic_hw_ppi_line_low(&v->vgic, GIC_INTID_VTIMER);
}

uint64_t vcpu_ptimer_sample(struct vcpu *v)
{
	uint64_t now;
	bool line;

	if (!(v->ptimer.ctl & CNT_CTL_ENABLE) && !v->ptimer_line)
		return UINT64_MAX;
	gic_sysreg_sync();
	now = gic_sysreg_read(GIC_SR_CNTPCT_EL0);
	line = ptimer_output(&v->ptimer, now);
	if (line != v->ptimer_line) {
		vgic_set_ppi_level(&v->vgic, TIMER_PPI_PHYS, line);
		v->ptimer_line = line;
	}
	return line ? UINT64_MAX : ptimer_deadline(&v->ptimer);
}

void vcpu_ptimer_before_entry(struct vcpu *v)
{
	uint64_t deadline;

	if (!(v->ptimer.ctl & CNT_CTL_ENABLE) && !v->ptimer_line &&
	    v->ptimer_wakeup == UINT64_MAX)
		return;
	deadline = vcpu_ptimer_sample(v);
	if (deadline != v->ptimer_wakeup) {
		vtimer_set_wakeup(deadline);
		v->ptimer_wakeup = deadline;
	}
}

void vcpu_ptimer_wakeup_lost(struct vcpu *v)
{
	v->ptimer_wakeup = UINT64_MAX;
}
