/* SPDX-License-Identifier: MIT */
/*
 * The control API's hold on the CLI's VM (struct api_ops for api_router):
 * InstanceStart and /snapshot/load are handed to the main thread, which
 * builds the VM (it owns setup and teardown and is not yet sandboxed) and
 * answers; pause, resume and /snapshot/create act on the running VM from
 * the API thread through the library (armvm_vm_pause/resume, state save)
 * and the devices' saved state (devices_state.h).
 */
#ifndef ARMVM_CLI_VM_CONTROL_H
#define ARMVM_CLI_VM_CONTROL_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

#include "cli/api_router.h"
#include "cli/boot.h"

enum vm_control_request { VMC_NONE, VMC_START, VMC_LOAD, VMC_ANSWERED };

struct vm_control {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum vm_control_request req;
	const struct api_config *cfg;          /* VMC_START */
	const struct api_snapshot_load *load;  /* VMC_LOAD */
	int rc;
	char err[512];
	struct cli_vm *cv;       /* the VM, once it exists */
	const struct cli_options *o;   /* the options it was built with */
	const struct api_config *ids;  /* what names its interfaces, or NULL */
};

extern const struct api_ops vm_control_ops;

void vm_control_init(struct vm_control *c);

/*
 * Main thread, before the VM exists: wait for InstanceStart or
 * /snapshot/load. Returns the request (its argument in c->cfg / c->load),
 * or VMC_NONE once *stop is set (a stopping signal; checked every 100 ms).
 */
enum vm_control_request vm_control_wait(struct vm_control *c,
					volatile sig_atomic_t *stop);
/* Main thread: the request's outcome (0, or -1 and a fault message). */
void vm_control_answer(struct vm_control *c, int rc, const char *err);

#endif
