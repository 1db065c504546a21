// SPDX-License-Identifier: MIT
/* New namespaces for armvm run; see namespaces.h. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/namespaces.h"
#include "cli/options.h"
#include "cli/sandbox.h"

static volatile pid_t vm_pid;

/* A stop signal someone sent the parent (kill, a supervisor) goes on to
 * the VM process. One from the terminal (si_code SI_KERNEL) reached the
 * child too, through the process group: sending it again would count
 * twice. */
static void forward_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (vm_pid > 0 && si->si_code <= 0)
		kill(vm_pid, sig);
}

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

/* The stop signals are blocked from before the fork until the parent's
 * handlers are in place, so one sent in between is forwarded, not fatal. */
static void forwarded_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(set, forwarded[i]);
}

static int wait_child(pid_t child, const sigset_t *old_mask)
{
	struct sigaction sa;
	int ws;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	vm_pid = child;
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaction(forwarded[i], &sa, NULL);
	sigprocmask(SIG_SETMASK, old_mask, NULL);
	/* This process only waits from here: its own short allow-list. */
	sandbox_enter_or_exit(SANDBOX_PID_PARENT);
	while (waitpid(child, &ws, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws)) {
		fprintf(stderr, "armvm: the VM process (PID 1 of its namespace) was killed by "
			"signal %d\n", WTERMSIG(ws));
		return 128 + WTERMSIG(ws);
	}
	return 1;
}

int ns_enter_pid(int *status, char *err, size_t errlen)
{
	if (unshare(CLONE_NEWPID) < 0) {
		snprintf(err, errlen, "--unshare pid: cannot make a PID namespace: %s%s",
			 strerror(errno), errno == EPERM ? " (needs root, as Firecracker's jailer)" : "");
		return -1;
	}
	fflush(NULL);   /* nothing buffered gets written twice */
	sigset_t stop, old_mask;
	forwarded_set(&stop);
	sigprocmask(SIG_BLOCK, &stop, &old_mask);
	pid_t child = fork();
	if (child < 0) {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		snprintf(err, errlen, "--unshare pid: fork: %s", strerror(errno));
		return -1;
	}
	if (child == 0) {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		ns_die_with_parent();
		return 0;
	}
	*status = wait_child(child, &old_mask);
	return 1;
}

void ns_die_with_parent(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

int ns_unshare(unsigned flags, char *err, size_t errlen)
{
	int clone_flags = ((flags & CLI_UNSHARE_MOUNT) ? CLONE_NEWNS : 0) |
			  ((flags & CLI_UNSHARE_NET) ? CLONE_NEWNET : 0);

	if (!clone_flags)
		return 0;
	if (unshare(clone_flags) < 0) {
		snprintf(err, errlen, "--unshare: cannot make a %s namespace: %s%s",
			 clone_flags == CLONE_NEWNET ? "network" :
			 clone_flags == CLONE_NEWNS ? "mount" : "mount or network",
			 strerror(errno), errno == EPERM ? " (needs root, as Firecracker's jailer)" : "");
		return -1;
	}
	/* The new namespace starts as a copy whose mounts still share
	 * propagation with the old one: cut that (mount --make-rprivate /). */
	if ((flags & CLI_UNSHARE_MOUNT) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		snprintf(err, errlen, "--unshare mount: cannot make the mounts private: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}
