/* SPDX-License-Identifier: MIT */
/*
 * The kernel loaders (ELF32/64, raw, arm64 Image, arm32 zImage, detection)
 * and the placement of the DTB and initrd after them (loader.h). Input: a
 * header choosing the guest, the RAM window, the loader and the blob
 * sizes, then the kernel file. Whatever the file says, nothing may be
 * written outside the RAM window (ASan guards it: the window is an exact
 * allocation) and a success must leave a layout the checker accepts.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "machine/loader.h"

static const uint64_t ram_sizes[4] = { 1u << 20, 3u << 20, 9u << 20, 34u << 20 };
static uint8_t *ram_host[4];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t sel = fuzz_u8(&in);
	enum machine_arch arch = sel & 1 ? MACHINE_ARCH_AARCH32 : MACHINE_ARCH_AARCH64;
	unsigned r = (sel >> 4) & 3;
	struct guest_ram ram = { .size = ram_sizes[r] };
	uint64_t raw_gpa = fuzz_u64(&in);
	uint64_t initrd_size = fuzz_u32(&in);
	uint64_t dtb_max = fuzz_u32(&in);
	struct loader_image img;
	struct boot_layout layout;
	struct boot_regs regs;
	char err[160];
	int rc;

	/* RAM base: the usual 1 GiB, or somewhere odd (high, unaligned). */
	ram.gpa = sel & 0x40 ? (fuzz_u64(&in) & ~0xfffull) : 0x40000000ull;
	if (!ram_host[r])
		ram_host[r] = malloc(ram_sizes[r]);
	ram.host = ram_host[r];
	/* The file is the rest of the input, copied so ASan bounds it. */
	{
		uint8_t *file = malloc(in.n ? in.n : 1);
		size_t len = in.n;

		memcpy(file, in.p, len);
		(void)loader_format_name(loader_detect(file, len));
		switch ((sel >> 1) & 7) {
		case 1:
			rc = loader_load_elf(&ram, arch, file, len, &img, err, sizeof(err));
			break;
		case 2:
			rc = loader_load_raw(&ram, file, len, raw_gpa, &img, err, sizeof(err));
			break;
		case 3:
			rc = loader_load_arm64_image(&ram, arch, file, len, &img, err, sizeof(err));
			break;
		case 4:
			rc = loader_load_zimage(&ram, arch, file, len, &img, err, sizeof(err));
			break;
		default:
			rc = loader_load_kernel(&ram, arch, file, len, sel & 0x80 ? raw_gpa : 0,
						&img, err, sizeof(err));
			break;
		}
		if (rc == 0) {
			if (img.start < ram.gpa || img.end > ram.gpa + ram.size ||
			    img.start > img.end)
				abort();     /* the loader said it wrote outside RAM */
			if (loader_plan_boot(&ram, arch, &img, initrd_size, dtb_max,
					     &layout, err, sizeof(err)) == 0) {
				if (loader_check_layout(&ram, arch, &img, &layout, err,
							sizeof(err)) != 0)
					abort(); /* planned a layout it then refuses */
				/* The initrd's bytes: as many as the file has. */
				(void)loader_copy(&ram, layout.initrd_gpa, file,
						  len < layout.initrd_size ? len : layout.initrd_size,
						  "initrd", err, sizeof(err));
				loader_boot_regs(arch, &img, layout.dtb_gpa, &regs);
			}
		}
		/* Hand-chosen layouts from the input: checked, never trusted. */
		layout.dtb_gpa = raw_gpa;
		layout.dtb_max = dtb_max;
		layout.initrd_gpa = ram.gpa + (initrd_size << 12);
		layout.initrd_size = initrd_size;
		if (rc == 0)
			(void)loader_check_layout(&ram, arch, &img, &layout, err, sizeof(err));
		(void)loader_copy(&ram, raw_gpa, file, len, "blob", err, sizeof(err));
		free(file);
	}
	return 0;
}
