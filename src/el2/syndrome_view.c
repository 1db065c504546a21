/* SPDX-License-Identifier: MIT */
/* The syndrome register numbering in use and the probe's verdict: see
 * syndrome_probe.h. */
#include "arch/esr.h"
#include "el2/syndrome_probe.h"

bool syndrome_regs_banked;

enum syndrome_view syndrome_probe_verdict(uint64_t esr)
{
	unsigned ec = (esr >> ESR_ELx_EC_SHIFT) & ESR_ELx_EC_MASK;
	unsigned srt = (esr >> ESR_ELx_SRT_SHIFT) & ESR_ELx_SRT_MASK;

	if (ec != ESR_ELx_EC_DABT_LOW || !(esr & ESR_ELx_ISV) || !(esr & ESR_ELx_WNR))
		return SYNDROME_VIEW_UNKNOWN;
	if (srt == SYNDROME_PROBE_SRT_ARCH)
		return SYNDROME_VIEW_ARCH;
	if (srt == SYNDROME_PROBE_SRT_BANKED)
		return SYNDROME_VIEW_BANKED;
	return SYNDROME_VIEW_UNKNOWN;
}
