// SPDX-License-Identifier: MIT
/* Partition configuration parser and validator: see el2_config.h. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "el2_config.h"
#include "machine/board.h"
#include "machine/machine.h"
#include "machine/memmap.h"
#include "arch/range.h"

#define DEFAULT_MACHINE_CPUS 4
#define DEFAULT_MACHINE_RAM  (1ULL << 30)
#define MAX_LINE             1024

int el2_config_fail(char *err, size_t errlen, const char *file, unsigned line,
		    const char *fmt, ...)
{
	int n = line ? snprintf(err, errlen, "%s:%u: ", file, line)
		     : snprintf(err, errlen, "%s: ", file);
	va_list ap;

	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

bool el2_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	unsigned shift = 0;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	default: break;
	}
	if (*end || (shift && v > (~0ULL >> shift)))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int parse_cpus(char *val, struct el2_part_desc *p, const char *file,
		      unsigned line, char *err, size_t errlen)
{
	p->nr_cpus = 0;
	for (char *tok = strtok(val, ","); tok; tok = strtok(NULL, ",")) {
		uint64_t c;
		tok = trim(tok);
		if (!parse_u64(tok, &c))
			return el2_config_fail(err, errlen, file, line, "bad CPU number '%s'", tok);
		if (p->nr_cpus == EL2_MAX_VCPUS)
			return el2_config_fail(err, errlen, file, line,
				    "more than %d CPUs for one partition", EL2_MAX_VCPUS);
		if (c >= EL2_MAX_PCPUS)
			return el2_config_fail(err, errlen, file, line,
				    "CPU %llu: the hypervisor supports CPUs 0-%d",
				    (unsigned long long)c, EL2_MAX_PCPUS - 1);
		p->cpus[p->nr_cpus++] = (unsigned)c;
	}
	if (!p->nr_cpus)
		return el2_config_fail(err, errlen, file, line, "cpus: empty list");
	return 0;
}

/* Devices a partition can name; the disk (virtio-blk) comes with `disk`. */
static bool configurable(int type)
{
	return type == BOARD_DEV_PL011 || type == BOARD_DEV_PL031 ||
	       type == BOARD_DEV_TESTDEV || type == BOARD_DEV_BOOTMARK;
}

static int parse_devices(char *val, struct el2_part_desc *p, const char *file,
			 unsigned line, char *err, size_t errlen)
{
	board_init(&p->board);
	for (char *tok = strtok(val, ","); tok; tok = strtok(NULL, ",")) {
		int type;
		tok = trim(tok);
		if (!*tok)
			continue;
		type = board_dev_type_by_name(tok);
		if (!configurable(type))
			return el2_config_fail(err, errlen, file, line,
				    "unknown device '%s' (known: pl011, pl031, testdev, bootmark)", tok);
		/* Each device at its QEMU virt place; naming one twice is once. */
		if (!board_has(&p->board, (enum board_dev_type)type))
			board_add_virt(&p->board, (enum board_dev_type)type);
	}
	return 0;
}

