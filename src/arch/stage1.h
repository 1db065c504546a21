/* SPDX-License-Identifier: MIT */
/*
 * The guest's stage-1 translation, walked in software over the guest's own
 * tables: guest virtual address -> guest physical (intermediate physical)
 * address, for both engines (the gdb stub's memory access, fetching the
 * instruction of a data abort that carries no syndrome).
 *
 * Formats: VMSAv8-64 (4KB, 16KB and 64KB granules, TTBR0 and TTBR1, top
 * byte ignore, 52-bit output with 64KB pages), and for an AArch32 EL1 the
 * short-descriptor (sections, supersections, small and large pages) and
 * long-descriptor (LPAE) formats. With the MMU off (SCTLR.M = 0) the
 * translation is flat.
 *
 * The walker reports, it does not judge: permissions and the Access flag
 * come back in the result, because a debugger writes breakpoints into
 * read-only text and an emulated access has already passed the hardware's
 * stage-1 checks. AArch32 domains (DACR) are reported, not checked.
 * Pure and freestanding: guest physical memory is read through a callback.
 */
#ifndef ARMVM_ARCH_STAGE1_H
#define ARMVM_ARCH_STAGE1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Read `len` bytes of guest physical memory at `ipa` into `buf`: 0 on
 * success, non-zero when the address is not readable memory (the walker
 * then reports an external abort on the table walk). */
typedef int (*stage1_read_phys_fn)(void *ctx, uint64_t ipa, void *buf, size_t len);
/* Write `len` bytes to guest physical memory: 0 on success. */
typedef int (*stage1_write_phys_fn)(void *ctx, uint64_t ipa, const void *buf, size_t len);

/* The EL1 system registers a walk depends on, as the vCPU holds them. */
struct stage1_regs {
	bool aarch64;     /* EL1 is AArch64 (else the AArch32 formats apply) */
	uint64_t sctlr;   /* SCTLR_EL1 (AArch32: SCTLR) */
	uint64_t tcr;     /* TCR_EL1 (AArch32: TTBCR in bits [31:0]) */
	uint64_t ttbr0;   /* TTBR0_EL1 (AArch32: the 64-bit TTBR0 view) */
	uint64_t ttbr1;
};

enum stage1_fault {
	STAGE1_OK = 0,
	STAGE1_FAULT_TRANSLATION,   /* no valid mapping (or a region walks are disabled for) */
	STAGE1_FAULT_ADDRESS_SIZE,  /* an address beyond the configured size */
	STAGE1_FAULT_WALK_EXTERNAL, /* a table entry is not in readable memory */
};

struct stage1_map {
	uint64_t ipa;        /* where va is */
	uint64_t size;       /* bytes from va to the end of its page or block */
	int level;           /* level of the final descriptor (-1: MMU off) */
	bool el1_read;       /* readable at EL1 (AArch32 short: AP can deny it) */
	bool el1_write;      /* writable at EL1 */
	bool el0_read;       /* accessible at EL0 */
	bool el0_write;
	bool el1_exec;
	bool el0_exec;
	bool access_flag;    /* the descriptor's AF (always true: MMU off, AArch32 short without AFE) */
	unsigned domain;     /* AArch32 short-descriptor domain, else 0 */
};

struct stage1_walk {
	const struct stage1_regs *regs;
	stage1_read_phys_fn read_phys;
	stage1_write_phys_fn write_phys;   /* only stage1_write_virt uses it */
	void *ctx;
};

/* Translate one virtual address. On a fault *fault_level says which level's
 * descriptor caused it (0 for a fault before the first lookup). */
enum stage1_fault stage1_translate(const struct stage1_walk *w, uint64_t va,
				   struct stage1_map *map, int *fault_level);

/* Copy guest virtual memory, page by page: the number of bytes copied
 * before the first address that does not translate or is not memory. */
size_t stage1_read_virt(const struct stage1_walk *w, uint64_t va, void *buf, size_t len);
size_t stage1_write_virt(const struct stage1_walk *w, uint64_t va, const void *buf, size_t len);

#endif
