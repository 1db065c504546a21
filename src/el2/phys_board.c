// SPDX-License-Identifier: MIT
/*
 * The physical board from the boot loader's device tree (see phys_board.h).
 * Bindings: Documentation/devicetree/bindings in Linux — memory
 * (device_type "memory"), cpus (reg = MPIDR affinity), arm,gic-v3 (reg:
 * GICD, GICR), arm,gic-400 / arm,cortex-a15-gic (reg: GICD, GICC, GICH,
 * GICV; interrupts: the maintenance PPI), arm,pl011, arm,psci (method).
 * Addresses are translated to CPU physical addresses through the parents'
 * `ranges` (a Raspberry Pi's peripherals sit behind /soc's).
 */
#include <libfdt.h>
#include <string.h>

#include "arch/mpidr.h"
#include "el2/phys_board.h"
#include "el2/print.h"

#define GIC_PPI_BASE   16   /* INTID of PPI 0 (GIC spec: PPIs are 16-31) */
#define FDT_IRQ_TYPE_PPI 1  /* first cell of a GIC interrupt specifier */

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

static int cells_of(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = node >= 0 ? fdt_getprop(fdt, node, name, &len) : NULL;

	return p && len == 4 ? (int)fdt32_to_cpu(*p) : dflt;
}

/*
 * Translate `addr` on the bus of `node`'s parent up to the root. A parent
 * without `ranges` ends the translation (an unmapped bus): -1.
 */
static int translate(const void *fdt, int node, uint64_t *addr)
{
	int bus = fdt_parent_offset(fdt, node);

	while (bus > 0) {
		int parent = fdt_parent_offset(fdt, bus);
		int len;
		const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);
		int ca = cells_of(fdt, bus, "#address-cells", 2);
		int pa = cells_of(fdt, parent, "#address-cells", 2);
		int cs = cells_of(fdt, bus, "#size-cells", 1);
		int entry = ca + pa + cs;
		int found = 0;

		if (!r)
			return -1;
		if (len == 0) {         /* empty ranges: identity */
			bus = parent;
			continue;
		}
		if (entry <= 0 || ca > 2 || pa > 2 || cs > 2)
			return -1;
		for (int i = 0; i + entry * 4 <= len; i += entry * 4) {
			const fdt32_t *e = r + i / 4;
			uint64_t child = read_cells(e, ca);
			uint64_t parent_addr = read_cells(e + ca, pa);
			uint64_t size = read_cells(e + ca + pa, cs);

			if (*addr >= child && *addr - child < size) {
				*addr = parent_addr + (*addr - child);
				found = 1;
				break;
			}
		}
		if (!found)
			return -1;
		bus = parent;
	}
	return 0;
}

/* The idx-th (address, size) pair of `node`'s reg, translated. */
static int reg_at(const void *fdt, int node, int idx, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = cells_of(fdt, parent, "#address-cells", 2);
	int sc = cells_of(fdt, parent, "#size-cells", 1);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || (idx + 1) * (ac + sc) * 4 > len)
		return -1;
	reg += idx * (ac + sc);
	*base = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return translate(fdt, node, base);
}

static int fail(char *err, size_t errlen, const char *msg)
{
	hyp_snprintf(err, errlen, "%s", msg);
	return -1;
}

static int parse_memory(const void *fdt, struct phys_board *b)
{
	int node = -1;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "memory", sizeof("memory"))) >= 0) {
		uint64_t base, size;

		for (int i = 0; b->nr_mem < PHYS_BOARD_MAX_MEM &&
		     reg_at(fdt, node, i, &base, &size) == 0; i++) {
			if (!size)
				continue;
			b->mem[b->nr_mem].base = base;
			b->mem[b->nr_mem].size = size;
			b->nr_mem++;
		}
	}
	return b->nr_mem ? 0 : -1;
}

static int parse_cpus(const void *fdt, struct phys_board *b)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int ac = cells_of(fdt, cpus, "#address-cells", 1);
	int node;

	if (cpus < 0 || ac < 1 || ac > 2)
		return -1;
	fdt_for_each_subnode(node, fdt, cpus) {
		int len;
		const char *type = fdt_getprop(fdt, node, "device_type", &len);
		const char *method;
		const fdt32_t *reg, *rel;

		if (!type || strcmp(type, "cpu") != 0)
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < ac * 4)
			continue;
		if (b->nr_cpus == PHYS_BOARD_MAX_CPUS) {
			b->cpus_ignored++;
			continue;
		}
		b->cpu_mpidr[b->nr_cpus] = read_cells(reg, ac) & MPIDR_AFF_MASK;
		method = fdt_getprop(fdt, node, "enable-method", &len);
		rel = fdt_getprop(fdt, node, "cpu-release-addr", &len);
		if (method && strcmp(method, "spin-table") == 0 && rel && len == 8)
			b->cpu_release_addr[b->nr_cpus] = read_cells(rel, 2);
		b->nr_cpus++;
	}
	return b->nr_cpus ? 0 : -1;
}

