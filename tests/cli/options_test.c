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
	/* unit_shift 0 (bytes without a unit) and 20 (MiB, as -m takes it). */
	static const struct { const char *s; unsigned shift; uint64_t v; int ok; } cases[] = {
		{ "128M", 0, 128ULL << 20, 0 }, { "1G", 0, 1ULL << 30, 0 },
		{ "1g", 0, 1ULL << 30, 0 }, { "64k", 0, 64 << 10, 0 },
		{ "65536", 0, 65536, 0 }, { "0x100000", 0, 0x100000, 0 },
		{ "256MiB", 0, 256ULL << 20, 0 }, { "2MB", 0, 2ULL << 20, 0 },
		{ "", 0, 0, -1 }, { "-1M", 0, 0, -1 }, { "12Q", 0, 0, -1 },
		{ "M", 0, 0, -1 }, { "99999999999999999999", 0, 0, -1 },
		{ "20000000000T", 0, 0, -1 }, { "1Mx", 0, 0, -1 },
		/* MiB by default: QEMU's and kvmtool's -m 128. */
		{ "128", 20, 128ULL << 20, 0 }, { "0x80", 20, 128ULL << 20, 0 },
		{ "2048", 20, 2048ULL << 20, 0 }, { "0", 20, 0, 0 },
		/* A unit overrides the default, B included. */
		{ "128M", 20, 128ULL << 20, 0 }, { "1G", 20, 1ULL << 30, 0 },
		{ "512K", 20, 512ULL << 10, 0 }, { "1T", 20, 1ULL << 40, 0 },
		{ "1GiB", 20, 1ULL << 30, 0 }, { "4096B", 20, 4096, 0 },
		{ "4096b", 20, 4096, 0 }, { "4096B", 0, 4096, 0 },
		/* Errors stay errors; overflow in MiB is caught. */
		{ "17592186044416", 20, 0, -1 }, { "1.5G", 20, 0, -1 },
		{ "128 M", 20, 0, -1 }, { " 128", 20, 0, -1 }, { "128BiB", 20, 0, -1 },
		{ "1KB ", 20, 0, -1 }, { "", 20, 0, -1 }, { "B", 20, 0, -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 0;
		int r = cli_parse_size(cases[i].s, cases[i].shift, &v);
		char name[64], why[128];
		snprintf(name, sizeof(name), "size '%s' unit 1<<%u", cases[i].s,
			 cases[i].shift);
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
	       !strcmp(o.image, "guest.elf") && !o.dtb_out && !o.no_input && !o.no_seccomp &&
	       !o.set_uid && !o.set_gid && !o.chroot_dir && !o.unshare,
	       "run defaults", err);
}

static void test_run_all_options(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--aarch32", "-m", "256M", "--cpus=4", "--gic", "2",
			   "--load-addr", "0x40100000", "--dtb-out", "x.dtb",
			   "--kvm-path", "/tmp/kvm", "--initrd", "i.cpio",
			   "--append", "console=ttyAMA0", "--no-input", "--no-seccomp",
			   "--uid", "65534", "--gid=100", "--chroot", "/var/empty", "img.bin");
	report(r == 0 && o.aarch32 && o.memory == 256ULL << 20 && o.cpus == 4 &&
	       o.gic == CLI_GIC_V2 && o.raw && o.load_addr == 0x40100000 &&
	       !strcmp(o.dtb_out, "x.dtb") && !strcmp(o.kvm_path, "/tmp/kvm") &&
	       !strcmp(o.initrd, "i.cpio") && !strcmp(o.cmdline, "console=ttyAMA0") &&
	       o.no_input && o.no_seccomp && o.set_uid && o.uid == 65534 &&
	       o.set_gid && o.gid == 100 && !strcmp(o.chroot_dir, "/var/empty") &&
	       !strcmp(o.image, "img.bin"), "run all options", err);

	r = PARSE(&o, "run", "-m1G", "-c2", "--memory=64M", "--", "-odd-name");
	report(r == 0 && o.memory == 64ULL << 20 && o.cpus == 2 &&
	       !strcmp(o.image, "-odd-name"), "attached values and --", err);
}

