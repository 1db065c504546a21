/* SPDX-License-Identifier: MIT */
/*
 * The platform devices of `armvm run` (PL011 console on stdout, PL031 RTC,
 * the test device and the boot marker): the board's entries the device
 * registry builds, wired to the library as MMIO regions (host/host_mmio.h).
 * The virtio transports on the board are host_virtio's; the absent ones
 * (dev/virtio_absent.h) are built here too, without a lock: they keep no
 * state.
 */
#ifndef ARMVM_CLI_DEVICES_H
#define ARMVM_CLI_DEVICES_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "armvm/armvm.h"
#include "cli/console_in.h"
#include "dev/dev_log.h"
#include "dev/dev_registry.h"
#include "host/host_mmio.h"
#include "machine/board.h"

/* The platform devices and an absent transport on every free virtio place. */
#define CLI_MAX_DEVICES BOARD_MAX_DEVS

struct cli_devices {
	struct armvm_vm *vm;
	/* The models are not thread-safe. With more than one vCPU every call
	 * into them holds their lock; with one vCPU only the UART, which the
	 * console input thread also feeds, needs one (and only when that
	 * thread runs): the other devices' exits take no lock at all. */
	pthread_mutex_t uart_lock;
	pthread_mutex_t lock;        /* the other devices */
	struct dev_lock uart_lock_ops, lock_ops;
	struct console_in input;
	struct timespec start;       /* when the VM started: boot marks count from it */
	int console_fd;

	struct dev_instance dev[CLI_MAX_DEVICES];
	unsigned nr_dev;
	struct pl011 *uart;          /* the console, or NULL */
	struct testdev *testdev;     /* or NULL */
	/* One per region: what the library's callbacks get as opaque. */
	struct host_mmio_slot slots[CLI_MAX_DEVICES];
	/* The VM's budget of guest-triggered lines (dev_log.h), shared with
	 * the virtio devices: set before devices_attach, reported at the end. */
	struct dev_log_limit log_limit;
};

/*
 * Build the board's platform devices and register their MMIO regions with
 * the VM. The console writes to console_fd; with_input: a thread started by
 * devices_start_input, before the VM runs, feeds it.
 */
int devices_attach(struct cli_devices *d, struct armvm_vm *vm,
		   const struct board *board, int console_fd,
		   bool with_input, struct armvm_error *err);
void devices_start_input(struct cli_devices *d, int input_fd);
/* The VM starts now: boot-marker times are measured from here. */
void devices_mark_start(struct cli_devices *d);
/* The testdev summary line on stderr, if the guest touched the device. */
void devices_report(struct cli_devices *d);
/* Stops the input thread too. */
void devices_destroy(struct cli_devices *d);

#endif
