/* SPDX-License-Identifier: MIT */
/*
 * The control API (src/cli/api_*.c, json.c) on arbitrary bytes: as an HTTP
 * stream of pipelined requests, each routed with fake VM operations (that
 * succeed or fail by the input's first byte), and as a --config-file
 * document. Never a fault, and every answer is a known status with a body
 * that is valid JSON (an Error object for a 4xx).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/api_http.h"
#include "cli/api_router.h"
#include "cli/json.h"

static int fail_ops;

static int op(char *err, size_t errlen)
{
	if (!fail_ops)
		return 0;
	strncpy(err, "refused by the fuzzer", errlen - 1);
	err[errlen - 1] = '\0';
	return -1;
}
static int f_start(void *c, const struct api_config *cfg, char *e, size_t n)
{
	(void)c;
	(void)cfg;
	return op(e, n);
}
static int f_pause(void *c, char *e, size_t n) { (void)c; return op(e, n); }
static int f_resume(void *c, char *e, size_t n) { (void)c; return op(e, n); }
static int f_create(void *c, const char *s, const char *m, char *e, size_t n)
{
	(void)c;
	if (!*s || !*m)
		abort();         /* the router checks both are non-empty */
	return op(e, n);
}
static int f_load(void *c, const struct api_snapshot_load *l, char *e, size_t n)
{
	(void)c;
	if (!l->snapshot_path || !l->mem_path)
		abort();
	return op(e, n);
}
static const struct api_ops ops = { f_start, f_pause, f_resume, f_create, f_load };

static void check_response(const struct api_response *r)
{
	static struct json_value v[1024];
	static char s[2 * API_RESPONSE_MAX];
	struct json_doc d = { v, 1024, 0, s, sizeof(s), 0 };
	char err[100];
	if (r->status != 200 && r->status != 204 && r->status != 400)
		abort();
	if ((r->status == 204) != (r->len == 0))
		abort();
	if (r->len && json_parse(r->body, r->len, &d, err, sizeof(err)) < 0)
		abort();
	if (r->status == 400 && !json_get(&d, &d.v[0], "fault_message"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct api a;
	static struct api_response r;
	fail_ops = size && (data[0] & 1);
	api_init(&a, &ops, NULL, "fuzz", "0");
	const char *buf = (const char *)data;
	size_t left = size;
	for (int n = 0; n < 64 && left; n++) {
		struct api_http_request rq;
		size_t used;
		int status;
		const char *why;
		enum api_http_parse p = api_http_parse_request(buf, left, &rq, &used,
							       &status, &why);
		if (p == API_HTTP_INCOMPLETE)
			break;
		if (p == API_HTTP_BAD) {
			if (status < 400 || status > 505 || !why || !*why)
				abort();
			api_fault(&r, status, why);
			break;
		}
		if (used == 0 || used > left)
			abort();
		api_handle(&a, rq.method, rq.path, rq.body, rq.body_len, &r);
		check_response(&r);
		buf += used;
		left -= used;
	}
	/* The same bytes as a configuration file. */
	static struct json_value v[4096];
	static char s[8192 + 4096 + 2];
	struct json_doc d = { v, 4096, 0, s, sizeof(s), 0 };
	char err[300];
	struct api_config c;
	api_config_init(&c);
	if (size <= 8192 && json_parse((const char *)data, size, &d, err, sizeof(err)) == 0 &&
	    api_config_file(&c, &d, err, sizeof(err)) < 0 && !err[0])
		abort();
	return 0;
}
