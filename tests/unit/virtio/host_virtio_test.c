/* SPDX-License-Identifier: MIT */
/*
 * src/host end to end, natively: real back ends (temporary files, socket
 * pairs, pipes, getrandom) and the real I/O thread, with the fake armvm
 * library playing KVM (ioeventfd / irqfd / MMIO dispatch) and the fake
 * virtio driver playing the guest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "dev/virtio_net.h"
#include "dev/virtio_spec.h"
#include "fake_armvm.h"
#include "host/host_virtio.h"
#include "virtio_fake.h"

static struct armvm_vm vm;
static struct host_virtio *hv;
static struct fake_drv drv;
static uint64_t cur_base;
static char tmpdir[64];
static char img[128];
static unsigned logs;
static char last_log[200];

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* Called on the I/O thread; the tests read the copy via logged(). */
static void test_log(void *ctx, const char *dev, const char *msg)
{
	(void)ctx;
	pthread_mutex_lock(&log_lock);
	logs++;
	snprintf(last_log, sizeof(last_log), "%s: %s", dev, msg);
	pthread_mutex_unlock(&log_lock);
}

/* Whether the last diagnostic contains s. */
static bool logged(const char *s)
{
	bool r;

	pthread_mutex_lock(&log_lock);
	r = strstr(last_log, s) != NULL;
	pthread_mutex_unlock(&log_lock);
	return r;
}

static uint32_t io_read(void *ctx, uint64_t off)
{
	(void)ctx;
	return (uint32_t)fake_vm_read(&vm, cur_base + off, 4);
}

static void io_write(void *ctx, uint64_t off, uint32_t v)
{
	(void)ctx;
	fake_vm_write(&vm, cur_base + off, 4, v);
}

static void make_hv(unsigned first_slot, uint64_t ram_size)
{
	struct host_virtio_config c = {
		.vm = &vm, .ram_base = FAKE_RAM_BASE, .ram_size = ram_size,
		.first_slot = first_slot, .log = test_log,
	};
	struct armvm_error err;

	assert_int_equal(host_virtio_create(&c, &hv, &err), 0);
}

static int setup(void **state)
{
	(void)state;
	fake_reset();
	fake_vm_init(&vm);
	memset(&drv, 0, sizeof(drv));
	drv.io_read = io_read;
	drv.io_write = io_write;
	cur_base = 0x0a000000;
	last_log[0] = 0;
	strcpy(tmpdir, "/tmp/armvm-virtio-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(img, sizeof(img), "%s/disk.img", tmpdir);
	make_hv(0, FAKE_RAM_SIZE);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	host_virtio_destroy(hv);
	hv = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

static void start(void)
{
	struct armvm_error err;

	assert_int_equal(host_virtio_start(hv, &err), 0);
}

/* Wait (bounded) for the next used element, sleeping on the interrupt. */
static bool wait_used(unsigned spi, unsigned q, uint32_t *id, uint32_t *len)
{
	for (int i = 0; i < 100; i++) {
		if (drv_used(&drv, q, id, len))
			return true;
		fake_vm_wait_irq(&vm, spi, 50);
	}
	return drv_used(&drv, q, id, len);
}

static void write_image(size_t size, uint8_t fill)
{
	FILE *f = fopen(img, "wb");
	uint8_t buf[512];

	assert_non_null(f);
	memset(buf, fill, sizeof(buf));
	for (size_t i = 0; i < size; i += sizeof(buf))
		fwrite(buf, 1, size - i < sizeof(buf) ? size - i : sizeof(buf), f);
	fclose(f);
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

static int sv[2];

static void add_net(void)
{
	struct armvm_error err;
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 7 };

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv), 0);
	assert_int_equal(host_virtio_add_net_fd(hv, sv[0], mac, &err), 0);
	start();
	drv_init(&drv, NULL, 2, 32, true);
}

static void post_rx(unsigned n, uint64_t *gpa)
{
	for (unsigned i = 0; i < n; i++) {
		struct fake_buf b = { fake_alloc(1526, 8), 1526, true };

		gpa[i] = b.gpa;
		drv_publish(&drv, VIRTIO_NET_RXQ, drv_chain(&drv, VIRTIO_NET_RXQ, &b, 1));
	}
	drv_kick(&drv, VIRTIO_NET_RXQ);
}

