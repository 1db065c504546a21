// SPDX-License-Identifier: MIT
/* The board table: see board.h. Freestanding. */
#include <string.h>

#include "machine/board.h"

static const char *const type_names[BOARD_DEV_NR_TYPES] = {
	[BOARD_DEV_PL011] = "pl011",
	[BOARD_DEV_PL031] = "pl031",
	[BOARD_DEV_TESTDEV] = "testdev",
	[BOARD_DEV_BOOTMARK] = "bootmark",
	[BOARD_DEV_VIRTIO_MMIO] = "virtio-mmio",
	[BOARD_DEV_VIRTIO_ABSENT] = "virtio-absent",
};

void board_init(struct board *b)
{
	memset(b, 0, sizeof(*b));
}

int board_add(struct board *b, const struct board_dev *d)
{
	unsigned at = 0;

	if (b->nr >= BOARD_MAX_DEVS || d->type >= BOARD_DEV_NR_TYPES ||
	    !d->size || d->base + d->size < d->base)
		return -1;
	for (unsigned i = 0; i < b->nr; i++) {
		const struct board_dev *o = &b->dev[i];

		if (d->base < o->base + o->size && o->base < d->base + d->size)
			return -1;
		if (o->base < d->base)
			at = i + 1;
	}
	memmove(&b->dev[at + 1], &b->dev[at], (b->nr - at) * sizeof(b->dev[0]));
	b->dev[at] = *d;
	b->nr++;
	return 0;
}

int board_add_virt(struct board *b, enum board_dev_type type)
{
	struct board_dev d = { .type = type, .spi = BOARD_NO_IRQ };

	switch (type) {
	case BOARD_DEV_PL011:
		d.base = VIRT_UART_BASE;
		d.size = VIRT_UART_SIZE;
		d.spi = VIRT_SPI_UART;
		break;
	case BOARD_DEV_PL031:
		d.base = VIRT_RTC_BASE;
		d.size = VIRT_RTC_SIZE;
		d.spi = VIRT_SPI_RTC;
		break;
	case BOARD_DEV_TESTDEV:
		d.base = VIRT_ARMVM_TESTDEV_BASE;
		d.size = VIRT_ARMVM_TESTDEV_SIZE;
		break;
	case BOARD_DEV_BOOTMARK:
		d.base = VIRT_ARMVM_BOOTMARK_BASE;
		d.size = VIRT_ARMVM_BOOTMARK_SIZE;
		break;
	default:
		return -1;
	}
	return board_add(b, &d);
}

int board_add_virtio(struct board *b, unsigned n, uint32_t device_id)
{
	const struct board_dev d = {
		.type = BOARD_DEV_VIRTIO_MMIO, .spi = VIRT_SPI_MMIO_FIRST + n,
		.base = VIRT_MMIO_BASE + (uint64_t)n * VIRT_MMIO_STRIDE,
		.size = VIRT_MMIO_STRIDE, .options = device_id,
	};

	if (n >= VIRT_MMIO_COUNT)
		return -1;
	return board_add(b, &d);
}

/* Whether transport place n holds a transport, present or absent. */
static bool virtio_place_taken(const struct board *b, unsigned n)
{
	uint64_t base = VIRT_MMIO_BASE + (uint64_t)n * VIRT_MMIO_STRIDE;

	for (unsigned i = 0; i < b->nr; i++)
		if (b->dev[i].base == base &&
		    (b->dev[i].type == BOARD_DEV_VIRTIO_MMIO ||
		     b->dev[i].type == BOARD_DEV_VIRTIO_ABSENT))
			return true;
	return false;
}

int board_add_virtio_absent(struct board *b)
{
	int added = 0;

	for (unsigned n = 0; n < VIRT_MMIO_COUNT; n++) {
		const struct board_dev d = {
			.type = BOARD_DEV_VIRTIO_ABSENT, .spi = VIRT_SPI_MMIO_FIRST + n,
			.base = VIRT_MMIO_BASE + (uint64_t)n * VIRT_MMIO_STRIDE,
			.size = VIRT_MMIO_STRIDE,
		};

		if (virtio_place_taken(b, n))
			continue;
		if (board_add(b, &d) < 0)
			return -1;
		added++;
	}
	return added;
}

void board_described(const struct board *in, struct board *out)
{
	out->nr = 0;
	for (unsigned i = 0; i < in->nr && i < BOARD_MAX_DEVS; i++)
		if (in->dev[i].type != BOARD_DEV_VIRTIO_ABSENT)
			out->dev[out->nr++] = in->dev[i];
}

const struct board_dev *board_find(const struct board *b, enum board_dev_type type)
{
	for (unsigned i = 0; i < b->nr; i++)
		if (b->dev[i].type == (uint32_t)type)
			return &b->dev[i];
	return NULL;
}

const char *board_dev_type_name(enum board_dev_type type)
{
	return (unsigned)type < BOARD_DEV_NR_TYPES ? type_names[type] : NULL;
}

int board_dev_type_by_name(const char *name)
{
	size_t len = strlen(name);

	for (int t = 0; t < BOARD_DEV_NR_TYPES; t++)
		if (strlen(type_names[t]) == len && !memcmp(name, type_names[t], len))
			return t;
	return -1;
}
