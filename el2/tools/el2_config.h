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
};

struct el2_config {
	unsigned nr_parts;
	struct el2_part_desc parts[EL2_MAX_PARTITIONS];
	unsigned machine_cpus;         /* physical CPUs QEMU gives (-smp) */
	uint64_t machine_ram;          /* physical RAM size (-m) */
	uint64_t machine_ram_base;     /* where it starts: the image goes 2 MiB above */
	unsigned console;              /* partition receiving input at boot */
	unsigned aarch32_syndrome;     /* enum el2_aarch32_syndrome */
};

/* Parse the text of a config file named `file`. Returns 0 or -1. */
int el2_config_parse(const char *file, const char *text, struct el2_config *cfg,
		     char *err, size_t errlen);

/* Check the whole configuration: CPUs given twice or beyond the machine,
 * RAM sizes/alignment/overlaps, console index. Places partitions without
 * ram_phys. Does not look at images. Returns 0 or -1. */
int el2_config_validate(const char *file, struct el2_config *cfg,
			char *err, size_t errlen);

/* "64M", "1G", "0x4000000", "4096K" -> bytes; false on bad syntax. */
bool el2_parse_size(const char *s, uint64_t *out);

#endif
