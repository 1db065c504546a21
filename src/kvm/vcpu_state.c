/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's saved state (api.rst "KVM_GET_REG_LIST", "KVM_GET_MP_STATE",
 * "KVM_GET_VCPU_EVENTS"): every register KVM lists for the vCPU (core,
 * FP/SIMD, the system registers, the timer registers and the firmware
 * pseudo-registers) by its KVM id, its MP (PSCI power) state and its
 * pending SError. Restoring writes them back in the same order; before
 * anything is written every id is checked against the new vCPU's own list.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/vcpu_state.h"

int vcpu_reg_list(struct armvm_vcpu *v, struct kvm_reg_list **out, struct armvm_error *err)
{
	struct kvm_reg_list probe = { .n = 0 };
	*out = NULL;
	if (ioctl(v->fd, KVM_GET_REG_LIST, &probe) == 0 || errno != E2BIG)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_GET_REG_LIST");
	for (;;) {
		struct kvm_reg_list *l = malloc(sizeof(*l) + probe.n * sizeof(l->reg[0]));
		if (!l)
			return armvm_fail(err, ARMVM_E_NOMEM, "cannot allocate vCPU %u's register list",
					  v->index);
		l->n = probe.n;
		if (ioctl(v->fd, KVM_GET_REG_LIST, l) == 0) {
			*out = l;
			return 0;
		}
		int e = errno;
		probe.n = l->n;
		free(l);
		if (e != E2BIG)
			return armvm_fail_errno(err, ARMVM_E_KVM, e, "KVM_GET_REG_LIST");
	}
}

static int one_reg(struct armvm_vcpu *v, unsigned long op, uint64_t id, void *val,
		   struct armvm_error *err)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)val };
	if (ioctl(v->fd, op, &r) < 0)
		return armvm_fail(err, ARMVM_E_KVM, "vCPU %u: %s of register 0x%llx: %s", v->index,
				  op == KVM_GET_ONE_REG ? "KVM_GET_ONE_REG" : "KVM_SET_ONE_REG",
				  (unsigned long long)id, strerror(errno));
	return 0;
}

