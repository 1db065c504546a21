// SPDX-License-Identifier: MIT
/* AArch32 banked-register view and condition checks for 32-bit guests. */
#include "el2/aarch32_regs.h"
#include "el2/el2_regs.h"

/* Where SP (r13) and LR (r14) of each mode live in the x registers. */
#define X_SP_USR 13
#define X_LR_USR 14
#define X_LR_IRQ 16
#define X_SP_IRQ 17
#define X_LR_SVC 18
#define X_SP_SVC 19
#define X_LR_ABT 20
#define X_SP_ABT 21
#define X_LR_UND 22
#define X_SP_UND 23
#define X_R8_FIQ 24   /* r8_fiq..r12_fiq in x24..x28 */
#define X_SP_FIQ 29
#define X_LR_FIQ 30

int aarch32_xreg_index(unsigned mode, unsigned n)
{
	if (n >= AARCH32_REG_PC)
		return AARCH32_NO_XREG;
	switch (mode & PSR_MODE_MASK) {
	case PSR_AA32_MODE_USR:
	case PSR_AA32_MODE_SYS:
		return (int)n;
	case PSR_AA32_MODE_FIQ:
		if (n >= 8 && n <= 12)
			return X_R8_FIQ + (int)(n - 8);
		return n == 13 ? X_SP_FIQ : n == 14 ? X_LR_FIQ : (int)n;
	case PSR_AA32_MODE_IRQ:
		return n == 13 ? X_SP_IRQ : n == 14 ? X_LR_IRQ : (int)n;
	case PSR_AA32_MODE_SVC:
		return n == 13 ? X_SP_SVC : n == 14 ? X_LR_SVC : (int)n;
	case PSR_AA32_MODE_ABT:
		return n == 13 ? X_SP_ABT : n == 14 ? X_LR_ABT : (int)n;
	case PSR_AA32_MODE_UND:
		return n == 13 ? X_SP_UND : n == 14 ? X_LR_UND : (int)n;
	default:
		return AARCH32_NO_XREG;
	}
}

#define CPSR_N (1u << 31)
#define CPSR_Z (1u << 30)
#define CPSR_C (1u << 29)
#define CPSR_V (1u << 28)

bool aarch32_cond_passed(unsigned cond, uint64_t cpsr)
{
	bool n = cpsr & CPSR_N, z = cpsr & CPSR_Z, c = cpsr & CPSR_C, v = cpsr & CPSR_V;
	bool r;

	switch (cond >> 1) {
	case 0: r = z; break;                 /* EQ / NE */
	case 1: r = c; break;                 /* CS / CC */
	case 2: r = n; break;                 /* MI / PL */
	case 3: r = v; break;                 /* VS / VC */
	case 4: r = c && !z; break;           /* HI / LS */
	case 5: r = n == v; break;            /* GE / LT */
	case 6: r = n == v && !z; break;      /* GT / LE */
	default: return true;                 /* AL, and 0xf (unconditional) */
	}
	return (cond & 1) ? !r : r;
}

/* IT[7:0] is split: IT[1:0] in CPSR[26:25], IT[7:2] in CPSR[15:10]. */
uint64_t aarch32_advance_it(uint64_t cpsr)
{
	unsigned it = (unsigned)(((cpsr >> 25) & 0x3) | (((cpsr >> 10) & 0x3f) << 2));

	if (!it)
		return cpsr;
	if ((it & 0x7) == 0)
		it = 0;       /* last instruction of the block */
	else
		it = (it & 0xe0) | ((it << 1) & 0x1f);
	cpsr &= ~(uint64_t)PSR_AARCH32_IT_MASK;
	cpsr |= (uint64_t)(it & 0x3) << 25 | (uint64_t)(it >> 2) << 10;
	return cpsr;
}
