/* SPDX-License-Identifier: MIT */
/* virtio-blk requests against an in-memory disk: read, write, flush, get-id,
 * discard, read-only, and malformed requests. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_blk_ram.h"
#include "dev/virtio_spec.h"
#include "virtio_fake.h"

#define DISK_SECTORS 64
#define DISK_BYTES (DISK_SECTORS * 512)

static struct virtio_blk blk;
static struct fake_drv drv;
static uint8_t disk[DISK_BYTES];
/* The fault-injecting back end: counts calls, records the order of writes
 * and flushes, and fails with fail_errno (a positive errno) when set. */
static unsigned flushes, discards, io_calls, last_nseg;
static int fail_io, fail_flush;
static char trace[64];               /* 'W' write, 'F' flush, in order */

static void trace_op(char op)
{
	size_t n = strlen(trace);

	if (n + 1 < sizeof(trace))
		trace[n] = op;
}

static size_t iov_total(const struct dev_iovec *iov, unsigned n)
{
	size_t len = 0;

	for (unsigned i = 0; i < n; i++)
		len += iov[i].len;
	return len;
}

static int disk_read(void *c, uint64_t off, const struct dev_iovec *iov, unsigned n)
{
	(void)c;
	io_calls++;
	last_nseg = n;
	assert_true(off + iov_total(iov, n) <= DISK_BYTES);
	if (fail_io)
		return -fail_io;
	for (unsigned i = 0; i < n; off += iov[i].len, i++)
		memcpy(iov[i].base, disk + off, iov[i].len);
	return 0;
}

static int disk_write(void *c, uint64_t off, const struct dev_iovec *iov, unsigned n)
{
	(void)c;
	io_calls++;
	last_nseg = n;
	trace_op('W');
	assert_true(off + iov_total(iov, n) <= DISK_BYTES);
	if (fail_io)
		return -fail_io;
	for (unsigned i = 0; i < n; off += iov[i].len, i++)
		memcpy(disk + off, iov[i].base, iov[i].len);
	return 0;
}

static int disk_flush(void *c)
{
	(void)c;
	flushes++;
	trace_op('F');
	return fail_flush ? -fail_flush : fail_io ? -fail_io : 0;
}

static const char *disk_error_str(int errnum)
{
	return errnum == 28 ? "No space left on device" :
	       errnum == 5 ? "Input/output error" : NULL;
}

static int disk_discard(void *c, uint64_t off, uint64_t len)
{
	(void)c;
	assert_true(off + len <= DISK_BYTES);
	discards++;
	memset(disk + off, 0, len);
	return 0;
}

static void init_blk(bool readonly, bool with_discard)
{
	struct virtio_mmio_params p = fake_params("virtio-blk0");
	struct virtio_blk_backend be = {
		.size = DISK_BYTES + 100,   /* a partial last sector is not exposed */
		.readonly = readonly,
		.read = disk_read, .write = disk_write, .flush = disk_flush,
		.discard = with_discard ? disk_discard : NULL,
		.name = "disk.img", .error_str = disk_error_str,
	};

	memcpy(be.id, "armvm-disk-0", 12);
	virtio_blk_init(&blk, &p, &be);
	drv_init(&drv, &blk.transport, 1, 64, true);
}

static int setup(void **state)
{
	(void)state;
	fake_reset();
	for (unsigned i = 0; i < DISK_BYTES; i++)
		disk[i] = (uint8_t)(i / 512 + i);
	flushes = discards = io_calls = last_nseg = 0;
	fail_io = fail_flush = 0;
	memset(trace, 0, sizeof(trace));
	drv.decline = 0;
	init_blk(false, true);
	return 0;
}

static uint64_t header(uint32_t type, uint64_t sector)
{
	uint64_t h = fake_alloc(VIRTIO_BLK_REQ_HDR_SIZE, 8);
	uint8_t *p = fake_ptr(h);

	virtio_st32(p, type);
	virtio_st32(p + 4, 0);
	virtio_st64(p + 8, sector);
	return h;
}

/* Submit bufs, expect one completion; return its status byte (last writable). */
static uint8_t run(struct fake_buf *b, unsigned n, uint32_t *used_len)
{
	uint32_t id, len;
	uint16_t head = drv_submit(&drv, 0, b, n);
	uint64_t st = 0;

	assert_true(drv_used(&drv, 0, &id, &len));
	assert_int_equal(id, head);
	*used_len = len;
	for (unsigned i = 0; i < n; i++)
		if (b[i].write)
			st = b[i].gpa + b[i].len - 1;
	return st ? *(uint8_t *)fake_ptr(st) : 0xff;
}

