// SPDX-License-Identifier: MIT
/*
 * Where the DTB and initrd go, and the boot CPU's registers.
 *
 * Placement: the DTB at the top of the RAM the kernel can reach early (all
 * of RAM for AArch64; for AArch32 the first LOADER_AARCH32_LOWMEM_SAFE
 * bytes, below 4 GiB), the initrd right below it, both page aligned and
 * above everything the kernel claims (loader_image.reserved_end). High
 * placement keeps them clear of the arm64 kernel's image_size and of the
 * zImage decompressor, which both grow upwards from the start of RAM.
 */
#include <string.h>

#include "machine/loader_util.h"
#include "arch/psr.h"

/* The highest gpa (exclusive) boot blobs may use for this guest. */
static uint64_t blob_limit(const struct guest_ram *ram, enum machine_arch arch)
{
	uint64_t top = ram_end(ram);

	if (arch == MACHINE_ARCH_AARCH32) {
		if (ram->size > LOADER_AARCH32_LOWMEM_SAFE)
			top = ram->gpa + LOADER_AARCH32_LOWMEM_SAFE;
		if (top > VIRT_RAM_END_32BIT)
			top = VIRT_RAM_END_32BIT;
	}
	return top;
}

static uint64_t kernel_start(const struct loader_image *k)
{
	return k ? k->start : 0;
}

static uint64_t kernel_reserved_end(const struct loader_image *k)
{
	return k ? k->reserved_end : 0;
}

static int check_blob(const struct guest_ram *ram, enum machine_arch arch,
		      const char *what, uint64_t gpa, uint64_t len,
		      uint64_t align, struct strbuf *sb)
{
	uint64_t limit = blob_limit(ram, arch);

	if (gpa & (align - 1)) {
		strbuf_puts(sb, what);
		strbuf_puts(sb, " at ");
		strbuf_hex(sb, gpa);
		strbuf_puts(sb, " is not ");
		strbuf_size(sb, align);
		strbuf_puts(sb, " aligned");
		return -1;
	}
	if (!ram_contains(ram, gpa, len)) {
		strbuf_puts(sb, what);
		strbuf_putc(sb, ' ');
		if (gpa + len < gpa)
			strbuf_hex(sb, gpa);
		else
			sb_range(sb, gpa, gpa + len);
		strbuf_puts(sb, " lies outside ");
		sb_ram(sb, ram);
		return -1;
	}
	if (gpa + len > limit) {
		strbuf_puts(sb, what);
		strbuf_putc(sb, ' ');
		sb_range(sb, gpa, gpa + len);
		strbuf_puts(sb, " ends above ");
		strbuf_hex(sb, limit);
		strbuf_puts(sb, ", the low memory an AArch32 kernel maps early");
		return -1;
	}
	return 0;
}

static int overlap_err(struct strbuf *sb, const char *a, uint64_t as,
		       uint64_t al, const char *b, uint64_t bs, uint64_t bl)
{
	strbuf_puts(sb, a);
	strbuf_putc(sb, ' ');
	sb_range(sb, as, as + al);
	strbuf_puts(sb, " overlaps the ");
	strbuf_puts(sb, b);
	strbuf_putc(sb, ' ');
	sb_range(sb, bs, bs + bl);
	return -1;
}

int loader_check_layout(const struct guest_ram *ram, enum machine_arch arch,
			const struct loader_image *kernel,
			const struct boot_layout *l, char *err, size_t errlen)
{
	uint64_t ks = kernel_start(kernel);
	uint64_t kl = kernel_reserved_end(kernel) - ks;
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!ram || !l) {
		strbuf_puts(&sb, "no guest RAM or boot layout");
		return -1;
	}
	if (l->dtb_max == 0) {
		strbuf_puts(&sb, "no room reserved for the DTB");
		return -1;
	}
	if (l->dtb_max > LOADER_DTB_MAX_SIZE) {
		strbuf_puts(&sb, "DTB reservation of ");
		strbuf_size(&sb, l->dtb_max);
		strbuf_puts(&sb, " exceeds the 2 MiB Linux accepts");
		return -1;
	}
	/* arm64 booting.rst: the DTB on an 8-byte boundary. */
	if (check_blob(ram, arch, "DTB", l->dtb_gpa, l->dtb_max, 8, &sb) < 0)
		return -1;
	if (l->initrd_size &&
	    check_blob(ram, arch, "initrd", l->initrd_gpa, l->initrd_size,
		       LOADER_PAGE_SIZE, &sb) < 0)
		return -1;
	if (kernel && ranges_overlap(l->dtb_gpa, l->dtb_max, ks, kl))
		return overlap_err(&sb, "DTB", l->dtb_gpa, l->dtb_max,
				   "kernel", ks, kl);
	if (kernel && ranges_overlap(l->initrd_gpa, l->initrd_size, ks, kl))
		return overlap_err(&sb, "initrd", l->initrd_gpa, l->initrd_size,
				   "kernel", ks, kl);
	if (ranges_overlap(l->initrd_gpa, l->initrd_size, l->dtb_gpa, l->dtb_max))
		return overlap_err(&sb, "initrd", l->initrd_gpa, l->initrd_size,
				   "DTB", l->dtb_gpa, l->dtb_max);
	return 0;
}

