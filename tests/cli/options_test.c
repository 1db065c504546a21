/* SPDX-License-Identifier: MIT */
/*
 * Native unit tests of the `armvm` option parser. Prints one
 * PASS:/FAIL: line per case (a test suite for tests/run-suites.sh).
 */
#include <stdio.h>
#include <string.h>

#include "cli/options.h"
#include "machine/memmap.h"

static int failures;

static void report(bool ok, const char *name, const char *why)
{
	if (ok)
		printf("PASS: cli-options %s\n", name);
	else {
		printf("FAIL: cli-options %s %s\n", name, why);
		failures++;
	}
}

#define ARGV(...) ((char *[]){ "armvm", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof(ARGV(__VA_ARGS__)) / sizeof(char *)) - 1)
#define PARSE(o, ...) cli_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), o, err, sizeof(err))
#define EXPECT_ERROR(name, needle, ...) \
	expect_error(name, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), needle)

/* Expect parse failure whose message contains `needle`. */
static void expect_error(const char *name, int argc, char **argv, const char *needle)
{
	struct cli_options o;
	char err[256];
	int r = cli_parse(argc, argv, &o, err, sizeof(err));
	char why[400];
	snprintf(why, sizeof(why), "r=%d err='%s' wanted '%s'", r, err, needle);
	report(r < 0 && strstr(err, needle), name, why);
}

static void test_sizes(void)
{
	static const struct { const char *s; uint64_t v; int ok; } cases[] = {
		{ "128M", 128ULL << 20, 0 }, { "1G", 1ULL << 30, 0 },
		{ "1g", 1ULL << 30, 0 }, { "64k", 64 << 10, 0 },
		{ "65536", 65536, 0 }, { "0x100000", 0x100000, 0 },
		{ "256MiB", 256ULL << 20, 0 }, { "2MB", 2ULL << 20, 0 },
		{ "", 0, -1 }, { "-1M", 0, -1 }, { "12Q", 0, -1 },
		{ "M", 0, -1 }, { "99999999999999999999", 0, -1 },
		{ "20000000000T", 0, -1 }, { "1Mx", 0, -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 0;
		int r = cli_parse_size(cases[i].s, &v);
		char name[64], why[128];
		snprintf(name, sizeof(name), "size '%s'", cases[i].s);
		snprintf(why, sizeof(why), "r=%d v=%llu", r, (unsigned long long)v);
		report(r == cases[i].ok && (r < 0 || v == cases[i].v), name, why);
	}
}

static void test_run_defaults(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "guest.elf");
	report(r == 0 && o.command == CLI_CMD_RUN && !o.aarch32 &&
	       o.memory == CLI_MEM_DEFAULT && o.cpus == 1 && o.gic == CLI_GIC_AUTO &&
	       !o.raw && o.load_addr == VIRT_RAM_BASE + 0x80000 &&
	       !strcmp(o.image, "guest.elf") && !o.dtb_out && !o.no_input,
	       "run defaults", err);
}

static void test_run_all_options(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--aarch32", "-m", "256M", "--cpus=4", "--gic", "2",
			   "--load-addr", "0x40100000", "--dtb-out", "x.dtb",
			   "--kvm-path", "/tmp/kvm", "--initrd", "i.cpio",
			   "--append", "console=ttyAMA0", "--no-input", "img.bin");
	report(r == 0 && o.aarch32 && o.memory == 256ULL << 20 && o.cpus == 4 &&
	       o.gic == CLI_GIC_V2 && o.raw && o.load_addr == 0x40100000 &&
	       !strcmp(o.dtb_out, "x.dtb") && !strcmp(o.kvm_path, "/tmp/kvm") &&
	       !strcmp(o.initrd, "i.cpio") && !strcmp(o.cmdline, "console=ttyAMA0") &&
	       o.no_input &&
	       !strcmp(o.image, "img.bin"), "run all options", err);

	r = PARSE(&o, "run", "-m1G", "-c2", "--memory=64M", "--", "-odd-name");
	report(r == 0 && o.memory == 64ULL << 20 && o.cpus == 2 &&
	       !strcmp(o.image, "-odd-name"), "attached values and --", err);
}

static void test_help(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "--help");
	report(r == 0 && o.command == CLI_CMD_HELP, "--help", err);
	r = PARSE(&o, "run", "--help");
	report(r == 0 && o.command == CLI_CMD_RUN_HELP, "run --help", err);
}

