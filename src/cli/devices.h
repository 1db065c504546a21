/* SPDX-License-Identifier: MIT */
/*
 * The platform devices `armvm run` gives every guest (PL011 console on
 * stdout, PL031 RTC, the test device and the boot marker), wired to the
 * library as MMIO callbacks.
 */
#ifndef ARMVM_CLI_DEVICES_H
#define ARMVM_CLI_DEVICES_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "armvm/armvm.h"
#include "cli/console_in.h"
#include "dev/bootmark.h"
#include "dev/pl011.h"
#include "dev/pl031.h"
#include "dev/testdev.h"

struct cli_device;

struct cli_devices {
	struct armvm_vm *vm;
	/* The models are not thread-safe. With more than one vCPU every call
	 * into them holds their lock; with one vCPU only the UART, which the
	 * console input thread also feeds, needs one (and only when that
	 * thread runs): the other devices' exits take no lock at all. */
	pthread_mutex_t uart_lock;
	pthread_mutex_t lock;        /* the other devices */
	struct console_in input;
	struct timespec start;       /* when the VM started: boot marks count from it */
	int console_fd;

	struct pl011 uart;
	struct pl031 rtc;
	struct testdev testdev;
	struct bootmark bootmark;
	/* One per region: what the library's callbacks get as opaque. */
	struct cli_device {
		struct mmio_region *region;
		pthread_mutex_t *lock;   /* NULL: no lock needed */
	} slots[4];
};

/*
 * Create the devices and register their MMIO regions with the VM. The
 * console writes to console_fd and, when input_fd >= 0, reads from it (a
 * thread started by devices_start_input, before the VM runs).
 */
int devices_attach(struct cli_devices *d, struct armvm_vm *vm, int console_fd,
		   bool with_input, struct armvm_error *err);
void devices_start_input(struct cli_devices *d, int input_fd);
/* The VM starts now: boot-marker times are measured from here. */
void devices_mark_start(struct cli_devices *d);
/* The testdev summary line on stderr, if the guest touched the device. */
void devices_report(struct cli_devices *d);
/* Stops the input thread too. */
void devices_destroy(struct cli_devices *d);

#endif
