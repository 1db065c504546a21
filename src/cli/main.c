/* SPDX-License-Identifier: MIT */
/*
 * armvm: run an AArch64 or AArch32 guest on a QEMU-virt-like machine with
 * KVM. Uses only the public library (include/armvm/armvm.h) and the shared
 * platform code (src/machine, src/dev).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/boot.h"
#include "cli/exit_status.h"
#include "cli/gdb_server.h"
#include "cli/options.h"
#include "cli/namespaces.h"
#include "cli/privdrop.h"
#include "cli/sandbox.h"
#include "cli/tty.h"
#include "cli/tty_filter.h"

/* The git revision, from $(B)/gen/armvm-revision.h (mk/version.mk). */
#ifdef ARMVM_HAVE_REVISION_H
#include "armvm-revision.h"
#endif
#ifndef ARMVM_GIT_REVISION
#define ARMVM_GIT_REVISION "unknown"
#endif

static const char usage_text[] =
	"usage: armvm <command> [options]\n"
	"\n"
	"commands:\n"
	"  run [options] <image>   boot <image> in a new VM (see armvm run --help)\n"
	"  help, -h, --help        this text\n"
	"  version, --version      the release and the git revision\n"
	"\n"
	"exit status:\n"
	"  0  the guest powered off (PSCI SYSTEM_OFF), or --dtb-out/--help done\n"
	"  1  host error: no /dev/kvm, no permission, the host cannot do it, KVM failed\n"
	"  2  usage or input error: bad option, missing/empty/unloadable image\n"
	"  3  the guest asked for a reset (PSCI SYSTEM_RESET)\n"
	"  4  the guest crashed (reason on stderr)\n"
	"  5  stopped by SIGINT, SIGTERM or SIGHUP, or by Ctrl-A x on a terminal\n";

