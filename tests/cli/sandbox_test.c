/* SPDX-License-Identifier: MIT */
/*
 * Native tests of the seccomp sandbox (sandbox.h): each case forks a child
 * that installs one of armvm run's real allow-lists and then makes a call;
 * the parent checks that allowed calls work and that a denied one ends the
 * child with one line naming the thread and the system call, status 1.
 * One PASS:/FAIL: line per case; SKIP when the kernel has no seccomp.
 */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "cli/sandbox.h"

static int failures;

enum action { DO_WRITE, DO_OPENAT, DO_IOCTL_TCGETS, DO_IOCTL_KVM_RUN, DO_GETPPID,
	      DO_VCPU_THREAD_WRITE, DO_VCPU_THREAD_OPENAT };

/* As armvm_vm_run's threads: started by the sandboxed main thread, they
 * add the vCPU list to the one they inherit. */
static void *vcpu_thread(void *arg)
{
	char err[200];

	if (sandbox_enter(SANDBOX_VCPU, err, sizeof(err)) < 0) {
		fprintf(stderr, "vcpu: %s\n", err);
		_exit(5);
	}
	if (*(enum action *)arg == DO_VCPU_THREAD_OPENAT)
		syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY);
	else if (write(STDERR_FILENO, "ok\n", 3) != 3)
		_exit(3);
	return NULL;
}

/* Run `a` in a child under thread kind t; its stderr into out. Returns the
 * wait status. */
static int child(enum sandbox_thread t, enum action a, char *out, size_t outlen)
{
	int p[2];

	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char err[200];

		dup2(p[1], STDERR_FILENO);
		close(p[0]);
		if (sandbox_prepare() < 0 || sandbox_enter(t, err, sizeof(err)) < 0) {
			fprintf(stderr, "setup: %s\n", err);
			_exit(77);
		}
		switch (a) {
		case DO_WRITE:
			if (write(STDERR_FILENO, "ok\n", 3) != 3)
				_exit(3);
			break;
		case DO_OPENAT:
			syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY);
			break;
		case DO_IOCTL_TCGETS: {
			/* Allowed request: fails with ENOTTY on a pipe, no kill. */
			char buf[64];
			if (ioctl(p[1], TCGETS, buf) == 0 || errno != ENOTTY)
				_exit(4);
			break;
		}
		case DO_IOCTL_KVM_RUN:
			ioctl(p[1], KVM_RUN, 0);
			break;
		case DO_GETPPID:
			syscall(SYS_getppid);
			break;
		case DO_VCPU_THREAD_WRITE:
		case DO_VCPU_THREAD_OPENAT: {
			pthread_t th;
			if (pthread_create(&th, NULL, vcpu_thread, &a) != 0)
				_exit(6);
			pthread_join(th, NULL);
			break;
		}
		}
		_exit(0);
	}
	close(p[1]);
	size_t got = 0;
	ssize_t n;
	while (got + 1 < outlen && (n = read(p[0], out + got, outlen - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return st;
}

static void expect_ok(const char *name, enum sandbox_thread t, enum action a,
		      const char *want_out)
{
	char out[512];
	int st = child(t, a, out, sizeof(out));
	int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0 && !strcmp(out, want_out);

	printf("%s: sandbox-%s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : ": ",
	       ok ? "" : out);
	failures += !ok;
}

static void expect_denied(const char *name, enum sandbox_thread t, enum action a,
			  const char *want)
{
	char out[512];
	int st = child(t, a, out, sizeof(out));
	int ok = WIFEXITED(st) && WEXITSTATUS(st) == 1 && strstr(out, want) &&
		 !strncmp(out, "armvm: error: seccomp: the ", 27) &&
		 strchr(out, '\n') == out + strlen(out) - 1;

	printf("%s: sandbox-%s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : ": ",
	       ok ? "" : out);
	failures += !ok;
}

int main(void)
{
	char out[512];
	struct sock_filter prog[256];

	/* A kernel without seccomp (or a container forbidding it). */
	int st = child(SANDBOX_CONSOLE, DO_WRITE, out, sizeof(out));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
		printf("SKIP: sandbox-* %s", out);
		return 0;
	}
	for (int t = 0; t < SANDBOX_NR_THREADS; t++) {
		const struct seccomp_policy *p = seccomp_policy((enum sandbox_thread)t);
		int n = sandbox_compile(p, prog, 256);
		printf("%s: sandbox-compile-%d (%d instructions)\n", n > 0 ? "PASS" : "FAIL",
		       t, n);
		failures += n <= 0;
	}
	expect_ok("console-write", SANDBOX_CONSOLE, DO_WRITE, "ok\n");
	expect_ok("console-tcgets", SANDBOX_CONSOLE, DO_IOCTL_TCGETS, "");
	expect_denied("console-openat", SANDBOX_CONSOLE, DO_OPENAT,
		      "the console thread made system call " "");
	expect_denied("vcpu-openat-named", SANDBOX_VCPU, DO_OPENAT, "(openat), which its "
		      "allow-list does not permit");
	expect_denied("io-kvm-run", SANDBOX_IO, DO_IOCTL_KVM_RUN, "virtio I/O thread made "
		      "system call");
	expect_denied("console-kvm-run", SANDBOX_CONSOLE, DO_IOCTL_KVM_RUN, "(ioctl request 0xae80)");
	expect_ok("gdb-write", SANDBOX_GDB, DO_WRITE, "ok\n");
	expect_denied("gdb-openat", SANDBOX_GDB, DO_OPENAT, "gdb stub thread made system call");
	expect_denied("gdb-kvm-run", SANDBOX_GDB, DO_IOCTL_KVM_RUN, "(ioctl request 0xae80)");
	expect_denied("main-getppid-unnamed", SANDBOX_MAIN, DO_GETPPID,
		      "(not in armvm's name table)");
	expect_ok("vcpu-thread-under-main", SANDBOX_MAIN, DO_VCPU_THREAD_WRITE, "ok\n");
	expect_denied("vcpu-thread-openat", SANDBOX_MAIN, DO_VCPU_THREAD_OPENAT,
		      "the vCPU thread made system call ");
	/* The control API thread creates snapshot files, but may not touch
	 * a terminal or ask for anything outside its list. */
	expect_ok("api-openat", SANDBOX_API, DO_OPENAT, "");
	expect_denied("api-tcgets", SANDBOX_API, DO_IOCTL_TCGETS,
		      "the control API thread made system call ");
	expect_denied("api-getppid", SANDBOX_API, DO_GETPPID, "control API thread");
	return failures ? 1 : 0;
}