static void test_net_transmit_and_receive(void **state)
{
	uint64_t tx = fake_alloc(12 + 60, 8), rx[2];
	struct fake_buf b = { tx, 72, false };
	uint8_t frame[100];
	struct pollfd p = { .fd = 0, .events = POLLIN };
	uint32_t id, len;

	(void)state;
	add_net();
	assert_int_equal(fake_vm_read(&vm, cur_base + VIRTIO_MMIO_CONFIG + 5, 1), 7);
	memset(fake_ptr(tx), 0, 12);
	memset((uint8_t *)fake_ptr(tx) + 12, 0xe1, 60);
	drv_submit(&drv, VIRTIO_NET_TXQ, &b, 1);
	assert_true(wait_used(16, VIRTIO_NET_TXQ, &id, &len));
	p.fd = sv[1];
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_int_equal(recv(sv[1], frame, sizeof(frame), 0), 60);
	assert_int_equal(frame[59], 0xe1);
	/* Receive: buffers first, then the frame arrives at the back end. */
	post_rx(2, rx);
	memset(frame, 0xd2, 64);
	assert_int_equal(send(sv[1], frame, 64, 0), 64);
	assert_true(wait_used(16, VIRTIO_NET_RXQ, &id, &len));
	assert_int_equal(len, 12 + 64);
	assert_int_equal(((uint8_t *)fake_ptr(rx[0]))[12 + 63], 0xd2);
	assert_int_equal(virtio_ld16((uint8_t *)fake_ptr(rx[0]) + 10), 1);
	close(sv[1]);
}

static void test_net_frames_wait_for_buffers(void **state)
{
	uint64_t rx[3];
	uint8_t frame[80];
	uint32_t id, len;
	struct host_virtio_stats st;

	(void)state;
	add_net();
	for (int i = 0; i < 3; i++) {
		memset(frame, 0x40 + i, sizeof(frame));
		assert_int_equal(send(sv[1], frame, 60 + i, 0), 60 + i);
	}
	/* No buffers yet: the tap is taken out of the poll set, not spun on. */
	nanosleep(&(struct timespec){ 0, 50 * 1000000 }, NULL);
	host_virtio_get_stats(hv, &st);
	assert_true(st.input_wakeups <= 2);
	post_rx(3, rx);
	for (int i = 0; i < 3; i++) {
		assert_true(wait_used(16, VIRTIO_NET_RXQ, &id, &len));
		assert_int_equal(len, 12 + 60 + i);
		assert_int_equal(((uint8_t *)fake_ptr(rx[i]))[12], 0x40 + i);
	}
	close(sv[1]);
}

static void test_net_peer_gone(void **state)
{
	uint64_t tx = fake_alloc(12 + 60, 8), rx[1];
	struct fake_buf b = { tx, 72, false };
	struct host_virtio_stats st;
	uint32_t id, len;

	(void)state;
	add_net();
	post_rx(1, rx);
	/* The back end's peer closes: its fd stays readable (end of file),
	 * which must neither spin the I/O thread nor kill us with SIGPIPE. */
	close(sv[1]);
	nanosleep(&(struct timespec){ 0, 100 * 1000000 }, NULL);
	host_virtio_get_stats(hv, &st);
	assert_true(st.input_wakeups <= 2);
	assert_true(logged("network back end closed (end of file)"));
	memset(fake_ptr(tx), 0, 72);
	drv_submit(&drv, VIRTIO_NET_TXQ, &b, 1);
	assert_true(wait_used(16, VIRTIO_NET_TXQ, &id, &len));
}

