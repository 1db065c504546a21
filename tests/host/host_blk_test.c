/* SPDX-License-Identifier: MIT */
/*
 * The file-backed virtio-blk back end end to end (host_harness.h): data
 * reaches the file and survives FLUSH, read-only images stay untouched,
 * discard punches holes, and opening errors are one-line messages. The
 * back end's system calls go through the fault-injecting wrappers below,
 * which count them and fail them on demand: one pwritev per request,
 * fdatasync after each write when FLUSH is off, one host line per kind of
 * I/O error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_spec.h"
#include "host_harness.h"

/* ---- the fault-injecting back end: the C library's calls, wrapped ----
 * Defined in the test program, these take the place of the C library's for
 * src/host (linked statically into it); the I/O thread calls them. */
static unsigned n_pwritev, n_preadv, n_pwrite, n_pread, n_fdatasync, n_fsync;
static int fail_write_errno, fail_sync_errno;

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
	int e = __atomic_load_n(&fail_write_errno, __ATOMIC_SEQ_CST);

	__atomic_add_fetch(&n_pwritev, 1, __ATOMIC_SEQ_CST);
	if (e) {
		errno = e;
		return -1;
	}
	return REAL(pwritev)(fd, iov, n, off);
}

ssize_t preadv(int fd, const struct iovec *iov, int n, off_t off)
{
	__atomic_add_fetch(&n_preadv, 1, __ATOMIC_SEQ_CST);
	return REAL(preadv)(fd, iov, n, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	__atomic_add_fetch(&n_pwrite, 1, __ATOMIC_SEQ_CST);
	return REAL(pwrite)(fd, buf, len, off);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	__atomic_add_fetch(&n_pread, 1, __ATOMIC_SEQ_CST);
	return REAL(pread)(fd, buf, len, off);
}

int fdatasync(int fd)
{
	int e = __atomic_load_n(&fail_sync_errno, __ATOMIC_SEQ_CST);

	__atomic_add_fetch(&n_fdatasync, 1, __ATOMIC_SEQ_CST);
	if (e) {
		errno = e;
		return -1;
	}
	return REAL(fdatasync)(fd);
}

int fsync(int fd)
{
	__atomic_add_fetch(&n_fsync, 1, __ATOMIC_SEQ_CST);
	return REAL(fsync)(fd);
}

static void reset_counts(void)
{
	n_pwritev = n_preadv = n_pwrite = n_pread = n_fdatasync = n_fsync = 0;
	fail_write_errno = fail_sync_errno = 0;
}

static uint64_t blk_hdr(uint32_t type, uint64_t sector)
{
	uint64_t h = fake_alloc(16, 8);

	virtio_st32(fake_ptr(h), type);
	virtio_st64((uint8_t *)fake_ptr(h) + 8, sector);
	return h;
}

static uint8_t blk_request(uint32_t type, uint64_t sector, uint64_t data,
			   uint32_t len, bool data_in)
{
	uint64_t st = fake_alloc(1, 1);
	struct fake_buf b[3] = { { blk_hdr(type, sector), 16, false } };
	unsigned n = 1;
	uint32_t id, used;

	if (len)
		b[n++] = (struct fake_buf){ data, len, data_in };
	b[n++] = (struct fake_buf){ st, 1, true };
	*(uint8_t *)fake_ptr(st) = 0xff;
	drv_submit(&drv, 0, b, n);
	assert_true(wait_used(16, 0, &id, &used));
	return *(uint8_t *)fake_ptr(st);
}

static void test_blk_file_roundtrip(void **state)
{
	struct armvm_error err;
	uint64_t data = fake_alloc(1024, 8);
	uint8_t back[1024];
	int fd;

	(void)state;
	write_image(64 * 1024, 0x11);
	assert_int_equal(host_virtio_add_blk(hv, img, false, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 32, true);
	assert_int_equal(io_read(NULL, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	assert_int_equal(fake_vm_read(&vm, cur_base + VIRTIO_MMIO_CONFIG, 8), 128);
	memset(fake_ptr(data), 0xab, 1024);
	assert_int_equal(blk_request(VIRTIO_BLK_T_OUT, 3, data, 1024, false), VIRTIO_BLK_S_OK);
	assert_int_equal(blk_request(VIRTIO_BLK_T_FLUSH, 0, 0, 0, false), VIRTIO_BLK_S_OK);
	/* It is in the file. */
	fd = open(img, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, back, 1024, 3 * 512), 1024);
	close(fd);
	assert_int_equal(back[0], 0xab);
	assert_int_equal(back[1023], 0xab);
	/* And reads back through the device. */
	memset(fake_ptr(data), 0, 1024);
	assert_int_equal(blk_request(VIRTIO_BLK_T_IN, 2, data, 1024, true), VIRTIO_BLK_S_OK);
	assert_int_equal(((uint8_t *)fake_ptr(data))[0], 0x11);
	assert_int_equal(((uint8_t *)fake_ptr(data))[512], 0xab);
	/* The notifies took the ioeventfd path, not the MMIO callback. */
	assert_int_equal(vm.mmio_notify_writes, 0);
}

/* A request of three segments: header, data in three pieces, status. */
static uint8_t blk_request3(uint32_t type, uint64_t sector, uint64_t data,
			    bool data_in)
{
	uint64_t st = fake_alloc(1, 1);
	struct fake_buf b[5] = {
		{ blk_hdr(type, sector), 16, false },
		{ data, 100, data_in }, { data + 100, 924, data_in },
		{ data + 1024, 512, data_in }, { st, 1, true },
	};
	uint32_t id, used;

	*(uint8_t *)fake_ptr(st) = 0xff;
	drv_submit(&drv, 0, b, 5);
	assert_true(wait_used(16, 0, &id, &used));
	return *(uint8_t *)fake_ptr(st);
}

/* One request, one system call, whatever its segments; nothing written
 * with pwrite; with FLUSH negotiated no sync until the guest asks. */
static void test_blk_one_pwritev_per_request(void **state)
{
	struct armvm_error err;
	uint64_t data = fake_alloc(1536, 8);
	uint8_t back[1536];
	int fd;

	(void)state;
	write_image(64 * 1024, 0);
	assert_int_equal(host_virtio_add_blk(hv, img, false, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 32, true);
	for (unsigned i = 0; i < 1536; i++)
		((uint8_t *)fake_ptr(data))[i] = (uint8_t)(i * 13 + 1);
	reset_counts();
	assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 5, data, false), VIRTIO_BLK_S_OK);
	assert_int_equal(n_pwritev, 1);
	assert_int_equal(n_pwrite, 0);
	assert_int_equal(n_fdatasync + n_fsync, 0);
	assert_int_equal(blk_request3(VIRTIO_BLK_T_IN, 5, fake_alloc(1536, 8), true),
			 VIRTIO_BLK_S_OK);
	assert_int_equal(n_preadv, 1);
	assert_int_equal(n_pread, 0);
	fd = open(img, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(REAL(pread)(fd, back, sizeof(back), 5 * 512), (ssize_t)sizeof(back));
	close(fd);
	assert_memory_equal(back, fake_ptr(data), sizeof(back));
	assert_int_equal(blk_request(VIRTIO_BLK_T_FLUSH, 0, 0, 0, false), VIRTIO_BLK_S_OK);
	assert_int_equal(n_fdatasync, 1);
}

/* A driver without VIRTIO_BLK_F_FLUSH: each write is on disk (fdatasync)
 * before it completes. */
static void test_blk_write_through_without_flush(void **state)
{
	struct armvm_error err;
	uint64_t data = fake_alloc(1536, 8);

	(void)state;
	write_image(64 * 1024, 0);
	assert_int_equal(host_virtio_add_blk(hv, img, false, &err), 0);
	start();
	drv.decline = VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
	drv_init(&drv, NULL, 1, 32, true);
	drv.decline = 0;
	reset_counts();
	assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 1, data, false), VIRTIO_BLK_S_OK);
	assert_int_equal(n_pwritev, 1);
	assert_int_equal(n_fdatasync, 1);
	assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 9, data, false), VIRTIO_BLK_S_OK);
	assert_int_equal(n_fdatasync, 2);
	/* Reads need no sync. */
	assert_int_equal(blk_request3(VIRTIO_BLK_T_IN, 1, data, true), VIRTIO_BLK_S_OK);
	assert_int_equal(n_fdatasync, 2);
	/* A failed sync fails the write and is reported. */
	fail_sync_errno = EIO;
	assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 1, data, false), VIRTIO_BLK_S_IOERR);
	assert_true(logged("host flush error on "));
	assert_true(logged("disk.img: Input/output error (errno 5)"));
}

