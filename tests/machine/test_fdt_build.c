// SPDX-License-Identifier: MIT
/* Device-tree builder: build, parse back with libfdt, compare with QEMU virt. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dev/dev_registry.h"
#include "machine/fdt_build.h"

/* The board's devices as the tests switch them on and off. */
static void set_dev(struct machine_desc *m, enum board_dev_type type, bool on)
{
	struct board keep = m->board;

	board_init(&m->board);
	for (unsigned i = 0; i < keep.nr; i++)
		if (keep.dev[i].type != (uint32_t)type)
			board_add(&m->board, &keep.dev[i]);
	if (on)
		board_add_virt(&m->board, type);
}

/* virtio-mmio transport n for each bit n of mask, and no others. */
static void set_virtio(struct machine_desc *m, uint32_t mask)
{
	set_dev(m, BOARD_DEV_VIRTIO_MMIO, false);
	for (unsigned n = 0; n < VIRT_MMIO_COUNT; n++)
		if (mask & (1u << n))
			board_add_virtio(&m->board, n, 0);
}

static uint8_t dtb[FDT_BUILD_DEFAULT_SIZE];
static char err[256];

/* Devicetree spec 5.4.1: a node's properties precede its subnodes; a
 * property after a subnode is invisible to readers (fdt_check_full does
 * not look). Fails on the first one. */
static void props_before_subnodes(void)
{
	int off = 0, next, depth = 0;
	bool had_subnode[64] = { false };

	for (;;) {
		uint32_t tag = fdt_next_tag(dtb, off, &next);

		if (tag == FDT_END)
			return;
		if (tag == FDT_BEGIN_NODE) {
			if (depth > 0)
				had_subnode[depth - 1] = true;
			assert_true(depth < 64);
			had_subnode[depth++] = false;
		} else if (tag == FDT_END_NODE) {
			depth--;
		} else if (tag == FDT_PROP && depth > 0 && had_subnode[depth - 1]) {
			fail_msg("a property at structure offset %d follows a subnode", off);
		}
		off = next;
	}
}

static void build_ok(const struct machine_desc *m)
{
	int n;

	err[0] = '\0';
	n = fdt_build(m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err));
	if (n < 0)
		fail_msg("fdt_build failed: %s", err);
	assert_int_equal(fdt_totalsize(dtb), n);
	assert_int_equal(fdt_check_full(dtb, (size_t)n), 0);
	props_before_subnodes();
}

static int node(const char *path)
{
	int off = fdt_path_offset(dtb, path);

	if (off < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(off));
	return off;
}

static const void *getprop(const char *path, const char *name, int *len)
{
	const void *p = fdt_getprop(dtb, node(path), name, len);

	if (!p)
		fail_msg("no property %s in %s", name, path);
	return p;
}

static uint32_t cell(const char *path, const char *name, int i)
{
	int len;
	const fdt32_t *p = getprop(path, name, &len);

	assert_true((i + 1) * 4 <= len);
	return fdt32_to_cpu(p[i]);
}

static int ncells(const char *path, const char *name)
{
	int len;

	getprop(path, name, &len);
	return len / 4;
}

static uint64_t cell64(const char *path, const char *name, int i)
{
	return (uint64_t)cell(path, name, 2 * i) << 32 | cell(path, name, 2 * i + 1);
}

static const char *str(const char *path, const char *name)
{
	return getprop(path, name, NULL);
}

static bool has_compat(const char *path, const char *compat)
{
	int len;
	const char *p = getprop(path, "compatible", &len);

	return fdt_stringlist_contains(p, len, compat);
}