static void test_capacity_and_features(void **state)
{
	(void)state;
	assert_int_equal(virtio_mmio_read(&blk.transport, VIRTIO_MMIO_CONFIG, 8), DISK_SECTORS);
	assert_true(virtio_mmio_has_feature(&blk.transport, VIRTIO_BLK_F_FLUSH));
	assert_true(virtio_mmio_has_feature(&blk.transport, VIRTIO_BLK_F_DISCARD));
	assert_false(virtio_mmio_has_feature(&blk.transport, VIRTIO_BLK_F_RO));
	assert_int_equal(drv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
}

static void test_read(void **state)
{
	uint64_t data = fake_alloc(1024, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_IN, 3), 16, false }, { data, 1024, true }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 1025);
	assert_memory_equal(fake_ptr(data), disk + 3 * 512, 1024);
}

static void test_write(void **state)
{
	uint64_t data = fake_alloc(512, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_OUT, 10), 16, false }, { data, 512, false }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	memset(fake_ptr(data), 0xee, 512);
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 1);
	assert_int_equal(disk[10 * 512], 0xee);
	assert_int_equal(disk[11 * 512 - 1], 0xee);
	assert_int_not_equal(disk[11 * 512], 0xee);
}

static void test_scattered_header_and_data(void **state)
{
	/* Header split 5 + 11 bytes, data in three odd pieces, status alone:
	 * nothing may assume Linux's framing (virtio 1.1, 2.6.4). */
	uint64_t h = header(VIRTIO_BLK_T_IN, 1);
	uint64_t d = fake_alloc(1024, 8), st = fake_alloc(1, 1);
	struct fake_buf b[6] = {
		{ h, 5, false }, { h + 5, 11, false },
		{ d, 100, true }, { d + 100, 700, true }, { d + 800, 224, true },
		{ st, 1, true },
	};
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 6, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 1025);
	assert_memory_equal(fake_ptr(d), disk + 512, 1024);
}

static void test_status_shares_data_buffer(void **state)
{
	/* Data and status in one writable descriptor. */
	uint64_t d = fake_alloc(513, 8);
	struct fake_buf b[2] = { { header(VIRTIO_BLK_T_IN, 0), 16, false }, { d, 513, true } };
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 2, &len), VIRTIO_BLK_S_OK);
	assert_memory_equal(fake_ptr(d), disk, 512);
}

static void test_flush_reaches_backend(void **state)
{
	uint64_t st = fake_alloc(1, 1);
	struct fake_buf b[2] = { { header(VIRTIO_BLK_T_FLUSH, 0), 16, false }, { st, 1, true } };
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 2, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(flushes, 1);
	fail_io = 5;
	assert_int_equal(run(b, 2, &len), VIRTIO_BLK_S_IOERR);
	assert_int_equal(flushes, 2);
}

static void test_get_id(void **state)
{
	uint64_t id = fake_alloc(20, 1), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_GET_ID, 0), 16, false }, { id, 20, true }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	memset(fake_ptr(id), 0xff, 20);
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(len, 21);
	assert_memory_equal(fake_ptr(id), "armvm-disk-0\0\0\0\0\0\0\0\0", 20);
}

static void test_read_only_disk(void **state)
{
	uint64_t data = fake_alloc(512, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_OUT, 0), 16, false }, { data, 512, false }, { st, 1, true },
	};
	uint8_t before[512];
	uint32_t len;

	(void)state;
	init_blk(true, true);
	assert_true(virtio_mmio_has_feature(&blk.transport, VIRTIO_BLK_F_RO));
	assert_false(virtio_mmio_has_feature(&blk.transport, VIRTIO_BLK_F_DISCARD));
	memcpy(before, disk, 512);
	memset(fake_ptr(data), 0x11, 512);
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_IOERR);
	assert_memory_equal(disk, before, 512);
	assert_int_equal(io_calls, 0);
	assert_non_null(strstr(fake.last_log, "read-only"));
	/* Discard on a read-only disk fails too, and reads still work. */
	b[0].gpa = header(VIRTIO_BLK_T_DISCARD, 0);
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_IOERR);
	b[0].gpa = header(VIRTIO_BLK_T_IN, 0);
	b[1].write = true;
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(discards, 0);
}

