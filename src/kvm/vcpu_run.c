/* SPDX-License-Identifier: MIT */
/*
 * The vCPU run loop: KVM_RUN until an exit the embedder must see, each
 * exit handled by handle_exit.h/.c, which say whether to go on. This is the
 * hot path of every device access, so it allocates nothing, takes no locks
 * and makes no system call besides KVM_RUN itself. A stop request
 * (vm_stop.c) is seen before each entry.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kvm/handle_exit.h"
#include "kvm/vm_internal.h"

static int run_loop(struct armvm_vcpu *v, struct armvm_exit *ex,
		    struct armvm_error *err)
{
	struct kvm_run *run = v->run;

	for (;;) {
		if (atomic_load_explicit(&v->stop, memory_order_acquire)) {
			__atomic_store_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
			atomic_store(&v->stop, false);
			ex->reason = ARMVM_EXIT_STOPPED;
			return 0;
		}
		int r = ioctl(v->fd, KVM_RUN, 0);
		v->exits++;
		if (__builtin_expect(r < 0, 0)) {
			int e = errno;
			if (e == EINTR || e == EAGAIN) {
				/* A kick: a map change parks here (safe_point.c),
				 * then the stop check decides. */
				vcpu_safe_point(v);
				continue;
			}
			return handle_run_error(e, ex, err);
		}
		if (handle_exit(v, ex) == EXIT_REPORT)
			return 0;
	}
}

int armvm_vcpu_run(struct armvm_vcpu *vcpu, struct armvm_exit *exit,
		   struct armvm_error *err)
{
	memset(exit, 0, sizeof(*exit));
	exit->vcpu = vcpu->index;
	if (atomic_exchange(&vcpu->running, true)) {
		exit->reason = ARMVM_EXIT_ERROR;
		return armvm_fail(err, ARMVM_E_STATE,
				  "vCPU %u is already running on another thread",
				  vcpu->index);
	}
	vcpu->thread = pthread_self();
	atomic_store(&vcpu->vm->started, true);

	/* The kick must reach this thread even if the embedder blocks it. */
	sigset_t kick, old;
	sigemptyset(&kick);
	sigaddset(&kick, ARMVM_KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &kick, &old);
	/* From here on armvm_vm_stop() kicks this thread; it sets the stop flag
	 * first, so a stop that misses the kick is seen by the loop. */
	atomic_store(&vcpu->kick_tid, (pid_t)syscall(SYS_gettid));

	vcpu_loop_enter(vcpu);
	int r = run_loop(vcpu, exit, err);
	vcpu_loop_leave(vcpu);

	atomic_store(&vcpu->kick_tid, 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	atomic_store(&vcpu->running, false);
	return r;
}