static int parse_gic(const void *fdt, struct phys_board *b, char *err, size_t errlen)
{
	static const char *const v2[] = { "arm,gic-400", "arm,cortex-a15-gic",
					  "arm,cortex-a7-gic", "arm,cortex-a9-gic" };
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	int len;
	const fdt32_t *irq;

	if (node >= 0) {
		b->gic_version = 3;
		if (reg_at(fdt, node, 0, &b->gicd_base, &b->gicd_size) < 0 ||
		    reg_at(fdt, node, 1, &b->gicr_base, &b->gicr_size) < 0)
			return fail(err, errlen, "the GICv3 node has no GICD and GICR in reg");
	} else {
		for (unsigned i = 0; node < 0 && i < sizeof(v2) / sizeof(v2[0]); i++)
			node = fdt_node_offset_by_compatible(fdt, -1, v2[i]);
		if (node < 0)
			return fail(err, errlen, "no GICv3 or GICv2 (arm,gic-v3, arm,gic-400, arm,cortex-a15-gic) in the device tree");
		b->gic_version = 2;
		if (reg_at(fdt, node, 0, &b->gicd_base, &b->gicd_size) < 0 ||
		    reg_at(fdt, node, 1, &b->gicc_base, &b->gicc_size) < 0)
			return fail(err, errlen, "the GICv2 node has no GICD and GICC in reg");
		if (reg_at(fdt, node, 2, &b->gich_base, &b->gich_size) < 0 ||
		    reg_at(fdt, node, 3, &b->gicv_base, &b->gicv_size) < 0)
			return fail(err, errlen, "the GICv2 has no virtualization extensions (no GICH and GICV in reg)");
	}
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (irq && len >= 12 && fdt32_to_cpu(irq[0]) == FDT_IRQ_TYPE_PPI)
		b->gic_maint_intid = GIC_PPI_BASE + fdt32_to_cpu(irq[1]);
	return 0;
}

/* The PL011 /chosen/stdout-path names (path or alias, ":options" cut),
 * else the first PL011 that is not disabled. */
static void parse_uart(const void *fdt, struct phys_board *b)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int len, node = -1;
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;
	uint64_t size;

	if (path) {
		const char *colon = strchr(path, ':');
		int n = colon ? (int)(colon - path) : (int)strlen(path);

		node = path[0] == '/' ? fdt_path_offset_namelen(fdt, path, n) : -1;
		if (path[0] != '/') {
			const char *alias = fdt_get_alias_namelen(fdt, path, n);

			node = alias ? fdt_path_offset(fdt, alias) : -1;
		}
		if (node >= 0 && fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
			node = -1;
	}
	if (node < 0) {
		node = -1;
		while ((node = fdt_node_offset_by_compatible(fdt, node, "arm,pl011")) >= 0) {
			const char *st = fdt_getprop(fdt, node, "status", &len);

			if (!st || strcmp(st, "okay") == 0 || strcmp(st, "ok") == 0)
				break;
		}
	}
	if (node >= 0 && reg_at(fdt, node, 0, &b->uart_base, &size) < 0)
		b->uart_base = 0;
}

/* interrupts: secure physical, non-secure physical, virtual, hypervisor. */
static void parse_timer(const void *fdt, struct phys_board *b)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	int len;
	const fdt32_t *irq = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;

	if (!irq || len < 4 * 3 * 4)
		return;
	if (fdt32_to_cpu(irq[2 * 3]) == FDT_IRQ_TYPE_PPI)
		b->timer_virt_intid = GIC_PPI_BASE + fdt32_to_cpu(irq[2 * 3 + 1]);
	if (fdt32_to_cpu(irq[3 * 3]) == FDT_IRQ_TYPE_PPI)
		b->timer_hyp_intid = GIC_PPI_BASE + fdt32_to_cpu(irq[3 * 3 + 1]);
}

static void parse_psci(const void *fdt, struct phys_board *b)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	int node = -1, len;
	const char *method;

	for (unsigned i = 0; node < 0 && i < sizeof(compat) / sizeof(compat[0]); i++)
		node = fdt_node_offset_by_compatible(fdt, -1, compat[i]);
	method = node >= 0 ? fdt_getprop(fdt, node, "method", &len) : NULL;
	if (!method)
		b->psci = PHYS_PSCI_NONE;
	else if (strcmp(method, "smc") == 0)
		b->psci = PHYS_PSCI_SMC;
	else if (strcmp(method, "hvc") == 0)
		b->psci = PHYS_PSCI_HVC;
}

int phys_board_parse(const void *fdt, struct phys_board *b, char *err, size_t errlen)
{
	memset(b, 0, sizeof(*b));
	if (!fdt || fdt_check_header(fdt) != 0)
		return fail(err, errlen, "no valid device tree (x0 at entry)");
	/* The lookups below trust the structure block: a corrupt one (found
	 * by fuzz_phys_board) sent fdt_node_offset_by_prop_value round in an
	 * endless loop. Check it whole once, as the boot loader's tree is
	 * read only here. */
	if (fdt_check_full(fdt, fdt_totalsize(fdt)) != 0)
		return fail(err, errlen, "the device tree (x0 at entry) is malformed");
	if (parse_memory(fdt, b) < 0)
		return fail(err, errlen, "the device tree has no memory node with a usable reg");
	if (parse_cpus(fdt, b) < 0)
		return fail(err, errlen, "the device tree has no /cpus/cpu nodes");
	/* Before the GIC: a board refused for its GIC can still be told so. */
	parse_uart(fdt, b);
	if (parse_gic(fdt, b, err, errlen) < 0)
		return -1;
	parse_timer(fdt, b);
	parse_psci(fdt, b);
	return 0;
}

int phys_board_cpu_index(const struct phys_board *b, uint64_t mpidr)
{
	mpidr &= MPIDR_AFF_MASK;
	for (unsigned i = 0; i < b->nr_cpus; i++)
		if (b->cpu_mpidr[i] == mpidr)
			return (int)i;
	return -1;
}

int phys_board_is_ram(const struct phys_board *b, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < b->nr_mem; i++)
		if (base >= b->mem[i].base && size <= b->mem[i].size &&
		    base - b->mem[i].base <= b->mem[i].size - size)
			return 1;
	return 0;
}
