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

#include "cli/api_client.h"
#include "cli/api_server.h"
#include "cli/boot.h"
#include "cli/config_file.h"
#include "cli/namespaces.h"
#include "cli/exit_status.h"
#include "cli/gdb_server.h"
#include "cli/options.h"
#include "cli/privdrop.h"
#include "cli/sandbox.h"
#include "cli/tty.h"
#include "cli/tty_filter.h"
#include "cli/vm_control.h"
#include "cli/vm_snapshot.h"

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
	"  run --api-sock PATH     serve the control API (Firecracker's) on PATH and\n"
	"                          wait to be configured and started (docs/api.md)\n"
	"  restore [options] SNAPSHOT MEMFILE\n"
	"                          bring a snapshot back in a new VM (armvm restore --help)\n"
	"  snapshot [--stop] SOCKET SNAPSHOT MEMFILE\n"
	"                          pause the armvm serving SOCKET, write its snapshot\n"
	"                          and memory file, then resume it (or stop it)\n"
	"  api [-i] SOCKET METHOD PATH [BODY|@FILE]\n"
	"                          one control-API request; prints the answer's body\n"
	"                          (-i: its status first); status 1 unless 2xx\n"
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

static const char restore_usage_text[] =
	"usage: armvm restore [options] SNAPSHOT MEMFILE\n"
	"\n"
	"Bring back in this new process the VM that `armvm snapshot` (or the API's\n"
	"/snapshot/create) saved: the machine as the snapshot says (architecture,\n"
	"vCPUs, GIC, RAM, devices), the guest memory file mapped copy-on-write so\n"
	"pages load as the guest touches them, every vCPU, the vGIC, the timers\n"
	"and the devices' state; the guest goes on where it was.\n"
	"\n"
	"The devices' back ends are the ones the snapshot recorded (disk paths,\n"
	"tap names, entropy, virtio console) unless --disk, --net, --rng or\n"
	"--console virtio are given: then those, which must describe the same\n"
	"devices in the same order.\n"
	"\n"
	"options:\n"
	"  --paused             do not run the guest until PATCH /vm Resumed on\n"
	"                       the API socket (needs --api-sock)\n"
	"  --unshare LIST       new namespaces, LIST of mount,pid,net or all (root;\n"
	"                       armvm is PID 1 of the new PID namespace)\n"
	"  --api-sock PATH      serve the control API on PATH\n"
	"  --disk, --net, --rng, --console, --no-input, --no-seccomp, --chroot,\n"
	"  --uid, --gid, --kvm-path  as for armvm run\n"
	"\n"
	"A snapshot that is truncated, corrupt, of another format version or host\n"
	"architecture, or that does not fit the devices given is refused with one\n"
	"line (exit status 2) before anything runs.\n";

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
	"  --no-pmu             no vPMU (default: a PMUv3 on PPI 7 when the host has\n"
	"                       one, as QEMU virt)\n"
	"  --no-its             no GICv3 ITS (default: one at 0x08080000 with a GICv3\n"
	"                       when the host's KVM has one, as QEMU virt)\n"
	"  --its                insist on the ITS (fail without one)\n"
	"  --gdb [HOST:]PORT    a gdb stub on TCP PORT (every interface without\n"
	"                       HOST; HOST: an IP address or localhost); QEMU's\n"
	"                       -gdb tcp::PORT is taken too\n"
	"  -s                   the same as --gdb 1234, QEMU's spelling\n"
	"  --gdb-wait, -S       start with the guest halted until gdb continues it\n"
	"  --api-sock PATH      serve the control API (HTTP on a Unix socket, the\n"
	"                       subset of Firecracker's in docs/api.md) on PATH;\n"
	"                       without an image, wait for its InstanceStart\n"
	"  --config-file FILE   the machine, kernel and devices from Firecracker's\n"
	"                       JSON configuration FILE instead of options\n"
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

static const char *version_string(void)
{
	static char v[32];
#ifdef ARMVM_VERSION_PATCH
	snprintf(v, sizeof(v), "%d.%d.%d", ARMVM_VERSION_MAJOR, ARMVM_VERSION_MINOR,
		 ARMVM_VERSION_PATCH);
#else
	snprintf(v, sizeof(v), "%d.%d", ARMVM_VERSION_MAJOR, ARMVM_VERSION_MINOR);
#endif
	return v;
}

