/* SPDX-License-Identifier: MIT */
/* Platform devices of `armvm run`; see devices.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/devices.h"
#include "cli/mem_clear.h"
#include "host/fd_write.h"

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

	/* A console gone (e.g. a closed pipe) drops the output. */
	fd_write_all(d->console_fd, buf, len, false);
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

int devices_attach(struct cli_devices *d, struct armvm_vm *vm,
		   const struct board *board, int console_fd,
		   bool with_input, struct armvm_error *err)
{
	struct dev_log_limit limit = d->log_limit;   /* shared already */

	mem_clear(d, sizeof(*d));   /* unused slots stay out of RSS */
	d->log_limit = limit;
	d->vm = vm;
	d->console_fd = console_fd;
	pthread_mutex_init(&d->lock, NULL);
	pthread_mutex_init(&d->uart_lock, NULL);
	host_mutex_lock_init(&d->lock_ops, &d->lock);
	host_mutex_lock_init(&d->uart_lock_ops, &d->uart_lock);
	bool smp = armvm_vm_nr_vcpus(vm) > 1;
	clock_gettime(CLOCK_MONOTONIC, &d->start);

	/* Without a GIC (--gic none) the interrupt lines lead nowhere. */
	const struct dev_host host = {
		.ctx = d,
		.set_irq = armvm_vm_gic(vm) == ARMVM_GIC_NONE ? NULL : host_set_irq,
		.guest_mem = host_guest_mem, .log = host_log,
		.limit = &d->log_limit,
	};
	const struct dev_backends be = {
		.console = { .ctx = d, .write = console_write },
		.clock = { .ctx = d, .seconds = rtc_seconds },
		.marks = { .ctx = d, .marked = bootmark_marked },
	};

	for (unsigned i = 0; i < board->nr; i++) {
		const struct board_dev *bd = &board->dev[i];
		if (bd->type == BOARD_DEV_VIRTIO_MMIO)
			continue;        /* host_virtio attaches the transports */
		if (d->nr_dev == CLI_MAX_DEVICES) {
			err->code = ARMVM_E_RANGE;
			snprintf(err->msg, sizeof(err->msg), "too many platform devices");
			return ARMVM_E_RANGE;
		}
		struct dev_instance *inst = &d->dev[d->nr_dev];
		if (dev_instance_init(inst, bd, &host, &be) < 0) {
			err->code = ARMVM_E_INVAL;
			snprintf(err->msg, sizeof(err->msg), "cannot build a %s device",
				 board_dev_type_name(bd->type));
			return ARMVM_E_INVAL;
		}
		const struct dev_lock *lock = NULL;
		bool is_uart = bd->type == BOARD_DEV_PL011 && !d->uart;
		if (is_uart) {
			d->uart = &inst->m.pl011;
			if (smp || with_input)
				lock = &d->uart_lock_ops;
		} else if (smp && bd->type != BOARD_DEV_VIRTIO_ABSENT) {
			lock = &d->lock_ops;
		}
		if (bd->type == BOARD_DEV_TESTDEV && !d->testdev)
			d->testdev = &inst->m.testdev;
		d->slots[d->nr_dev] = (struct host_mmio_slot){
			.region = dev_instance_region(inst), .lock = lock,
		};
		int r = host_mmio_add(vm, &d->slots[d->nr_dev], err);
		if (r < 0)
			return r;
		d->nr_dev++;
	}
	return 0;
}

void devices_report(struct cli_devices *d)
{
	uint32_t dropped = dev_log_limit_suppressed(&d->log_limit);

	if (dropped)
		fprintf(stderr, "armvm: %u more guest-triggered diagnostic lines "
			"suppressed (at most %u per VM)\n", (unsigned)dropped,
			DEV_LOG_VM_BUDGET);
	if (!d->testdev || !testdev_touched(d->testdev))
		return;
	char line[TESTDEV_SUMMARY_MAX];
	testdev_format_summary(d->testdev, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
}

void devices_mark_start(struct cli_devices *d)
{
	clock_gettime(CLOCK_MONOTONIC, &d->start);
}

void devices_start_input(struct cli_devices *d, int input_fd)
{
	/* Without the thread (or a UART) the guest simply sees no input. */
	if (d->uart)
		console_in_start(&d->input, input_fd, d->uart, &d->uart_lock);
}

void devices_destroy(struct cli_devices *d)
{
	console_in_stop(&d->input);
	pthread_mutex_destroy(&d->lock);
	pthread_mutex_destroy(&d->uart_lock);
}
