/* SPDX-License-Identifier: MIT */
/*
 * virtio-hostile: feeds every virtio-mmio device garbage and checks that it
 * survives. For each transport the DTB describes (blk, rng, console, net),
 * and for each scenario in turn: a fresh handshake to DRIVER_OK, one crime
 * (bad descriptors, chains, indirect tables, ring indices, queue setup,
 * features, status, register and config garbage, malformed requests), then
 * the verdict:
 *
 *   kept working  no DEVICE_NEEDS_RESET, and a valid request afterwards
 *                 succeeds (or the device refused the bad setting and works
 *                 after a new handshake);
 *   needs reset   the device set DEVICE_NEEDS_RESET; after a reset (Status
 *                 0) and a new handshake a valid request succeeds;
 *   FAILED        anything else: a request that must fail succeeded, the
 *                 device wrote where it must not, or stopped answering.
 *
 * The end proves guest and devices alive (blk read, rng read, ...), prints
 * a summary line and powers off. See guests/README.md.
 */
#include "virtio-hostile.h"

#include "guest.h"
#include "machine/memmap.h"

const char guest_name[] = "virtio-hostile";

uint64_t ram_base, ram_end;

enum verdict { V_WORKING, V_NEEDS_RESET, V_FAILED, V_SKIPPED, V_COUNT };
static unsigned verdicts[V_COUNT];
static const char *const verdict_names[V_COUNT] = {
	"kept working", "needs reset", "FAILED", "skipped",
};

void hostile_note(const struct vdrv_dev *d, const char *msg)
{
	printf("%s: %s: %s\n", guest_name, d->name, msg);
}

uintptr_t hostile_buf(const struct vdrv_dev *d, uint32_t off)
{
	return d->mem + off;
}

bool hostile_init(struct vdrv_dev *d)
{
	const char *why = vdrv_init(d, hostile_features(d), hostile_nr_queues(d), true);

	if (why)
		printf("%s: %s: initialisation failed: %s\n", guest_name, d->name, why);
	return !why;
}

static enum vdrv_wait submit(struct vdrv_dev *d, uint16_t head, uint32_t *len,
			     unsigned ms)
{
	unsigned q = hostile_main_queue(d);

	vdrv_publish(d, q, head);
	vdrv_notify(d, q);
	return vdrv_wait_used(d, q, head, len, ms);
}

enum vdrv_wait hostile_commit(struct vdrv_dev *d, uint16_t head, uint32_t *len)
{
	return submit(d, head, len, HOSTILE_CRIME_MS);
}

enum vdrv_wait hostile_submit(struct vdrv_dev *d, uint16_t head, uint32_t *len)
{
	return submit(d, head, len, HOSTILE_VALID_MS);
}

/* A valid request on the main queue as the device is now. */
static enum verdict valid_request(struct vdrv_dev *d)
{
	uint32_t len = 0;

	hostile_valid_chain(d, d->q[hostile_main_queue(d)].desc);
	switch (hostile_submit(d, 0, &len)) {
	case VDRV_USED:
		if (hostile_valid_result(d, len))
			return V_WORKING;
		return V_FAILED;
	case VDRV_NEEDS_RESET:
		return V_NEEDS_RESET;
	case VDRV_TIMEOUT:
		break;
	}
	hostile_note(d, "a valid request got no answer and no DEVICE_NEEDS_RESET");
	return V_FAILED;
}

static enum verdict fresh_valid_request(struct vdrv_dev *d)
{
	if (!hostile_init(d))
		return V_FAILED;
	return valid_request(d);
}

