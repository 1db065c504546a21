// SPDX-License-Identifier: MIT
/*
 * The seccomp allow-lists of armvm run, one per kind of thread. Installed
 * (sandbox.c) after every file, device and the VM are open, so no thread
 * may open or create a file, socket or VM, execute, connect, ptrace or
 * change its ids: what remains is moving bytes on descriptors it already
 * holds, running vCPUs and managing its own memory and threads. ioctl(2) is filtered by request
 * number too: a vCPU may run, read and write registers and raise an
 * interrupt line, never create or reconfigure a VM.
 *
 * What the C library does behind a call counts: glibc's pthread_create
 * (clone3, falling back to clone; mmap + mprotect for the stack, rseq and
 * set_robust_list in the new thread), malloc (brk, mmap, madvise), thread
 * exit (madvise, munmap, exit), poll (ppoll), epoll_wait (epoll_pwait),
 * tcsetattr (ioctl TCSETS*). A call missing here shows up as
 * "armvm: error: seccomp: ... system call N (name)" and exit status 1.
 */
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "cli/seccomp_policy.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Every thread: memory, futexes, signals, time, its own exit, and the
 * SIGSYS report itself (write, exit_group). */
#define COMMON_SYSCALLS \
	SYS_futex, SYS_brk, SYS_mmap, SYS_munmap, SYS_mprotect, SYS_madvise, \
	SYS_rt_sigreturn, SYS_rt_sigprocmask, SYS_clock_gettime, \
	SYS_clock_nanosleep, SYS_nanosleep, SYS_sched_yield, SYS_getpid, \
	SYS_gettid, SYS_exit, SYS_exit_group, SYS_write, SYS_writev, \
	SYS_set_robust_list, SYS_rseq, SYS_restart_syscall

/* Main thread: runs vCPU 0, starts the other vCPU threads, then tears down
 * (join, close, unmap guest RAM, restore the terminal, report). */
static const int main_syscalls[] = {
	COMMON_SYSCALLS, SYS_ioctl, SYS_clone, SYS_clone3, SYS_tgkill,
	SYS_rt_sigaction,    /* glibc's first pthread_create; tty_raw_end */
	/* vCPU threads start under this filter and add their own; a filter
	 * can only ever narrow what is allowed. */
	SYS_seccomp,
	SYS_close, SYS_read, SYS_ppoll, SYS_newfstatat, SYS_fstat, SYS_lseek,
	SYS_fsync, SYS_fdatasync,   /* closing a disk at teardown */
};

/* vCPU threads: KVM_RUN, MMIO callbacks (console output, eventfd kicks),
 * armvm_vm_stop (tgkill) when a vCPU ends the run. */
static const int vcpu_syscalls[] = {
	COMMON_SYSCALLS, SYS_ioctl, SYS_tgkill,
	SYS_ppoll,       /* fd_write_all: console output to a full non-blocking pipe */
};

/* KVM requests a vCPU (and vCPU 0 on the main thread) makes while running:
 * a load/store without syndrome (nisv.c) reads and writes registers and
 * may inject an external abort (KVM_{GET,SET}_VCPU_EVENTS). */
#define VCPU_IOCTLS KVM_RUN, KVM_IRQ_LINE, KVM_GET_ONE_REG, KVM_SET_ONE_REG, \
	KVM_GET_VCPU_EVENTS, KVM_SET_VCPU_EVENTS

/* Setting a vCPU's debug registers (armvm_vcpu_set_debug) also asks KVM how
 * many there are (KVM_CHECK_EXTENSION, a query). The gdb thread does it, and
 * the run loop on the main thread when gdb has gone (breakpoints out). */
#define DEBUG_IOCTLS KVM_SET_GUEST_DEBUG, KVM_CHECK_EXTENSION

static const unsigned long main_ioctls[] = {
	VCPU_IOCTLS, DEBUG_IOCTLS, TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ,
};
static const unsigned long vcpu_ioctls[] = { VCPU_IOCTLS };

