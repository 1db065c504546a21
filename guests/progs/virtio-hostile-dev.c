/* SPDX-License-Identifier: MIT */
/*
 * virtio-hostile, per device type: the valid request each device gets
 * between crimes, the device-specific crimes (malformed block requests,
 * writes to a read-only disk, buffers the device must not write, odd
 * network frames) and the end-of-run checks. See virtio-hostile.c.
 */
#include "virtio-hostile.h"

#include "dev/virtio_blk.h"
#include "dev/virtio_net.h"
#include "guest.h"

#define DEV_MASK(id) (1u << (id))
#define BLK_CFG_WORD(off) (VIRTIO_MMIO_CONFIG + (off))
/* VIRTIO_BLK_F_RO etc. as feature masks. */
#define BLK_FEATURES (VIRTIO_BIT(VIRTIO_BLK_F_RO) | VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) | \
		      VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) | \
		      VIRTIO_BIT(VIRTIO_BLK_F_DISCARD))
#define ETH_HDR_SIZE     14u
#define ETH_MIN_FRAME    60u
#define ETH_P_LOCAL_EXP1 0x88b5u   /* IEEE 802 local experimental ethertype */
/* The sector the final check writes on a writable disk, and its bytes. */
#define FINAL_WRITE_SECTOR 2u
#define FINAL_WRITE_BYTE   'V'
/* What crimes try to write on a disk; must never land. */
#define CRIME_WRITE_BYTE   'X'

static const char console_line[] = "virtio-hostile: virtio-console ok\n";

unsigned hostile_nr_queues(const struct vdrv_dev *d)
{
	return d->device_id == VIRTIO_ID_NET || d->device_id == VIRTIO_ID_CONSOLE ? 2 : 1;
}

unsigned hostile_main_queue(const struct vdrv_dev *d)
{
	if (d->device_id == VIRTIO_ID_NET)
		return VIRTIO_NET_TXQ;
	return d->device_id == VIRTIO_ID_CONSOLE ? 1 : 0;   /* port 0 transmitq */
}

uint64_t hostile_features(const struct vdrv_dev *d)
{
	uint64_t f = VIRTIO_BIT(VIRTIO_F_RING_INDIRECT_DESC);

	if (d->device_id == VIRTIO_ID_BLOCK)
		f |= BLK_FEATURES;
	if (d->device_id == VIRTIO_ID_NET)
		f |= VIRTIO_BIT(VIRTIO_NET_F_MAC);
	return f;
}

static void copy_to(uintptr_t dst, const char *s, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		vdrv_w8(dst + i, (uint8_t)s[i]);
}

/* ---- block requests ---- */

struct blk_req {
	uint32_t type;
	uint64_t sector;
	uint32_t hdr_len;            /* header bytes given; 16 = whole */
	bool split_header;           /* the header in two descriptors, 7 + 9 */
	uint32_t data_len;           /* 0 = no data descriptor */
	uint16_t data_flags;         /* VIRTQ_DESC_F_WRITE for reads */
	uint32_t data_off;           /* buffer offset in the slot */
	bool status_readonly;        /* the status byte device-readable */
};

static bool blk_readonly(const struct vdrv_dev *d)
{
	return d->offered & VIRTIO_BIT(VIRTIO_BLK_F_RO);
}

static uint64_t blk_capacity(const struct vdrv_dev *d)
{
	return vdrv_read(d, BLK_CFG_WORD(VIRTIO_BLK_CFG_CAPACITY)) |
	       (uint64_t)vdrv_read(d, BLK_CFG_WORD(VIRTIO_BLK_CFG_CAPACITY) + 4) << 32;
}

