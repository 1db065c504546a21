/* SPDX-License-Identifier: MIT */
/*
 * Emulated GICv3 ITS: registers and command queue (see vgic_its.h for the
 * model and what a misbehaving guest gets). Command formats: IHI 0069
 * 5.3 (DeviceID in DW0[63:32], EventID DW1[31:0], pINTID DW1[63:32],
 * ICID DW2[15:0], RDbase DW2[50:16], MAPD Size DW1[4:0], V DW2[63]).
 */
#include "el2/vgic_its.h"

#include "arch/gic_regs.h"

#define CMD_TYPE(c)     ((uint8_t)((c)[0] & 0xFF))
#define CMD_DEVID(c)    ((uint32_t)((c)[0] >> 32))
#define CMD_EVENTID(c)  ((uint32_t)(c)[1])
#define CMD_PINTID(c)   ((uint32_t)((c)[1] >> 32))
#define CMD_SIZE(c)     ((unsigned)((c)[1] & 0x1F))
#define CMD_ICID(c)     ((uint16_t)((c)[2] & 0xFFFF))
#define CMD_RDBASE(c)   (((c)[2] >> 16) & 0x7FFFFFFFFull)
#define CMD_RDBASE2(c)  (((c)[3] >> 16) & 0x7FFFFFFFFull)
#define CMD_VALID(c)    (((c)[2] >> 63) & 1)

/* Writable bits of CBASER and BASER<n>: Valid, InnerCache, OuterCache,
 * address, Shareability, Size. Type, Entry_Size, Page_Size are fixed. */
#define BASER_WRITABLE  (GITS_BASER_VALID | 0x3800000000000000ull | \
			 0x00E0000000000000ull | GITS_BASER_ADDR_MASK | \
			 0xC00ull | GITS_BASER_SIZE_MASK)

static uint64_t baser_fixed(unsigned n)
{
	uint64_t type = n == 0 ? GITS_BASER_TYPE_DEVICE : GITS_BASER_TYPE_COLLECTION;

	return type << GITS_BASER_TYPE_SHIFT |
	       (uint64_t)(VGIC_ITS_TABLE_ENTRY_SIZE - 1) << GITS_BASER_ENTRY_SIZE_SHIFT |
	       GITS_BASER_PAGE_SIZE_64K;
}

int vgic_its_init(struct vgic_its *its, unsigned nr_vcpus, const struct vgic_its_ops *ops)
{
	if (!its || !ops || !ops->read_guest || !ops->lpi || nr_vcpus == 0)
		return -1;
	*its = (struct vgic_its){ .ops = *ops, .nr_vcpus = nr_vcpus };
	its->baser[0] = baser_fixed(0);
	its->baser[1] = baser_fixed(1);
	return 0;
}

static uint64_t its_typer(void)
{
	return GITS_TYPER_PLPIS |
	       (uint64_t)(VGIC_ITS_ITT_ENTRY_SIZE - 1) << GITS_TYPER_ITT_ENTRY_SIZE_SHIFT |
	       (uint64_t)(VGIC_ITS_EVENTID_BITS - 1) << GITS_TYPER_IDBITS_SHIFT |
	       (uint64_t)(VGIC_ITS_DEVID_BITS - 1) << GITS_TYPER_DEVBITS_SHIFT |
	       (uint64_t)(VGIC_ITS_ICID_BITS - 1) << GITS_TYPER_CIDBITS_SHIFT |
	       GITS_TYPER_CIL;      /* PTA = 0: targets are vCPU numbers */
}

/* Bytes of the command queue (CBASER.Size + 1 4 KiB pages). */
static uint64_t queue_bytes(const struct vgic_its *its)
{
	return ((its->cbaser & GITS_BASER_SIZE_MASK) + 1) * GITS_CBASER_PAGE_SIZE;
}

