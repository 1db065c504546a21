/* SPDX-License-Identifier: MIT */
/*
 * The static partition table compiled into the hypervisor image. The host
 * tool el2/tools/el2-build.c reads el2/configs/NAME.conf, validates it and
 * writes this table (as C, the board table of each partition included) plus
 * the embedded guest images and device trees (.incbin). Plain data: shared
 * by the host tool and the hypervisor.
 */
#ifndef EL2_PARTITION_CONFIG_H
#define EL2_PARTITION_CONFIG_H

#include <stdint.h>

#include "machine/board.h"

#define EL2_MAX_PCPUS        8
#define EL2_MAX_PARTITIONS   4
#define EL2_MAX_VCPUS        4         /* per partition */
#define EL2_NAME_MAX         16

/* Physical memory the hypervisor keeps for itself: its image (with the
 * embedded guests), stacks and tables. Partition RAM goes above it. */
#define EL2_HYP_PHYS_BASE    0x40000000ULL   /* QEMU's DTB, then us */
#define EL2_HYP_LOAD_ADDR    0x40200000ULL
#define EL2_HYP_PHYS_SIZE    0x04000000ULL   /* 64 MiB */
#define EL2_PHYS_RAM_BASE    0x40000000ULL   /* QEMU virt RAM */
/* Partition RAM is placed and sized in 2 MiB blocks (stage-2 blocks). */
#define EL2_RAM_ALIGN        0x00200000ULL
/* Passthrough: physical MMIO ranges a partition owns (passthrough.c). */
#define EL2_MAX_PASSTHROUGH  4         /* ranges per partition */
#define EL2_PASSTHROUGH_SPIS 16        /* interrupts per range */
/*
 * Channels between two partitions ([channel NAME] sections; channel.c): a
 * shared memory window and a doorbell page at fixed guest addresses, the
 * same in both partitions: channel k (in the order of the file) has its
 * memory at EL2_CHANNEL_IPA + k * EL2_CHANNEL_STRIDE, its doorbell page
 * EL2_CHANNEL_BELL_OFFSET above, and SPI EL2_CHANNEL_SPI + k.
 */
#define EL2_MAX_CHANNELS        4
#define EL2_CHANNEL_IPA         0x0B100000ULL
#define EL2_CHANNEL_STRIDE      0x00020000ULL
#define EL2_CHANNEL_BELL_OFFSET 0x00010000ULL   /* shared memory up to 64 KiB */
#define EL2_CHANNEL_BELL_SIZE   0x00001000ULL
#define EL2_CHANNEL_MAX_SIZE    EL2_CHANNEL_BELL_OFFSET
#define EL2_CHANNEL_SPI         52
/* Doorbell registers (32-bit; docs/el2.md "Channels"). */
#define EL2_CHANNEL_REG_RING    0x00    /* WO: raise the peer's channel SPI */
#define EL2_CHANNEL_REG_SIDE    0x04    /* RO: 0 = first partition of `between`, 1 = second */
#define EL2_CHANNEL_REG_SIZE    0x08    /* RO: shared memory size in bytes */

/* One partition's end of a channel. */
struct el2_channel_end {
	char name[EL2_NAME_MAX];
	uint8_t *shm;                      /* the memory, in the hypervisor image */
	uint64_t size;
	uint64_t ipa;                      /* of the memory; the doorbell follows */
	unsigned spi;                      /* the doorbell SPI, the same at both ends */
	unsigned peer;                     /* the other partition's index */
	unsigned side;                     /* 0 or 1 */
};

/* SPIs of each partition's virtual GIC (SPI numbers 0..63, INTIDs 32..95). */
#define EL2_PARTITION_NR_SPIS 64

/*
 * A physical MMIO range one partition owns: stage 2 maps it at the same
 * address (IPA = PA) with Device-nGnRE attributes, and its physical SPIs
 * are routed to the partition's vGIC as the same SPI numbers. el2-build
 * checked that no other partition claims the range or the SPIs and that
 * they clash with nothing the partition has emulated.
 */