static void test_root_and_chosen(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	m.cmdline = "console=ttyAMA0 rdinit=/init";
	m.initrd_start = 0x47000000;
	m.initrd_end = 0x47123456;
	build_ok(&m);
	assert_string_equal(str("/", "compatible"), "linux,dummy-virt");
	assert_int_equal(cell("/", "#address-cells", 0), 2);
	assert_int_equal(cell("/", "#size-cells", 0), 2);
	assert_int_equal(cell("/", "interrupt-parent", 0), FDT_PHANDLE_GIC);
	assert_string_equal(str("/chosen", "bootargs"), "console=ttyAMA0 rdinit=/init");
	assert_string_equal(str("/chosen", "stdout-path"), "/pl011@9000000");
	assert_int_equal(node(str("/chosen", "stdout-path")), node("/pl011@9000000"));
	assert_int_equal(cell64("/chosen", "linux,initrd-start", 0), 0x47000000);
	assert_int_equal(cell64("/chosen", "linux,initrd-end", 0), 0x47123456);
	assert_string_equal(str("/aliases", "serial0"), "/pl011@9000000");
}

static void test_no_optional_chosen(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	set_dev(&m, BOARD_DEV_PL011, false);
	m.cmdline = "";
	build_ok(&m);
	node("/chosen");
	assert_null(fdt_getprop(dtb, node("/chosen"), "bootargs", NULL));
	assert_null(fdt_getprop(dtb, node("/chosen"), "stdout-path", NULL));
	assert_null(fdt_getprop(dtb, node("/chosen"), "linux,initrd-start", NULL));
	assert_true(fdt_path_offset(dtb, "/pl011@9000000") < 0);
	assert_true(fdt_path_offset(dtb, "/aliases") < 0);
}

static void test_memory(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	m.ram_size = 6ULL << 30;
	build_ok(&m);
	assert_string_equal(str("/memory@40000000", "device_type"), "memory");
	assert_int_equal(cell64("/memory@40000000", "reg", 0), 0x40000000);
	assert_int_equal(cell64("/memory@40000000", "reg", 1), 6ULL << 30);
}

static void test_cpus(void **state)
{
	struct machine_desc m;
	char path[32];

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	m.nr_cpus = 20;
	build_ok(&m);
	assert_int_equal(cell("/cpus", "#address-cells", 0), 1);
	assert_int_equal(cell("/cpus", "#size-cells", 0), 0);
	for (unsigned i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		assert_string_equal(str(path, "device_type"), "cpu");
		assert_string_equal(str(path, "enable-method"), "psci");
		assert_true(has_compat(path, "arm,armv8"));
		assert_int_equal(cell(path, "reg", 0), machine_cpu_mpidr(i));
	}
	assert_int_equal(cell("/cpus/cpu@17", "reg", 0), 0x101);
	assert_true(fdt_path_offset(dtb, "/cpus/cpu@20") < 0);
}

static void test_mpidr(void **state)
{
	(void)state;
	assert_int_equal(machine_cpu_mpidr(0), 0);
	assert_int_equal(machine_cpu_mpidr(15), 0xf);
	assert_int_equal(machine_cpu_mpidr(16), 0x100);
	assert_int_equal(machine_cpu_mpidr(63), 0x30f);
}

static void test_psci(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	build_ok(&m);
	assert_true(has_compat("/psci", "arm,psci-1.0"));
	assert_true(has_compat("/psci", "arm,psci-0.2"));
	assert_string_equal(str("/psci", "method"), "hvc");
	m.psci_smc = true;
	build_ok(&m);
	assert_string_equal(str("/psci", "method"), "smc");
}

static void test_gicv3(void **state)
{
	struct machine_desc m;
	const char *gic = "/intc@8000000";

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	m.nr_cpus = 4;
	build_ok(&m);
	assert_true(has_compat(gic, "arm,gic-v3"));
	assert_int_equal(cell(gic, "#interrupt-cells", 0), 3);
	assert_non_null(fdt_getprop(dtb, node(gic), "interrupt-controller", NULL));
	assert_int_equal(cell(gic, "phandle", 0), FDT_PHANDLE_GIC);
	assert_int_equal(cell(gic, "#redistributor-regions", 0), 1);
	assert_int_equal(ncells(gic, "reg"), 8);
	assert_int_equal(cell64(gic, "reg", 0), 0x08000000);
	assert_int_equal(cell64(gic, "reg", 1), 0x10000);
	assert_int_equal(cell64(gic, "reg", 2), 0x080a0000);
	assert_int_equal(cell64(gic, "reg", 3), 4 * 0x20000);
}

