/* SPDX-License-Identifier: MIT */
/* `armvm api` and `armvm snapshot`; see api_client.h. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cli/api_client.h"
#include "cli/api_http.h"
#include "cli/exit_status.h"
#include "cli/file_read.h"
#include "cli/json.h"

static int connect_sock(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "socket path '%s' is too long", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(err, errlen, "cannot connect to the API socket '%s': %s", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

static int exchange(int fd, const char *method, const char *path, const char *body,
		    int timeout_ms, int *status, char *resp_body, size_t bodycap,
		    char *err, size_t errlen)
{
	static char out[API_HTTP_MAX_HEAD + API_HTTP_MAX_BODY];
	static char in[API_CLIENT_RESPONSE_MAX];
	size_t blen = body ? strlen(body) : 0;
	int n = api_http_format_request(out, sizeof(out), method, path, body, blen);
	if (n < 0) {
		snprintf(err, errlen, "request too large (a body is at most %d bytes)",
			 API_HTTP_MAX_BODY);
		return -1;
	}
	for (size_t done = 0; done < (size_t)n;) {
		ssize_t w = send(fd, out + done, (size_t)n - done, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			snprintf(err, errlen, "cannot send the request: %s", strerror(errno));
			return -1;
		}
		done += (size_t)w;
	}
	size_t have = 0;
	long deadline = now_ms() + timeout_ms;
	for (;;) {
		const char *b, *why = "";
		size_t bl;
		enum api_http_parse p = api_http_parse_response(in, have, status, &b, &bl, &why);
		if (p == API_HTTP_BAD) {
			snprintf(err, errlen, "malformed response: %s", why);
			return -1;
		}
		if (p == API_HTTP_DONE) {
			if (bl >= bodycap) {
				snprintf(err, errlen, "response body too large");
				return -1;
			}
			memcpy(resp_body, b, bl);
			resp_body[bl] = '\0';
			return 0;
		}
		if (have == sizeof(in)) {
			snprintf(err, errlen, "response too large");
			return -1;
		}
		long left = deadline - now_ms();
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		int r = left > 0 ? poll(&pf, 1, (int)left) : 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, errlen, "no answer from the API within %d ms", timeout_ms);
			return -1;
		}
		ssize_t got = recv(fd, in + have, sizeof(in) - have, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			snprintf(err, errlen, "the API closed the connection without an answer");
			return -1;
		}
		have += (size_t)got;
	}
}

int api_client_request(const char *sock_path, const char *method, const char *path,
		       const char *body, int timeout_ms, int *status,
		       char *resp_body, size_t bodycap, char *err, size_t errlen)
{
	int fd = connect_sock(sock_path, err, errlen);
	if (fd < 0)
		return -1;
	int rc = exchange(fd, method, path, body, timeout_ms, status, resp_body,
			  bodycap, err, errlen);
	close(fd);
	return rc;
}

/* The fault_message of an error body, or the body itself. */
static const char *fault_of(const char *body, char *buf, size_t cap)
{
	static struct json_value v[64];
	static char s[API_CLIENT_RESPONSE_MAX + 64];
	struct json_doc d = { v, 64, 0, s, sizeof(s), 0 };
	char why[100];
	if (json_parse(body, strlen(body), &d, why, sizeof(why)) == 0) {
		const struct json_value *m = json_get(&d, &d.v[0], "fault_message");
		if (m && m->type == JSON_STRING) {
			snprintf(buf, cap, "%s", m->str);
			return buf;
		}
	}
	snprintf(buf, cap, "%s", body);
	return buf;
}

/* Long enough for a snapshot of a large guest's RAM. */
#define API_CLIENT_TIMEOUT_MS (600 * 1000)

