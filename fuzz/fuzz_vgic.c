/* SPDX-License-Identifier: MIT */
/*
 * The EL2 engine's emulated GICv3 distributor and redistributors, built
 * natively as tests/el2 builds them (the system registers and physical-GIC
 * hooks are the test double of tests/el2/el2_vgic_fake.h): a fuzzed guest's
 * MMIO accesses and SGIs, device interrupts, and the list-register round
 * trip with the fuzzer playing the guest's acknowledgements, and physical
 * interrupts forwarded to a running vCPU.
 */
/* The physical GIC is gic.c's own (forwarding acknowledges, masks and
 * unmasks physical interrupts) over a distributor frame in memory. */
#define EL2_VGIC_FAKE_REAL_GIC
#include <stdlib.h>

#include "el2/gic.h"
#include "el2/vgic.h"
#include "fuzz_input.h"
#include "machine/memmap.h"
#include "../tests/el2/el2_vgic_fake.h"

static struct vgic_dist dist;
static struct vgic_cpu cpus[VGIC_MAX_VCPUS];
static uint32_t phys_gicd[VIRT_GIC_DIST_SIZE / 4];

/* A GICv3 distributor with 256 INTIDs, as gic_init() probes it; no
 * redistributor (gic_set_ppi_active then does nothing). */
static void phys_gic_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	phys_gicd[GICD_PIDR2 / 4] = GIC_PIDR2_ARCHREV_GICV3 << GIC_PIDR2_ARCHREV_SHIFT;
	phys_gicd[GICD_TYPER / 4] = 7;          /* ITLinesNumber: 8 x 32 INTIDs */
	if (gic_init((uintptr_t)phys_gicd, 0) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned nr_vcpus = 1 + fuzz_u8(&in) % VGIC_MAX_VCPUS;
	unsigned nr_spis = fuzz_u16(&in) % (VGIC_MAX_SPIS + 40);
	unsigned nr_lrs = 1 + fuzz_u8(&in) % 16;

	fake_reset(nr_lrs);
	phys_gic_init();
	if (vgic_dist_init(&dist, nr_vcpus, nr_spis) != 0)
		return 0;
	for (unsigned i = 0; i < nr_vcpus; i++)
		if (vgic_cpu_init(&dist, &cpus[i], i, i) != 0)
			return 0;
	vgic_dist_set_kick(&dist, record_kick, NULL);
	while (in.n) {
		uint8_t op = fuzz_u8(&in);
		unsigned v = fuzz_u8(&in) % nr_vcpus;
		unsigned size = fuzz_access_size(op >> 4);
		uint64_t off;

		switch (op & 15) {
		case 0:
			off = fuzz_u16(&in) % VIRT_GIC_DIST_SIZE;
			if (size <= VIRT_GIC_DIST_SIZE - off)
				(void)vgic_dist_read(&dist, off, size);
			break;
		case 1:
			off = fuzz_u16(&in) % VIRT_GIC_DIST_SIZE;
			if (size <= VIRT_GIC_DIST_SIZE - off)
				vgic_dist_write(&dist, off, size, fuzz_u64(&in));
			break;
		case 2:
			off = fuzz_u32(&in) % (VGIC_REDIST_STRIDE * nr_vcpus);
			if (size <= VGIC_REDIST_STRIDE * nr_vcpus - off)
				(void)vgic_redist_read(&dist, off, size);
			break;
		case 3:
			off = fuzz_u32(&in) % (VGIC_REDIST_STRIDE * nr_vcpus);
			if (size <= VGIC_REDIST_STRIDE * nr_vcpus - off)
				vgic_redist_write(&dist, off, size, fuzz_u64(&in));
			break;
		case 4:
			vgic_sgi1r_write(&dist, v, fuzz_u64(&in));
			break;
		case 5:
			vgic_inject(&dist, v, fuzz_u16(&in));
			break;
		case 6:
			vgic_set_spi_level(&dist, fuzz_u16(&in), op & 0x80);
			break;
		case 7:
			vgic_flush(&cpus[v]);
			break;
		case 8: {
			/* The guest acknowledged or completed some LRs. */
			unsigned lr = fuzz_u8(&in) % nr_lrs;

			fake_sr[GIC_SR_ICH_LR(lr)] = fuzz_u64(&in);
			vgic_sync(&cpus[v]);
			break;
		}
		case 9:
			vgic_save(&cpus[v]);
			vgic_restore(&cpus[v]);
			break;
		case 10:
			(void)vgic_vcpu_has_pending(&cpus[v]);
			break;
		case 11:
			(void)vgic_assign_hw_spi(&dist, fuzz_u16(&in), fuzz_u16(&in), v);
			break;
		case 12:
			vgic_inject_hw_ppi(&cpus[v], fuzz_u8(&in));
			break;
		case 13:
			vgic_inject_hw_spi(&dist, fuzz_u16(&in), fuzz_u16(&in));
			break;
		case 14:
			/* A physical interrupt taken while vCPU v runs. */
			fake_sr[GIC_SR_ICC_IAR1_EL1] = fuzz_u16(&in);
			(void)vgic_forward_irq(&cpus[v]);
			break;
		default:
			fake_sr[fuzz_u8(&in) % GIC_SR_COUNT] = fuzz_u64(&in);
			break;
		}
	}
	return 0;
}
