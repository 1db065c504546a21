/* SPDX-License-Identifier: MIT */
/*
 * Booting a guest: the one sequence both engines and el2-build run. Load
 * the kernel into guest RAM, plan where the device tree and initrd go,
 * build the device tree once the initrd's place is known (or take one
 * built beforehand), copy the blobs in and compute the boot CPU's
 * registers. machine_boot() only works on guest RAM and returns results;
 * the engine applies them (the CLI sets the vCPU's registers through the
 * library, the EL2 engine keeps them in its partition for vCPU 0).
 * Freestanding.
 */
#ifndef ARMVM_MACHINE_MACHINE_BOOT_H
#define ARMVM_MACHINE_MACHINE_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/loader.h"

/*
 * Builds the device tree for `layout` (its initrd_gpa/initrd_size are where
 * the initrd goes) and returns it in *dtb and *len; 0, or -1 with a reason in
 * err. The buffer stays the builder's.
 */
typedef int (*machine_dtb_builder)(void *ctx, const struct boot_layout *layout,
				   const void **dtb, size_t *len,
				   char *err, size_t errlen);

struct machine_boot_spec {
	enum machine_arch arch;
	struct guest_ram ram;
	const void *image;
	size_t image_size;
	/* raw: load the image as a raw binary at raw_load. Otherwise it is
	 * detected (ELF, arm64 Image, zImage), and a file in no known format
	 * is loaded raw at raw_load when that is non-zero (loader.h). */
	bool raw;
	uint64_t raw_load;
	/* arm32_image: the image is an arm32 Image, a zImage's payload the
	 * VMM decompressed (decompress_kernel.h): loaded at RAM base +
	 * arm32_text_offset with arm32_bss bytes of bss above it. */
	bool arm32_image;
	uint64_t arm32_text_offset;
	uint64_t arm32_bss;
	/* initrd_size bytes of initrd (0 = none); initrd NULL with a size:
	 * plan its place but copy nothing (el2-build's trial boot). */
	const void *initrd;
	uint64_t initrd_size;
	uint64_t dtb_max;            /* bytes reserved for the device tree */
	/* The device tree: build_dtb's (called after planning), else dtb
	 * (built beforehand, dtb_size bytes), else none is copied. */
	machine_dtb_builder build_dtb;
	void *build_ctx;
	const void *dtb;
	size_t dtb_size;
	/* Also copy the device tree to the RAM base when nothing else is
	 * there: QEMU does for bare-metal images and guests look there. */
	bool dtb_at_ram_base;
	uint64_t entry;              /* boot PC override; 0 = the image's */
};

/* Which step failed, so each engine words its message as before. */
enum machine_boot_step {
	MACHINE_BOOT_OK = 0,
	MACHINE_BOOT_LOAD,           /* the kernel did not load */
	MACHINE_BOOT_PLACE,          /* no room for the device tree / initrd */
	MACHINE_BOOT_DTB,            /* the device tree builder failed */
	MACHINE_BOOT_COPY,           /* a blob did not fit where planned */
};

struct machine_boot_result {
	struct loader_image image;
	struct boot_layout layout;
	struct boot_regs regs;       /* for the boot vCPU */
	size_t dtb_size;             /* the device tree copied (0 = none) */
	enum machine_boot_step failed;
	char err[200];               /* why, one line, when failed */
};

/* 0, or -1 with r->failed and r->err set. */
int machine_boot(const struct machine_boot_spec *s, struct machine_boot_result *r);

#endif
