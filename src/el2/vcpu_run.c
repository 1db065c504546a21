// SPDX-License-Identifier: MIT
/* The vCPU run loop: see vcpu_run.h. */
#include "el2/console.h"
#include "el2/gic.h"
#include "el2/partition.h"
#include "el2/pcpu.h"
#include "el2/switch.h"
#include "el2/sysreg.h"
#include "el2/trap.h"
#include "el2/vcpu_run.h"
#include "el2/vcpu_timers.h"
#include "el2/vtimer.h"

/* Reset the vCPU to its entry and place it on this pCPU. */
static void vcpu_reset_and_load(struct vcpu *v)
{
	vcpu_reset(v);
	vcpu_load(v);
	v->power = VCPU_ON;
}

void vcpu_start(struct vcpu *v)
{
	write_sysreg(tpidr_el2, (uintptr_t)v);
	if (partition_wants_down(v->part)) {
		v->power = VCPU_OFF;
		pcpu_retire();
	}
	vcpu_reset_and_load(v);
	vgic_flush(&v->vgic);
}

/* Take the vCPU off this pCPU (saving its state), mark it off and power
 * the pCPU off. */
static void vcpu_leave(struct vcpu *v) __attribute__((noreturn));
static void vcpu_leave(struct vcpu *v)
{
	vcpu_put(v);
	if (v->ptimer_wakeup != UINT64_MAX) {
		vtimer_set_wakeup(UINT64_MAX);
		vcpu_ptimer_wakeup_lost(v);
	}
	console_guest_flush(&v->part->console);
	write_sysreg(tpidr_el2, 0);
	__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_SEQ_CST);
	pcpu_retire();
}

void vcpu_stop_partition(struct vcpu *v, const char *why)
{
	partition_stop(v->part, v, why);
	vcpu_leave(v);
}

/* While a vCPU waits in WFI, the EL2 timer wakes its pCPU this often (in
 * counter ticks per second / N) to collect console input. */
#define WFI_INPUT_POLL_HZ 100

/*
 * WFI (and PSCI CPU_SUSPEND): block on this pCPU (physical WFI, which wakes
 * on any physical interrupt even with EL2's IRQs masked) until the vGIC has
 * an interrupt for the vCPU or the partition goes down. The vCPU's timer
 * stays live in the hardware meanwhile, so its expiry is one of those
 * wake-ups.
 */
static void vcpu_block(struct vcpu *v)
{
	uint64_t period = read_sysreg(cntfrq_el0) / WFI_INPUT_POLL_HZ;

	for (;;) {
		/* The physical timer is emulated: its expiry is a deadline here. */
		uint64_t ptimer_due = vcpu_ptimer_sample(v);
		uint64_t wake = read_sysreg(cntpct_el0) + period;

		if (vgic_vcpu_has_pending(&v->vgic) || partition_wants_down(v->part))
			break;
		vtimer_set_wakeup(ptimer_due < wake ? ptimer_due : wake);
		wfi();
		vgic_forward_irq(&v->vgic);
		console_poll_input();
		partition_console_drain(v->part);
	}
	vtimer_set_wakeup(UINT64_MAX);
	vcpu_ptimer_wakeup_lost(v);
}

/*
 * PSCI SYSTEM_RESET from vCPU v: the other vCPUs go off, the partition is
 * rebuilt (devices, vGIC, image) and its boot vCPU starts again: here (this
 * returns, and the exit path enters it) when v is the boot vCPU, else on
 * its own pCPU while this one powers off.
 */
static void vcpu_reset_partition(struct vcpu *v)
{
	struct partition *p = v->part;
	struct vcpu *boot = &p->vcpus[0];

	if (!partition_reset_begin(p, v))
		vcpu_leave(v);
	if (!partition_reset_wait_others(p, v)) {
		partition_reset_fail(p, v, "SYSTEM_RESET: another vCPU did not stop");
		vcpu_leave(v);
	}
	vcpu_put(v);
	if (partition_reset_rebuild(p) < 0) {
		partition_reset_fail(p, v, "SYSTEM_RESET: cannot rebuild the partition");
		vcpu_leave(v);
	}
	if (boot != v) {
		/* Its state was saved above and belongs to the reset partition;
		 * it is off before the boot vCPU can try to start it again. */
		__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_SEQ_CST);
		write_sysreg(tpidr_el2, 0);
	}
	partition_reset_done(p);
	if (boot == v) {
		vcpu_reset_and_load(v);
		return;
	}
	boot->power = VCPU_ON_PENDING;
	if (pcpu_start_vcpu(boot) < 0)
		partition_reset_boot_failed(p);
	pcpu_retire();
}

/* What an exit handler asked for, other than resume. Returns when the
 * vCPU is to re-enter the guest: after a block, or restarted by a reset;
 * everything else ends with the vCPU off its pCPU. */
static void vcpu_act(struct vcpu *v, enum exit_action act)
{
	switch (act) {
	case EXIT_ACTION_RESUME:
		return;
	case EXIT_ACTION_BLOCK:
		vcpu_block(v);
		return;
	case EXIT_ACTION_RESET:
		vcpu_reset_partition(v);
		return;
	case EXIT_ACTION_VCPU_OFF:
		break;
	case EXIT_ACTION_SYSTEM_OFF:
		partition_stop(v->part, v, NULL);
		break;
	case EXIT_ACTION_STOP:
		partition_stop(v->part, v, v->stop_reason);
		break;
	}
	vcpu_leave(v);
}

void vcpu_handle_exit(struct vcpu *v, unsigned kind)
{
	enum exit_action act;

	vgic_sync(&v->vgic);
	if (v->part->cfg->full_switch)
		vcpu_full_switch(v);
	vcpu_vtimer_resample(v);
	v->exits++;
	switch (kind) {
	case EXIT_SYNC:
		act = trap_handle_sync(v);
		break;
	case EXIT_IRQ:
		vgic_forward_irq(&v->vgic);
		act = EXIT_ACTION_RESUME;
		break;
	default:
		act = trap_handle_async_fault(v, kind);
		break;
	}
	if (act != EXIT_ACTION_RESUME)
		vcpu_act(v, act);
	console_poll_input();
	partition_console_drain(v->part);
	if (partition_wants_down(v->part))
		vcpu_leave(v);
	vcpu_ptimer_before_entry(v);
	vgic_flush(&v->vgic);
}
