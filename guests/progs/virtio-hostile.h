/* SPDX-License-Identifier: MIT */
/*
 * virtio-hostile: a guest that drives every virtio-mmio device it finds
 * properly, then breaks the rules one scenario at a time. Shared between
 * virtio-hostile.c (runner, descriptor / chain / indirect / ring index
 * scenarios), virtio-hostile-transport.c (queue setup, features, status,
 * registers, config), virtio-hostile-dev.c (valid requests and
 * device-specific scenarios) and virtio-hostile-race.c (a racing second
 * CPU, overlapping rings).
 */
#ifndef GUEST_VIRTIO_HOSTILE_H
#define GUEST_VIRTIO_HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio_drv.h"

/* How long the device gets to answer a crime, and a valid request. */
#define HOSTILE_CRIME_MS 300
#define HOSTILE_VALID_MS 3000

/* Buffers in a device's DMA slot (offsets from vdrv_dev.mem). */
#define HB_INDIRECT   0x6000u    /* indirect tables, 8 KiB (512 entries) */
#define HB_INDIRECT2  0x7800u    /* a second, nested table */
#define HB_HEADER     0x8000u    /* request headers */
#define HB_STATUS     0x8040u    /* status bytes */
#define HB_DATA       0x9000u    /* 4 KiB */
#define HB_SENTINEL   0xa000u    /* 4 KiB the device must not write */
#define HB_SEGS       0xb000u    /* 16 KiB of small segments */
#define HB_DATA_SIZE  0x1000u
/* A large buffer shared by all devices, after the last slot. */
#define HB_BIG        (VDRV_DMA_BASE + VDRV_MAX_DEVICES * VDRV_DMA_SLOT)
#define HB_BIG_SIZE   0x10000u

/* Bytes the device must leave alone. */
#define HB_SENTINEL_BYTE 0x5a

/* What a scenario's crime function returns. */
enum crime {
	CRIME_DONE,       /* committed: check the device as it is now */
	CRIME_REFUSED,    /* the device refused the bad setting itself: check
			   * after a fresh initialisation */
	CRIME_FAILED,     /* the device did something wrong (reason printed) */
	CRIME_NA,         /* does not apply to this device */
};

struct scenario {
	const char *name;
	/* Device IDs it applies to, as a mask of 1 << VIRTIO_ID_*; 0 = all. */
	uint32_t devices;
	enum crime (*crime)(struct vdrv_dev *d);
};

/* Guest RAM [ram_base, ram_end). */
extern uint64_t ram_base, ram_end;

/* virtio-hostile-dev.c: per device type. */
unsigned hostile_nr_queues(const struct vdrv_dev *d);
/* The queue valid requests and ring crimes use. */
unsigned hostile_main_queue(const struct vdrv_dev *d);
uint64_t hostile_features(const struct vdrv_dev *d);
/*
 * Write a valid request for the device into descriptor table `table` from
 * index 0 (chained with NEXT); returns how many descriptors it used.
 */
unsigned hostile_valid_chain(struct vdrv_dev *d, uintptr_t table);
/* Whether the used length (and buffers) show the valid request worked;
 * prints why not. */
bool hostile_valid_result(struct vdrv_dev *d, uint32_t len);
/* Device-specific scenarios. */
extern const struct scenario hostile_dev_scenarios[];
extern const unsigned hostile_dev_scenario_count;
/* virtio-hostile-transport.c: queue setup, features, status, registers,
 * config. */
extern const struct scenario hostile_transport_scenarios[];
extern const unsigned hostile_transport_scenario_count;
/* virtio-hostile-race.c: a second CPU rewriting descriptors, overlapping
 * rings. */
extern const struct scenario hostile_race_scenarios[];
extern const unsigned hostile_race_scenario_count;
/* The end-of-run proof that guest and devices are alive; false = failed. */
bool hostile_final_check(struct vdrv_dev *d);

/* virtio-hostile.c: helpers for crimes. */
/* Fresh handshake with every queue (false = failed, reason printed). */
bool hostile_init(struct vdrv_dev *d);
/* Publish head on the main queue, notify, wait HOSTILE_CRIME_MS. */
enum vdrv_wait hostile_commit(struct vdrv_dev *d, uint16_t head, uint32_t *len);
/* Publish head on the main queue, notify, wait HOSTILE_VALID_MS. */
enum vdrv_wait hostile_submit(struct vdrv_dev *d, uint16_t head, uint32_t *len);
/* Print "<guest>: <device>: <msg>" lines. */
void hostile_note(const struct vdrv_dev *d, const char *msg);
uintptr_t hostile_buf(const struct vdrv_dev *d, uint32_t off);

#endif
