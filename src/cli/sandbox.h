/* SPDX-License-Identifier: MIT */
/*
 * The seccomp sandbox of armvm run: each thread, before it runs guest code
 * or serves the guest's devices, sets no_new_privs and installs its
 * allow-list (seccomp_policy.c) as a BPF program. A call outside it gets
 * SECCOMP_RET_TRAP: the SIGSYS handler prints one line naming the thread
 * and the system call and ends the process (exit status 1); a system call
 * of another architecture's ABI gets SECCOMP_RET_KILL_PROCESS. Never
 * silent, and the guest cannot undo it (filters only ever add up).
 */
#ifndef ARMVM_CLI_SANDBOX_H
#define ARMVM_CLI_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/seccomp_policy.h"

/* Install the SIGSYS report handler, process-wide. Once, before any
 * filter; 0 or -1 with errno. */
int sandbox_prepare(void);

/*
 * Install thread kind t's filter on the calling thread. 0, or -1 with a
 * one-line reason in err.
 */
int sandbox_enter(enum sandbox_thread t, char *err, size_t errlen);

/*
 * The BPF program of policy p, for tests and `armvm` debugging: at most
 * max instructions (struct sock_filter) into prog. Returns the count, or
 * -1 if it does not fit or jumps would be out of reach.
 */
struct sock_filter;
int sandbox_compile(const struct seccomp_policy *p, struct sock_filter *prog,
		    size_t max);

/*
 * For a thread the CLI owns or hands out as a hook: enter t, or on failure
 * print "armvm: error: ..." and end the process (a thread left unsandboxed
 * would be a silent hole).
 */
void sandbox_enter_or_exit(enum sandbox_thread t);

/* Whether sandbox_enter_or_exit does anything (off with --no-seccomp). */
void sandbox_set_enabled(bool on);

#endif