/* QEMU virt's ITS (a child of the GICv3 node) and PMU nodes, only when the
 * machine has them; refused where the machine cannot have them. */
static void test_its_and_pmu(void **state)
{
	struct machine_desc m;
	const char *its = "/intc@8000000/its@8080000";

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	m.nr_cpus = 2;
	build_ok(&m);
	assert_true(fdt_path_offset(dtb, its) < 0);
	assert_true(fdt_path_offset(dtb, "/pmu") < 0);

	m.its = m.pmu = true;
	build_ok(&m);
	assert_true(has_compat(its, "arm,gic-v3-its"));
	assert_non_null(fdt_getprop(dtb, node(its), "msi-controller", NULL));
	assert_int_equal(cell(its, "#msi-cells", 0), 1);
	assert_int_equal(cell64(its, "reg", 0), 0x08080000);
	assert_int_equal(cell64(its, "reg", 1), 0x20000);
	assert_int_equal(cell(its, "phandle", 0), FDT_PHANDLE_ITS);
	/* The GIC's own properties precede its ITS child (a property after a
	 * subnode is invisible to readers: the GIC would lose its phandle
	 * and every interrupt-parent reference, the timer's included). */
	assert_int_equal(cell("/intc@8000000", "phandle", 0), FDT_PHANDLE_GIC);
	assert_int_equal(fdt_node_offset_by_phandle(dtb, FDT_PHANDLE_GIC), node("/intc@8000000"));
	assert_true(has_compat("/pmu", "arm,armv8-pmuv3"));
	assert_int_equal(ncells("/pmu", "interrupts"), 3);
	assert_int_equal(cell("/pmu", "interrupts", 0), 1);      /* PPI */
	assert_int_equal(cell("/pmu", "interrupts", 1), 7);      /* INTID 23 */
	assert_int_equal(cell("/pmu", "interrupts", 2), 4);

	/* GICv2: no ITS; the PMU's flags carry the CPU mask. */
	m.gic_version = 2;
	m.its = false;
	build_ok(&m);
	assert_int_equal(cell("/pmu", "interrupts", 2), 0x304);
	m.its = true;
	assert_int_equal(fdt_build(&m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ITS needs a GICv3"));
	m.its = false;
	m.gic_version = 0;
	assert_int_equal(fdt_build(&m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "PMU needs its interrupt"));
}

static void test_gicv2_and_custom_base(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH32);
	m.gic_version = 2;
	m.nr_cpus = 8;
	m.gic_dist_base = 0x2c001000;
	m.gic_cpu_base = 0x2c002000;
	build_ok(&m);
	assert_true(has_compat("/intc@2c001000", "arm,cortex-a15-gic"));
	assert_int_equal(cell64("/intc@2c001000", "reg", 0), 0x2c001000);
	assert_int_equal(cell64("/intc@2c001000", "reg", 2), 0x2c002000);
	assert_int_equal(cell64("/intc@2c001000", "reg", 3), 0x10000);
}

static void test_timer(void **state)
{
	struct machine_desc m;
	static const uint32_t ppis[4] = { 13, 14, 11, 10 };

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH32);
	m.nr_cpus = 2;
	build_ok(&m);
	assert_true(has_compat("/timer", "arm,armv8-timer"));
	assert_true(has_compat("/timer", "arm,armv7-timer"));
	assert_non_null(fdt_getprop(dtb, node("/timer"), "always-on", NULL));
	assert_int_equal(ncells("/timer", "interrupts"), 12);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(cell("/timer", "interrupts", 3 * i), 1);  /* PPI */
		assert_int_equal(cell("/timer", "interrupts", 3 * i + 1), ppis[i]);
		assert_int_equal(cell("/timer", "interrupts", 3 * i + 2), 4);
	}
	/* GICv2: the flags carry the CPU mask, as QEMU writes them. */
	m.gic_version = 2;
	m.nr_cpus = 4;
	build_ok(&m);
	assert_int_equal(cell("/timer", "interrupts", 2), 0xf04);
}

