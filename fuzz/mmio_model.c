/* SPDX-License-Identifier: MIT */
/* See mmio_model.h. */
#include "mmio_model.h"
#include "machine/memmap.h"

static uint64_t clock_now;

static void sink_write(void *ctx, const uint8_t *buf, size_t len)
{
	volatile uint8_t sum = 0;

	(void)ctx;
	for (size_t i = 0; i < len; i++)
		sum += buf[i];
	(void)sum;
}

static uint64_t clock_seconds(void *ctx)
{
	(void)ctx;
	return clock_now;
}

static void marked(void *ctx, uint64_t value, unsigned index)
{
	(void)ctx;
	(void)value;
	(void)index;
}

static void set_irq(void *ctx, unsigned spi, bool level)
{
	(void)ctx;
	(void)spi;
	(void)level;
}

static void log_msg(void *ctx, const char *dev, const char *msg)
{
	(void)ctx;
	(void)dev;
	(void)msg;
}

static const struct dev_host host = { .set_irq = set_irq, .log = log_msg };

int fuzz_mmio_model_init(struct dev_instance *inst, enum board_dev_type type)
{
	static const uint64_t base[] = {
		[BOARD_DEV_PL011] = VIRT_UART_BASE, [BOARD_DEV_PL031] = VIRT_RTC_BASE,
		[BOARD_DEV_TESTDEV] = VIRT_ARMVM_TESTDEV_BASE,
		[BOARD_DEV_BOOTMARK] = VIRT_ARMVM_BOOTMARK_BASE,
	};
	const struct dev_backends be = {
		.console = { .write = sink_write },
		.clock = { .seconds = clock_seconds },
		.marks = { .marked = marked },
	};
	const struct board_dev d = { .type = type, .spi = 1, .base = base[type],
				     .size = 0x1000 };

	clock_now = 0;
	return dev_instance_init(inst, &d, &host, &be);
}

void fuzz_mmio_model_run(struct dev_instance *inst, struct fuzz_in *in)
{
	struct mmio_region *r = dev_instance_region(inst);

	while (in->n) {
		uint8_t op = fuzz_u8(in);
		/* Mostly inside the window; the engine never passes offsets
		 * beyond it, so neither do we. */
		uint64_t off = fuzz_u16(in) % r->size;
		unsigned size = fuzz_access_size(op >> 2);

		if (size > r->size - off)
			continue;
		switch (op & 3) {
		case 0:
			(void)r->read(r->dev, off, size);
			break;
		case 1:
			r->write(r->dev, off, size, fuzz_u64(in));
			break;
		case 2:
			clock_now += fuzz_u32(in);
			if (inst->desc.type == BOARD_DEV_PL031)
				pl031_tick(&inst->m.pl031);
			break;
		case 3:
			if (inst->desc.type == BOARD_DEV_PL011) {
				uint8_t bytes[64];
				size_t n = fuzz_bytes(in, bytes, fuzz_u8(in) % sizeof(bytes));

				(void)pl011_receive(&inst->m.pl011, bytes, n);
				(void)pl011_rx_space(&inst->m.pl011);
			}
			if (inst->desc.type == BOARD_DEV_TESTDEV) {
				char sum[256];

				(void)testdev_format_summary(&inst->m.testdev, sum,
							     fuzz_u8(in));
			}
			break;
		}
	}
}
