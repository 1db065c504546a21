/* SPDX-License-Identifier: MIT */
/*
 * virtio-hostile, transport scenarios: queue sizes the device must refuse,
 * rings where they cannot be, notifies of queues that are not there, queue
 * registers rewritten while ready, feature negotiation and status games,
 * garbage in every register and config byte. See virtio-hostile.c.
 */
#include "virtio-hostile.h"

#include "guest.h"
#include "machine/memmap.h"

/* Handshake up to FEATURES_OK with every queue but the main one set up. */
static bool init_without_main_queue(struct vdrv_dev *d)
{
	unsigned mq = hostile_main_queue(d);
	const char *why = vdrv_init(d, hostile_features(d), 0, false);

	for (unsigned q = 0; !why && q < hostile_nr_queues(d); q++)
		if (q != mq)
			why = vdrv_queue_setup(d, q, VDRV_QUEUE_SIZE);
	if (why)
		hostile_note(d, why);
	d->nr_queues = hostile_nr_queues(d);
	return !why;
}

static void driver_ok(struct vdrv_dev *d)
{
	vdrv_write(d, VIRTIO_MMIO_STATUS, vdrv_status(d) | VIRTIO_STATUS_DRIVER_OK);
}

/* Program the main queue with raw values and QueueReady = 1. */
static void queue_raw(struct vdrv_dev *d, uint32_t num, uint64_t desc,
		      uint64_t avail, uint64_t used)
{
	vdrv_write(d, VIRTIO_MMIO_QUEUE_SEL, hostile_main_queue(d));
	vdrv_write(d, VIRTIO_MMIO_QUEUE_NUM, num);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	vdrv_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

/*
 * A queue size the device must refuse: QueueReady reads back 0 or the
 * device sets DEVICE_NEEDS_RESET. Should it take the queue, a request
 * must not complete on it.
 */
static enum crime bad_queue_size(struct vdrv_dev *d, uint32_t num)
{
	unsigned mq = hostile_main_queue(d);
	uintptr_t ring = d->mem + mq * VDRV_RING_STRIDE;
	struct vdrv_queue *vq = &d->q[mq];
	uint32_t len;

	if (!init_without_main_queue(d))
		return CRIME_FAILED;
	vdrv_fill(ring, 0, VDRV_RING_STRIDE);
	queue_raw(d, num, ring + VDRV_RING_DESC, ring + VDRV_RING_AVAIL, ring + VDRV_RING_USED);
	driver_ok(d);
	if (!vdrv_read(d, VIRTIO_MMIO_QUEUE_READY) || vdrv_needs_reset(d))
		return CRIME_REFUSED;
	/* Taken: the size modulo the ring as a careless device might. */
	*vq = (struct vdrv_queue){ .num = (uint16_t)(num ? num : 1), .desc = ring + VDRV_RING_DESC,
				   .avail = ring + VDRV_RING_AVAIL, .used = ring + VDRV_RING_USED };
	hostile_valid_chain(d, vq->desc);
	if (hostile_commit(d, 0, &len) == VDRV_USED) {
		printf("%s: %s: the device used a queue of size %u\n", guest_name, d->name, num);
		return CRIME_FAILED;
	}
	return CRIME_REFUSED;
}

static enum crime queue_size_3(struct vdrv_dev *d) { return bad_queue_size(d, 3); }
static enum crime queue_size_0(struct vdrv_dev *d) { return bad_queue_size(d, 0); }
static enum crime queue_size_above_max(struct vdrv_dev *d)
{
	vdrv_write(d, VIRTIO_MMIO_QUEUE_SEL, hostile_main_queue(d));
	return bad_queue_size(d, vdrv_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX) * 2);
}
static enum crime queue_size_65544(struct vdrv_dev *d) { return bad_queue_size(d, 0x10000u + VDRV_QUEUE_SIZE); }

/* Rings where they cannot be, then QueueReady = 1 and a notify. */
static enum crime bad_rings(struct vdrv_dev *d, uint64_t desc, uint64_t avail, uint64_t used)
{
	if (!init_without_main_queue(d))
		return CRIME_FAILED;
	queue_raw(d, VDRV_QUEUE_SIZE, desc, avail, used);
	driver_ok(d);
	vdrv_notify(d, hostile_main_queue(d));
	return CRIME_REFUSED;
}