static void test_beyond_end_of_disk(void **state)
{
	uint64_t data = fake_alloc(1024, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_IN, DISK_SECTORS - 1), 16, false },
		{ data, 1024, true }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_IOERR);
	/* A sector number so large that sector * 512 overflows. */
	b[0].gpa = header(VIRTIO_BLK_T_OUT, 0x0080000000000001ULL);
	b[1].write = false;
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_IOERR);
	assert_int_equal(io_calls, 0);
	/* The last sector itself is fine. */
	b[0].gpa = header(VIRTIO_BLK_T_IN, DISK_SECTORS - 1);
	b[1] = (struct fake_buf){ data, 512, true };
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_OK);
}

static void test_partial_sector(void **state)
{
	uint64_t data = fake_alloc(100, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_IN, 0), 16, false }, { data, 100, true }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_IOERR);
	assert_int_equal(io_calls, 0);
}

static void test_backend_error(void **state)
{
	uint64_t data = fake_alloc(512, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_IN, 0), 16, false }, { data, 512, true }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	fail_io = 5;
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk.errors, 1);
}

static void test_discard(void **state)
{
	uint64_t seg = fake_alloc(16, 8), st = fake_alloc(1, 1);
	uint8_t *s = fake_ptr(seg);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_DISCARD, 0), 16, false }, { seg, 16, false }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	virtio_st64(s, 4);
	virtio_st32(s + 8, 2);
	virtio_st32(s + 12, 0);
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(discards, 1);
	assert_int_equal(disk[4 * 512 + 7], 0);
	assert_int_equal(disk[6 * 512 + 7], (uint8_t)(6 + 6 * 512 + 7));
	/* Out of range, and unknown flags. */
	virtio_st64(s, DISK_SECTORS - 1);
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_IOERR);
	virtio_st64(s, 0);
	virtio_st32(s + 12, 0x80);
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_UNSUPP);
	assert_int_equal(discards, 1);
}

static void test_discard_without_backend(void **state)
{
	uint64_t seg = fake_alloc(16, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_DISCARD, 0), 16, false }, { seg, 16, false }, { st, 1, true },
	};
	uint32_t len;

	(void)state;
	init_blk(false, false);
	assert_false(virtio_mmio_has_feature(&blk.transport, VIRTIO_BLK_F_DISCARD));
	assert_int_equal(run(b, 3, &len), VIRTIO_BLK_S_UNSUPP);
}

static void test_unknown_type(void **state)
{
	uint64_t st = fake_alloc(1, 1);
	struct fake_buf b[2] = { { header(99, 0), 16, false }, { st, 1, true } };
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 2, &len), VIRTIO_BLK_S_UNSUPP);
}

static void test_short_header(void **state)
{
	uint64_t st = fake_alloc(1, 1);
	struct fake_buf b[2] = { { header(VIRTIO_BLK_T_IN, 0), 8, false }, { st, 1, true } };
	uint32_t len;

	(void)state;
	assert_int_equal(run(b, 2, &len), VIRTIO_BLK_S_IOERR);
	assert_int_equal(io_calls, 0);
}