static void test_pl011_pl031_clock(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	build_ok(&m);
	assert_int_equal(cell("/apb-pclk", "phandle", 0), FDT_PHANDLE_APB_PCLK);
	assert_int_equal(cell("/apb-pclk", "clock-frequency", 0), 24000000);
	assert_int_equal(cell("/apb-pclk", "#clock-cells", 0), 0);
	assert_true(has_compat("/apb-pclk", "fixed-clock"));

	assert_true(has_compat("/pl011@9000000", "arm,pl011"));
	assert_true(has_compat("/pl011@9000000", "arm,primecell"));
	assert_int_equal(cell64("/pl011@9000000", "reg", 0), 0x09000000);
	assert_int_equal(cell64("/pl011@9000000", "reg", 1), 0x1000);
	assert_int_equal(cell("/pl011@9000000", "interrupts", 0), 0);  /* SPI */
	assert_int_equal(cell("/pl011@9000000", "interrupts", 1), 1);
	assert_int_equal(cell("/pl011@9000000", "interrupts", 2), 4);
	assert_int_equal(cell("/pl011@9000000", "clocks", 0), FDT_PHANDLE_APB_PCLK);
	assert_int_equal(cell("/pl011@9000000", "clocks", 1), FDT_PHANDLE_APB_PCLK);
	int len;
	const char *names = getprop("/pl011@9000000", "clock-names", &len);
	assert_int_equal(len, sizeof("uartclk\0apb_pclk"));
	assert_memory_equal(names, "uartclk\0apb_pclk", len);

	assert_true(has_compat("/pl031@9010000", "arm,pl031"));
	assert_int_equal(cell("/pl031@9010000", "interrupts", 1), 2);
	assert_string_equal(str("/pl031@9010000", "clock-names"), "apb_pclk");

	set_dev(&m, BOARD_DEV_PL031, false);
	build_ok(&m);
	assert_true(fdt_path_offset(dtb, "/pl031@9010000") < 0);
}

static void test_virtio_transports(void **state)
{
	struct machine_desc m;
	int count = 0;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	set_virtio(&m, 1u << 0 | 1u << 3 | 1u << 31);
	build_ok(&m);
	assert_true(has_compat("/virtio_mmio@a000000", "virtio,mmio"));
	assert_int_equal(cell64("/virtio_mmio@a000600", "reg", 0), 0x0a000600);
	assert_int_equal(cell64("/virtio_mmio@a000600", "reg", 1), 0x200);
	assert_int_equal(cell("/virtio_mmio@a000600", "interrupts", 1), 19);
	assert_int_equal(cell("/virtio_mmio@a000600", "interrupts", 2), 1);  /* edge */
	assert_int_equal(cell("/virtio_mmio@a003e00", "interrupts", 1), 47);
	assert_non_null(fdt_getprop(dtb, node("/virtio_mmio@a003e00"),
				    "dma-coherent", NULL));
	for (int off = fdt_node_offset_by_compatible(dtb, -1, "virtio,mmio");
	     off >= 0; off = fdt_node_offset_by_compatible(dtb, off, "virtio,mmio"))
		count++;
	assert_int_equal(count, 3);
}

static void test_armvm_devices(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	build_ok(&m);
	assert_true(fdt_node_offset_by_compatible(dtb, -1, "armvm,testdev") < 0);
	assert_true(fdt_node_offset_by_compatible(dtb, -1, "armvm,bootmark") < 0);
	set_dev(&m, BOARD_DEV_TESTDEV, true);
	set_dev(&m, BOARD_DEV_BOOTMARK, true);
	build_ok(&m);
	assert_true(has_compat("/testdev@b000000", "armvm,testdev"));
	assert_int_equal(cell64("/testdev@b000000", "reg", 0), 0x0b000000);
	assert_int_equal(cell64("/testdev@b000000", "reg", 1), 0x1000);
	assert_true(has_compat("/bootmark@b001000", "armvm,bootmark"));
	assert_int_equal(cell64("/bootmark@b001000", "reg", 0), 0x0b001000);
}

