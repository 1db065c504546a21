/* SPDX-License-Identifier: MIT */
/*
 * Kernel and boot-blob loading into guest RAM. Freestanding (string.h-level
 * functions only): works on an in-memory copy of the file and a window on
 * guest RAM, so the hosted VMM and the EL2 hypervisor share it.
 *
 * Formats:
 *   ELF32 (EM_ARM) / ELF64 (EM_AARCH64), little-endian: PT_LOAD segments at
 *     their p_paddr, bss (memsz > filesz) zeroed, entry from e_entry.
 *   raw binary: copied to a load address the caller names; entry = there.
 *   arm64 Image (Documentation/arch/arm64/booting.rst): loaded at
 *     text_offset above the lowest 2 MiB aligned address in RAM.
 *   arm32 zImage (Documentation/arch/arm/booting.rst): loaded at RAM base +
 *     32 KiB, leaving room below and above it for the decompressor.
 *
 * Then loader_plan_boot() places the DTB and initrd above the kernel, high
 * in RAM (and, for AArch32, inside the low memory the kernel maps), and
 * loader_boot_regs() gives the registers each boot protocol wants.
 *
 * Every function returns 0 on success or -1 with a one-line message in
 * err[0..errlen) (err may be NULL).
 */
#ifndef ARMVM_MACHINE_LOADER_H
#define ARMVM_MACHINE_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

/* A window on guest RAM: guest physical [gpa, gpa+size) is host[0..size). */
struct guest_ram {
	uint64_t gpa;
	uint64_t size;
	void *host;
};

enum loader_format {
	LOADER_FMT_UNKNOWN = 0,
	LOADER_FMT_ELF32,
	LOADER_FMT_ELF64,
	LOADER_FMT_ARM64_IMAGE,
	LOADER_FMT_ZIMAGE,
	LOADER_FMT_RAW,          /* never detected: the caller asks for it */
	LOADER_FMT_ARM32_IMAGE,  /* never detected: a zImage's payload */
};

/* Sniff a file's format from its header; UNKNOWN if none matches. */
enum loader_format loader_detect(const void *file, size_t len);
/* "ELF32", "ELF64", "arm64 Image", "arm32 zImage", "raw binary", "unknown" */
const char *loader_format_name(enum loader_format fmt);

/* What a kernel load produced. */
struct loader_image {
	enum loader_format format;
	uint64_t entry;          /* gpa where the boot CPU starts */
	int thumb;               /* AArch32 ELF entry with bit 0 set: T32 */
	uint64_t start;          /* lowest gpa written */
	uint64_t end;            /* one past the highest gpa written (incl. bss) */
	/*
	 * One past the highest gpa the kernel may use while booting before it
	 * reads the DTB: image_size for an arm64 Image, the decompression
	 * area for a zImage, `end` otherwise. The DTB and initrd go above it.
	 */
	uint64_t reserved_end;
};

/* Load an ELF32/ELF64 executable; its class must match the guest's arch. */
int loader_load_elf(const struct guest_ram *ram, enum machine_arch arch,
		    const void *file, size_t len, struct loader_image *out,
		    char *err, size_t errlen);
/* Copy a raw binary to load_gpa; entry = load_gpa. */
int loader_load_raw(const struct guest_ram *ram, const void *file, size_t len,
		    uint64_t load_gpa, struct loader_image *out,
		    char *err, size_t errlen);
/* arm64 Image: AArch64 guests only. */
int loader_load_arm64_image(const struct guest_ram *ram, enum machine_arch arch,
			    const void *file, size_t len,
			    struct loader_image *out, char *err, size_t errlen);
/* arm32 zImage: AArch32 guests only. */
int loader_load_zimage(const struct guest_ram *ram, enum machine_arch arch,
		       const void *file, size_t len, struct loader_image *out,
		       char *err, size_t errlen);
/*
 * The zImage's "KLSZ" extension table entry (kernel_image.h), if it has one:
 * where the decompressed size word (the last 4 bytes of the compressed
 * payload) is, the decompressed kernel's size and bss, its TEXT_OFFSET and
 * the decompressor's malloc size. Fields the table lacks are left as given.
 */