static void run_scenario(struct vdrv_dev *d, const struct scenario *s)
{
	enum verdict v;

	if (s->devices && !(s->devices & (1u << d->device_id)))
		return;
	if (!hostile_init(d)) {
		v = V_FAILED;
		goto out;
	}
	printf("%s: %s: %s ...\n", guest_name, d->name, s->name);
	switch (s->crime(d)) {
	case CRIME_NA:
		printf("%s: %s: %s: does not apply\n", guest_name, d->name, s->name);
		verdicts[V_SKIPPED]++;
		return;
	case CRIME_FAILED:
		v = V_FAILED;
		break;
	case CRIME_REFUSED:
		v = vdrv_needs_reset(d) ? V_NEEDS_RESET : fresh_valid_request(d);
		break;
	case CRIME_DONE:
	default:
		v = vdrv_needs_reset(d) ? V_NEEDS_RESET : valid_request(d);
		break;
	}
	/* A device that asked for a reset must work again after one. */
	if (v == V_NEEDS_RESET && fresh_valid_request(d) != V_WORKING) {
		hostile_note(d, "no valid request succeeds after the reset");
		v = V_FAILED;
	}
out:
	verdicts[v]++;
	printf("%s: %s: %s: %s\n", guest_name, d->name, s->name, verdict_names[v]);
}

/* ---- descriptors ---- */

/* The valid chain with its payload buffer (the second descriptor of a
 * longer chain: blk's data) replaced. */
static enum crime bad_buffer(struct vdrv_dev *d, uint64_t addr, uint32_t len)
{
	uintptr_t t = d->q[hostile_main_queue(d)].desc;
	unsigned n = hostile_valid_chain(d, t), last = n >= 2 ? 1 : 0;
	uint16_t flags = vdrv_r16(t + last * VIRTQ_DESC_SIZE + VIRTQ_DESC_OFF_FLAGS);

	vdrv_desc_set(t, last, addr, len, flags,
		      vdrv_r16(t + last * VIRTQ_DESC_SIZE + VIRTQ_DESC_OFF_NEXT));
	hostile_commit(d, 0, 0);
	return CRIME_DONE;
}

static enum crime buf_at_zero(struct vdrv_dev *d) { return bad_buffer(d, 0, 512); }
static enum crime buf_at_uart(struct vdrv_dev *d) { return bad_buffer(d, VIRT_UART_BASE, 512); }
static enum crime buf_at_own_registers(struct vdrv_dev *d) { return bad_buffer(d, d->base, VIRTIO_MMIO_SIZE); }
static enum crime buf_beyond_ram(struct vdrv_dev *d) { return bad_buffer(d, ram_end, 512); }
static enum crime buf_straddles_ram_end(struct vdrv_dev *d) { return bad_buffer(d, ram_end - 256, 512); }
static enum crime buf_below_ram(struct vdrv_dev *d) { return bad_buffer(d, ram_base - 256, 512); }
static enum crime buf_wraps_2_64(struct vdrv_dev *d) { return bad_buffer(d, 0xffffffffffffff00ULL, 0x200); }
static enum crime buf_len_4g(struct vdrv_dev *d) { return bad_buffer(d, hostile_buf(d, HB_DATA), 0xffffffffu); }
static enum crime buf_len_past_ram(struct vdrv_dev *d)
{
	return bad_buffer(d, hostile_buf(d, HB_DATA), (uint32_t)(ram_end - hostile_buf(d, HB_DATA) + 1));
}

/* Set NEXT on the valid chain's last descriptor, pointing at `next`. */
static enum crime chain_next(struct vdrv_dev *d, uint16_t next)
{
	uintptr_t t = d->q[hostile_main_queue(d)].desc;
	unsigned last = hostile_valid_chain(d, t) - 1;
	uintptr_t p = t + last * VIRTQ_DESC_SIZE;

	vdrv_w16(p + VIRTQ_DESC_OFF_FLAGS, vdrv_r16(p + VIRTQ_DESC_OFF_FLAGS) | VIRTQ_DESC_F_NEXT);
	vdrv_w16(p + VIRTQ_DESC_OFF_NEXT, next);
	hostile_commit(d, 0, 0);
	return CRIME_DONE;
}