static void test_unshare(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--unshare", "mount,net", "x");
	report(r == 0 && o.unshare == (CLI_UNSHARE_MOUNT | CLI_UNSHARE_NET), "--unshare mount,net", err);
	r = PARSE(&o, "run", "--unshare=pid", "--unshare", "net", "x");
	report(r == 0 && o.unshare == (CLI_UNSHARE_PID | CLI_UNSHARE_NET), "--unshare repeated adds", err);
	r = PARSE(&o, "run", "--unshare", "all", "--chroot", "/e", "--uid", "1", "x");
	report(r == 0 && o.unshare == (CLI_UNSHARE_MOUNT | CLI_UNSHARE_PID | CLI_UNSHARE_NET) &&
	       !strcmp(o.chroot_dir, "/e") && o.uid == 1, "--unshare all", err);
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
	EXPECT_ERROR("bad uid", "bad --uid 'nobody' (a numeric user id)", "run", "--uid", "nobody", "x");
	EXPECT_ERROR("bad gid", "bad --gid '-1' (a numeric group id)", "run", "--gid", "-1", "x");
	EXPECT_ERROR("chroot without a directory", "", "run", "x", "--chroot");
	EXPECT_ERROR("unshare unknown kind", "bad --unshare 'mount,ipc' (a comma-separated list of "
		     "mount, pid, net, or all)", "run", "--unshare", "mount,ipc", "x");
	EXPECT_ERROR("unshare empty item", "bad --unshare 'pid,'", "run", "--unshare", "pid,", "x");
	EXPECT_ERROR("unshare empty", "bad --unshare ''", "run", "--unshare=", "x");
	EXPECT_ERROR("unshare prefix", "bad --unshare 'ne'", "run", "--unshare", "ne", "x");
	EXPECT_ERROR("unshare without a value", "needs a value", "run", "x", "--unshare");
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
	EXPECT_ERROR("unaligned memory", "memory size 3000000 bytes is not a multiple of 4 KiB",
		     "run", "-m", "3000000B", "x");
	EXPECT_ERROR("unaligned memory in K", "memory size 4098 KiB is not a multiple of 4 KiB",
		     "run", "-m", "4098K", "x");
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

/* --decompress auto|guest (issue 8): who inflates a zImage. */
static void test_decompress(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "x");
	report(r == 0 && !o.decompress_guest, "decompress default auto", err);
	r = PARSE(&o, "run", "--decompress=guest", "--aarch32", "x");
	report(r == 0 && o.decompress_guest, "decompress=guest", err);
	r = PARSE(&o, "run", "--decompress", "guest", "--decompress", "auto", "x");
	report(r == 0 && !o.decompress_guest, "decompress: the last one counts", err);
	EXPECT_ERROR("bad decompress", "bad --decompress 'host' (auto or guest)",
		     "run", "--decompress", "host", "x");
	EXPECT_ERROR("decompress without a value", "needs a value", "run", "x",
		     "--decompress");
}

