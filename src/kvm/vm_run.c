/* SPDX-License-Identifier: MIT */
/*
 * Running a whole VM: one thread per vCPU (vCPU 0 on the caller's thread),
 * until the first exit the embedder must see. That vCPU stops the others;
 * all are joined before returning, so the VM is quiescent afterwards.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "kvm/vm_internal.h"

struct vm_run_state {
	struct armvm_vm *vm;
	atomic_bool claimed;        /* the first reportable exit was taken */
	struct armvm_exit exit;
	struct armvm_error err;
	int rc;
};

struct vcpu_thread {
	struct vm_run_state *st;
	struct armvm_vcpu *vcpu;
	pthread_t thread;
};

static void run_one(struct vm_run_state *st, struct armvm_vcpu *v)
{
	struct armvm_exit ex;
	struct armvm_error e = { 0 };
	int r = armvm_vcpu_run(v, &ex, &e);
	if (r == 0 && ex.reason == ARMVM_EXIT_STOPPED)
		return;
	if (!atomic_exchange(&st->claimed, true)) {
		st->exit = ex;
		st->err = e;
		st->rc = r;
	}
	armvm_vm_stop(st->vm);
}

static void *vcpu_thread_main(void *arg)
{
	struct vcpu_thread *t = arg;
	struct armvm_vm *vm = t->st->vm;

	if (vm->thread_start)
		vm->thread_start(vm->thread_start_ctx, t->vcpu->index);
	run_one(t->st, t->vcpu);
	return NULL;
}

void armvm_vm_set_thread_start(struct armvm_vm *vm, void (*fn)(void *ctx, unsigned vcpu),
			       void *ctx)
{
	vm->thread_start = fn;
	vm->thread_start_ctx = ctx;
}

int armvm_vm_run(struct armvm_vm *vm, struct armvm_exit *exit,
		 struct armvm_error *err)
{
	struct vm_run_state st = { .vm = vm };
	struct vcpu_thread threads[ARMVM_MAX_VCPUS];
	unsigned started = 1;
	int r = 0;

	for (unsigned i = 1; i < vm->nr_vcpus; i++) {
		threads[i] = (struct vcpu_thread){ .st = &st, .vcpu = &vm->vcpus[i] };
		int e = pthread_create(&threads[i].thread, NULL, vcpu_thread_main,
				       &threads[i]);
		if (e) {
			r = armvm_fail(err, e == EAGAIN ? ARMVM_E_NOMEM : ARMVM_E_INVAL,
				       "cannot start the thread for vCPU %u: %s", i,
				       strerror(e));
			armvm_vm_stop(vm);
			break;
		}
		started++;
	}
	if (r == 0)
		run_one(&st, &vm->vcpus[0]);
	for (unsigned i = 1; i < started; i++)
		pthread_join(threads[i].thread, NULL);
	/* A stop request that no vCPU consumed must not leak into the next run. */
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		atomic_store(&vm->vcpus[i].stop, false);
		__atomic_store_n(&vm->vcpus[i].run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	}

	memset(exit, 0, sizeof(*exit));
	if (r < 0) {
		exit->reason = ARMVM_EXIT_ERROR;
		return r;
	}
	if (!atomic_load(&st.claimed)) {
		exit->reason = ARMVM_EXIT_STOPPED;
		return 0;
	}
	*exit = st.exit;
	if (st.rc < 0 && err)
		*err = st.err;
	return st.rc;
}