static enum crime chain_loops_to_head(struct vdrv_dev *d) { return chain_next(d, 0); }
static enum crime chain_next_is_queue_size(struct vdrv_dev *d)
{
	return chain_next(d, d->q[hostile_main_queue(d)].num);
}
static enum crime chain_next_ffff(struct vdrv_dev *d) { return chain_next(d, 0xffff); }

/* Descriptor 5 points to itself, reached from the valid chain. */
static enum crime chain_self_loop(struct vdrv_dev *d)
{
	uintptr_t t = d->q[hostile_main_queue(d)].desc;
	unsigned last = hostile_valid_chain(d, t) - 1;
	uint16_t flags = vdrv_r16(t + last * VIRTQ_DESC_SIZE + VIRTQ_DESC_OFF_FLAGS);

	vdrv_desc_set(t, 5, hostile_buf(d, HB_SEGS), 16, flags | VIRTQ_DESC_F_NEXT, 5);
	return chain_next(d, 5);
}

/* A readable descriptor after a writable one. */
static enum crime chain_readable_after_writable(struct vdrv_dev *d)
{
	uintptr_t t = d->q[hostile_main_queue(d)].desc;
	unsigned n = hostile_valid_chain(d, t);
	uintptr_t p = t + (n - 1) * VIRTQ_DESC_SIZE;

	vdrv_w16(p + VIRTQ_DESC_OFF_FLAGS, vdrv_r16(p + VIRTQ_DESC_OFF_FLAGS) | VIRTQ_DESC_F_NEXT);
	vdrv_w16(p + VIRTQ_DESC_OFF_NEXT, (uint16_t)n);
	vdrv_desc_set(t, n, hostile_buf(d, HB_SEGS), 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, (uint16_t)(n + 1));
	vdrv_desc_set(t, n + 1, hostile_buf(d, HB_SEGS + 16), 16, 0, 0);
	hostile_commit(d, 0, 0);
	return CRIME_DONE;
}

static enum crime head_out_of_range(struct vdrv_dev *d)
{
	hostile_valid_chain(d, d->q[hostile_main_queue(d)].desc);
	hostile_commit(d, (uint16_t)(d->q[hostile_main_queue(d)].num + 3), 0);
	return CRIME_DONE;
}

static enum crime head_ffff(struct vdrv_dev *d)
{
	hostile_valid_chain(d, d->q[hostile_main_queue(d)].desc);
	hostile_commit(d, 0xffff, 0);
	return CRIME_DONE;
}

/* avail->idx far ahead of what was put in the ring. */
static enum crime avail_idx_jumps(struct vdrv_dev *d)
{
	unsigned q = hostile_main_queue(d);
	struct vdrv_queue *vq = &d->q[q];

	hostile_valid_chain(d, vq->desc);
	vq->avail_idx = (uint16_t)(vq->avail_idx + 0x8000);
	vdrv_set_avail_idx(d, q, vq->avail_idx);
	vdrv_notify(d, q);
	vdrv_wait_used(d, q, 0xffff, 0, HOSTILE_CRIME_MS);
	return CRIME_DONE;
}

/* ---- indirect tables ---- */

/* The head descriptor points to an indirect table [addr, addr + len). */
static enum crime indirect(struct vdrv_dev *d, uint64_t addr, uint32_t len,
			   uint16_t extra_flags)
{
	uintptr_t t = d->q[hostile_main_queue(d)].desc;

	vdrv_desc_set(t, 0, addr, len, VIRTQ_DESC_F_INDIRECT | extra_flags, 1);
	vdrv_desc_set(t, 1, hostile_buf(d, HB_SEGS), 16, 0, 0);
	hostile_commit(d, 0, 0);
	return CRIME_DONE;
}

/* A valid chain in the indirect area; returns its length in bytes. */
static uint32_t indirect_table(struct vdrv_dev *d)
{
	return hostile_valid_chain(d, hostile_buf(d, HB_INDIRECT)) * VIRTQ_DESC_SIZE;
}

