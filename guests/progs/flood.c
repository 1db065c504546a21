/* SPDX-License-Identifier: MIT */
/*
 * A guest that makes its hypervisor print as much as a guest can (issue 14
 * defect 1): bad test-device accesses re-armed by LOG_RESET, a boot mark
 * per write, and bad virtio-blk requests re-armed by device resets; then it
 * keeps its disk's queue busy with reads. The host must print a bounded
 * number of lines (its per-VM budget, then one "N more suppressed" line),
 * and a neighbour partition must keep running meanwhile (tests/suites/el2.sh).
 */
#include "guest.h"
#include "machine/memmap.h"
#include "virtio_drv.h"
#include "dev/virtio_blk.h"

const char guest_name[] = "flood";

#define FLOOD_ROUNDS   1000     /* of each kind of message */
#define HAMMER_READS   2000     /* disk reads after the flood */
#define WAIT_MS        1000

#define TESTDEV_BAD_OFFSET  0xf00   /* no register there */
#define TESTDEV_LOG_RESET   0x808

static void w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* One request on queue 0: header, 512-byte data, status. */
static enum vdrv_wait blk_read(struct vdrv_dev *d, uint64_t sector, uint8_t *status)
{
	uintptr_t hdr = d->mem + VDRV_BUF_OFFSET, data = hdr + 0x100, st = hdr + 0x80;
	uint32_t len;

	vdrv_w32(hdr, VIRTIO_BLK_T_IN);
	vdrv_w32(hdr + 4, 0);
	vdrv_w64(hdr + 8, sector);
	vdrv_w8(st, 0xff);
	vdrv_desc_set(d->q[0].desc, 0, hdr, VIRTIO_BLK_REQ_HDR_SIZE, VIRTQ_DESC_F_NEXT, 1);
	vdrv_desc_set(d->q[0].desc, 1, data, VIRTIO_BLK_SECTOR_SIZE,
		      VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	vdrv_desc_set(d->q[0].desc, 2, st, 1, VIRTQ_DESC_F_WRITE, 0);
	vdrv_publish(d, 0, 0);
	vdrv_notify(d, 0);
	enum vdrv_wait w = vdrv_wait_used(d, 0, 0, &len, WAIT_MS);
	*status = vdrv_r8(st);
	return w;
}

static void flood_disk(struct vdrv_dev *d)
{
	uint64_t cap = vdrv_read(d, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY) |
		       (uint64_t)vdrv_read(d, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4) << 32;
	unsigned ok = 0;
	uint8_t status;

	/* Each round resets the device (which refills its own message
	 * budget) and sends two requests beyond the end of the disk. */
	for (unsigned r = 0; r < FLOOD_ROUNDS / 10; r++) {
		if (vdrv_init(d, 0, 1, true)) {
			printf("flood: %s: initialisation failed\n", d->name);
			return;
		}
		for (unsigned i = 0; i < 2; i++)
			blk_read(d, cap + 8, &status);
	}
	for (unsigned i = 0; i < HAMMER_READS; i++)
		if (blk_read(d, cap >= 8 ? i & 7 : 0, &status) == VDRV_USED &&
		    status == VIRTIO_BLK_S_OK)
			ok++;
	printf("flood: %s: %u of %u reads ok\n", d->name, ok, HAMMER_READS);
}

void guest_main(void)
{
	struct vdrv_dev devs[VDRV_MAX_DEVICES];

	for (unsigned i = 0; i < FLOOD_ROUNDS; i++) {
		w32(VIRT_ARMVM_TESTDEV_BASE + TESTDEV_BAD_OFFSET, i);
		w32(VIRT_ARMVM_TESTDEV_BASE + TESTDEV_LOG_RESET, 0);
	}
	for (unsigned i = 0; i < FLOOD_ROUNDS; i++)
		w32(VIRT_ARMVM_BOOTMARK_BASE, i);
	unsigned n = vdrv_discover(devs, VDRV_MAX_DEVICES);
	for (unsigned i = 0; i < n; i++)
		if (devs[i].device_id == VIRTIO_ID_BLOCK)
			flood_disk(&devs[i]);
}