static void test_errors(void)
{
	expect_error("no command", 1, ARGV(NULL), "no command");
	EXPECT_ERROR("unknown command", "unknown command 'fly'", "fly");
	EXPECT_ERROR("unknown global option", "unknown option", "--frobnicate");
	EXPECT_ERROR("unknown run option", "unknown option '--frobnicate'", "run", "--frobnicate", "x", "y");
	EXPECT_ERROR("no image", "no image", "run");
	EXPECT_ERROR("empty image path", "empty image path", "run", "");
	EXPECT_ERROR("two images", "more than one image", "run", "a", "b");
	EXPECT_ERROR("missing value", "needs a value", "run", "x", "-m");
	EXPECT_ERROR("zero memory", "below the minimum", "run", "-m", "0", "x");
	EXPECT_ERROR("tiny memory", "below the minimum", "run", "-m", "1M", "x");
	EXPECT_ERROR("absurd memory", "above the maximum", "run", "-m", "4T", "x");
	EXPECT_ERROR("garbage memory", "bad memory size", "run", "-m", "lots", "x");
	EXPECT_ERROR("aarch32 memory above 4G", "below 4 GiB", "run", "--aarch32", "-m", "4G", "x");
	EXPECT_ERROR("unaligned memory", "multiple of 4 KiB", "run", "-m", "3000000", "x");
	EXPECT_ERROR("zero cpus", "out of range", "run", "-c", "0", "x");
	EXPECT_ERROR("absurd cpus", "out of range", "run", "-c", "100000", "x");
	EXPECT_ERROR("negative cpus", "bad vCPU count", "run", "-c", "-2", "x");
	EXPECT_ERROR("gicv2 with 9 cpus", "at most 8", "run", "--gic", "2", "-c", "9", "x");
	EXPECT_ERROR("bad gic", "bad GIC version", "run", "--gic", "4", "x");
	EXPECT_ERROR("load addr below RAM", "outside RAM", "run", "--load-addr", "0x1000", "x");
	EXPECT_ERROR("load addr above RAM", "outside RAM", "run", "-m", "64M", "--load-addr", "0x44000000", "x");
}

static void test_virtio(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--disk", "a.img", "--rng", "--disk=b,c.img,ro",
		      "--console", "virtio", "--net", "tap=tap0", "x");
	bool ok = r == 0 && o.nr_virtio == 5 && o.console_virtio &&
		  o.virtio[0].kind == CLI_VIRTIO_BLK && o.virtio[0].arg_len == 5 &&
		  !strncmp(o.virtio[0].arg, "a.img", 5) && !o.virtio[0].readonly &&
		  o.virtio[1].kind == CLI_VIRTIO_RNG &&
		  o.virtio[2].kind == CLI_VIRTIO_BLK && o.virtio[2].arg_len == 7 &&
		  !strncmp(o.virtio[2].arg, "b,c.img", 7) && o.virtio[2].readonly &&
		  o.virtio[3].kind == CLI_VIRTIO_CONSOLE &&
		  o.virtio[4].kind == CLI_VIRTIO_NET_TAP && o.virtio[4].arg_len == 4 &&
		  !strncmp(o.virtio[4].arg, "tap0", 4);
	report(ok, "virtio devices in order", err);
	r = PARSE(&o, "run", "--console", "pl011", "x");
	report(r == 0 && !o.console_virtio && o.nr_virtio == 0, "console pl011", err);
	EXPECT_ERROR("disk without file", "--disk needs a file", "run", "--disk", ",ro", "x");
	EXPECT_ERROR("net not tap", "use --net tap=NAME", "run", "--net", "user", "x");
	EXPECT_ERROR("tap name too long", "bad tap interface name", "run", "--net",
		     "tap=abcdefghijklmnop", "x");
	EXPECT_ERROR("bad console", "bad console 'serial'", "run", "--console", "serial", "x");
	EXPECT_ERROR("two virtio consoles", "only one virtio console", "run", "--console",
		     "virtio", "--console", "virtio", "x");
	EXPECT_ERROR("33 virtio devices", "too many virtio devices", "run",
		     "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng",
		     "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng",
		     "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng",
		     "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng",
		     "--rng", "x");
}

static void test_gic_none(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--gic", "none", "-c", "9", "x");
	report(r == 0 && o.gic == CLI_GIC_NONE && o.cpus == 9,
	       "gic none (no 8-vCPU limit)", err);
	r = PARSE(&o, "run", "--gic=none", "--raw", "--aarch32", "x");
	report(r == 0 && o.gic == CLI_GIC_NONE && o.aarch32, "gic=none aarch32", err);
	EXPECT_ERROR("gic none with a disk", "need interrupts", "run", "--gic", "none",
		     "--disk", "a.img", "x");
	EXPECT_ERROR("gic none with rng", "need interrupts", "run", "--rng", "--gic",
		     "none", "x");
	EXPECT_ERROR("gic none with net", "need interrupts", "run", "--gic", "none",
		     "--net", "tap=tap0", "x");
	EXPECT_ERROR("gic none with virtio console", "need interrupts", "run",
		     "--console", "virtio", "--gic", "none", "x");
	EXPECT_ERROR("gic None is not none", "bad GIC version", "run", "--gic", "None", "x");
}

static void test_aarch32_max(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--aarch32", "-m", "3G", "x");
	report(r == 0 && o.memory == 3ULL << 30, "aarch32 3G fits below 4 GiB", err);
}

int main(void)
{
	test_sizes();
	test_run_defaults();
	test_run_all_options();
	test_help();
	test_errors();
	test_aarch32_max();
	test_virtio();
	test_gic_none();
	return failures ? 1 : 0;
}