static struct vgic_its_device *find_device(struct vgic_its *its, uint32_t devid)
{
	for (unsigned i = 0; i < VGIC_ITS_MAX_DEVICES; i++)
		if (its->devices[i].valid && its->devices[i].devid == devid)
			return &its->devices[i];
	return NULL;
}

static struct vgic_its_ite *find_ite(struct vgic_its *its, const struct vgic_its_device *dev,
				     uint32_t eventid)
{
	unsigned d = (unsigned)(dev - its->devices);

	for (unsigned i = 0; i < VGIC_ITS_MAX_ITES; i++)
		if (its->ites[i].valid && its->ites[i].device == d &&
		    its->ites[i].eventid == eventid)
			return &its->ites[i];
	return NULL;
}

/* vCPU of a mapped collection, or -1. */
static int coll_vcpu(const struct vgic_its *its, uint16_t icid)
{
	if (icid >= VGIC_ITS_NR_COLLECTIONS || !its->coll_target[icid])
		return -1;
	return its->coll_target[icid] - 1;
}

/* The ITE a DeviceID/EventID pair names, with its checks. */
static enum vgic_its_error lookup(struct vgic_its *its, const uint64_t cmd[4],
				  struct vgic_its_ite **ite)
{
	struct vgic_its_device *dev = find_device(its, CMD_DEVID(cmd));

	if (!dev)
		return VGIC_ITS_E_DEVID;
	if (CMD_EVENTID(cmd) >= 1u << dev->eventid_bits)
		return VGIC_ITS_E_EVENTID;
	*ite = find_ite(its, dev, CMD_EVENTID(cmd));
	return *ite ? VGIC_ITS_OK : VGIC_ITS_E_EVENTID;
}

static void drop_device_ites(struct vgic_its *its, unsigned d)
{
	for (unsigned i = 0; i < VGIC_ITS_MAX_ITES; i++)
		if (its->ites[i].valid && its->ites[i].device == d)
			its->ites[i].valid = false;
}

static enum vgic_its_error cmd_mapd(struct vgic_its *its, const uint64_t cmd[4])
{
	uint32_t devid = CMD_DEVID(cmd);
	struct vgic_its_device *dev = find_device(its, devid);

	if (devid >= 1u << VGIC_ITS_DEVID_BITS)
		return VGIC_ITS_E_DEVID;
	if (CMD_SIZE(cmd) + 1 > VGIC_ITS_EVENTID_BITS)
		return VGIC_ITS_E_EVENTID;
	/* A new ITT (or none) leaves nothing of the old mapping. */
	if (dev) {
		drop_device_ites(its, (unsigned)(dev - its->devices));
		dev->valid = false;
	}
	if (!CMD_VALID(cmd))
		return VGIC_ITS_OK;
	for (unsigned i = 0; i < VGIC_ITS_MAX_DEVICES; i++) {
		if (!its->devices[i].valid) {
			its->devices[i] = (struct vgic_its_device){
				.devid = devid, .eventid_bits = (uint8_t)(CMD_SIZE(cmd) + 1),
				.valid = true };
			return VGIC_ITS_OK;
		}
	}
	return VGIC_ITS_E_FULL;
}

static enum vgic_its_error cmd_mapc(struct vgic_its *its, const uint64_t cmd[4])
{
	uint16_t icid = CMD_ICID(cmd);

	if (icid >= VGIC_ITS_NR_COLLECTIONS)
		return VGIC_ITS_E_ICID;
	if (!CMD_VALID(cmd)) {
		its->coll_target[icid] = 0;
		return VGIC_ITS_OK;
	}
	if (CMD_RDBASE(cmd) >= its->nr_vcpus)
		return VGIC_ITS_E_TARGET;
	its->coll_target[icid] = (uint16_t)(CMD_RDBASE(cmd) + 1);
	return VGIC_ITS_OK;
}

