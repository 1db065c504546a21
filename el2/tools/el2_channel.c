// SPDX-License-Identifier: MIT
/*
 * Channels between partitions in configurations (docs/el2.md, "Channels"):
 * the [channel NAME] sections, their checks and their device-tree nodes.
 * The guest addresses and SPIs are fixed per channel index
 * (partition_config.h); see el2_config.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "el2_config.h"
#include "machine/dt_bindings.h"

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) >= EL2_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

int el2_channel_section(struct el2_config *cfg, const char *section, const char *file,
			unsigned line, char *err, size_t errlen)
{
	char name[64];
	struct el2_channel_desc *c;
	const char *close = strchr(section, ']');

	if (strncmp(section, "[channel ", 9))
		return 1;
	/* Exactly "[channel NAME]": the name runs up to the one ']', at the end. */
	if (!close || close[1] || sscanf(section, "[channel %63[^] ]", name) != 1 ||
	    (size_t)(close - section) != strlen("[channel ") + strlen(name) || !valid_name(name))
		return el2_config_fail(err, errlen, file, line,
			    "expected '[channel NAME]' (NAME: letters, digits, - and _, at most %d)",
			    EL2_NAME_MAX - 1);
	for (unsigned i = 0; i < cfg->nr_channels; i++)
		if (!strcmp(cfg->channels[i].name, name))
			return el2_config_fail(err, errlen, file, line, "channel '%s' defined twice", name);
	if (cfg->nr_channels == EL2_MAX_CHANNELS)
		return el2_config_fail(err, errlen, file, line, "more than %d channels", EL2_MAX_CHANNELS);
	c = &cfg->channels[cfg->nr_channels++];
	memset(c, 0, sizeof(*c));
	strcpy(c->name, name);
	c->line = line;
	c->size = 0x1000;
	return 0;
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

int el2_channel_key(struct el2_config *cfg, const char *key, char *val,
		    const char *file, unsigned line, char *err, size_t errlen)
{
	struct el2_channel_desc *c = &cfg->channels[cfg->nr_channels - 1];

	if (!strcmp(key, "between")) {
		char *comma = strchr(val, ',');
		char *a = val, *b = comma ? comma + 1 : NULL;

		if (comma)
			*comma = '\0';
		a = trim(a);
		b = b ? trim(b) : NULL;
		if (!b || strchr(b, ',') || !valid_name(a) || !valid_name(b))
			return el2_config_fail(err, errlen, file, line,
				    "between = PARTITION, PARTITION (two partition names)");
		if (!strcmp(a, b))
			return el2_config_fail(err, errlen, file, line,
				    "channel '%s': between a partition and itself", c->name);
		strcpy(c->between[0], a);
		strcpy(c->between[1], b);
		c->between_line = line;
	} else if (!strcmp(key, "size")) {
		if (!el2_parse_size(val, &c->size) || !c->size || c->size % 0x1000 ||
		    c->size > EL2_CHANNEL_MAX_SIZE)
			return el2_config_fail(err, errlen, file, line,
				    "channel '%s': size must be a multiple of 4K, at most %lluK, not '%s'",
				    c->name, (unsigned long long)(EL2_CHANNEL_MAX_SIZE >> 10), val);
	} else {
		return el2_config_fail(err, errlen, file, line, "unknown key '%s' in a channel", key);
	}
	return 0;
}

static int find_part(const struct el2_config *cfg, const char *name)
{
	for (unsigned i = 0; i < cfg->nr_parts; i++)
		if (!strcmp(cfg->parts[i].name, name))
			return (int)i;
	return -1;
}

static uint64_t window_base(unsigned k) { return EL2_CHANNEL_IPA + k * EL2_CHANNEL_STRIDE; }

