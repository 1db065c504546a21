/* SPDX-License-Identifier: MIT */
/* `armvm` command-line parsing; see options.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "machine/memmap.h"
#include "cli/errbuf.h"

/* Default raw-image load address, as for an arm64 Image's text_offset. */
#define CLI_RAW_LOAD_OFFSET 0x80000ULL

static int parse_u64(const char *s, uint64_t *out, char **end)
{
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, end, 0);
	if (errno || *end == s)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_size(const char *s, unsigned unit_shift, uint64_t *out)
{
	char *end;
	uint64_t v;
	if (parse_u64(s, &v, &end) < 0)
		return -1;
	unsigned shift = unit_shift;
	bool unit = true;
	switch (*end) {
	case '\0': unit = false; break;
	case 'b': case 'B': shift = 0; break;
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case 't': case 'T': shift = 40; break;
	default: return -1;
	}
	if (unit) {
		end++;
		/* Accept "128M", "128MB", "128MiB" (and "4096B"). */
		if (shift && (!strcmp(end, "B") || !strcmp(end, "iB")))
			end += strlen(end);
	}
	if (*end)
		return -1;
	if (shift >= 64 || (shift && v > (UINT64_MAX >> shift)))
		return -1;
	*out = v << shift;
	return 0;
}

/* "64 MiB", "4 KiB" or "1000 bytes": a size as the user would write it. */
static const char *show_size(uint64_t v, char *buf, size_t len)
{
	if (v % (1ULL << 20) == 0)
		snprintf(buf, len, "%llu MiB", (unsigned long long)(v >> 20));
	else if (v % (1ULL << 10) == 0)
		snprintf(buf, len, "%llu KiB", (unsigned long long)(v >> 10));
	else
		snprintf(buf, len, "%llu bytes", (unsigned long long)v);
	return buf;
}

