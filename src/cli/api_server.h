/* SPDX-License-Identifier: MIT */
/*
 * The control API's server (`armvm run --api-sock PATH`): a Unix stream
 * socket, one thread that serves HTTP/1.1 (api_http.h) to a few clients at
 * a time and hands each request to the router (api_router.h), one request
 * at a time. The thread keeps to its seccomp allow-list (SANDBOX_API).
 */
#ifndef ARMVM_CLI_API_SERVER_H
#define ARMVM_CLI_API_SERVER_H

#include <stddef.h>

#include "cli/api_router.h"

struct api_server;

/* Create and listen on the socket at path (refused if something exists
 * there, as Firecracker does). 0, or -1 with one line in err. */
int api_server_open(struct api_server **s, const char *path, char *err, size_t errlen);
/* Serve a on a new thread. 0, or -1 with one line in err. */
int api_server_start(struct api_server *s, struct api *a, char *err, size_t errlen);
/* Stop the thread (if started), close and remove the socket. NULL is fine. */
void api_server_destroy(struct api_server *s);

#endif
