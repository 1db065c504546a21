/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's PSCI power state: KVM's MP state (api.rst "KVM_GET_MP_STATE":
 * on arm64 RUNNABLE, STOPPED for a CPU that is off, SUSPENDED for one in
 * PSCI SYSTEM_SUSPEND).
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/vm_internal.h"

static int check(struct armvm_vcpu *v, struct armvm_error *err)
{
	if (!v)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL vCPU");
	if (!vcpu_state_accessible(v))
		return armvm_fail(err, ARMVM_E_STATE, "vCPU %u is running on another thread; "
				  "stop or pause it before touching its power state", v->index);
	return 0;
}

int armvm_vcpu_power_get(struct armvm_vcpu *vcpu, enum armvm_power_state *state,
			 struct armvm_error *err)
{
	int r = check(vcpu, err);
	if (r < 0)
		return r;
	struct kvm_mp_state mp;
	if (ioctl(vcpu->fd, KVM_GET_MP_STATE, &mp) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_GET_MP_STATE");
	*state = mp.mp_state == KVM_MP_STATE_STOPPED ? ARMVM_POWER_OFF
		 : mp.mp_state == KVM_MP_STATE_SUSPENDED ? ARMVM_POWER_SUSPENDED
		 : ARMVM_POWER_ON;
	return 0;
}

int armvm_vcpu_power_set(struct armvm_vcpu *vcpu, enum armvm_power_state state,
			 struct armvm_error *err)
{
	int r = check(vcpu, err);
	if (r < 0)
		return r;
	struct kvm_mp_state mp;
	switch (state) {
	case ARMVM_POWER_ON: mp.mp_state = KVM_MP_STATE_RUNNABLE; break;
	case ARMVM_POWER_OFF: mp.mp_state = KVM_MP_STATE_STOPPED; break;
	case ARMVM_POWER_SUSPENDED: mp.mp_state = KVM_MP_STATE_SUSPENDED; break;
	default:
		return armvm_fail(err, ARMVM_E_INVAL, "unknown power state %d", (int)state);
	}
	if (ioctl(vcpu->fd, KVM_SET_MP_STATE, &mp) < 0) {
		if (errno == EINVAL && state == ARMVM_POWER_SUSPENDED)
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "the host's KVM cannot suspend a vCPU (Linux 5.19+)");
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_SET_MP_STATE");
	}
	return 0;
}