struct zimage_sizes {
	uint64_t table_offset;       /* file offset of the KLSZ entry */
	uint64_t piggy_size_offset;  /* file offset of the size word */
	uint64_t inflated;           /* decompressed kernel, without bss */
	uint64_t bss;
	uint64_t text_offset;
	uint64_t malloc_size;
};
bool loader_zimage_sizes(const void *file, size_t len, struct zimage_sizes *z);
/* The zImage header's checks (magic, little-endian, start < end <= len), as
 * loader_load_zimage() makes them: for a zImage inflated before loading. */
int loader_zimage_check(const void *file, size_t len, char *err, size_t errlen);
/*
 * arm32 Image (arch/arm/boot/Image, what a zImage decompresses to): AArch32
 * guests only; loaded at RAM base + text_offset with bss_size bytes of bss
 * reserved above it, entered at its first byte (booting.rst: r0 = 0,
 * r1 = ~0, r2 = DTB, MMU and caches off).
 */
int loader_load_arm32_image(const struct guest_ram *ram, enum machine_arch arch,
			    const void *file, size_t len, uint64_t text_offset,
			    uint64_t bss_size, struct loader_image *out,
			    char *err, size_t errlen);
/*
 * Detect and load: ELF, arm64 Image or zImage. A file in no known format is
 * an error ("not a kernel") unless raw_load_gpa is non-zero, in which case it
 * is loaded as a raw binary there.
 */
int loader_load_kernel(const struct guest_ram *ram, enum machine_arch arch,
		       const void *file, size_t len, uint64_t raw_load_gpa,
		       struct loader_image *out, char *err, size_t errlen);

/* Where the boot blobs go. */
struct boot_layout {
	uint64_t dtb_gpa;        /* 8-byte (in fact page) aligned */
	uint64_t dtb_max;        /* bytes reserved for the DTB */
	uint64_t initrd_gpa;     /* page aligned; 0 when there is no initrd */
	uint64_t initrd_size;
};

/* Linux arm64 refuses device trees larger than this. */
#define LOADER_DTB_MAX_SIZE  0x200000ULL
/*
 * AArch32 kernels map only "lowmem" directly (about 760 MiB with the usual
 * 3G/1G split); the DTB and initrd must sit inside it, so for AArch32 they
 * go no higher than RAM base + this.
 */
#define LOADER_AARCH32_LOWMEM_SAFE 0x20000000ULL

/*
 * Reserve dtb_max bytes for the DTB at the top of usable RAM and put an
 * initrd of initrd_size bytes (0 = none) right below it, both above
 * kernel->reserved_end. Fails when they do not fit.
 */
int loader_plan_boot(const struct guest_ram *ram, enum machine_arch arch,
		     const struct loader_image *kernel, uint64_t initrd_size,
		     uint64_t dtb_max, struct boot_layout *out,
		     char *err, size_t errlen);
/*
 * Check a layout (planned or chosen by hand): every blob inside RAM (below
 * 4 GiB and inside lowmem for AArch32), aligned, and overlapping neither the
 * kernel nor each other.
 */
int loader_check_layout(const struct guest_ram *ram, enum machine_arch arch,
			const struct loader_image *kernel,
			const struct boot_layout *layout,
			char *err, size_t errlen);
/* Bounds-checked copy of a blob (DTB, initrd) into guest RAM at gpa. */
int loader_copy(const struct guest_ram *ram, uint64_t gpa, const void *data,
		size_t len, const char *what, char *err, size_t errlen);

/*
 * Boot CPU registers per boot protocol. AArch64: x0 = DTB, x1-x3 = 0,
 * PC = entry, PSTATE = EL1h with D/A/I/F masked. AArch32: r0 = 0,
 * r1 = 0xffffffff (no machine type: DT boot), r2 = DTB, PC = entry,
 * CPSR = SVC mode with A/I/F masked (and T for a Thumb entry).
 */
struct boot_regs {
	uint64_t pc;
	uint64_t pstate;         /* PSTATE (AArch64) or CPSR (AArch32) */
	uint64_t r[4];           /* x0-x3 or r0-r3 */
};
void loader_boot_regs(enum machine_arch arch, const struct loader_image *kernel,
		      uint64_t dtb_gpa, struct boot_regs *out);

#endif
