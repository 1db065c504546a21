// SPDX-License-Identifier: MIT
/* Native tests of the partition configuration parser and validator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "../../el2/tools/el2_config.h"
#include "machine/machine.h"

static struct el2_config cfg;
static char err[512];

/* Bit (1 << type) for each device type on the board. */
static unsigned device_bits(const struct board *b)
{
	unsigned bits = 0;

	for (unsigned i = 0; i < b->nr; i++)
		bits |= 1u << b->dev[i].type;
	return bits;
}

static int load(const char *text)
{
	err[0] = '\0';
	if (el2_config_parse("t.conf", text, &cfg, err, sizeof(err)) < 0)
		return -1;
	return el2_config_validate("t.conf", &cfg, err, sizeof(err));
}

static void test_sizes(void **state)
{
	uint64_t v;

	(void)state;
	assert_true(el2_parse_size("64M", &v));
	assert_int_equal(v, 64ULL << 20);
	assert_true(el2_parse_size("1G", &v));
	assert_int_equal(v, 1ULL << 30);
	assert_true(el2_parse_size("0x200000", &v));
	assert_int_equal(v, 0x200000);
	assert_true(el2_parse_size("4096k", &v));
	assert_int_equal(v, 4096ULL << 10);
	assert_false(el2_parse_size("", &v));
	assert_false(el2_parse_size("-1M", &v));
	assert_false(el2_parse_size("12MB", &v));
	assert_false(el2_parse_size("M", &v));
}

static void test_two_partitions(void **state)
{
	(void)state;
	assert_int_equal(load("# demo\nconsole = 1\n"
			      "[partition first]\narch = aarch64\ncpus = 0, 1\nram = 64M\n"
			      "image = a.elf   # comment\ndevices = pl011, testdev\n"
			      "initrd = r.cpio\ncmdline = console=ttyAMA0 root=/dev/vda\n\n"
			      "[partition second]\narch = aarch32\ncpus = 3,2\nram = 32M\n"
			      "image = b.elf\nentry = 0x40080000\non_fault = abort\n"), 0);
	assert_int_equal(cfg.nr_parts, 2);
	assert_int_equal(cfg.console, 1);
	assert_string_equal(cfg.parts[0].name, "first");
	assert_int_equal(cfg.parts[0].arch, MACHINE_ARCH_AARCH64);
	assert_int_equal(cfg.parts[0].nr_cpus, 2);
	assert_int_equal(device_bits(&cfg.parts[0].board),
			 1u << BOARD_DEV_PL011 | 1u << BOARD_DEV_TESTDEV);
	assert_string_equal(cfg.parts[0].image, "a.elf");
	assert_string_equal(cfg.parts[0].initrd, "r.cpio");
	assert_string_equal(cfg.parts[0].cmdline, "console=ttyAMA0 root=/dev/vda");
	assert_string_equal(cfg.parts[1].initrd, "");
	assert_false(cfg.parts[0].fault_inject);
	assert_int_equal(cfg.parts[1].arch, MACHINE_ARCH_AARCH32);
	assert_int_equal(cfg.parts[1].cpus[0], 3);
	assert_int_equal(cfg.parts[1].cpus[1], 2);
	assert_int_equal(cfg.parts[1].entry, 0x40080000);
	assert_true(cfg.parts[1].fault_inject);
	/* placed one after the other above the hypervisor's 64 MiB */
	assert_int_equal(cfg.parts[0].ram_phys, 0x44000000);
	assert_int_equal(cfg.parts[1].ram_phys, 0x48000000);
}

static void test_auto_placement_skips_fixed(void **state)
{
	(void)state;
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"
			      "ram_phys = 0x44000000\n"
			      "[partition b]\narch = aarch64\ncpus = 1\nram = 16M\nimage = x\n"
			      "[partition c]\narch = aarch64\ncpus = 2\nram = 8M\nimage = x\n"
			      "ram_phys = 0x48000000\n"), 0);
	assert_int_equal(cfg.parts[1].ram_phys, 0x48800000);
}

/* A board whose RAM starts at 0 (a Raspberry Pi): partitions go above the
 * hypervisor's 64 MiB there, and not past machine_ram. */