/* -m as QEMU and kvmtool take it: a number without a unit is MiB. */
static void test_memory_mib(void)
{
	static const struct { char *arg; uint64_t v; } ok[] = {
		{ "128", 128ULL << 20 }, { "2", 2ULL << 20 }, { "1024", 1ULL << 30 },
		{ "0x100", 256ULL << 20 }, { "128M", 128ULL << 20 },
		{ "128MiB", 128ULL << 20 }, { "1G", 1ULL << 30 }, { "2048K", 2ULL << 20 },
		{ "size=512", 512ULL << 20 }, { "size=1G", 1ULL << 30 },
		{ "8388608B", 8ULL << 20 }, { "1047552", 1047552ULL << 20 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct cli_options o;
		char err[256], name[64];
		int r = PARSE(&o, "run", "-m", ok[i].arg, "x");
		snprintf(name, sizeof(name), "-m %s", ok[i].arg);
		report(r == 0 && o.memory == ok[i].v, name, err);
		r = PARSE(&o, "run", "--memory", ok[i].arg, "x");
		snprintf(name, sizeof(name), "--memory %s", ok[i].arg);
		report(r == 0 && o.memory == ok[i].v, name, err);
	}
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "-m128", "x");
	report(r == 0 && o.memory == 128ULL << 20, "-m128 attached", err);
	r = PARSE(&o, "run", "--memory=256", "x");
	report(r == 0 && o.memory == 256ULL << 20, "--memory=256", err);
	r = PARSE(&o, "run", "--aarch32", "-m", "3072", "x");
	report(r == 0 && o.memory == 3ULL << 30, "aarch32 -m 3072", err);

	EXPECT_ERROR("-m 1 (MiB) below the minimum",
		     "memory size 1 MiB is below the minimum of 2 MiB", "run", "-m", "1", "x");
	EXPECT_ERROR("-m 0 below the minimum",
		     "memory size 0 MiB is below the minimum of 2 MiB", "run", "-m", "0", "x");
	EXPECT_ERROR("-m 1000K below the minimum",
		     "memory size 1000 KiB is below the minimum", "run", "-m", "1000K", "x");
	EXPECT_ERROR("-m in bytes is now MiB and too big",
		     "memory size 3000000 MiB is above the maximum of 1047552 MiB",
		     "run", "-m", "3000000", "x");
	EXPECT_ERROR("-m 1047553 above the maximum", "above the maximum", "run", "-m",
		     "1047553", "x");
	EXPECT_ERROR("aarch32 -m 3073", "3073 MiB is above the maximum of 3072 MiB for "
		     "an AArch32 guest", "run", "--aarch32", "-m", "3073", "x");
	EXPECT_ERROR("-m overflowing MiB", "bad memory size '17592186044416'", "run",
		     "-m", "17592186044416", "x");
	EXPECT_ERROR("-m with a fraction", "bad memory size '1.5G' (a number of MiB, or "
		     "with a unit: 512M, 1G)", "run", "-m", "1.5G", "x");
	EXPECT_ERROR("-m QEMU hotplug options", "bad memory size '1G,slots=2,maxmem=4G'",
		     "run", "-m", "1G,slots=2,maxmem=4G", "x");
	EXPECT_ERROR("-m size= empty", "bad memory size ''", "run", "-m", "size=", "x");
	EXPECT_ERROR("-m negative", "bad memory size '-128'", "run", "-m", "-128", "x");
	EXPECT_ERROR("-m missing value", "option -m needs a value", "run", "x", "-m");
	EXPECT_ERROR("--memory missing value", "option --memory needs a value", "run",
		     "x", "--memory");
}

