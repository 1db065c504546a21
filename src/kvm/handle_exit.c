/* SPDX-License-Identifier: MIT */
/*
 * The KVM exits other than MMIO (handle_exit.h has that hot one): PSCI
 * system events, interrupted runs, and the exits that end the run with a
 * crash report. Each returns what the run loop should do.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "kvm/guest_debug.h"
#include "kvm/handle_exit.h"

void exit_crash(struct armvm_exit *ex, uint64_t addr, const char *fmt, ...)
{
	va_list ap;
	ex->reason = ARMVM_EXIT_CRASH;
	ex->addr = addr;
	va_start(ap, fmt);
	vsnprintf(ex->detail, sizeof(ex->detail), fmt, ap);
	va_end(ap);
}

/* KVM_EXIT_SYSTEM_EVENT: the guest's PSCI SYSTEM_OFF/RESET/CRASH call,
 * which KVM answers by leaving the decision to the VMM. */
static enum exit_action handle_system_event(struct armvm_vcpu *v,
					    struct armvm_exit *ex)
{
	switch (v->run->system_event.type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:
		ex->reason = ARMVM_EXIT_POWEROFF;
		return EXIT_REPORT;
	case KVM_SYSTEM_EVENT_RESET:
		ex->reason = ARMVM_EXIT_RESET;
		return EXIT_REPORT;
	case KVM_SYSTEM_EVENT_CRASH:
		exit_crash(ex, 0, "the guest reported a crash (PSCI system event)");
		return EXIT_REPORT;
	default:
		/* Wake-up and suspend events need no action from a VMM that does
		 * not enable them. */
		return EXIT_RESUME;
	}
}

enum exit_action handle_exit_slow(struct armvm_vcpu *v, struct armvm_exit *ex)
{
	struct kvm_run *run = v->run;

	switch (run->exit_reason) {
	case KVM_EXIT_SYSTEM_EVENT:
		return handle_system_event(v, ex);
	case KVM_EXIT_INTR:
		return EXIT_RESUME;
	case KVM_EXIT_HYPERCALL:
		return handle_hypercall(v, ex);
	case KVM_EXIT_ARM_NISV:
		return handle_nisv(v, ex);
	case KVM_EXIT_DEBUG:
		return handle_debug_exit(v, ex);
	case KVM_EXIT_FAIL_ENTRY:
		exit_crash(ex, 0, "KVM could not enter the guest (reason 0x%llx)",
			   (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		return EXIT_REPORT;
	case KVM_EXIT_INTERNAL_ERROR:
		exit_crash(ex, 0, "KVM internal error (suberror %u)",
			   run->internal.suberror);
		return EXIT_REPORT;
	default:
		exit_crash(ex, 0, "unexpected KVM exit reason %u", run->exit_reason);
		return EXIT_REPORT;
	}
}

/* KVM_RUN itself failed (not a kick: the loop retries those). */
int handle_run_error(int errnum, struct armvm_exit *ex, struct armvm_error *err)
{
	if (errnum == ENOSYS) {
		exit_crash(ex, 0, "the guest made a memory access KVM cannot "
			   "decode (no instruction syndrome)");
		return 0;
	}
	ex->reason = ARMVM_EXIT_ERROR;
	return armvm_fail_errno(err, ARMVM_E_KVM, errnum, "KVM_RUN");
}
