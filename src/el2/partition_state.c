// SPDX-License-Identifier: MIT
/*
 * A partition's life: RUNNING until a vCPU stops it (SYSTEM_OFF or a fatal
 * exit: STOPPING) or resets it (SYSTEM_RESET: RESETTING, then RUNNING
 * again). These steps change the state, report and kick the other vCPUs;
 * taking the calling vCPU off its pCPU is the run loop's part (vcpu_run.c).
 */
#include "el2/partition.h"
#include "el2/partition_devices.h"
#include "el2/console.h"
#include "el2/sysreg.h"

/* How long SYSTEM_RESET waits for the other vCPUs to leave (polls). */
#define RESET_WAIT_POLLS 100000000u

static void kick_others(struct partition *p, const struct vcpu *self)
{
	for (unsigned i = 0; i < p->cfg->nr_vcpus; i++)
		if (&p->vcpus[i] != self)
			partition_kick_vcpu(p, i);
}

void partition_stop(struct partition *p, const struct vcpu *caller, const char *why)
{
	int expected = PARTITION_RUNNING;

	if (!__atomic_compare_exchange_n(&p->state, &expected, PARTITION_STOPPING,
					 false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;         /* it is already going down */
	console_guest_flush(&p->console);
	if (why)
		hyp_printf("partition %u (%s) stopped: %s\n", p->id, p->cfg->name, why);
	else
		hyp_printf("partition %u (%s) powered off\n", p->id, p->cfg->name);
	uint32_t dropped = dev_log_limit_suppressed(&p->log_limit);
	if (dropped)
		hyp_printf("partition %u (%s): %u more guest-triggered report lines suppressed (at most %u)\n",
			   p->id, p->cfg->name, (unsigned)dropped, DEV_LOG_VM_BUDGET);
	if (p->testdev && testdev_touched(p->testdev)) {
		char line[TESTDEV_SUMMARY_MAX];
		testdev_format_summary(p->testdev, line, sizeof(line));
		hyp_printf("partition %u (%s) %s\n", p->id, p->cfg->name, line);
	}
	kick_others(p, caller);
}

bool partition_reset_begin(struct partition *p, const struct vcpu *caller)
{
	int expected = PARTITION_RUNNING;

	if (!__atomic_compare_exchange_n(&p->state, &expected, PARTITION_RESETTING,
					 false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return false;   /* it is already going down */
	console_guest_flush(&p->console);
	/* A guest resetting in a loop must not flood the shared UART. */
	if (dev_log_limit_take(&p->log_limit))
		hyp_printf("partition %u (%s): SYSTEM_RESET\n", p->id, p->cfg->name);
	kick_others(p, caller);
	return true;
}

bool partition_reset_wait_others(struct partition *p, const struct vcpu *caller)
{
	for (unsigned i = 0; i < p->cfg->nr_vcpus; i++) {
		struct vcpu *t = &p->vcpus[i];
		unsigned polls = 0;
		if (t == caller)
			continue;
		while (__atomic_load_n(&t->power, __ATOMIC_SEQ_CST) != VCPU_OFF) {
			if (++polls == RESET_WAIT_POLLS)
				return false;
			cpu_relax();
		}
	}
	return true;
}

int partition_reset_rebuild(struct partition *p)
{
	devices_setup(p);      /* a reset machine has reset devices */
	if (partition_vgic_setup(p) < 0 || partition_load(p) < 0)
		return -1;
	p->start_count = read_sysreg(cntpct_el0);
	p->cntvoff = p->start_count;
	return 0;
}

void partition_reset_fail(struct partition *p, const struct vcpu *caller, const char *why)
{
	p->state = PARTITION_RUNNING;
	partition_stop(p, caller, why);
}

void partition_reset_done(struct partition *p)
{
	__atomic_store_n(&p->state, PARTITION_RUNNING, __ATOMIC_SEQ_CST);
}

void partition_reset_boot_failed(struct partition *p)
{
	hyp_printf("partition %u (%s) stopped: SYSTEM_RESET cannot start the boot vCPU\n",
		   p->id, p->cfg->name);
	p->state = PARTITION_STOPPED;
}
