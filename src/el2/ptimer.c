/* SPDX-License-Identifier: MIT */
/* The emulated EL1 physical timer's register semantics: see ptimer.h. */
#include "arch/timer.h"
#include "el2/ptimer.h"

void ptimer_reset(struct ptimer *t)
{
	t->ctl = 0;
	t->cval = 0;
}

static bool condition_met(const struct ptimer *t, uint64_t now)
{
	return (t->ctl & CNT_CTL_ENABLE) && now >= t->cval;
}

uint64_t ptimer_read_ctl(const struct ptimer *t, uint64_t now)
{
	return t->ctl | (condition_met(t, now) ? CNT_CTL_ISTATUS : 0);
}

void ptimer_write_ctl(struct ptimer *t, uint64_t value)
{
	t->ctl = value & (CNT_CTL_ENABLE | CNT_CTL_IMASK);   /* ISTATUS is RO */
}

uint64_t ptimer_read_tval(const struct ptimer *t, uint64_t now)
{
	return (t->cval - now) & 0xffffffffULL;
}

void ptimer_write_tval(struct ptimer *t, uint64_t now, uint64_t value)
{
	t->cval = now + (uint64_t)(int64_t)(int32_t)(uint32_t)value;
}

bool ptimer_output(const struct ptimer *t, uint64_t now)
{
	return condition_met(t, now) && !(t->ctl & CNT_CTL_IMASK);
}

uint64_t ptimer_deadline(const struct ptimer *t)
{
	if (!(t->ctl & CNT_CTL_ENABLE) || (t->ctl & CNT_CTL_IMASK))
		return UINT64_MAX;
	return t->cval;
}
