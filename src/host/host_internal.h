/* SPDX-License-Identifier: MIT */
/* Shared between host_virtio.c (devices, KVM wiring) and host_io.c (the
 * I/O thread). Not part of the API. */
#ifndef ARMVM_HOST_HOST_INTERNAL_H
#define ARMVM_HOST_HOST_INTERNAL_H

#include <pthread.h>

#include "host/host_backends.h"
#include "host/host_virtio.h"
#include "machine/machine.h"

enum host_dev_kind { HOST_DEV_BLK, HOST_DEV_NET, HOST_DEV_CONSOLE, HOST_DEV_RNG };

enum io_tag_kind { IO_TAG_STOP, IO_TAG_QUEUE, IO_TAG_INPUT, IO_TAG_PAUSE };

/* What an epoll event refers to. */
struct io_tag {
	enum io_tag_kind kind;
	struct host_dev *dev;
	unsigned q;
};

struct host_dev {
	struct host_virtio *hv;
	enum host_dev_kind kind;
	unsigned slot;
	uint32_t device_id;
	char name[24];
	/*
	 * Serialises the transport between the vCPU threads (MMIO) and the
	 * I/O thread (queue runs): virtio_mmio.h, "Threading".
	 */
	pthread_mutex_t lock;
	struct virtio_mmio *t;
	int irqfd;                   /* -1: pulse the SPI with armvm_irq_set */
	int qfd[VIRTIO_MMIO_MAX_QUEUES];
	unsigned nr_queues;
	struct io_tag qtag[VIRTIO_MMIO_MAX_QUEUES];
	/* Back-end input polled by the I/O thread (tap, console input). */
	int input_fd;                /* -1 = none */
	unsigned input_queue;        /* the receive queue it feeds */
	bool input_armed;            /* in the epoll set with EPOLLIN */
	struct io_tag intag;
	union {
		struct virtio_blk blk;
		struct virtio_net net;
		struct virtio_console con;
		struct virtio_rng rng;
	} m;
	union {
		struct host_blk_file blk;
		struct host_net_fd net;
		struct host_console_fds con;
	} be;
};

struct host_virtio {
	struct host_virtio_config cfg;
	struct dev_host host;
	struct host_dev *dev[VIRT_MMIO_COUNT];
	unsigned ndev;
	int epfd;
	int stopfd;
	struct io_tag stoptag;
	pthread_t thread;
	bool started;
	/* host_virtio_pause: the caller sets pause_wanted and signals pausefd;
	 * the thread, between queue runs, sets paused and waits until
	 * pause_wanted is cleared. Under pause_lock. */
	int pausefd;
	struct io_tag pausetag;
	pthread_mutex_t pause_lock;
	pthread_cond_t pause_cond;
	bool pause_wanted;
	bool paused;
	bool io_dead;                /* the thread gave up (epoll_wait failed) */
	struct host_virtio_stats stats;  /* updated with __atomic builtins */
};

/* host_io.c */
int host_io_start(struct host_virtio *hv, struct armvm_error *err);
void host_io_stop(struct host_virtio *hv);
int host_io_watch(struct host_virtio *hv, int fd, struct io_tag *tag, bool armed);
void host_io_pause(struct host_virtio *hv);
void host_io_resume(struct host_virtio *hv);

#endif
