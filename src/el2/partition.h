/* SPDX-License-Identifier: MIT */
/*
 * A partition: one guest with its own RAM (a fixed physical range mapped at
 * IPA ram_ipa by its stage-2 tables, VMID = index + 1), its vCPUs
 * pinned to physical CPUs, its virtual GIC and its emulated devices. Built
 * once at boot from the static table (partition_config.h).
 *
 * partition.c builds it from parts: partition_stage2.c (translation),
 * partition_vgic.c (virtual GIC), partition_devices.c (devices and MMIO
 * regions), partition_boot.c (guest image), passthrough.c (devices it
 * owns), channel.c (channels to other partitions); partition_state.c is
 * its stop/reset state machine, partition_console.c its console input.
 */
#ifndef EL2_PARTITION_H
#define EL2_PARTITION_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/dev_log.h"
#include "dev/dev_mmio.h"
#include "dev/dev_registry.h"
#include "dev/virtio_blk_ram.h"
#include "el2/console.h"
#include "el2/partition_config.h"
#include "el2/spinlock.h"
#include "el2/stage2.h"
#include "el2/vcpu.h"
#include "el2/vgic.h"
#include "el2/vgic_lpi.h"
#include "machine/loader.h"

/* Enough for the worst case el2-build accepts: the root, level-2 tables
 * for RAM (at most 3, it lies in 1-4 GiB) and for the devices below 1 GiB
 * (1), level-3 tables for the unaligned ends of 4 passthrough ranges (2
 * each) and for the channels' 2 MiB block (1): 14. */
#define PARTITION_S2_TABLES   16
/* The vGIC's two regions and every device a board can hold (the 32
 * virtio-mmio transport places, absent ones included). */
#define PARTITION_MAX_REGIONS (3 + BOARD_MAX_DEVS + EL2_MAX_CHANNELS)
#define PARTITION_MAX_DEVS    BOARD_MAX_DEVS   /* beside the vGIC's three (GICD, GICR, ITS) and the doorbells */
#define PARTITION_NR_SPIS     EL2_PARTITION_NR_SPIS  /* covers VIRT_SPI_TESTDEV (48) */

enum partition_state {
	PARTITION_UNUSED = 0,
	PARTITION_RUNNING,
	PARTITION_STOPPING,      /* vCPUs are being taken down */
	PARTITION_STOPPED,
	PARTITION_RESETTING,     /* SYSTEM_RESET: vCPUs down, then restart */
};

struct mmio_slot {
	struct mmio_region region;
	/* Device models are not thread-safe: the partition's device lock, or
	 * NULL for a region that locks itself (the vGIC). dev/dev_mmio.h. */
	const struct dev_lock *lock;
};

/*
 * Console input waiting for a partition: filled by whichever pCPU drains
 * the physical UART (console.c, under its input lock: one producer),
 * emptied by the partition's own vCPUs into its PL011 (under its own
 * dev_lock: one consumer). So no pCPU ever waits for a lock another
 * partition holds (issue 14 defect 2).
 */
#define PARTITION_INPUT_QUEUE 256          /* bytes; a power of two */
struct partition_input {
	uint32_t head;                     /* next byte to take (consumer) */
	uint32_t tail;                     /* next free slot (producer) */
	uint8_t buf[PARTITION_INPUT_QUEUE];
};

/* The doorbell page of one channel end (channel.c). */
struct channel_bell {
	const struct el2_channel_end *end;
};

struct partition {
	const struct el2_partition_config *cfg;
	unsigned id;
	unsigned vmid;
	volatile int state;      /* enum partition_state */
	uint64_t vttbr;
	uint64_t cntvoff;        /* virtual time starts at 0 at partition start */
	uint64_t start_count;

	struct stage2 s2;
	uint64_t s2_tables[PARTITION_S2_TABLES][512] __attribute__((aligned(4096)));
	unsigned s2_used;

	struct guest_ram ram;    /* host view of the partition's RAM */
	struct boot_regs boot;   /* boot CPU entry state */

	struct vcpu vcpus[EL2_MAX_VCPUS];
	struct vgic_dist vgic;
	struct vgic_lpi_state lpi;       /* its LPIs and ITS */