static enum crime rings_beyond_ram(struct vdrv_dev *d)
{
	return bad_rings(d, ram_end, ram_end + 0x1000, ram_end + 0x2000);
}
static enum crime rings_at_zero(struct vdrv_dev *d) { return bad_rings(d, 0, 0, 0); }
static enum crime rings_in_devices(struct vdrv_dev *d)
{
	return bad_rings(d, VIRT_UART_BASE, d->base, VIRT_GIC_DIST_BASE);
}
static enum crime rings_wrap_2_64(struct vdrv_dev *d)
{
	return bad_rings(d, 0xfffffffffffff000ULL, 0xfffffffffffffff0ULL, 0xffffffffffffff80ULL);
}
static enum crime rings_straddle_ram_end(struct vdrv_dev *d)
{
	return bad_rings(d, ram_end - 64, ram_end - 4, ram_end - 8);
}
static enum crime rings_misaligned(struct vdrv_dev *d)
{
	uintptr_t ring = d->mem + hostile_main_queue(d) * VDRV_RING_STRIDE;

	return bad_rings(d, ring + 8, ring + VDRV_RING_AVAIL + 1, ring + VDRV_RING_USED + 2);
}

/* DRIVER_OK with no queue set up, then every queue notified. */
static enum crime notify_unset_queues(struct vdrv_dev *d)
{
	if (vdrv_init(d, hostile_features(d), 0, true))
		return CRIME_FAILED;
	for (unsigned q = 0; q < hostile_nr_queues(d); q++)
		vdrv_notify(d, q);
	vdrv_wait_used(d, 0, 0xffff, 0, HOSTILE_CRIME_MS);
	return CRIME_REFUSED;
}

static enum crime notify_bad_indices(struct vdrv_dev *d)
{
	static const uint32_t bad[] = { 2, 3, 4, 31, 0xffff, 0x10000, 0x7fffffff, 0xffffffff };

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bad[i] >= hostile_nr_queues(d))
			vdrv_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, bad[i]);
	return CRIME_DONE;
}

/* Many notifies with nothing posted. */
#define NOTIFY_STORM 1000
static enum crime notify_storm(struct vdrv_dev *d)
{
	for (unsigned i = 0; i < NOTIFY_STORM; i++)
		vdrv_notify(d, hostile_main_queue(d));
	return CRIME_DONE;
}

/*
 * Reset right after notifying a request: whatever the device does with it,
 * nothing may land in the rings of the next initialisation.
 */
static enum crime reset_with_request_in_flight(struct vdrv_dev *d)
{
	unsigned q = hostile_main_queue(d);
	uint32_t len;

	hostile_valid_chain(d, d->q[q].desc);
	vdrv_publish(d, q, 0);
	vdrv_notify(d, q);
	if (!hostile_init(d))
		return CRIME_FAILED;
	if (vdrv_wait_used(d, q, 0, &len, HOSTILE_CRIME_MS) == VDRV_USED) {
		hostile_note(d, "a request notified before a reset completed after it");
		return CRIME_FAILED;
	}
	return CRIME_DONE;
}

/* QueueSel beyond the device's queues: QueueNumMax must read 0 (4.2.2). */
static enum crime queue_sel_out_of_range(struct vdrv_dev *d)
{
	uintptr_t ring = hostile_buf(d, HB_SEGS);
	uint32_t max;

	vdrv_write(d, VIRTIO_MMIO_QUEUE_SEL, 99);
	max = vdrv_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_NUM, 8);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)ring);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)ring + 0x1000);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)ring + 0x2000);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 99);
	if (max) {
		printf("%s: %s: QueueNumMax of queue 99 reads %u, not 0\n", guest_name, d->name, max);
		return CRIME_FAILED;
	}
	return CRIME_DONE;
}

/* Queue registers rewritten while the queue is ready (4.2.2: must not). */
static enum crime queue_rewritten_while_ready(struct vdrv_dev *d)
{
	vdrv_write(d, VIRTIO_MMIO_QUEUE_SEL, hostile_main_queue(d));
	vdrv_write(d, VIRTIO_MMIO_QUEUE_NUM, 2);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)ram_end);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(ram_end >> 32));
	vdrv_write(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, 0);
	vdrv_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return CRIME_DONE;
}

