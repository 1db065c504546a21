/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 (RFC 9112) for the control API, both ends: parsing one request
 * from a connection's buffer and one response (the client side:
 * `armvm api`, `armvm snapshot`), and writing them. Only what a JSON API
 * on a Unix socket needs: a request line, headers, a body sized by
 * Content-Length; Transfer-Encoding is refused (411/501 as the RFC has
 * it). Pure functions over buffers, unit-tested natively.
 */
#ifndef ARMVM_CLI_API_HTTP_H
#define ARMVM_CLI_API_HTTP_H

#include <stdbool.h>
#include <stddef.h>

/* Firecracker's default limit on a request body (http_api_max_payload_size). */
#define API_HTTP_MAX_BODY   51200
/* Request line and headers together. */
#define API_HTTP_MAX_HEAD   8192
#define API_HTTP_MAX_PATH   1024

struct api_http_request {
	char method[8];
	char path[API_HTTP_MAX_PATH];
	const char *body;        /* inside the parsed buffer; NULL if none */
	size_t body_len;
	bool close;              /* Connection: close (or HTTP/1.0) */
};

enum api_http_parse {
	API_HTTP_INCOMPLETE = 0, /* read more */
	API_HTTP_DONE = 1,       /* *rq filled, *used bytes consumed */
	API_HTTP_BAD = -1,       /* answer *status with *why, then close */
};

/*
 * Parse the request at the start of buf[0..len). On API_HTTP_BAD, status
 * is the HTTP status to answer (400, 413, 414, 431, 501, 505) and why a
 * one-line reason.
 */
enum api_http_parse api_http_parse_request(const char *buf, size_t len,
					   struct api_http_request *rq,
					   size_t *used, int *status,
					   const char **why);

/* "HTTP/1.1 <status> <reason>" + headers + body into out; bytes, or -1
 * if it does not fit. body NULL or body_len 0: no body, no Content-Type. */
int api_http_format_response(char *out, size_t cap, int status,
			     const char *body, size_t body_len, bool close);

const char *api_http_reason(int status);

/* A request, as a client sends it. -1 if it does not fit. */
int api_http_format_request(char *out, size_t cap, const char *method,
			    const char *path, const char *body, size_t body_len);

/* Parse a response at buf[0..len): INCOMPLETE, DONE (status, body inside
 * buf) or BAD (why). */
enum api_http_parse api_http_parse_response(const char *buf, size_t len,
					    int *status, const char **body,
					    size_t *body_len, const char **why);

#endif
