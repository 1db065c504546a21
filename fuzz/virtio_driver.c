/* SPDX-License-Identifier: MIT */
/* The fuzzed virtio driver; see virtio_driver.h. */
#include "virtio_driver.h"
#include "../tests/dev/virtio_fake.h"

/* Guest RAM the driver's raw writes and buffers land in: the start of the
 * fake RAM, where the rings and the first buffers are, and a bit beyond
 * its end (buffers partly outside RAM must be refused). */
#define FUZZ_RAM_SPAN  (64u << 10)
#define MAX_INITS      4        /* rings come from a bump allocator */
#define MAX_SEGS       8

enum op {
	OP_INIT,                     /* negotiate (maybe declining bits), queues, DRIVER_OK */
	OP_MMIO_WRITE,
	OP_MMIO_READ,
	OP_RAM_WRITE,                /* raw bytes anywhere near the rings */
	OP_SUBMIT,                   /* a direct chain on a queue, kick */
	OP_SUBMIT_INDIRECT,
	OP_BACKEND_INPUT,            /* the back end has data for the guest */
	OP_PROCESS,                  /* the I/O thread runs a queue */
	OP_REAP,                     /* the driver consumes used entries */
	OP_COUNT
};

static uint64_t fuzz_gpa(struct fuzz_in *in)
{
	/* Mostly inside the span, sometimes straddling or past RAM's end. */
	uint32_t v = fuzz_u32(in);

	if (v & 0x80000000u)
		return FAKE_RAM_BASE + FAKE_RAM_SIZE - (v & 0xfff);
	return FAKE_RAM_BASE + v % FUZZ_RAM_SPAN;
}

static unsigned take_bufs(struct fuzz_in *in, struct fake_buf *b)
{
	unsigned n = 1 + fuzz_u8(in) % MAX_SEGS;

	for (unsigned i = 0; i < n; i++) {
		uint16_t len = fuzz_u16(in);

		b[i].gpa = fuzz_gpa(in);
		b[i].len = len & 0x7fff;
		b[i].write = len & 0x8000;
	}
	return n;
}

void fuzz_virtio_run(struct virtio_mmio *t, unsigned nr_queues,
		     struct fuzz_in *in, fuzz_backend_input_fn input)
{
	struct fake_drv drv = { 0 };
	unsigned inits = 0;
	bool rings = false;          /* drv_init ran: drv's queues have rings */

	while (in->n) {
		uint8_t op = fuzz_u8(in) % OP_COUNT;
		unsigned q = fuzz_u8(in) % nr_queues;
		struct fake_buf b[MAX_SEGS];
		uint32_t id, len;
		unsigned n;

		switch (op) {
		case OP_INIT:
			if (inits++ == MAX_INITS)
				break;
			drv.decline = fuzz_u64(in);
			drv_init(&drv, t, nr_queues, (uint16_t)(1u << (1 + fuzz_u8(in) % 8)),
				 fuzz_u8(in) & 1);
			rings = true;
			break;
		case OP_MMIO_WRITE: {
			uint16_t off = fuzz_u16(in) & 0x1ff;
			unsigned size = fuzz_access_size(fuzz_u8(in));

			/* drv's rings may go stale (a reset, a queue moved):
			 * posting on them is then just more guest misbehaviour. */
			virtio_mmio_write(t, off, size, fuzz_u64(in));
			break;
		}
		case OP_MMIO_READ: {
			uint16_t off = fuzz_u16(in) & 0x1ff;

			(void)virtio_mmio_read(t, off, fuzz_access_size(fuzz_u8(in)));
			break;
		}
		case OP_RAM_WRITE: {
			uint32_t off = fuzz_u32(in) % FUZZ_RAM_SPAN;
			uint8_t n8 = fuzz_u8(in);

			fuzz_bytes(in, fake.ram + off, n8);
			break;
		}
		case OP_SUBMIT:
		case OP_SUBMIT_INDIRECT:
			n = take_bufs(in, b);
			if (!rings || !drv.q[q].num)
				break;
			if (op == OP_SUBMIT_INDIRECT) {
				if (fake.brk + MAX_SEGS * 16 > FAKE_RAM_BASE + FAKE_RAM_SIZE)
					break;
				drv_publish(&drv, q, drv_chain_indirect(&drv, q, b, n));
				drv_kick(&drv, q);
			} else {
				drv_submit(&drv, q, b, n);
			}
			break;
		case OP_BACKEND_INPUT:
			if (input)
				input(in);
			break;
		case OP_PROCESS:
			(void)virtio_mmio_process_queue(t, q);
			break;
		case OP_REAP:
			if (rings && drv.q[q].num)
				while (drv_used(&drv, q, &id, &len))
					;
			break;
		}
	}
}
