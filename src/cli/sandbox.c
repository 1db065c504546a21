// SPDX-License-Identifier: MIT
/* The seccomp sandbox; see sandbox.h. Raw BPF rather than libseccomp: the
 * filter is a flat list of numbers (plus ioctl request numbers), which
 * classic BPF expresses in a few lines, and the static arm64 binary needs
 * no further library in its sysroot. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "cli/exit_status.h"
#include "cli/sandbox.h"

#if defined(__aarch64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__x86_64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_X86_64
#else
#error "sandbox.c: no seccomp audit architecture for this target"
#endif

#define MAX_PROG 256

static bool enabled;
/* Which list this thread runs under, for the report. */
static _Thread_local const char *thread_name;
/* The main thread has its filter: threads it starts from now on inherit
 * no_new_privs and that filter. */
static bool main_sandboxed;

void sandbox_set_enabled(bool on)
{
	enabled = on;
}

#define STMT(code, k) ((struct sock_filter)BPF_STMT((code), (k)))
#define JEQ(k, jt, jf) ((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (jt), (jf)))
#define DATA(field) ((unsigned)offsetof(struct seccomp_data, field))

/*
 * Layout:  check arch -> load nr -> one JEQ per allowed call (to ALLOW)
 *          -> JEQ ioctl (to the ioctl check) -> TRAP
 *          ioctl check: high word of args[1] must be 0, low word one of
 *          the requests (to ALLOW) -> TRAP;  ALLOW;  KILL.
 */
