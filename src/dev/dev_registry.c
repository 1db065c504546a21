// SPDX-License-Identifier: MIT
/*
 * The device registry: one struct dev_type per board device type, with the
 * device-tree node QEMU's virt gives that device (hw/arm/virt.c
 * create_uart, create_rtc, create_virtio_devices) or armvm's own binding
 * for the test device and boot marker. See dev_registry.h. Freestanding.
 */
#include <string.h>

#include "dev/dev_registry.h"
#include "dev/dev_state.h"
#include "dev/virtio_spec.h"
#include "machine/dt_bindings.h"

/* "what@base" and the node's start. */
static void begin_node(const struct fdt_writer *w, const char *what,
		       const struct board_dev *d)
{
	char name[40];

	fdt_w_node_name(name, sizeof(name), what, d->base);
	w->begin_node(w->ctx, name);
}

static bool has_irq(const struct board_dev *d, bool irqs)
{
	return irqs && d->spi != BOARD_NO_IRQ;
}

/* ---- PL011 ---- */

static int pl011_type_init(union dev_model *m, const struct board_dev *d,
			   const struct dev_host *host, const struct dev_backends *be)
{
	pl011_init(&m->pl011, d->base, d->spi, host, &be->console);
	return 0;
}

static struct mmio_region *pl011_type_region(union dev_model *m)
{
	return &m->pl011.region;
}

static void pl011_fdt_node(const struct board_dev *d, const struct fdt_writer *w,
			   bool irqs)
{
	const uint32_t clocks[2] = { FDT_PHANDLE_APB_PCLK, FDT_PHANDLE_APB_PCLK };

	begin_node(w, "pl011", d);
	fdt_w_prop_strs(w, "compatible", "arm,pl011\0arm,primecell");
	fdt_w_prop_reg1(w, d->base, d->size);
	if (has_irq(d, irqs))
		fdt_w_prop_irq(w, GIC_SPI, d->spi, IRQ_TYPE_LEVEL_HIGH);
	fdt_w_prop_cells(w, "clocks", clocks, 2);
	fdt_w_prop_strs(w, "clock-names", "uartclk\0apb_pclk");
	w->end_node(w->ctx);
}

static int pl011_type_save(const union dev_model *m, void *buf, size_t len)
{
	return pl011_save(&m->pl011, buf, len);
}

static int pl011_type_load(union dev_model *m, const void *buf, size_t len)
{
	return pl011_load(&m->pl011, buf, len);
}

static const struct dev_type pl011_type = {
	.name = "pl011", .init = pl011_type_init, .region = pl011_type_region,
	.fdt_node = pl011_fdt_node, .save = pl011_type_save, .load = pl011_type_load,
};

/* ---- PL031 ---- */

static int pl031_type_init(union dev_model *m, const struct board_dev *d,
			   const struct dev_host *host, const struct dev_backends *be)
{
	pl031_init(&m->pl031, d->base, d->spi, host, &be->clock);
	return 0;
}

static struct mmio_region *pl031_type_region(union dev_model *m)
{
	return &m->pl031.region;
}

static void pl031_fdt_node(const struct board_dev *d, const struct fdt_writer *w,
			   bool irqs)
{
	begin_node(w, "pl031", d);
	fdt_w_prop_strs(w, "compatible", "arm,pl031\0arm,primecell");
	fdt_w_prop_reg1(w, d->base, d->size);
	if (has_irq(d, irqs))
		fdt_w_prop_irq(w, GIC_SPI, d->spi, IRQ_TYPE_LEVEL_HIGH);
	fdt_w_prop_u32(w, "clocks", FDT_PHANDLE_APB_PCLK);
	fdt_w_prop_str(w, "clock-names", "apb_pclk");
	w->end_node(w->ctx);
}

static int pl031_type_save(const union dev_model *m, void *buf, size_t len)
{
	return pl031_save(&m->pl031, buf, len);
}

static int pl031_type_load(union dev_model *m, const void *buf, size_t len)
{
	return pl031_load(&m->pl031, buf, len);
}

static const struct dev_type pl031_type = {
	.name = "pl031", .init = pl031_type_init, .region = pl031_type_region,
	.fdt_node = pl031_fdt_node, .save = pl031_type_save, .load = pl031_type_load,
};

/* ---- the test device ---- */

static int testdev_type_init(union dev_model *m, const struct board_dev *d,
			     const struct dev_host *host, const struct dev_backends *be)
{
	(void)be;
	testdev_init(&m->testdev, d->base, host);
	return 0;
}

static struct mmio_region *testdev_type_region(union dev_model *m)
{
	return &m->testdev.region;
}

