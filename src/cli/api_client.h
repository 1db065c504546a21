/* SPDX-License-Identifier: MIT */
/*
 * The control API's client side: `armvm api` (one request, for people and
 * scripts without an HTTP client that speaks Unix sockets) and
 * `armvm snapshot` (pause a running armvm through its API socket, create
 * the snapshot, then resume it or stop it).
 */
#ifndef ARMVM_CLI_API_CLIENT_H
#define ARMVM_CLI_API_CLIENT_H

#include <stddef.h>

/* Room for a response: headers and the largest body the server sends. */
#define API_CLIENT_RESPONSE_MAX 16384

/*
 * One request over the socket at sock_path. 0 with *status and the body
 * (NUL-terminated, in body[0..bodycap)), or -1 with one line in err
 * (cannot connect, the server closed, a malformed or oversized answer, no
 * answer within timeout_ms).
 */
int api_client_request(const char *sock_path, const char *method, const char *path,
		       const char *body, int timeout_ms, int *status,
		       char *resp_body, size_t bodycap, char *err, size_t errlen);

/* armvm api [-i] SOCKET METHOD PATH [BODY|@FILE]: exit status. */
int api_client_cmd_api(int argc, char *const argv[]);
/* armvm snapshot [--stop] SOCKET SNAPSHOT MEMFILE: exit status. */
int api_client_cmd_snapshot(int argc, char *const argv[]);

#endif
