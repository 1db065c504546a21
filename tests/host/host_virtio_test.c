/* SPDX-License-Identifier: MIT */
/*
 * src/host end to end, natively (host_harness.h): network over a socket
 * pair, console over pipes, getrandom, the device-tree numbers, the
 * fallbacks without ioeventfd/irqfd, the RAM window, concurrency, errors.
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

#include "dev/virtio_console.h"
#include "dev/virtio_net.h"
#include "dev/virtio_spec.h"
#include "host_harness.h"

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
		cmocka_unit_test_setup_teardown(test_net_transmit_and_receive, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_net_frames_wait_for_buffers, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_net_peer_gone, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_rng_getrandom, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_console_pipes, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_console_input_eof, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_console_unpollable_input, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_slots_for_the_device_tree, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_add_after_start_and_slot_exhaustion, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_without_ioeventfd_and_irqfd, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_ioeventfd_failure_is_reported, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_dma_limited_to_ram_window, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_many_requests_with_concurrent_acks, host_setup, host_teardown),
		cmocka_unit_test_setup_teardown(test_bad_tap_name, host_setup, host_teardown),
	};
	return cmocka_run_group_tests_name("host_virtio", tests, NULL, NULL);
}
