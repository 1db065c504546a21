/* SPDX-License-Identifier: MIT */
/*
 * Static partition configuration files (el2/configs/NAME.conf; format in
 * docs/el2.md): parsing and validation, host side. Every problem is
 * reported as one line "FILE:LINE: message" (or "FILE: message" for
 * whole-file checks) in the error buffer.
 */
#ifndef EL2_TOOLS_EL2_CONFIG_H
#define EL2_TOOLS_EL2_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "el2/partition_config.h"
#include "machine/board.h"

#define EL2_PATH_MAX 512
#define EL2_CMDLINE_MAX 512

/* How a passthrough range appears in the guest's device tree. */
enum el2_passthrough_kind {
	EL2_PT_MMIO = 0,          /* no node: the guest knows where it is */
	EL2_PT_VIRTIO_MMIO,       /* a virtio,mmio node per 0x200 window, one SPI each;
				   * the device DMAs: needs ram_ipa = phys */
};

struct el2_passthrough_desc {
	unsigned line;            /* where it was given */
	int kind;                 /* enum el2_passthrough_kind */
	struct el2_passthrough range;
};

struct el2_part_desc {
	char name[EL2_NAME_MAX];
	unsigned line;                 /* where its section starts */
	int arch;                      /* -1 = not given, else enum machine_arch */
	unsigned nr_cpus;
	unsigned cpus[EL2_MAX_VCPUS];
	uint64_t ram_size;             /* 0 = not given */
	uint64_t ram_phys;             /* 0 = place automatically */
	char image[EL2_PATH_MAX];
	char initrd[EL2_PATH_MAX];     /* "" = none */
	char disk[EL2_PATH_MAX];       /* "" = none */
	uint64_t disk_size;            /* filled in by the caller before validation */
	char cmdline[EL2_CMDLINE_MAX]; /* "" = none */
	uint64_t entry;                /* 0 = the image's */
	uint64_t raw_load;             /* 0 = not a raw binary */
	struct board board;            /* its devices (default: a PL011) */
	bool fault_inject;             /* on_fault = abort */
	bool full_switch;              /* world_switch = full */
	bool no_wfe_trap;              /* trap_wfe = off */
	bool ram_ipa_phys;             /* ram_ipa = phys */
	uint64_t ram_ipa;              /* set by validation: VIRT_RAM_BASE or ram_phys */
	unsigned nr_passthrough;
	struct el2_passthrough_desc passthrough[EL2_MAX_PASSTHROUGH];
};

/* A device QEMU's machine gets for a passthrough partition (global keys
 * machine_virtio_blk / machine_virtio_net; el2_machine.c). */
#define EL2_MAX_MACHINE_DEVS 8
enum el2_machine_dev_kind {
	EL2_MACHINE_VIRTIO_BLK = 0,    /* -drive PATH on a virtio-blk-device */
	EL2_MACHINE_VIRTIO_NET,        /* -netdev user,restrict=on on a virtio-net-device */
};

struct el2_machine_dev {
	unsigned line;
	int kind;                      /* enum el2_machine_dev_kind */
	unsigned transport;            /* QEMU virt virtio-mmio transport 0..31 */
	char path[EL2_PATH_MAX];       /* VIRTIO_BLK: the disk image */
};

/* A [channel NAME] section (el2_channel.c). */
struct el2_channel_desc {
	char name[EL2_NAME_MAX];
	unsigned line;
	char between[2][EL2_NAME_MAX]; /* "" = not given */
	unsigned between_line;
	uint64_t size;                 /* default 4K */
	int part[2];                   /* set by validation: partition indices */
};

struct el2_config {
	unsigned nr_parts;
	struct el2_part_desc parts[EL2_MAX_PARTITIONS];
	unsigned machine_cpus;         /* physical CPUs QEMU gives (-smp) */
	uint64_t machine_ram;          /* physical RAM size (-m) */
	uint64_t machine_ram_base;     /* where it starts: the image goes 2 MiB above */
	unsigned machine_gic;          /* GIC version QEMU gives: 2 or 3 (-M gic-version) */
	unsigned console;              /* partition receiving input at boot */
	unsigned aarch32_syndrome;     /* enum el2_aarch32_syndrome */
	unsigned nr_channels;
	struct el2_channel_desc channels[EL2_MAX_CHANNELS];
	unsigned nr_machine_devs;
	struct el2_machine_dev machine_devs[EL2_MAX_MACHINE_DEVS];
};

