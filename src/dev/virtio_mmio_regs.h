/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio transport registers, version 2 ("modern"), from the VIRTIO 1.1
 * specification, 4.2.2 MMIO Device Register Layout. Offsets are from the
 * transport's base; all registers are 32 bits wide except the device
 * configuration space from VIRTIO_MMIO_CONFIG on.
 */
#ifndef ARMVM_DEV_VIRTIO_MMIO_REGS_H
#define ARMVM_DEV_VIRTIO_MMIO_REGS_H

#define VIRTIO_MMIO_MAGIC_VALUE          0x000
#define VIRTIO_MMIO_VERSION              0x004
#define VIRTIO_MMIO_DEVICE_ID            0x008
#define VIRTIO_MMIO_VENDOR_ID            0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES      0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL  0x014
#define VIRTIO_MMIO_DRIVER_FEATURES      0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL  0x024
#define VIRTIO_MMIO_QUEUE_SEL            0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX        0x034
#define VIRTIO_MMIO_QUEUE_NUM            0x038
#define VIRTIO_MMIO_QUEUE_READY          0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY         0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS     0x060
#define VIRTIO_MMIO_INTERRUPT_ACK        0x064
#define VIRTIO_MMIO_STATUS               0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW       0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH      0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW     0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH    0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW     0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH    0x0a4
#define VIRTIO_MMIO_SHM_SEL              0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW          0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH         0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW         0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH        0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION    0x0fc
#define VIRTIO_MMIO_CONFIG               0x100

/* "virt" in little-endian ASCII */
#define VIRTIO_MMIO_MAGIC                0x74726976u
#define VIRTIO_MMIO_VERSION_MODERN       2u

/* InterruptStatus / InterruptACK bits */
#define VIRTIO_MMIO_INT_VRING            0x1u
#define VIRTIO_MMIO_INT_CONFIG           0x2u

/* The window one transport occupies (QEMU virt: VIRT_MMIO_STRIDE). */
#define VIRTIO_MMIO_SIZE                 0x200u

#endif