static void test_machine_ram_base(void **state)
{
	(void)state;
	assert_int_equal(load("machine_ram_base = 0x0\nmachine_ram = 944M\n"
			      "[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"), 0);
	assert_int_equal(cfg.machine_ram_base, 0);
	assert_int_equal(cfg.parts[0].ram_phys, 0x4000000);
	assert_int_equal(load("machine_ram_base = 0x0\nmachine_ram = 944M\n"
			      "[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"
			      "ram_phys = 0x44000000\n"), -1);
	assert_non_null(strstr(err, "outside the partition area 0x4000000-0x3b000000"));
	assert_int_equal(load("machine_ram_base = 0x1000\n[partition a]\narch = aarch64\n"
			      "cpus = 0\nram = 64M\nimage = x\n"), -1);
	assert_non_null(strstr(err, "t.conf:1: bad machine_ram_base"));
}

static void test_disk_takes_physical_memory(void **state)
{
	(void)state;
	assert_int_equal(el2_config_parse("t.conf",
			 "[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\ndisk = d.img\n"
			 "[partition b]\narch = aarch64\ncpus = 1\nram = 64M\nimage = x\n",
			 &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.parts[0].disk, "d.img");
	cfg.parts[0].disk_size = 3 << 20;     /* rounded up to 4 MiB */
	assert_int_equal(el2_config_validate("t.conf", &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.parts[0].ram_phys, 0x44000000);
	assert_int_equal(cfg.parts[1].ram_phys, 0x48400000);
}

/* Defect 5 of issue 14: sizes whose sums wrap 64 bits must not pass. */
static void test_sizes_that_wrap(void **state)
{
	static const char two[] =
		"[partition a]\narch = aarch64\ncpus = 0\nram = 0xFFFFFFFFC0000000\nimage = x\ndisk = d\n"
		"[partition b]\narch = aarch64\ncpus = 1\nram = 64M\nimage = x\n";

	(void)state;
	/* RAM of 2^64 - 1 GiB plus a 1 GiB disk: the footprint wraps to 0. */
	assert_int_equal(el2_config_parse("t.conf", two, &cfg, err, sizeof(err)), 0);
	cfg.parts[0].disk_size = 1ULL << 30;
	assert_int_equal(el2_config_validate("t.conf", &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.conf:1: partition 'a': RAM plus disk"));
	/* The same placed explicitly, and a disk whose rounding wraps. */
	assert_int_equal(el2_config_parse("t.conf",
			 "[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"
			 "ram_phys = 0xFFFFFFFFC0000000\ndisk = d\n", &cfg, err, sizeof(err)), 0);
	cfg.parts[0].disk_size = 512ULL << 20;
	assert_int_equal(el2_config_validate("t.conf", &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "outside the partition area"));
	cfg.parts[0].ram_phys = 0;
	cfg.parts[0].disk_size = UINT64_MAX - 10;
	assert_int_equal(el2_config_validate("t.conf", &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "RAM plus disk"));
	/* AArch32 RAM so large that VIRT_RAM_BASE + ram wraps below 4 GiB. */
	assert_int_equal(load("[partition a]\narch = aarch32\ncpus = 0\nram = 0xFFFFFFFFC0000000\nimage = x\n"), -1);
	assert_string_equal(err, "t.conf:1: partition 'a': AArch32 RAM must end below 4 GiB");
}

static void test_errors_name_line(void **state)
{
	(void)state;
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"
			      "ram = lots\n"), -1);
	assert_string_equal(err, "t.conf:6: bad RAM size 'lots'");
	assert_int_equal(load("[partition a]\narch = aarch64\n[partition a]\n"), -1);
	assert_string_equal(err, "t.conf:3: partition 'a' defined twice");
	assert_int_equal(load("[part a]\n"), -1);
	assert_string_equal(err, "t.conf:1: expected '[partition NAME]' or '[channel NAME]'");
	assert_int_equal(load("[partition a]\nnonsense\n"), -1);
	assert_string_equal(err, "t.conf:2: expected 'key = value'");
	assert_int_equal(load("[partition a]\ndevices = pl011, floppy\n"), -1);
	assert_string_equal(err, "t.conf:2: unknown device 'floppy' (known: pl011, pl031, testdev, bootmark)");
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\n"), -1);
	assert_string_equal(err, "t.conf:1: partition 'a': no image");
	assert_int_equal(load("[partition a]\ncpus = 0,1,2,3,4\n"), -1);
	assert_string_equal(err, "t.conf:2: more than 4 CPUs for one partition");
	assert_int_equal(load("[partition bad name]\n"), -1);
}

static void test_validation(void **state)
{
	(void)state;
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"
			      "[partition b]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"), -1);
	assert_string_equal(err, "t.conf:6: partition 'b': CPU 0 is already given to partition 'a'");
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 1,1\nram = 64M\nimage = x\n"), -1);
	assert_string_equal(err, "t.conf:1: partition 'a': CPU 1 is already given to partition 'a'");
	assert_int_equal(load("machine_cpus = 2\n[partition a]\narch = aarch64\ncpus = 2\nram = 64M\nimage = x\n"), -1);
	assert_string_equal(err, "t.conf:2: partition 'a': CPU 2 does not exist (machine_cpus = 2)");
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\nram_phys = 0x40000000\n"), -1);
	assert_non_null(strstr(err, "outside the partition area 0x44000000-0x80000000"));
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\nram_phys = 0x44100000\n"), -1);
	assert_string_equal(err, "t.conf:1: partition 'a': ram_phys must be 2M aligned");
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\nram_phys = 0x48000000\n"
			      "[partition b]\narch = aarch64\ncpus = 1\nram = 64M\nimage = x\nram_phys = 0x4a000000\n"), -1);
	assert_string_equal(err, "t.conf:7: partition 'b': RAM 0x4a000000-0x4e000000 overlaps partition 'a' (0x48000000-0x4c000000)");
	assert_int_equal(load("console = 3\n[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = x\n"), -1);
	assert_string_equal(err, "t.conf: console = 3, but there are 1 partitions");
	assert_int_equal(load(""), -1);
	assert_string_equal(err, "t.conf: no [partition] defined");
}