int el2_channel_validate(const char *file, struct el2_config *cfg, char *err, size_t errlen)
{
	for (unsigned k = 0; k < cfg->nr_channels; k++) {
		struct el2_channel_desc *c = &cfg->channels[k];

		if (!c->between[0][0])
			return el2_config_fail(err, errlen, file, c->line, "channel '%s': no between", c->name);
		for (int s = 0; s < 2; s++) {
			c->part[s] = find_part(cfg, c->between[s]);
			if (c->part[s] < 0)
				return el2_config_fail(err, errlen, file, c->between_line,
					    "channel '%s': no partition '%s'", c->name, c->between[s]);
			const struct el2_part_desc *p = &cfg->parts[c->part[s]];
			uint64_t base = window_base(k);
			for (unsigned i = 0; i < p->nr_passthrough; i++) {
				const struct el2_passthrough_desc *d = &p->passthrough[i];
				bool spi = false;
				for (unsigned j = 0; j < d->range.nr_spis; j++)
					spi |= d->range.spi[j] == EL2_CHANNEL_SPI + k;
				if ((d->range.base < base + EL2_CHANNEL_STRIDE &&
				     base < d->range.base + d->range.size) || spi)
					return el2_config_fail(err, errlen, file, d->line,
						    "partition '%s': passthrough takes the place of channel '%s' (0x%llx-0x%llx, SPI %u)",
						    p->name, c->name, (unsigned long long)base,
						    (unsigned long long)(base + EL2_CHANNEL_STRIDE),
						    EL2_CHANNEL_SPI + k);
			}
			for (unsigned i = 0; i < p->board.nr; i++) {
				const struct board_dev *b = &p->board.dev[i];
				if (b->base < base + EL2_CHANNEL_STRIDE && base < b->base + b->size)
					return el2_config_fail(err, errlen, file, c->line,
						    "channel '%s': its window 0x%llx-0x%llx overlaps partition '%s''s emulated %s",
						    c->name, (unsigned long long)base,
						    (unsigned long long)(base + EL2_CHANNEL_STRIDE), p->name,
						    board_dev_type_name((enum board_dev_type)b->type));
			}
		}
	}
	return 0;
}

static int dt_fail(char *err, size_t errlen, const char *what, int r)
{
	snprintf(err, errlen, "channel node: %s: %s", what, fdt_strerror(r));
	return -1;
}

int el2_channel_dt_add(const struct el2_config *cfg, unsigned p, void *fdt, size_t bufsize,
		       char *err, size_t errlen)
{
	int r = fdt_open_into(fdt, fdt, (int)bufsize);

	if (r < 0)
		return dt_fail(err, errlen, "open", r);
	for (unsigned k = 0; k < cfg->nr_channels; k++) {
		const struct el2_channel_desc *c = &cfg->channels[k];
		int side = c->part[0] == (int)p ? 0 : c->part[1] == (int)p ? 1 : -1;
		uint64_t base = window_base(k);
		char name[48];

		if (side < 0)
			continue;
		snprintf(name, sizeof(name), "channel@%llx", (unsigned long long)base);
		int node = fdt_add_subnode(fdt, 0, name);
		const fdt32_t reg[8] = {
			cpu_to_fdt32((uint32_t)(base >> 32)), cpu_to_fdt32((uint32_t)base),
			cpu_to_fdt32((uint32_t)(c->size >> 32)), cpu_to_fdt32((uint32_t)c->size),
			cpu_to_fdt32((uint32_t)((base + EL2_CHANNEL_BELL_OFFSET) >> 32)),
			cpu_to_fdt32((uint32_t)(base + EL2_CHANNEL_BELL_OFFSET)),
			cpu_to_fdt32(0), cpu_to_fdt32((uint32_t)EL2_CHANNEL_BELL_SIZE),
		};
		const fdt32_t irq[3] = {
			cpu_to_fdt32(GIC_SPI), cpu_to_fdt32(EL2_CHANNEL_SPI + k),
			cpu_to_fdt32(IRQ_TYPE_EDGE_RISING),
		};
		static const char compat[] = "armvm,channel\0generic-uio";
		static const char reg_names[] = "shmem\0doorbell";
		if (node < 0)
			return dt_fail(err, errlen, name, node);
		if ((r = fdt_setprop(fdt, node, "compatible", compat, sizeof(compat))) < 0 ||
		    (r = fdt_setprop(fdt, node, "reg", reg, sizeof(reg))) < 0 ||
		    (r = fdt_setprop(fdt, node, "reg-names", reg_names, sizeof(reg_names))) < 0 ||
		    (r = fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq))) < 0 ||
		    (r = fdt_setprop_string(fdt, node, "armvm,name", c->name)) < 0 ||
		    (r = fdt_setprop_string(fdt, node, "armvm,peer",
					    cfg->parts[c->part[!side]].name)) < 0 ||
		    (r = fdt_setprop_u32(fdt, node, "armvm,side", (uint32_t)side)) < 0)
			return dt_fail(err, errlen, name, r);
	}
	if ((r = fdt_pack(fdt)) < 0)
		return dt_fail(err, errlen, "pack", r);
	return 0;
}
