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
 *
 * armvm_vm_pause() parks the vCPUs at the same safe point, for as long as
 * the embedder wants (to save the VM's state): a second reason to park,
 * vm->paused, next to a map change's vm->pause.
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

static void deadline_in(struct timespec *until, long ns)
{
	clock_gettime(CLOCK_REALTIME, until);
	until->tv_nsec += ns;
	while (until->tv_nsec >= 1000000000) {
		until->tv_sec++;
		until->tv_nsec -= 1000000000;
	}
}

/* A paused vCPU parked at its loop leaves on armvm_vm_stop(), which cannot
 * take a lock or signal a condition (it is safe in a signal handler): the
 * parked thread looks at its stop flag this often. */
#define PAUSE_STOP_POLL_NS 20000000L

static bool user_parks(struct armvm_vcpu *v, bool in_loop)
{
	return in_loop && atomic_load(&v->vm->paused) && !atomic_load(&v->stop);
}

static void park(struct armvm_vcpu *v, bool in_loop)
{
	struct armvm_vm *vm = v->vm;
	/* Cleared before the flags are read: a stop or pause that set it
	 * after this is seen by the next KVM_RUN (the stop flag by the loop). */
	__atomic_store_n(&v->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	if (atomic_load(&vm->pause) || user_parks(v, in_loop)) {
		pthread_mutex_lock(&vm->park_lock);
		v->parked = true;
		v->loop_parked = in_loop;
		pthread_cond_broadcast(&vm->park_cond);
		for (;;) {
			if (atomic_load(&vm->pause)) {
				pthread_cond_wait(&vm->park_cond, &vm->park_lock);
			} else if (user_parks(v, in_loop)) {
				struct timespec until;
				deadline_in(&until, PAUSE_STOP_POLL_NS);
				pthread_cond_timedwait(&vm->park_cond, &vm->park_lock, &until);
			} else {
				break;
			}
		}
		v->parked = false;
		v->loop_parked = false;
		v->table = atomic_load(&vm->table);
		v->last_mmio = NULL;
		pthread_mutex_unlock(&vm->park_lock);
	}
	/* Inside a callback the pause waits for the loop: come back to it
	 * before guest code runs again. */
	if (!in_loop && atomic_load(&vm->paused))
		__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

void vcpu_safe_point(struct armvm_vcpu *v)
{
	park(v, true);
}

void vcpu_safe_point_in_callback(struct armvm_vcpu *v)
{
	park(v, false);
}

static bool all_loop_parked(struct armvm_vm *vm)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct armvm_vcpu *v = &vm->vcpus[i];
		if (atomic_load(&v->in_loop) && !v->loop_parked)
			return false;
	}
	return true;
}

/*
 * Holding the vCPUs for armvm_vm_pause (vm_pause.c) reuses the safe point:
 * every vCPU is kicked (immediate_exit set also on vCPUs outside their
 * loop, so one entering it parks before guest code) and each parks on its
 * loop's EINTR path, where KVM has completed the last exit (api.rst: an
 * MMIO exit is complete only once KVM_RUN is entered again), so the
 * registers read then are consistent.
 */
void vcpus_hold(struct armvm_vm *vm)
{
	pthread_mutex_lock(&vm->park_lock);
	atomic_store(&vm->paused, true);
	pthread_mutex_unlock(&vm->park_lock);
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		kick(&vm->vcpus[i]);
	pthread_mutex_lock(&vm->park_lock);
	while (!all_loop_parked(vm)) {
		struct timespec until;
		deadline_in(&until, 1000000);
		if (pthread_cond_timedwait(&vm->park_cond, &vm->park_lock, &until) == ETIMEDOUT)
			for (unsigned i = 0; i < vm->nr_vcpus; i++)
				if (atomic_load(&vm->vcpus[i].in_loop) && !vm->vcpus[i].loop_parked)
					kick(&vm->vcpus[i]);
	}
	pthread_mutex_unlock(&vm->park_lock);
}

void vcpus_release(struct armvm_vm *vm)
{
	pthread_mutex_lock(&vm->park_lock);
	atomic_store(&vm->paused, false);
	pthread_cond_broadcast(&vm->park_cond);
	pthread_mutex_unlock(&vm->park_lock);
}

bool vcpu_state_accessible(struct armvm_vcpu *v)
{
	if (!atomic_load(&v->running) || pthread_equal(v->thread, pthread_self()))
		return true;
	if (!atomic_load(&v->vm->paused))
		return false;
	pthread_mutex_lock(&v->vm->park_lock);
	bool parked = v->loop_parked;
	pthread_mutex_unlock(&v->vm->park_lock);
	return parked;
}


void vcpu_loop_enter(struct armvm_vcpu *v)
{
	struct armvm_vm *vm = v->vm;
	pthread_mutex_lock(&vm->map_lock);
	atomic_store(&v->in_loop, true);
	v->table = atomic_load(&vm->table);
	v->last_mmio = NULL;
	/* Paused: the first KVM_RUN returns at once and the vCPU parks. */
	if (atomic_load(&vm->paused))
		__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
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