/* QEMU's -smp, -kernel, -initrd and -append. */
static void test_qemu_spellings(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "-smp", "4", "x");
	report(r == 0 && o.cpus == 4, "-smp 4", err);
	r = PARSE(&o, "run", "--smp", "2", "x");
	report(r == 0 && o.cpus == 2, "--smp 2", err);
	r = PARSE(&o, "run", "--smp=3", "x");
	report(r == 0 && o.cpus == 3, "--smp=3", err);
	r = PARSE(&o, "run", "-smp", "cpus=8", "x");
	report(r == 0 && o.cpus == 8, "-smp cpus=8", err);
	r = PARSE(&o, "run", "-smp", "2,maxcpus=2", "x");
	report(r == 0 && o.cpus == 2, "-smp 2,maxcpus=2", err);
	r = PARSE(&o, "run", "-smp", "cpus=3,maxcpus=3", "x");
	report(r == 0 && o.cpus == 3, "-smp cpus=3,maxcpus=3", err);
	r = PARSE(&o, "run", "-smp", "maxcpus=5", "x");
	report(r == 0 && o.cpus == 5, "-smp maxcpus=5", err);
	r = PARSE(&o, "run", "-c", "2", "-smp", "4", "x");
	report(r == 0 && o.cpus == 4, "-c then -smp: the last wins", err);
	r = PARSE(&o, "run", "-smp", "4", "--cpus", "3", "x");
	report(r == 0 && o.cpus == 3, "-smp then --cpus: the last wins", err);
	r = PARSE(&o, "run", "-smp", "64", "x");
	report(r == 0 && o.cpus == 64, "-smp 64", err);

	r = PARSE(&o, "run", "-kernel", "Image");
	report(r == 0 && o.command == CLI_CMD_RUN && !strcmp(o.image, "Image"),
	       "-kernel Image", err);
	r = PARSE(&o, "run", "--kernel", "Image");
	report(r == 0 && !strcmp(o.image, "Image"), "--kernel Image", err);
	r = PARSE(&o, "run", "--kernel=Image");
	report(r == 0 && !strcmp(o.image, "Image"), "--kernel=Image", err);
	r = PARSE(&o, "run", "-initrd", "i.cpio", "-append", "console=ttyAMA0 quiet",
		  "-kernel", "Image");
	report(r == 0 && !strcmp(o.initrd, "i.cpio") &&
	       !strcmp(o.cmdline, "console=ttyAMA0 quiet") && !strcmp(o.image, "Image"),
	       "-initrd -append -kernel", err);
	/* The whole QEMU-style line a user types. */
	r = PARSE(&o, "run", "-m", "512", "-smp", "2", "-kernel", "Image", "-initrd",
		  "initrd.gz", "-append", "console=ttyAMA0", "--disk", "root.img");
	report(r == 0 && o.memory == 512ULL << 20 && o.cpus == 2 &&
	       !strcmp(o.image, "Image") && !strcmp(o.initrd, "initrd.gz") &&
	       !strcmp(o.cmdline, "console=ttyAMA0") && o.nr_virtio == 1,
	       "QEMU-style command line", err);
	/* A value that looks like an option is still the value. */
	r = PARSE(&o, "run", "-append", "-v", "-kernel", "-odd");
	report(r == 0 && !strcmp(o.cmdline, "-v") && !strcmp(o.image, "-odd"),
	       "-append/-kernel values starting with -", err);
	r = PARSE(&o, "run", "-append", "", "x");
	report(r == 0 && !strcmp(o.cmdline, ""), "-append empty", err);
	r = PARSE(&o, "run", "--version");
	report(r == 0 && o.command == CLI_CMD_VERSION, "run --version", err);
	r = PARSE(&o, "version");
	report(r == 0 && o.command == CLI_CMD_VERSION, "version", err);
	r = PARSE(&o, "--version");
	report(r == 0 && o.command == CLI_CMD_VERSION, "--version", err);

	EXPECT_ERROR("-smp 0", "vCPU count 0 out of range 1..64", "run", "-smp", "0", "x");
	EXPECT_ERROR("-smp 65", "vCPU count 65 out of range", "run", "-smp", "65", "x");
	EXPECT_ERROR("-smp 9 with GICv2", "at most 8", "run", "--gic", "2", "-smp", "9", "x");
	EXPECT_ERROR("-smp garbage", "bad -smp 'four' (use -smp N or -smp cpus=N)", "run",
		     "-smp", "four", "x");
	EXPECT_ERROR("-smp empty", "bad -smp ''", "run", "-smp", "", "x");
	EXPECT_ERROR("-smp trailing comma", "bad -smp '2,'", "run", "-smp", "2,", "x");
	EXPECT_ERROR("-smp cpus= empty", "bad -smp 'cpus='", "run", "-smp", "cpus=", "x");
	EXPECT_ERROR("-smp negative", "bad -smp '-1'", "run", "-smp", "-1", "x");
	EXPECT_ERROR("-smp count twice", "bad -smp '2,cpus=4'", "run", "-smp", "2,cpus=4", "x");
	EXPECT_ERROR("-smp topology", "armvm takes only the vCPU count (-smp N or -smp "
		     "cpus=N), not 'sockets=2'", "run", "-smp", "4,sockets=2", "x");
	EXPECT_ERROR("-smp cores", "not 'cores=4'", "run", "-smp", "cores=4", "x");
	EXPECT_ERROR("-smp maxcpus above", "maxcpus must equal the vCPU count", "run",
		     "-smp", "2,maxcpus=4", "x");
	EXPECT_ERROR("-smp missing value", "option -smp needs a value", "run", "x", "-smp");
	EXPECT_ERROR("-smp= is not QEMU's", "unknown option '-smp=4'", "run", "-smp=4", "x");
	EXPECT_ERROR("-kernel and an image", "more than one image: 'Image' and 'x'", "run",
		     "-kernel", "Image", "x");
	EXPECT_ERROR("an image and -kernel", "more than one image: 'x' and 'Image'", "run",
		     "x", "-kernel", "Image");
	EXPECT_ERROR("-kernel twice", "more than one image", "run", "-kernel", "a",
		     "-kernel", "b");
	EXPECT_ERROR("-kernel and --", "more than one image", "run", "-kernel", "a",
		     "--", "b");
	EXPECT_ERROR("-kernel empty", "empty image path", "run", "-kernel", "");
	EXPECT_ERROR("-kernel missing value", "option -kernel needs a value", "run", "-kernel");
	EXPECT_ERROR("-initrd missing value", "option -initrd needs a value", "run", "x",
		     "-initrd");
	EXPECT_ERROR("-append missing value", "option -append needs a value", "run", "x",
		     "-append");
	EXPECT_ERROR("no image, -kernel hinted", "or -kernel <image>", "run", "-m", "128");
	/* Single-dash long forms only for QEMU's spellings. */
	EXPECT_ERROR("-memory is not an option", "unknown option '-memory'", "run",
		     "-memory", "128", "x");
	EXPECT_ERROR("-disk is not an option", "unknown option '-disk'", "run", "-disk",
		     "a.img", "x");
	EXPECT_ERROR("-cpus is not -c pus", "unknown option '-cpus'", "run", "-cpus", "2", "x");
	EXPECT_ERROR("-mlots is not -m lots", "unknown option '-mlots'", "run", "-mlots", "x");
	EXPECT_ERROR("-c2x", "bad vCPU count '2x'", "run", "-c2x", "x");
	EXPECT_ERROR("-initrd= is not QEMU's", "unknown option '-initrd=i'", "run",
		     "-initrd=i", "x");
}