int sandbox_compile(const struct seccomp_policy *p, struct sock_filter *prog,
		    size_t max)
{
	const bool ioctls = p->nr_ioctls > 0;
	const size_t n_main = 3 + p->nr_syscalls + (ioctls ? 1 : 0) + 1;
	const size_t n_ioctl = ioctls ? 2 + 1 + p->nr_ioctls + 1 : 0;
	const size_t n = n_main + n_ioctl + 2;
	const size_t allow = n - 2, kill = n - 1, ioctl_at = n_main;
	size_t i = 0;

	if (n > max || n > MAX_PROG)
		return -1;
	prog[i++] = STMT(BPF_LD | BPF_W | BPF_ABS, DATA(arch));
	prog[i] = JEQ(SANDBOX_AUDIT_ARCH, 0, (unsigned char)(kill - i - 1));
	i++;
	prog[i++] = STMT(BPF_LD | BPF_W | BPF_ABS, DATA(nr));
	for (size_t s = 0; s < p->nr_syscalls; s++, i++) {
		if (p->syscalls[s] == SYS_ioctl)
			/* ioctl only through the request check below. */
			prog[i] = JEQ((unsigned)p->syscalls[s],
				      ioctls ? (unsigned char)(ioctl_at - i - 1) : 0, 0);
		else
			prog[i] = JEQ((unsigned)p->syscalls[s],
				      (unsigned char)(allow - i - 1), 0);
	}
	if (ioctls) {
		prog[i] = JEQ(SYS_ioctl, (unsigned char)(ioctl_at - i - 1), 0);
		i++;
	}
	prog[i++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	if (ioctls) {
		/* args[1], the request: 64 bits, little-endian halves. */
		prog[i++] = STMT(BPF_LD | BPF_W | BPF_ABS, DATA(args[1]) + 4);
		prog[i] = JEQ(0, 0, (unsigned char)(n_main + n_ioctl - 1 - i - 1));
		i++;
		prog[i++] = STMT(BPF_LD | BPF_W | BPF_ABS, DATA(args[1]));
		for (size_t r = 0; r < p->nr_ioctls; r++, i++)
			prog[i] = JEQ((unsigned)p->ioctls[r], (unsigned char)(allow - i - 1), 0);
		prog[i++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	}
	prog[i++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog[i++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	return (int)i;
}

/* Async-signal-safe: formats by hand, one write(2), then exit_group. */
static void append(char *buf, size_t *at, size_t cap, const char *s)
{
	while (*s && *at < cap)
		buf[(*at)++] = *s++;
}

static void append_num(char *buf, size_t *at, size_t cap, long v)
{
	char d[24];
	size_t n = 0;
	unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;

	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) && n < sizeof(d));
	if (v < 0 && *at < cap)
		buf[(*at)++] = '-';
	while (n && *at < cap)
		buf[(*at)++] = d[--n];
}

/* For ioctl(2), which request: the second argument, from the registers the
 * signal saved (the filter checks request numbers too). */
static void append_ioctl_request(char *buf, size_t *at, size_t cap, long nr, void *uc)
{
	unsigned long req;

	if (nr != SYS_ioctl || !uc)
		return;
#if defined(__aarch64__)
	req = ((ucontext_t *)uc)->uc_mcontext.regs[1];
#elif defined(__x86_64__)
	req = (unsigned long)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RSI];
#else
	return;
#endif
	char hex[19] = "0x";
	int n = 0;
	for (int shift = 60; shift >= 0; shift -= 4)
		if ((req >> shift) & 0xf || n || !shift)
			hex[2 + n++] = "0123456789abcdef"[(req >> shift) & 0xf];
	hex[2 + n] = '\0';
	append(buf, at, cap, " request ");
	append(buf, at, cap, hex);
}

static void report_sigsys(int sig, siginfo_t *si, void *uc)
{
	char line[256];
	size_t at = 0;
	const char *name = seccomp_syscall_name(si->si_syscall);

	(void)sig;
	append(line, &at, sizeof(line), "armvm: error: seccomp: the ");
	append(line, &at, sizeof(line), thread_name ? thread_name : "?");
	append(line, &at, sizeof(line), " thread made system call ");
	append_num(line, &at, sizeof(line), si->si_syscall);
	append(line, &at, sizeof(line), " (");
	append(line, &at, sizeof(line), name ? name : "not in armvm's name table");
	append_ioctl_request(line, &at, sizeof(line), si->si_syscall, uc);
	append(line, &at, sizeof(line), "), which its allow-list does not permit; "
	       "stopping (--no-seccomp to debug)\n");
	ssize_t w = write(STDERR_FILENO, line, at);
	(void)w;
	syscall(SYS_exit_group, EXIT_HOST_ERROR);
}

int sandbox_prepare(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = report_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	return sigaction(SIGSYS, &sa, NULL);
}

int sandbox_enter(enum sandbox_thread t, char *err, size_t errlen)
{
	const struct seccomp_policy *p = seccomp_policy(t);
	struct sock_filter prog[MAX_PROG];
	int n = p ? sandbox_compile(p, prog, MAX_PROG) : -1;

	if (n < 0) {
		snprintf(err, errlen, "seccomp: the %s allow-list does not fit in a BPF program",
			 p ? p->name : "?");
		return -1;
	}
	struct sock_fprog fprog = { .len = (unsigned short)n, .filter = prog };
	thread_name = p->name;
	/* No setuid gain after this, which also lets an unprivileged process
	 * install a filter (seccomp(2)). Threads the sandboxed main thread
	 * starts inherit it (and its filter, which has no prctl). */
	bool inherited = __atomic_load_n(&main_sandboxed, __ATOMIC_ACQUIRE);

	if (!inherited && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errlen, "seccomp: cannot set no_new_privs: %s", strerror(errno));
		return -1;
	}
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog);
	/* A thread started before the main thread sandboxed itself inherited
	 * neither no_new_privs nor the filter (so prctl is still allowed);
	 * after a privilege drop its seccomp() fails with EACCES: set it now. */
	if (r < 0 && errno == EACCES && inherited &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
		r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog);
	if (r < 0) {
		snprintf(err, errlen, "seccomp: cannot install the %s thread's filter: %s",
			 p->name, strerror(errno));
		return -1;
	}
	if (t == SANDBOX_MAIN)
		__atomic_store_n(&main_sandboxed, true, __ATOMIC_RELEASE);
	return 0;
}

void sandbox_enter_or_exit(enum sandbox_thread t)
{
	char err[200];

	if (!enabled)
		return;
	if (sandbox_enter(t, err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		_exit(EXIT_HOST_ERROR);
	}
}