/* What GET /machine-config says about a VM built from options o. */
static void api_config_from_options(struct api_config *c, const struct cli_options *o)
{
	c->vcpus = o->cpus;
	c->mem_mib = o->memory >> 20;
	c->aarch32 = o->aarch32;
	c->gic = o->gic;
}

/* Everything a run keeps until teardown (static: the API thread and the
 * options' strings refer to it). */
static struct cli_vm cv;
static struct cli_options built;        /* the options the VM was built with */
static struct api_config file_cfg;      /* --config-file */
static char built_cmdline[API_ARGS_MAX + 128];
static struct api api;
static struct vm_control vmc;

/*
 * No image on the command line: the control API configures the VM. Wait
 * for InstanceStart or /snapshot/load and build the VM on this thread.
 * Returns 0 with cv built (and *paused for a snapshot loaded without
 * resume_vm), or an exit status (a stopping signal: EXIT_INTERRUPTED).
 */
static int boot_from_api(const struct cli_options *o, bool *paused)
{
	char err[512];
	for (;;) {
		enum vm_control_request rq = vm_control_wait(&vmc, &signal_seen);
		int status;
		if (rq == VMC_NONE) {
			fprintf(stderr, "armvm: stopped by signal %d before the microVM "
				"started\n", (int)signal_seen);
			return EXIT_INTERRUPTED;
		}
		if (rq == VMC_START) {
			status = api_config_to_options(vmc.cfg, o, &built, built_cmdline,
						       sizeof(built_cmdline), err, sizeof(err))
				 ? EXIT_USAGE : cli_vm_setup(&built, &cv, err, sizeof(err));
			*paused = false;
		} else {
			status = vm_snapshot_restore(o, vmc.load->snapshot_path,
						     vmc.load->mem_path, vmc.load, &cv,
						     &built, err, sizeof(err));
			*paused = !vmc.load->resume;
		}
		if (!status)
			status = cli_vm_start_io(&cv, err, sizeof(err));
		struct armvm_error pe = { 0 };
		if (!status && *paused && armvm_vm_pause(cv.vm, &pe) < 0) {
			snprintf(err, sizeof(err), "%s", pe.msg);
			status = EXIT_HOST_ERROR;
		}
		if (!status) {
			/* Before the answer: the next request may act on the VM. */
			vmc.cv = &cv;
			vmc.o = &built;
			vmc.ids = rq == VMC_START ? vmc.cfg : NULL;
			vm_control_answer(&vmc, 0, NULL);
			return 0;
		}
		cli_vm_teardown(&cv);
		vm_control_answer(&vmc, -1, err);
	}
}