/* The virtio I/O thread: queue eventfds, disk, tap, entropy, console. */
static const int io_syscalls[] = {
	COMMON_SYSCALLS, SYS_ioctl, SYS_epoll_pwait, SYS_epoll_ctl, SYS_read,
	SYS_readv, SYS_pread64, SYS_pwrite64, SYS_preadv, SYS_pwritev,
	SYS_preadv2, SYS_pwritev2, SYS_fsync, SYS_fdatasync, SYS_fallocate,
	SYS_sync_file_range, SYS_getrandom, SYS_lseek, SYS_close,
	SYS_newfstatat, SYS_fstat,
	SYS_tgkill,      /* SIGINT may land here: armvm_vm_stop */
	SYS_ppoll,       /* console input readiness; fd_write_all on a full pipe */
};
/* A device without an irqfd raises its line by hand (host_virtio.c). */
static const unsigned long io_ioctls[] = { KVM_IRQ_LINE };

/* Console threads: read stdin or the terminal, feed the guest's UART or
 * the filter pipe, Ctrl-A x stops the VM (tgkill). */
static const int console_syscalls[] = {
	COMMON_SYSCALLS, SYS_ioctl, SYS_read, SYS_ppoll, SYS_tgkill,
};
/* KVM_IRQ_LINE: a byte for the PL011 raises its receive interrupt. */
static const unsigned long console_ioctls[] = { KVM_IRQ_LINE, TCGETS, TIOCGWINSZ };

/* The control API thread (--api-sock): serves its socket's clients, pauses
 * and resumes the vCPUs (tgkill kicks them out of KVM_RUN), and writes a
 * snapshot: it creates the two files a /snapshot/create names, so it may
 * open files (openat) where the other threads may not, and reads the VM's
 * and vCPUs' state through KVM. */
static const int api_syscalls[] = {
	COMMON_SYSCALLS, SYS_ioctl, SYS_ppoll, SYS_accept4, SYS_recvfrom,
	SYS_sendto, SYS_read, SYS_close, SYS_tgkill,
	SYS_openat, SYS_ftruncate, SYS_fallocate, SYS_pwrite64, SYS_pread64,
	SYS_lseek, SYS_fsync, SYS_fdatasync, SYS_fstat, SYS_newfstatat,
	SYS_renameat, SYS_renameat2, SYS_unlinkat,
	SYS_getrandom,   /* the memory file's tie to its snapshot; mkostemp */
	SYS_mremap,      /* glibc's realloc of the growing state blob */
};
/* KVM_RUN: saving completes a vCPU's last MMIO exit with immediate_exit
 * set, which returns before any guest code runs (vcpu_complete_exit). */
static const unsigned long api_ioctls[] = {
	KVM_CHECK_EXTENSION, /* the state save asks for KVM_CAP_VCPU_EVENTS */
	KVM_RUN, KVM_GET_ONE_REG, KVM_GET_REG_LIST, KVM_GET_MP_STATE, KVM_GET_DEVICE_ATTR,
	KVM_HAS_DEVICE_ATTR, KVM_SET_DEVICE_ATTR, KVM_GET_VCPU_EVENTS,
};

/* The gdb stub's thread: accepts one debugger at a time on the socket it
 * was given before the sandbox (no socket, bind or connect of its own),
 * talks to it, and, while the VM is halted, reads and writes vCPU
 * registers and guest memory (mapped already) and sets debug registers;
 * armvm_vm_stop (tgkill) for gdb's Ctrl-C. */
static const int gdb_syscalls[] = {
	COMMON_SYSCALLS, SYS_ioctl, SYS_ppoll, SYS_accept, SYS_accept4,
	SYS_recvfrom, SYS_sendto, SYS_setsockopt, SYS_read, SYS_close, SYS_tgkill,
};
static const unsigned long gdb_ioctls[] = {
	KVM_GET_ONE_REG, KVM_SET_ONE_REG, DEBUG_IOCTLS,
};

/* With --unshare pid, the process left outside the namespace: it waits
 * for the VM's process, forwards stop signals to it, reports how it ended
 * and exits. */
static const int pid_parent_syscalls[] = {
	COMMON_SYSCALLS, SYS_wait4, SYS_kill,
};

