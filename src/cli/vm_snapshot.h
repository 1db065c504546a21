/* SPDX-License-Identifier: MIT */
/*
 * Snapshots of `armvm run`'s VM (docs/snapshot.md, docs/api.md): the
 * snapshot file (snapshot_file.h: the machine, the library's vCPU and vGIC
 * state, the devices' state, and the back ends the devices had) and the
 * guest memory file (RAM as it is, written sparsely: an all-zero page is
 * a hole). Restoring builds the same machine in a new process, maps the
 * memory file MAP_PRIVATE over its RAM so pages load when the guest first
 * touches them (as Firecracker does), and loads the state.
 */
#ifndef ARMVM_CLI_VM_SNAPSHOT_H
#define ARMVM_CLI_VM_SNAPSHOT_H

#include <stddef.h>

#include "cli/api_router.h"
#include "cli/boot.h"
#include "cli/options.h"

/* The section with the back ends the devices had (JSON: see vm_snapshot.c). */
#define SNAPSHOT_SECTION_BACKENDS "backends"

/*
 * Write cv's snapshot to snapshot_path and its RAM to mem_path; o: the
 * options cv was built with (its back ends are recorded), ids: the API's
 * configuration naming its network interfaces (or NULL). The VM is
 * paused (armvm_vm_pause); the virtio I/O thread is held while the state
 * is read. 0, or -1 with one line in err (nothing is left at either path
 * that was not there: the snapshot file is written atomically, and a
 * memory file that could not be completed is removed).
 */
int vm_snapshot_create(struct cli_vm *cv, const struct cli_options *o,
		       const struct api_config *ids, const char *snapshot_path, const char *mem_path,
		       char *err, size_t errlen);

/*
 * Build cv from the snapshot at snapshot_path and the memory file at
 * mem_path: the machine the snapshot names; the back ends from base's
 * --disk/--net/--rng/--console options when it has any, else the ones
 * the snapshot recorded, tap names changed by l's network_overrides (l may
 * be NULL). On return the VM is ready to run (armvm_vm_run), its I/O
 * thread not started. o_out receives the options the VM was built with
 * (its strings live in a buffer that stays until the next call).
 * Returns 0, or an exit status (exit_status.h) with one line in err and
 * nothing left to tear down but cli_vm_teardown(cv).
 */
int vm_snapshot_restore(const struct cli_options *base, const char *snapshot_path,
			const char *mem_path, const struct api_snapshot_load *l,
			struct cli_vm *cv, struct cli_options *o_out,
			char *err, size_t errlen);

#endif