static int cmd_run(const struct cli_options *o)
{
	char err[512];
	struct api_server *srv = NULL;
	struct gdb_server *gdb = NULL;
	bool paused = false;
	int status;

	if (!o->no_seccomp && !o->dtb_out) {
		if (sandbox_prepare() < 0) {
			fprintf(stderr, "armvm: error: seccomp: cannot install the SIGSYS handler\n");
			return EXIT_HOST_ERROR;
		}
		sandbox_set_enabled(true);
	}
	api_config_init(&file_cfg);
	if (o->config_file) {
		static struct cli_options from_file;
		if (config_file_load(o->config_file, &file_cfg, err, sizeof(err)) < 0 ||
		    api_config_to_options(&file_cfg, o, &from_file, built_cmdline,
					  sizeof(built_cmdline), err, sizeof(err)) < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			return EXIT_USAGE;
		}
		o = &from_file;
	}
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
	vm_control_init(&vmc);
	api_init(&api, &vm_control_ops, &vmc, "anonymous-instance", version_string());
	if (o->api_sock && !o->dtb_out &&
	    api_server_open(&srv, o->api_sock, err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		return EXIT_USAGE;
	}
	bool from_api = !o->image;
	/* Waiting for the API: a stopping signal ends the wait. */
	if (from_api)
		install_stop_signals(NULL);
	if (from_api) {
		/* Drop privileges first, as Firecracker's jailer does: the files
		 * InstanceStart names are opened as the dropped user (and in
		 * the chroot); no thread runs yet. */
		if (privdrop_apply(o, err, sizeof(err)) < 0 ||
		    api_server_start(srv, &api, err, sizeof(err)) < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			api_server_destroy(srv);
			return EXIT_HOST_ERROR;
		}
		status = boot_from_api(o, &paused);
		if (status) {
			api_server_destroy(srv);
			return status;
		}
	} else {
		if (o->command == CLI_CMD_RESTORE) {
			status = vm_snapshot_restore(o, o->image, o->restore_mem, NULL, &cv,
						     &built, err, sizeof(err));
			paused = o->restore_paused;
		} else {
			built = *o;
			status = cli_vm_setup(o, &cv, err, sizeof(err));
		}
		if (status) {
			fprintf(stderr, "armvm: error: %s\n", err);
			cli_vm_teardown(&cv);
			api_server_destroy(srv);
			return status;
		}
		if (o->dtb_out) {
			status = write_dtb(o->dtb_out, &cv);
			cli_vm_teardown(&cv);
			return status;
		}
		/* gdb's socket is opened with everything else (in armvm's
		 * network namespace, before --unshare net); its thread starts
		 * after the drop. */
		if (built.gdb && gdb_server_open(&gdb, cv.vm, built.gdb, built.gdb_wait,
						 err, sizeof(err)) < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			cli_vm_teardown(&cv);
			api_server_destroy(srv);
			return EXIT_HOST_ERROR;
		}
		/* Everything is open and no thread runs yet: drop what was asked. */
		if (privdrop_apply(o, err, sizeof(err)) < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			gdb_server_destroy(gdb);
			cli_vm_teardown(&cv);
			api_server_destroy(srv);
			return EXIT_HOST_ERROR;
		}
		status = cli_vm_start_io(&cv, err, sizeof(err));
		if (status) {
			fprintf(stderr, "armvm: error: %s\n", err);
			gdb_server_destroy(gdb);
			cli_vm_teardown(&cv);
			api_server_destroy(srv);
			return status;
		}
	}
	/* Booted from the API: the router keeps its own state and
	 * configuration, and the VM's operations were set before it answered. */
	if (!from_api) {
		api_config_from_options(&api.cfg, &built);
		vmc.cv = &cv;
		vmc.o = &built;
		vmc.ids = o->config_file ? &file_cfg : NULL;
	}
	if (paused && !from_api) {
		struct armvm_error pe = { 0 };
		if (armvm_vm_pause(cv.vm, &pe) < 0) {
			fprintf(stderr, "armvm: error: %s\n", pe.msg);
			api_server_destroy(srv);
			cli_vm_teardown(&cv);
			return EXIT_HOST_ERROR;
		}
		fprintf(stderr, "armvm: restored paused: resume with PATCH /vm "
			"{\"state\": \"Resumed\"} on the API socket\n");
	}
	/* The API thread starts before this thread's filter, which it would
	 * otherwise inherit (filters only narrow): it has its own. */
	if (!from_api)
		api.state = paused ? API_PAUSED : API_RUNNING;
	if (srv && !from_api && api_server_start(srv, &api, err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		cli_vm_teardown(&cv);
		api_server_destroy(srv);
		return EXIT_HOST_ERROR;
	}
	/* Booted from the API: privileges were dropped before it served,
	 * so gdb's socket is opened now, as the dropped user. */
	if (built.gdb && !gdb && gdb_server_open(&gdb, cv.vm, built.gdb, built.gdb_wait,
						 err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		api_server_destroy(srv);
		cli_vm_teardown(&cv);
		return EXIT_HOST_ERROR;
	}
	if (gdb) {
		if (gdb_server_start_thread(gdb, err, sizeof(err)) < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			gdb_server_destroy(gdb);
			api_server_destroy(srv);
			cli_vm_teardown(&cv);
			return EXIT_HOST_ERROR;
		}
		fprintf(stderr, "armvm: gdb stub on %s%s\n", built.gdb,
			built.gdb_wait ? ": the guest starts when gdb continues it" : "");
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
			api_server_destroy(srv);
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
	/* No request may reach the VM from here. */
	api_server_destroy(srv);
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
	case CLI_CMD_RESTORE:
		return cmd_run(&o);
	case CLI_CMD_RESTORE_HELP:
		fputs(restore_usage_text, stdout);
		return 0;
	case CLI_CMD_API:
		return api_client_cmd_api(o.sub_argc, o.sub_argv);
	case CLI_CMD_SNAPSHOT:
		return api_client_cmd_snapshot(o.sub_argc, o.sub_argv);
	default:
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
}