static enum crime indirect_outside_ram(struct vdrv_dev *d)
{
	return indirect(d, ram_end, indirect_table(d), 0);
}
static enum crime indirect_wraps(struct vdrv_dev *d)
{
	return indirect(d, 0xfffffffffffffff0ULL, 0x100, 0);
}
static enum crime indirect_len_odd(struct vdrv_dev *d)
{
	return indirect(d, hostile_buf(d, HB_INDIRECT), indirect_table(d) - 1, 0);
}
static enum crime indirect_len_zero(struct vdrv_dev *d)
{
	indirect_table(d);
	return indirect(d, hostile_buf(d, HB_INDIRECT), 0, 0);
}
static enum crime indirect_len_huge(struct vdrv_dev *d)
{
	indirect_table(d);
	return indirect(d, hostile_buf(d, HB_INDIRECT), 0xfffffff0u, 0);
}
static enum crime indirect_with_next(struct vdrv_dev *d)
{
	return indirect(d, hostile_buf(d, HB_INDIRECT), indirect_table(d), VIRTQ_DESC_F_NEXT);
}

/* An entry of the indirect table that is itself indirect. */
static enum crime indirect_nested(struct vdrv_dev *d)
{
	uintptr_t t = hostile_buf(d, HB_INDIRECT);
	uint32_t len2 = hostile_valid_chain(d, hostile_buf(d, HB_INDIRECT2)) * VIRTQ_DESC_SIZE;

	vdrv_desc_set(t, 0, hostile_buf(d, HB_INDIRECT2), len2, VIRTQ_DESC_F_INDIRECT, 0);
	return indirect(d, t, VIRTQ_DESC_SIZE, 0);
}

static enum crime indirect_loops(struct vdrv_dev *d)
{
	uintptr_t t = hostile_buf(d, HB_INDIRECT);
	uint32_t len = indirect_table(d);
	uintptr_t last = t + len - VIRTQ_DESC_SIZE;

	vdrv_w16(last + VIRTQ_DESC_OFF_FLAGS, vdrv_r16(last + VIRTQ_DESC_OFF_FLAGS) | VIRTQ_DESC_F_NEXT);
	vdrv_w16(last + VIRTQ_DESC_OFF_NEXT, 0);
	return indirect(d, t, len, 0);
}

static enum crime indirect_next_beyond_table(struct vdrv_dev *d)
{
	uintptr_t t = hostile_buf(d, HB_INDIRECT);
	uint32_t len = indirect_table(d);
	uintptr_t last = t + len - VIRTQ_DESC_SIZE;

	vdrv_w16(last + VIRTQ_DESC_OFF_FLAGS, vdrv_r16(last + VIRTQ_DESC_OFF_FLAGS) | VIRTQ_DESC_F_NEXT);
	vdrv_w16(last + VIRTQ_DESC_OFF_NEXT, (uint16_t)(len / VIRTQ_DESC_SIZE));
	return indirect(d, t, len, 0);
}

/* 300 chained 16-byte segments: more than any queue could hold. */
#define TOO_MANY_SEGS 300
static enum crime indirect_too_many_segments(struct vdrv_dev *d)
{
	uintptr_t t = hostile_buf(d, HB_INDIRECT);
	unsigned n = hostile_valid_chain(d, t);
	uint16_t flags = vdrv_r16(t + (n - 1) * VIRTQ_DESC_SIZE + VIRTQ_DESC_OFF_FLAGS);

	for (unsigned i = n - 1; i < TOO_MANY_SEGS; i++)
		vdrv_desc_set(t, i, hostile_buf(d, HB_SEGS + 16 * i), 16,
			      (uint16_t)(flags | (i + 1 < TOO_MANY_SEGS ? VIRTQ_DESC_F_NEXT : 0)),
			      (uint16_t)(i + 1));
	return indirect(d, t, TOO_MANY_SEGS * VIRTQ_DESC_SIZE, 0);
}