static void test_gdb(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "x");
	report(r == 0 && !o.gdb && !o.gdb_wait, "no gdb stub by default", err);
	r = PARSE(&o, "run", "--gdb", "localhost:2000", "x");
	report(r == 0 && o.gdb && !strcmp(o.gdb, "localhost:2000") && !o.gdb_wait, "--gdb HOST:PORT", err);
	r = PARSE(&o, "run", "--gdb=1234", "--gdb-wait", "x");
	report(r == 0 && o.gdb && !strcmp(o.gdb, "1234") && o.gdb_wait, "--gdb=PORT --gdb-wait", err);
	r = PARSE(&o, "run", "-s", "-S", "x");
	report(r == 0 && o.gdb && !strcmp(o.gdb, ":1234") && o.gdb_wait, "QEMU's -s -S", err);
	r = PARSE(&o, "run", "-gdb", "tcp::4321", "x");
	report(r == 0 && o.gdb && !strcmp(o.gdb, ":4321"), "QEMU's -gdb tcp::PORT", err);
	EXPECT_ERROR("--gdb-wait alone", "--gdb-wait (-S) needs a gdb stub", "run", "-S", "x");
	EXPECT_ERROR("--gdb without a value", "option --gdb needs a value", "run", "x", "--gdb");
	EXPECT_ERROR("--gdb empty", "--gdb needs [HOST:]PORT", "run", "--gdb", "tcp:", "x");
	EXPECT_ERROR("--gdb with --dtb-out", "nothing runs to debug", "run", "-s", "--dtb-out", "d", "x");
}

/* The vPMU and the ITS: the host decides by default (QEMU virt's). */
static void test_pmu_its(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "x");
	report(r == 0 && !o.no_pmu && !o.its && !o.no_its, "PMU and ITS: the host decides", err);
	r = PARSE(&o, "run", "--no-pmu", "--no-its", "x");
	report(r == 0 && o.no_pmu && o.no_its && !o.its, "--no-pmu --no-its", err);
	r = PARSE(&o, "run", "--its", "x");
	report(r == 0 && o.its && !o.no_its, "--its insists", err);
	EXPECT_ERROR("--its with --no-its", "--its and --no-its contradict", "run", "--its", "--no-its", "x");
}

static void test_aarch32_max(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--aarch32", "-m", "3G", "x");
	report(r == 0 && o.memory == 3ULL << 30, "aarch32 3G fits below 4 GiB", err);
}