/* Write r's chain into `table` from index 0; returns the descriptor count. */
static unsigned blk_chain(struct vdrv_dev *d, uintptr_t table, const struct blk_req *r)
{
	uintptr_t hdr = hostile_buf(d, HB_HEADER), st = hostile_buf(d, HB_STATUS);
	unsigned i = 0;

	vdrv_w32(hdr, r->type);
	vdrv_w32(hdr + 4, 0);
	vdrv_w64(hdr + 8, r->sector);
	vdrv_w8(st, 0xff);
	if (r->split_header) {
		vdrv_desc_set(table, i, hdr, 7, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
		i++;
		vdrv_desc_set(table, i, hdr + 7, r->hdr_len - 7, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
	} else {
		vdrv_desc_set(table, i, hdr, r->hdr_len, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
	}
	i++;
	if (r->data_len) {
		vdrv_desc_set(table, i, hostile_buf(d, r->data_off), r->data_len,
			      r->data_flags | VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
		i++;
	}
	vdrv_desc_set(table, i, st, 1, r->status_readonly ? 0 : VIRTQ_DESC_F_WRITE, 0);
	return i + 1;
}

static enum vdrv_wait blk_do(struct vdrv_dev *d, const struct blk_req *r, uint8_t *status,
			     uint32_t *len, bool crime)
{
	enum vdrv_wait w;

	blk_chain(d, d->q[0].desc, r);
	w = crime ? hostile_commit(d, 0, len) : hostile_submit(d, 0, len);
	*status = vdrv_r8(hostile_buf(d, HB_STATUS));
	return w;
}

static const struct blk_req blk_read0 = {
	.type = VIRTIO_BLK_T_IN, .sector = 0, .hdr_len = VIRTIO_BLK_REQ_HDR_SIZE,
	.data_len = VIRTIO_BLK_SECTOR_SIZE, .data_flags = VIRTQ_DESC_F_WRITE,
	.data_off = HB_DATA,
};

/* A request that must not succeed: completed with a status other than OK,
 * or refused with DEVICE_NEEDS_RESET. `want` != 0xff: that exact status. */
static enum crime blk_must_fail(struct vdrv_dev *d, const struct blk_req *r, uint8_t want)
{
	uint8_t status;

	if (blk_do(d, r, &status, 0, true) != VDRV_USED)
		return CRIME_DONE;
	if (status == VIRTIO_BLK_S_OK || (want != 0xff && status != want)) {
		printf("%s: %s: request type %u sector 0x%llx completed with status %u\n",
		       guest_name, d->name, r->type, (unsigned long long)r->sector, status);
		return CRIME_FAILED;
	}
	return CRIME_DONE;
}

static enum crime blk_rw_must_fail(struct vdrv_dev *d, bool out, uint64_t sector, uint32_t len)
{
	struct blk_req r = blk_read0;

	if (out) {
		if (blk_readonly(d))
			return CRIME_NA;
		r.type = VIRTIO_BLK_T_OUT;
		r.data_flags = 0;
		vdrv_fill(hostile_buf(d, HB_DATA), CRIME_WRITE_BYTE, len);
	}
	r.sector = sector;
	r.data_len = len;
	return blk_must_fail(d, &r, 0xff);
}

static enum crime blk_write_read_only(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;
	uint8_t status;
	enum vdrv_wait w;

	if (!blk_readonly(d))
		return CRIME_NA;
	r.type = VIRTIO_BLK_T_OUT;
	r.data_flags = 0;
	vdrv_fill(hostile_buf(d, HB_DATA), CRIME_WRITE_BYTE, VIRTIO_BLK_SECTOR_SIZE);
	/* 5.2.6.2: IOERR, and no data written. */
	w = blk_do(d, &r, &status, 0, false);
	if (w == VDRV_USED && status == VIRTIO_BLK_S_IOERR)
		return CRIME_DONE;
	printf("%s: %s: write to the read-only disk: %s, status %u (want IOERR)\n", guest_name,
	       d->name, w == VDRV_USED ? "completed" : w == VDRV_NEEDS_RESET ?
	       "DEVICE_NEEDS_RESET" : "no answer", status);
	return CRIME_FAILED;
}

static enum crime blk_read_at_capacity(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, false, blk_capacity(d), VIRTIO_BLK_SECTOR_SIZE);
}
static enum crime blk_read_straddles_end(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, false, blk_capacity(d) - 1, 2 * VIRTIO_BLK_SECTOR_SIZE);
}
/* sector * 512 wraps to 0 in 64 bits. */
static enum crime blk_read_sector_2_55(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, false, 1ULL << 55, VIRTIO_BLK_SECTOR_SIZE);
}
static enum crime blk_read_sector_max(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, false, ~0ULL, VIRTIO_BLK_SECTOR_SIZE);
}
static enum crime blk_write_at_capacity(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, true, blk_capacity(d), VIRTIO_BLK_SECTOR_SIZE);
}
static enum crime blk_write_straddles_end(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, true, blk_capacity(d) - 1, 2 * VIRTIO_BLK_SECTOR_SIZE);
}
static enum crime blk_write_sector_2_55(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, true, 1ULL << 55, VIRTIO_BLK_SECTOR_SIZE);
}
static enum crime blk_read_partial_sector(struct vdrv_dev *d)
{
	return blk_rw_must_fail(d, false, 0, 100);
}

