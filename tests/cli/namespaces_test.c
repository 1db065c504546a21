/* SPDX-License-Identifier: MIT */
/*
 * Native tests of --unshare's namespaces (namespaces.h), as root: the PID
 * namespace's child is PID 1 and its exit status, or the signal that killed
 * it, comes back through the waiting parent; a SIGTERM sent to the parent
 * reaches the child; new mount and network namespaces have other inodes,
 * only a loopback interface and no shared mount. Each case runs in a forked
 * process. One PASS:/FAIL: line per case; SKIP when not root or the kernel
 * refuses namespaces (a container).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/namespaces.h"
#include "cli/options.h"

static int failures;

static void report(bool ok, const char *name, const char *why)
{
	printf("%s: namespaces-%s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : ": ", ok ? "" : why);
	failures += !ok;
}

/* Run fn in a forked process; its exit status (or 128 + signal). */
static int in_child(int (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t p = fork();
	if (p == 0)
		_exit(fn(arg));
	int ws;
	if (p < 0 || waitpid(p, &ws, 0) < 0)
		return -1;
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* ns_enter_pid, then the child does what *arg says; the parent's result:
 * 100 + status when ns_enter_pid returned 1. */
enum child_does { EXIT_AS_PID1, WAIT_FOR_SIGNAL };
static int ready_pipe[2];

static void on_term(int sig)
{
	(void)sig;
	_exit(5);
}

static int pid_case(void *arg)
{
	enum child_does what = *(enum child_does *)arg;
	char err[256], self[32] = "";
	int status = -1;
	int r = ns_enter_pid(&status, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "%s\n", err);
		return 99;
	}
	if (r == 1)
		return 100 + status > 255 ? 255 : 100 + status;
	if (what == EXIT_AS_PID1)
		_exit(getpid() == 1 ? 7 : 8);
	/* /proc is the outer namespace's: /proc/self names the outer pid. */
	signal(SIGTERM, on_term);
	if (readlink("/proc/self", self, sizeof(self) - 1) <= 0 ||
	    write(ready_pipe[1], self, sizeof(self)) != (ssize_t)sizeof(self))
		_exit(10);
	for (int i = 0; i < 100; i++)
		usleep(100 * 1000);
	_exit(11);
}

/* The child waits; the test sends sig to the parent (SIGTERM, which it
 * forwards) or SIGKILL to the child itself. The parent's exit status. */
static int signal_case(void *arg)
{
	int sig = *(int *)arg;
	enum child_does what = WAIT_FOR_SIGNAL;
	pid_t p = fork();
	if (p == 0)
		_exit(pid_case(&what));
	char self[32];
	if (read(ready_pipe[0], self, sizeof(self)) != (ssize_t)sizeof(self))
		return 20;
	kill(sig == SIGKILL ? (pid_t)atoi(self) : p, sig);
	int ws;
	waitpid(p, &ws, 0);
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 30;
}

static unsigned long ns_inode(const char *kind)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* 0: new mnt and net namespaces, only lo, no shared mount. */
static int mount_net_case(void *arg)
{
	unsigned long mnt = ns_inode("mnt"), net = ns_inode("net");
	char err[256], line[512];
	(void)arg;
	if (ns_unshare(CLI_UNSHARE_MOUNT | CLI_UNSHARE_NET, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (ns_inode("mnt") == mnt || ns_inode("net") == net)
		return 2;
	FILE *f = fopen("/proc/self/net/dev", "r");
	int ifaces = 0, lo = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strchr(line, ':')) {
			ifaces++;
			lo += strncmp(line + strspn(line, " "), "lo:", 3) == 0;
		}
	if (f)
		fclose(f);
	if (ifaces != 1 || lo != 1)
		return 3;
	f = fopen("/proc/self/mountinfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " shared:"))
			return 4;
	if (f)
		fclose(f);
	return 0;
}

int main(void)
{
	char err[256];
	if (geteuid() != 0) {
		printf("SKIP: namespaces needs root\n");
		return 0;
	}
	/* Can this kernel (container) make namespaces at all? */
	enum child_does what = EXIT_AS_PID1;
	int st = in_child(pid_case, &what);
	if (st == 99) {
		printf("SKIP: namespaces the kernel refuses a PID namespace here\n");
		return 0;
	}
	snprintf(err, sizeof(err), "status %d, want 107 (child was PID 1, exit 7)", st);
	report(st == 107, "pid1-exit-status", err);

	if (pipe(ready_pipe) < 0)
		return 1;
	int sig = SIGTERM;
	st = in_child(signal_case, &sig);
	snprintf(err, sizeof(err), "status %d, want 105 (SIGTERM forwarded, child exit 5)", st);
	report(st == 105, "sigterm-forwarded", err);
	sig = SIGKILL;
	st = in_child(signal_case, &sig);
	snprintf(err, sizeof(err), "status %d, want 237 (100 + 128 + SIGKILL)", st);
	report(st == 237, "child-killed", err);

	st = in_child(mount_net_case, NULL);
	snprintf(err, sizeof(err), "case status %d (1 unshare, 2 same inode, 3 interfaces, 4 shared mount)", st);
	report(st == 0, "mount-net", err);
	return failures ? 1 : 0;
}
