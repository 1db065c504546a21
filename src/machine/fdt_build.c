// SPDX-License-Identifier: MIT
/*
 * The guest device tree, node for node what QEMU's virt board generates
 * (hw/arm/virt.c create_fdt, fdt_add_*_nodes); the device nodes, one per
 * board entry, come from the caller's node writer (the device registry's
 * dev_fdt_node). Built with libfdt's sequential-write API, which
 * needs no scratch tree: properties are emitted in order into the caller's
 * buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "machine/dt_bindings.h"
#include "machine/fdt_build.h"

#define APB_PCLK_HZ 24000000

struct fdt_ctx {
	void *fdt;
	int rc;                      /* first libfdt error, 0 if none */
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* libfdt calls below record the first failure and then do nothing. */
static void begin(struct fdt_ctx *c, const char *name)
{
	if (!c->rc)
		c->rc = fdt_begin_node(c->fdt, name);
}

static void end(struct fdt_ctx *c)
{
	if (!c->rc)
		c->rc = fdt_end_node(c->fdt);
}

static void prop(struct fdt_ctx *c, const char *name, const void *val, int len)
{
	if (!c->rc)
		c->rc = fdt_property(c->fdt, name, val, len);
}

static void prop_str(struct fdt_ctx *c, const char *name, const char *s)
{
	prop(c, name, s, (int)strlen(s) + 1);
}

/* A string list: pass the strings already joined by NULs, with sizeof. */
#define prop_strs(c, name, lit) prop((c), (name), (lit), sizeof(lit))

static void prop_u32(struct fdt_ctx *c, const char *name, uint32_t v)
{
	fdt32_t be = cpu_to_fdt32(v);

	prop(c, name, &be, sizeof(be));
}

static void prop_u64(struct fdt_ctx *c, const char *name, uint64_t v)
{
	fdt64_t be = cpu_to_fdt64(v);

	prop(c, name, &be, sizeof(be));
}