static void test_rng_getrandom(void **state)
{
	struct armvm_error err;
	struct fake_buf b = { fake_alloc(256, 8), 256, true };
	uint32_t id, len;
	unsigned zeros = 0;

	(void)state;
	assert_int_equal(host_virtio_add_rng(hv, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 16, true);
	drv_submit(&drv, 0, &b, 1);
	assert_true(wait_used(16, 0, &id, &len));
	assert_int_equal(len, 256);
	for (int i = 0; i < 256; i++)
		zeros += ((uint8_t *)fake_ptr(b.gpa))[i] == 0;
	assert_true(zeros < 16);    /* ~1 expected from 256 random bytes */
}

static void test_console_pipes(void **state)
{
	struct armvm_error err;
	int in[2], out[2];
	uint64_t tx = fake_alloc(16, 1), rx = fake_alloc(64, 1);
	struct fake_buf tb = { tx, 6, false }, rb = { rx, 64, true };
	char buf[16] = { 0 };
	struct pollfd p;
	uint32_t id, len;

	(void)state;
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(host_virtio_add_console(hv, in[0], out[1], &err), 0);
	start();
	drv_init(&drv, NULL, 2, 16, true);
	memcpy(fake_ptr(tx), "guest\n", 6);
	drv_submit(&drv, VIRTIO_CONSOLE_TXQ, &tb, 1);
	p = (struct pollfd){ .fd = out[0], .events = POLLIN };
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_int_equal(read(out[0], buf, sizeof(buf)), 6);
	assert_string_equal(buf, "guest\n");
	drv_submit(&drv, VIRTIO_CONSOLE_RXQ, &rb, 1);
	assert_int_equal(write(in[1], "typed", 5), 5);
	assert_true(wait_used(16, VIRTIO_CONSOLE_RXQ, &id, &len));
	assert_int_equal(len, 5);
	assert_memory_equal(fake_ptr(rx), "typed", 5);
	/* The console's fds stay the caller's: stop the I/O thread first. */
	host_virtio_destroy(hv);
	hv = NULL;
	close(in[1]);
	close(in[0]);
	close(out[0]);
	close(out[1]);
}

static void test_console_input_eof(void **state)
{
	struct armvm_error err;
	int in[2], out[2];
	struct fake_buf rb = { fake_alloc(64, 1), 64, true };
	struct host_virtio_stats st;

	(void)state;
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(host_virtio_add_console(hv, in[0], out[1], &err), 0);
	start();
	drv_init(&drv, NULL, 2, 16, true);
	drv_submit(&drv, VIRTIO_CONSOLE_RXQ, &rb, 1);
	close(in[1]);               /* EOF: must not spin the I/O thread */
	nanosleep(&(struct timespec){ 0, 100 * 1000000 }, NULL);
	host_virtio_get_stats(hv, &st);
	assert_true(st.input_wakeups <= 3);
	host_virtio_destroy(hv);
	hv = NULL;
	close(in[0]);
	close(out[0]);
	close(out[1]);
}

static void test_console_unpollable_input(void **state)
{
	struct armvm_error err;
	int null_fd = open("/dev/null", O_RDONLY);
	int file_fd;

	(void)state;
	write_image(512, 0);
	file_fd = open(img, O_RDONLY);
	/* A regular file cannot be polled: the console becomes output-only. */
	assert_int_equal(host_virtio_add_console(hv, file_fd, null_fd, &err), 0);
	assert_true(host_virtio_add_console(hv, 0, -1, &err) < 0);
	assert_string_equal(err.msg, "virtio-console: no output fd");
	close(file_fd);
	close(null_fd);
}

static void test_slots_for_the_device_tree(void **state)
{
	struct armvm_error err;
	struct host_virtio_slot s;

	(void)state;
	host_virtio_destroy(hv);
	make_hv(3, FAKE_RAM_SIZE);
	write_image(4096, 0);
	assert_int_equal(host_virtio_add_blk(hv, img, true, &err), 0);
	assert_int_equal(host_virtio_add_rng(hv, &err), 0);
	assert_int_equal(host_virtio_count(hv), 2);
	assert_int_equal(host_virtio_mask(hv), 0x18);
	assert_int_equal(host_virtio_slot(hv, 0, &s), 0);
	assert_int_equal(s.index, 3);
	assert_int_equal(s.base, 0x0a000600);
	assert_int_equal(s.size, 0x200);
	assert_int_equal(s.spi, 19);
	assert_int_equal(s.device_id, VIRTIO_ID_BLOCK);
	assert_string_equal(s.name, "virtio-blk0");
	assert_int_equal(host_virtio_slot(hv, 1, &s), 0);
	assert_int_equal(s.base, 0x0a000800);
	assert_int_equal(s.spi, 20);
	assert_string_equal(s.name, "virtio-rng1");
	assert_int_equal(host_virtio_slot(hv, 2, &s), ARMVM_E_RANGE);
	/* The engine saw one region, queue ioeventfds, one irqfd each. */
	assert_int_equal(vm.nmmio, 2);
	assert_int_equal(vm.mmio[0].gpa, 0x0a000600);
	assert_int_equal(vm.nioev, 2);
	assert_int_equal(vm.ioev[0].gpa, 0x0a000650);
	assert_int_equal(vm.nirqfd, 2);
	assert_int_equal(vm.irqfd[1].spi, 20);
}

static void test_add_after_start_and_slot_exhaustion(void **state)
{
	struct armvm_error err;

	(void)state;
	host_virtio_destroy(hv);
	make_hv(30, FAKE_RAM_SIZE);
	assert_int_equal(host_virtio_add_rng(hv, &err), 0);
	assert_int_equal(host_virtio_add_rng(hv, &err), 0);
	assert_int_equal(host_virtio_add_rng(hv, &err), ARMVM_E_RANGE);
	assert_string_equal(err.msg, "virtio: no free virtio-mmio transport (2 in use)");
	host_virtio_destroy(hv);
	make_hv(0, FAKE_RAM_SIZE);
	start();
	assert_int_equal(host_virtio_add_rng(hv, &err), ARMVM_E_STATE);
	assert_non_null(strstr(err.msg, "before the VM starts"));
	assert_int_equal(host_virtio_start(hv, &err), ARMVM_E_STATE);
}

static void test_without_ioeventfd_and_irqfd(void **state)
{
	struct armvm_error err;
	struct fake_buf b = { fake_alloc(32, 8), 32, true };
	uint32_t id, len;

	(void)state;
	/* An engine without the fast paths: notifies reach the MMIO callback,
	 * interrupts are pulsed with armvm_irq_set. */
	vm.ioeventfd_result = ARMVM_E_UNSUPPORTED;
	vm.irqfd_result = ARMVM_E_UNSUPPORTED;
	assert_int_equal(host_virtio_add_rng(hv, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 16, true);
	for (int i = 0; i < 5; i++) {
		drv_submit(&drv, 0, &b, 1);
		assert_true(wait_used(16, 0, &id, &len));
		assert_int_equal(len, 32);
	}
	assert_int_equal(vm.mmio_notify_writes, 5);
	assert_true(vm.irq_pulses >= 1);
}

static void test_ioeventfd_failure_is_reported(void **state)
{
	struct armvm_error err;

	(void)state;
	vm.ioeventfd_result = ARMVM_E_KVM;
	assert_int_equal(host_virtio_add_rng(hv, &err), ARMVM_E_KVM);
	assert_string_equal(err.msg, "virtio-rng0: ioeventfd refused by the fake");
	assert_int_equal(host_virtio_count(hv), 0);
}

static void test_dma_limited_to_ram_window(void **state)
{
	struct armvm_error err;
	/* Allocated beyond the first 1 MiB that this VM calls RAM. */
	uint64_t far;
	struct fake_buf b;
	uint32_t id, len;

	(void)state;
	host_virtio_destroy(hv);
	make_hv(0, 1 << 20);
	assert_int_equal(host_virtio_add_rng(hv, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 16, true);
	far = fake_alloc(64, 8);
	fake.brk = FAKE_RAM_BASE + (2 << 20);
	far = fake_alloc(64, 8);
	b = (struct fake_buf){ far, 64, true };
	drv_submit(&drv, 0, &b, 1);
	for (int i = 0; i < 100 && !(io_read(NULL, VIRTIO_MMIO_STATUS) &
				    VIRTIO_STATUS_DEVICE_NEEDS_RESET); i++)
		fake_vm_wait_irq(&vm, 16, 50);
	assert_true(io_read(NULL, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_false(drv_used(&drv, 0, &id, &len));
	assert_true(logged("outside guest RAM"));
	assert_int_equal(((uint8_t *)fake_ptr(far))[0], 0);
}

static void test_many_requests_with_concurrent_acks(void **state)
{
	struct armvm_error err;
	struct fake_buf b = { fake_alloc(16, 8), 16, true };
	uint32_t id, len;
	unsigned done = 0;

	(void)state;
	assert_int_equal(host_virtio_add_rng(hv, &err), 0);
	start();
	drv_init(&drv, NULL, 1, 16, true);
	/* The guest acknowledges interrupts while the I/O thread raises
	 * them; no completion may go unsignalled. */
	for (int i = 0; i < 2000; i++) {
		drv_submit(&drv, 0, &b, 1);
		assert_true(wait_used(16, 0, &id, &len));
		io_write(NULL, VIRTIO_MMIO_INTERRUPT_ACK, io_read(NULL, VIRTIO_MMIO_INTERRUPT_STATUS));
		done++;
	}
	assert_int_equal(done, 2000);
}

static void test_bad_tap_name(void **state)
{
	struct armvm_error err;

	(void)state;
	assert_true(host_virtio_add_net_tap(hv, "a-name-far-too-long-for-linux", NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "bad tap interface name"));
	assert_true(host_virtio_add_net_tap(hv, "", NULL, &err) < 0);
	assert_int_equal(host_virtio_count(hv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blk_file_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_discard_punches_hole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blk_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_net_transmit_and_receive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_net_frames_wait_for_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_net_peer_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rng_getrandom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_pipes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_input_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_unpollable_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slots_for_the_device_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_after_start_and_slot_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_ioeventfd_and_irqfd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ioeventfd_failure_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_limited_to_ram_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_requests_with_concurrent_acks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_tap_name, setup, teardown),
	};
	return cmocka_run_group_tests_name("host_virtio", tests, NULL, NULL);
}
