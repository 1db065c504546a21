/* SPDX-License-Identifier: MIT */
/*
 * Emulated GICv3 ITS for bare-metal partitions (IHI 0069 chapters 5 and
 * 12.19): the register frame a guest programs (GITS_CTLR, IIDR, TYPER,
 * CBASER, CWRITER, CREADR, BASER<n>, TRANSLATER) and the command queue,
 * processed synchronously on each CWRITER write (and when the ITS is
 * enabled with commands already queued).
 *
 * Device, interrupt-translation and collection tables live here, in
 * hypervisor memory (fixed arrays, no malloc): the guest's BASER tables
 * are accepted but never read or written. Only the command queue is read
 * from guest memory, through read_guest(), which fails for anything
 * outside the partition's RAM.
 *
 * What an LPI becomes is the caller's business: the ITS reports it
 * through `lpi` (set pending, clear pending, re-read configuration,
 * move to another vCPU), with a vCPU index from the collection.
 *
 * A misbehaving guest (IHI 0069 5.3.1 lets an implementation ignore a
 * command with an error, GITS_TYPER.SEIS = 0 reports none):
 *   - a command with an out-of-range DeviceID, EventID, ICID, pINTID or
 *     target, on an unmapped device/collection/event, or of unknown type
 *     is ignored; the queue moves on and `errors` counts it (last_error
 *     says which command);
 *   - a command that cannot be read (queue outside RAM) ends processing:
 *     CREADR jumps to CWRITER, the rest is dropped, `errors` counts it;
 *   - a CWRITER beyond the queue's size is ignored (IHI 0069: UNPREDICTABLE);
 *   - more mappings than the tables hold: the command is ignored.
 * Nothing a guest writes reaches memory outside this structure.
 *
 * Not a lock of its own: the caller serialises calls per ITS (the vgic
 * distributor lock).
 */
#ifndef ARMVM_EL2_VGIC_ITS_H
#define ARMVM_EL2_VGIC_ITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Emulated sizes (advertised in GITS_TYPER / used for range checks). */
#define VGIC_ITS_DEVID_BITS    16
#define VGIC_ITS_EVENTID_BITS  16
#define VGIC_ITS_ICID_BITS     4
#define VGIC_ITS_NR_COLLECTIONS (1u << VGIC_ITS_ICID_BITS)
#define VGIC_ITS_MAX_DEVICES   16          /* mapped at once */
#define VGIC_ITS_MAX_ITES      256         /* mapped events, all devices */
#define VGIC_ITS_LPI_ID_BITS   14          /* LPI INTIDs 8192..16383 (vgic_lpi.h) */
#define VGIC_ITS_ITT_ENTRY_SIZE 8
#define VGIC_ITS_TABLE_ENTRY_SIZE 8        /* BASER Entry_Size */

/* Why the last ignored command was ignored (struct vgic_its.last_error). */
enum vgic_its_error {
	VGIC_ITS_OK = 0,
	VGIC_ITS_E_UNKNOWN_CMD,
	VGIC_ITS_E_DEVID,            /* out of range or not mapped */
	VGIC_ITS_E_EVENTID,          /* beyond the device's ITT size, or unmapped */
	VGIC_ITS_E_ICID,             /* out of range or not mapped */
	VGIC_ITS_E_INTID,            /* pINTID not an implemented LPI */
	VGIC_ITS_E_TARGET,           /* RDbase names no vCPU */
	VGIC_ITS_E_FULL,             /* device or ITE table full */
	VGIC_ITS_E_MAPPED,           /* EventID already mapped */
	VGIC_ITS_E_QUEUE_READ,       /* command outside the partition's RAM */
};

enum vgic_its_lpi_op {
	VGIC_ITS_LPI_SET_PENDING,    /* INT, or a translated MSI */
	VGIC_ITS_LPI_CLEAR_PENDING,  /* CLEAR, DISCARD */
	VGIC_ITS_LPI_INV,            /* INV/INVALL: re-read its configuration */
	VGIC_ITS_LPI_MOVE,           /* MOVI/MOVALL: pending state to `to_vcpu` */
};

struct vgic_its_ops {
	/* Copy len bytes of guest physical memory at ipa; 0, or -1 when any
	 * of it is outside the partition's RAM. */
	int (*read_guest)(void *ctx, uint64_t ipa, void *buf, size_t len);
	/* An LPI event for `intid` on vCPU `vcpu` (to_vcpu: MOVE only). */
	void (*lpi)(void *ctx, enum vgic_its_lpi_op op, uint32_t intid,
		    unsigned vcpu, unsigned to_vcpu);
	void *ctx;
};

struct vgic_its_device {
	uint32_t devid;
	uint8_t eventid_bits;        /* MAPD Size + 1 */
	bool valid;
};

struct vgic_its_ite {
	uint32_t intid;              /* LPI INTID */
	uint32_t eventid;
	uint16_t icid;
	uint8_t device;              /* index in devices[] */
	bool valid;
};

struct vgic_its {
	struct vgic_its_ops ops;
	unsigned nr_vcpus;           /* collections target vCPUs 0..nr_vcpus-1 */
	uint32_t ctlr;               /* GITS_CTLR.Enabled */
	uint64_t cbaser, cwriter, creadr;
	uint64_t baser[2];           /* device, collection; the rest RAZ/WI */
	uint16_t coll_target[VGIC_ITS_NR_COLLECTIONS];   /* vCPU + 1, 0 unmapped */
	struct vgic_its_device devices[VGIC_ITS_MAX_DEVICES];
	struct vgic_its_ite ites[VGIC_ITS_MAX_ITES];
	/* Diagnostics: commands ignored, and why the last one was. */
	unsigned errors;
	enum vgic_its_error last_error;
	uint8_t last_error_cmd;
};

/* Reset to the state after power-on: disabled, nothing mapped. Returns 0,
 * or -1 for 0 vCPUs or missing read_guest/lpi. */
int vgic_its_init(struct vgic_its *its, unsigned nr_vcpus, const struct vgic_its_ops *ops);

/* MMIO within the ITS's two frames (offset from its base, size 4 or 8).
 * Anything else reads as zero and is ignored on write. */
uint64_t vgic_its_read(struct vgic_its *its, uint64_t offset, unsigned size);
void vgic_its_write(struct vgic_its *its, uint64_t offset, unsigned size, uint64_t value);

/* A message-signalled interrupt: EventID from device DeviceID. Ignored
 * (counted as an error) when untranslatable or the ITS is disabled. */
void vgic_its_translate(struct vgic_its *its, uint32_t devid, uint32_t eventid);

/* Process one 32-byte command (four little-endian doublewords). Exposed
 * for tests; the queue walker calls it. Returns VGIC_ITS_OK or why the
 * command was ignored. */
enum vgic_its_error vgic_its_command(struct vgic_its *its, const uint64_t cmd[4]);

#endif
