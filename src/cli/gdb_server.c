// SPDX-License-Identifier: MIT
/*
 * The gdb stub's server (gdb_server.h). Two threads share a small state
 * under one lock: the run loop (the caller's thread) runs the VM and
 * halts it at a debug exit or an interrupt gdb asked for; the gdb thread
 * accepts a connection, answers packets (gdb_rsp.c) while the VM is halted,
 * and hands resumes back. The gdb thread touches registers, memory and
 * debug settings only while the VM is halted (the library refuses
 * otherwise). A halt wakes the gdb thread through a pipe.
 */
#include "cli/gdb_server.h"

#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli/gdb_rsp.h"
#include "cli/gdb_state.h"
#include "cli/sandbox.h"

#define SIGINT_NUM  2
#define SIGTRAP_NUM 5
#define SIGKILL_NUM 9

/* ---- the connection ---- */

static void send_raw(struct gdb_server *g, const char *buf, size_t len)
{
	while (len && g->conn_fd >= 0) {
		ssize_t n = send(g->conn_fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;   /* the reader notices the closed connection */
		buf += n;
		len -= (size_t)n;
	}
}

static void send_packet(struct gdb_server *g, const char *payload, size_t len)
{
	g->out_len = gdb_frame(payload, len, g->out, sizeof(g->out));
	send_raw(g, g->out, g->out_len);
}

static void send_stop(struct gdb_server *g, const struct gdb_stop *st)
{
	size_t n = gdb_stop_reply(&g->sess, st, g->reply, sizeof(g->reply));
	send_packet(g, g->reply, n);
}

/* Ask the running VM to halt (under lock). */
static void request_halt(struct gdb_server *g)
{
	if (!g->halted && !g->interrupt && !g->finished) {
		g->interrupt = true;
		armvm_vm_stop(g->vm);
	}
}

static void wait_halted(struct gdb_server *g)
{
	pthread_mutex_lock(&g->lock);
	request_halt(g);
	while (!g->halted && !g->finished && !g->shutdown)
		pthread_cond_wait(&g->cond, &g->lock);
	g->halt_seen = true;
	pthread_mutex_unlock(&g->lock);
}

static void resume(struct gdb_server *g, enum gdb_action a, unsigned step_thread)
{
	pthread_mutex_lock(&g->lock);
	g->resume = a;
	g->resume_requested = true;
	g->halted = false;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	(void)step_thread;
}

/* gdb went away or detached: the guest runs on without breakpoints. */
static void let_go(struct gdb_server *g)
{
	wait_halted(g);
	pthread_mutex_lock(&g->lock);
	bool finished = g->finished;
	pthread_mutex_unlock(&g->lock);
	if (finished)
		return;
	gdb_drop_debug(g);
	resume(g, GDB_RESUME_CONTINUE, 0);
}

/* The packets gdb may send while the VM runs: those that do not touch it. */
static bool harmless_while_running(const char *pkt)
{
	return pkt[0] == 'q' || pkt[0] == 'Q' || pkt[0] == 'H' || pkt[0] == 'T' ||
	       !strncmp(pkt, "vCont?", 6) || !strncmp(pkt, "vMustReplyEmpty", 15);
}

/* One packet; false when the connection is over (detach, kill). */
static bool packet(struct gdb_server *g)
{
	size_t len;

	pthread_mutex_lock(&g->lock);
	bool halted = g->halted;
	if (!halted && g->sess.pkt[0] == '?') {
		request_halt(g);       /* answered when it has halted */
		g->want_stop_reply = true;
		pthread_mutex_unlock(&g->lock);
		return true;
	}
	pthread_mutex_unlock(&g->lock);
	if (!halted && !harmless_while_running(g->sess.pkt)) {
		send_packet(g, "E01", 3);
		return true;
	}
	enum gdb_action a = gdb_handle(&g->sess, g->reply, &len);
	switch (a) {
	case GDB_REPLY:
		send_packet(g, g->reply, len);
		return true;
	case GDB_RESUME_CONTINUE:
	case GDB_RESUME_STEP:
		gdb_apply_debug(g, true, a == GDB_RESUME_STEP, g->sess.step_thread);
		g->want_stop_reply = true;
		resume(g, a, g->sess.step_thread);
		return true;
	case GDB_DETACH:
		send_packet(g, g->reply, len);
		gdb_drop_debug(g);
		resume(g, GDB_RESUME_CONTINUE, 0);
		return false;
	case GDB_KILL:
		if (len)
			send_packet(g, g->reply, len);
		resume(g, GDB_KILL, 0);
		return false;
	}
	return true;
}

/* A halt or the end of the VM, seen by the gdb thread: the stop reply if
 * gdb waits for one. false: the VM has ended. */
static bool take_halt(struct gdb_server *g)
{
	pthread_mutex_lock(&g->lock);
	bool news = (g->halted && !g->halt_seen) || g->finished;
	struct gdb_stop st = g->stop;
	bool finished = g->finished;
	if (g->halted)
		g->halt_seen = true;
	pthread_mutex_unlock(&g->lock);
	if (!news)
		return true;
	if (g->want_stop_reply) {
		send_stop(g, &st);
		g->want_stop_reply = false;
	} else {
		g->sess.last_stop = st;
	}
	return !finished;
}

static void serve(struct gdb_server *g)
{
	gdb_session_init(&g->sess, g->aarch32 ? GDB_ARCH_ARM : GDB_ARCH_AARCH64, g->nr_vcpus,
			 &gdb_target_ops, g);
	g->want_stop_reply = false;
	pthread_mutex_lock(&g->lock);
	g->connected = true;
	g->sess.last_stop = g->stop;
	request_halt(g);               /* gdb expects a stopped target */
	pthread_mutex_unlock(&g->lock);

	for (;;) {
		struct pollfd p[2] = { { .fd = g->conn_fd, .events = POLLIN }, { .fd = g->wake[0], .events = POLLIN } };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents) {
			char drain[64];
			if (read(g->wake[0], drain, sizeof(drain)) < 0 && errno != EAGAIN && errno != EINTR)
				break;
			if (!take_halt(g))
				goto out;      /* the VM ended */
			pthread_mutex_lock(&g->lock);
			bool stop = g->shutdown;
			pthread_mutex_unlock(&g->lock);
			if (stop)
				goto out;
		}
		if (!p[0].revents)
			continue;
		uint8_t buf[4096];
		ssize_t n = recv(g->conn_fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;             /* gdb went away */
		for (ssize_t i = 0; i < n; i++) {
			switch (gdb_feed(&g->sess, buf[i])) {
			case GDB_IN_PACKET:
				if (!g->sess.no_ack)
					send_raw(g, "+", 1);
				if (!packet(g))
					goto out_detached;
				break;
			case GDB_IN_BAD_PACKET:
				if (!g->sess.no_ack)
					send_raw(g, "-", 1);
				break;
			case GDB_IN_NACK:
				if (!g->sess.no_ack)
					send_raw(g, g->out, g->out_len);
				break;
			case GDB_IN_INTERRUPT:
				pthread_mutex_lock(&g->lock);
				request_halt(g);
				pthread_mutex_unlock(&g->lock);
				break;
			default:
				break;
			}
		}
	}
	let_go(g);
	goto out;
out_detached:
	;
out:
	pthread_mutex_lock(&g->lock);
	g->connected = false;
	pthread_mutex_unlock(&g->lock);
	close(g->conn_fd);
	g->conn_fd = -1;
}

static void *gdb_thread(void *arg)
{
	struct gdb_server *g = arg;

	/* Its own allow-list (seccomp_policy.c) before it takes a connection;
	 * nothing when the sandbox is off (--no-seccomp, unit tests). */
	sandbox_enter_or_exit(SANDBOX_GDB);
	for (;;) {
		/* Before waiting: serve() may have drained the wake-up that
		 * gdb_server_destroy() sent with shutdown (the VM ended while a
		 * gdb was connected), and poll would then wait forever. */
		pthread_mutex_lock(&g->lock);
		bool done = g->shutdown || g->finished;
		pthread_mutex_unlock(&g->lock);
		if (done)
			return NULL;
		struct pollfd p[2] = { { .fd = g->listen_fd, .events = POLLIN }, { .fd = g->wake[0], .events = POLLIN } };
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return NULL;
		if (p[1].revents) {
			char drain[64];
			if (read(g->wake[0], drain, sizeof(drain)) < 0 && errno != EAGAIN && errno != EINTR)
				return NULL;
		}
		if (!(p[0].revents & POLLIN))
			continue;
		int fd = accept(g->listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		g->conn_fd = fd;
		serve(g);
	}
}

/* ---- the run loop (the caller's thread) ---- */

static void wake_gdb(struct gdb_server *g)
{
	char c = 1;
	if (write(g->wake[1], &c, 1) < 0 && errno != EAGAIN) {
		/* a full pipe already holds a wake-up */
	}
}

static struct gdb_stop stop_of(const struct gdb_server *g, const struct armvm_exit *ex)
{
	struct gdb_stop st = { .kind = GDB_STOP_SIGNAL, .signal = SIGTRAP_NUM, .thread = ex->vcpu };

	switch (ex->debug) {
	case ARMVM_DEBUG_SW_BREAKPOINT: st.kind = GDB_STOP_SWBREAK; break;
	case ARMVM_DEBUG_HW_BREAKPOINT: st.kind = GDB_STOP_HWBREAK; break;
	case ARMVM_DEBUG_WATCHPOINT:
		st.kind = GDB_STOP_AWATCH;
		st.addr = ex->addr;
		for (unsigned i = 0; i < g->hw.nr_watchpoints; i++) {
			const struct armvm_watchpoint *w = &g->hw.watchpoint[i];
			if (ex->addr >= (w->addr & ~7ULL) && ex->addr < (w->addr & ~7ULL) + 8) {
				st.kind = g->wp_type[i] == GDB_WATCH_WRITE ? GDB_STOP_WATCH :
					  g->wp_type[i] == GDB_WATCH_READ ? GDB_STOP_RWATCH : GDB_STOP_AWATCH;
				st.addr = w->addr;
				break;
			}
		}
		break;
	default: break;
	}
	return st;
}

/* Halted: tell the gdb thread, wait for its resume (or a quit signal). */
static void halt_and_wait(struct gdb_server *g, const struct gdb_stop *st, volatile sig_atomic_t *quit)
{
	/* gdb's stop request lost the race to a debug exit: armvm_vm_stop()
	 * may have come after the run cleared the requests, and would end the
	 * next run at once. */
	g->stale_stop = g->interrupt && st->signal != SIGINT_NUM;
	g->stop = *st;
	g->halted = true;
	g->halt_seen = false;
	g->interrupt = false;
	g->resume_requested = false;
	pthread_cond_broadcast(&g->cond);
	wake_gdb(g);
	while (!g->resume_requested && !g->shutdown && !(quit && *quit)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->cond, &g->lock, &ts);
	}
}

int gdb_server_run(struct gdb_server *g, volatile sig_atomic_t *quit, struct armvm_exit *ex,
		   struct armvm_error *e)
{
	int rc = 0;

	pthread_mutex_lock(&g->lock);
	if (g->halted) {                       /* --gdb-wait */
		struct gdb_stop st = { .kind = GDB_STOP_SIGNAL, .signal = SIGTRAP_NUM };
		halt_and_wait(g, &st, quit);
	}
	for (;;) {
		if ((quit && *quit) || g->resume == GDB_KILL) {
			memset(ex, 0, sizeof(*ex));
			ex->reason = ARMVM_EXIT_STOPPED;
			break;
		}
		g->halted = false;
		pthread_mutex_unlock(&g->lock);
		rc = armvm_vm_run(g->vm, ex, e);
		pthread_mutex_lock(&g->lock);
		if (rc < 0)
			break;
		bool stale = g->stale_stop;
		g->stale_stop = false;
		if (stale && ex->reason == ARMVM_EXIT_STOPPED && !g->interrupt && !(quit && *quit))
			continue;              /* that late request, not a stop anyone wants */
		bool ours = ex->reason == ARMVM_EXIT_DEBUG ||
			    (ex->reason == ARMVM_EXIT_STOPPED && g->interrupt);
		if (ours && g->connected) {
			struct gdb_stop st = stop_of(g, ex);
			if (ex->reason == ARMVM_EXIT_STOPPED)
				st = (struct gdb_stop){ .kind = GDB_STOP_SIGNAL, .signal = SIGINT_NUM, .thread = 0 };
			halt_and_wait(g, &st, quit);
			continue;
		}
		if (ours) {                        /* gdb has gone: run on without it */
			g->interrupt = false;
			pthread_mutex_unlock(&g->lock);
			gdb_apply_debug(g, false, false, 0);
			pthread_mutex_lock(&g->lock);
			continue;
		}
		break;
	}
	g->finished = true;
	g->halted = true;
	g->stop = (struct gdb_stop){ .kind = ex->reason == ARMVM_EXIT_POWEROFF ? GDB_STOP_EXITED : GDB_STOP_KILLED,
				     .signal = ex->reason == ARMVM_EXIT_POWEROFF ? 0 : SIGKILL_NUM };
	pthread_cond_broadcast(&g->cond);
	wake_gdb(g);
	pthread_mutex_unlock(&g->lock);
	return rc;
}

/* ---- setup ---- */

/* Listen on "[HOST:]PORT": no HOST is every interface; HOST is an IPv4 or
 * IPv6 address or "localhost" (no name lookup: armvm is linked statically,
 * and a debugger's address is no place for DNS). */
static int listen_on(const char *spec, int *out, char *err, size_t errlen)
{
	char host[64] = "";
	const char *port = spec, *colon = strrchr(spec, ':');

	if (colon) {
		size_t n = (size_t)(colon - spec);
		if (n >= 2 && spec[0] == '[' && spec[n - 1] == ']') {   /* [IPv6] */
			spec++;
			n -= 2;
		}
		if (n >= sizeof(host)) {
			snprintf(err, errlen, "--gdb: bad host in '%s'", spec);
			return -1;
		}
		memcpy(host, spec, n);
		host[n] = '\0';
		port = colon + 1;
	}
	char *end;
	long pn = strtol(port, &end, 10);
	if (!*port || *end || pn < 1 || pn > 65535) {
		snprintf(err, errlen, "--gdb: bad port in '%s' (use [HOST:]PORT, PORT 1..65535)", spec);
		return -1;
	}
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	if (!*host || !strcmp(host, "localhost")) {
		in4->sin_family = AF_INET;
		in4->sin_addr.s_addr = htonl(*host ? INADDR_LOOPBACK : INADDR_ANY);
		in4->sin_port = htons((uint16_t)pn);
		len = sizeof(*in4);
	} else if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)pn);
		len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)pn);
		len = sizeof(*in6);
	} else {
		snprintf(err, errlen, "--gdb: host '%s' is not an IP address or localhost", host);
		return -1;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "--gdb: socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 1) < 0) {
		snprintf(err, errlen, "--gdb: cannot listen on '%s': %s", spec, strerror(errno));
		close(fd);
		return -1;
	}
	*out = fd;
	return 0;
}

