// SPDX-License-Identifier: MIT
/*
 * Passthrough isolation: runs (with on_fault = abort) beside partitions
 * that own QEMU virt's virtio-mmio transport pages 0x0A001000 and
 * 0x0A002000 by passthrough (tests/suites/el2.sh) and touches both: stage 2
 * maps them for their owners only, so every access here must end in a
 * synchronous external abort while the owners carry on with their devices.
 */
#include <stdint.h>

#include "io.h"
#include "abort_probe.h"

static const uint64_t owned_by_others[] = {
	0x0A001000UL,     /* transport 8: MagicValue */
	0x0A001E70UL,     /* transport 15: Status */
	0x0A002050UL,     /* transport 16: QueueNotify */
};

void guest_main(void)
{
	int blocked = 0, total = 0;

	io_puts("poke: start\n");
	for (unsigned i = 0; i < sizeof(owned_by_others) / sizeof(owned_by_others[0]); i++)
		for (int w = 0; w <= 1; w++) {
			blocked += abort_probe("poke", owned_by_others[i], w);
			total++;
		}
	io_puts(blocked == total ? "poke: all accesses blocked\n"
				   : "poke: some accesses were NOT blocked\n");
	io_system_off();
}

void guest_secondary(uint64_t context)
{
	(void)context;
	io_system_off();
}
