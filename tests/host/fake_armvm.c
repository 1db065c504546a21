/* SPDX-License-Identifier: MIT */
/* Fake armvm library for host-side virtio tests; see fake_armvm.h. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dev/virtio_mmio_regs.h"
#include "fake_armvm.h"
#include "../dev/virtio_fake.h"

static unsigned pulses_seen[64];

void fake_vm_init(struct armvm_vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	memset(pulses_seen, 0, sizeof(pulses_seen));
}

void *armvm_gpa_to_host(struct armvm_vm *vm, uint64_t gpa, uint64_t len)
{
	(void)vm;
	return fake.host.guest_mem(NULL, gpa, len);
}

int armvm_add_mmio(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		   const struct armvm_mmio_ops *ops, void *opaque,
		   struct armvm_error *err)
{
	(void)err;
	vm->mmio[vm->nmmio].gpa = gpa;
	vm->mmio[vm->nmmio].size = size;
	vm->mmio[vm->nmmio].ops = ops;
	vm->mmio[vm->nmmio].opaque = opaque;
	vm->nmmio++;
	return 0;
}

int armvm_add_ioeventfd(struct armvm_vm *vm, uint64_t gpa, unsigned len,
			bool match, uint64_t datamatch, int fd,
			struct armvm_error *err)
{
	if (vm->ioeventfd_result) {
		if (err) {
			err->code = vm->ioeventfd_result;
			strcpy(err->msg, "ioeventfd refused by the fake");
		}
		return vm->ioeventfd_result;
	}
	if (!match)
		return ARMVM_E_INVAL;   /* host_virtio always matches the queue index */
	vm->ioev[vm->nioev].gpa = gpa;
	vm->ioev[vm->nioev].len = len;
	vm->ioev[vm->nioev].data = datamatch;
	vm->ioev[vm->nioev].fd = fd;
	vm->nioev++;
	return 0;
}

int armvm_add_irqfd(struct armvm_vm *vm, unsigned spi, int fd,
		    struct armvm_error *err)
{
	if (vm->irqfd_result) {
		if (err) {
			err->code = vm->irqfd_result;
			strcpy(err->msg, "irqfd refused by the fake");
		}
		return vm->irqfd_result;
	}
	vm->irqfd[vm->nirqfd].spi = spi;
	vm->irqfd[vm->nirqfd].fd = fd;
	vm->nirqfd++;
	return 0;
}

int armvm_irq_set(struct armvm_vm *vm, unsigned spi, bool level,
		  struct armvm_error *err)
{
	(void)err;
	if (level) {
		__atomic_fetch_add(&vm->irq_pulses, 1, __ATOMIC_SEQ_CST);
		if (spi < 64)
			__atomic_fetch_add(&pulses_seen[spi], 1, __ATOMIC_SEQ_CST);
	}
	return 0;
}

void fake_vm_write(struct armvm_vm *vm, uint64_t gpa, unsigned size, uint64_t v)
{
	for (unsigned i = 0; i < vm->nioev; i++)
		if (vm->ioev[i].gpa == gpa && vm->ioev[i].len == size &&
		    vm->ioev[i].data == v) {
			uint64_t one = 1;

			while (write(vm->ioev[i].fd, &one, 8) < 0 && errno == EINTR)
				;
			return;
		}
	for (unsigned i = 0; i < vm->nmmio; i++)
		if (gpa >= vm->mmio[i].gpa && gpa - vm->mmio[i].gpa < vm->mmio[i].size) {
			if (gpa - vm->mmio[i].gpa == VIRTIO_MMIO_QUEUE_NOTIFY)
				vm->mmio_notify_writes++;
			vm->mmio[i].ops->write(vm->mmio[i].opaque, gpa - vm->mmio[i].gpa,
					       size, v, 0);
			return;
		}
}

uint64_t fake_vm_read(struct armvm_vm *vm, uint64_t gpa, unsigned size)
{
	for (unsigned i = 0; i < vm->nmmio; i++)
		if (gpa >= vm->mmio[i].gpa && gpa - vm->mmio[i].gpa < vm->mmio[i].size)
			return vm->mmio[i].ops->read(vm->mmio[i].opaque,
						     gpa - vm->mmio[i].gpa, size, 0);
	return 0;
}

bool fake_vm_wait_irq(struct armvm_vm *vm, unsigned spi, int timeout_ms)
{
	for (unsigned i = 0; i < vm->nirqfd; i++)
		if (vm->irqfd[i].spi == spi) {
			struct pollfd p = { .fd = vm->irqfd[i].fd, .events = POLLIN };
			uint64_t v;

			if (poll(&p, 1, timeout_ms) != 1)
				return false;
			return read(vm->irqfd[i].fd, &v, 8) == 8;
		}
	/* No irqfd: the pulses counted by armvm_irq_set. */
	for (int waited = 0; waited <= timeout_ms; waited++) {
		if (spi < 64 && __atomic_load_n(&pulses_seen[spi], __ATOMIC_SEQ_CST)) {
			__atomic_fetch_sub(&pulses_seen[spi], 1, __ATOMIC_SEQ_CST);
			return true;
		}
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	return false;
}
