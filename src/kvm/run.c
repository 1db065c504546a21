/* SPDX-License-Identifier: MIT */
/*
 * The run loop: KVM_RUN until an exit the embedder must see, with MMIO
 * dispatched in between. This is the hot path of every device access, so it
 * allocates nothing, takes no locks and makes no system call besides
 * KVM_RUN itself.
 *
 * Stopping from another thread (api.rst, "immediate_exit"): armvm_vm_stop()
 * sets the vCPU's stop flag and kvm_run.immediate_exit, then signals the
 * vCPU's thread. A vCPU inside KVM_RUN returns with EINTR because of the
 * signal; one about to enter it returns at once because of immediate_exit.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdarg.h>
#include <sys/ioctl.h>
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

static void exit_crash(struct armvm_exit *ex, uint64_t addr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void exit_crash(struct armvm_exit *ex, uint64_t addr, const char *fmt, ...)
{
	va_list ap;
	ex->reason = ARMVM_EXIT_CRASH;
	ex->addr = addr;
	va_start(ap, fmt);
	vsnprintf(ex->detail, sizeof(ex->detail), fmt, ap);
	va_end(ap);
}

/* kvm_run.mmio.data holds the access's bytes in guest (little-endian)
 * order, the same as this arm64 Linux host; fixed-size copies compile to
 * single loads and stores. */
static inline uint64_t mmio_data_get(const uint8_t *data, unsigned len)
{
	uint8_t b; uint16_t h; uint32_t w; uint64_t d = 0;
	switch (len) {
	case 1: memcpy(&b, data, 1); return b;
	case 2: memcpy(&h, data, 2); return h;
	case 4: memcpy(&w, data, 4); return w;
	case 8: memcpy(&d, data, 8); return d;
	default: memcpy(&d, data, len < 8 ? len : 8); return d;
	}
}

static inline void mmio_data_put(uint8_t *data, unsigned len, uint64_t value)
{
	uint8_t b = (uint8_t)value; uint16_t h = (uint16_t)value;
	uint32_t w = (uint32_t)value;
	switch (len) {
	case 1: memcpy(data, &b, 1); return;
	case 2: memcpy(data, &h, 2); return;
	case 4: memcpy(data, &w, 4); return;
	case 8: memcpy(data, &value, 8); return;
	default: memcpy(data, &value, len < 8 ? len : 8); return;
	}
}

/*
 * One MMIO exit. Returns true when the access was handled and the vCPU can
 * go on; false when it touched nothing and *ex describes the crash.
 */
static inline bool handle_mmio(struct armvm_vcpu *v, struct armvm_exit *ex)
{
	struct kvm_run *run = v->run;
	uint64_t addr = run->mmio.phys_addr;
	unsigned len = run->mmio.len;
	const struct mmio_handler *h = mmio_find(v->vm, &v->last_mmio, addr, len);

	if (__builtin_expect(h != NULL, 1)) {
		v->mmio_exits++;
		if (run->mmio.is_write) {
			h->ops->write(h->opaque, addr - h->gpa, len,
				      mmio_data_get(run->mmio.data, len), v->index);
		} else {
			mmio_data_put(run->mmio.data, len,
				      h->ops->read(h->opaque, addr - h->gpa, len, v->index));
		}
		return true;
	}
	const struct mem_region *m = mem_find(v->vm, addr, len);
	if (m && m->kind == MEM_ROM && run->mmio.is_write) {
		v->rom_writes_dropped++;
		return true;
	}
	exit_crash(ex, addr, "guest %s of %u byte%s at 0x%llx, outside any memory "
		   "or device region", run->mmio.is_write ? "write" : "read", len,
		   len == 1 ? "" : "s", (unsigned long long)addr);
	return false;
}

/* Returns true when the vCPU must stop and report *ex. */
static bool handle_system_event(struct armvm_vcpu *v, struct armvm_exit *ex)
{
	switch (v->run->system_event.type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:
		ex->reason = ARMVM_EXIT_POWEROFF;
		return true;
	case KVM_SYSTEM_EVENT_RESET:
		ex->reason = ARMVM_EXIT_RESET;
		return true;
	case KVM_SYSTEM_EVENT_CRASH:
		exit_crash(ex, 0, "the guest reported a crash (PSCI system event)");
		return true;
	default:
		/* Wake-up and suspend events need no action from a VMM that does
		 * not enable them. */
		return false;
	}
}

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
			if (e == EINTR || e == EAGAIN)
				continue;    /* a kick: the stop check decides */
			if (e == ENOSYS) {
				exit_crash(ex, 0, "the guest made a memory access KVM "
					   "cannot decode (no instruction syndrome)");
				return 0;
			}
			ex->reason = ARMVM_EXIT_ERROR;
			return armvm_fail_errno(err, ARMVM_E_KVM, e, "KVM_RUN");
		}
		/* The hot case first, ahead of the switch. */
		if (__builtin_expect(run->exit_reason == KVM_EXIT_MMIO, 1)) {
			if (handle_mmio(v, ex))
				continue;
			return 0;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_SYSTEM_EVENT:
			if (handle_system_event(v, ex))
				return 0;
			continue;
		case KVM_EXIT_INTR:
			continue;
		case KVM_EXIT_ARM_NISV:
			exit_crash(ex, run->arm_nisv.fault_ipa, "guest access at 0x%llx "
				   "that KVM cannot decode (no instruction syndrome)",
				   (unsigned long long)run->arm_nisv.fault_ipa);
			return 0;
		case KVM_EXIT_FAIL_ENTRY:
			exit_crash(ex, 0, "KVM could not enter the guest (reason 0x%llx)",
				   (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
			return 0;
		case KVM_EXIT_INTERNAL_ERROR:
			exit_crash(ex, 0, "KVM internal error (suberror %u)",
				   run->internal.suberror);
			return 0;
		default:
			exit_crash(ex, 0, "unexpected KVM exit reason %u", run->exit_reason);
			return 0;
		}
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

	int r = run_loop(vcpu, exit, err);

	atomic_store(&vcpu->kick_tid, 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	atomic_store(&vcpu->running, false);
	return r;
}
