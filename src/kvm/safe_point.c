/* SPDX-License-Identifier: MIT */
/*
 * Safe points: a memory map change (memory_map.c) stops every vCPU that is
 * inside armvm_vcpu_run's loop, wherever it is, and lets them go when the
 * new table is published. The changer sets vm->pause and kicks each vCPU
 * out of KVM_RUN the way armvm_vm_stop() does (kvm_run.immediate_exit and
 * ARMVM_KICK_SIGNAL, api.rst "immediate_exit"), so a vCPU that is in the
 * guest, about to enter it or in a callback comes back to its loop with
 * EINTR before it runs guest code again. There, at its safe point, it
 * parks until the change is over and takes up the new table. A vCPU
 * entering its loop takes the map lock, so it either is waited for or
 * starts on the new table. The MMIO exit path is untouched: all of this
 * happens on the EINTR path.
 */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kvm/vm_internal.h"

static void kick(struct armvm_vcpu *v)
{
	__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	pid_t tid = atomic_load(&v->kick_tid);
	if (tid > 0)
		syscall(SYS_tgkill, getpid(), tid, ARMVM_KICK_SIGNAL);
}

static bool all_parked(struct armvm_vm *vm, struct armvm_vcpu *self)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct armvm_vcpu *v = &vm->vcpus[i];
		if (v != self && atomic_load(&v->in_loop) && !v->parked)
			return false;
	}
	return true;
}

void vcpus_pause(struct armvm_vm *vm, struct armvm_vcpu *self)
{
	pthread_mutex_lock(&vm->park_lock);
	atomic_store(&vm->pause, true);
	pthread_mutex_unlock(&vm->park_lock);
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (&vm->vcpus[i] != self)
			kick(&vm->vcpus[i]);
	pthread_mutex_lock(&vm->park_lock);
	while (!all_parked(vm, self)) {
		/* immediate_exit makes a lost kick harmless; the time limit only
		 * re-kicks a vCPU that is slow to come back, as a precaution. */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		if (pthread_cond_timedwait(&vm->park_cond, &vm->park_lock, &until) == ETIMEDOUT)
			for (unsigned i = 0; i < vm->nr_vcpus; i++)
				if (&vm->vcpus[i] != self && atomic_load(&vm->vcpus[i].in_loop) &&
				    !vm->vcpus[i].parked)
					kick(&vm->vcpus[i]);
	}
	pthread_mutex_unlock(&vm->park_lock);
}

void vcpus_resume(struct armvm_vm *vm)
{
	pthread_mutex_lock(&vm->park_lock);
	atomic_store(&vm->pause, false);
	pthread_cond_broadcast(&vm->park_cond);
	pthread_mutex_unlock(&vm->park_lock);
}

void vcpu_safe_point(struct armvm_vcpu *v)
{
	struct armvm_vm *vm = v->vm;
	/* Cleared before the flags are read: a stop or pause that set it
	 * after this is seen by the next KVM_RUN (the stop flag by the loop). */
	__atomic_store_n(&v->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	if (!atomic_load(&vm->pause))
		return;
	pthread_mutex_lock(&vm->park_lock);
	v->parked = true;
	pthread_cond_broadcast(&vm->park_cond);
	while (atomic_load(&vm->pause))
		pthread_cond_wait(&vm->park_cond, &vm->park_lock);
	v->parked = false;
	v->table = atomic_load(&vm->table);
	v->last_mmio = NULL;
	pthread_mutex_unlock(&vm->park_lock);
}

void vcpu_loop_enter(struct armvm_vcpu *v)
{
	struct armvm_vm *vm = v->vm;
	pthread_mutex_lock(&vm->map_lock);
	atomic_store(&v->in_loop, true);
	v->table = atomic_load(&vm->table);
	v->last_mmio = NULL;
	pthread_mutex_unlock(&vm->map_lock);
}

void vcpu_loop_leave(struct armvm_vcpu *v)
{
	struct armvm_vm *vm = v->vm;
	pthread_mutex_lock(&vm->park_lock);
	atomic_store(&v->in_loop, false);
	pthread_cond_broadcast(&vm->park_cond);
	pthread_mutex_unlock(&vm->park_lock);
}