static const char run_usage_text[] =
	"usage: armvm run [options] <image>\n"
	"       armvm run [options] -kernel <image>\n"
	"\n"
	"Boot <image> on a QEMU 'virt' compatible machine: GIC, PL011 console on\n"
	"stdout and stdin, PL031 RTC, the armvm test device and boot marker, RAM at\n"
	"0x40000000. ELF files load at their own addresses; arm64 Image and arm32\n"
	"zImage kernels as Linux expects. The device tree goes high in RAM, its\n"
	"address in x0 (AArch64) or r2 with r0=0, r1=0xffffffff (AArch32), and a\n"
	"copy at 0x40000000 when the image leaves that free (as QEMU does).\n"
	"\n"
	"options:\n"
	"  --aarch32            run the guest's EL1 in AArch32 (needs host support)\n"
	"  -m, --memory SIZE    guest RAM; a number alone is MiB, as in QEMU and\n"
	"                       kvmtool (-m 128 = 128 MiB); or with a unit: K, M, G,\n"
	"                       T, B for bytes (512M, 1G). Default 128M; 2M..1023G,\n"
	"                       at most 3G with --aarch32 so RAM ends below 4 GiB\n"
	"  -c, --cpus N         vCPUs, 1..64 (1..8 with a GICv2; default 1)\n"
	"  -smp N               the same, QEMU's spelling (also -smp cpus=N)\n"
	"  --gic auto|2|3|none  interrupt controller (default auto: v3, else v2);\n"
	"                       none: no GIC, no timer node and no interrupts in\n"
	"                       the device tree (not with virtio devices)\n"
	"  --raw                load <image> as a raw binary at 0x40080000\n"
	"  --load-addr ADDR     load <image> as a raw binary at ADDR (implies --raw)\n"
	"  --decompress auto|guest\n"
	"                       auto (default): inflate a compressed kernel and a\n"
	"                       zImage's payload in the VMM; guest: leave a zImage\n"
	"                       to its own decompressor\n"
	"  --decompress-cache DIR\n"
	"                       keep inflated kernels in DIR and reuse them (a\n"
	"                       kernel booted before is not inflated again)\n"
	"  -kernel FILE         the image, QEMU's spelling (instead of <image>)\n"
	"  --initrd, -initrd FILE\n"
	"                       initial ramdisk, described in the device tree\n"
	"  --append, -append CMDLINE\n"
	"                       kernel command line (/chosen/bootargs)\n"
	"  --dtb-out FILE       write the device tree the guest would get to FILE and\n"
	"                       exit 0 without running (the VM is still created, so\n"
	"                       it reflects the GIC the host gives)\n"
	"  --kvm-path PATH      KVM device to use (default /dev/kvm)\n"
	"  --no-input           do not pass stdin to the guest's console (stdin is\n"
	"                       read otherwise, unless it is /dev/null)\n"
	"  --no-seccomp         run without the seccomp sandbox (each thread's\n"
	"                       system call allow-list); for debugging only\n"
	"  --chroot DIR         once the VM is set up, chroot to DIR\n"
	"  --gid GID, --uid UID once the VM is set up, drop to this group and user\n"
	"  --unshare LIST       new namespaces, LIST of mount,pid,net or all (root;\n"
	"                       armvm is PID 1 of the new PID namespace)\n"
	"  --no-pmu             no vPMU (default: a PMUv3 on PPI 7 when the host has\n"
	"                       one, as QEMU virt)\n"
	"  --its                a GICv3 ITS at 0x08080000 as QEMU virt's (default: none;\n"
	"                       armvm's devices use no MSIs)\n"
	"  --gdb [HOST:]PORT    a gdb stub on TCP PORT (every interface without\n"
	"                       HOST; HOST: an IP address or localhost); QEMU's\n"
	"                       -gdb tcp::PORT is taken too\n"
	"  -s                   the same as --gdb 1234, QEMU's spelling\n"
	"  --gdb-wait, -S       start with the guest halted until gdb continues it\n"
	"\n"
	"virtio-mmio devices (QEMU virt transports 0x0a000000 + n*0x200, SPI 16+n,\n"
	"in command-line order; the first disk is /dev/vda):\n"
	"  --disk PATH[,ro]     virtio-blk on a disk image (read-only with ,ro)\n"
	"  --net tap=NAME       virtio-net on tap interface NAME\n"
	"  --rng                virtio-rng fed by getrandom(2)\n"
	"  --console virtio     the console is a virtio-console (/dev/hvc0; stdin goes\n"
	"                       there and console=hvc0 is added to a command line\n"
	"                       without console=); --console pl011 is the default\n"
	"  -h, --help           this text\n"
	"  --version            the release and the git revision\n"
	"\n"
	"Console on a terminal: the terminal is fully raw while the guest runs, so\n"
	"Ctrl-C, Ctrl-Z and Ctrl-\\ go to the guest. Escapes, after Ctrl-A:\n"
	"  Ctrl-A x             stop the VM and quit (exit status 5)\n"
	"  Ctrl-A Ctrl-A        send one Ctrl-A to the guest\n"
	"  Ctrl-A h             print the escapes on stderr\n"
	"  Ctrl-A <other>       send both bytes\n"
	"With stdin a pipe or file, bytes pass unchanged and SIGINT stops the VM.\n"
	"\n"
	"When the guest touched the test device, a 'testdev:' summary line is\n"
	"printed on stderr at exit. Exit status: see armvm --help.\n";

static struct armvm_vm *signal_vm;
static volatile sig_atomic_t signal_seen;

static void stop_on_signal(int sig)
{
	signal_seen = sig;
	if (signal_vm)
		armvm_vm_stop(signal_vm);
}

/* Ctrl-A x on the terminal (tty_filter's thread). */
static void stop_on_escape(void *vm)
{
	armvm_vm_stop(vm);
}

static void install_stop_signals(struct armvm_vm *vm)
{
	signal_vm = vm;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A console reader that goes away must not kill us mid-run. */
	signal(SIGPIPE, SIG_IGN);
}