static void test_no_status_byte(void **state)
{
	uint64_t data = fake_alloc(512, 8);
	struct fake_buf b[2] = { { header(VIRTIO_BLK_T_OUT, 0), 16, false }, { data, 512, false } };
	uint32_t len;

	(void)state;
	run(b, 2, &len);
	assert_int_equal(len, 0);
	assert_int_equal(io_calls, 0);
	assert_non_null(strstr(fake.last_log, "status"));
	/* The queue keeps working. */
	assert_false(drv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void test_many_requests_one_kick(void **state)
{
	uint32_t id, len;
	unsigned done = 0;

	(void)state;
	for (unsigned i = 0; i < 8; i++) {
		uint64_t d = fake_alloc(512, 8), st = fake_alloc(1, 1);
		struct fake_buf b[3] = {
			{ header(VIRTIO_BLK_T_IN, i), 16, false }, { d, 512, true }, { st, 1, true },
		};

		drv_publish(&drv, 0, drv_chain(&drv, 0, b, 3));
	}
	drv_kick(&drv, 0);
	while (drv_used(&drv, 0, &id, &len))
		done++;
	assert_int_equal(done, 8);
	assert_int_equal(fake.irq_raises, 1);
}

static void test_ram_backend(void **state)
{
	static uint8_t ramdisk[8 * 512];
	struct virtio_mmio_params p = fake_params("virtio-blk0");
	struct virtio_blk_ram r;
	struct virtio_blk_backend be;
	uint64_t data = fake_alloc(512, 8), id = fake_alloc(20, 1), seg = fake_alloc(16, 8);
	uint8_t *s = fake_ptr(seg);
	uint32_t len;

	(void)state;
	memset(ramdisk, 0x3c, sizeof(ramdisk));
	virtio_blk_ram_backend(&r, ramdisk, sizeof(ramdisk), false, "ramdisk", &be);
	virtio_blk_init(&blk, &p, &be);
	drv_init(&drv, &blk.transport, 1, 16, true);
	assert_int_equal(virtio_mmio_read(&blk.transport, VIRTIO_MMIO_CONFIG, 8), 8);
	memset(fake_ptr(data), 0x5e, 512);
	{
		struct fake_buf w[3] = { { header(VIRTIO_BLK_T_OUT, 7), 16, false },
					 { data, 512, false }, { fake_alloc(1, 1), 1, true } };
		assert_int_equal(run(w, 3, &len), VIRTIO_BLK_S_OK);
	}
	assert_int_equal(ramdisk[7 * 512 + 511], 0x5e);
	assert_int_equal(ramdisk[6 * 512], 0x3c);
	{
		struct fake_buf g[3] = { { header(VIRTIO_BLK_T_GET_ID, 0), 16, false },
					 { id, 20, true }, { fake_alloc(1, 1), 1, true } };
		assert_int_equal(run(g, 3, &len), VIRTIO_BLK_S_OK);
		assert_memory_equal(fake_ptr(id), "ramdisk\0", 8);
	}
	virtio_st64(s, 1);
	virtio_st32(s + 8, 2);
	virtio_st32(s + 12, 0);
	{
		struct fake_buf d[3] = { { header(VIRTIO_BLK_T_DISCARD, 0), 16, false },
					 { seg, 16, false }, { fake_alloc(1, 1), 1, true } };
		assert_int_equal(run(d, 3, &len), VIRTIO_BLK_S_OK);
	}
	assert_int_equal(ramdisk[512], 0);
	assert_int_equal(ramdisk[3 * 512 - 1], 0);
	assert_int_equal(ramdisk[3 * 512], 0x3c);
	/* Nothing outside the buffer: the last sector + 1 is refused. */
	{
		struct fake_buf o[3] = { { header(VIRTIO_BLK_T_IN, 8), 16, false },
					 { data, 512, true }, { fake_alloc(1, 1), 1, true } };
		assert_int_equal(run(o, 3, &len), VIRTIO_BLK_S_IOERR);
	}
}

/* A request's segments reach the back end in one call, in order: a file
 * back end then writes them with one pwritev, and a kill cannot tear the
 * request between two of them. */
static void test_one_vectored_call_per_request(void **state)
{
	uint64_t d = fake_alloc(1536, 8), st = fake_alloc(1, 1);
	struct fake_buf b[5] = {
		{ header(VIRTIO_BLK_T_OUT, 4), 16, false },
		{ d, 300, false }, { d + 300, 724, false }, { d + 1024, 512, false },
		{ st, 1, true },
	};
	uint32_t len;

	(void)state;
	for (unsigned i = 0; i < 1536; i++)
		((uint8_t *)fake_ptr(d))[i] = (uint8_t)(i * 7);
	assert_int_equal(run(b, 5, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(io_calls, 1);
	assert_int_equal(last_nseg, 3);
	assert_memory_equal(disk + 4 * 512, fake_ptr(d), 1536);
	/* Reads too: one call, data lands in all three pieces. */
	io_calls = 0;
	memset(fake_ptr(d), 0, 1536);
	b[0].gpa = header(VIRTIO_BLK_T_IN, 4);
	for (unsigned i = 1; i < 4; i++)
		b[i].write = true;
	assert_int_equal(run(b, 5, &len), VIRTIO_BLK_S_OK);
	assert_int_equal(io_calls, 1);
	assert_int_equal(last_nseg, 3);
	assert_memory_equal(fake_ptr(d), disk + 4 * 512, 1536);
}

static uint8_t write_sector(uint64_t sector, uint8_t fill)
{
	uint64_t d = fake_alloc(512, 8), st = fake_alloc(1, 1);
	struct fake_buf b[3] = {
		{ header(VIRTIO_BLK_T_OUT, sector), 16, false }, { d, 512, false }, { st, 1, true },
	};
	uint32_t len;

	memset(fake_ptr(d), fill, 512);
	return run(b, 3, &len);
}

/* Without VIRTIO_BLK_F_FLUSH the driver cannot ask for durability: every
 * write is followed by a flush before it completes (write-through). */
static void test_write_through_without_flush_feature(void **state)
{
	(void)state;
	/* With FLUSH negotiated, a write is just a write. */
	assert_int_equal(write_sector(1, 0x21), VIRTIO_BLK_S_OK);
	assert_string_equal(trace, "W");
	memset(trace, 0, sizeof(trace));
	drv.decline = VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
	drv_init(&drv, &blk.transport, 1, 64, true);
	assert_false(virtio_mmio_has_feature(&blk.transport, VIRTIO_BLK_F_FLUSH));
	assert_int_equal(write_sector(1, 0x22), VIRTIO_BLK_S_OK);
	assert_int_equal(write_sector(2, 0x23), VIRTIO_BLK_S_OK);
	assert_string_equal(trace, "WFWF");
	assert_int_equal(disk[2 * 512], 0x23);
	/* A failed flush fails the write: the data may not be durable. */
	fail_flush = 5;
	assert_int_equal(write_sector(3, 0x24), VIRTIO_BLK_S_IOERR);
	assert_non_null(strstr(fake.last_log, "host flush error on disk.img"));
}

/* Host I/O errors: IOERR to the guest every time, one line on the host per
 * kind (operation and errno) naming the disk and the errno, never again
 * for the same kind, not even after a device reset. */
static void test_host_error_reported_once_per_kind(void **state)
{
	(void)state;
	fail_io = 28;
	assert_int_equal(write_sector(5, 1), VIRTIO_BLK_S_IOERR);
	assert_int_equal(fake.logs, 1);
	assert_string_equal(fake.last_log, "virtio-blk0: host write error on disk.img at byte 0xa00: "
			    "No space left on device (errno 28); the guest gets IOERR");
	for (int i = 0; i < 50; i++)
		assert_int_equal(write_sector(6, 1), VIRTIO_BLK_S_IOERR);
	assert_int_equal(fake.logs, 1);
	/* A device reset does not re-arm the report. */
	drv_init(&drv, &blk.transport, 1, 64, true);
	assert_int_equal(write_sector(6, 1), VIRTIO_BLK_S_IOERR);
	assert_int_equal(fake.logs, 1);
	/* Another errno is another kind: one more line. */
	fail_io = 5;
	assert_int_equal(write_sector(6, 1), VIRTIO_BLK_S_IOERR);
	assert_int_equal(write_sector(7, 1), VIRTIO_BLK_S_IOERR);
	assert_int_equal(fake.logs, 2);
	assert_non_null(strstr(fake.last_log, "Input/output error (errno 5)"));
	/* And a failed FLUSH request is its own kind. */
	{
		uint64_t st = fake_alloc(1, 1);
		struct fake_buf b[2] = { { header(VIRTIO_BLK_T_FLUSH, 0), 16, false },
					 { st, 1, true } };
		uint32_t len;

		assert_int_equal(run(b, 2, &len), VIRTIO_BLK_S_IOERR);
		assert_int_equal(run(b, 2, &len), VIRTIO_BLK_S_IOERR);
	}
	assert_int_equal(fake.logs, 3);
	assert_string_equal(fake.last_log, "virtio-blk0: host flush error on disk.img: "
			    "Input/output error (errno 5); the guest gets IOERR");
	assert_int_equal(blk.host_errors, 56);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_capacity_and_features, setup),
		cmocka_unit_test_setup(test_read, setup),
		cmocka_unit_test_setup(test_write, setup),
		cmocka_unit_test_setup(test_scattered_header_and_data, setup),
		cmocka_unit_test_setup(test_status_shares_data_buffer, setup),
		cmocka_unit_test_setup(test_flush_reaches_backend, setup),
		cmocka_unit_test_setup(test_get_id, setup),
		cmocka_unit_test_setup(test_read_only_disk, setup),
		cmocka_unit_test_setup(test_beyond_end_of_disk, setup),
		cmocka_unit_test_setup(test_partial_sector, setup),
		cmocka_unit_test_setup(test_backend_error, setup),
		cmocka_unit_test_setup(test_discard, setup),
		cmocka_unit_test_setup(test_discard_without_backend, setup),
		cmocka_unit_test_setup(test_unknown_type, setup),
		cmocka_unit_test_setup(test_short_header, setup),
		cmocka_unit_test_setup(test_no_status_byte, setup),
		cmocka_unit_test_setup(test_many_requests_one_kick, setup),
		cmocka_unit_test_setup(test_ram_backend, setup),
		cmocka_unit_test_setup(test_one_vectored_call_per_request, setup),
		cmocka_unit_test_setup(test_write_through_without_flush_feature, setup),
		cmocka_unit_test_setup(test_host_error_reported_once_per_kind, setup),
	};
	return cmocka_run_group_tests_name("virtio_blk", tests, NULL, NULL);
}