/* ---- features, status, registers ---- */

static void ack_driver(struct vdrv_dev *d)
{
	vdrv_reset(d);
	vdrv_write(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vdrv_write(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
}

static void driver_features(struct vdrv_dev *d, uint64_t f)
{
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vdrv_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

/* Every feature bit accepted: FEATURES_OK must not stick (3.1.1). */
static enum crime features_unoffered(struct vdrv_dev *d)
{
	ack_driver(d);
	driver_features(d, ~0ULL);
	vdrv_write(d, VIRTIO_MMIO_STATUS, vdrv_status(d) | VIRTIO_STATUS_FEATURES_OK);
	if (vdrv_status(d) & VIRTIO_STATUS_FEATURES_OK) {
		hostile_note(d, "FEATURES_OK stuck with features the device does not offer");
		return CRIME_FAILED;
	}
	return CRIME_REFUSED;
}

/* Legacy-style driver: VERSION_1 not accepted, then used anyway. */
static enum crime features_without_version_1(struct vdrv_dev *d)
{
	ack_driver(d);
	driver_features(d, d->offered & ~VIRTIO_BIT(VIRTIO_F_VERSION_1));
	vdrv_write(d, VIRTIO_MMIO_STATUS, vdrv_status(d) | VIRTIO_STATUS_FEATURES_OK);
	driver_ok(d);
	vdrv_notify(d, hostile_main_queue(d));
	return CRIME_REFUSED;
}

/* DriverFeatures rewritten after FEATURES_OK. */
static enum crime features_after_features_ok(struct vdrv_dev *d)
{
	if (vdrv_init(d, hostile_features(d), hostile_nr_queues(d), false))
		return CRIME_FAILED;
	driver_features(d, ~0ULL);
	driver_ok(d);
	return CRIME_DONE;
}

/* Queues set up and used without FEATURES_OK. */
static enum crime driver_ok_without_features_ok(struct vdrv_dev *d)
{
	ack_driver(d);
	driver_features(d, VIRTIO_BIT(VIRTIO_F_VERSION_1));
	for (unsigned q = 0; q < hostile_nr_queues(d); q++)
		if (vdrv_queue_setup(d, q, VDRV_QUEUE_SIZE))
			return CRIME_REFUSED;
	driver_ok(d);
	hostile_valid_chain(d, d->q[hostile_main_queue(d)].desc);
	hostile_commit(d, 0, 0);
	return CRIME_REFUSED;
}

static enum crime status_all_ones(struct vdrv_dev *d)
{
	vdrv_write(d, VIRTIO_MMIO_STATUS, 0xffffffffu);
	vdrv_notify(d, hostile_main_queue(d));
	return CRIME_REFUSED;
}

/*
 * The driver sets DEVICE_NEEDS_RESET itself (the device's bit, 2.1), then
 * takes DRIVER_OK away. A device that shows the bit back while it still
 * completes requests is noted: its Status then lies to the driver.
 */
static enum crime status_driver_games(struct vdrv_dev *d)
{
	enum vdrv_wait w;

	vdrv_write(d, VIRTIO_MMIO_STATUS, vdrv_status(d) | VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	if (vdrv_needs_reset(d)) {
		hostile_valid_chain(d, d->q[hostile_main_queue(d)].desc);
		d->ignore_needs_reset = true;
		w = hostile_commit(d, 0, 0);
		d->ignore_needs_reset = false;
		if (w == VDRV_USED)
			hostile_note(d, "note: Status shows the DEVICE_NEEDS_RESET the driver wrote, "
				     "yet the device still completes requests");
	}
	vdrv_write(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	hostile_valid_chain(d, d->q[hostile_main_queue(d)].desc);
	hostile_commit(d, 0, 0);
	return CRIME_REFUSED;
}

/* Every register offset read, and written with garbage. */
static enum crime registers_garbage(struct vdrv_dev *d)
{
	static const uint32_t values[] = { 0xffffffffu, 0xa5a5a5a5u, 0x80000001u, 0 };

	for (unsigned v = 0; v < sizeof(values) / sizeof(values[0]); v++)
		for (unsigned off = 0; off < VIRTIO_MMIO_CONFIG; off += 4) {
			(void)vdrv_read(d, off);
			vdrv_write(d, off, values[v]);
		}
	return CRIME_REFUSED;
}

/* 1-, 2- (and on AArch64 8-) byte accesses to every register. */
static enum crime registers_odd_sizes(struct vdrv_dev *d)
{
	for (unsigned off = 0; off < VIRTIO_MMIO_CONFIG; off++) {
		(void)mmio_read8(d->base + off);
		mmio_write8(d->base + off, 0xff);
		if (off % 2 == 0) {
			(void)mmio_read16(d->base + off);
			mmio_write16(d->base + off, 0xffff);
		}
#if ARCH_HAS_MMIO64
		if (off % 8 == 0) {
			(void)mmio_read64(d->base + off);
			mmio_write64(d->base + off, 0xffffffffffffffffULL);
		}
#endif
	}
	return CRIME_DONE;
}

/* Every config offset, every size, read and written; what reads back as
 * config must not change (no device here has writable config). */
static enum crime config_garbage(struct vdrv_dev *d)
{
	uint32_t before[16];
	unsigned off;

	for (unsigned i = 0; i < 16; i++)
		before[i] = vdrv_read(d, VIRTIO_MMIO_CONFIG + 4 * i);
	for (off = VIRTIO_MMIO_CONFIG; off < VIRTIO_MMIO_SIZE; off++) {
		(void)mmio_read8(d->base + off);
		mmio_write8(d->base + off, 0xa5);
		if (off % 2 == 0) {
			(void)mmio_read16(d->base + off);
			mmio_write16(d->base + off, 0xa5a5);
		}
		if (off % 4 == 0) {
			(void)mmio_read32(d->base + off);
			mmio_write32(d->base + off, 0xa5a5a5a5u);
		}
#if ARCH_HAS_MMIO64
		if (off % 8 == 0) {
			(void)mmio_read64(d->base + off);
			mmio_write64(d->base + off, 0xa5a5a5a5a5a5a5a5ULL);
		}
#endif
	}
	for (unsigned i = 0; i < 16; i++)
		if (vdrv_read(d, VIRTIO_MMIO_CONFIG + 4 * i) != before[i]) {
			printf("%s: %s: config word %u changed from 0x%08x to 0x%08x\n", guest_name,
			       d->name, i, before[i], vdrv_read(d, VIRTIO_MMIO_CONFIG + 4 * i));
			return CRIME_FAILED;
		}
	return CRIME_DONE;
}

const struct scenario hostile_transport_scenarios[] = {
	{ "queue-size-3", 0, queue_size_3 },
	{ "queue-size-0", 0, queue_size_0 },
	{ "queue-size-twice-max", 0, queue_size_above_max },
	{ "queue-size-65544", 0, queue_size_65544 },
	{ "rings-beyond-ram-end", 0, rings_beyond_ram },
	{ "rings-at-address-0", 0, rings_at_zero },
	{ "rings-in-device-space", 0, rings_in_devices },
	{ "rings-wrap-past-2^64", 0, rings_wrap_2_64 },
	{ "rings-straddle-ram-end", 0, rings_straddle_ram_end },
	{ "rings-misaligned", 0, rings_misaligned },
	{ "notify-queues-never-set-up", 0, notify_unset_queues },
	{ "notify-queue-indices-out-of-range", 0, notify_bad_indices },
	{ "notify-storm", 0, notify_storm },
	{ "reset-with-request-in-flight", 0, reset_with_request_in_flight },
	{ "queue-sel-out-of-range", 0, queue_sel_out_of_range },
	{ "queue-rewritten-while-ready", 0, queue_rewritten_while_ready },
	{ "features-not-offered", 0, features_unoffered },
	{ "features-without-version-1", 0, features_without_version_1 },
	{ "features-rewritten-after-features-ok", 0, features_after_features_ok },
	{ "driver-ok-without-features-ok", 0, driver_ok_without_features_ok },
	{ "status-all-ones", 0, status_all_ones },
	{ "status-driver-sets-needs-reset", 0, status_driver_games },
	{ "registers-garbage", 0, registers_garbage },
	{ "registers-odd-sizes", 0, registers_odd_sizes },
	{ "config-garbage", 0, config_garbage },
};
const unsigned hostile_transport_scenario_count =
	sizeof(hostile_transport_scenarios) / sizeof(hostile_transport_scenarios[0]);