int vcpu_state_save(struct armvm_vcpu *v, struct state_writer *w, struct armvm_error *err)
{
	struct kvm_reg_list *list;
	int r = vcpu_reg_list(v, &list, err);
	if (r < 0)
		return r;
	state_rec_begin(w, STATE_REC_VCPU_REGS, v->index);
	for (uint64_t i = 0; i < list->n; i++) {
		uint8_t val[STATE_MAX_REG_SIZE];
		uint64_t id = list->reg[i];
		if (state_reg_size(id) > sizeof(val)) {
			r = armvm_fail(err, ARMVM_E_KVM, "vCPU %u: register 0x%llx is wider than %d bytes",
				       v->index, (unsigned long long)id, STATE_MAX_REG_SIZE);
			break;
		}
		if ((r = one_reg(v, KVM_GET_ONE_REG, id, val, err)) < 0)
			break;
		state_put_reg(w, id, val);
	}
	free(list);
	if (r < 0)
		return r;
	state_rec_end(w);

	struct kvm_mp_state mp;
	if (ioctl(v->fd, KVM_GET_MP_STATE, &mp) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_GET_MP_STATE");
	state_rec_begin(w, STATE_REC_VCPU_MP, v->index);
	state_put_u32(w, mp.mp_state);
	state_rec_end(w);

	if (kvm_cap(v->vm->vm_fd, KVM_CAP_VCPU_EVENTS)) {
		struct kvm_vcpu_events ev;
		memset(&ev, 0, sizeof(ev));
		if (ioctl(v->fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_GET_VCPU_EVENTS");
		state_rec_begin(w, STATE_REC_VCPU_EVENTS, v->index);
		state_put(w, &ev, sizeof(ev));
		state_rec_end(w);
	}
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int vcpu_state_check(struct armvm_vcpu *v, const struct state_rec_view *rec,
		     struct armvm_error *err)
{
	switch (rec->type) {
	case STATE_REC_VCPU_MP: {
		uint32_t mp;
		memcpy(&mp, rec->data, 4);
		if (mp != KVM_MP_STATE_RUNNABLE && mp != KVM_MP_STATE_STOPPED &&
		    mp != KVM_MP_STATE_SUSPENDED)
			return armvm_fail(err, ARMVM_E_INVAL, "state of vCPU %u: unknown MP state %u",
					  v->index, mp);
		return 0;
	}
	case STATE_REC_VCPU_EVENTS:
		if (rec->len != sizeof(struct kvm_vcpu_events))
			return armvm_fail(err, ARMVM_E_INVAL,
					  "state of vCPU %u: events of %llu bytes, this host's are %zu",
					  v->index, (unsigned long long)rec->len,
					  sizeof(struct kvm_vcpu_events));
		if (!kvm_cap(v->vm->vm_fd, KVM_CAP_VCPU_EVENTS))
			return armvm_fail(err, ARMVM_E_INVAL,
					  "the state has vCPU events, this host's KVM cannot set them");
		return 0;
	case STATE_REC_VCPU_REGS:
		break;
	default:
		return 0;
	}
	struct kvm_reg_list *list;
	int r = vcpu_reg_list(v, &list, err);
	if (r < 0)
		return r;
	qsort(list->reg, list->n, sizeof(list->reg[0]), id_cmp);
	size_t pos = 0;
	uint64_t id;
	const uint8_t *val;
	while (state_next_reg(rec, &pos, &id, &val)) {
		if (!bsearch(&id, list->reg, list->n, sizeof(list->reg[0]), id_cmp)) {
			r = armvm_fail(err, ARMVM_E_INVAL,
				       "state of vCPU %u: register 0x%llx is unknown to this host's KVM",
				       v->index, (unsigned long long)id);
			break;
		}
	}
	free(list);
	return r;
}

int vcpu_state_load(struct armvm_vcpu *v, const struct state_rec_view *rec,
		    struct armvm_error *err)
{
	switch (rec->type) {
	case STATE_REC_VCPU_REGS: {
		size_t pos = 0;
		uint64_t id;
		const uint8_t *val;
		while (state_next_reg(rec, &pos, &id, &val)) {
			uint8_t copy[STATE_MAX_REG_SIZE];
			memcpy(copy, val, state_reg_size(id));
			int r = one_reg(v, KVM_SET_ONE_REG, id, copy, err);
			if (r < 0)
				return r;
		}
		return 0;
	}
	case STATE_REC_VCPU_MP: {
		struct kvm_mp_state mp;
		memcpy(&mp.mp_state, rec->data, 4);
		if (ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_SET_MP_STATE");
		return 0;
	}
	case STATE_REC_VCPU_EVENTS: {
		struct kvm_vcpu_events ev;
		memcpy(&ev, rec->data, sizeof(ev));
		if (ioctl(v->fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
			return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_SET_VCPU_EVENTS");
		return 0;
	}
	}
	return 0;
}

int vcpu_complete_exit(struct armvm_vcpu *v, struct armvm_error *err)
{
	if (v->run->exit_reason != KVM_EXIT_MMIO)
		return 0;
	/* api.rst: an MMIO exit is complete (the loaded register written, the
	 * PC past the access) only once KVM_RUN is entered again;
	 * immediate_exit completes it without running guest code. */
	__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	int r = ioctl(v->fd, KVM_RUN, 0);
	int e = errno;
	__atomic_store_n(&v->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	if (r == 0 || (e != EINTR && e != EAGAIN))
		return armvm_fail(err, ARMVM_E_KVM, "completing vCPU %u's last MMIO access: %s",
				  v->index, r == 0 ? "KVM_RUN ran the guest" : strerror(e));
	v->run->exit_reason = KVM_EXIT_INTR;
	return 0;
}
