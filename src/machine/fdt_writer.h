/* SPDX-License-Identifier: MIT */
/*
 * A sink for device-tree nodes, so freestanding code (the device registry's
 * per-type node writers, dev/dev_registry.h) can describe a device without
 * libfdt: fdt_build.c implements it over libfdt's sequential-write API.
 * Properties are emitted in call order; cells are big-endian (devicetree
 * specification 2.2.4). Header-only.
 */
#ifndef ARMVM_MACHINE_FDT_WRITER_H
#define ARMVM_MACHINE_FDT_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "machine/strbuf.h"

/* phandles fdt_build assigns (fixed, so tests and overlays can rely on them). */
#define FDT_PHANDLE_GIC      0x8001
#define FDT_PHANDLE_ITS      0x8002
#define FDT_PHANDLE_APB_PCLK 0x8000

struct fdt_writer {
	void *ctx;
	void (*begin_node)(void *ctx, const char *name);
	void (*end_node)(void *ctx);
	void (*property)(void *ctx, const char *name, const void *val, int len);
};

static inline void fdt_w_prop(const struct fdt_writer *w, const char *name,
			      const void *val, int len)
{
	w->property(w->ctx, name, val, len);
}

static inline void fdt_w_prop_str(const struct fdt_writer *w, const char *name,
				  const char *s)
{
	size_t len = 0;

	while (s[len])
		len++;
	w->property(w->ctx, name, s, (int)len + 1);
}

/* A string list: pass the strings already joined by NULs, with sizeof. */
#define fdt_w_prop_strs(w, name, lit) fdt_w_prop((w), (name), (lit), sizeof(lit))

static inline void fdt_w_prop_cells(const struct fdt_writer *w, const char *name,
				    const uint32_t *cells, unsigned n)
{
	uint8_t be[16 * 4];

	for (unsigned i = 0; i < n && i < 16; i++) {
		be[4 * i] = (uint8_t)(cells[i] >> 24);
		be[4 * i + 1] = (uint8_t)(cells[i] >> 16);
		be[4 * i + 2] = (uint8_t)(cells[i] >> 8);
		be[4 * i + 3] = (uint8_t)cells[i];
	}
	w->property(w->ctx, name, be, (int)(n * 4));
}

static inline void fdt_w_prop_u32(const struct fdt_writer *w, const char *name,
				  uint32_t v)
{
	fdt_w_prop_cells(w, name, &v, 1);
}

/* reg = <base size> with #address-cells = #size-cells = 2. */
static inline void fdt_w_prop_reg1(const struct fdt_writer *w, uint64_t base,
				   uint64_t size)
{
	const uint32_t cells[4] = {
		(uint32_t)(base >> 32), (uint32_t)base,
		(uint32_t)(size >> 32), (uint32_t)size,
	};

	fdt_w_prop_cells(w, "reg", cells, 4);
}

/* interrupts = <type number flags> (dt_bindings.h). */
static inline void fdt_w_prop_irq(const struct fdt_writer *w, uint32_t type,
				  uint32_t nr, uint32_t flags)
{
	const uint32_t cells[3] = { type, nr, flags };

	fdt_w_prop_cells(w, "interrupts", cells, 3);
}

/* "what@addr", the address in lowercase hex without 0x (devicetree spec 2.2.1). */
static inline void fdt_w_node_name(char *buf, size_t len, const char *what,
				   uint64_t addr)
{
	struct strbuf sb;
	int digits = 1;

	while (digits < 16 && (addr >> (4 * digits)))
		digits++;
	strbuf_init(&sb, buf, len);
	strbuf_puts(&sb, what);
	strbuf_putc(&sb, '@');
	strbuf_hex_fixed(&sb, addr, digits);
}

struct board_dev;

/*
 * Writes the device-tree node of one board device; `irqs` is false when the
 * machine has no GIC. The layer that knows the device models supplies it
 * (dev_fdt_node() in dev/dev_registry.h), so the machine layer, which
 * walks the board, never calls up into the device layer.
 */
typedef void (*fdt_dev_node_fn)(const struct board_dev *d, const struct fdt_writer *w,
				bool irqs);

#endif
