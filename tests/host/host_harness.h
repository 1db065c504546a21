/* SPDX-License-Identifier: MIT */
/*
 * Shared by the src/host tests (host_*_test.c): real back ends and the real
 * I/O thread, the fake armvm library (fake_armvm.h) playing KVM, and the
 * fake virtio driver (virtio_fake.h) playing the guest through the engine's
 * MMIO and ioeventfd paths.
 */
#ifndef ARMVM_TESTS_HOST_HARNESS_H
#define ARMVM_TESTS_HOST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fake_armvm.h"
#include "host/host_virtio.h"
#include "../dev/virtio_fake.h"

extern struct armvm_vm vm;
extern struct host_virtio *hv;
extern struct fake_drv drv;
extern uint64_t cur_base;         /* the transport the driver talks to */
extern char tmpdir[64];           /* a fresh directory per test */
extern char img[128];             /* tmpdir/disk.img */

/* cmocka setup/teardown: fake guest, fake VM, host_virtio on slot 0 with
 * the whole fake RAM as its window, a temporary directory. */
int host_setup(void **state);
int host_teardown(void **state);
/* Replace hv by one with another first slot / RAM window. */
void make_hv(unsigned first_slot, uint64_t ram_size);
void start(void);
/* The driver's register accessors, through the fake VM's dispatch. */
uint32_t io_read(void *ctx, uint64_t off);
void io_write(void *ctx, uint64_t off, uint32_t v);
/* Wait (bounded) for the next used element, sleeping on the interrupt. */
bool wait_used(unsigned spi, unsigned q, uint32_t *id, uint32_t *len);
/* Whether the last diagnostic the devices logged contains s. */
bool logged(const char *s);
/* How many diagnostics the devices logged since host_setup. */
unsigned logs_seen(void);
/* Write img with size bytes of fill. */
void write_image(size_t size, uint8_t fill);

#endif