static int write_dtb(const char *path, const struct cli_vm *cv)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "armvm: error: cannot create '%s': %s\n", path,
			strerror(errno));
		return EXIT_USAGE;
	}
	size_t done = 0, len = (size_t)cv->dtb_size;
	while (done < len) {
		ssize_t n = write(fd, cv->dtb + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "armvm: error: cannot write '%s': %s\n", path,
				n < 0 ? strerror(errno) : "short write");
			close(fd);
			return EXIT_HOST_ERROR;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0) {
		fprintf(stderr, "armvm: error: cannot write '%s': %s\n", path,
			strerror(errno));
		return EXIT_HOST_ERROR;
	}
	return EXIT_POWEROFF;
}

static int report_exit(const struct armvm_exit *ex, int rc,
		       const struct armvm_error *e, const char *stopped_by)
{
	if (rc < 0) {
		fprintf(stderr, "armvm: error: %s\n", e->msg);
		return EXIT_HOST_ERROR;
	}
	switch (ex->reason) {
	case ARMVM_EXIT_POWEROFF:
		return EXIT_POWEROFF;
	case ARMVM_EXIT_RESET:
		fprintf(stderr, "armvm: the guest asked for a reset\n");
		return EXIT_GUEST_RESET;
	case ARMVM_EXIT_CRASH:
		fprintf(stderr, "armvm: guest crashed: vCPU %u: %s\n", ex->vcpu,
			ex->detail);
		return EXIT_GUEST_CRASH;
	case ARMVM_EXIT_STOPPED:
		fprintf(stderr, "armvm: stopped by %s\n",
			stopped_by ? stopped_by : "request");
		return EXIT_INTERRUPTED;
	default:
		fprintf(stderr, "armvm: error: the VM ended for an unknown reason %d\n",
			(int)ex->reason);
		return EXIT_HOST_ERROR;
	}
}

static void vcpu_thread_start(void *ctx, unsigned vcpu)
{
	(void)ctx;
	(void)vcpu;
	sandbox_enter_or_exit(SANDBOX_VCPU);
}

