/* SPDX-License-Identifier: MIT */
/*
 * The I/O thread: one per VM, an epoll loop over every queue's ioeventfd
 * (the guest's QueueNotify writes, signalled by KVM without an exit) and
 * every back end with input (tap, console). It runs queues through
 * virtio_mmio_process_queue(), which signals the guest via the irqfd.
 * Receive back ends are polled only while the guest has buffers for them:
 * a queue run that ends with VIRTIO_Q_NEED_BUFFERS (or NOT_READY) takes the
 * fd out of the set until the guest notifies that receive queue again.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "host/host_internal.h"

#define IO_EVENTS_PER_WAIT 16

int host_io_watch(struct host_virtio *hv, int fd, struct io_tag *tag, bool armed)
{
	struct epoll_event ev = { .events = armed ? EPOLLIN : 0, .data.ptr = tag };

	return epoll_ctl(hv->epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void set_input_armed(struct host_dev *d, bool armed)
{
	struct epoll_event ev = { .events = armed ? EPOLLIN : 0, .data.ptr = &d->intag };

	if (d->input_fd < 0 || d->input_armed == armed)
		return;
	if (epoll_ctl(d->hv->epfd, EPOLL_CTL_MOD, d->input_fd, &ev) == 0)
		d->input_armed = armed;
}

static void drop_input(struct host_dev *d)
{
	epoll_ctl(d->hv->epfd, EPOLL_CTL_DEL, d->input_fd, NULL);
	d->input_fd = -1;
	d->input_armed = false;
}

static enum virtio_q_result receive(struct host_dev *d)
{
	if (d->kind == HOST_DEV_NET)
		return virtio_net_receive(&d->m.net);
	return virtio_console_receive(&d->m.con);
}

static void queue_event(struct host_dev *d, unsigned q)
{
	uint64_t v;
	enum virtio_q_result r;

	/* Drain the eventfd: several notifies coalesce into one run. */
	while (read(d->qfd[q], &v, sizeof(v)) < 0 && errno == EINTR)
		;
	__atomic_fetch_add(&d->hv->stats.notifies, 1, __ATOMIC_RELAXED);
	r = virtio_mmio_process_queue(d->t, q);
	if (d->input_fd >= 0 && q == d->input_queue)
		set_input_armed(d, r == VIRTIO_Q_DONE);
}

static void input_event(struct host_dev *d)
{
	enum virtio_q_result r;

	__atomic_fetch_add(&d->hv->stats.input_wakeups, 1, __ATOMIC_RELAXED);
	r = receive(d);
	if (d->kind == HOST_DEV_CONSOLE && d->be.con.in_eof) {
		drop_input(d);
		return;
	}
	if (d->kind == HOST_DEV_NET && d->be.net.dead) {
		char msg[120];

		snprintf(msg, sizeof(msg), "network back end closed (%s): no more receive",
			 d->be.net.dead_errno ? strerror(d->be.net.dead_errno) : "end of file");
		d->hv->host.log(d->hv, d->name, msg);
		drop_input(d);
		return;
	}
	if (r != VIRTIO_Q_DONE)
		set_input_armed(d, false);
}

/* Wait, between queue runs, while a snapshot is taken (host_virtio_pause). */
static void pause_event(struct host_virtio *hv)
{
	uint64_t v;

	while (read(hv->pausefd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&hv->pause_lock);
	if (hv->pause_wanted) {
		hv->paused = true;
		pthread_cond_broadcast(&hv->pause_cond);
		while (hv->pause_wanted)
			pthread_cond_wait(&hv->pause_cond, &hv->pause_lock);
		hv->paused = false;
	}
	pthread_mutex_unlock(&hv->pause_lock);
}

static void *io_thread(void *arg)
{
	struct host_virtio *hv = arg;
	struct epoll_event ev[IO_EVENTS_PER_WAIT];

	if (hv->cfg.thread_start)
		hv->cfg.thread_start(hv->cfg.thread_start_ctx);
	for (;;) {
		int n = epoll_wait(hv->epfd, ev, IO_EVENTS_PER_WAIT, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			hv->host.log(hv, "virtio", "I/O thread: epoll_wait failed; virtio devices stop");
			pthread_mutex_lock(&hv->pause_lock);
			hv->io_dead = true;      /* a pause need not wait for it */
			pthread_cond_broadcast(&hv->pause_cond);
			pthread_mutex_unlock(&hv->pause_lock);
			return NULL;
		}
		for (int i = 0; i < n; i++) {
			struct io_tag *tag = ev[i].data.ptr;

			switch (tag->kind) {
			case IO_TAG_STOP:
				return NULL;
			case IO_TAG_PAUSE:
				pause_event(hv);
				break;
			case IO_TAG_QUEUE:
				queue_event(tag->dev, tag->q);
				break;
			case IO_TAG_INPUT:
				if (tag->dev->input_fd >= 0)
					input_event(tag->dev);
				break;
			}
		}
	}
}

int host_io_start(struct host_virtio *hv, struct armvm_error *err)
{
	int r = pthread_create(&hv->thread, NULL, io_thread, hv);

	if (r) {
		if (err) {
			err->code = ARMVM_E_NOMEM;
			snprintf(err->msg, sizeof(err->msg),
				 "cannot start the virtio I/O thread: %s", strerror(r));
		}
		return ARMVM_E_NOMEM;
	}
	hv->started = true;
	return 0;
}

void host_io_stop(struct host_virtio *hv)
{
	uint64_t one = 1;

	if (!hv->started)
		return;
	host_io_resume(hv);              /* a paused thread must see the stop */
	while (write(hv->stopfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	pthread_join(hv->thread, NULL);
	hv->started = false;
}

void host_io_pause(struct host_virtio *hv)
{
	uint64_t one = 1;

	if (!hv->started)
		return;
	pthread_mutex_lock(&hv->pause_lock);
	hv->pause_wanted = true;
	while (write(hv->pausefd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	while (!hv->paused && !hv->io_dead)
		pthread_cond_wait(&hv->pause_cond, &hv->pause_lock);
	pthread_mutex_unlock(&hv->pause_lock);
}

void host_io_resume(struct host_virtio *hv)
{
	pthread_mutex_lock(&hv->pause_lock);
	hv->pause_wanted = false;
	pthread_cond_broadcast(&hv->pause_cond);
	pthread_mutex_unlock(&hv->pause_lock);
}