static const struct scenario generic_scenarios[] = {
	{ "buffer-at-address-0", 0, buf_at_zero },
	{ "buffer-in-uart", 0, buf_at_uart },
	{ "buffer-in-own-registers", 0, buf_at_own_registers },
	{ "buffer-below-ram", 0, buf_below_ram },
	{ "buffer-beyond-ram-end", 0, buf_beyond_ram },
	{ "buffer-straddles-ram-end", 0, buf_straddles_ram_end },
	{ "buffer-wraps-past-2^64", 0, buf_wraps_2_64 },
	{ "buffer-length-0xffffffff", 0, buf_len_4g },
	{ "buffer-length-past-ram-end", 0, buf_len_past_ram },
	{ "chain-loops-to-head", 0, chain_loops_to_head },
	{ "chain-self-loop", 0, chain_self_loop },
	{ "chain-next-equals-queue-size", 0, chain_next_is_queue_size },
	{ "chain-next-0xffff", 0, chain_next_ffff },
	{ "chain-readable-after-writable", 0, chain_readable_after_writable },
	{ "avail-head-out-of-range", 0, head_out_of_range },
	{ "avail-head-0xffff", 0, head_ffff },
	{ "avail-idx-jumps-0x8000", 0, avail_idx_jumps },
	{ "indirect-table-beyond-ram", 0, indirect_outside_ram },
	{ "indirect-table-wraps-past-2^64", 0, indirect_wraps },
	{ "indirect-length-not-multiple-of-16", 0, indirect_len_odd },
	{ "indirect-length-0", 0, indirect_len_zero },
	{ "indirect-length-0xfffffff0", 0, indirect_len_huge },
	{ "indirect-with-next", 0, indirect_with_next },
	{ "indirect-nested", 0, indirect_nested },
	{ "indirect-chain-loops", 0, indirect_loops },
	{ "indirect-next-beyond-table", 0, indirect_next_beyond_table },
	{ "indirect-300-segments", 0, indirect_too_many_segments },
};

void guest_main(void)
{
	static struct vdrv_dev devs[VDRV_MAX_DEVICES];
	uint64_t size;
	unsigned n, total, finals_failed = 0;

	vdrv_ram(&ram_base, &size);
	ram_end = ram_base + size;
	n = vdrv_discover(devs, VDRV_MAX_DEVICES);
	printf("%s: %u virtio devices\n", guest_name, n);
	for (unsigned i = 0; i < n; i++) {
		hostile_note(&devs[i], "found");
		for (unsigned s = 0; s < sizeof(generic_scenarios) / sizeof(generic_scenarios[0]); s++)
			run_scenario(&devs[i], &generic_scenarios[s]);
		for (unsigned s = 0; s < hostile_transport_scenario_count; s++)
			run_scenario(&devs[i], &hostile_transport_scenarios[s]);
		for (unsigned s = 0; s < hostile_dev_scenario_count; s++)
			run_scenario(&devs[i], &hostile_dev_scenarios[s]);
		for (unsigned s = 0; s < hostile_race_scenario_count; s++)
			run_scenario(&devs[i], &hostile_race_scenarios[s]);
	}
	for (unsigned i = 0; i < n; i++)
		if (!hostile_final_check(&devs[i]))
			finals_failed++;
	total = verdicts[V_WORKING] + verdicts[V_NEEDS_RESET] + verdicts[V_FAILED];
	printf("%s: summary: %u devices, %u scenarios: %u kept working, %u needs reset, "
	       "%u failed, %u skipped; final checks: %u failed\n", guest_name, n, total,
	       verdicts[V_WORKING], verdicts[V_NEEDS_RESET], verdicts[V_FAILED],
	       verdicts[V_SKIPPED], finals_failed);
}
