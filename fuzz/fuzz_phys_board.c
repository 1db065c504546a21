/* SPDX-License-Identifier: MIT */
/*
 * The EL2 engine's board parser (src/el2/phys_board.c), built natively:
 * it reads the device tree the boot loader passes in x0 (memory banks,
 * CPUs and their enable methods, the GIC, the timer's PPIs, the UART,
 * PSCI). Input: the DTB. The boot loader's tree is trusted only for its
 * size (the hypervisor maps totalsize bytes), so the header's totalsize
 * is set to the input's length before parsing: every mutation is a tree
 * exactly that long, in an exact allocation ASan bounds. A success must
 * leave a board within its arrays, with its lookups answering.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "el2/phys_board.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct phys_board b;
	char err[160];
	uint8_t *fdt;

	if (size < sizeof(struct fdt_header) || size > 1u << 20)
		return 0;
	fdt = malloc(size);
	memcpy(fdt, data, size);
	fdt_set_totalsize(fdt, (uint32_t)size);
	if (phys_board_parse(fdt, &b, err, sizeof(err)) == 0) {
		if (b.nr_mem > PHYS_BOARD_MAX_MEM || b.nr_cpus > PHYS_BOARD_MAX_CPUS ||
		    (b.gic_version != 2 && b.gic_version != 3))
			abort();
		for (unsigned i = 0; i < b.nr_cpus; i++)
			if (phys_board_cpu_index(&b, b.cpu_mpidr[i]) < 0)
				abort();
		for (unsigned i = 0; i < b.nr_mem; i++)
			if (b.mem[i].size && !phys_board_is_ram(&b, b.mem[i].base, 1))
				abort();
	} else if (!memchr(err, 0, sizeof(err)) || !err[0]) {
		abort();   /* a failure names its reason */
	}
	free(fdt);
	return 0;
}
