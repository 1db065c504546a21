/* SPDX-License-Identifier: MIT */
/*
 * armvm_vm_state_save / armvm_vm_state_load: the whole VM but its RAM as
 * one blob (state_blob.h): each vCPU's records (vcpu_state.c), then the
 * vGIC's (vgic_state.c). Saving needs every vCPU out of the guest for good
 * (paused, or never run); loading needs a fresh VM, and checks the whole
 * blob, against the blob's own framing and then against this VM's KVM,
 * before it writes anything.
 */
#include <stdlib.h>

#include "kvm/vcpu_state.h"

/* No vCPU can be in the guest: each is outside armvm_vcpu_run, or the VM is
 * paused and it is parked at its loop (or, the map lock being held, held
 * before entering it). */
static bool vcpus_quiescent(struct armvm_vm *vm)
{
	bool ok = true;
	pthread_mutex_lock(&vm->park_lock);
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct armvm_vcpu *v = &vm->vcpus[i];
		if (atomic_load(&v->running) &&
		    !(atomic_load(&vm->paused) && (!atomic_load(&v->in_loop) || v->loop_parked)))
			ok = false;
	}
	pthread_mutex_unlock(&vm->park_lock);
	return ok;
}

static uint32_t vm_flags(const struct armvm_vm *vm)
{
	return (vm->pmu ? STATE_F_PMU : 0) | (vm->its_fd >= 0 ? STATE_F_ITS : 0);
}

static uint32_t vm_gic(const struct armvm_vm *vm)
{
	return vm->gic == ARMVM_GIC_NONE ? 0 : (uint32_t)vm->gic;
}

int armvm_vm_state_save(struct armvm_vm *vm, void **blob, size_t *size,
			struct armvm_error *err)
{
	if (!vm || !blob || !size)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL VM or result");
	*blob = NULL;
	*size = 0;
	if (vm_current_vcpu(vm))
		return armvm_fail(err, ARMVM_E_STATE, "armvm_vm_state_save called on a vCPU's thread");
	/* The map lock keeps vCPUs from entering their loops meanwhile. */
	map_lock(vm, NULL);
	int r = 0;
	if (!vcpus_quiescent(vm)) {
		r = armvm_fail(err, ARMVM_E_STATE, "the VM is running: pause it first (armvm_vm_pause)");
		goto out;
	}
	for (unsigned i = 0; i < vm->nr_vcpus && r == 0; i++)
		if (!atomic_load(&vm->vcpus[i].in_loop))
			r = vcpu_complete_exit(&vm->vcpus[i], err);
	if (r < 0)
		goto out;

	struct state_writer w;
	state_writer_init(&w);
	for (unsigned i = 0; i < vm->nr_vcpus && r == 0; i++)
		r = vcpu_state_save(&vm->vcpus[i], &w, err);
	if (r == 0)
		r = vgic_state_save(vm, &w, err);
	if (r == 0)
		r = its_state_save(vm, &w, err);
	struct state_header h = {
		.version = STATE_VERSION, .arch = (uint32_t)vm->arch, .nr_vcpus = vm->nr_vcpus,
		.gic = vm_gic(vm), .flags = vm_flags(vm),
	};
	if (r < 0) {
		free(w.buf);
		goto out;
	}
	if (!state_writer_finish(&w, &h)) {
		r = armvm_fail(err, ARMVM_E_NOMEM, "cannot allocate the state blob");
		goto out;
	}
	*blob = w.buf;
	*size = w.len;
out:
	pthread_mutex_unlock(&vm->map_lock);
	return r;
}

static int for_each_rec(struct armvm_vm *vm, const void *blob, bool write,
			struct armvm_error *err)
{
	size_t pos = 0;
	struct state_rec_view rec;
	while (state_next_rec(blob, &pos, &rec)) {
		int r;
		if (rec.type == STATE_REC_GIC)
			r = write ? vgic_state_load(vm, &rec, err) : vgic_state_check(vm, &rec, err);
		else if (rec.type == STATE_REC_ITS)
			r = write ? its_state_load(vm, &rec, err) : its_state_check(vm, &rec, err);
		else if (write)
			r = vcpu_state_load(&vm->vcpus[rec.vcpu], &rec, err);
		else
			r = vcpu_state_check(&vm->vcpus[rec.vcpu], &rec, err);
		if (r < 0)
			return r;
	}
	return 0;
}

int armvm_vm_state_load(struct armvm_vm *vm, const void *blob, size_t size,
			struct armvm_error *err)
{
	if (!vm)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL VM");
	if (vm_current_vcpu(vm))
		return armvm_fail(err, ARMVM_E_STATE, "armvm_vm_state_load called on a vCPU's thread");
	struct state_header h;
	char msg[200];
	if (state_check(blob, size, &h, msg, sizeof(msg)) < 0 ||
	    state_check_fits(&h, (uint32_t)vm->arch, vm->nr_vcpus, vm_gic(vm), vm_flags(vm), msg,
			     sizeof(msg)) < 0)
		return armvm_fail(err, ARMVM_E_INVAL, "%s", msg);
	map_lock(vm, NULL);
	int r;
	if (atomic_load(&vm->started))
		r = armvm_fail(err, ARMVM_E_STATE, "the VM has run: load state only into a fresh VM");
	else if ((r = for_each_rec(vm, blob, false, err)) == 0)
		r = for_each_rec(vm, blob, true, err);
	pthread_mutex_unlock(&vm->map_lock);
	return r;
}
