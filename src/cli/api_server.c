/* SPDX-License-Identifier: MIT */
/* The control API's socket and thread; see api_server.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/api_http.h"
#include "cli/api_server.h"
#include "cli/sandbox.h"

/* Clients served at once; more wait in the listen queue. */
#define API_MAX_CLIENTS 4
#define API_CONN_BUF    (API_HTTP_MAX_HEAD + API_HTTP_MAX_BODY + 1)

struct api_conn {
	int fd;                  /* -1: free */
	size_t have;
	char buf[API_CONN_BUF];
};

struct api_server {
	int listen_fd;
	int wake[2];             /* a byte here ends the thread */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct api *api;
	pthread_t thread;
	bool started;
	struct api_conn conn[API_MAX_CLIENTS];
	struct api_response resp;
	char out[API_RESPONSE_MAX + 512];
};

int api_server_open(struct api_server **sp, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (!*path || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "--api-sock '%s': a socket path is 1..%zu bytes",
			 path, sizeof(sa.sun_path) - 1);
		return -1;
	}
	struct api_server *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->wake[0] = s->wake[1] = -1;
	for (int i = 0; i < API_MAX_CLIENTS; i++)
		s->conn[i].fd = -1;
	strcpy(s->path, path);
	strcpy(sa.sun_path, path);
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(err, errlen, "--api-sock '%s': %s%s", path, strerror(errno),
			 errno == EADDRINUSE ? " (remove the old socket first)" : "");
		if (s->listen_fd >= 0)
			close(s->listen_fd);
		free(s);
		return -1;
	}
	if (listen(s->listen_fd, 8) < 0 || pipe2(s->wake, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "--api-sock '%s': %s", path, strerror(errno));
		api_server_destroy(s);
		return -1;
	}
	*sp = s;
	return 0;
}

static void drop(struct api_conn *c)
{
	close(c->fd);
	c->fd = -1;
	c->have = 0;
}

/* A response is at most a few KiB: the socket takes it at once, or the
 * client is not reading and loses its connection (the API thread never
 * waits on one client). */
static bool send_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool respond(struct api_server *s, struct api_conn *c, bool close)
{
	struct api_response *r = &s->resp;
	int n = api_http_format_response(s->out, sizeof(s->out), r->status,
					 r->len ? r->body : NULL, r->len, close);
	return n > 0 && send_all(c->fd, s->out, (size_t)n) && !close;
}

/* Serve every complete request in c's buffer; false: close it. */
static bool serve(struct api_server *s, struct api_conn *c)
{
	for (;;) {
		struct api_http_request rq;
		size_t used;
		int status;
		const char *why;
		enum api_http_parse p = api_http_parse_request(c->buf, c->have, &rq,
							       &used, &status, &why);
		if (p == API_HTTP_INCOMPLETE)
			return c->have < sizeof(c->buf);
		if (p == API_HTTP_BAD) {
			api_fault(&s->resp, status, why);
			respond(s, c, true);
			return false;
		}
		api_handle(s->api, rq.method, rq.path, rq.body, rq.body_len, &s->resp);
		if (!respond(s, c, rq.close))
			return false;
		memmove(c->buf, c->buf + used, c->have - used);
		c->have -= used;
	}
}

static void *api_thread(void *arg)
{
	struct api_server *s = arg;
	sandbox_enter_or_exit(SANDBOX_API);
	for (;;) {
		struct pollfd p[2 + API_MAX_CLIENTS];
		int slot[2 + API_MAX_CLIENTS];
		nfds_t n = 0;
		p[n++] = (struct pollfd){ .fd = s->wake[0], .events = POLLIN };
		bool room = false;
		for (int i = 0; i < API_MAX_CLIENTS; i++) {
			if (s->conn[i].fd < 0) {
				room = true;
				continue;
			}
			slot[n] = i;
			p[n++] = (struct pollfd){ .fd = s->conn[i].fd, .events = POLLIN };
		}
		nfds_t listen_at = n;
		if (room)
			p[n++] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			unlink(s->path);
			return NULL;
		}
		if (p[0].revents) {
			/* The socket goes with the thread: by now the main
			 * thread's allow-list has no unlinkat. */
			unlink(s->path);
			return NULL;
		}
		for (nfds_t k = 1; k < listen_at; k++) {
			if (!p[k].revents)
				continue;
			struct api_conn *c = &s->conn[slot[k]];
			ssize_t r = recv(c->fd, c->buf + c->have, sizeof(c->buf) - c->have,
					 MSG_DONTWAIT);
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				drop(c);
				continue;
			}
			c->have += (size_t)r;
			if (!serve(s, c))
				drop(c);
		}
		if (room && p[listen_at].revents) {
			int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			for (int i = 0; i < API_MAX_CLIENTS; i++)
				if (s->conn[i].fd < 0) {
					s->conn[i].fd = fd;
					s->conn[i].have = 0;
					break;
				}
		}
	}
}

int api_server_start(struct api_server *s, struct api *a, char *err, size_t errlen)
{
	s->api = a;
	int rc = pthread_create(&s->thread, NULL, api_thread, s);
	if (rc) {
		snprintf(err, errlen, "cannot start the API thread: %s", strerror(rc));
		return -1;
	}
	s->started = true;
	return 0;
}

void api_server_destroy(struct api_server *s)
{
	if (!s)
		return;
	if (s->started) {
		char b = 0;
		while (write(s->wake[1], &b, 1) < 0 && errno == EINTR)
			;
		pthread_join(s->thread, NULL);
	}
	for (int i = 0; i < API_MAX_CLIENTS; i++)
		if (s->conn[i].fd >= 0)
			close(s->conn[i].fd);
	if (s->wake[0] >= 0) {
		close(s->wake[0]);
		close(s->wake[1]);
	}
	close(s->listen_fd);
	/* Never served: remove it here (the thread removes it when it ends).
	 * Under --chroot the path may no longer be reachable: best effort. */
	if (!s->started)
		unlink(s->path);
	free(s);
}