static enum crime blk_header_8_bytes(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;

	r.hdr_len = 8;
	return blk_must_fail(d, &r, 0xff);
}

static enum crime blk_unknown_type(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;

	r.type = 0xdeadbeefu;
	return blk_must_fail(d, &r, 0xff);
}

/* The status byte in a device-readable descriptor: nothing may be written
 * there (2.6.5: the device must not write read-only buffers). */
static enum crime blk_status_readonly(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;
	uint8_t status;

	r.data_len = 0;
	r.status_readonly = true;
	blk_do(d, &r, &status, 0, true);
	if (status != 0xff) {
		hostile_note(d, "the device wrote a status byte into a device-readable buffer");
		return CRIME_FAILED;
	}
	return CRIME_DONE;
}

/* A read whose data buffer is device-readable. */
static enum crime blk_read_into_readonly_buffer(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;
	uint8_t status;

	r.data_flags = 0;
	r.data_off = HB_SENTINEL;
	vdrv_fill(hostile_buf(d, HB_SENTINEL), HB_SENTINEL_BYTE, VIRTIO_BLK_SECTOR_SIZE);
	blk_do(d, &r, &status, 0, true);
	if (!vdrv_all(hostile_buf(d, HB_SENTINEL), HB_SENTINEL_BYTE, VIRTIO_BLK_SECTOR_SIZE)) {
		hostile_note(d, "the device read disk data into a device-readable buffer");
		return CRIME_FAILED;
	}
	return CRIME_DONE;
}

/* Not a crime: the header split 7 + 9 must work (2.6.4, framing). */
static enum crime blk_header_split(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;
	uint8_t status;
	enum vdrv_wait w;

	r.split_header = true;
	w = blk_do(d, &r, &status, 0, false);
	if (w == VDRV_USED && status == VIRTIO_BLK_S_OK)
		return CRIME_DONE;
	hostile_note(d, "a read with its header split over two descriptors failed");
	return CRIME_FAILED;
}

static enum crime blk_discard(struct vdrv_dev *d, uint64_t sector, uint32_t num)
{
	struct blk_req r = blk_read0;
	uintptr_t seg = hostile_buf(d, HB_DATA);

	if (blk_readonly(d) || !(d->accepted & VIRTIO_BIT(VIRTIO_BLK_F_DISCARD)))
		return CRIME_NA;
	r.type = VIRTIO_BLK_T_DISCARD;
	r.data_len = VIRTIO_BLK_DISCARD_SEG_SIZE;
	r.data_flags = 0;
	vdrv_w64(seg, sector);
	vdrv_w32(seg + 8, num);
	vdrv_w32(seg + 12, 0);
	return blk_must_fail(d, &r, 0xff);
}

static enum crime blk_discard_beyond_end(struct vdrv_dev *d)
{
	return blk_discard(d, blk_capacity(d), 8);
}
static enum crime blk_discard_4g_sectors(struct vdrv_dev *d) { return blk_discard(d, 0, 0xffffffffu); }

/* GET_ID into a 4 KiB buffer: at most 20 bytes come back. */
static enum crime blk_get_id_big_buffer(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;
	uint8_t status;
	uint32_t len = 0;

	r.type = VIRTIO_BLK_T_GET_ID;
	r.data_len = HB_DATA_SIZE;
	if (blk_do(d, &r, &status, &len, false) == VDRV_USED &&
	    len > VIRTIO_BLK_ID_BYTES + 1) {
		printf("%s: %s: GET_ID wrote %u bytes\n", guest_name, d->name, len);
		return CRIME_FAILED;
	}
	return CRIME_DONE;
}

