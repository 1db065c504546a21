/* SPDX-License-Identifier: MIT */
/*
 * virtio-hostile, scenarios that need a second CPU or share memory between
 * the rings: CPU 1 rewrites a descriptor (address, length, flags) as fast
 * as it can while CPU 0 keeps submitting the chain, so the device sees the
 * descriptor change between any two of its reads; and a queue whose three
 * rings lie on top of each other. See virtio-hostile.c.
 */
#include "virtio-hostile.h"

#include "guest.h"
#include "psci.h"

/* The CPU that races (context id = CPU index, MPIDR Aff0 as on `virt`). */
#define RACE_CPU          1u
#define RACE_REQUESTS     16
/* How long CPU 1 gets to come up, and to go away. */
#define RACE_START_POLLS  10000000u

/* Shared with CPU 1; the MMU is off, so every access is a Device access
 * and both CPUs see each other's stores in order. */
static volatile uint32_t race_run;
static volatile uint32_t race_flips;
static volatile uintptr_t race_desc;
static volatile uint32_t race_good_lo, race_good_hi, race_len, race_flags;

void secondary_main(ureg_t cpu)
{
	uint32_t i = 0;

	(void)cpu;
	while (race_run) {
		uintptr_t p = race_desc;
		uint64_t good = (uint64_t)race_good_hi << 32 | race_good_lo;

		/* One store in four breaks it for a moment: outside RAM,
		 * wrapping, 4 GiB long, or looping onto itself. */
		switch (i++ % 16) {
		case 0: vdrv_w64(p + VIRTQ_DESC_OFF_ADDR, ram_end); break;
		case 4: vdrv_w64(p + VIRTQ_DESC_OFF_ADDR, 0xffffffffffffff00ULL); break;
		case 8: vdrv_w32(p + VIRTQ_DESC_OFF_LEN, 0xffffffffu); break;
		case 12:
			vdrv_w16(p + VIRTQ_DESC_OFF_NEXT, 0);
			vdrv_w16(p + VIRTQ_DESC_OFF_FLAGS, (uint16_t)(race_flags | VIRTQ_DESC_F_NEXT));
			break;
		default:
			vdrv_w64(p + VIRTQ_DESC_OFF_ADDR, good);
			vdrv_w32(p + VIRTQ_DESC_OFF_LEN, race_len);
			vdrv_w16(p + VIRTQ_DESC_OFF_FLAGS, (uint16_t)race_flags);
			break;
		}
		race_flips = i;
	}
	psci_cpu_off();
}

static bool race_cpu_off(void)
{
	for (uint32_t i = 0; i < RACE_START_POLLS; i++)
		if (psci_affinity_info(RACE_CPU) == PSCI_AFFINITY_OFF)
			return true;
	return false;
}

static enum crime descriptor_rewritten_concurrently(struct vdrv_dev *d)
{
	unsigned q = hostile_main_queue(d);
	uintptr_t t = d->q[q].desc;
	unsigned n = hostile_valid_chain(d, t), payload = n >= 2 ? 1 : 0;
	uintptr_t p = t + payload * VIRTQ_DESC_SIZE;
	unsigned answered = 0, resets = 0, i;
	uint64_t good = vdrv_r64(p + VIRTQ_DESC_OFF_ADDR);
	sreg_t r;

	race_desc = p;
	race_good_lo = (uint32_t)good;
	race_good_hi = (uint32_t)(good >> 32);
	race_len = vdrv_r32(p + VIRTQ_DESC_OFF_LEN);
	race_flags = vdrv_r16(p + VIRTQ_DESC_OFF_FLAGS);
	race_flips = 0;
	race_run = 1;
	dsb_sy();
	r = psci_cpu_on(RACE_CPU, (uintptr_t)secondary_entry, RACE_CPU);
	if (r != PSCI_RET_SUCCESS) {
		race_run = 0;
		printf("%s: %s: CPU_ON of CPU %u: %s (needs 2 vCPUs)\n", guest_name, d->name,
		       RACE_CPU, psci_ret_name(r));
		return CRIME_NA;
	}
	for (i = 0; i < RACE_START_POLLS && !race_flips; i++)
		;
	/* Reset and go on when the device gives up, so it meets the
	 * descriptor in many states. */
	for (i = 0; i < RACE_REQUESTS; i++) {
		switch (hostile_commit(d, 0, 0)) {
		case VDRV_USED:
			answered++;
			break;
		case VDRV_NEEDS_RESET:
			resets++;
			if (!hostile_init(d))
				i = RACE_REQUESTS;
			hostile_valid_chain(d, t);
			break;
		case VDRV_TIMEOUT:
			break;
		}
	}
	race_run = 0;
	if (!race_cpu_off()) {
		hostile_note(d, "the racing CPU did not turn off");
		return CRIME_FAILED;
	}
	printf("%s: %s: while CPU %u rewrote a descriptor: %u requests, %u answered, "
	       "%u DEVICE_NEEDS_RESET%s\n", guest_name, d->name, RACE_CPU, RACE_REQUESTS,
	       answered, resets, race_flips ? "" : " (CPU 1 never ran)");
	return CRIME_DONE;
}

/* Descriptor table, available and used ring at one address. */
static enum crime rings_overlap(struct vdrv_dev *d)
{
	unsigned q = hostile_main_queue(d);
	uintptr_t ring = d->mem + q * VDRV_RING_STRIDE;

	if (vdrv_init(d, hostile_features(d), 0, false))
		return CRIME_FAILED;
	for (unsigned o = 0; o < hostile_nr_queues(d); o++)
		if (o != q && vdrv_queue_setup(d, o, VDRV_QUEUE_SIZE))
			return CRIME_FAILED;
	hostile_valid_chain(d, ring);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_SEL, q);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_NUM, VDRV_QUEUE_SIZE);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)ring);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)ring);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)ring);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	vdrv_write(d, VIRTIO_MMIO_STATUS, vdrv_status(d) | VIRTIO_STATUS_DRIVER_OK);
	/* avail->idx is the first descriptor's address bytes 2..3: nonzero. */
	vdrv_notify(d, q);
	d->q[q] = (struct vdrv_queue){ .num = VDRV_QUEUE_SIZE, .desc = ring, .avail = ring,
				       .used = ring };
	vdrv_wait_used(d, q, 0xffff, 0, HOSTILE_CRIME_MS);
	return CRIME_REFUSED;
}

const struct scenario hostile_race_scenarios[] = {
	{ "descriptor-rewritten-by-another-cpu", 0, descriptor_rewritten_concurrently },
	{ "rings-overlap", 0, rings_overlap },
};
const unsigned hostile_race_scenario_count =
	sizeof(hostile_race_scenarios) / sizeof(hostile_race_scenarios[0]);