static void testdev_fdt_node(const struct board_dev *d, const struct fdt_writer *w,
			     bool irqs)
{
	(void)irqs;
	begin_node(w, "testdev", d);
	fdt_w_prop_str(w, "compatible", "armvm,testdev");
	fdt_w_prop_reg1(w, d->base, d->size);
	w->end_node(w->ctx);
}

static int testdev_type_save(const union dev_model *m, void *buf, size_t len)
{
	return testdev_save(&m->testdev, buf, len);
}

static int testdev_type_load(union dev_model *m, const void *buf, size_t len)
{
	return testdev_load(&m->testdev, buf, len);
}

static const struct dev_type testdev_type = {
	.name = "testdev", .init = testdev_type_init, .region = testdev_type_region,
	.fdt_node = testdev_fdt_node, .save = testdev_type_save,
	.load = testdev_type_load,
};

/* ---- the boot marker ---- */

static int bootmark_type_init(union dev_model *m, const struct board_dev *d,
			      const struct dev_host *host, const struct dev_backends *be)
{
	bootmark_init(&m->bootmark, d->base, host, &be->marks);
	return 0;
}

static struct mmio_region *bootmark_type_region(union dev_model *m)
{
	return &m->bootmark.region;
}

static void bootmark_fdt_node(const struct board_dev *d, const struct fdt_writer *w,
			      bool irqs)
{
	(void)irqs;
	begin_node(w, "bootmark", d);
	fdt_w_prop_str(w, "compatible", "armvm,bootmark");
	fdt_w_prop_reg1(w, d->base, d->size);
	w->end_node(w->ctx);
}

static int bootmark_type_save(const union dev_model *m, void *buf, size_t len)
{
	return bootmark_save(&m->bootmark, buf, len);
}

static int bootmark_type_load(union dev_model *m, const void *buf, size_t len)
{
	return bootmark_load(&m->bootmark, buf, len);
}

static const struct dev_type bootmark_type = {
	.name = "bootmark", .init = bootmark_type_init, .region = bootmark_type_region,
	.fdt_node = bootmark_fdt_node, .save = bootmark_type_save,
	.load = bootmark_type_load,
};

/* ---- virtio-mmio transports ---- */

/*
 * The registry builds a synchronous virtio-blk (a QueueNotify runs the
 * queue inside the MMIO handler) over the engine's back end; any other
 * virtio device, and the hosted engine's threaded transports, the engine
 * attaches itself (host/host_virtio.h): only their node is written here.
 */
static int virtio_type_init(union dev_model *m, const struct board_dev *d,
			    const struct dev_host *host, const struct dev_backends *be)
{
	const struct virtio_mmio_params p = {
		.name = be->blk_name ? be->blk_name : "virtio-blk", .base = d->base,
		.spi = d->spi, .host = host, .hooks = NULL,
	};

	if (d->options != VIRTIO_ID_BLOCK || !be->blk)
		return -1;
	virtio_blk_init(&m->blk, &p, be->blk);
	return 0;
}

static struct mmio_region *virtio_type_region(union dev_model *m)
{
	return &m->blk.transport.region;
}

static void virtio_fdt_node(const struct board_dev *d, const struct fdt_writer *w,
			    bool irqs)
{
	(void)irqs;      /* fdt_build refuses virtio without a GIC */
	begin_node(w, "virtio_mmio", d);
	fdt_w_prop_str(w, "compatible", "virtio,mmio");
	fdt_w_prop_reg1(w, d->base, d->size);
	/* Edge, as QEMU virt says: the line is pulsed per notification. */
	fdt_w_prop_irq(w, GIC_SPI, d->spi, IRQ_TYPE_EDGE_RISING);
	fdt_w_prop(w, "dma-coherent", NULL, 0);
	w->end_node(w->ctx);
}

static int virtio_type_save(const union dev_model *m, void *buf, size_t len)
{
	return virtio_blk_save(&m->blk, buf, len);
}

static int virtio_type_load(union dev_model *m, const void *buf, size_t len)
{
	return virtio_blk_load(&m->blk, buf, len, NULL);
}

static const struct dev_type virtio_type = {
	.name = "virtio-mmio", .init = virtio_type_init, .region = virtio_type_region,
	.fdt_node = virtio_fdt_node, .save = virtio_type_save, .load = virtio_type_load,
};

/* ---- absent virtio-mmio transports ---- */

static int absent_type_init(union dev_model *m, const struct board_dev *d,
			    const struct dev_host *host, const struct dev_backends *be)
{
	(void)host;
	(void)be;
	virtio_absent_init(&m->absent, d->base, d->size);
	return 0;
}