static const struct seccomp_policy policies[SANDBOX_NR_THREADS] = {
	[SANDBOX_MAIN] = { "main (vCPU 0)", main_syscalls, ARRAY_LEN(main_syscalls),
			   main_ioctls, ARRAY_LEN(main_ioctls) },
	[SANDBOX_VCPU] = { "vCPU", vcpu_syscalls, ARRAY_LEN(vcpu_syscalls),
			   vcpu_ioctls, ARRAY_LEN(vcpu_ioctls) },
	[SANDBOX_IO] = { "virtio I/O", io_syscalls, ARRAY_LEN(io_syscalls),
			 io_ioctls, ARRAY_LEN(io_ioctls) },
	[SANDBOX_CONSOLE] = { "console", console_syscalls, ARRAY_LEN(console_syscalls),
			      console_ioctls, ARRAY_LEN(console_ioctls) },
	[SANDBOX_API] = { "control API", api_syscalls, ARRAY_LEN(api_syscalls),
			  api_ioctls, ARRAY_LEN(api_ioctls) },
	[SANDBOX_GDB] = { "gdb stub", gdb_syscalls, ARRAY_LEN(gdb_syscalls),
			  gdb_ioctls, ARRAY_LEN(gdb_ioctls) },
	[SANDBOX_PID_PARENT] = { "namespace parent", pid_parent_syscalls,
				 ARRAY_LEN(pid_parent_syscalls), NULL, 0 },
};

const struct seccomp_policy *seccomp_policy(enum sandbox_thread t)
{
	return t < SANDBOX_NR_THREADS ? &policies[t] : NULL;
}

/* Names for the report: every call above, and the ones an attacker wants. */
#define NAME(n) { SYS_##n, #n }
static const struct { long nr; const char *name; } names[] = {
	NAME(futex), NAME(brk), NAME(mmap), NAME(munmap), NAME(mprotect),
	NAME(madvise), NAME(rt_sigreturn), NAME(rt_sigprocmask),
	NAME(rt_sigaction), NAME(clock_gettime), NAME(clock_nanosleep),
	NAME(nanosleep), NAME(sched_yield), NAME(getpid), NAME(gettid),
	NAME(exit), NAME(exit_group), NAME(write), NAME(writev),
	NAME(set_robust_list), NAME(rseq), NAME(restart_syscall), NAME(ioctl),
	NAME(clone), NAME(clone3), NAME(tgkill), NAME(close), NAME(read),
	NAME(readv), NAME(ppoll), NAME(pselect6), NAME(newfstatat), NAME(fstat),
	NAME(lseek), NAME(fsync), NAME(fdatasync), NAME(epoll_pwait),
	NAME(epoll_ctl), NAME(pread64), NAME(pwrite64), NAME(preadv),
	NAME(pwritev), NAME(preadv2), NAME(pwritev2), NAME(fallocate),
	NAME(sync_file_range), NAME(getrandom), NAME(openat), NAME(execve),
	NAME(execveat), NAME(socket), NAME(connect), NAME(bind), NAME(accept4),
	NAME(sendto), NAME(recvfrom), NAME(accept), NAME(setsockopt), NAME(sendmsg), NAME(recvmsg),
	NAME(ptrace), NAME(mount), NAME(umount2), NAME(chroot), NAME(pivot_root),
	NAME(unshare), NAME(setns), NAME(kill), NAME(tkill), NAME(prctl),
	NAME(seccomp), NAME(bpf), NAME(mremap), NAME(msync), NAME(dup),
	NAME(dup3), NAME(fcntl), NAME(pipe2), NAME(eventfd2), NAME(getuid),
	NAME(setuid), NAME(setgid), NAME(uname), NAME(getcwd), NAME(unlinkat),
	NAME(mkdirat), NAME(ftruncate), NAME(truncate),
	NAME(flock), NAME(process_vm_readv), NAME(process_vm_writev),
	NAME(wait4), NAME(waitid), NAME(prlimit64), NAME(sched_getaffinity),
	NAME(membarrier), NAME(statx), NAME(faccessat), NAME(readlinkat),
	NAME(renameat), NAME(renameat2),
};

const char *seccomp_syscall_name(long nr)
{
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (names[i].nr == nr)
			return names[i].name;
	return NULL;
}