/* Host I/O errors: IOERR for the guest every time, one line on the host
 * per kind naming the file and the errno. */
static void test_blk_host_errors_reported_once(void **state)
{
	struct armvm_error err;
	uint64_t data = fake_alloc(1536, 8);

	(void)state;
	write_image(64 * 1024, 0);
	assert_int_equal(host_virtio_add_blk(hv, img, false, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 32, true);
	reset_counts();
	fail_write_errno = ENOSPC;
	for (int i = 0; i < 20; i++)
		assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 2, data, false),
				 VIRTIO_BLK_S_IOERR);
	assert_int_equal(logs_seen(), 1);
	assert_true(logged("virtio-blk"));
	assert_true(logged(": host write error on "));
	assert_true(logged("/disk.img at byte 0x400: No space left on device (errno 28)"));
	fail_write_errno = EIO;
	assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 2, data, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 2, data, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(logs_seen(), 2);
	assert_true(logged("Input/output error (errno 5)"));
	fail_sync_errno = EIO;
	assert_int_equal(blk_request(VIRTIO_BLK_T_FLUSH, 0, 0, 0, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(logs_seen(), 3);
	/* Errors gone: the disk works again. */
	fail_write_errno = fail_sync_errno = 0;
	assert_int_equal(blk_request3(VIRTIO_BLK_T_OUT, 2, data, false), VIRTIO_BLK_S_OK);
	assert_int_equal(blk_request(VIRTIO_BLK_T_FLUSH, 0, 0, 0, false), VIRTIO_BLK_S_OK);
}

static void test_blk_read_only(void **state)
{
	struct armvm_error err;
	uint64_t data = fake_alloc(512, 8);
	struct stat before, after;

	(void)state;
	write_image(8192, 0x22);
	chmod(img, 0444);           /* O_RDONLY must be enough */
	stat(img, &before);
	assert_int_equal(host_virtio_add_blk(hv, img, true, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 32, true);
	assert_true(virtio_mmio_has_feature(vm.mmio[0].opaque, VIRTIO_BLK_F_RO));
	memset(fake_ptr(data), 0x99, 512);
	assert_int_equal(blk_request(VIRTIO_BLK_T_OUT, 0, data, 512, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk_request(VIRTIO_BLK_T_IN, 0, data, 512, true), VIRTIO_BLK_S_OK);
	assert_int_equal(((uint8_t *)fake_ptr(data))[7], 0x22);
	stat(img, &after);
	assert_int_equal(before.st_mtime, after.st_mtime);
	assert_true(logged("read-only"));
}

static void test_blk_discard_punches_hole(void **state)
{
	struct armvm_error err;
	uint64_t seg = fake_alloc(16, 8), data = fake_alloc(4096, 8);
	uint8_t *s = fake_ptr(seg);

	(void)state;
	write_image(64 * 1024, 0x33);
	assert_int_equal(host_virtio_add_blk(hv, img, false, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 32, true);
	virtio_st64(s, 8);
	virtio_st32(s + 8, 16);     /* 8 KiB from 4 KiB on: whole pages */
	virtio_st32(s + 12, 0);
	assert_int_equal(blk_request(VIRTIO_BLK_T_DISCARD, 0, seg, 16, false), VIRTIO_BLK_S_OK);
	assert_int_equal(blk_request(VIRTIO_BLK_T_IN, 8, data, 4096, true), VIRTIO_BLK_S_OK);
	/* tmpfs and ext4 punch holes (reads as zeros); a file system that
	 * cannot keeps the data, which discard allows. */
	assert_true(((uint8_t *)fake_ptr(data))[100] == 0 ||
		    ((uint8_t *)fake_ptr(data))[100] == 0x33);
	assert_int_equal(blk_request(VIRTIO_BLK_T_IN, 0, data, 4096, true), VIRTIO_BLK_S_OK);
	assert_int_equal(((uint8_t *)fake_ptr(data))[100], 0x33);
}

static void test_blk_open_errors(void **state)
{
	struct armvm_error err;
	(void)state;
	assert_true(host_virtio_add_blk(hv, "/nonexistent/disk.img", false, &err) < 0);
	assert_string_equal(err.msg, "cannot open disk image /nonexistent/disk.img: No such file or directory");
	assert_null(strchr(err.msg, '\n'));
	write_image(100, 0);
	assert_true(host_virtio_add_blk(hv, img, false, &err) < 0);
	assert_non_null(strstr(err.msg, "smaller than one 512-byte sector"));
	assert_true(host_virtio_add_blk(hv, tmpdir, true, &err) < 0);
	assert_non_null(strstr(err.msg, "not a regular file or block device"));
	/* Two writers of one image. */
	write_image(4096, 0);
	assert_int_equal(host_virtio_add_blk(hv, img, false, &err), 0);
	assert_true(host_virtio_add_blk(hv, img, false, &err) < 0);
	assert_non_null(strstr(err.msg, "in use by another process"));
	assert_int_equal(host_virtio_count(hv), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blk_file_roundtrip, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_blk_read_only, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_blk_discard_punches_hole, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_blk_open_errors, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_blk_one_pwritev_per_request, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_blk_write_through_without_flush, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_blk_host_errors_reported_once, host_setup, host_teardown),
	};
	return cmocka_run_group_tests_name("host_blk", tests, NULL, NULL);
}