static int part_key(struct el2_part_desc *p, const char *key, char *val,
		    const char *file, unsigned line, char *err, size_t errlen)
{
	if (!strcmp(key, "arch")) {
		if (!strcmp(val, "aarch64"))
			p->arch = MACHINE_ARCH_AARCH64;
		else if (!strcmp(val, "aarch32"))
			p->arch = MACHINE_ARCH_AARCH32;
		else
			return el2_config_fail(err, errlen, file, line,
				    "arch must be aarch64 or aarch32, not '%s'", val);
	} else if (!strcmp(key, "cpus")) {
		return parse_cpus(val, p, file, line, err, errlen);
	} else if (!strcmp(key, "ram")) {
		if (!el2_parse_size(val, &p->ram_size) || !p->ram_size)
			return el2_config_fail(err, errlen, file, line, "bad RAM size '%s'", val);
	} else if (!strcmp(key, "ram_phys")) {
		if (!parse_u64(val, &p->ram_phys) || !p->ram_phys)
			return el2_config_fail(err, errlen, file, line, "bad physical address '%s'", val);
	} else if (!strcmp(key, "image")) {
		if (!*val || strlen(val) >= sizeof(p->image))
			return el2_config_fail(err, errlen, file, line, "bad image path");
		strcpy(p->image, val);
	} else if (!strcmp(key, "initrd")) {
		if (!*val || strlen(val) >= sizeof(p->initrd))
			return el2_config_fail(err, errlen, file, line, "bad initrd path");
		strcpy(p->initrd, val);
	} else if (!strcmp(key, "disk")) {
		if (!*val || strlen(val) >= sizeof(p->disk))
			return el2_config_fail(err, errlen, file, line, "bad disk path");
		strcpy(p->disk, val);
	} else if (!strcmp(key, "cmdline")) {
		if (strlen(val) >= sizeof(p->cmdline))
			return el2_config_fail(err, errlen, file, line, "cmdline longer than %d bytes",
				    EL2_CMDLINE_MAX - 1);
		strcpy(p->cmdline, val);
	} else if (!strcmp(key, "entry")) {
		if (!parse_u64(val, &p->entry) || !p->entry)
			return el2_config_fail(err, errlen, file, line, "bad entry address '%s'", val);
	} else if (!strcmp(key, "load")) {
		if (!parse_u64(val, &p->raw_load) || !p->raw_load)
			return el2_config_fail(err, errlen, file, line, "bad load address '%s'", val);
	} else if (!strcmp(key, "ram_ipa")) {
		if (!strcmp(val, "virt"))
			p->ram_ipa_phys = false;
		else if (!strcmp(val, "phys"))
			p->ram_ipa_phys = true;
		else
			return el2_config_fail(err, errlen, file, line, "ram_ipa must be virt or phys, not '%s'", val);
	} else if (!strcmp(key, "passthrough")) {
		return el2_passthrough_parse(p, val, file, line, err, errlen);
	} else if (!strcmp(key, "devices")) {
		return parse_devices(val, p, file, line, err, errlen);
	} else if (!strcmp(key, "trap_wfe")) {
		if (!strcmp(val, "on"))
			p->no_wfe_trap = false;
		else if (!strcmp(val, "off"))
			p->no_wfe_trap = true;
		else
			return el2_config_fail(err, errlen, file, line, "trap_wfe must be on or off, not '%s'", val);
	} else if (!strcmp(key, "world_switch")) {
		if (!strcmp(val, "lazy"))
			p->full_switch = false;
		else if (!strcmp(val, "full"))
			p->full_switch = true;
		else
			return el2_config_fail(err, errlen, file, line,
				    "world_switch must be lazy or full, not '%s'", val);
	} else if (!strcmp(key, "on_fault")) {
		if (!strcmp(val, "stop"))
			p->fault_inject = false;
		else if (!strcmp(val, "abort"))
			p->fault_inject = true;
		else
			return el2_config_fail(err, errlen, file, line,
				    "on_fault must be stop or abort, not '%s'", val);
	} else {
		return el2_config_fail(err, errlen, file, line, "unknown key '%s' in a partition", key);
	}
	return 0;
}

