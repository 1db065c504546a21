// SPDX-License-Identifier: MIT
/*
 * Passthrough ranges in partition configurations (docs/el2.md, "Device
 * passthrough"): the `passthrough` key, the build-time checks that give
 * each physical range and SPI to one partition only, and the boards the
 * hypervisor and the guest's device tree get. See el2_config.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "el2_config.h"
#include "arch/range.h"
#include "machine/memmap.h"

#define PAGE_SIZE 0x1000ULL

static bool number(const char *s, uint64_t *out)
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

/* "N" or "N-M" into the range's SPI list. */
static int add_spis(struct el2_passthrough *r, char *tok, const char *file,
		    unsigned line, char *err, size_t errlen)
{
	char *dash = strchr(tok, '-');
	uint64_t lo, hi;

	if (dash)
		*dash = '\0';
	if (!number(tok, &lo) || (dash && !number(dash + 1, &hi)))
		return el2_config_fail(err, errlen, file, line, "passthrough: bad SPI '%s%s%s'", tok,
			    dash ? "-" : "", dash ? dash + 1 : "");
	if (!dash)
		hi = lo;
	if (hi < lo || hi >= EL2_PARTITION_NR_SPIS)
		return el2_config_fail(err, errlen, file, line,
			    "passthrough: bad SPI range %llu-%llu: a partition's SPIs are 0-%d",
			    (unsigned long long)lo, (unsigned long long)hi,
			    EL2_PARTITION_NR_SPIS - 1);
	for (uint64_t s = lo; s <= hi; s++) {
		if (r->nr_spis == EL2_PASSTHROUGH_SPIS)
			return el2_config_fail(err, errlen, file, line,
				    "passthrough: more than %d SPIs for one range",
				    EL2_PASSTHROUGH_SPIS);
		for (unsigned i = 0; i < r->nr_spis; i++)
			if (r->spi[i] == s)
				return el2_config_fail(err, errlen, file, line,
					    "passthrough: SPI %llu given twice",
					    (unsigned long long)s);
		r->spi[r->nr_spis++] = (uint16_t)s;
	}
	return 0;
}