/*
 * A read whose data lands on the queue's own descriptor table and avail
 * ring (16 sectors from the table's start): the device overwrites the
 * rings it is working from, then must cope with what it finds there.
 */
static enum crime blk_read_over_own_rings(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;
	uintptr_t t = d->q[0].desc;

	r.data_off = (uint32_t)(t - d->mem);
	r.data_len = VDRV_RING_USED - VDRV_RING_DESC;
	/* The chain itself lives in the indirect area, out of the way. */
	vdrv_desc_set(t, 0, hostile_buf(d, HB_INDIRECT),
		      blk_chain(d, hostile_buf(d, HB_INDIRECT), &r) * VIRTQ_DESC_SIZE,
		      VIRTQ_DESC_F_INDIRECT, 0);
	hostile_commit(d, 0, 0);
	return CRIME_DONE;
}

/* ---- other devices ---- */

/* An entropy request in a device-readable buffer: must stay untouched. */
static enum crime rng_readonly_buffer(struct vdrv_dev *d)
{
	uintptr_t t = d->q[0].desc, buf = hostile_buf(d, HB_SENTINEL);

	vdrv_fill(buf, HB_SENTINEL_BYTE, 64);
	vdrv_desc_set(t, 0, buf, 64, 0, 0);
	hostile_commit(d, 0, 0);
	if (!vdrv_all(buf, HB_SENTINEL_BYTE, 64)) {
		hostile_note(d, "the device wrote entropy into a device-readable buffer");
		return CRIME_FAILED;
	}
	return CRIME_DONE;
}

/* One descriptor on the transmit queue, readable or writable. */
static enum crime tx_one(struct vdrv_dev *d, uintptr_t buf, uint32_t len, uint16_t flags)
{
	vdrv_desc_set(d->q[hostile_main_queue(d)].desc, 0, buf, len, flags, 0);
	hostile_commit(d, 0, 0);
	return CRIME_DONE;
}

static enum crime net_tx_shorter_than_header(struct vdrv_dev *d)
{
	return tx_one(d, hostile_buf(d, HB_DATA), 8, 0);
}
static enum crime net_tx_writable(struct vdrv_dev *d)
{
	return tx_one(d, hostile_buf(d, HB_DATA), 128, VIRTQ_DESC_F_WRITE);
}
static enum crime net_tx_64k_frame(struct vdrv_dev *d)
{
	vdrv_fill(HB_BIG, 0xff, HB_BIG_SIZE);
	return tx_one(d, HB_BIG, HB_BIG_SIZE, 0);
}
static enum crime console_tx_writable(struct vdrv_dev *d)
{
	return tx_one(d, hostile_buf(d, HB_DATA), 16, VIRTQ_DESC_F_WRITE);
}

/* Receive buffers the device may not use: readable, and one byte. */
static enum crime rx_bad_buffers(struct vdrv_dev *d)
{
	uintptr_t t = d->q[0].desc;

	vdrv_desc_set(t, 0, hostile_buf(d, HB_SEGS), 64, 0, 0);
	vdrv_desc_set(t, 1, hostile_buf(d, HB_SEGS + 64), 1, VIRTQ_DESC_F_WRITE, 0);
	vdrv_publish(d, 0, 0);
	vdrv_publish(d, 0, 1);
	vdrv_notify(d, 0);
	vdrv_wait_used(d, 0, 0xffff, 0, HOSTILE_CRIME_MS);
	return CRIME_DONE;
}

