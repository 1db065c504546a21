/* SPDX-License-Identifier: MIT */
/*
 * Decoding the loads and stores a data abort without instruction syndrome
 * (ESR ISV = 0) comes from, for both engines: A64 pairs (LDP/STP/LDPSW/
 * LDNP/STNP), single registers with any addressing (pre/post-index
 * writeback, register offset, literal), SIMD&FP register loads/stores;
 * A32 and T32 LDM/STM/PUSH/POP, LDRD/STRD, single loads/stores with
 * writeback, VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP. The result is a plan: the
 * base register, how the address and the written-back base are formed,
 * and each register transfer in architectural order; arch/ldst_exec.h
 * carries it out. Exclusives, atomics and structure loads are recognised
 * and refused by name. Pure and freestanding.
 */
#ifndef ARMVM_ARCH_LDST_DECODE_H
#define ARMVM_ARCH_LDST_DECODE_H

#include <stdbool.h>
#include <stdint.h>

enum ldst_isa { LDST_ISA_A64, LDST_ISA_A32, LDST_ISA_T32 };

/* Register numbers in a plan: 0..30 general registers (AArch32: r0..r14,
 * as the current mode banks them), and three special ones. */
#define LDST_REG_SP   31   /* A64 SP as a base register */
#define LDST_REG_ZR   32   /* A64 XZR/WZR as a transfer register */
#define LDST_REG_PC   33   /* AArch32 r15, or the A64 PC of a literal load */

enum ldst_status {
	LDST_OK,            /* a plan to execute */
	LDST_UNSUPPORTED,   /* a load/store that cannot be emulated (name says which) */
	LDST_NOT_LDST,      /* not a load or store this decoder knows */
};

/* One register transfer. */
struct ldst_xfer {
	uint8_t fp;          /* a SIMD&FP register (V<reg>, bytes lane..lane+size-1) */
	uint8_t reg;
	uint8_t size;        /* 1, 2, 4 or 8 bytes */
	uint8_t lane;        /* byte offset in the 128-bit V register */
	uint8_t sign_extend; /* loads: sign- (else zero-) extend to the register width */
	uint8_t reg64;       /* A64 general register: X (else W: upper half zeroed) */
	uint16_t offset;     /* from the transfer start address */
};

#define LDST_MAX_XFERS 32

struct ldst_insn {
	enum ldst_status status;
	const char *name;       /* mnemonic of the form, for messages */
	enum ldst_isa isa;
	uint8_t len;            /* 2 or 4 bytes */
	uint8_t cond;           /* A32 condition field; 0xe otherwise */
	bool load;
	uint8_t rn;             /* base register */
	bool pre_index;         /* the transfer address includes the offset */
	bool writeback;         /* base := base + offset */
	/* offset: an immediate, or a shifted/extended register */
	bool reg_offset;
	int64_t imm;
	uint8_t rm;
	uint8_t shift_type;     /* AArch32: 0 LSL, 1 LSR, 2 ASR, 3 ROR (RRX when amount 0) */
	uint8_t shift;
	uint8_t extend;         /* A64 register offset: option field (2 UXTW, 3 LSL, 6 SXTW, 7 SXTX) */
	bool subtract;          /* AArch32 U = 0 with a register offset */
	int32_t start;          /* load/store multiple: first address relative to the base */
	uint8_t nxfer;
	struct ldst_xfer xfer[LDST_MAX_XFERS];
};

/* Decode one instruction. T32: a 32-bit instruction is the first halfword
 * in bits [31:16] and the second in [15:0]; a 16-bit one is in [15:0]. */
void ldst_decode(enum ldst_isa isa, uint32_t insn, struct ldst_insn *out);

/* Is this first T32 halfword the start of a 32-bit instruction? */
static inline bool ldst_t32_is_32bit(uint16_t hw1)
{
	return (hw1 >> 11) == 0x1d || (hw1 >> 11) == 0x1e || (hw1 >> 11) == 0x1f;
}

#endif
