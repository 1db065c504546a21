/* SPDX-License-Identifier: MIT */
/*
 * A fuzzed virtio driver for the virtio device harnesses (fuzz_virtio_*.c):
 * interprets the input as a program of driver actions against one
 * transport over the fake guest RAM of tests/dev/virtio_fake.h. Some are
 * what a well-behaved driver does (negotiate and set up queues, post a
 * chain and kick), others what a hostile one may (any register access,
 * any bytes anywhere in its RAM: descriptors, rings, headers), so the
 * fuzzer reaches deep request handling and the malformed cases alike.
 */
#ifndef ARMVM_FUZZ_VIRTIO_DRIVER_H
#define ARMVM_FUZZ_VIRTIO_DRIVER_H

#include "dev/virtio_mmio.h"
#include "fuzz_input.h"

/* What the harness's back end does on the "input arrives" action: take
 * bytes from the fuzzer's input for the device to receive; may be NULL. */
typedef void (*fuzz_backend_input_fn)(struct fuzz_in *in);

/* fake_reset() first, then the device's init, then this. */
void fuzz_virtio_run(struct virtio_mmio *t, unsigned nr_queues,
		     struct fuzz_in *in, fuzz_backend_input_fn input);

#endif
