/* SPDX-License-Identifier: MIT */
/*
 * Attaching virtio-mmio devices to a hosted-engine VM: each device gets a
 * transport window with an MMIO callback (vCPU threads), one ioeventfd per
 * queue on QueueNotify and an irqfd on its SPI (I/O thread), and a Linux
 * back end. See host_virtio.h and docs/virtio.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "dev/virtio_spec.h"
#include "host/host_internal.h"
#include "host/host_mmio.h"

static int fail(struct armvm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct armvm_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* ---- dev_host for the device models ---- */

static void *hv_guest_mem(void *ctx, uint64_t gpa, uint64_t len)
{
	struct host_virtio *hv = ctx;
	uint64_t base = hv->cfg.ram_base, size = hv->cfg.ram_size;

	/* Only RAM: never ROM, never another device's memory. */
	if (gpa < base || gpa - base > size || len > size - (gpa - base))
		return NULL;
	return armvm_gpa_to_host(hv->cfg.vm, gpa, len ? len : 1);
}

static void hv_set_irq(void *ctx, unsigned spi, bool level)
{
	struct host_virtio *hv = ctx;

	armvm_irq_set(hv->cfg.vm, spi, level, NULL);
}

static void hv_log(void *ctx, const char *dev, const char *msg)
{
	struct host_virtio *hv = ctx;

	if (hv->cfg.log)
		hv->cfg.log(hv->cfg.log_ctx, dev, msg);
	else
		fprintf(stderr, "armvm: %s: %s\n", dev, msg);
}

/* ---- transport hooks (struct virtio_mmio_hooks) ---- */

static void dev_lock(void *ctx)
{
	pthread_mutex_lock(&((struct host_dev *)ctx)->lock);
}

static void dev_unlock(void *ctx)
{
	pthread_mutex_unlock(&((struct host_dev *)ctx)->lock);
}

