/* SPDX-License-Identifier: MIT */
/*
 * The file-backed virtio-blk back end end to end (host_harness.h): data
 * reaches the file and survives FLUSH, read-only images stay untouched,
 * discard punches holes, and opening errors are one-line messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_spec.h"
#include "host_harness.h"

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
	};
	return cmocka_run_group_tests_name("host_blk", tests, NULL, NULL);
}