static enum vgic_its_error cmd_mapti(struct vgic_its *its, const uint64_t cmd[4],
				     uint32_t intid)
{
	struct vgic_its_device *dev = find_device(its, CMD_DEVID(cmd));
	uint32_t eventid = CMD_EVENTID(cmd);

	if (!dev)
		return VGIC_ITS_E_DEVID;
	if (eventid >= 1u << dev->eventid_bits)
		return VGIC_ITS_E_EVENTID;
	if (CMD_ICID(cmd) >= VGIC_ITS_NR_COLLECTIONS)
		return VGIC_ITS_E_ICID;
	if (intid < GIC_LPI_INTID_BASE || intid >= 1u << VGIC_ITS_LPI_ID_BITS)
		return VGIC_ITS_E_INTID;
	if (find_ite(its, dev, eventid))
		return VGIC_ITS_E_MAPPED;
	for (unsigned i = 0; i < VGIC_ITS_MAX_ITES; i++) {
		if (!its->ites[i].valid) {
			its->ites[i] = (struct vgic_its_ite){
				.intid = intid, .eventid = eventid, .icid = CMD_ICID(cmd),
				.device = (uint8_t)(dev - its->devices), .valid = true };
			return VGIC_ITS_OK;
		}
	}
	return VGIC_ITS_E_FULL;
}

/* INT, CLEAR, DISCARD, INV: an event's LPI on its collection's vCPU. */
static enum vgic_its_error cmd_event(struct vgic_its *its, const uint64_t cmd[4],
				     enum vgic_its_lpi_op op, bool discard)
{
	struct vgic_its_ite *ite;
	enum vgic_its_error e = lookup(its, cmd, &ite);
	int vcpu;

	if (e != VGIC_ITS_OK)
		return e;
	vcpu = coll_vcpu(its, ite->icid);
	if (vcpu < 0)
		return VGIC_ITS_E_ICID;
	its->ops.lpi(its->ops.ctx, op, ite->intid, (unsigned)vcpu, (unsigned)vcpu);
	if (discard)
		ite->valid = false;
	return VGIC_ITS_OK;
}

static enum vgic_its_error cmd_invall(struct vgic_its *its, const uint64_t cmd[4])
{
	int vcpu = coll_vcpu(its, CMD_ICID(cmd));

	if (vcpu < 0)
		return VGIC_ITS_E_ICID;
	for (unsigned i = 0; i < VGIC_ITS_MAX_ITES; i++)
		if (its->ites[i].valid && its->ites[i].icid == CMD_ICID(cmd))
			its->ops.lpi(its->ops.ctx, VGIC_ITS_LPI_INV, its->ites[i].intid,
				     (unsigned)vcpu, (unsigned)vcpu);
	return VGIC_ITS_OK;
}

static enum vgic_its_error cmd_movi(struct vgic_its *its, const uint64_t cmd[4])
{
	struct vgic_its_ite *ite;
	enum vgic_its_error e = lookup(its, cmd, &ite);
	int from, to;

	if (e != VGIC_ITS_OK)
		return e;
	from = coll_vcpu(its, ite->icid);
	to = coll_vcpu(its, CMD_ICID(cmd));
	if (from < 0 || to < 0)
		return VGIC_ITS_E_ICID;
	ite->icid = CMD_ICID(cmd);
	if (from != to)
		its->ops.lpi(its->ops.ctx, VGIC_ITS_LPI_MOVE, ite->intid,
			     (unsigned)from, (unsigned)to);
	return VGIC_ITS_OK;
}

/* MOVALL: every pending LPI of RDbase1 to RDbase2; mappings stay. */
static enum vgic_its_error cmd_movall(struct vgic_its *its, const uint64_t cmd[4])
{
	uint64_t from = CMD_RDBASE(cmd), to = CMD_RDBASE2(cmd);

