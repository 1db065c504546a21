/* SPDX-License-Identifier: MIT */
/*
 * The snapshot file (docs/snapshot.md): a versioned container for
 * everything of a saved VM except its RAM (the separate memory file).
 * A header names the format version, the host architecture it was taken
 * on and the machine it describes (guest architecture, vCPUs, GIC, RAM
 * layout, the board's devices); named sections follow (the library's vCPU
 * and vGIC state, the device models' state, whatever else the caller
 * adds), each with its length and CRC-32 (zlib's crc32); a trailer holds
 * a CRC-32 of the whole file. All integers little-endian.
 *
 * Writing is atomic (a temporary file in the same directory, fsync,
 * rename, fsync of the directory): a crash leaves the old file or the
 * new one. Reading checks everything before returning anything: a
 * truncated, corrupt, wrong-version or wrong-host-architecture file is
 * refused with one line naming the problem, and nothing is changed.
 * Whether the snapshot fits the VM the restoring side built is
 * snapshot_machine_compare's question.
 */
#ifndef ARMVM_CLI_SNAPSHOT_FILE_H
#define ARMVM_CLI_SNAPSHOT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/board.h"

#define SNAPSHOT_MAGIC           "ARMVMSNP"
#define SNAPSHOT_TRAILER_MAGIC   "ARMVMEND"
#define SNAPSHOT_FORMAT_VERSION  1u
#define SNAPSHOT_MAX_RAM         4
#define SNAPSHOT_MAX_SECTIONS    16
#define SNAPSHOT_SECTION_NAME_MAX 16     /* with the NUL */
/* Largest file snapshot_file_read takes (RAM is not in it). */
#define SNAPSHOT_MAX_FILE        (64u << 20)

/* Sections armvm writes. */
#define SNAPSHOT_SECTION_VM      "vm-state"   /* armvm_vm_state_save's blob */
#define SNAPSHOT_SECTION_DEVICES "devices"    /* devices_state_save's blob */

/* Host architectures: ELF e_machine numbers. */
#define SNAPSHOT_HOST_AARCH64    183u   /* EM_AARCH64 */
#define SNAPSHOT_HOST_ARM        40u    /* EM_ARM */
#define SNAPSHOT_HOST_X86_64     62u    /* EM_X86_64 */

/* Machine flags. */
#define SNAPSHOT_MACHINE_PMU     (1u << 0)
#define SNAPSHOT_MACHINE_ITS     (1u << 1)

struct snapshot_ram {
	uint64_t base;               /* guest physical */
	uint64_t size;
};

/* The machine a snapshot is of: what the restoring side must build. */
struct snapshot_machine {
	uint32_t host_arch;          /* read: SNAPSHOT_HOST_*; written: this host's */
	uint32_t guest_arch;         /* enum armvm_arch (0 AArch64, 1 AArch32) */
	uint32_t nr_vcpus;
	uint32_t gic_version;        /* 0 = none, 2, 3 */
	uint32_t flags;              /* SNAPSHOT_MACHINE_* */
	uint32_t nr_ram;             /* 1..SNAPSHOT_MAX_RAM */
	struct snapshot_ram ram[SNAPSHOT_MAX_RAM];   /* ascending, disjoint */
	struct board board;          /* the guest's devices, in board order */
};

struct snapshot_section {
	/* NUL-terminated, unique, printable ASCII without spaces */
	char name[SNAPSHOT_SECTION_NAME_MAX];
	const void *data;
	size_t size;
};

/* A snapshot read and checked: sections point into buf. */
struct snapshot_file {
	struct snapshot_machine machine;
	unsigned nr;
	struct snapshot_section sec[SNAPSHOT_MAX_SECTIONS];
	void *buf;                   /* owned (snapshot_file_read) or NULL */
	size_t size;
};

/* This build's host architecture (SNAPSHOT_HOST_*). */
uint32_t snapshot_host_arch(void);

/*
 * Write machine m and sections s[0..n) to path, atomically. 0, or -1 with
 * one line in err (bad argument, I/O error naming the file); on failure
 * the file at path, if any, is untouched and no temporary is left.
 */
int snapshot_file_write(const char *path, const struct snapshot_machine *m,
			const struct snapshot_section *s, unsigned n,
			char *err, size_t errlen);

/*
 * Read and check path into *f (free with snapshot_file_free). 0, or -1 with
 * one line in err naming the problem: not an armvm snapshot, format
 * version not supported, taken on another host architecture, truncated,
 * corrupt (header, section or whole-file CRC), or malformed; *f is then
 * empty and nothing needs freeing.
 */
int snapshot_file_read(const char *path, struct snapshot_file *f,
		       char *err, size_t errlen);

/* The same checks on a buffer (sections then point into buf; f->buf is
 * NULL). For snapshot_file_read and the fuzz harness. */
int snapshot_file_parse(const void *buf, size_t len, struct snapshot_file *f,
			char *err, size_t errlen);

void snapshot_file_free(struct snapshot_file *f);

/* The section called name, or NULL. */
const struct snapshot_section *snapshot_file_section(const struct snapshot_file *f,
						     const char *name);

/*
 * Whether the machine a snapshot was taken of (saved) is the one the
 * restoring side built (here): 0, or -1 with one line naming the first
 * difference (guest architecture, vCPUs, GIC, PMU/ITS, RAM layout, a board
 * device).
 */
int snapshot_machine_compare(const struct snapshot_machine *saved,
			     const struct snapshot_machine *here,
			     char *err, size_t errlen);

#endif