static void write_eventfd(int fd)
{
	uint64_t one = 1;

	/* EAGAIN only when the counter is saturated: the reader is woken. */
	while (write(fd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

/* A QueueNotify that reached the MMIO handler (no ioeventfd matched it). */
static void dev_notify(void *ctx, unsigned q)
{
	struct host_dev *d = ctx;

	write_eventfd(d->qfd[q]);
}

static void dev_interrupt(void *ctx)
{
	struct host_dev *d = ctx;
	unsigned spi = machine_virtio_spi(d->slot);

	__atomic_fetch_add(&d->hv->stats.interrupts, 1, __ATOMIC_RELAXED);
	if (d->irqfd >= 0) {
		write_eventfd(d->irqfd);
		return;
	}
	/* No irqfd: an edge by hand. */
	armvm_irq_set(d->hv->cfg.vm, spi, true, NULL);
	armvm_irq_set(d->hv->cfg.vm, spi, false, NULL);
}

/* ---- lifetime ---- */

int host_virtio_create(const struct host_virtio_config *cfg,
		       struct host_virtio **out, struct armvm_error *err)
{
	struct host_virtio *hv;

	if (!cfg || !cfg->vm || !out)
		return fail(err, ARMVM_E_INVAL, "host_virtio_create: no VM given");
	if (!cfg->ram_size || cfg->ram_base + cfg->ram_size < cfg->ram_base)
		return fail(err, ARMVM_E_INVAL, "virtio: bad guest RAM window");
	if (cfg->first_slot >= VIRT_MMIO_COUNT)
		return fail(err, ARMVM_E_RANGE, "virtio: first transport index %u is beyond %u",
			    cfg->first_slot, VIRT_MMIO_COUNT - 1);
	hv = calloc(1, sizeof(*hv));
	if (!hv)
		return fail(err, ARMVM_E_NOMEM, "virtio: out of memory");
	hv->cfg = *cfg;
	hv->host.ctx = hv;
	hv->host.guest_mem = hv_guest_mem;
	hv->host.set_irq = hv_set_irq;
	hv->host.log = hv_log;
	hv->host.limit = cfg->log_limit;
	hv->epfd = epoll_create1(EPOLL_CLOEXEC);
	hv->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	hv->stoptag.kind = IO_TAG_STOP;
	hv->pausefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	hv->pausetag.kind = IO_TAG_PAUSE;
	pthread_mutex_init(&hv->pause_lock, NULL);
	pthread_cond_init(&hv->pause_cond, NULL);
	if (hv->epfd < 0 || hv->stopfd < 0 || hv->pausefd < 0 ||
	    host_io_watch(hv, hv->stopfd, &hv->stoptag, true) < 0 ||
	    host_io_watch(hv, hv->pausefd, &hv->pausetag, true) < 0) {
		int e = errno;

		host_virtio_destroy(hv);
		return fail(err, ARMVM_E_NOMEM, "virtio: cannot set up the I/O thread's epoll: %s",
			    strerror(e));
	}
	*out = hv;
	return 0;
}

static void dev_free(struct host_dev *d)
{
	for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		if (d->qfd[q] >= 0)
			close(d->qfd[q]);
	if (d->irqfd >= 0)
		close(d->irqfd);
	switch (d->kind) {
	case HOST_DEV_BLK:
		host_blk_close(&d->be.blk);
		break;
	case HOST_DEV_NET:
		if (d->be.net.fd >= 0)
			close(d->be.net.fd);
		break;
	case HOST_DEV_CONSOLE:   /* the fds are the caller's */
	case HOST_DEV_RNG:
		break;
	}
	pthread_mutex_destroy(&d->lock);
	free(d);
}

void host_virtio_destroy(struct host_virtio *hv)
{
	if (!hv)
		return;
	host_io_stop(hv);
	for (unsigned i = 0; i < hv->ndev; i++)
		dev_free(hv->dev[i]);
	if (hv->epfd >= 0)
		close(hv->epfd);
	if (hv->stopfd >= 0)
		close(hv->stopfd);
	if (hv->pausefd >= 0)
		close(hv->pausefd);
	pthread_mutex_destroy(&hv->pause_lock);
	pthread_cond_destroy(&hv->pause_cond);
	free(hv);
}

int host_virtio_start(struct host_virtio *hv, struct armvm_error *err)
{
	if (hv->started)
		return fail(err, ARMVM_E_STATE, "virtio: I/O thread already started");
	return host_io_start(hv, err);
}

/* ---- attaching a device ---- */

static const char *kind_name(enum host_dev_kind k)
{
	switch (k) {
	case HOST_DEV_BLK: return "virtio-blk";
	case HOST_DEV_NET: return "virtio-net";
	case HOST_DEV_CONSOLE: return "virtio-console";
	case HOST_DEV_RNG: return "virtio-rng";
	}
	return "virtio";
}

/* Allocate a device in the next free transport slot. */
static int dev_alloc(struct host_virtio *hv, enum host_dev_kind kind,
		     struct host_dev **out, struct armvm_error *err)
{
	struct host_dev *d;
	unsigned slot = hv->cfg.first_slot + hv->ndev;

	if (hv->started)
		return fail(err, ARMVM_E_STATE, "virtio: devices must be added before the VM starts");
	if (slot >= VIRT_MMIO_COUNT)
		return fail(err, ARMVM_E_RANGE, "virtio: no free virtio-mmio transport (%u in use)",
			    hv->ndev);
	d = calloc(1, sizeof(*d));
	if (!d)
		return fail(err, ARMVM_E_NOMEM, "virtio: out of memory");
	d->hv = hv;
	d->kind = kind;
	d->slot = slot;
	d->irqfd = -1;
	d->input_fd = -1;
	for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		d->qfd[q] = -1;
	snprintf(d->name, sizeof(d->name), "%s%u", kind_name(kind), hv->ndev);
	pthread_mutex_init(&d->lock, NULL);
	*out = d;
	return 0;
}

static struct virtio_mmio_params dev_params(struct host_dev *d,
					    struct virtio_mmio_hooks *hooks)
{
	*hooks = (struct virtio_mmio_hooks){
		.ctx = d, .lock = dev_lock, .unlock = dev_unlock,
		.notify = dev_notify, .interrupt = dev_interrupt,
	};
	return (struct virtio_mmio_params){
		.name = d->name, .base = machine_virtio_base(d->slot),
		.spi = machine_virtio_spi(d->slot), .host = &d->hv->host, .hooks = hooks,
	};
}

/*
 * Wire an initialised device into the VM: eventfds, ioeventfds, irqfd,
 * MMIO region, epoll. On failure the device is freed.
 */
static int dev_attach(struct host_virtio *hv, struct host_dev *d,
		      struct armvm_error *err)
{
	struct armvm_vm *vm = hv->cfg.vm;
	uint64_t base = machine_virtio_base(d->slot);
	struct armvm_error e;
	int r;

	d->nr_queues = d->t->ops->nr_queues;
	d->device_id = d->t->ops->device_id;
	for (unsigned q = 0; q < d->nr_queues; q++) {
		d->qfd[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (d->qfd[q] < 0) {
			r = fail(err, ARMVM_E_NOMEM, "%s: eventfd: %s", d->name, strerror(errno));
			goto out;
		}
		/* The fast path: KVM signals the eventfd on a 4-byte write of
		 * q to QueueNotify without leaving the kernel. Without it the
		 * write reaches dev_notify() through the MMIO callback. */
		r = armvm_add_ioeventfd(vm, base + VIRTIO_MMIO_QUEUE_NOTIFY, 4, true, q,
					d->qfd[q], &e);
		if (r < 0 && r != ARMVM_E_UNSUPPORTED) {
			r = fail(err, r, "%s: %s", d->name, e.msg);
			goto out;
		}
		d->qtag[q] = (struct io_tag){ IO_TAG_QUEUE, d, q };
	}
	d->irqfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->irqfd < 0) {
		r = fail(err, ARMVM_E_NOMEM, "%s: eventfd: %s", d->name, strerror(errno));
		goto out;
	}
	r = armvm_add_irqfd(vm, machine_virtio_spi(d->slot), d->irqfd, &e);
	if (r == ARMVM_E_UNSUPPORTED) {
		close(d->irqfd);
		d->irqfd = -1;
	} else if (r < 0) {
		r = fail(err, r, "%s: %s", d->name, e.msg);
		goto out;
	}
	/* No lock around the call: the transport takes its own (hooks). */
	r = host_mmio_add_region(vm, &d->t->region, &e);
	if (r < 0) {
		r = fail(err, r, "%s: %s", d->name, e.msg);
		goto out;
	}
	for (unsigned q = 0; q < d->nr_queues; q++)
		if (host_io_watch(hv, d->qfd[q], &d->qtag[q], true) < 0) {
			r = fail(err, ARMVM_E_NOMEM, "%s: epoll: %s", d->name, strerror(errno));
			goto out;
		}
	if (d->input_fd >= 0) {
		d->intag = (struct io_tag){ IO_TAG_INPUT, d, d->input_queue };
		if (host_io_watch(hv, d->input_fd, &d->intag, true) == 0) {
			d->input_armed = true;
		} else if (errno == EPERM && d->kind == HOST_DEV_CONSOLE) {
			/* A regular file or /dev/null cannot be polled: such
			 * input never arrives interactively; output only. */
			d->input_fd = -1;
		} else {
			r = fail(err, ARMVM_E_INVAL, "%s: cannot poll its input fd: %s", d->name,
				 strerror(errno));
			goto out;
		}
	}
	hv->dev[hv->ndev++] = d;
	return 0;
out:
	/* Registered ioeventfds keep their own reference; closing is safe. */
	dev_free(d);
	return r;
}

int host_virtio_add_blk(struct host_virtio *hv, const char *path, bool readonly,
			struct armvm_error *err)
{
	struct virtio_mmio_hooks hooks;
	struct virtio_mmio_params p;
	struct virtio_blk_backend be;
	struct host_dev *d;
	char msg[200];
	int r = dev_alloc(hv, HOST_DEV_BLK, &d, err);

	if (r < 0)
		return r;
	if (host_blk_open(&d->be.blk, path, readonly, &be, msg, sizeof(msg)) < 0) {
		d->be.blk.fd = -1;
		dev_free(d);
		return fail(err, ARMVM_E_INVAL, "%s", msg);
	}
	p = dev_params(d, &hooks);
	virtio_blk_init(&d->m.blk, &p, &be);
	d->t = &d->m.blk.transport;
	return dev_attach(hv, d, err);
}

int host_virtio_add_net_fd(struct host_virtio *hv, int fd, const uint8_t mac[6],
			   struct armvm_error *err)
{
	struct virtio_mmio_hooks hooks;
	struct virtio_mmio_params p;
	struct virtio_net_backend be;
	struct host_dev *d;
	uint8_t def_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	int r = dev_alloc(hv, HOST_DEV_NET, &d, err);

	if (r < 0) {
		close(fd);
		return r;
	}
	d->be.net.fd = fd;
	def_mac[5] = (uint8_t)(0x56 + d->slot);
	host_net_backend(&d->be.net, &be);
	p = dev_params(d, &hooks);
	virtio_net_init(&d->m.net, &p, mac ? mac : def_mac, &be);
	d->t = &d->m.net.transport;
	d->input_fd = fd;
	d->input_queue = VIRTIO_NET_RXQ;
	return dev_attach(hv, d, err);
}

int host_virtio_add_net_tap(struct host_virtio *hv, const char *ifname,
			    const uint8_t mac[6], struct armvm_error *err)
{
	char msg[200];
	int fd;

	if (hv->started)
		return fail(err, ARMVM_E_STATE, "virtio: devices must be added before the VM starts");
	fd = host_tap_open(ifname, msg, sizeof(msg));
	if (fd < 0)
		return fail(err, ARMVM_E_INVAL, "%s", msg);
	return host_virtio_add_net_fd(hv, fd, mac, err);
}

int host_virtio_add_rng(struct host_virtio *hv, struct armvm_error *err)
{
	struct virtio_mmio_hooks hooks;
	struct virtio_mmio_params p;
	struct virtio_rng_backend be;
	struct host_dev *d;
	int r = dev_alloc(hv, HOST_DEV_RNG, &d, err);

	if (r < 0)
		return r;
	host_rng_backend(&be);
	p = dev_params(d, &hooks);
	virtio_rng_init(&d->m.rng, &p, &be);
	d->t = &d->m.rng.transport;
	return dev_attach(hv, d, err);
}

int host_virtio_add_console(struct host_virtio *hv, int in_fd, int out_fd,
			    struct armvm_error *err)
{
	struct virtio_mmio_hooks hooks;
	struct virtio_mmio_params p;
	struct dev_byte_sink out;
	struct virtio_console_input in;
	struct host_dev *d;
	int r;

	if (out_fd < 0)
		return fail(err, ARMVM_E_INVAL, "virtio-console: no output fd");
	r = dev_alloc(hv, HOST_DEV_CONSOLE, &d, err);
	if (r < 0)
		return r;
	d->be.con.in_fd = in_fd;
	d->be.con.out_fd = out_fd;
	host_console_backend(&d->be.con, &out, &in);
	p = dev_params(d, &hooks);
	virtio_console_init(&d->m.con, &p, &out, &in);
	d->t = &d->m.con.transport;
	if (in_fd >= 0) {
		d->input_fd = in_fd;
		d->input_queue = VIRTIO_CONSOLE_RXQ;
	}
	return dev_attach(hv, d, err);
}

/* ---- queries ---- */

unsigned host_virtio_count(const struct host_virtio *hv)
{
	return hv->ndev;
}

int host_virtio_slot(const struct host_virtio *hv, unsigned i,
		     struct host_virtio_slot *out)
{
	const struct host_dev *d;

	if (i >= hv->ndev)
		return ARMVM_E_RANGE;
	d = hv->dev[i];
	*out = (struct host_virtio_slot){
		.index = d->slot, .base = machine_virtio_base(d->slot),
		.size = VIRT_MMIO_STRIDE, .spi = machine_virtio_spi(d->slot),
		.device_id = d->device_id, .name = d->name,
	};
	return 0;
}

uint32_t host_virtio_mask(const struct host_virtio *hv)
{
	uint32_t m = 0;

	for (unsigned i = 0; i < hv->ndev; i++)
		m |= 1u << hv->dev[i]->slot;
	return m;
}

void host_virtio_get_stats(struct host_virtio *hv, struct host_virtio_stats *out)
{
	out->notifies = __atomic_load_n(&hv->stats.notifies, __ATOMIC_RELAXED);
	out->interrupts = __atomic_load_n(&hv->stats.interrupts, __ATOMIC_RELAXED);
	out->input_wakeups = __atomic_load_n(&hv->stats.input_wakeups, __ATOMIC_RELAXED);
}
