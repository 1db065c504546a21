/* SPDX-License-Identifier: MIT */
/*
 * Linux kernel image headers.
 * arm64 Image: Documentation/arch/arm64/booting.rst, "Call the kernel image".
 * arm32 zImage: arch/arm/boot/compressed/head.S and
 * Documentation/arch/arm/booting.rst.
 */
#ifndef ARMVM_MACHINE_KERNEL_IMAGE_H
#define ARMVM_MACHINE_KERNEL_IMAGE_H

/* arm64 Image header (64 bytes, little-endian) */
#define ARM64_IMAGE_TEXT_OFFSET      8
#define ARM64_IMAGE_IMAGE_SIZE       16
#define ARM64_IMAGE_FLAGS            24
#define ARM64_IMAGE_MAGIC_OFFSET     56
#define ARM64_IMAGE_HEADER_SIZE      64
#define ARM64_IMAGE_MAGIC            0x644d5241u   /* "ARM\x64" */
#define ARM64_IMAGE_FLAG_BE          (1u << 0)
#define ARM64_IMAGE_FLAG_PAGE_SHIFT  1
#define ARM64_IMAGE_FLAG_PAGE_MASK   (3u << ARM64_IMAGE_FLAG_PAGE_SHIFT)
#define ARM64_IMAGE_FLAG_PHYS_ANY    (1u << 3)     /* any 2 MiB aligned base */
/* image_size == 0: a pre-3.17 kernel; booting.rst says assume this. */
#define ARM64_IMAGE_OLD_TEXT_OFFSET  0x80000ULL
#define ARM64_IMAGE_BASE_ALIGN       0x200000ULL   /* 2 MiB */

/* arm32 zImage header words */
#define ZIMAGE_MAGIC_OFFSET          0x24
#define ZIMAGE_START_OFFSET          0x28
#define ZIMAGE_END_OFFSET            0x2c
#define ZIMAGE_ENDIAN_OFFSET         0x30
#define ZIMAGE_HEADER_SIZE           0x34
#define ZIMAGE_MAGIC                 0x016f2818u
#define ZIMAGE_ENDIAN_LE             0x04030201u
#define ZIMAGE_ENDIAN_BE             0x01020304u
/* Convention: RAM base + 32 KiB, room for the page tables below. */
#define ZIMAGE_LOAD_OFFSET           0x8000ULL

/*
 * Optional extension table (arch/arm/boot/compressed/vmlinux.lds.S): at
 * 0x34 a second magic, at 0x38 the table's offset. The table holds tagged
 * entries, each [size in words incl. this word][tag][data...], ending with
 * a 0 word. The "KLSZ" entry gives the file offset of the decompressed
 * kernel's size, the kernel's bss size and (since 4.x) its TEXT_OFFSET and
 * the decompressor's malloc size.
 */
#define ZIMAGE_MAGIC2_OFFSET         0x34
#define ZIMAGE_TABLE_OFFSET          0x38
#define ZIMAGE_MAGIC2                0x45454545u
#define ZIMAGE_TAG_KERNEL_SIZE       0x5a534c4bu   /* "KLSZ" */
#define ZIMAGE_KLSZ_PIGGY_SIZE_OFF   2             /* words into the entry */
#define ZIMAGE_KLSZ_BSS_SIZE         3
#define ZIMAGE_KLSZ_TEXT_OFFSET      4
#define ZIMAGE_KLSZ_MALLOC_SIZE      5
/*
 * The decompressor (CONFIG_AUTO_ZRELADDR) writes the kernel at its own
 * address rounded down to 128 MiB plus TEXT_OFFSET; when the zImage would
 * be overwritten it first copies itself past the end of the kernel.
 */
#define ZIMAGE_ZRELADDR_ALIGN        0x8000000ULL
#define ZIMAGE_DEFAULT_TEXT_OFFSET   0x8000ULL
#define ZIMAGE_DEFAULT_MALLOC_SIZE   0x10000ULL
#define ZIMAGE_STACK_SIZE            0x1000ULL
/* Without the table: a compressed kernel inflates ~4x (plus bss). */
#define ZIMAGE_INFLATE_ESTIMATE      4

#endif