static void test_aarch32_syndrome(void **state)
{
	static const char part[] = "[partition a]\narch = aarch32\ncpus = 0\nram = 64M\nimage = x\n";
	char text[256];

	(void)state;
	assert_int_equal(load(part), 0);
	assert_int_equal(cfg.aarch32_syndrome, EL2_AARCH32_SYNDROME_PROBE);
	snprintf(text, sizeof(text), "aarch32_syndrome = arch\n%s", part);
	assert_int_equal(load(text), 0);
	assert_int_equal(cfg.aarch32_syndrome, EL2_AARCH32_SYNDROME_ARCH);
	snprintf(text, sizeof(text), "aarch32_syndrome = banked\n%s", part);
	assert_int_equal(load(text), 0);
	assert_int_equal(cfg.aarch32_syndrome, EL2_AARCH32_SYNDROME_BANKED);
	snprintf(text, sizeof(text), "aarch32_syndrome = qemu\n%s", part);
	assert_int_equal(load(text), -1);
	assert_string_equal(err, "t.conf:1: aarch32_syndrome must be probe, arch or banked, not 'qemu'");
}

static const char two_owners[] =
	"machine_virtio_blk = 8 /tmp/a,b.img\n"
	"machine_virtio_net = 16 user\n"
	"[partition blk]\narch = aarch64\ncpus = 0\nram = 64M\nram_ipa = phys\nimage = a.elf\n"
	"passthrough = virtio-mmio 0x0a001000 4K 24-31\n"
	"[partition net]\narch = aarch32\ncpus = 1\nram = 64M\nram_ipa = phys\nimage = b.elf\n"
	"passthrough = virtio-mmio 0x0a002000 4K 32-35, 36-39\n"
	"passthrough = mmio 0x0a004000 0x2000\n";

static unsigned count_type(const struct board *b, enum board_dev_type type)
{
	unsigned n = 0;

	for (unsigned i = 0; i < b->nr; i++)
		n += b->dev[i].type == type;
	return n;
}

