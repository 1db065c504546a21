/* SPDX-License-Identifier: MIT */
/*
 * The device-tree builder with random board descriptions: any mix of
 * devices, addresses, interrupts, CPU counts, GIC placement, command line
 * and initrd, into a buffer of random size. It must refuse what is invalid
 * with a message and otherwise produce a tree libfdt fully accepts, never
 * writing past the buffer (an exact allocation, for ASan).
 */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "dev/dev_registry.h"
#include "fuzz_input.h"
#include "machine/fdt_build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct machine_desc m;
	uint8_t sel = fuzz_u8(&in);
	char cmdline[300];
	size_t bufsize = 64 + fuzz_u16(&in) % (FDT_BUILD_DEFAULT_SIZE + 64);
	unsigned ndev;
	char err[160];
	void *buf;
	int n;

	machine_desc_default(&m, sel & 1 ? MACHINE_ARCH_AARCH32 : MACHINE_ARCH_AARCH64);
	if (sel & 2) {
		/* Anything at all. */
		m.nr_cpus = fuzz_u8(&in);
		m.ram_base = fuzz_u64(&in);
		m.ram_size = fuzz_u64(&in);
		m.gic_version = fuzz_u8(&in) % 5;
		m.gic_dist_base = fuzz_u64(&in);
		m.gic_cpu_base = fuzz_u64(&in);
		m.gic_redist_base = fuzz_u64(&in);
	} else {
		/* Plausible: small changes to the default machine. */
		m.nr_cpus = 1 + fuzz_u8(&in) % MACHINE_MAX_CPUS;
		m.ram_size = (uint64_t)(1 + fuzz_u16(&in)) << 20;
		m.gic_version = (uint8_t[]){ 0, 2, 3, 3 }[fuzz_u8(&in) & 3];
	}
	m.psci_smc = sel & 4;
	if (sel & 8) {
		m.initrd_start = fuzz_u64(&in);
		m.initrd_end = fuzz_u64(&in);
	}
	ndev = fuzz_u8(&in) % (BOARD_MAX_DEVS + 2);
	if (sel & 16)
		board_init(&m.board);
	for (unsigned i = 0; i < ndev; i++) {
		uint8_t how = fuzz_u8(&in);
		struct board_dev d;

		if (how & 1) {
			(void)board_add_virt(&m.board, (enum board_dev_type)(fuzz_u8(&in) % 6));
		} else if (how & 2) {
			(void)board_add_virtio(&m.board, fuzz_u8(&in), fuzz_u8(&in));
		} else {
			d.type = fuzz_u8(&in) % (BOARD_DEV_NR_TYPES + 1);
			d.spi = how & 4 ? BOARD_NO_IRQ : fuzz_u16(&in);
			d.base = fuzz_u64(&in);
			d.size = fuzz_u64(&in);
			d.options = fuzz_u32(&in);
			(void)board_add(&m.board, &d);
		}
	}
	/* A raw entry board_add would refuse, as a caller might write one. */
	if (sel & 32 && m.board.nr < BOARD_MAX_DEVS) {
		struct board_dev *d = &m.board.dev[m.board.nr++];

		d->type = fuzz_u32(&in);
		d->spi = fuzz_u32(&in);
		d->base = fuzz_u64(&in);
		d->size = fuzz_u64(&in);
		d->options = fuzz_u32(&in);
	}
	{
		size_t len = fuzz_bytes(&in, cmdline, sizeof(cmdline) - 1);

		cmdline[len] = 0;
		m.cmdline = sel & 64 ? cmdline : NULL;
	}
	buf = malloc(bufsize);
	n = fdt_build(&m, dev_fdt_node, buf, bufsize, err, sizeof(err));
	if (n > 0) {
		if ((size_t)n > bufsize || fdt_check_full(buf, (size_t)n) != 0)
			abort();     /* a tree it says it built, but broken */
	} else if (n != -1 || !err[0] || strchr(err, '\n')) {
		abort();             /* a failure must be one line */
	}
	free(buf);
	return 0;
}