	if (from >= its->nr_vcpus || to >= its->nr_vcpus)
		return VGIC_ITS_E_TARGET;
	if (from == to)
		return VGIC_ITS_OK;
	for (unsigned i = 0; i < VGIC_ITS_MAX_ITES; i++)
		if (its->ites[i].valid)
			its->ops.lpi(its->ops.ctx, VGIC_ITS_LPI_MOVE, its->ites[i].intid,
				     (unsigned)from, (unsigned)to);
	return VGIC_ITS_OK;
}

enum vgic_its_error vgic_its_command(struct vgic_its *its, const uint64_t cmd[4])
{
	enum vgic_its_error e;

	switch (CMD_TYPE(cmd)) {
	case GITS_CMD_MAPD:    e = cmd_mapd(its, cmd); break;
	case GITS_CMD_MAPC:    e = cmd_mapc(its, cmd); break;
	case GITS_CMD_MAPTI:   e = cmd_mapti(its, cmd, CMD_PINTID(cmd)); break;
	case GITS_CMD_MAPI:    e = cmd_mapti(its, cmd, CMD_EVENTID(cmd)); break;
	case GITS_CMD_INT:     e = cmd_event(its, cmd, VGIC_ITS_LPI_SET_PENDING, false); break;
	case GITS_CMD_CLEAR:   e = cmd_event(its, cmd, VGIC_ITS_LPI_CLEAR_PENDING, false); break;
	case GITS_CMD_DISCARD: e = cmd_event(its, cmd, VGIC_ITS_LPI_CLEAR_PENDING, true); break;
	case GITS_CMD_INV:     e = cmd_event(its, cmd, VGIC_ITS_LPI_INV, false); break;
	case GITS_CMD_INVALL:  e = cmd_invall(its, cmd); break;
	case GITS_CMD_MOVI:    e = cmd_movi(its, cmd); break;
	case GITS_CMD_MOVALL:  e = cmd_movall(its, cmd); break;
	case GITS_CMD_SYNC:
		/* Every effect above is complete when its command returns;
		 * only the target is checked. */
		e = CMD_RDBASE(cmd) < its->nr_vcpus ? VGIC_ITS_OK : VGIC_ITS_E_TARGET;
		break;
	default:               e = VGIC_ITS_E_UNKNOWN_CMD; break;
	}
	if (e != VGIC_ITS_OK) {
		its->errors++;
		its->last_error = e;
		its->last_error_cmd = CMD_TYPE(cmd);
	}
	return e;
}

/* Run the queue from CREADR to CWRITER (IHI 0069 5.2). */
static void process_queue(struct vgic_its *its)
{
	uint64_t size = queue_bytes(its);
	uint64_t base = its->cbaser & GITS_BASER_ADDR_MASK;
	unsigned budget = (unsigned)(size / GITS_CMD_SIZE);   /* one lap at most */

	if (!(its->ctlr & GITS_CTLR_ENABLED) || !(its->cbaser & GITS_BASER_VALID))
		return;
	while (its->creadr != its->cwriter && budget--) {
		uint8_t raw[GITS_CMD_SIZE];
		uint64_t cmd[4];

		if (its->ops.read_guest(its->ops.ctx, base + its->creadr, raw, sizeof(raw))) {
			its->errors++;
			its->last_error = VGIC_ITS_E_QUEUE_READ;
			its->last_error_cmd = 0;
			its->creadr = its->cwriter;
			return;
		}
		for (unsigned i = 0; i < 4; i++) {     /* commands are little-endian */
			cmd[i] = 0;
			for (unsigned b = 0; b < 8; b++)
				cmd[i] |= (uint64_t)raw[i * 8 + b] << (8 * b);
		}
		vgic_its_command(its, cmd);
		its->creadr = (its->creadr + GITS_CMD_SIZE) % size;
	}
}

void vgic_its_translate(struct vgic_its *its, uint32_t devid, uint32_t eventid)
{
	uint64_t cmd[4] = { GITS_CMD_INT | (uint64_t)devid << 32, eventid, 0, 0 };

	if (!(its->ctlr & GITS_CTLR_ENABLED)) {
		its->errors++;
		return;
	}
	vgic_its_command(its, cmd);
}