static struct mmio_region *absent_type_region(union dev_model *m)
{
	return &m->absent.region;
}

/* The node QEMU virt gives every transport, plugged or not; without a GIC
 * (armvm's --gic none) it has no interrupt. */
static void absent_fdt_node(const struct board_dev *d, const struct fdt_writer *w,
			    bool irqs)
{
	begin_node(w, "virtio_mmio", d);
	fdt_w_prop_str(w, "compatible", "virtio,mmio");
	fdt_w_prop_reg1(w, d->base, d->size);
	if (has_irq(d, irqs))
		fdt_w_prop_irq(w, GIC_SPI, d->spi, IRQ_TYPE_EDGE_RISING);
	fdt_w_prop(w, "dma-coherent", NULL, 0);
	w->end_node(w->ctx);
}

/* Stateless: the saved state is the tag and version only, so a machine
 * with absent transports saves and restores like any other. */
#define ABSENT_STATE_VERSION 1

static int absent_type_save(const union dev_model *m, void *buf, size_t len)
{
	struct dev_state s;

	(void)m;
	dev_state_begin_save(&s, buf, len, "VABS", ABSENT_STATE_VERSION);
	return dev_state_end(&s);
}

static int absent_type_load(union dev_model *m, const void *buf, size_t len)
{
	struct dev_state s;

	(void)m;
	if (!dev_state_begin_load(&s, buf, len, "VABS", ABSENT_STATE_VERSION))
		return -1;
	return dev_state_end(&s) < 0 ? -1 : 0;
}

static const struct dev_type absent_type = {
	.name = "virtio-absent", .init = absent_type_init, .region = absent_type_region,
	.fdt_node = absent_fdt_node, .save = absent_type_save, .load = absent_type_load,
};

/* ---- the registry ---- */

static const struct dev_type *const dev_types[BOARD_DEV_NR_TYPES] = {
	[BOARD_DEV_PL011] = &pl011_type,
	[BOARD_DEV_PL031] = &pl031_type,
	[BOARD_DEV_TESTDEV] = &testdev_type,
	[BOARD_DEV_BOOTMARK] = &bootmark_type,
	[BOARD_DEV_VIRTIO_MMIO] = &virtio_type,
	[BOARD_DEV_VIRTIO_ABSENT] = &absent_type,
};

const struct dev_type *dev_type_of(const struct board_dev *d)
{
	return d->type < BOARD_DEV_NR_TYPES ? dev_types[d->type] : NULL;
}

void dev_fdt_node(const struct board_dev *d, const struct fdt_writer *w, bool irqs)
{
	const struct dev_type *t = dev_type_of(d);

	if (t)
		t->fdt_node(d, w, irqs);
}

int dev_instance_init(struct dev_instance *inst, const struct board_dev *d,
		      const struct dev_host *host, const struct dev_backends *be)
{
	static const struct dev_backends none;
	const struct dev_type *t = dev_type_of(d);

	if (!t || t->init(&inst->m, d, host, be ? be : &none) < 0)
		return -1;
	inst->type = t;
	inst->desc = *d;
	return 0;
}

int dev_instance_save(const struct dev_instance *inst, void *buf, size_t len)
{
	if (!inst->type->save)
		return -1;
	return inst->type->save(&inst->m, buf, len);
}

int dev_instance_load(struct dev_instance *inst, const void *buf, size_t len)
{
	if (!inst->type->load)
		return -1;
	return inst->type->load(&inst->m, buf, len);
}

void dev_instance_sync_irq(struct dev_instance *inst)
{
	const struct dev_host *h;
	unsigned spi;
	bool level;

	switch (inst->desc.type) {
	case BOARD_DEV_PL011:
		h = &inst->m.pl011.host;
		spi = inst->m.pl011.spi;
		level = inst->m.pl011.irq_level;
		break;
	case BOARD_DEV_PL031:
		h = &inst->m.pl031.host;
		spi = inst->m.pl031.spi;
		level = inst->m.pl031.irq_level;
		break;
	default:
		/* The test device and boot marker have no line; a synchronous
		 * virtio transport drives its own on load. */
		return;
	}
	if (h->set_irq)
		h->set_irq(h->ctx, spi, level);
}

struct dev_instance *dev_instance_find(struct dev_instance *inst, unsigned n,
				       enum board_dev_type type)
{
	for (unsigned i = 0; i < n; i++)
		if (inst[i].type && inst[i].desc.type == (uint32_t)type)
			return &inst[i];
	return NULL;
}