const struct scenario hostile_dev_scenarios[] = {
	{ "blk-write-to-read-only-disk", DEV_MASK(VIRTIO_ID_BLOCK), blk_write_read_only },
	{ "blk-read-at-capacity", DEV_MASK(VIRTIO_ID_BLOCK), blk_read_at_capacity },
	{ "blk-read-straddles-end", DEV_MASK(VIRTIO_ID_BLOCK), blk_read_straddles_end },
	{ "blk-read-sector-2^55", DEV_MASK(VIRTIO_ID_BLOCK), blk_read_sector_2_55 },
	{ "blk-read-sector-2^64-1", DEV_MASK(VIRTIO_ID_BLOCK), blk_read_sector_max },
	{ "blk-read-100-bytes", DEV_MASK(VIRTIO_ID_BLOCK), blk_read_partial_sector },
	{ "blk-write-at-capacity", DEV_MASK(VIRTIO_ID_BLOCK), blk_write_at_capacity },
	{ "blk-write-straddles-end", DEV_MASK(VIRTIO_ID_BLOCK), blk_write_straddles_end },
	{ "blk-write-sector-2^55", DEV_MASK(VIRTIO_ID_BLOCK), blk_write_sector_2_55 },
	{ "blk-header-8-bytes", DEV_MASK(VIRTIO_ID_BLOCK), blk_header_8_bytes },
	{ "blk-unknown-request-type", DEV_MASK(VIRTIO_ID_BLOCK), blk_unknown_type },
	{ "blk-status-byte-read-only", DEV_MASK(VIRTIO_ID_BLOCK), blk_status_readonly },
	{ "blk-read-into-read-only-buffer", DEV_MASK(VIRTIO_ID_BLOCK), blk_read_into_readonly_buffer },
	{ "blk-header-split-7+9", DEV_MASK(VIRTIO_ID_BLOCK), blk_header_split },
	{ "blk-discard-beyond-end", DEV_MASK(VIRTIO_ID_BLOCK), blk_discard_beyond_end },
	{ "blk-discard-2^32-sectors", DEV_MASK(VIRTIO_ID_BLOCK), blk_discard_4g_sectors },
	{ "blk-get-id-4k-buffer", DEV_MASK(VIRTIO_ID_BLOCK), blk_get_id_big_buffer },
	{ "blk-read-over-its-own-rings", DEV_MASK(VIRTIO_ID_BLOCK), blk_read_over_own_rings },
	{ "rng-read-only-buffer", DEV_MASK(VIRTIO_ID_ENTROPY), rng_readonly_buffer },
	{ "net-tx-shorter-than-header", DEV_MASK(VIRTIO_ID_NET), net_tx_shorter_than_header },
	{ "net-tx-writable-buffer", DEV_MASK(VIRTIO_ID_NET), net_tx_writable },
	{ "net-tx-64k-frame", DEV_MASK(VIRTIO_ID_NET), net_tx_64k_frame },
	{ "net-rx-bad-buffers", DEV_MASK(VIRTIO_ID_NET), rx_bad_buffers },
	{ "console-tx-writable-buffer", DEV_MASK(VIRTIO_ID_CONSOLE), console_tx_writable },
	{ "console-rx-bad-buffers", DEV_MASK(VIRTIO_ID_CONSOLE), rx_bad_buffers },
};
const unsigned hostile_dev_scenario_count =
	sizeof(hostile_dev_scenarios) / sizeof(hostile_dev_scenarios[0]);

/* ---- valid requests ---- */

static uint32_t net_frame(struct vdrv_dev *d, uintptr_t p)
{
	static const char payload[] = "virtio-hostile";
	uint32_t len = VIRTIO_NET_HDR_SIZE + ETH_MIN_FRAME;

	vdrv_fill(p, 0, len);
	vdrv_fill(p + VIRTIO_NET_HDR_SIZE, 0xff, 6);              /* broadcast */
	for (unsigned i = 0; i < 6; i++)
		vdrv_w8(p + VIRTIO_NET_HDR_SIZE + 6 + i,
			mmio_read8(d->base + VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_MAC + i));
	vdrv_w8(p + VIRTIO_NET_HDR_SIZE + 12, ETH_P_LOCAL_EXP1 >> 8);
	vdrv_w8(p + VIRTIO_NET_HDR_SIZE + 13, ETH_P_LOCAL_EXP1 & 0xff);
	copy_to(p + VIRTIO_NET_HDR_SIZE + ETH_HDR_SIZE, payload, sizeof(payload) - 1);
	return len;
}

unsigned hostile_valid_chain(struct vdrv_dev *d, uintptr_t table)
{
	uintptr_t data = hostile_buf(d, HB_DATA);

	switch (d->device_id) {
	case VIRTIO_ID_BLOCK:
		return blk_chain(d, table, &blk_read0);
	case VIRTIO_ID_NET:
		vdrv_desc_set(table, 0, data, net_frame(d, data), 0, 0);
		return 1;
	case VIRTIO_ID_CONSOLE:
		copy_to(data, console_line, sizeof(console_line) - 1);
		vdrv_desc_set(table, 0, data, sizeof(console_line) - 1, 0, 0);
		return 1;
	default:   /* entropy, and anything that fills a buffer */
		vdrv_fill(data, 0, 64);
		vdrv_desc_set(table, 0, data, 64, VIRTQ_DESC_F_WRITE, 0);
		return 1;
	}
}