int loader_plan_boot(const struct guest_ram *ram, enum machine_arch arch,
		     const struct loader_image *kernel, uint64_t initrd_size,
		     uint64_t dtb_max, struct boot_layout *out,
		     char *err, size_t errlen)
{
	struct boot_layout l = { .initrd_size = initrd_size };
	uint64_t floor, top, need;
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!ram || !ram->size || !out) {
		strbuf_puts(&sb, "no guest RAM window or layout to fill");
		return -1;
	}
	l.dtb_max = align_up(dtb_max, LOADER_PAGE_SIZE);
	if (dtb_max == 0 || l.dtb_max == 0 || dtb_max > LOADER_DTB_MAX_SIZE) {
		strbuf_puts(&sb, "DTB reservation of ");
		strbuf_dec(&sb, dtb_max);
		strbuf_puts(&sb, " bytes: must be 1 byte to 2 MiB");
		return -1;
	}
	floor = kernel ? align_up(kernel->reserved_end, LOADER_PAGE_SIZE) :
		ram->gpa;
	if (floor < ram->gpa)
		floor = ram->gpa;
	top = align_down(blob_limit(ram, arch), LOADER_PAGE_SIZE);
	need = l.dtb_max + align_up(initrd_size, LOADER_PAGE_SIZE);
	if (initrd_size && align_up(initrd_size, LOADER_PAGE_SIZE) == 0)
		need = 0;            /* overflow: reported below */
	if (floor == 0 || top <= floor || need == 0 || need < l.dtb_max ||
	    need > top - floor) {
		strbuf_puts(&sb, "no room for ");
		if (initrd_size) {
			strbuf_puts(&sb, "an initrd of ");
			strbuf_size(&sb, initrd_size);
			strbuf_puts(&sb, " and ");
		}
		strbuf_puts(&sb, "the DTB (");
		strbuf_size(&sb, l.dtb_max);
		strbuf_puts(&sb, "): the kernel uses RAM up to ");
		strbuf_hex(&sb, floor);
		strbuf_puts(&sb, " and ");
		if (arch == MACHINE_ARCH_AARCH32 &&
		    top < align_down(ram_end(ram), LOADER_PAGE_SIZE))
			strbuf_puts(&sb, "AArch32 low memory ends at ");
		else
			strbuf_puts(&sb, "RAM ends at ");
		strbuf_hex(&sb, top);
		return -1;
	}
	l.dtb_gpa = top - l.dtb_max;
	if (initrd_size)
		l.initrd_gpa = align_down(l.dtb_gpa - initrd_size, LOADER_PAGE_SIZE);
	if (loader_check_layout(ram, arch, kernel, &l, err, errlen) < 0)
		return -1;
	*out = l;
	return 0;
}

int loader_copy(const struct guest_ram *ram, uint64_t gpa, const void *data,
		size_t len, const char *what, char *err, size_t errlen)
{
	struct strbuf sb;

	start_err(&sb, err, errlen);
	if (!ram || !ram->host || (!data && len)) {
		strbuf_puts(&sb, "no guest RAM window or data to copy");
		return -1;
	}
	if (!ram_contains(ram, gpa, len)) {
		strbuf_puts(&sb, what ? what : "blob");
		strbuf_puts(&sb, " of ");
		strbuf_size(&sb, len);
		strbuf_puts(&sb, " at ");
		strbuf_hex(&sb, gpa);
		strbuf_puts(&sb, " does not fit in ");
		sb_ram(&sb, ram);
		return -1;
	}
	if (len)
		memcpy(ram_ptr(ram, gpa), data, len);
	return 0;
}

void loader_boot_regs(enum machine_arch arch, const struct loader_image *kernel,
		      uint64_t dtb_gpa, struct boot_regs *out)
{
	memset(out, 0, sizeof(*out));
	out->pc = kernel ? kernel->entry : 0;
	if (arch == MACHINE_ARCH_AARCH64) {
		out->r[0] = dtb_gpa;
		out->pstate = PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT |
			      PSR_F_BIT;
	} else {
		out->r[1] = 0xffffffffu;    /* machine type: none, boot by DT */
		out->r[2] = dtb_gpa;
		out->pstate = PSR_AA32_MODE_SVC | PSR_AA32_A_BIT | PSR_AA32_I_BIT |
			      PSR_AA32_F_BIT;
		if (kernel && kernel->thumb)
			out->pstate |= PSR_AA32_T_BIT;
	}
}