int el2_passthrough_parse(struct el2_part_desc *p, char *val, const char *file,
			  unsigned line, char *err, size_t errlen)
{
	const char *sep = " \t,";
	char *kind = strtok(val, sep), *base = strtok(NULL, sep), *size = strtok(NULL, sep);
	struct el2_passthrough_desc d = { .line = line };

	if (!kind || !base || !size)
		return el2_config_fail(err, errlen, file, line,
			    "passthrough = KIND ADDR SIZE [SPI[-SPI]]... (KIND: mmio or virtio-mmio)");
	if (!strcmp(kind, "mmio"))
		d.kind = EL2_PT_MMIO;
	else if (!strcmp(kind, "virtio-mmio"))
		d.kind = EL2_PT_VIRTIO_MMIO;
	else
		return el2_config_fail(err, errlen, file, line,
			    "passthrough: unknown kind '%s' (mmio or virtio-mmio)", kind);
	if (!number(base, &d.range.base) || !el2_parse_size(size, &d.range.size) ||
	    !d.range.size)
		return el2_config_fail(err, errlen, file, line, "passthrough: bad address or size '%s %s'",
			    base, size);
	if (d.range.base % PAGE_SIZE || d.range.size % PAGE_SIZE)
		return el2_config_fail(err, errlen, file, line,
			    "passthrough 0x%llx+0x%llx: address and size must be multiples of 4K (the stage-2 page)",
			    (unsigned long long)d.range.base, (unsigned long long)d.range.size);
	if (!range_contains(0, 1ULL << 32, d.range.base, d.range.size))
		return el2_config_fail(err, errlen, file, line,
			    "passthrough 0x%llx+0x%llx: not below 4 GiB",
			    (unsigned long long)d.range.base, (unsigned long long)d.range.size);
	for (char *tok = strtok(NULL, sep); tok; tok = strtok(NULL, sep))
		if (add_spis(&d.range, tok, file, line, err, errlen) < 0)
			return -1;
	if (d.kind == EL2_PT_VIRTIO_MMIO && d.range.nr_spis != d.range.size / VIRT_MMIO_STRIDE)
		return el2_config_fail(err, errlen, file, line,
			    "passthrough virtio-mmio 0x%llx+0x%llx: %llu transports need %llu SPIs, not %u",
			    (unsigned long long)d.range.base, (unsigned long long)d.range.size,
			    (unsigned long long)(d.range.size / VIRT_MMIO_STRIDE),
			    (unsigned long long)(d.range.size / VIRT_MMIO_STRIDE), d.range.nr_spis);
	if (p->nr_passthrough == EL2_MAX_PASSTHROUGH)
		return el2_config_fail(err, errlen, file, line, "more than %d passthrough ranges in one partition",
			    EL2_MAX_PASSTHROUGH);
	p->passthrough[p->nr_passthrough++] = d;
	return 0;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* What the hypervisor keeps for itself on QEMU virt. */
static const struct {
	uint64_t base, size;
	unsigned spi;                      /* BOARD_NO_IRQ: none */
	const char *what;
} reserved[] = {
	{ VIRT_GIC_DIST_BASE, VIRT_GIC_REDIST_BASE + VIRT_GIC_REDIST_SIZE - VIRT_GIC_DIST_BASE, BOARD_NO_IRQ,
	  "the GIC (the hypervisor's)" },
	{ VIRT_UART_BASE, VIRT_UART_SIZE, VIRT_SPI_UART, "the hypervisor's console UART" },
	{ VIRT_RTC_BASE, VIRT_RTC_SIZE, VIRT_SPI_RTC,
	  "the RTC the hypervisor reads for the guests' clocks" },
};

/* Checks of one range against its own partition and the hypervisor. */
static int check_own(const char *file, const struct el2_config *cfg,
		     const struct el2_part_desc *p, const struct el2_passthrough_desc *d,
		     char *err, size_t errlen)
{
	const struct el2_passthrough *r = &d->range;
	unsigned long long lo = r->base, hi = r->base + r->size;

	if (overlaps(r->base, r->size, cfg->machine_ram_base, cfg->machine_ram) ||
	    overlaps(r->base, r->size, p->ram_ipa, p->ram_size))
		return el2_config_fail(err, errlen, file, d->line,
			    "partition '%s': passthrough 0x%llx-0x%llx overlaps RAM (physical RAM starts at 0x%llx)",
			    p->name, lo, hi, (unsigned long long)cfg->machine_ram_base);
	if (d->kind == EL2_PT_VIRTIO_MMIO && !p->ram_ipa_phys)
		return el2_config_fail(err, errlen, file, d->line,
			    "partition '%s': passthrough virtio-mmio devices DMA to the addresses the guest gives them: set ram_ipa = phys (there is no IOMMU)",
			    p->name);
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (overlaps(r->base, r->size, reserved[i].base, reserved[i].size))
			return el2_config_fail(err, errlen, file, d->line,
				    "partition '%s': passthrough 0x%llx-0x%llx overlaps %s at 0x%llx",
				    p->name, lo, hi, reserved[i].what,
				    (unsigned long long)reserved[i].base);
		for (unsigned s = 0; s < r->nr_spis; s++)
			if (r->spi[s] == reserved[i].spi)
				return el2_config_fail(err, errlen, file, d->line,
					    "partition '%s': passthrough SPI %u belongs to %s",
					    p->name, r->spi[s], reserved[i].what);
	}
	for (unsigned i = 0; i < p->board.nr; i++) {
		const struct board_dev *b = &p->board.dev[i];
		const char *name = board_dev_type_name((enum board_dev_type)b->type);

		if (b->type == BOARD_DEV_VIRTIO_ABSENT)
			continue;     /* placeholders: passthrough takes their place */
		if (overlaps(r->base, r->size, b->base, b->size))
			return el2_config_fail(err, errlen, file, d->line,
				    "partition '%s': passthrough 0x%llx-0x%llx overlaps its emulated %s at 0x%llx",
				    p->name, lo, hi, name, (unsigned long long)b->base);
		for (unsigned s = 0; s < r->nr_spis; s++)
			if (r->spi[s] == b->spi)
				return el2_config_fail(err, errlen, file, d->line,
					    "partition '%s': passthrough SPI %u is its emulated %s's",
					    p->name, r->spi[s], name);
	}
	return 0;
}