/* gic_version 0: no interrupt controller, so no node names an interrupt. */
static void test_no_gic(void **state)
{
	struct machine_desc m;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH32);
	m.gic_version = 0;
	m.nr_cpus = 9;                       /* no GICv2 limit without a GIC */
	set_dev(&m, BOARD_DEV_TESTDEV, true);
	set_dev(&m, BOARD_DEV_BOOTMARK, true);
	build_ok(&m);
	assert_null(fdt_getprop(dtb, 0, "interrupt-parent", NULL));
	assert_true(fdt_node_offset_by_compatible(dtb, -1, "arm,gic-v3") < 0);
	assert_true(fdt_node_offset_by_compatible(dtb, -1, "arm,cortex-a15-gic") < 0);
	assert_true(fdt_node_offset_by_prop_value(dtb, -1, "interrupt-controller",
						  NULL, 0) < 0);
	assert_true(fdt_path_offset(dtb, "/timer") < 0);
	assert_int_equal(fdt_node_offset_by_phandle(dtb, FDT_PHANDLE_GIC),
			 -FDT_ERR_NOTFOUND);
	/* The devices are there, without interrupts. */
	assert_int_equal(cell64("/pl011@9000000", "reg", 0), 0x09000000);
	assert_null(fdt_getprop(dtb, node("/pl011@9000000"), "interrupts", NULL));
	assert_true(has_compat("/pl031@9010000", "arm,pl031"));
	assert_null(fdt_getprop(dtb, node("/pl031@9010000"), "interrupts", NULL));
	assert_true(has_compat("/testdev@b000000", "armvm,testdev"));
	assert_string_equal(str("/psci", "method"), "hvc");
	assert_non_null(fdt_getprop(dtb, node("/cpus/cpu@8"), "reg", NULL));
	assert_string_equal(str("/chosen", "stdout-path"), "/pl011@9000000");
	/* No property anywhere refers to an interrupt. */
	for (int off = fdt_next_node(dtb, -1, NULL); off >= 0;
	     off = fdt_next_node(dtb, off, NULL)) {
		assert_null(fdt_getprop(dtb, off, "interrupts", NULL));
		assert_null(fdt_getprop(dtb, off, "interrupt-parent", NULL));
	}
}

static void expect_error(const struct machine_desc *m, size_t bufsize,
			 const char *needle)
{
	memset(err, 0, sizeof(err));
	assert_int_equal(fdt_build(m, dev_fdt_node, dtb, bufsize, err, sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" lacks \"%s\"", err, needle);
	assert_null(strchr(err, '\n'));
}

static void test_errors(void **state)
{
	struct machine_desc m, bad;
	char big[1100];

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	bad = m; bad.nr_cpus = 0;
	expect_error(&bad, sizeof(dtb), "0 vCPUs");
	bad = m; bad.nr_cpus = 65;
	expect_error(&bad, sizeof(dtb), "65 vCPUs");
	bad = m; bad.gic_version = 4;
	expect_error(&bad, sizeof(dtb), "GIC version 4");
	bad = m; bad.gic_version = 1;
	expect_error(&bad, sizeof(dtb), "GIC version 1");
	bad = m; bad.gic_version = 0; set_virtio(&bad, 1u << 2);
	expect_error(&bad, sizeof(dtb), "virtio-mmio transports need interrupts");
	bad = m; bad.gic_version = 2; bad.nr_cpus = 9;
	expect_error(&bad, sizeof(dtb), "GICv2");
	bad = m; bad.ram_size = 0;
	expect_error(&bad, sizeof(dtb), "RAM size is zero");
	bad = m; bad.ram_base = UINT64_MAX - 100;
	expect_error(&bad, sizeof(dtb), "wraps");
	bad = m; bad.initrd_start = 0x48000000; bad.initrd_end = 0x47000000;
	expect_error(&bad, sizeof(dtb), "initrd end");
	bad = m; bad.arch = 7;
	expect_error(&bad, sizeof(dtb), "architecture");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	bad = m; bad.arch = MACHINE_ARCH_AARCH32; bad.cmdline = big;
	expect_error(&bad, sizeof(dtb), "at most 1023");
	bad = m; bad.cmdline = big;          /* fine for AArch64 */
	build_ok(&bad);
	expect_error(&m, 512, "does not fit in 512 bytes");
	expect_error(&m, 8, "unusable");
	assert_int_equal(fdt_build(NULL, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err)), -1);
	assert_int_equal(fdt_build(&m, dev_fdt_node, NULL, sizeof(dtb), NULL, 0), -1);
}