/* Parse the text of a config file named `file`. Returns 0 or -1. */
int el2_config_parse(const char *file, const char *text, struct el2_config *cfg,
		     char *err, size_t errlen);

/* Check the whole configuration: CPUs given twice or beyond the machine,
 * RAM sizes/alignment/overlaps, console index. Places partitions without
 * ram_phys. Does not look at images. Returns 0 or -1. */
int el2_config_validate(const char *file, struct el2_config *cfg,
			char *err, size_t errlen);

/* passthrough = KIND ADDR SIZE [SPI[-SPI]]...: add one range to `p`
 * (el2_passthrough.c). Returns 0 or -1. */
int el2_passthrough_parse(struct el2_part_desc *p, char *val, const char *file,
			  unsigned line, char *err, size_t errlen);
/* Passthrough checks, after RAM placement (el2_config_validate calls it):
 * ranges and SPIs claimed twice, or clashing with the partition's RAM, its
 * emulated devices (absent virtio transports aside) or what the hypervisor
 * keeps (GIC, UART, RTC); DMA devices without ram_ipa = phys. */
int el2_passthrough_validate(const char *file, const struct el2_config *cfg,
			     char *err, size_t errlen);
/* Take every absent virtio transport that lies in some partition's
 * passthrough range off every board: the owner reaches the real device
 * there, the others nothing (an abort). */
void el2_passthrough_trim_boards(struct el2_config *cfg);
/* The board the guest's device tree describes: `p`'s board plus a
 * virtio,mmio node per window of its virtio-mmio passthrough ranges.
 * Returns 0, or -1 when it does not fit. */
int el2_passthrough_dt_board(const struct el2_part_desc *p, struct board *out);

/* "[channel NAME]": start a channel section (returns 0), 1 when `section`
 * is not one, -1 on an error (el2_channel.c). */
int el2_channel_section(struct el2_config *cfg, const char *section, const char *file,
			unsigned line, char *err, size_t errlen);
/* between = A, B / size = SIZE in the last channel section. 0 or -1. */
int el2_channel_key(struct el2_config *cfg, const char *key, char *val,
		    const char *file, unsigned line, char *err, size_t errlen);
/* Partitions named and different, size; fills channel ends in each
 * partition's description (after passthrough checks: nothing of theirs
 * may lie on a channel's window or SPI). 0 or -1. */
int el2_channel_validate(const char *file, struct el2_config *cfg, char *err, size_t errlen);
/* Add partition p's channel nodes (compatible "armvm,channel",
 * "generic-uio") to its device tree `fdt` (a buffer of `bufsize`). 0, or -1
 * with a reason in err. */
int el2_channel_dt_add(const struct el2_config *cfg, unsigned p, void *fdt, size_t bufsize,
		       char *err, size_t errlen);

/* machine_virtio_blk = N PATH, machine_virtio_net = N user: one device
 * of QEMU's machine (el2_machine.c). Returns 0, 1 when `key` is not one of
 * these, or -1. */
int el2_machine_key(struct el2_config *cfg, const char *key, char *val,
		    const char *file, unsigned line, char *err, size_t errlen);
/* Each machine device on a transport given once and passed through to a
 * partition as virtio-mmio. Returns 0 or -1. */
int el2_machine_validate(const char *file, const struct el2_config *cfg,
			 char *err, size_t errlen);
/* QEMU's options for the machine the configuration describes, one
 * argument a line: -M, -cpu, -smp, -m and the machine devices (what
 * `armvm-el2 run` starts QEMU with, beside -kernel and the console). */
void el2_machine_qemu_args(const struct el2_config *cfg, char *out, size_t outlen);

/* "64M", "1G", "0x4000000", "4096K" -> bytes; false on bad syntax. */
bool el2_parse_size(const char *s, uint64_t *out);

/* "FILE:LINE: message" (or "FILE: message" for line 0) into err; returns -1.
 * The one error format of every config check (el2_config.c and the
 * passthrough, channel and machine-device checks). */
int el2_config_fail(char *err, size_t errlen, const char *file, unsigned line,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
