/* SPDX-License-Identifier: MIT */
/*
 * Virtual timer world switch and wake-up arithmetic (see vtimer.h).
 */
#include "arch/timer.h"
#include "arch/gic_regs.h"
#include "el2/gic_sysreg.h"
#include "el2/vtimer.h"

void vtimer_init(struct vtimer *t, uint64_t cntvoff)
{
	t->cntvoff = cntvoff;
	t->ctl = 0;
	t->cval = 0;
}

void vtimer_restore(const struct vtimer *t)
{
	gic_sysreg_write(GIC_SR_CNTVOFF_EL2, t->cntvoff);
	gic_sysreg_write(GIC_SR_CNTV_CVAL_EL0, t->cval);
	gic_sysreg_write(GIC_SR_CNTV_CTL_EL0, t->ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK));
	gic_sysreg_sync();
}

void vtimer_save(struct vtimer *t)
{
	t->ctl = gic_sysreg_read(GIC_SR_CNTV_CTL_EL0) & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
	t->cval = gic_sysreg_read(GIC_SR_CNTV_CVAL_EL0);
	/* Off, so PPI 27 cannot assert for whoever runs here next. */
	gic_sysreg_write(GIC_SR_CNTV_CTL_EL0, 0);
	gic_sysreg_sync();
}

bool vtimer_condition_met(uint64_t ctl, uint64_t cval, uint64_t cntvoff, uint64_t now_phys)
{
	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK))
		return false;
	return now_phys - cntvoff >= cval;   /* CNTVCT >= CVAL, unsigned */
}

uint64_t vtimer_deadline_of(uint64_t ctl, uint64_t cval, uint64_t cntvoff)
{
	uint64_t phys;

	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK))
		return UINT64_MAX;
	phys = cval + cntvoff;
	/* Past the end of the physical count: never, as far as we care. */
	if (phys < cval)
		return UINT64_MAX;
	return phys;
}

bool vtimer_pending(const struct vtimer *t)
{
	gic_sysreg_sync();      /* order the counter read after earlier code */
	return vtimer_condition_met(t->ctl, t->cval, t->cntvoff,
				    gic_sysreg_read(GIC_SR_CNTPCT_EL0));
}

bool vtimer_output_loaded(void)
{
	uint64_t ctl = gic_sysreg_read(GIC_SR_CNTV_CTL_EL0);

	return (ctl & CNT_CTL_ENABLE) && (ctl & CNT_CTL_ISTATUS) && !(ctl & CNT_CTL_IMASK);
}

uint64_t vtimer_deadline(const struct vtimer *t)
{
	return vtimer_deadline_of(t->ctl, t->cval, t->cntvoff);
}

void vtimer_set_wakeup(uint64_t deadline)
{
	if (deadline == UINT64_MAX) {
		gic_sysreg_write(GIC_SR_CNTHP_CTL_EL2, 0);
	} else {
		gic_sysreg_write(GIC_SR_CNTHP_CVAL_EL2, deadline);
		gic_sysreg_write(GIC_SR_CNTHP_CTL_EL2, CNT_CTL_ENABLE);
	}
	gic_sysreg_sync();
}