int api_client_cmd_api(int argc, char *const argv[])
{
	static char body[API_CLIENT_RESPONSE_MAX];
	char err[400], fault[600];
	bool show_status = argc > 0 && !strcmp(argv[0], "-i");
	if (show_status) {
		argc--;
		argv++;
	}
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "armvm: error: usage: armvm api [-i] SOCKET METHOD PATH "
			"[BODY|@FILE]\n");
		return EXIT_USAGE;
	}
	struct file_buf f = { 0 };
	const char *req = argc == 4 ? argv[3] : NULL;
	if (req && req[0] == '@') {
		if (file_read_all(req + 1, "request body", &f, err, sizeof(err)) < 0) {
			fprintf(stderr, "armvm: error: %s\n", err);
			return EXIT_USAGE;
		}
		if (memchr(f.data, '\0', f.len) || f.len > API_HTTP_MAX_BODY) {
			fprintf(stderr, "armvm: error: request body '%s' holds a NUL byte or "
				"is over %d bytes\n", req + 1, API_HTTP_MAX_BODY);
			file_buf_free(&f);
			return EXIT_USAGE;
		}
		static char fbody[API_HTTP_MAX_BODY + 1];
		memcpy(fbody, f.data, f.len);
		fbody[f.len] = '\0';
		req = fbody;
		file_buf_free(&f);
	}
	int status;
	if (api_client_request(argv[0], argv[1], argv[2], req, API_CLIENT_TIMEOUT_MS,
			       &status, body, sizeof(body), err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: %s\n", err);
		return EXIT_HOST_ERROR;
	}
	if (show_status)
		printf("%d\n", status);
	if (body[0])
		printf("%s\n", body);
	fflush(stdout);
	if (status / 100 != 2) {
		fprintf(stderr, "armvm: error: the API answered %d: %s\n", status,
			fault_of(body, fault, sizeof(fault)));
		return EXIT_HOST_ERROR;
	}
	return 0;
}

/* One step of `armvm snapshot`; -1 after printing why. */
static int step(const char *sock, const char *method, const char *path,
		const char *body, const char *what)
{
	static char resp[API_CLIENT_RESPONSE_MAX];
	char err[400], fault[600];
	int status;
	if (api_client_request(sock, method, path, body, API_CLIENT_TIMEOUT_MS,
			       &status, resp, sizeof(resp), err, sizeof(err)) < 0) {
		fprintf(stderr, "armvm: error: snapshot: %s: %s\n", what, err);
		return -1;
	}
	if (status / 100 != 2) {
		fprintf(stderr, "armvm: error: snapshot: %s: %s\n", what,
			fault_of(resp, fault, sizeof(fault)));
		return -1;
	}
	return 0;
}

int api_client_cmd_snapshot(int argc, char *const argv[])
{
	bool stop = argc > 0 && !strcmp(argv[0], "--stop");
	if (stop) {
		argc--;
		argv++;
	}
	if (argc != 3 || argv[0][0] == '-') {
		fprintf(stderr, "armvm: error: usage: armvm snapshot [--stop] SOCKET "
			"SNAPSHOT MEMFILE\n");
		return EXIT_USAGE;
	}
	const char *sock = argv[0];
	static char body[3 * 4200];
	struct json_out o = { body, sizeof(body), 0, false };
	json_out_raw(&o, "{\"snapshot_type\":\"Full\",\"snapshot_path\":");
	json_out_str(&o, argv[1]);
	json_out_raw(&o, ",\"mem_file_path\":");
	json_out_str(&o, argv[2]);
	json_out_raw(&o, "}");
	if (o.overflow) {
		fprintf(stderr, "armvm: error: snapshot: paths too long\n");
		return EXIT_USAGE;
	}
	/* The peer's pid, for --stop (there is no stop request in the API). */
	pid_t peer = 0;
	if (stop) {
		char err[400];
		int fd = connect_sock(sock, err, sizeof(err));
		struct ucred cr;
		socklen_t len = sizeof(cr);
		if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0) {
			fprintf(stderr, "armvm: error: snapshot: %s\n",
				fd < 0 ? err : strerror(errno));
			if (fd >= 0)
				close(fd);
			return EXIT_HOST_ERROR;
		}
		close(fd);
		peer = cr.pid;
	}
	if (step(sock, "PATCH", "/vm", "{\"state\":\"Paused\"}", "pause") < 0)
		return EXIT_HOST_ERROR;
	int rc = step(sock, "PUT", "/snapshot/create", body, "create");
	if (stop && rc == 0) {
		if (kill(peer, SIGTERM) < 0) {
			fprintf(stderr, "armvm: error: snapshot: cannot stop armvm (pid %d): "
				"%s\n", (int)peer, strerror(errno));
			return EXIT_HOST_ERROR;
		}
		return 0;
	}
	/* Resume also after a failed create: the guest goes on as before. */
	if (step(sock, "PATCH", "/vm", "{\"state\":\"Resumed\"}", "resume") < 0 || rc < 0)
		return EXIT_HOST_ERROR;
	return 0;
}
