/* SPDX-License-Identifier: MIT */
/*
 * What each thread of armvm run may ask the host kernel for, once the guest
 * can run (the seccomp-BPF allow-lists; seccomp_policy.c is the one place
 * to review them). Everything else stops the process (sandbox.h).
 */
#ifndef ARMVM_CLI_SECCOMP_POLICY_H
#define ARMVM_CLI_SECCOMP_POLICY_H

#include <stddef.h>
#include <stdint.h>

enum sandbox_thread {
	SANDBOX_MAIN,      /* main thread: vCPU 0, starts and joins the others, teardown */
	SANDBOX_VCPU,      /* vCPUs 1..n (armvm_vm_run's threads) */
	SANDBOX_IO,        /* the virtio I/O thread (src/host/host_io.c) */
	SANDBOX_CONSOLE,   /* console input and terminal filter threads */
	SANDBOX_API,       /* the control API (api_server.c, vm_control.c) */
	SANDBOX_GDB,       /* the gdb stub's thread (gdb_server.c, --gdb) */
	SANDBOX_PID_PARENT, /* --unshare pid: the process that waits outside (namespaces.c) */
	SANDBOX_NR_THREADS
};

struct seccomp_policy {
	const char *name;              /* "vCPU", in reports */
	const int *syscalls;           /* allowed system call numbers */
	size_t nr_syscalls;
	/* ioctl(2) is allowed with these request numbers only (none: ioctl
	 * must not be in syscalls either). */
	const unsigned long *ioctls;
	size_t nr_ioctls;
};

const struct seccomp_policy *seccomp_policy(enum sandbox_thread t);

/* The system call's name for reports, or NULL if the table has none. */
const char *seccomp_syscall_name(long nr);

#endif