/* fdt_create() clears the room it gets: fdt_build() gives it only what the
 * tree needs, so the pages of a large buffer past it are never written. */
static void test_writes_only_what_the_tree_needs(void **state)
{
	struct machine_desc m;
	static char big_cmdline[2048];
	size_t used;
	int n;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	memset(dtb, 0xa5, sizeof(dtb));
	n = fdt_build(&m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err));
	assert_true(n > 0 && n <= FDT_BUILD_FIRST_TRY);
	for (size_t i = FDT_BUILD_FIRST_TRY; i < sizeof(dtb); i++)
		if (dtb[i] != 0xa5)
			fail_msg("byte %zu past the first %d was written", i, FDT_BUILD_FIRST_TRY);

	/* A tree larger than the first try: built whole, in the first doubled
	 * room it fits in. */
	memset(big_cmdline, 'c', sizeof(big_cmdline) - 1);
	m.cmdline = big_cmdline;
	m.nr_cpus = 64;
	memset(dtb, 0xa5, sizeof(dtb));
	n = fdt_build(&m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err));
	if (n <= FDT_BUILD_FIRST_TRY)
		fail_msg("fdt_build: %d (%s)", n, err);
	assert_int_equal(fdt_check_full(dtb, (size_t)n), 0);
	assert_string_equal(fdt_getprop(dtb, fdt_path_offset(dtb, "/chosen"), "bootargs", NULL),
			    big_cmdline);
	for (used = FDT_BUILD_FIRST_TRY; used < (size_t)n; used *= 2)
		;
	assert_true(used < sizeof(dtb));
	for (size_t i = used; i < sizeof(dtb); i++)
		if (dtb[i] != 0xa5)
			fail_msg("byte %zu past the first %zu was written", i, used);
}

static void test_every_size_fits_or_fails_cleanly(void **state)
{
	struct machine_desc m;
	int full;

	(void)state;
	machine_desc_default(&m, MACHINE_ARCH_AARCH64);
	m.nr_cpus = 8;
	set_virtio(&m, 0xff);
	set_dev(&m, BOARD_DEV_TESTDEV, true);
	set_dev(&m, BOARD_DEV_BOOTMARK, true);
	m.cmdline = "console=ttyAMA0";
	full = fdt_build(&m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err));
	assert_true(full > 0);
	for (int size = 64; size < full + 64; size += 7) {
		int n = fdt_build(&m, dev_fdt_node, dtb, (size_t)size, err, sizeof(err));

		if (size < full)
			assert_int_equal(n, -1);
		else
			assert_int_equal(n, full);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_and_chosen),
		cmocka_unit_test(test_no_optional_chosen),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_mpidr),
		cmocka_unit_test(test_psci),
		cmocka_unit_test(test_gicv3),
		cmocka_unit_test(test_its_and_pmu),
		cmocka_unit_test(test_gicv2_and_custom_base),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_pl011_pl031_clock),
		cmocka_unit_test(test_virtio_transports),
		cmocka_unit_test(test_armvm_devices),
		cmocka_unit_test(test_no_gic),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_every_size_fits_or_fails_cleanly),
		cmocka_unit_test(test_writes_only_what_the_tree_needs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
