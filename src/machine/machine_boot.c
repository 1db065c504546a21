// SPDX-License-Identifier: MIT
/* The guest boot sequence: see machine_boot.h. Freestanding. */
#include <string.h>

#include "machine/machine_boot.h"
#include "machine/strbuf.h"

static int failed(struct machine_boot_result *r, enum machine_boot_step step)
{
	r->failed = step;
	return -1;
}

static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

int machine_boot(const struct machine_boot_spec *s, struct machine_boot_result *r)
{
	const struct guest_ram *ram = &s->ram;
	const void *dtb = s->dtb;
	size_t dtb_size = s->dtb ? s->dtb_size : 0;
	int rc;

	memset(r, 0, sizeof(*r));
	if (s->arm32_image)
		rc = loader_load_arm32_image(ram, s->arch, s->image, s->image_size,
					     s->arm32_text_offset, s->arm32_bss,
					     &r->image, r->err, sizeof(r->err));
	else if (s->raw)
		rc = loader_load_raw(ram, s->image, s->image_size, s->raw_load,
				     &r->image, r->err, sizeof(r->err));
	else
		rc = loader_load_kernel(ram, s->arch, s->image, s->image_size,
					s->raw_load, &r->image, r->err, sizeof(r->err));
	if (rc < 0)
		return failed(r, MACHINE_BOOT_LOAD);
	if (loader_plan_boot(ram, s->arch, &r->image, s->initrd_size, s->dtb_max,
			     &r->layout, r->err, sizeof(r->err)) < 0)
		return failed(r, MACHINE_BOOT_PLACE);
	if (s->build_dtb && s->build_dtb(s->build_ctx, &r->layout, &dtb, &dtb_size,
					 r->err, sizeof(r->err)) < 0)
		return failed(r, MACHINE_BOOT_DTB);
	if (dtb && dtb_size > r->layout.dtb_max) {
		struct strbuf sb;

		strbuf_init(&sb, r->err, sizeof(r->err));
		strbuf_puts(&sb, "device tree of ");
		strbuf_size(&sb, dtb_size);
		strbuf_puts(&sb, " does not fit its slot of ");
		strbuf_size(&sb, r->layout.dtb_max);
		return failed(r, MACHINE_BOOT_COPY);
	}
	if (s->initrd && s->initrd_size &&
	    loader_copy(ram, r->layout.initrd_gpa, s->initrd, s->initrd_size,
			"initrd", r->err, sizeof(r->err)) < 0)
		return failed(r, MACHINE_BOOT_COPY);
	if (dtb && loader_copy(ram, r->layout.dtb_gpa, dtb, dtb_size, "device tree",
			       r->err, sizeof(r->err)) < 0)
		return failed(r, MACHINE_BOOT_COPY);
	r->dtb_size = dtb ? dtb_size : 0;

	if (dtb && s->dtb_at_ram_base) {
		uint64_t kstart = r->image.start, kend = r->image.reserved_end;

		if (!overlaps(ram->gpa, dtb_size, kstart, kend - kstart) &&
		    !(s->initrd_size && overlaps(ram->gpa, dtb_size, r->layout.initrd_gpa,
						 s->initrd_size)) &&
		    !overlaps(ram->gpa, dtb_size, r->layout.dtb_gpa, dtb_size) &&
		    dtb_size <= ram->size)
			memcpy(ram->host, dtb, dtb_size);
	}
	loader_boot_regs(s->arch, &r->image, r->layout.dtb_gpa, &r->regs);
	if (s->entry)
		r->regs.pc = s->entry;
	return 0;
}