static int global_key(struct el2_config *cfg, const char *key, char *val,
		      const char *file, unsigned line, char *err, size_t errlen)
{
	uint64_t v;

	if (!strcmp(key, "machine_cpus")) {
		if (!parse_u64(val, &v) || v == 0 || v > EL2_MAX_PCPUS)
			return el2_config_fail(err, errlen, file, line,
				    "machine_cpus must be 1-%d", EL2_MAX_PCPUS);
		cfg->machine_cpus = (unsigned)v;
	} else if (!strcmp(key, "machine_ram")) {
		if (!el2_parse_size(val, &v) || v <= EL2_HYP_PHYS_SIZE || v > (3ULL << 30))
			return el2_config_fail(err, errlen, file, line, "bad machine_ram '%s'", val);
		cfg->machine_ram = v;
	} else if (!strcmp(key, "machine_ram_base")) {
		if (!parse_u64(val, &v) || v % EL2_RAM_ALIGN || v > (1ULL << 39))
			return el2_config_fail(err, errlen, file, line,
				    "bad machine_ram_base '%s' (2M aligned, below 512G)", val);
		cfg->machine_ram_base = v;
	} else if (!strcmp(key, "machine_gic")) {
		/* Only QEMU's machine line: the image runs on either GIC. */
		if (!parse_u64(val, &v) || (v != 2 && v != 3))
			return el2_config_fail(err, errlen, file, line, "machine_gic must be 2 or 3, not '%s'", val);
		cfg->machine_gic = (unsigned)v;
	} else if (!strcmp(key, "console")) {
		if (!parse_u64(val, &v) || v >= EL2_MAX_PARTITIONS)
			return el2_config_fail(err, errlen, file, line, "bad console partition '%s'", val);
		cfg->console = (unsigned)v;
	} else if (!strcmp(key, "aarch32_syndrome")) {
		if (!strcmp(val, "probe"))
			cfg->aarch32_syndrome = EL2_AARCH32_SYNDROME_PROBE;
		else if (!strcmp(val, "arch"))
			cfg->aarch32_syndrome = EL2_AARCH32_SYNDROME_ARCH;
		else if (!strcmp(val, "banked"))
			cfg->aarch32_syndrome = EL2_AARCH32_SYNDROME_BANKED;
		else
			return el2_config_fail(err, errlen, file, line,
				    "aarch32_syndrome must be probe, arch or banked, not '%s'", val);
	} else {
		int r = el2_machine_key(cfg, key, val, file, line, err, errlen);
		if (r <= 0)
			return r;
		return el2_config_fail(err, errlen, file, line, "unknown key '%s' outside a partition", key);
	}
	return 0;
}

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) >= EL2_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

