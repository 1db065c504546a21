// SPDX-License-Identifier: MIT
/* AArch32 banked-register view and condition checks; see aarch32.h. */
#include "arch/aarch32.h"
#include "arch/esr.h"
#include "arch/psr.h"

int aarch32_xreg_index(unsigned mode, unsigned n)
{
	if (n >= AARCH32_REG_PC)
		return AARCH32_NO_XREG;
	switch (mode & PSR_AA32_MODE_MASK) {
	case PSR_AA32_MODE_USR:
	case PSR_AA32_MODE_SYS:
		return (int)n;
	case PSR_AA32_MODE_FIQ:
		if (n >= 8 && n <= 12)
			return AARCH32_X_R8_FIQ + (int)(n - 8);
		return n == 13 ? AARCH32_X_SP_FIQ : n == 14 ? AARCH32_X_LR_FIQ : (int)n;
	case PSR_AA32_MODE_IRQ:
		return n == 13 ? AARCH32_X_SP_IRQ : n == 14 ? AARCH32_X_LR_IRQ : (int)n;
	case PSR_AA32_MODE_SVC:
		return n == 13 ? AARCH32_X_SP_SVC : n == 14 ? AARCH32_X_LR_SVC : (int)n;
	case PSR_AA32_MODE_ABT:
		return n == 13 ? AARCH32_X_SP_ABT : n == 14 ? AARCH32_X_LR_ABT : (int)n;
	case PSR_AA32_MODE_UND:
		return n == 13 ? AARCH32_X_SP_UND : n == 14 ? AARCH32_X_LR_UND : (int)n;
	default:
		return AARCH32_NO_XREG;
	}
}

bool aarch32_cond_passed(unsigned cond, uint64_t cpsr)
{
	bool n = cpsr & PSR_AA32_N_BIT, z = cpsr & PSR_AA32_Z_BIT;
	bool c = cpsr & PSR_AA32_C_BIT, v = cpsr & PSR_AA32_V_BIT;
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

bool aarch32_trap_cond_passed(uint64_t esr, uint64_t cpsr)
{
	if (!(esr & ESR_ELx_CV))
		return true;
	return aarch32_cond_passed(esr_cond(esr), cpsr);
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
	cpsr &= ~(uint64_t)PSR_AA32_IT_MASK;
	cpsr |= (uint64_t)(it & 0x3) << 25 | (uint64_t)(it >> 2) << 10;
	return cpsr;
}
