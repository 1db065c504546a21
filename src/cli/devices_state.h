/* SPDX-License-Identifier: MIT */
/*
 * The device half of a snapshot of `armvm run`'s VM (docs/snapshot.md):
 * the saved state of every device model on its board, the platform
 * devices (PL011, PL031, test device, boot marker, absent virtio
 * transports) and the virtio devices (each transport with its queues and
 * the blk/net/console/rng model behind it), as one blob for the snapshot
 * file's "devices" section; and the machine description for its header.
 *
 * What the caller guarantees, saving: no vCPU runs (the library's
 * armvm_vm_pause returned, so no MMIO handler is in a device) and the
 * virtio I/O thread is paused (devices_state_pause), so device state and
 * guest RAM hold still and agree; the console input thread may go on (the
 * UART is saved under its lock, and input after that point is the
 * running VM's, not the snapshot's). Loading: the VM was built by
 * cli_vm_setup from the restoring side's options (disks, taps, entropy,
 * console reopened from them), its RAM already holds the snapshot's, no
 * vCPU has run, and the I/O thread is not started yet (cli_vm_start_io
 * after) or paused.
 */
#ifndef ARMVM_CLI_DEVICES_STATE_H
#define ARMVM_CLI_DEVICES_STATE_H

#include <stddef.h>

#include "cli/boot.h"
#include "cli/snapshot_file.h"

/* Devices blob format (docs/snapshot.md). */
#define DEVICES_STATE_MAGIC   "ADEV"
#define DEVICES_STATE_VERSION 1u

/*
 * Hold the virtio I/O thread between queue runs / let it go on (see
 * host_virtio_pause). No-ops without virtio devices or before
 * cli_vm_start_io. In pairs, from one thread.
 */
void devices_state_pause(struct cli_vm *cv);
void devices_state_resume(struct cli_vm *cv);

/*
 * The state of every device on cv's board into a new buffer (*blob,
 * *size; free() it). 0, or -1 with one line in err (out of memory, a
 * device that cannot be saved).
 */
int devices_state_save(struct cli_vm *cv, void **blob, size_t *size,
		       char *err, size_t errlen);

/*
 * Load a blob from devices_state_save into cv's devices. Everything is
 * checked first: a malformed blob, a device the snapshot has and this VM
 * lacks or the other way round (different --disk/--net/--rng/--console
 * options), a device that differs (a disk of another size, a read-only
 * disk for a writable one, another MAC address), or rings outside this
 * guest's RAM give -1 with one line naming the device and the problem,
 * and no device changed. 0 when every device loaded; then each virtio
 * queue is looked at once by the I/O thread when it runs.
 */
int devices_state_load(struct cli_vm *cv, const void *blob, size_t size,
		       char *err, size_t errlen);

/*
 * The machine cv is, for the snapshot header and for comparing with a
 * snapshot's (snapshot_machine_compare): guest architecture, vCPUs, GIC,
 * PMU/ITS, RAM, board. host_arch is this host's.
 */
void devices_state_machine(const struct cli_vm *cv, struct snapshot_machine *m);

#endif
