/* SPDX-License-Identifier: MIT */
/*
 * `armvm` command-line parsing: a pure function from argv to a struct, with
 * no I/O and no KVM, so it is unit-tested natively (tests/cli/options_test.c).
 */
#ifndef ARMVM_CLI_OPTIONS_H
#define ARMVM_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest RAM limits. The floor leaves room for a tiny guest, its stack and
 * the device tree; the ceiling is what a 40-bit guest physical address
 * space (KVM's default IPA size) holds above the RAM base. AArch32 guests
 * without LPAE must keep RAM below 4 GiB (VIRT_RAM_END_32BIT). */
#define CLI_MEM_MIN      (2ULL << 20)
#define CLI_MEM_MAX_64   ((1ULL << 40) - (1ULL << 30))
#define CLI_MEM_DEFAULT  (128ULL << 20)
#define CLI_CPUS_MAX     64

enum cli_command {
	CLI_CMD_NONE = 0,
	CLI_CMD_HELP,            /* armvm --help */
	CLI_CMD_RUN_HELP,        /* armvm run --help */
	CLI_CMD_VERSION,         /* armvm --version, armvm run --version */
	CLI_CMD_RUN,
	CLI_CMD_RESTORE,         /* armvm restore [options] SNAPSHOT MEMFILE */
	CLI_CMD_RESTORE_HELP,
	CLI_CMD_API,             /* armvm api SOCKET METHOD PATH [BODY] (api_client.c) */
	CLI_CMD_SNAPSHOT,        /* armvm snapshot SOCKET ... (api_client.c) */
};

/* CLI_GIC_NONE: no interrupt controller; nothing that needs interrupts
 * (the virtio devices) may be asked for with it. */
enum cli_gic { CLI_GIC_AUTO = 0, CLI_GIC_NONE = 1, CLI_GIC_V2 = 2, CLI_GIC_V3 = 3 };

/* virtio-mmio devices, in command-line order (the first disk is /dev/vda);
 * one transport each, of the 32 the memory map has (VIRT_MMIO_COUNT). */
#define CLI_MAX_VIRTIO 32
/* Linux interface names are at most IFNAMSIZ - 1 = 15 characters. */
#define CLI_IFNAME_MAX 15

enum cli_virtio_kind {
	CLI_VIRTIO_BLK,          /* --disk PATH[,ro] */
	CLI_VIRTIO_NET_TAP,      /* --net tap=NAME */
	CLI_VIRTIO_RNG,          /* --rng */
	CLI_VIRTIO_CONSOLE,      /* --console virtio */
};

struct cli_virtio {
	enum cli_virtio_kind kind;
	const char *arg;         /* disk path or tap name (not NUL-terminated */
	size_t arg_len;          /*  at arg_len: ",ro" may follow) */
	bool readonly;
	bool has_mac;            /* net: mac given (the control API's guest_mac) */
	uint8_t mac[6];
};

/* --unshare: new namespaces for armvm run, as Firecracker's jailer. */
#define CLI_UNSHARE_MOUNT 1u
#define CLI_UNSHARE_PID   2u
#define CLI_UNSHARE_NET   4u

struct cli_options {
	enum cli_command command;
	bool aarch32;
	uint64_t memory;         /* bytes (-m takes MiB without a unit) */
	unsigned cpus;           /* -c, --cpus, -smp */
	bool raw;                /* load the image as a raw binary */
	uint64_t load_addr;      /* raw load address; 0 = RAM base + 0x80000 */
	enum cli_gic gic;
	const char *dtb_out;     /* write the DTB here and exit; NULL = run */
	bool no_input;           /* do not feed stdin to the guest's UART */
	bool no_seccomp;         /* --no-seccomp: no per-thread filters (debugging) */
	/* Privileges dropped once everything is open (privdrop.h). */
	bool set_uid, set_gid;   /* --uid, --gid given */
	unsigned uid, gid;
	const char *chroot_dir;  /* --chroot DIR, or NULL */
	unsigned unshare;        /* --unshare LIST: CLI_UNSHARE_* (namespaces.h) */
	bool no_pmu;             /* no vPMU even when the host has one */
	bool its;                /* --its: a GICv3 ITS (fails without one) */
	bool no_its;             /* --no-its: none even with a GICv3 */
	bool decompress_guest;   /* --decompress=guest: a zImage inflates itself */
	const char *decompress_cache_dir; /* --decompress-cache DIR: inflated kernels; NULL = none */
	bool console_virtio;     /* the console is virtio-console, not the PL011 */
	struct cli_virtio virtio[CLI_MAX_VIRTIO];
	unsigned nr_virtio;
	const char *kvm_path;    /* NULL = /dev/kvm */
	const char *initrd;      /* --initrd, -initrd */
	const char *cmdline;     /* --append, -append */
	const char *image;       /* the operand, or --kernel/-kernel */
	const char *gdb;         /* --gdb [HOST:]PORT, -s (":1234"); NULL = no stub */
	bool gdb_wait;           /* --gdb-wait, -S: start halted for gdb */
	const char *api_sock;    /* --api-sock PATH: the control API (docs/api.md) */
	const char *config_file; /* --config-file FILE: Firecracker's JSON config */
	const char *restore_mem; /* restore: the memory file (image = the snapshot) */
	bool restore_paused;     /* restore --paused: wait for PATCH /vm Resumed */
	/* api, snapshot: their arguments after the command word */
	int sub_argc;
	char *const *sub_argv;
};

/*
 * Parse argv. Returns 0 and fills *o, or -1 with a one-line message (no
 * "armvm: error:" prefix, no newline) in err[0..errlen). Checks ranges that
 * need no host knowledge: memory floor and ceiling (4 GiB RAM end for
 * --aarch32), vCPU count, load address inside RAM.
 *
 * Spellings after "run": long options as "--name VALUE" or "--name=VALUE";
 * -m and -c with the value separate or attached ("-m128M", "-c2"); and,
 * for QEMU users, QEMU's single-dash long options -smp, -kernel, -initrd
 * and -append (value separate, as QEMU takes them; --smp and --kernel too).
 */
int cli_parse(int argc, char *const argv[], struct cli_options *o,
	      char *err, size_t errlen);

/*
 * A size -> bytes; -1 on a malformed or overflowing size. Units K, M, G, T
 * (powers of 1024, optionally followed by "B" or "iB": "128M", "128MB",
 * "128MiB") and B (bytes); a number without a unit ("128", "0x80") counts
 * in units of 1 << unit_shift: 20 for -m (MiB, as QEMU and kvmtool read
 * "-m 128"), 0 for bytes.
 */
int cli_parse_size(const char *s, unsigned unit_shift, uint64_t *out);

#endif
