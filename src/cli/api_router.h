/* SPDX-License-Identifier: MIT */
/*
 * The control API's routes: Firecracker's paths, methods, bodies, status
 * codes and `fault_message` errors (../shared/peers/firecracker/
 * firecracker.yaml) for the subset armvm supports (docs/api.md). A pure
 * function of (state, request) -> response: whatever touches the VM goes
 * through struct api_ops, which the program (api_server.c, vm_control.c)
 * or a unit test provides. Requests are handled one at a time.
 */
#ifndef ARMVM_CLI_API_ROUTER_H
#define ARMVM_CLI_API_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/api_config.h"

enum api_vm_state { API_NOT_STARTED, API_RUNNING, API_PAUSED };

struct api_snapshot_load {
	const char *snapshot_path;
	const char *mem_path;
	bool resume;
	/* network_overrides: iface_id -> host_dev_name */
	unsigned nr_override;
	const char *override_id[API_MAX_NETS];
	const char *override_tap[API_MAX_NETS];
};

/* Each returns 0, or -1 with a fault message in err. */
struct api_ops {
	int (*start)(void *ctx, const struct api_config *c, char *err, size_t errlen);
	int (*pause)(void *ctx, char *err, size_t errlen);
	int (*resume)(void *ctx, char *err, size_t errlen);
	int (*snapshot_create)(void *ctx, const char *snapshot_path,
			       const char *mem_path, char *err, size_t errlen);
	/* On success the VM is paused, or running when l->resume. */
	int (*snapshot_load)(void *ctx, const struct api_snapshot_load *l,
			     char *err, size_t errlen);
};

struct api {
	struct api_config cfg;
	enum api_vm_state state;
	const struct api_ops *ops;
	void *ctx;
	const char *id;          /* GET / "id" */
	const char *version;     /* GET /version, GET / "vmm_version" */
};

#define API_RESPONSE_MAX 4096

struct api_response {
	int status;
	char body[API_RESPONSE_MAX];
	size_t len;
};

void api_init(struct api *a, const struct api_ops *ops, void *ctx,
	      const char *id, const char *version);

/* One request: method, target (path, maybe with a query), body. */
void api_handle(struct api *a, const char *method, const char *target,
		const char *body, size_t body_len, struct api_response *r);

/* A fault response for errors found before routing (HTTP parsing). */
void api_fault(struct api_response *r, int status, const char *msg);

#endif