static void test_api(void)
{
	struct cli_options o;
	char err[256];
	int r = PARSE(&o, "run", "--api-sock", "/tmp/s");
	report(r == 0 && o.command == CLI_CMD_RUN && !o.image &&
	       !strcmp(o.api_sock, "/tmp/s"), "api-sock without an image", err);
	r = PARSE(&o, "run", "--api-sock=/tmp/s", "-c", "2", "g.elf");
	report(r == 0 && !strcmp(o.image, "g.elf") && o.cpus == 2, "api-sock with an image", err);
	r = PARSE(&o, "run", "--config-file", "vm.json", "--no-input");
	report(r == 0 && !o.image && !strcmp(o.config_file, "vm.json"), "config-file", err);
	EXPECT_ERROR("config-file with an image", "--config-file gives the kernel",
		     "run", "--config-file", "vm.json", "g.elf");
	EXPECT_ERROR("config-file with a disk", "--config-file gives the kernel",
		     "run", "--config-file", "vm.json", "--disk", "d.img");
	EXPECT_ERROR("api-sock empty", "--api-sock needs a socket path", "run", "--api-sock", "");
	EXPECT_ERROR("api-sock with gdb", "--gdb with --api-sock", "run", "--api-sock", "s",
		     "-s", "g.elf");
	EXPECT_ERROR("no image, no api", "no image given", "run", "-c", "2");
	r = PARSE(&o, "restore", "--disk", "d.img", "s.snap", "s.mem");
	report(r == 0 && o.command == CLI_CMD_RESTORE && !strcmp(o.image, "s.snap") &&
	       !strcmp(o.restore_mem, "s.mem") && o.nr_virtio == 1, "restore", err);
	r = PARSE(&o, "restore", "--api-sock", "s", "--paused", "a", "b");
	report(r == 0 && o.restore_paused, "restore --paused", err);
	EXPECT_ERROR("restore --paused without api", "needs --api-sock", "restore", "--paused",
		     "a", "b");
	EXPECT_ERROR("restore one operand", "usage: armvm restore", "restore", "a");
	EXPECT_ERROR("restore three operands", "more than one image", "restore", "a", "b", "c");
	EXPECT_ERROR("restore -c", "'-c' is the snapshot's to say", "restore", "-c", "2", "a", "b");
	EXPECT_ERROR("restore -c2", "is the snapshot's to say", "restore", "-c2", "a", "b");
	EXPECT_ERROR("restore -m512M", "is the snapshot's to say", "restore", "-m512M", "a", "b");
	EXPECT_ERROR("restore --gic=2", "is the snapshot's to say", "restore", "--gic=2", "a", "b");
	EXPECT_ERROR("restore --aarch32", "is the snapshot's to say", "restore", "--aarch32", "a", "b");
	EXPECT_ERROR("restore --config-file", "is the snapshot's to say", "restore",
		     "--config-file", "f", "a", "b");
	r = PARSE(&o, "restore", "--console", "virtio", "--rng", "--net", "tap=t0", "a", "b");
	report(r == 0 && o.nr_virtio == 3, "restore back ends", err);
	r = PARSE(&o, "restore", "--help");
	report(r == 0 && o.command == CLI_CMD_RESTORE_HELP, "restore --help", err);
	r = PARSE(&o, "api", "sock", "GET", "/");
	report(r == 0 && o.command == CLI_CMD_API && o.sub_argc == 3 &&
	       !strcmp(o.sub_argv[0], "sock"), "api", err);
	r = PARSE(&o, "snapshot", "--stop", "sock", "s", "m");
	report(r == 0 && o.command == CLI_CMD_SNAPSHOT && o.sub_argc == 4, "snapshot", err);
}

int main(void)
{
	test_api();
	test_sizes();
	test_run_defaults();
	test_run_all_options();
	test_unshare();
	test_help();
	test_errors();
	test_aarch32_max();
	test_memory_mib();
	test_qemu_spellings();
	test_virtio();
	test_gic_none();
	test_gdb();
	test_pmu_its();
	test_decompress();
	return failures ? 1 : 0;
}