static uint64_t read64(struct vgic_its *its, uint64_t reg)
{
	switch (reg) {
	case GITS_CTLR:    /* with GITS_IIDR in the upper half */
		return (uint64_t)GIC_IIDR_IMPLEMENTER_ARM << 32 | its->ctlr | GITS_CTLR_QUIESCENT;
	case GITS_TYPER:   return its_typer();
	case GITS_CBASER:  return its->cbaser;
	case GITS_CWRITER: return its->cwriter;
	case GITS_CREADR:  return its->creadr;
	case GITS_BASER:   return its->baser[0];
	case GITS_BASER + 8: return its->baser[1];
	case GITS_PIDR2 & ~7ull:
		return (uint64_t)(GIC_PIDR2_ARCHREV_GICV3 << GIC_PIDR2_ARCHREV_SHIFT |
				  GIC_PIDR2_JEP106_BITS) << 32;
	default:           return 0;
	}
}

uint64_t vgic_its_read(struct vgic_its *its, uint64_t offset, unsigned size)
{
	uint64_t v;

	if ((size != 4 && size != 8) || (offset & (size - 1)) || offset >= GITS_FRAME_SIZE)
		return 0;
	v = read64(its, offset & ~7ull);
	if (size == 8)
		return v;
	return (uint32_t)(v >> ((offset & 4) * 8));
}

/* Merge a 32-bit write into one half of a 64-bit register. */
static uint64_t merge(uint64_t old, uint64_t offset, unsigned size, uint64_t value)
{
	unsigned shift;

	if (size == 8)
		return value;
	shift = (unsigned)(offset & 4) * 8;
	return (old & ~(0xFFFFFFFFull << shift)) | (value & 0xFFFFFFFFull) << shift;
}

void vgic_its_write(struct vgic_its *its, uint64_t offset, unsigned size, uint64_t value)
{
	uint64_t reg = offset & ~7ull;

	if ((size != 4 && size != 8) || (offset & (size - 1)) || offset >= GITS_FRAME_SIZE)
		return;
	if (offset == GITS_TRANSLATER) {
		/* A write from a vCPU: its DeviceID is 0 (IMPLEMENTATION DEFINED). */
		vgic_its_translate(its, 0, (uint32_t)value);
		return;
	}
	switch (reg) {
	case GITS_CTLR:
		if (offset & 4)
			return;                          /* IIDR: read-only */
		its->ctlr = (uint32_t)value & GITS_CTLR_ENABLED;
		process_queue(its);
		break;
	case GITS_CBASER:
		/* Writes while enabled are UNPREDICTABLE: ignored. A new
		 * queue starts empty (IHI 0069 12.19.3: CREADR resets). */
		if (its->ctlr & GITS_CTLR_ENABLED)
			return;
		its->cbaser = merge(its->cbaser, offset, size, value) & BASER_WRITABLE &
			      ~GITS_BASER_INDIRECT;
		its->creadr = 0;
		break;
	case GITS_CWRITER: {
		uint64_t w = merge(its->cwriter, offset, size, value) & GITS_CWRITER_OFFSET_MASK;

		if (w >= queue_bytes(its)) {
			its->errors++;
			return;
		}
		its->cwriter = w;
		process_queue(its);
		break;
	}
	case GITS_BASER:
	case GITS_BASER + 8: {
		unsigned n = (unsigned)((reg - GITS_BASER) / 8);

		if (its->ctlr & GITS_CTLR_ENABLED)
			return;
		its->baser[n] = (merge(its->baser[n], offset, size, value) & BASER_WRITABLE &
				 ~GITS_BASER_INDIRECT) | baser_fixed(n);
		break;
	}
	default:
		break;         /* TYPER, CREADR, IIDR, other BASERs: read-only / WI */
	}
}
