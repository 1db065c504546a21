/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for the hosted engine's library (include/armvm/armvm.h) for
 * native tests of src/host: it records MMIO regions, ioeventfds and irqfds
 * and plays KVM's part when the test (the "guest") touches MMIO: a 4-byte
 * write matching an ioeventfd signals the eventfd, anything else calls the
 * region's callbacks. Guest RAM is the fake guest of virtio_fake.h.
 */
#ifndef ARMVM_TESTS_FAKE_ARMVM_H
#define ARMVM_TESTS_FAKE_ARMVM_H

#include "armvm/armvm.h"

struct armvm_vm {
	struct {
		uint64_t gpa, size;
		const struct armvm_mmio_ops *ops;
		void *opaque;
	} mmio[40];
	unsigned nmmio;
	struct {
		uint64_t gpa, data;
		unsigned len;
		int fd;
	} ioev[160];
	unsigned nioev;
	struct {
		unsigned spi;
		int fd;
	} irqfd[40];
	unsigned nirqfd;
	int ioeventfd_result;        /* what armvm_add_ioeventfd returns */
	int irqfd_result;            /* what armvm_add_irqfd returns */
	unsigned irq_pulses;         /* armvm_irq_set(.., true) calls */
	unsigned mmio_notify_writes; /* QueueNotify writes that reached a callback */
};

void fake_vm_init(struct armvm_vm *vm);
/* A guest access, dispatched the way KVM would. */
void fake_vm_write(struct armvm_vm *vm, uint64_t gpa, unsigned size, uint64_t v);
uint64_t fake_vm_read(struct armvm_vm *vm, uint64_t gpa, unsigned size);
/* Wait up to timeout_ms for an interrupt on spi (irqfd or pulse). */
bool fake_vm_wait_irq(struct armvm_vm *vm, unsigned spi, int timeout_ms);

#endif