static int cmd_run(const struct cli_options *o)
{
	static struct cli_vm cv;
	char err[300];

	if (!o->no_seccomp && !o->dtb_out) {
		if (sandbox_prepare() < 0) {
			fprintf(stderr, "armvm: error: seccomp: cannot install the SIGSYS handler\n");
			return EXIT_HOST_ERROR;
		}
		sandbox_set_enabled(true);
	}
	int status;
	/* A PID namespace first: the rest runs in a child, PID 1 there (KVM
	 * ties the VM to the process that creates it: nothing is open yet). */
	if ((o->unshare & CLI_UNSHARE_PID) && !o->dtb_out) {
		int r = ns_enter_pid(&status, err, sizeof(err));
		if (r < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			return EXIT_HOST_ERROR;
		}
		if (r > 0)
			return status;   /* the parent, after the child's end */
	}
	status = cli_vm_setup(o, &cv, err, sizeof(err));
	if (status) {
		fprintf(stderr, "armvm: error: %s\n", err);
		cli_vm_teardown(&cv);
		return status;
	}
	if (o->dtb_out) {
		status = write_dtb(o->dtb_out, &cv);
		cli_vm_teardown(&cv);
		return status;
	}

	/* gdb's socket is opened with everything else (in armvm's network
	 * namespace, before --unshare net); its thread starts after the drop. */
	struct gdb_server *gdb = NULL;
	if (o->gdb && gdb_server_open(&gdb, cv.vm, o->gdb, o->gdb_wait, err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		cli_vm_teardown(&cv);
		return EXIT_HOST_ERROR;
	}
	/* Everything is open and no thread runs yet: drop what was asked. */
	if (privdrop_apply(o, err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		gdb_server_destroy(gdb);
		cli_vm_teardown(&cv);
		return EXIT_HOST_ERROR;
	}
	status = cli_vm_start_io(&cv, err, sizeof(err));
	if (status) {
		fprintf(stderr, "armvm: error: %s\n", err);
		gdb_server_destroy(gdb);
		cli_vm_teardown(&cv);
		return status;
	}
	if (gdb) {
		if (gdb_server_start_thread(gdb, err, sizeof(err)) < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			gdb_server_destroy(gdb);
			cli_vm_teardown(&cv);
			return EXIT_HOST_ERROR;
		}
		fprintf(stderr, "armvm: gdb stub on %s%s\n", o->gdb,
			o->gdb_wait ? ": the guest starts when gdb continues it" : "");
	}
	install_stop_signals(cv.vm);
	struct tty_state tty = { .saved = false };
	if (cv.on_tty) {
		if (tty_raw_begin(&tty, 0))
			fputs("armvm: console on a terminal: Ctrl-A x quits, "
			      "Ctrl-A h for help\n", stderr);
		if (tty_filter_start(&cv.filter, stop_on_escape, cv.vm) < 0) {
			tty_raw_end(&tty);
			fprintf(stderr, "armvm: error: cannot start the terminal "
				"console thread\n");
			cli_vm_teardown(&cv);
			return EXIT_HOST_ERROR;
		}
	}
	if (cv.input)
		devices_start_input(&cv.devs, cv.input_fd);
	devices_mark_start(&cv.devs);
	/* Everything is open: from here each thread keeps to its allow-list
	 * (vCPU 0 runs on this one; the others enter theirs on start). */
	armvm_vm_set_thread_start(cv.vm, vcpu_thread_start, NULL);
	sandbox_enter_or_exit(SANDBOX_MAIN);
	struct armvm_exit ex;
	struct armvm_error e = { 0 };
	int rc = signal_seen ? 0 : gdb ? gdb_server_run(gdb, &signal_seen, &ex, &e)
				       : armvm_vm_run(cv.vm, &ex, &e);
	gdb_server_destroy(gdb);
	if (cv.on_tty)
		tty_filter_stop(&cv.filter);
	tty_raw_end(&tty);
	const char *stopped_by = NULL;
	char sigwhy[32];
	if (signal_seen && rc == 0) {
		ex.reason = ARMVM_EXIT_STOPPED;
		snprintf(sigwhy, sizeof(sigwhy), "signal %d", (int)signal_seen);
		stopped_by = sigwhy;
	} else if (cv.on_tty && tty_filter_quit_seen(&cv.filter) && rc == 0 &&
		   ex.reason == ARMVM_EXIT_STOPPED) {
		stopped_by = "Ctrl-A x";
	}
	signal_vm = NULL;
	devices_report(&cv.devs);
	status = report_exit(&ex, rc, &e, stopped_by);
	cli_vm_teardown(&cv);
	return status;
}

int main(int argc, char **argv)
{
	struct cli_options o;
	char err[300];
	if (cli_parse(argc, argv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		return EXIT_USAGE;
	}
	switch (o.command) {
	case CLI_CMD_HELP:
		fputs(usage_text, stdout);
		return 0;
	case CLI_CMD_RUN_HELP:
		fputs(run_usage_text, stdout);
		return 0;
	case CLI_CMD_VERSION:
#ifdef ARMVM_VERSION_PATCH
		printf("armvm %d.%d.%d (git %s)\n", ARMVM_VERSION_MAJOR,
		       ARMVM_VERSION_MINOR, ARMVM_VERSION_PATCH, ARMVM_GIT_REVISION);
#else
		printf("armvm %d.%d (git %s)\n", ARMVM_VERSION_MAJOR,
		       ARMVM_VERSION_MINOR, ARMVM_GIT_REVISION);
#endif
		return 0;
	case CLI_CMD_RUN:
		return cmd_run(&o);
	default:
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
}
