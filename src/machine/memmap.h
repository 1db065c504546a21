/* SPDX-License-Identifier: MIT */
/*
 * The guest physical memory map shared by both engines: QEMU's `virt` board
 * (hw/arm/virt.c, base_memmap[] and a15irqmap[]), so a guest that boots on
 * QEMU `virt` boots on armvm unchanged. Additions of our own are marked.
 */
#ifndef ARMVM_MACHINE_MEMMAP_H
#define ARMVM_MACHINE_MEMMAP_H

#define VIRT_GIC_DIST_BASE       0x08000000ULL
#define VIRT_GIC_DIST_SIZE       0x00010000ULL
#define VIRT_GIC_CPU_BASE        0x08010000ULL   /* GICv2 CPU interface */
#define VIRT_GIC_CPU_SIZE        0x00010000ULL
#define VIRT_GIC_ITS_BASE        0x08080000ULL   /* GICv3 ITS (MSI controller) */
#define VIRT_GIC_ITS_SIZE        0x00020000ULL   /* ITS control + translation frames */
#define VIRT_GIC_REDIST_BASE     0x080A0000ULL   /* GICv3 redistributors */
#define VIRT_GIC_REDIST_SIZE     0x00F60000ULL   /* room for 123 vCPUs */
#define VIRT_GIC_REDIST_STRIDE   0x00020000ULL   /* RD_base + SGI_base */

#define VIRT_UART_BASE           0x09000000ULL   /* PL011 */
#define VIRT_UART_SIZE           0x00001000ULL
#define VIRT_RTC_BASE            0x09010000ULL   /* PL031 */
#define VIRT_RTC_SIZE            0x00001000ULL

#define VIRT_MMIO_BASE           0x0A000000ULL   /* virtio-mmio transports */
#define VIRT_MMIO_STRIDE         0x00000200ULL
#define VIRT_MMIO_COUNT          32

/*
 * armvm addition: a test/debug device window in the hole QEMU leaves between
 * the virtio-mmio transports and the platform bus (0x0c000000). It carries
 * the MMIO test device (an access recorder) and the boot-time marker.
 */
#define VIRT_ARMVM_TESTDEV_BASE  0x0B000000ULL
#define VIRT_ARMVM_TESTDEV_SIZE  0x00001000ULL
#define VIRT_ARMVM_BOOTMARK_BASE 0x0B001000ULL
#define VIRT_ARMVM_BOOTMARK_SIZE 0x00001000ULL

#define VIRT_RAM_BASE            0x40000000ULL
/* Highest RAM end an AArch32 guest without LPAE can address. */
#define VIRT_RAM_END_32BIT       0x100000000ULL

/* Shared peripheral interrupts, numbered from SPI 0 (INTID 32). */
#define VIRT_SPI_UART            1
#define VIRT_SPI_RTC             2
#define VIRT_SPI_MMIO_FIRST      16              /* transport n -> 16 + n */
#define VIRT_SPI_TESTDEV         48              /* armvm addition */

/* Private peripheral interrupts, numbered from PPI 0 (INTID 16). */
#define VIRT_PPI_TIMER_SEC       13
#define VIRT_PPI_TIMER_NS_PHYS   14
#define VIRT_PPI_TIMER_VIRT      11
#define VIRT_PPI_TIMER_HYP       10
#define VIRT_PPI_GIC_MAINT       9
#define VIRT_PPI_PMU             7               /* QEMU virt VIRTUAL_PMU_IRQ: INTID 23 */

#define GIC_SPI_INTID(spi)       ((spi) + 32)
#define GIC_PPI_INTID(ppi)       ((ppi) + 16)

#endif