static void test_passthrough(void **state)
{
	struct board dt;

	(void)state;
	assert_int_equal(el2_config_parse("t.conf", two_owners, &cfg, err, sizeof(err)), 0);
	for (unsigned i = 0; i < cfg.nr_parts; i++)
		assert_true(board_add_virtio_absent(&cfg.parts[i].board) > 0);
	assert_int_equal(el2_config_validate("t.conf", &cfg, err, sizeof(err)), 0);
	/* RAM at IPA = PA for the DMA devices' owners. */
	assert_int_equal(cfg.parts[0].ram_ipa, cfg.parts[0].ram_phys);
	assert_int_equal(cfg.parts[1].ram_ipa, cfg.parts[1].ram_phys);
	assert_int_equal(cfg.parts[1].nr_passthrough, 2);
	assert_int_equal(cfg.parts[1].passthrough[0].range.nr_spis, 8);
	assert_int_equal(cfg.parts[1].passthrough[0].range.spi[7], 39);
	assert_int_equal(cfg.parts[1].passthrough[1].range.nr_spis, 0);
	/* Nobody keeps an absent transport where a partition owns the page:
	 * 32 - 8 - 8 on both boards (the mmio range is not on a transport). */
	el2_passthrough_trim_boards(&cfg);
	assert_int_equal(count_type(&cfg.parts[0].board, BOARD_DEV_VIRTIO_ABSENT), 16);
	assert_int_equal(count_type(&cfg.parts[1].board, BOARD_DEV_VIRTIO_ABSENT), 16);
	/* The owner's tree describes its transports, one SPI each. */
	assert_int_equal(el2_passthrough_dt_board(&cfg.parts[0], &dt), 0);
	assert_int_equal(count_type(&dt, BOARD_DEV_VIRTIO_MMIO), 8);
	const struct board_dev *d = board_find(&dt, BOARD_DEV_VIRTIO_MMIO);
	assert_int_equal(d->base, 0x0a001000);
	assert_int_equal(d->spi, 24);
}

static void test_machine_qemu_args(void **state)
{
	char args[4096];

	(void)state;
	assert_int_equal(load(two_owners), 0);
	el2_machine_qemu_args(&cfg, args, sizeof(args));
	assert_non_null(strstr(args, "-smp\n4\n-m\n1024M\n"));
	/* A comma in a path is doubled, as QEMU's option syntax wants. */
	assert_non_null(strstr(args, "-drive\nfile=/tmp/a,,b.img,if=none,format=raw,id=el2blk0\n"));
	assert_non_null(strstr(args, "virtio-blk-device,drive=el2blk0,bus=virtio-mmio-bus.8\n"));
	assert_non_null(strstr(args, "-netdev\nuser,id=el2net1,restrict=on\n"));
	assert_non_null(strstr(args, "virtio-net-device,netdev=el2net1,bus=virtio-mmio-bus.16\n"));
	assert_non_null(strstr(args, "-M\nvirt,virtualization=on,gic-version=3\n"));
	/* machine_gic picks QEMU's GIC (the image runs on either). */
	assert_int_equal(load("machine_gic = 2\n[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = a.elf\n"), 0);
	el2_machine_qemu_args(&cfg, args, sizeof(args));
	assert_non_null(strstr(args, "-M\nvirt,virtualization=on,gic-version=2\n"));
	assert_int_equal(load("machine_gic = 4\n[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = a.elf\n"), -1);
	assert_int_equal(load("machine_gic = v2\n[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = a.elf\n"), -1);
}

static void test_channel(void **state)
{
	static uint8_t fdt[4096];

	(void)state;
	assert_int_equal(load("[partition a]\narch = aarch64\ncpus = 0\nram = 64M\nimage = a.elf\n"
			      "[channel c1]\nbetween = b, a\nsize = 16K\n"
			      "[partition b]\narch = aarch32\ncpus = 1\nram = 64M\nimage = b.elf\n"), 0);
	assert_int_equal(cfg.nr_channels, 1);
	assert_int_equal(cfg.channels[0].part[0], 1);
	assert_int_equal(cfg.channels[0].part[1], 0);
	assert_int_equal(cfg.channels[0].size, 16384);
	assert_int_equal(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	assert_int_equal(el2_channel_dt_add(&cfg, 0, fdt, sizeof(fdt), err, sizeof(err)), 0);
	int node = fdt_path_offset(fdt, "/channel@b100000");
	assert_true(node >= 0);
	assert_int_equal(fdt_node_check_compatible(fdt, node, "generic-uio"), 0);
	assert_string_equal(fdt_getprop(fdt, node, "armvm,peer", NULL), "b");
	const fdt32_t *side = fdt_getprop(fdt, node, "armvm,side", NULL);
	assert_int_equal(fdt32_to_cpu(*side), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_two_partitions),
		cmocka_unit_test(test_auto_placement_skips_fixed),
		cmocka_unit_test(test_machine_ram_base),
		cmocka_unit_test(test_disk_takes_physical_memory),
		cmocka_unit_test(test_sizes_that_wrap),
		cmocka_unit_test(test_errors_name_line),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_aarch32_syndrome),
		cmocka_unit_test(test_passthrough),
		cmocka_unit_test(test_machine_qemu_args),
		cmocka_unit_test(test_channel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