static int parse_uint(const char *s, unsigned *out)
{
	char *end;
	uint64_t v;
	if (parse_u64(s, &v, &end) < 0 || *end || v > 0xffffffffULL)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/*
 * Match an option that takes a value, in any of its spellings (each may be
 * NULL): lng "--name VALUE" or "--name=VALUE"; qemu, QEMU's single-dash long
 * form "-name VALUE" (as QEMU takes it: no "=" form); shrt "-x VALUE" or
 * "-xVALUE" (attached only when VALUE starts with a digit, so that "-cpus"
 * or "-memory" are unknown options, not "-c pus"). Returns 1 with *val set, 0 if argv[*i] is not this option, -1
 * if the value is missing.
 */
static int option_value(int argc, char *const argv[], int *i, const char *lng,
			const char *qemu, const char *shrt, const char **val)
{
	const char *a = argv[*i];
	if (lng) {
		size_t n = strlen(lng);
		if (!strncmp(a, lng, n) && a[n] == '=') {
			*val = a + n + 1;
			return 1;
		}
	}
	bool exact = (lng && !strcmp(a, lng)) || (qemu && !strcmp(a, qemu)) ||
		     (shrt && !strcmp(a, shrt));
	if (!exact && shrt && !strncmp(a, shrt, 2) && a[2] >= '0' && a[2] <= '9') {
		*val = a + 2;
		return 1;
	}
	if (!exact)
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

/*
 * Guest RAM: a size where a number without a unit is MiB, as QEMU's and
 * kvmtool's -m take it ("-m 128" = 128 MiB); QEMU's "size=" prefix is taken.
 */
static int parse_memory(const char *v, uint64_t *out, char *err, size_t errlen)
{
	if (!strncmp(v, "size=", 5))
		v += 5;
	if (cli_parse_size(v, 20, out) < 0)
		return errbuf_fail(err, errlen, "bad memory size '%s' (a number of MiB, or "
			    "with a unit: 512M, 1G)", v);
	return 0;
}

/*
 * QEMU's -smp: "N" or "cpus=N", and "maxcpus=N" when it equals the count
 * (armvm has no CPU hotplug); CPU topology is not modelled, so sockets=,
 * cores= and the like are refused rather than silently ignored.
 */
static int parse_smp(const char *v, unsigned *cpus, char *err, size_t errlen)
{
	unsigned n = 0, max = 0;
	bool have_n = false, have_max = false;
	const char *p = v;
	for (unsigned k = 0;; k++) {
		size_t len = strcspn(p, ",");
		char item[32];
		if (len == 0 || len >= sizeof(item))
			return errbuf_fail(err, errlen, "bad -smp '%s' (use -smp N or -smp cpus=N)", v);
		memcpy(item, p, len);
		item[len] = '\0';
		const char *num = NULL;
		if (k == 0 && item[0] >= '0' && item[0] <= '9')
			num = item;
		else if (!strncmp(item, "cpus=", 5))
			num = item + 5;
		if (num) {
			if (have_n || parse_uint(num, &n) < 0)
				return errbuf_fail(err, errlen, "bad -smp '%s' (use -smp N or "
					    "-smp cpus=N)", v);
			have_n = true;
		} else if (!strncmp(item, "maxcpus=", 8)) {
			if (have_max || parse_uint(item + 8, &max) < 0)
				return errbuf_fail(err, errlen, "bad -smp '%s' (use -smp N or "
					    "-smp cpus=N)", v);
			have_max = true;
		} else if (strchr(item, '=')) {
			return errbuf_fail(err, errlen, "-smp '%s': armvm takes only the vCPU "
				    "count (-smp N or -smp cpus=N), not '%s'", v, item);
		} else {
			return errbuf_fail(err, errlen, "bad -smp '%s' (use -smp N or -smp cpus=N)", v);
		}
		p += len;
		if (!*p)
			break;
		p++;
	}
	if (!have_n && have_max) {
		n = max;
		have_n = true;
	}
	if (!have_n)
		return errbuf_fail(err, errlen, "bad -smp '%s' (use -smp N or -smp cpus=N)", v);
	if (have_max && max != n)
		return errbuf_fail(err, errlen, "-smp '%s': maxcpus must equal the vCPU count "
			    "(armvm has no CPU hotplug)", v);
	*cpus = n;
	return 0;
}

static int set_image(struct cli_options *o, const char *a, char *err, size_t errlen)
{
	if (o->image)
		return errbuf_fail(err, errlen, "more than one image: '%s' and '%s'",
			    o->image, a);
	o->image = a;
	return 0;
}

static int add_virtio(struct cli_options *o, enum cli_virtio_kind kind,
		      const char *arg, size_t len, bool ro, char *err, size_t errlen)
{
	if (o->nr_virtio == CLI_MAX_VIRTIO)
		return errbuf_fail(err, errlen, "too many virtio devices (at most %d)",
			    CLI_MAX_VIRTIO);
	o->virtio[o->nr_virtio++] = (struct cli_virtio){
		.kind = kind, .arg = arg, .arg_len = len, .readonly = ro,
	};
	return 0;
}

static int parse_disk(struct cli_options *o, const char *v, char *err, size_t errlen)
{
	size_t len = strlen(v);
	bool ro = len >= 3 && !strcmp(v + len - 3, ",ro");
	if (ro)
		len -= 3;
	if (len == 0)
		return errbuf_fail(err, errlen, "--disk needs a file: --disk PATH[,ro]");
	return add_virtio(o, CLI_VIRTIO_BLK, v, len, ro, err, errlen);
}

/* --unshare LIST: mount, pid, net (comma separated) or all; a repeat adds. */
static int parse_unshare(struct cli_options *o, const char *v, char *err, size_t errlen)
{
	static const struct { const char *name; unsigned flag; } kinds[] = {
		{ "mount", CLI_UNSHARE_MOUNT }, { "pid", CLI_UNSHARE_PID },
		{ "net", CLI_UNSHARE_NET },
		{ "all", CLI_UNSHARE_MOUNT | CLI_UNSHARE_PID | CLI_UNSHARE_NET },
	};
	const char *p = v;

	do {
		size_t n = strcspn(p, ",");
		unsigned flag = 0;
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !flag; i++)
			if (strlen(kinds[i].name) == n && !strncmp(p, kinds[i].name, n))
				flag = kinds[i].flag;
		if (!flag)
			return errbuf_fail(err, errlen, "bad --unshare '%s' (a comma-separated list "
				    "of mount, pid, net, or all)", v);
		o->unshare |= flag;
		p += n;
	} while (*p++ == ',');
	return 0;
}

static int parse_net(struct cli_options *o, const char *v, char *err, size_t errlen)
{
	if (strncmp(v, "tap=", 4))
		return errbuf_fail(err, errlen, "bad --net '%s' (use --net tap=NAME)", v);
	size_t len = strlen(v + 4);
	if (len == 0 || len > CLI_IFNAME_MAX || strchr(v + 4, '/'))
		return errbuf_fail(err, errlen, "bad tap interface name '%s' (1..%d "
			    "characters, no '/')", v + 4, CLI_IFNAME_MAX);
	return add_virtio(o, CLI_VIRTIO_NET_TAP, v + 4, len, false, err, errlen);
}

/* Options that shape the machine, which a snapshot fixes. */
static bool restore_refuses(const char *a)
{
	static const char *const machine[] = {
		"--aarch32", "-m", "--memory", "-c", "--cpus", "-smp", "--smp", "--gic",
		"--no-pmu", "--its", "--raw", "--load-addr", "-kernel", "--kernel",
		"--initrd", "-initrd", "--append", "-append", "--decompress",
		"--decompress-cache", "--dtb-out", "--gdb", "-gdb", "-s", "-S",
		"--gdb-wait", "--config-file", NULL };
	for (unsigned i = 0; machine[i]; i++) {
		size_t n = strlen(machine[i]);
		if (!strncmp(a, machine[i], n) && (a[n] == '\0' || a[n] == '=' ||
		    (a[1] != '-' && (a[1] == 'm' || a[1] == 'c') && n == 2)))
			return true;
	}
	return false;
}

static int parse_run(int argc, char *const argv[], int i, struct cli_options *o,
		     char *err, size_t errlen)
{
	bool load_addr_set = false;
	for (; i < argc; i++) {
		const char *a = argv[i], *v;
		int m;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			o->command = o->command == CLI_CMD_RESTORE ? CLI_CMD_RESTORE_HELP
								   : CLI_CMD_RUN_HELP;
			return 0;
		}
		if (o->command == CLI_CMD_RESTORE && restore_refuses(a))
			return errbuf_fail(err, errlen, "restore: '%s' is the snapshot's to say "
				    "(the machine is restored as it was saved)", a);
		if (!strcmp(a, "--version")) {
			o->command = CLI_CMD_VERSION;
			return 0;
		}
		if (!strcmp(a, "--aarch32")) { o->aarch32 = true; continue; }
		if (!strcmp(a, "--raw")) { o->raw = true; continue; }
		if (!strcmp(a, "--no-input")) { o->no_input = true; continue; }
		if (!strcmp(a, "--no-seccomp")) { o->no_seccomp = true; continue; }
		if (!strcmp(a, "--no-pmu")) { o->no_pmu = true; continue; }
		if (!strcmp(a, "--its")) { o->its = true; continue; }
		if (!strcmp(a, "--no-its")) { o->no_its = true; continue; }
		if (!strcmp(a, "-s")) { o->gdb = ":1234"; continue; }          /* QEMU: -gdb tcp::1234 */
		if (!strcmp(a, "--gdb-wait") || !strcmp(a, "-S")) { o->gdb_wait = true; continue; }
		if (!strcmp(a, "--rng")) {
			if (add_virtio(o, CLI_VIRTIO_RNG, NULL, 0, false, err, errlen) < 0)
				return -1;
			continue;
		}
		if (!strcmp(a, "--")) {
			if (i + 1 < argc && !o->image)
				o->image = argv[++i];
			else if (i + 1 < argc && o->image)
				return set_image(o, argv[i + 1], err, errlen);
			if (i + 1 < argc)
				return errbuf_fail(err, errlen, "unexpected argument '%s'", argv[i + 1]);
			break;
		}
#define VALUE(lng, qemu, shrt) \
		((m = option_value(argc, argv, &i, lng, qemu, shrt, &v)) < 0 ? \
		 errbuf_fail(err, errlen, "option %s needs a value", a) : m)
		if ((m = VALUE("--memory", NULL, "-m")) != 0) {
			if (m < 0 || parse_memory(v, &o->memory, err, errlen) < 0)
				return -1;
			continue;
		}
		if ((m = VALUE("--cpus", NULL, "-c")) != 0) {
			if (m < 0) return -1;
			if (parse_uint(v, &o->cpus) < 0)
				return errbuf_fail(err, errlen, "bad vCPU count '%s'", v);
			continue;
		}
		if ((m = VALUE("--smp", "-smp", NULL)) != 0) {
			if (m < 0 || parse_smp(v, &o->cpus, err, errlen) < 0)
				return -1;
			continue;
		}
		if ((m = VALUE("--kernel", "-kernel", NULL)) != 0) {
			if (m < 0 || set_image(o, v, err, errlen) < 0)
				return -1;
			continue;
		}
		if ((m = VALUE("--load-addr", NULL, NULL)) != 0) {
			char *end;
			if (m < 0) return -1;
			if (parse_u64(v, &o->load_addr, &end) < 0 || *end)
				return errbuf_fail(err, errlen, "bad load address '%s'", v);
			load_addr_set = true;
			o->raw = true;
			continue;
		}
		if ((m = VALUE("--gic", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (!strcmp(v, "auto")) o->gic = CLI_GIC_AUTO;
			else if (!strcmp(v, "2") || !strcmp(v, "v2")) o->gic = CLI_GIC_V2;
			else if (!strcmp(v, "3") || !strcmp(v, "v3")) o->gic = CLI_GIC_V3;
			else if (!strcmp(v, "none")) o->gic = CLI_GIC_NONE;
			else return errbuf_fail(err, errlen, "bad GIC version '%s' (auto, 2, 3 or none)", v);
			continue;
		}
		if ((m = VALUE("--decompress", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (!strcmp(v, "auto")) o->decompress_guest = false;
			else if (!strcmp(v, "guest")) o->decompress_guest = true;
			else return errbuf_fail(err, errlen, "bad --decompress '%s' (auto or guest)", v);
			continue;
		}
		if ((m = VALUE("--decompress-cache", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (!*v)
				return errbuf_fail(err, errlen, "--decompress-cache needs a directory");
			o->decompress_cache_dir = v;
			continue;
		}
		if ((m = VALUE("--dtb-out", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			o->dtb_out = v;
			continue;
		}
		if ((m = VALUE("--disk", NULL, NULL)) != 0) {
			if (m < 0 || parse_disk(o, v, err, errlen) < 0)
				return -1;
			continue;
		}
		if ((m = VALUE("--net", NULL, NULL)) != 0) {
			if (m < 0 || parse_net(o, v, err, errlen) < 0)
				return -1;
			continue;
		}
		if ((m = VALUE("--console", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (!strcmp(v, "pl011"))
				continue;
			if (strcmp(v, "virtio"))
				return errbuf_fail(err, errlen, "bad console '%s' (pl011 or virtio)", v);
			if (o->console_virtio)
				return errbuf_fail(err, errlen, "only one virtio console");
			o->console_virtio = true;
			if (add_virtio(o, CLI_VIRTIO_CONSOLE, NULL, 0, false, err, errlen) < 0)
				return -1;
			continue;
		}
		if ((m = VALUE("--uid", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (parse_uint(v, &o->uid) < 0 || o->uid == 0xffffffffu)
				return errbuf_fail(err, errlen, "bad --uid '%s' (a numeric user id)", v);
			o->set_uid = true;
			continue;
		}
		if ((m = VALUE("--gid", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (parse_uint(v, &o->gid) < 0 || o->gid == 0xffffffffu)
				return errbuf_fail(err, errlen, "bad --gid '%s' (a numeric group id)", v);
			o->set_gid = true;
			continue;
		}
		if ((m = VALUE("--chroot", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			o->chroot_dir = v;
			continue;
		}
		if ((m = VALUE("--unshare", NULL, NULL)) != 0) {
			if (m < 0 || parse_unshare(o, v, err, errlen) < 0)
				return -1;
			continue;
		}
		if ((m = VALUE("--kvm-path", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			o->kvm_path = v;
			continue;
		}
		if ((m = VALUE("--gdb", "-gdb", NULL)) != 0) {
			if (m < 0) return -1;
			/* QEMU's -gdb tcp::PORT / tcp:HOST:PORT */
			o->gdb = !strncmp(v, "tcp:", 4) ? v + 4 : v;
			if (!*o->gdb)
				return errbuf_fail(err, errlen, "--gdb needs [HOST:]PORT");
			continue;
		}
		if ((m = VALUE("--api-sock", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (!*v)
				return errbuf_fail(err, errlen, "--api-sock needs a socket path");
			o->api_sock = v;
			continue;
		}
		if ((m = VALUE("--config-file", NULL, NULL)) != 0) {
			if (m < 0) return -1;
			if (o->command == CLI_CMD_RESTORE)
				return errbuf_fail(err, errlen, "--config-file: restore takes the "
					    "machine from the snapshot");
			o->config_file = v;
			continue;
		}
		if (o->command == CLI_CMD_RESTORE && !strcmp(a, "--paused")) {
			o->restore_paused = true;
			continue;
		}
		if ((m = VALUE("--initrd", "-initrd", NULL)) != 0) {
			if (m < 0) return -1;
			o->initrd = v;
			continue;
		}
		if ((m = VALUE("--append", "-append", NULL)) != 0) {
			if (m < 0) return -1;
			o->cmdline = v;
			continue;
		}
#undef VALUE
		if (a[0] == '-' && a[1])
			return errbuf_fail(err, errlen, "unknown option '%s' (see armvm %s --help)", a,
				    o->command == CLI_CMD_RESTORE ? "restore" : "run");
		if (o->command == CLI_CMD_RESTORE && o->image && !o->restore_mem) {
			o->restore_mem = a;
			continue;
		}
		if (set_image(o, a, err, errlen) < 0)
			return -1;
	}
	if (o->command == CLI_CMD_RESTORE) {
		if (!o->image || !o->restore_mem)
			return errbuf_fail(err, errlen, "usage: armvm restore [options] SNAPSHOT "
				    "MEMFILE");
		if (o->dtb_out || o->gdb || o->initrd || o->cmdline || o->raw || load_addr_set)
			return errbuf_fail(err, errlen, "restore: the snapshot gives the machine; "
				    "only back-end options (--disk, --net, --rng, --console, "
				    "--api-sock, --no-input, sandbox options) apply");
	}
	if (o->restore_paused && !o->api_sock)
		return errbuf_fail(err, errlen, "restore --paused needs --api-sock to resume it");
	if (o->gdb && o->api_sock)
		return errbuf_fail(err, errlen, "--gdb with --api-sock: use one way to control "
			    "the VM");
	if (o->config_file && (o->image || o->initrd || o->cmdline || o->nr_virtio))
		return errbuf_fail(err, errlen, "--config-file gives the kernel, command line "
			    "and devices: not with an image, --initrd, --append, --disk, "
			    "--net, --rng or --console virtio");
	if (!o->image && (o->api_sock || o->config_file) && !o->dtb_out)
		return 0;    /* the configuration comes from the API or the file */

	if (o->gdb_wait && !o->gdb)
		return errbuf_fail(err, errlen, "--gdb-wait (-S) needs a gdb stub: --gdb [HOST:]PORT or -s");
	if (o->its && o->no_its)
		return errbuf_fail(err, errlen, "--its and --no-its contradict each other");
	if (o->gdb && o->dtb_out)
		return errbuf_fail(err, errlen, "--gdb with --dtb-out: nothing runs to debug");
	if (!o->image)
		return errbuf_fail(err, errlen, "no image given (usage: armvm run [options] "
			    "<image>, or -kernel <image>)");
	if (!*o->image)
		return errbuf_fail(err, errlen, "empty image path");
	if (o->cpus < 1 || o->cpus > CLI_CPUS_MAX)
		return errbuf_fail(err, errlen, "vCPU count %u out of range 1..%d", o->cpus,
			    CLI_CPUS_MAX);
	if (o->gic == CLI_GIC_V2 && o->cpus > 8)
		return errbuf_fail(err, errlen, "a GICv2 serves at most 8 vCPUs, %u asked for",
			    o->cpus);
	if (o->gic == CLI_GIC_NONE && o->nr_virtio)
		return errbuf_fail(err, errlen, "--gic none: the virtio devices (--disk, --net, "
			    "--rng, --console virtio) need interrupts, which a VM "
			    "without a GIC cannot deliver");
	uint64_t max = o->aarch32 ? VIRT_RAM_END_32BIT - VIRT_RAM_BASE : CLI_MEM_MAX_64;
	char sz[32];
	if (o->memory < CLI_MEM_MIN)
		return errbuf_fail(err, errlen, "memory size %s is below the minimum "
			    "of %llu MiB", show_size(o->memory, sz, sizeof(sz)),
			    (unsigned long long)(CLI_MEM_MIN >> 20));
	if (o->memory > max)
		return errbuf_fail(err, errlen, "memory size %s is above the maximum of "
			    "%llu MiB%s", show_size(o->memory, sz, sizeof(sz)),
			    (unsigned long long)(max >> 20),
			    o->aarch32 ? " for an AArch32 guest (RAM must end below 4 GiB)" : "");
	if (o->memory % 4096)
		return errbuf_fail(err, errlen, "memory size %s is not a multiple of 4 KiB",
			    show_size(o->memory, sz, sizeof(sz)));
	if (!load_addr_set)
		o->load_addr = VIRT_RAM_BASE + CLI_RAW_LOAD_OFFSET;
	if (o->load_addr < VIRT_RAM_BASE ||
	    o->load_addr - VIRT_RAM_BASE >= o->memory)
		return errbuf_fail(err, errlen, "load address 0x%llx is outside RAM "
			    "(0x%llx-0x%llx)", (unsigned long long)o->load_addr,
			    (unsigned long long)VIRT_RAM_BASE,
			    (unsigned long long)(VIRT_RAM_BASE + o->memory - 1));
	return 0;
}

int cli_parse(int argc, char *const argv[], struct cli_options *o,
	      char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->memory = CLI_MEM_DEFAULT;
	o->cpus = 1;
	o->gic = CLI_GIC_AUTO;
	if (err && errlen)
		err[0] = '\0';

	if (argc < 2)
		return errbuf_fail(err, errlen, "no command given (try armvm --help)");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		o->command = CLI_CMD_HELP;
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		o->command = CLI_CMD_VERSION;
		return 0;
	}
	if (!strcmp(cmd, "run")) {
		o->command = CLI_CMD_RUN;
		return parse_run(argc, argv, 2, o, err, errlen);
	}
	if (!strcmp(cmd, "restore")) {
		o->command = CLI_CMD_RESTORE;
		return parse_run(argc, argv, 2, o, err, errlen);
	}
	if (!strcmp(cmd, "api") || !strcmp(cmd, "snapshot")) {
		o->command = cmd[0] == 'a' ? CLI_CMD_API : CLI_CMD_SNAPSHOT;
		o->sub_argc = argc - 2;
		o->sub_argv = argv + 2;
		return 0;
	}
	if (cmd[0] == '-')
		return errbuf_fail(err, errlen, "unknown option '%s' (try armvm --help)", cmd);
	return errbuf_fail(err, errlen, "unknown command '%s' (try armvm --help)", cmd);
}
