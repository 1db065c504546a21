// SPDX-License-Identifier: MIT
/*
 * Isolation probe: runs in a partition configured with on_fault = abort and
 * tries to read and write addresses outside its RAM: just past its end, the
 * physical address of the partition beside it (as an IPA: stage-2 maps only
 * the probe's own RAM, so that name reaches nothing), the page below its
 * RAM, the hole at 0x0C000000, the end of physical RAM and the top of the
 * IPA space. (The hypervisor's own physical range, 0x40000000-0x44000000,
 * is not nameable at all: those IPAs are the probe's own RAM.) Each
 * access must end in a synchronous external abort the probe catches; a
 * write to its own RAM must work. Prints one line per probe.
 */
#include <stdint.h>

#include "io.h"
#include "abort_probe.h"

static const uint64_t forbidden[] = {
	0x44000000UL,     /* one byte past its 64 MiB of RAM */
	0x48000000UL,     /* the partition beside it, by physical address */
	0x3FFFF000UL,     /* the page below its RAM */
	0x0C000000UL,     /* hole in the platform map */
	0x80000000UL,     /* past the end of physical RAM */
	0x7FFFFFF000UL,   /* top of the 39-bit IPA space */
};

void guest_main(void)
{
	int blocked = 0, total = 0;
	volatile uint32_t *own = (volatile uint32_t *)0x43fff000UL;

	io_puts("probe: start\n");
	for (unsigned i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		for (int w = 0; w <= 1; w++) {
			blocked += abort_probe("probe", forbidden[i], w);
			total++;
		}
	}
	*own = 0x1234abcd;
	io_puts(*own == 0x1234abcd ? "probe: own RAM read back ok\n"
				     : "probe: own RAM read back WRONG\n");
	io_puts(blocked == total ? "probe: all accesses blocked\n"
				   : "probe: some accesses were NOT blocked\n");
	io_system_off();
}

void guest_secondary(uint64_t context)
{
	(void)context;
	io_system_off();
}