bool hostile_valid_result(struct vdrv_dev *d, uint32_t len)
{
	uint8_t status;

	switch (d->device_id) {
	case VIRTIO_ID_BLOCK:
		status = vdrv_r8(hostile_buf(d, HB_STATUS));
		if (status == VIRTIO_BLK_S_OK && len == VIRTIO_BLK_SECTOR_SIZE + 1)
			return true;
		printf("%s: %s: valid read: status %u, used length %u\n", guest_name, d->name,
		       status, len);
		return false;
	case VIRTIO_ID_ENTROPY:
		if (len >= 1 && len <= 64)
			return true;
		printf("%s: %s: valid entropy request: used length %u\n", guest_name, d->name, len);
		return false;
	default:
		return true;   /* transmit: coming back is all there is */
	}
}

/* ---- the end ---- */

static bool blk_final(struct vdrv_dev *d)
{
	struct blk_req r = blk_read0;
	uintptr_t data = hostile_buf(d, HB_DATA);
	uint8_t status;
	char start[17];

	if (blk_do(d, &r, &status, 0, false) != VDRV_USED || status != VIRTIO_BLK_S_OK)
		return false;
	for (unsigned i = 0; i < 16; i++) {
		uint8_t c = vdrv_r8(data + i);
		start[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	start[16] = 0;
	printf("%s: final: %s: %s, %llu sectors, sector 0 starts '%s'\n", guest_name, d->name,
	       blk_readonly(d) ? "read-only" : "writable",
	       (unsigned long long)blk_capacity(d), start);
	if (blk_readonly(d))
		return true;
	r.type = VIRTIO_BLK_T_OUT;
	r.sector = FINAL_WRITE_SECTOR;
	r.data_flags = 0;
	vdrv_fill(data, FINAL_WRITE_BYTE, VIRTIO_BLK_SECTOR_SIZE);
	if (blk_do(d, &r, &status, 0, false) != VDRV_USED || status != VIRTIO_BLK_S_OK)
		return false;
	r = blk_read0;
	r.sector = FINAL_WRITE_SECTOR;
	vdrv_fill(data, 0, VIRTIO_BLK_SECTOR_SIZE);
	if (blk_do(d, &r, &status, 0, false) != VDRV_USED || status != VIRTIO_BLK_S_OK ||
	    !vdrv_all(data, FINAL_WRITE_BYTE, VIRTIO_BLK_SECTOR_SIZE))
		return false;
	r.type = VIRTIO_BLK_T_FLUSH;
	r.data_len = 0;
	if ((d->accepted & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH)) &&
	    (blk_do(d, &r, &status, 0, false) != VDRV_USED || status != VIRTIO_BLK_S_OK))
		return false;
	printf("%s: final: %s: sector %u written with '%c' and read back\n", guest_name,
	       d->name, FINAL_WRITE_SECTOR, FINAL_WRITE_BYTE);
	return true;
}

bool hostile_final_check(struct vdrv_dev *d)
{
	uint32_t len = 0;
	bool ok;

	if (!hostile_init(d))
		return false;
	if (d->device_id == VIRTIO_ID_BLOCK) {
		ok = blk_final(d);
	} else {
		hostile_valid_chain(d, d->q[hostile_main_queue(d)].desc);
		ok = hostile_submit(d, 0, &len) == VDRV_USED && hostile_valid_result(d, len);
		if (ok && d->device_id == VIRTIO_ID_ENTROPY &&
		    vdrv_all(hostile_buf(d, HB_DATA), 0, len)) {
			hostile_note(d, "final: the entropy bytes are all zero");
			ok = false;
		}
		if (ok)
			printf("%s: final: %s: request completed (%u bytes written)\n", guest_name,
			       d->name, len);
	}
	if (!ok)
		printf("%s: final: %s: FAILED\n", guest_name, d->name);
	return ok;
}