int gdb_server_open(struct gdb_server **out, struct armvm_vm *vm, const char *spec, bool wait,
		    char *err, size_t errlen)
{
	struct gdb_server *g = calloc(1, sizeof(*g));

	*out = NULL;
	if (!g) {
		snprintf(err, errlen, "--gdb: out of memory");
		return -1;
	}
	g->vm = vm;
	g->nr_vcpus = armvm_vm_nr_vcpus(vm);
	g->aarch32 = armvm_vm_arch(vm) == ARMVM_ARCH_AARCH32;
	g->listen_fd = g->conn_fd = g->wake[0] = g->wake[1] = -1;
	g->halted = wait;
	armvm_vm_debug_limits(vm, &g->max_bps, &g->max_wps);
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	if (listen_on(spec, &g->listen_fd, err, errlen) < 0)
		goto fail;
	if (pipe(g->wake) < 0) {
		snprintf(err, errlen, "--gdb: pipe: %s", strerror(errno));
		goto fail;
	}
	*out = g;
	return 0;
fail:
	gdb_server_destroy(g);
	return -1;
}

int gdb_server_start_thread(struct gdb_server *g, char *err, size_t errlen)
{
	if (pthread_create(&g->thread, NULL, gdb_thread, g)) {
		snprintf(err, errlen, "--gdb: cannot start the gdb thread");
		return -1;
	}
	g->thread_started = true;
	return 0;
}

int gdb_server_start(struct gdb_server **out, struct armvm_vm *vm, const char *spec, bool wait,
		     char *err, size_t errlen)
{
	if (gdb_server_open(out, vm, spec, wait, err, errlen) < 0)
		return -1;
	if (gdb_server_start_thread(*out, err, errlen) < 0) {
		gdb_server_destroy(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void gdb_server_destroy(struct gdb_server *g)
{
	if (!g)
		return;
	if (g->thread_started) {
		pthread_mutex_lock(&g->lock);
		g->shutdown = true;
		pthread_cond_broadcast(&g->cond);
		pthread_mutex_unlock(&g->lock);
		wake_gdb(g);
		pthread_join(g->thread, NULL);
	}
	if (g->conn_fd >= 0)
		close(g->conn_fd);
	if (g->listen_fd >= 0)
		close(g->listen_fd);
	if (g->wake[0] >= 0)
		close(g->wake[0]);
	if (g->wake[1] >= 0)
		close(g->wake[1]);
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
