/* SPDX-License-Identifier: MIT */
/*
 * virtio devices for the hosted engine: attaches virtio-mmio transports to
 * an armvm VM, with Linux back ends (file, tap, fd console, getrandom) and
 * one I/O thread per VM. This is what `armvm run --disk/--net/--rng/
 * --console virtio` calls; docs/virtio.md has the sequence.
 *
 *     struct host_virtio_config hc = { .vm = vm, .ram_base = ..., .ram_size = ... };
 *     host_virtio_create(&hc, &hv, &err);
 *     host_virtio_add_blk(hv, "disk.img", false, &err);      // -> /dev/vda
 *     host_virtio_add_net_tap(hv, "tap0", NULL, &err);
 *     host_virtio_add_rng(hv, &err);
 *     host_virtio_add_console(hv, 0, 1, &err);               // -> /dev/hvc0
 *     host_virtio_slot(hv, i, &slot);   // board_add_virtio(..) for fdt_build
 *     host_virtio_start(hv, &err);
 *     armvm_vm_run(vm, &exit, &err);
 *     host_virtio_destroy(hv);                               // vCPUs stopped
 *
 * Every call that can fail returns 0 or a negative enum armvm_errcode and
 * fills *err (if not NULL) with a one-line message.
 */
#ifndef ARMVM_HOST_HOST_VIRTIO_H
#define ARMVM_HOST_HOST_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "armvm/armvm.h"

struct host_virtio;

struct dev_log_limit;

struct host_virtio_config {
	struct armvm_vm *vm;
	/* The guest RAM devices may read and write (DMA window). */
	uint64_t ram_base;
	uint64_t ram_size;
	/* First virtio-mmio transport index to use (0..31); devices take
	 * consecutive indices in the order they are added. */
	unsigned first_slot;
	/* Where device diagnostics go (one line, no newline); NULL = stderr
	 * as "armvm: <device>: <message>". Called from any thread. */
	void (*log)(void *ctx, const char *dev, const char *msg);
	void *log_ctx;
	/* The VM's budget of guest-triggered lines (dev_log.h); NULL = none. */
	struct dev_log_limit *log_limit;
	/* Called first on the I/O thread, before it serves any queue: where
	 * the embedder installs the thread's sandbox. NULL = nothing. */
	void (*thread_start)(void *ctx);
	void *thread_start_ctx;
};

int host_virtio_create(const struct host_virtio_config *cfg,
		       struct host_virtio **out, struct armvm_error *err);

/* A disk image (regular file or block device), opened O_RDONLY when
 * readonly, else O_RDWR; locked against a second writer with flock(). */
int host_virtio_add_blk(struct host_virtio *hv, const char *path, bool readonly,
			struct armvm_error *err);
/* A tap interface (IFF_TAP | IFF_NO_PI), created or attached by name.
 * mac NULL = 52:54:00:12:34:(0x56 + transport index). */
int host_virtio_add_net_tap(struct host_virtio *hv, const char *ifname,
			    const uint8_t mac[6], struct armvm_error *err);
/* A network back end on any fd that moves one frame per read/write (a tap
 * fd, a SOCK_SEQPACKET/SOCK_DGRAM socket). Takes ownership of fd. */
int host_virtio_add_net_fd(struct host_virtio *hv, int fd, const uint8_t mac[6],
			   struct armvm_error *err);
/* Entropy from getrandom(2). */
int host_virtio_add_rng(struct host_virtio *hv, struct armvm_error *err);
/* A console: guest output to out_fd, input from in_fd (-1 = none). The fds
 * stay the caller's; terminal modes too (raw mode is the caller's job). */
int host_virtio_add_console(struct host_virtio *hv, int in_fd, int out_fd,
			    struct armvm_error *err);

/* Start the I/O thread; no device can be added afterwards. */
int host_virtio_start(struct host_virtio *hv, struct armvm_error *err);

/* Stop the I/O thread and free everything. Call once no vCPU runs (the
 * MMIO callbacks point into the devices). NULL is fine. */
void host_virtio_destroy(struct host_virtio *hv);

/* What the device tree needs: one node per transport in use. */
struct host_virtio_slot {
	unsigned index;              /* transport index n */
	uint64_t base;               /* VIRT_MMIO_BASE + n * VIRT_MMIO_STRIDE */
	uint64_t size;               /* VIRT_MMIO_STRIDE (0x200) */
	unsigned spi;                /* VIRT_SPI_MMIO_FIRST + n, edge-triggered */
	uint32_t device_id;          /* VIRTIO_ID_* */
	const char *name;            /* "virtio-blk0"... */
};
unsigned host_virtio_count(const struct host_virtio *hv);
int host_virtio_slot(const struct host_virtio *hv, unsigned i,
		     struct host_virtio_slot *out);
/* Bit n set for each transport n in use. */
uint32_t host_virtio_mask(const struct host_virtio *hv);

/* Counters, for tests and diagnostics. */
struct host_virtio_stats {
	uint64_t notifies;           /* queue eventfd wake-ups handled */
	uint64_t interrupts;         /* interrupts sent */
	uint64_t input_wakeups;      /* back-end input readiness handled */
};
void host_virtio_get_stats(struct host_virtio *hv, struct host_virtio_stats *out);

/* ---- snapshots (docs/snapshot.md) ---- */

/*
 * Hold the I/O thread still while a snapshot is taken or loaded: it
 * finishes the queue run it is in, then waits, so no device state and no
 * guest RAM changes under the caller. A guest notify or back-end input
 * arriving meanwhile stays in its eventfd and is served after
 * host_virtio_resume. Nothing to do before host_virtio_start. Called by
 * one thread (not the I/O thread), in pairs; destroy resumes by itself.
 */
void host_virtio_pause(struct host_virtio *hv);
void host_virtio_resume(struct host_virtio *hv);

/* Largest saved state of one device. */
#define HOST_VIRTIO_STATE_MAX 1024

/*
 * Saved state of device i (in host_virtio_slot order; dev/virtio_*.h
 * save): bytes written, or -1 when len is too small. Takes the device's
 * lock; consistent with guest RAM once no vCPU runs and the I/O thread is
 * paused or not started.
 */
int host_virtio_save(struct host_virtio *hv, unsigned i, void *buf, size_t len);
/*
 * Whether that state loads into device i as it is now (the same device
 * type and features, disk size, MAC address; rings in this guest's RAM),
 * changing nothing: 0, or -1 with one line naming the device and the
 * problem in err.
 */
int host_virtio_check(struct host_virtio *hv, unsigned i, const void *buf,
		      size_t len, char *err, size_t errlen);
/*
 * Load it: 0, or -1 (as check) leaving the device as it was. No vCPU may
 * run and the I/O thread must be paused or not started. Every queue of the
 * device is then kicked once, so the I/O thread looks at buffers the guest
 * posted (and notified) before the snapshot that the saving side had not
 * served yet.
 */
int host_virtio_load(struct host_virtio *hv, unsigned i, const void *buf,
		     size_t len, char *err, size_t errlen);

#endif