struct el2_passthrough {
	uint64_t base;                     /* 4 KiB aligned */
	uint64_t size;                     /* a multiple of 4 KiB */
	unsigned nr_spis;
	uint16_t spi[EL2_PASSTHROUGH_SPIS];  /* SPI numbers (INTID - 32) */
};

struct el2_partition_config {
	char name[EL2_NAME_MAX];
	unsigned arch;                     /* enum machine_arch */
	unsigned nr_vcpus;
	unsigned pcpu[EL2_MAX_VCPUS];      /* physical CPU of vCPU i */
	uint64_t ram_phys;                 /* host physical base, 2 MiB aligned */
	uint64_t ram_size;
	/* Guest physical address of the RAM: VIRT_RAM_BASE, or ram_phys for a
	 * partition whose passthrough devices DMA (ram_ipa = phys: no IOMMU,
	 * so the device sees the addresses the guest programs). */
	uint64_t ram_ipa;
	/* Its devices (machine/board.h), the disk's virtio-mmio transport
	 * included: what the device tree describes and the hypervisor builds. */
	struct board board;
	/* An access outside RAM and devices: 0 = stop the partition (a guest
	 * crash), 1 = inject a synchronous external abort and go on. */
	unsigned fault_inject;
	/* 0 = the vCPU's EL1/FP/timer/GIC state stays on its pCPU across exits
	 * (it owns the pCPU); 1 = save it, scrub the CPU and restore it on
	 * every exit, as a pCPU shared between vCPUs would (world_switch = full:
	 * measures the switch and checks it covers all guest state). */
	unsigned full_switch;
	/* 1 = let WFE run natively (trap_wfe = off); by default it traps. */
	unsigned no_wfe_trap;
	const uint8_t *image;              /* the kernel file as given */
	uint64_t image_size;
	uint64_t raw_load;                 /* gpa for a raw binary, else 0 */
	uint64_t entry;                    /* entry override, 0 = the image's */
	const uint8_t *dtb;
	uint64_t dtb_size;
	uint64_t dtb_max;                  /* the DTB's slot at the top of RAM */
	/* The same device tree with a GICv2 (used on a GICv2 host). */
	const uint8_t *dtb_gicv2;
	uint64_t dtb_gicv2_size;
	/* A virtio-blk disk (virtio-mmio transport 0): its image, copied at
	 * boot into the partition's physical range right after its RAM, at
	 * disk_phys (not mapped to the guest; reached through the device). */
	const uint8_t *disk;               /* disk_size 0 = none */
	uint64_t disk_size;
	uint64_t disk_phys;
	const uint8_t *initrd;             /* initrd_size 0 = none */
	uint64_t initrd_size;
	uint64_t initrd_gpa;               /* where the DTB says it is */
	unsigned nr_passthrough;
	struct el2_passthrough passthrough[EL2_MAX_PASSTHROUGH];
	unsigned nr_channels;
	struct el2_channel_end channels[EL2_MAX_CHANNELS];
};

extern const struct el2_partition_config el2_partitions[];
extern const unsigned el2_nr_partitions;
/* The partition that receives console input at boot. */
extern const unsigned el2_console_input;

/*
 * How register numbers in the syndrome of an exception from AArch32 (ISS.SRT
 * of a data abort, Rt/Rt2 of a CP15 trap) are read (global key
 * aarch32_syndrome; see syndrome_probe.h):
 *   PROBE   a boot-time probe decides (default);
 *   ARCH    the AArch64 view, as the Arm ARM says: x[n] (LR_svc is X18);
 *   BANKED  the AArch32 register number, banked by the guest's current
 *           mode: what QEMU's TCG reports.
 */
enum el2_aarch32_syndrome {
	EL2_AARCH32_SYNDROME_PROBE = 0,
	EL2_AARCH32_SYNDROME_ARCH,
	EL2_AARCH32_SYNDROME_BANKED,
};
extern const unsigned el2_aarch32_syndrome;

#endif
