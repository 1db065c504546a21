/* SPDX-License-Identifier: MIT */
/*
 * Building the guest `armvm run` starts: the VM, its RAM, its board (the
 * platform devices, then the virtio transports), the kernel image (and
 * initrd), the device tree and the boot registers (machine_boot), all
 * through the public library API.
 */
#ifndef ARMVM_CLI_BOOT_H
#define ARMVM_CLI_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "armvm/armvm.h"
#include "cli/devices.h"
#include "cli/options.h"
#include "cli/tty_filter.h"
#include "machine/fdt_build.h"
#include "machine/board.h"
#include "machine/loader.h"
#include "machine/machine_boot.h"
#include "cli/boot_cmdline.h"

struct host_virtio;

struct cli_vm {
	struct armvm_vm *vm;
	struct guest_ram ram;
	/* RAM mapped by the caller (cli_vm_setup_machine), unmapped at
	 * teardown; NULL: the library's. */
	void *ram_mapped;
	uint64_t ram_mapped_size;
	struct cli_devices devs;
	bool devs_attached;
	bool input_wanted;           /* stdin is worth reading for the guest */
	bool input;                  /* stdin feeds the UART */
	/* stdin is a terminal: the guest reads it through the escape filter
	 * (filter.guest_fd), else stdin itself. */
	bool on_tty;
	struct tty_filter filter;
	int input_fd;                /* what the guest's console reads */
	struct host_virtio *virtio;  /* NULL without virtio devices */
	char cmdline[BOOT_CMDLINE_BUF];  /* bootargs as given, plus console=hvc0 */
	const char *bootargs;        /* what the guest gets: o->cmdline or cmdline */
	struct board board;          /* the guest's devices */
	struct machine_boot_result boot;  /* where the image and blobs went */
	int dtb_size;
	uint8_t dtb[FDT_BUILD_DEFAULT_SIZE];
};

/*
 * Set everything up, ready to run (virtio devices attached but their I/O
 * thread not started: cli_vm_start_io before running). Returns 0, or an exit status
 * (exit_status.h) with a one-line message in err.
 */
int cli_vm_setup(const struct cli_options *o, struct cli_vm *cv,
		 char *err, size_t errlen);
/*
 * The machine of o without a guest in it: the VM, RAM (ram: memory the
 * caller mapped, o->memory bytes, which teardown unmaps; NULL: the
 * library's), the platform and virtio devices; no image, no device tree,
 * no boot registers (a restored snapshot brings them). 0 or an exit
 * status + message.
 */
int cli_vm_setup_machine(const struct cli_options *o, void *ram, struct cli_vm *cv,
			 char *err, size_t errlen);
/* Start the virtio I/O thread, if any. 0 or an exit status + message. */
int cli_vm_start_io(struct cli_vm *cv, char *err, size_t errlen);
void cli_vm_teardown(struct cli_vm *cv);

#endif