static void prop_cells(struct fdt_ctx *c, const char *name,
		       const uint32_t *cells, unsigned n)
{
	fdt32_t be[16];

	for (unsigned i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	prop(c, name, be, (int)(n * sizeof(be[0])));
}

/* reg = <base size> pairs with #address-cells = #size-cells = 2. */
static void prop_reg(struct fdt_ctx *c, const uint64_t *pairs, unsigned npairs)
{
	uint32_t cells[16];

	for (unsigned i = 0; i < 2 * npairs; i++) {
		cells[2 * i] = (uint32_t)(pairs[i] >> 32);
		cells[2 * i + 1] = (uint32_t)pairs[i];
	}
	prop_cells(c, "reg", cells, 4 * npairs);
}

static void prop_reg1(struct fdt_ctx *c, uint64_t base, uint64_t size)
{
	const uint64_t pair[2] = { base, size };

	prop_reg(c, pair, 1);
}

static void node_name(char *buf, size_t len, const char *what, uint64_t addr)
{
	snprintf(buf, len, "%s@%llx", what, (unsigned long long)addr);
}

static int validate(const struct machine_desc *m, char *err, size_t errlen)
{
	if (m->arch != MACHINE_ARCH_AARCH64 && m->arch != MACHINE_ARCH_AARCH32) {
		set_err(err, errlen, "unknown guest architecture %d", (int)m->arch);
		return -1;
	}
	if (m->nr_cpus < 1 || m->nr_cpus > MACHINE_MAX_CPUS) {
		set_err(err, errlen, "%u vCPUs: the device tree describes 1 to %d",
			m->nr_cpus, MACHINE_MAX_CPUS);
		return -1;
	}
	if (m->gic_version != 0 && m->gic_version != 2 && m->gic_version != 3) {
		set_err(err, errlen, "GIC version %u: only 2 and 3 exist (0: none)",
			m->gic_version);
		return -1;
	}
	if (m->board.nr > BOARD_MAX_DEVS) {
		set_err(err, errlen, "board of %u devices: at most %d", m->board.nr,
			BOARD_MAX_DEVS);
		return -1;
	}
	for (unsigned i = 0; i < m->board.nr; i++) {
		if (m->board.dev[i].type >= BOARD_DEV_NR_TYPES) {
			set_err(err, errlen, "board device %u has unknown type %u", i,
				m->board.dev[i].type);
			return -1;
		}
	}
	/* virtio-mmio drivers need the transport's interrupt to probe. */
	if (m->gic_version == 0 && board_has(&m->board, BOARD_DEV_VIRTIO_MMIO)) {
		set_err(err, errlen, "virtio-mmio transports need interrupts, "
			"and the machine has no GIC");
		return -1;
	}
	if (m->its && m->gic_version != 3) {
		set_err(err, errlen, "an ITS needs a GICv3, the machine has %s",
			m->gic_version ? "a GICv2" : "no GIC");
		return -1;
	}
	if (m->pmu && m->gic_version == 0) {
		set_err(err, errlen, "a PMU needs its interrupt, and the machine has no GIC");
		return -1;
	}
	if (m->gic_version == 2 && m->nr_cpus > MACHINE_MAX_CPUS_GICV2) {
		set_err(err, errlen, "%u vCPUs with GICv2, which serves at most %d",
			m->nr_cpus, MACHINE_MAX_CPUS_GICV2);
		return -1;
	}
	if (m->gic_version == 3 &&
	    m->nr_cpus * VIRT_GIC_REDIST_STRIDE > VIRT_GIC_REDIST_SIZE) {
		set_err(err, errlen, "%u vCPUs need more GICv3 redistributor "
			"space than the 0x%llx bytes the memory map has",
			m->nr_cpus, (unsigned long long)VIRT_GIC_REDIST_SIZE);
		return -1;
	}
	if (m->ram_size == 0) {
		set_err(err, errlen, "guest RAM size is zero");
		return -1;
	}
	if (m->ram_base + m->ram_size < m->ram_base) {
		set_err(err, errlen, "guest RAM 0x%llx + 0x%llx wraps around",
			(unsigned long long)m->ram_base,
			(unsigned long long)m->ram_size);
		return -1;
	}
	if (m->initrd_end && m->initrd_end <= m->initrd_start) {
		set_err(err, errlen, "initrd end 0x%llx is not above its start 0x%llx",
			(unsigned long long)m->initrd_end,
			(unsigned long long)m->initrd_start);
		return -1;
	}
	if (m->cmdline) {
		size_t max = m->arch == MACHINE_ARCH_AARCH64 ?
			     MACHINE_CMDLINE_MAX_AARCH64 : MACHINE_CMDLINE_MAX_AARCH32;
		size_t len = strlen(m->cmdline);

		if (len >= max) {
			set_err(err, errlen, "kernel command line is %zu bytes; "
				"an %s kernel takes at most %zu",
				len, m->arch == MACHINE_ARCH_AARCH64 ?
				"AArch64" : "AArch32", max - 1);
			return -1;
		}
	}
	return 0;
}

static void add_cpus(struct fdt_ctx *c, const struct machine_desc *m)
{
	char name[32];

	begin(c, "cpus");
	prop_u32(c, "#address-cells", 1);
	prop_u32(c, "#size-cells", 0);
	for (unsigned i = 0; i < m->nr_cpus; i++) {
		uint64_t mpidr = machine_cpu_mpidr(i);

		snprintf(name, sizeof(name), "cpu@%u", i);
		begin(c, name);
		prop_str(c, "device_type", "cpu");
		prop_str(c, "compatible", "arm,armv8");
		prop_str(c, "enable-method", "psci");
		prop_u32(c, "reg", (uint32_t)mpidr);
		end(c);
	}
	end(c);
}

/* QEMU virt's fdt_add_its_gic_node: a child of the GICv3 node. */
static void add_its(struct fdt_ctx *c)
{
	char name[40];

	node_name(name, sizeof(name), "its", VIRT_GIC_ITS_BASE);
	begin(c, name);
	prop_str(c, "compatible", "arm,gic-v3-its");
	prop(c, "msi-controller", NULL, 0);
	prop_u32(c, "#msi-cells", 1);
	prop_reg1(c, VIRT_GIC_ITS_BASE, VIRT_GIC_ITS_SIZE);
	prop_u32(c, "phandle", FDT_PHANDLE_ITS);
	end(c);
}

static void add_gic(struct fdt_ctx *c, const struct machine_desc *m)
{
	uint64_t dist = m->gic_dist_base ? m->gic_dist_base : VIRT_GIC_DIST_BASE;
	char name[40];

	node_name(name, sizeof(name), "intc", dist);
	begin(c, name);
	prop_u32(c, "#interrupt-cells", 3);
	prop(c, "interrupt-controller", NULL, 0);
	prop_u32(c, "#address-cells", 2);
	prop_u32(c, "#size-cells", 2);
	prop(c, "ranges", NULL, 0);
	if (m->gic_version == 3) {
		uint64_t rd = m->gic_redist_base ? m->gic_redist_base :
			      VIRT_GIC_REDIST_BASE;
		const uint64_t reg[4] = {
			dist, VIRT_GIC_DIST_SIZE,
			rd, (uint64_t)m->nr_cpus * VIRT_GIC_REDIST_STRIDE,
		};

		prop_str(c, "compatible", "arm,gic-v3");
		prop_u32(c, "#redistributor-regions", 1);
		prop_reg(c, reg, 2);
	} else {
		uint64_t cpu = m->gic_cpu_base ? m->gic_cpu_base :
			       VIRT_GIC_CPU_BASE;
		const uint64_t reg[4] = {
			dist, VIRT_GIC_DIST_SIZE, cpu, VIRT_GIC_CPU_SIZE,
		};

		/* QEMU's (and Linux's) name for a GICv2 without extras. */
		prop_str(c, "compatible", "arm,cortex-a15-gic");
		prop_reg(c, reg, 2);
	}
	prop_u32(c, "phandle", FDT_PHANDLE_GIC);
	/* Subnodes after every property: a property after a subnode is
	 * invisible to readers (Linux's included), and without its phandle
	 * the GIC is nobody's interrupt parent. */
	if (m->gic_version == 3 && m->its)
		add_its(c);
	end(c);
}

static void add_timer(struct fdt_ctx *c, const struct machine_desc *m)
{
	uint32_t flags = IRQ_TYPE_LEVEL_HIGH;
	const uint32_t ppis[4] = {
		VIRT_PPI_TIMER_SEC, VIRT_PPI_TIMER_NS_PHYS,
		VIRT_PPI_TIMER_VIRT, VIRT_PPI_TIMER_HYP,
	};
	uint32_t cells[12];

	if (m->gic_version == 2)
		flags |= GIC_CPU_MASK_SIMPLE(m->nr_cpus);
	for (unsigned i = 0; i < 4; i++) {
		cells[3 * i] = GIC_PPI;
		cells[3 * i + 1] = ppis[i];
		cells[3 * i + 2] = flags;
	}
	begin(c, "timer");
	/* Both engines run on ARMv8 CPUs; AArch32 Linux matches either. */
	prop_strs(c, "compatible", "arm,armv8-timer\0arm,armv7-timer");
	prop(c, "always-on", NULL, 0);
	prop_cells(c, "interrupts", cells, 12);
	end(c);
}

/* QEMU virt's fdt_add_pmu_nodes: the overflow interrupt, a PPI, level-high
 * (GICv2: with the CPU mask). "arm,armv8-pmuv3" for either guest width:
 * the CPU is an ARMv8 one either way. */
static void add_pmu(struct fdt_ctx *c, const struct machine_desc *m)
{
	uint32_t flags = IRQ_TYPE_LEVEL_HIGH;

	if (m->gic_version == 2)
		flags |= GIC_CPU_MASK_SIMPLE(m->nr_cpus);
	const uint32_t cells[3] = { GIC_PPI, VIRT_PPI_PMU, flags };

	begin(c, "pmu");
	prop_str(c, "compatible", "arm,armv8-pmuv3");
	prop_cells(c, "interrupts", cells, 3);
	end(c);
}

static void add_psci(struct fdt_ctx *c, const struct machine_desc *m)
{
	begin(c, "psci");
	prop_strs(c, "compatible", "arm,psci-1.0\0arm,psci-0.2");
	prop_str(c, "method", m->psci_smc ? "smc" : "hvc");
	end(c);
}

/* The registry's node writers emit through this, into the same tree. */
static void w_begin(void *ctx, const char *name)
{
	begin(ctx, name);
}

static void w_end(void *ctx)
{
	end(ctx);
}

static void w_prop(void *ctx, const char *name, const void *val, int len)
{
	prop(ctx, name, val, len);
}

/* One node per board device, in the board's (address) order. */
static void add_devices(struct fdt_ctx *c, const struct machine_desc *m,
			fdt_dev_node_fn dev_node)
{
	const struct fdt_writer w = {
		.ctx = c, .begin_node = w_begin, .end_node = w_end, .property = w_prop,
	};

	for (unsigned i = 0; i < m->board.nr; i++) {
		const struct board_dev *d = &m->board.dev[i];

		dev_node(d, &w, m->gic_version != 0);
	}
}

/* The tree of m into buf[0..size): 0 or a libfdt error. */
static int build_into(const struct machine_desc *m, fdt_dev_node_fn dev_node,
		      void *buf, size_t size)
{
	struct fdt_ctx c = { .fdt = buf, .rc = 0 };
	const struct board_dev *uart;
	char uart_path[40], name[40];

	uart = board_find(&m->board, BOARD_DEV_PL011);
	if (uart)
		node_name(uart_path, sizeof(uart_path), "/pl011", uart->base);

	c.rc = fdt_create(buf, (int)size);
	if (!c.rc)
		c.rc = fdt_finish_reservemap(buf);
	begin(&c, "");
	prop_str(&c, "compatible", "linux,dummy-virt");
	/* Linux prints the model at boot; QEMU's keeps transcripts identical. */
	prop_str(&c, "model", "linux,dummy-virt");
	prop_u32(&c, "#address-cells", 2);
	prop_u32(&c, "#size-cells", 2);
	/* Without a GIC (gic_version 0) no node names an interrupt. */
	if (m->gic_version)
		prop_u32(&c, "interrupt-parent", FDT_PHANDLE_GIC);

	begin(&c, "chosen");
	if (m->cmdline && m->cmdline[0])
		prop_str(&c, "bootargs", m->cmdline);
	if (uart)
		prop_str(&c, "stdout-path", uart_path);
	if (m->initrd_end) {
		prop_u64(&c, "linux,initrd-start", m->initrd_start);
		prop_u64(&c, "linux,initrd-end", m->initrd_end);
	}
	end(&c);

	if (uart) {
		begin(&c, "aliases");
		prop_str(&c, "serial0", uart_path);
		end(&c);
	}

	node_name(name, sizeof(name), "memory", m->ram_base);
	begin(&c, name);
	prop_str(&c, "device_type", "memory");
	prop_reg1(&c, m->ram_base, m->ram_size);
	end(&c);

	begin(&c, "apb-pclk");
	prop_str(&c, "compatible", "fixed-clock");
	prop_u32(&c, "#clock-cells", 0);
	prop_u32(&c, "clock-frequency", APB_PCLK_HZ);
	prop_str(&c, "clock-output-names", "clk24mhz");
	prop_u32(&c, "phandle", FDT_PHANDLE_APB_PCLK);
	end(&c);

	add_cpus(&c, m);
	add_psci(&c, m);
	/* The timer node is nothing but its PPIs: without a GIC it goes too. */
	if (m->gic_version) {
		add_gic(&c, m);
		add_timer(&c, m);
		if (m->pmu)
			add_pmu(&c, m);
	}
	add_devices(&c, m, dev_node);

	end(&c);                     /* root */
	if (!c.rc)
		c.rc = fdt_finish(buf);
	return c.rc;
}

int fdt_build(const struct machine_desc *m, fdt_dev_node_fn dev_node, void *buf,
	      size_t bufsize, char *err, size_t errlen)
{
	int rc;

	if (!m || !buf || !dev_node) {
		set_err(err, errlen, "fdt_build: no machine description, node writer or buffer");
		return -1;
	}
	if (validate(m, err, errlen) < 0)
		return -1;
	if (bufsize < FDT_V17_SIZE || bufsize > INT32_MAX) {
		set_err(err, errlen, "device tree buffer of %zu bytes is unusable",
			bufsize);
		return -1;
	}
	/* libfdt's fdt_create() clears all the room it is given: start with
	 * FDT_BUILD_FIRST_TRY and double, so the pages of a large buffer past
	 * the tree are never written (never resident: docs/performance.md). */
	size_t size = bufsize < FDT_BUILD_FIRST_TRY ? bufsize : FDT_BUILD_FIRST_TRY;
	while ((rc = build_into(m, dev_node, buf, size)) == -FDT_ERR_NOSPACE &&
	       size < bufsize)
		size = size > bufsize / 2 ? bufsize : size * 2;
	if (rc) {
		if (rc == -FDT_ERR_NOSPACE)
			set_err(err, errlen, "device tree does not fit in %zu bytes",
				bufsize);
		else
			set_err(err, errlen, "building the device tree failed: %s",
				fdt_strerror(rc));
		return -1;
	}
	return (int)fdt_totalsize(buf);
}
