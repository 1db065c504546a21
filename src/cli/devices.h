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
#include "dev/bootmark.h"
#include "dev/pl011.h"
#include "dev/pl031.h"
#include "dev/testdev.h"

struct cli_device;

struct cli_devices {
	struct armvm_vm *vm;
	/* The models are not thread-safe: with more than one vCPU every call
	 * into them holds `lock`; with one vCPU there is nobody to race. */
	bool serialise;
	pthread_mutex_t lock;
	struct timespec start;       /* for the boot marker's times */
	int console_fd;

	struct pl011 uart;
	struct pl031 rtc;
	struct testdev testdev;
	struct bootmark bootmark;
	/* One per region: what the library's callbacks get as opaque. */
	struct cli_device {
		struct cli_devices *devs;
		struct mmio_region *region;
	} slots[4];
};

/* Create the devices and register their MMIO regions with the VM. */
int devices_attach(struct cli_devices *d, struct armvm_vm *vm, int console_fd,
		   struct armvm_error *err);
/* The testdev summary line on stderr, if the guest touched the device. */
void devices_report(struct cli_devices *d);
void devices_destroy(struct cli_devices *d);

#endif