int el2_passthrough_validate(const char *file, const struct el2_config *cfg,
			     char *err, size_t errlen)
{
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		const struct el2_part_desc *p = &cfg->parts[i];

		for (unsigned k = 0; k < p->nr_passthrough; k++) {
			const struct el2_passthrough_desc *d = &p->passthrough[k];

			if (check_own(file, cfg, p, d, err, errlen) < 0)
				return -1;
			/* Every earlier range, this partition's included. */
			for (unsigned j = 0; j <= i; j++) {
				const struct el2_part_desc *q = &cfg->parts[j];
				unsigned n = j == i ? k : q->nr_passthrough;

				for (unsigned m = 0; m < n; m++) {
					const struct el2_passthrough *o = &q->passthrough[m].range;

					if (overlaps(d->range.base, d->range.size, o->base, o->size))
						return el2_config_fail(err, errlen, file, d->line,
							    "partition '%s': passthrough 0x%llx-0x%llx is already given to partition '%s' (line %u)",
							    p->name, (unsigned long long)d->range.base,
							    (unsigned long long)(d->range.base + d->range.size),
							    q->name, q->passthrough[m].line);
					for (unsigned s = 0; s < d->range.nr_spis; s++)
						for (unsigned t = 0; t < o->nr_spis; t++)
							if (d->range.spi[s] == o->spi[t])
								return el2_config_fail(err, errlen, file, d->line,
									    "partition '%s': passthrough SPI %u is already given to partition '%s' (line %u)",
									    p->name, d->range.spi[s], q->name,
									    q->passthrough[m].line);
				}
			}
		}
	}
	return 0;
}

static bool passed_through(const struct el2_config *cfg, const struct board_dev *b)
{
	for (unsigned i = 0; i < cfg->nr_parts; i++)
		for (unsigned k = 0; k < cfg->parts[i].nr_passthrough; k++) {
			const struct el2_passthrough *r = &cfg->parts[i].passthrough[k].range;
			if (overlaps(r->base, r->size, b->base, b->size))
				return true;
		}
	return false;
}

void el2_passthrough_trim_boards(struct el2_config *cfg)
{
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		struct board *b = &cfg->parts[i].board;
		unsigned n = 0;

		for (unsigned j = 0; j < b->nr; j++)
			if (b->dev[j].type != BOARD_DEV_VIRTIO_ABSENT ||
			    !passed_through(cfg, &b->dev[j]))
				b->dev[n++] = b->dev[j];
		b->nr = n;
	}
}

int el2_passthrough_dt_board(const struct el2_part_desc *p, struct board *out)
{
	*out = p->board;
	for (unsigned k = 0; k < p->nr_passthrough; k++) {
		const struct el2_passthrough_desc *d = &p->passthrough[k];

		if (d->kind != EL2_PT_VIRTIO_MMIO)
			continue;
		for (unsigned w = 0; w < d->range.nr_spis; w++) {
			struct board_dev dev = {
				.type = BOARD_DEV_VIRTIO_MMIO, .spi = d->range.spi[w],
				.base = d->range.base + w * VIRT_MMIO_STRIDE,
				.size = VIRT_MMIO_STRIDE, .options = 0,
			};
			if (board_add(out, &dev) < 0)
				return -1;
		}
	}
	return 0;
}