int el2_config_parse(const char *file, const char *text, struct el2_config *cfg,
		     char *err, size_t errlen)
{
	struct el2_part_desc *cur = NULL;
	bool in_channel = false;
	unsigned line = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->machine_cpus = DEFAULT_MACHINE_CPUS;
	cfg->machine_ram = DEFAULT_MACHINE_RAM;
	cfg->machine_ram_base = EL2_PHYS_RAM_BASE;
	cfg->machine_gic = 3;
	while (*text) {
		char buf[MAX_LINE];
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		line++;
		if (len >= sizeof(buf))
			return el2_config_fail(err, errlen, file, line, "line too long");
		memcpy(buf, text, len);
		buf[len] = '\0';
		text += len + (nl ? 1 : 0);
		char *hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(buf);
		if (!*s)
			continue;
		if (*s == '[') {
			int ch = el2_channel_section(cfg, s, file, line, err, errlen);
			if (ch < 0)
				return ch;
			if (ch == 0) {
				in_channel = true;
				continue;
			}
			in_channel = false;
			char name[64];
			char *close = strchr(s, ']');
			if (!close || close[1] || sscanf(s, "[partition %63[^]]]", name) != 1)
				return el2_config_fail(err, errlen, file, line,
					    "expected '[partition NAME]' or '[channel NAME]'");
			char *n = trim(name);
			if (!valid_name(n))
				return el2_config_fail(err, errlen, file, line,
					    "bad partition name '%s' (letters, digits, - and _, at most %d)",
					    n, EL2_NAME_MAX - 1);
			for (unsigned i = 0; i < cfg->nr_parts; i++)
				if (!strcmp(cfg->parts[i].name, n))
					return el2_config_fail(err, errlen, file, line,
						    "partition '%s' defined twice", n);
			if (cfg->nr_parts == EL2_MAX_PARTITIONS)
				return el2_config_fail(err, errlen, file, line,
					    "more than %d partitions", EL2_MAX_PARTITIONS);
			cur = &cfg->parts[cfg->nr_parts++];
			memset(cur, 0, sizeof(*cur));
			strcpy(cur->name, n);
			cur->line = line;
			cur->arch = -1;
			board_add_virt(&cur->board, BOARD_DEV_PL011);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq)
			return el2_config_fail(err, errlen, file, line, "expected 'key = value'");
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		int r = in_channel ? el2_channel_key(cfg, key, val, file, line, err, errlen)
			: cur ? part_key(cur, key, val, file, line, err, errlen)
			      : global_key(cfg, key, val, file, line, err, errlen);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Physical memory a partition occupies: its RAM, then its disk buffer
 * (rounded up to 2 MiB). False if that does not fit in 64 bits; the
 * callers then bound it by the machine, so no later sum can wrap. */
static bool footprint_of(const struct el2_part_desc *p, uint64_t *out)
{
	if (p->disk_size > UINT64_MAX - (EL2_RAM_ALIGN - 1))
		return false;
	uint64_t disk = (p->disk_size + EL2_RAM_ALIGN - 1) & ~(EL2_RAM_ALIGN - 1);
	if (p->ram_size > UINT64_MAX - disk)
		return false;
	*out = p->ram_size + disk;
	return true;
}

/* Valid only after el2_config_validate's first pass checked footprint_of. */
static uint64_t footprint(const struct el2_part_desc *p)
{
	uint64_t fp = 0;

	(void)footprint_of(p, &fp);
	return fp;
}

int el2_config_validate(const char *file, struct el2_config *cfg,
			char *err, size_t errlen)
{
	const uint64_t phys_lo = cfg->machine_ram_base + EL2_HYP_PHYS_SIZE;
	const uint64_t phys_hi = cfg->machine_ram_base + cfg->machine_ram;
	int owner[EL2_MAX_PCPUS];

	if (!cfg->nr_parts)
		return el2_config_fail(err, errlen, file, 0, "no [partition] defined");
	if (cfg->console >= cfg->nr_parts)
		return el2_config_fail(err, errlen, file, 0, "console = %u, but there are %u partitions",
			    cfg->console, cfg->nr_parts);
	for (unsigned c = 0; c < EL2_MAX_PCPUS; c++)
		owner[c] = -1;
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		struct el2_part_desc *p = &cfg->parts[i];
		if (p->arch < 0)
			return el2_config_fail(err, errlen, file, p->line, "partition '%s': no arch", p->name);
		if (!p->nr_cpus)
			return el2_config_fail(err, errlen, file, p->line, "partition '%s': no cpus", p->name);
		if (!p->ram_size)
			return el2_config_fail(err, errlen, file, p->line, "partition '%s': no ram", p->name);
		if (!p->image[0])
			return el2_config_fail(err, errlen, file, p->line, "partition '%s': no image", p->name);
		if (p->ram_size % EL2_RAM_ALIGN)
			return el2_config_fail(err, errlen, file, p->line,
				    "partition '%s': ram must be a multiple of 2M", p->name);
		if (p->arch == MACHINE_ARCH_AARCH32 &&
		    !range_contains(VIRT_RAM_BASE, VIRT_RAM_END_32BIT - VIRT_RAM_BASE,
				    VIRT_RAM_BASE, p->ram_size))
			return el2_config_fail(err, errlen, file, p->line,
				    "partition '%s': AArch32 RAM must end below 4 GiB", p->name);
		for (unsigned c = 0; c < p->nr_cpus; c++) {
			unsigned cpu = p->cpus[c];
			if (cpu >= cfg->machine_cpus)
				return el2_config_fail(err, errlen, file, p->line,
					    "partition '%s': CPU %u does not exist (machine_cpus = %u)",
					    p->name, cpu, cfg->machine_cpus);
			if (owner[cpu] >= 0)
				return el2_config_fail(err, errlen, file, p->line,
					    "partition '%s': CPU %u is already given to partition '%s'",
					    p->name, cpu, cfg->parts[owner[cpu]].name);
			owner[cpu] = (int)i;
		}
		uint64_t fp;
		if (!footprint_of(p, &fp) || fp > phys_hi - phys_lo)
			return el2_config_fail(err, errlen, file, p->line,
				    "partition '%s': RAM plus disk (0x%llx + 0x%llx bytes) larger than the partition area 0x%llx-0x%llx",
				    p->name, (unsigned long long)p->ram_size,
				    (unsigned long long)p->disk_size,
				    (unsigned long long)phys_lo, (unsigned long long)phys_hi);
		if (p->ram_phys) {
			if (p->ram_phys % EL2_RAM_ALIGN)
				return el2_config_fail(err, errlen, file, p->line,
					    "partition '%s': ram_phys must be 2M aligned", p->name);
			if (!range_contains(phys_lo, phys_hi - phys_lo, p->ram_phys, fp))
				return el2_config_fail(err, errlen, file, p->line,
					    "partition '%s': RAM 0x%llx-0x%llx outside the partition area 0x%llx-0x%llx",
					    p->name, (unsigned long long)p->ram_phys,
					    (unsigned long long)(p->ram_phys + footprint(p)),
					    (unsigned long long)phys_lo, (unsigned long long)phys_hi);
		}
	}
	/* Explicit placements must not overlap each other. */
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		struct el2_part_desc *a = &cfg->parts[i];
		for (unsigned j = i + 1; a->ram_phys && j < cfg->nr_parts; j++) {
			struct el2_part_desc *b = &cfg->parts[j];
			if (b->ram_phys && a->ram_phys < b->ram_phys + footprint(b) &&
			    b->ram_phys < a->ram_phys + footprint(a))
				return el2_config_fail(err, errlen, file, b->line,
					    "partition '%s': RAM 0x%llx-0x%llx overlaps partition '%s' (0x%llx-0x%llx)",
					    b->name, (unsigned long long)b->ram_phys,
					    (unsigned long long)(b->ram_phys + footprint(b)), a->name,
					    (unsigned long long)a->ram_phys,
					    (unsigned long long)(a->ram_phys + footprint(a)));
		}
	}
	/* Automatic placement: lowest free 2 MiB-aligned gap that fits. */
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		struct el2_part_desc *p = &cfg->parts[i];
		if (p->ram_phys)
			continue;
		uint64_t at = phys_lo;
		bool moved = true;
		while (moved) {
			moved = false;
			for (unsigned j = 0; j < cfg->nr_parts; j++) {
				struct el2_part_desc *q = &cfg->parts[j];
				if (q == p || !q->ram_phys)
					continue;
				if (at < q->ram_phys + footprint(q) && q->ram_phys < at + footprint(p)) {
					at = q->ram_phys + footprint(q);
					moved = true;
				}
			}
		}
		if (!range_contains(phys_lo, phys_hi - phys_lo, at, footprint(p)))
			return el2_config_fail(err, errlen, file, p->line,
				    "partition '%s': no room for %llu MiB of RAM (machine_ram = %llu MiB)",
				    p->name, (unsigned long long)(p->ram_size >> 20),
				    (unsigned long long)(cfg->machine_ram >> 20));
		p->ram_phys = at;
	}
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		struct el2_part_desc *p = &cfg->parts[i];
		p->ram_ipa = p->ram_ipa_phys ? p->ram_phys : VIRT_RAM_BASE;
	}
	if (el2_passthrough_validate(file, cfg, err, errlen) < 0 ||
	    el2_channel_validate(file, cfg, err, errlen) < 0)
		return -1;
	return el2_machine_validate(file, cfg, err, errlen);
}
