/* SPDX-License-Identifier: MIT */
/*
 * Carrying out a decoded load/store (arch/ldst_decode.h) for an engine that
 * emulates it: the condition (A32 field, T32 IT state), the addresses, a
 * check of every access before any is made (so an instruction that would
 * touch RAM and a device, or fault half-way, has no effect), the accesses
 * in architectural order, then the loaded registers, the written-back base
 * and the next PC and PSTATE (IT state advanced; a load to the AArch32 PC
 * branches with interworking). Big-endian data is refused, not guessed.
 * Pure and freestanding: the engine supplies registers and memory.
 */
#ifndef ARMVM_ARCH_LDST_EXEC_H
#define ARMVM_ARCH_LDST_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/ldst_decode.h"

struct ldst_cpu_ops {
	/* General registers 0..30 (AArch32 r0..r14 in the current mode) and
	 * LDST_REG_SP (A64). */
	uint64_t (*get_reg)(void *ctx, unsigned reg);
	void (*set_reg)(void *ctx, unsigned reg, uint64_t value);
	/* SIMD&FP register V<n> as 16 bytes, little-endian (AArch32 D and S
	 * registers are its parts). */
	void (*get_vreg)(void *ctx, unsigned n, uint8_t value[16]);
	void (*set_vreg)(void *ctx, unsigned n, const uint8_t value[16]);
	/* May this access be emulated? Called for every access before any is
	 * made: 0 yes, else the instruction is refused. */
	int (*check)(void *ctx, uint64_t va, unsigned size, bool write);
	/* Make one access (value little-endian, zero-extended): 0 on success. */
	int (*access)(void *ctx, uint64_t va, unsigned size, bool write, uint64_t *value);
};

struct ldst_cpu {
	uint64_t pc;        /* address of the instruction */
	uint64_t pstate;    /* SPSR view: AArch32 CPSR with T, IT, flags, E */
	bool big_endian;    /* data accesses are big-endian (SCTLR_EL1.EE / CPSR.E) */
};

enum ldst_exec_result {
	LDST_EXEC_DONE,          /* executed (or condition failed): cpu->pc/pstate updated */
	LDST_EXEC_REFUSED,       /* check refused an access: nothing changed */
	LDST_EXEC_BIG_ENDIAN,    /* big-endian data: nothing changed */
	LDST_EXEC_ACCESS_FAILED, /* an access failed part-way: registers unchanged */
};

enum ldst_exec_result ldst_execute(const struct ldst_insn *d, struct ldst_cpu *cpu,
				   const struct ldst_cpu_ops *ops, void *ctx);

#endif
