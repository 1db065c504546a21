/* SPDX-License-Identifier: MIT */
/*
 * Stopping a VM from any thread (api.rst, "immediate_exit"): armvm_vm_stop()
 * sets each vCPU's stop flag and kvm_run.immediate_exit, then signals the
 * vCPU's thread with ARMVM_KICK_SIGNAL. A vCPU inside KVM_RUN returns with
 * EINTR because of the signal; one about to enter it returns at once
 * because of immediate_exit. The run loop (vcpu_run.c) sees the flag.
 */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kvm/vm_internal.h"

static void kick_handler(int sig)
{
	(void)sig;  /* its only job is to make KVM_RUN return EINTR */
}

static void kick_install_once(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: KVM_RUN must come back with EINTR. */
	sigaction(ARMVM_KICK_SIGNAL, &sa, NULL);
}

void kick_signal_install(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, kick_install_once);
}

void armvm_vm_stop(struct armvm_vm *vm)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct armvm_vcpu *v = &vm->vcpus[i];
		atomic_store(&v->stop, true);
		__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
		/* tgkill rather than pthread_kill: safe in a signal handler, and
		 * harmless (ESRCH) if the thread has just left. */
		pid_t tid = atomic_load(&v->kick_tid);
		if (tid > 0)
			syscall(SYS_tgkill, getpid(), tid, ARMVM_KICK_SIGNAL);
	}
}