	struct spinlock dev_lock;
	struct dev_lock dev_lock_ops;    /* dev_lock as dev_mmio.h takes it */
	struct dev_host host;
	/* Its board's devices, built by the registry (partition_devices.c). */
	struct dev_instance devs[PARTITION_MAX_DEVS];
	unsigned nr_devs;
	struct pl011 *uart;              /* the console's PL011, or NULL */
	struct testdev *testdev;         /* or NULL */
	struct virtio_blk_ram disk_ram;
	struct console_guest console;
	struct partition_input input;    /* console input queued for it */
	struct channel_bell bells[EL2_MAX_CHANNELS];
	struct mmio_slot regions[PARTITION_MAX_REGIONS];
	unsigned nr_regions;
	struct mmio_slot *last_region;   /* lookup hint */

	/* Its budget of guest-triggered report lines (dev_log.h): device
	 * diagnostics, boot marks, fault and reset reports. Set once at boot;
	 * a SYSTEM_RESET does not refill it. */
	struct dev_log_limit log_limit;
	/* Guest faults reported so far (the reports go quiet after a few). */
	unsigned abort_reports;          /* injected aborts (mmio.c) */
	unsigned undef_reports;          /* injected UNDEFINEDs (sysreg_trap.c) */
};

extern struct partition partitions[EL2_MAX_PARTITIONS];

/* Build partition `id` from its configuration: stage-2, devices, vGIC,
 * guest image and DTB in its RAM. Returns 0, or -1 after reporting why. */
int partition_init(struct partition *p, unsigned id,
		   const struct el2_partition_config *cfg);
/* (Re)load the guest image and DTB into the partition's RAM
 * (partition_boot.c). */
int partition_load(struct partition *p);

/* Stage-2 tables from the partition's pool, RAM mapped, VTTBR set
 * (partition_stage2.c). Returns 0 or a negative stage2 error. */
int partition_stage2_init(struct partition *p);

/* Passthrough (passthrough.c): map the partition's physical MMIO ranges
 * into its stage 2 (0 or a negative stage2 error); give it their physical
 * SPIs (0, or -1 after reporting why). */
int partition_passthrough_map(struct partition *p);
int partition_passthrough_route(struct partition *p);

/* Channels (channel.c): map the partition's shared memories into its
 * stage 2 (0 or a negative stage2 error); add its doorbell pages to its
 * MMIO regions (devices_setup calls it). */
int partition_channels_map(struct partition *p);
void partition_channels_regions(struct partition *p);

/* (Re)build the virtual GIC for the partition's vCPUs and route its
 * passthrough SPIs to it (partition_vgic.c). */
int partition_vgic_setup(struct partition *p);
/* Wake vCPU `index` if it is blocked or running on another pCPU. */
void partition_kick_vcpu(struct partition *p, unsigned index);

/* The MMIO region containing [ipa, ipa + size), or NULL
 * (partition_devices.c). */
struct mmio_slot *partition_find_region(struct partition *p, uint64_t ipa,
					unsigned size);

/*
 * The stop/reset state machine (partition_state.c). These change the
 * state, report and kick the other vCPUs out of the guest; the caller (the
 * run loop) then takes its own vCPU down.
 */
/* Stop the whole partition (why == NULL: SYSTEM_OFF, a power-off; else a
 * fatal error). Nothing when it is already going down. */
void partition_stop(struct partition *p, const struct vcpu *caller, const char *why);
/* SYSTEM_RESET, in steps: begin (false: it is already going down), wait
 * for the other vCPUs to be off (false: one did not stop), rebuild devices,
 * vGIC and image (-1: cannot), done (RUNNING again). On a failed step,
 * partition_reset_fail stops the partition instead. */
bool partition_reset_begin(struct partition *p, const struct vcpu *caller);
bool partition_reset_wait_others(struct partition *p, const struct vcpu *caller);
int partition_reset_rebuild(struct partition *p);
void partition_reset_done(struct partition *p);
void partition_reset_fail(struct partition *p, const struct vcpu *caller, const char *why);
/* The reset partition's boot vCPU could not be started: report, STOPPED. */
void partition_reset_boot_failed(struct partition *p);

/* True when the vCPU must leave the guest (its partition stops/resets).
 * Inline: every exit asks. */
static inline bool partition_wants_down(const struct partition *p)
{
	return p->state != PARTITION_RUNNING;
}

/* Console input hook (console_set_input; partition_console.c): queue a
 * byte for partition `index`, never waiting. 0 = its queue is full. */
int partition_console_deliver(unsigned index, uint8_t byte);
/* Move p's queued input into its PL011, as far as the FIFO takes it; on
 * p's own vCPUs only. */
void partition_console_drain(struct partition *p);

#endif
