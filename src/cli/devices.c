/* SPDX-License-Identifier: MIT */
/* Platform devices of `armvm run`; see devices.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/devices.h"
#include "machine/memmap.h"

static void host_set_irq(void *ctx, unsigned spi, bool level)
{
	struct cli_devices *d = ctx;
	struct armvm_error err;
	if (armvm_irq_set(d->vm, spi, level, &err) < 0)
		fprintf(stderr, "armvm: warning: SPI %u: %s\n", spi, err.msg);
}

static void *host_guest_mem(void *ctx, uint64_t gpa, uint64_t len)
{
	struct cli_devices *d = ctx;
	return armvm_gpa_to_host(d->vm, gpa, len);
}

static void host_log(void *ctx, const char *dev, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "armvm: %s: %s\n", dev, msg);
}

static void console_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct cli_devices *d = ctx;
	while (len) {
		ssize_t n = write(d->console_fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;      /* console gone (e.g. a closed pipe): drop output */
		buf += n;
		len -= (size_t)n;
	}
}

static uint64_t rtc_seconds(void *ctx)
{
	(void)ctx;
	return (uint64_t)time(NULL);
}

static void bootmark_marked(void *ctx, uint64_t value, unsigned index)
{
	struct cli_devices *d = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t ns = (int64_t)(now.tv_sec - d->start.tv_sec) * 1000000000 +
		     (now.tv_nsec - d->start.tv_nsec);
	uint64_t us = ns > 0 ? (uint64_t)ns / 1000 : 0;
	fprintf(stderr, "bootmark: %u value 0x%llx at %llu.%03llu ms\n", index,
		(unsigned long long)value, (unsigned long long)(us / 1000),
		(unsigned long long)(us % 1000));
}

static uint64_t mmio_read(void *opaque, uint64_t offset, unsigned size,
			  unsigned vcpu)
{
	struct cli_device *s = opaque;
	(void)vcpu;
	if (!s->lock)
		return s->region->read(s->region->dev, offset, size);
	pthread_mutex_lock(s->lock);
	uint64_t v = s->region->read(s->region->dev, offset, size);
	pthread_mutex_unlock(s->lock);
	return v;
}

static void mmio_write(void *opaque, uint64_t offset, unsigned size,
		       uint64_t value, unsigned vcpu)
{
	struct cli_device *s = opaque;
	(void)vcpu;
	if (!s->lock) {
		s->region->write(s->region->dev, offset, size, value);
		return;
	}
	pthread_mutex_lock(s->lock);
	s->region->write(s->region->dev, offset, size, value);
	pthread_mutex_unlock(s->lock);
}

static const struct armvm_mmio_ops device_ops = {
	.read = mmio_read,
	.write = mmio_write,
};

int devices_attach(struct cli_devices *d, struct armvm_vm *vm, int console_fd,
		   bool with_input, struct armvm_error *err)
{
	memset(d, 0, sizeof(*d));
	d->vm = vm;
	d->console_fd = console_fd;
	pthread_mutex_init(&d->lock, NULL);
	pthread_mutex_init(&d->uart_lock, NULL);
	bool smp = armvm_vm_nr_vcpus(vm) > 1;
	clock_gettime(CLOCK_MONOTONIC, &d->start);

	/* Without a GIC (--gic none) the interrupt lines lead nowhere. */
	const struct dev_host host = {
		.ctx = d,
		.set_irq = armvm_vm_gic(vm) == ARMVM_GIC_NONE ? NULL : host_set_irq,
		.guest_mem = host_guest_mem, .log = host_log,
	};
	const struct dev_byte_sink console = { .ctx = d, .write = console_write };
	const struct pl031_clock clock = { .ctx = d, .seconds = rtc_seconds };
	const struct bootmark_sink marks = { .ctx = d, .marked = bootmark_marked };

	pl011_init(&d->uart, VIRT_UART_BASE, VIRT_SPI_UART, &host, &console);
	pl031_init(&d->rtc, VIRT_RTC_BASE, VIRT_SPI_RTC, &host, &clock);
	testdev_init(&d->testdev, VIRT_ARMVM_TESTDEV_BASE, &host);
	bootmark_init(&d->bootmark, VIRT_ARMVM_BOOTMARK_BASE, &host, &marks);

	struct mmio_region *regions[] = {
		&d->uart.region, &d->rtc.region, &d->testdev.region, &d->bootmark.region,
	};
	for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		pthread_mutex_t *lock = NULL;
		if (regions[i] == &d->uart.region && (smp || with_input))
			lock = &d->uart_lock;
		else if (smp)
			lock = &d->lock;
		d->slots[i] = (struct cli_device){ .region = regions[i], .lock = lock };
		int r = armvm_add_mmio(vm, regions[i]->base, regions[i]->size,
				       &device_ops, &d->slots[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

void devices_report(struct cli_devices *d)
{
	if (!testdev_touched(&d->testdev))
		return;
	char line[TESTDEV_SUMMARY_MAX];
	testdev_format_summary(&d->testdev, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
}

void devices_mark_start(struct cli_devices *d)
{
	clock_gettime(CLOCK_MONOTONIC, &d->start);
}

void devices_start_input(struct cli_devices *d, int input_fd)
{
	/* Without the thread the guest simply sees no input. */
	console_in_start(&d->input, input_fd, &d->uart, &d->uart_lock);
}

void devices_destroy(struct cli_devices *d)
{
	console_in_stop(&d->input);
	pthread_mutex_destroy(&d->lock);
	pthread_mutex_destroy(&d->uart_lock);
}
