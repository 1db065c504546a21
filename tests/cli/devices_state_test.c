// SPDX-License-Identifier: MIT
/*
 * The devices blob of a snapshot (cli/devices_state.h) over the real
 * platform devices, host_virtio with its I/O thread and back ends (a disk
 * image, getrandom), the fake armvm library playing KVM and the fake
 * virtio driver playing the guest (tests/host/host_harness.h). A VM saved
 * with a disk request posted but not served is restored into a VM built
 * afresh from the same options: the blob saves back to the same bytes and
 * the restored VM serves the request. A VM built from other options (no
 * disk, a disk of another size) and a damaged blob are refused with one
 * line, no device changed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/devices_state.h"
#include "dev/pl011_regs.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_spec.h"
#include "host/host_virtio.h"
#include "../host/host_harness.h"

/* The machine queries devices.c and devices_state.c make. */
unsigned armvm_vm_nr_vcpus(const struct armvm_vm *v) { (void)v; return 1; }
enum armvm_gic armvm_vm_gic(const struct armvm_vm *v) { (void)v; return ARMVM_GIC_V3; }
enum armvm_arch armvm_vm_arch(const struct armvm_vm *v) { (void)v; return ARMVM_ARCH_AARCH64; }
bool armvm_vm_has_pmu(const struct armvm_vm *v) { (void)v; return false; }
bool armvm_vm_has_its(const struct armvm_vm *v) { (void)v; return false; }

#define DISK_BYTES (64 * 1024)

static struct armvm_vm vm_b;
static struct cli_vm a, b;
static int null_fd;
static char err[256];
static struct armvm_vm *io_vm;       /* where the driver's accesses go */

static uint32_t vm_read(void *ctx, uint64_t off)
{
	(void)ctx;
	return (uint32_t)fake_vm_read(io_vm, cur_base + off, 4);
}

static void vm_write(void *ctx, uint64_t off, uint32_t v)
{
	(void)ctx;
	fake_vm_write(io_vm, cur_base + off, 4, v);
}

/* A VM like cli_vm_setup builds: platform devices, an absent transport,
 * the virtio devices of hvx (disk image of disk_bytes, then entropy). */
static void build(struct cli_vm *cv, struct armvm_vm *v, struct host_virtio **hvx,
		  size_t disk_bytes, bool with_disk)
{
	struct host_virtio_config c = {
		.vm = v, .ram_base = FAKE_RAM_BASE, .ram_size = FAKE_RAM_SIZE,
	};
	struct armvm_error e;

	memset(cv, 0, sizeof(*cv));
	cv->vm = v;
	cv->ram = (struct guest_ram){ FAKE_RAM_BASE, FAKE_RAM_SIZE, fake.ram };
	if (!*hvx)
		assert_int_equal(host_virtio_create(&c, hvx, &e), 0);
	if (with_disk) {
		write_image(disk_bytes, 0x11);
		assert_int_equal(host_virtio_add_blk(*hvx, img, false, &e), 0);
	}
	assert_int_equal(host_virtio_add_rng(*hvx, &e), 0);
	cv->virtio = *hvx;
	board_init(&cv->board);
	board_add_virt(&cv->board, BOARD_DEV_PL011);
	board_add_virt(&cv->board, BOARD_DEV_PL031);
	board_add_virt(&cv->board, BOARD_DEV_TESTDEV);
	board_add_virt(&cv->board, BOARD_DEV_BOOTMARK);
	for (unsigned i = 0; i < host_virtio_count(*hvx); i++) {
		struct host_virtio_slot s;

		host_virtio_slot(*hvx, i, &s);
		board_add_virtio(&cv->board, s.index, s.device_id);
	}
	assert_true(board_add_virtio_absent(&cv->board) > 0);
	assert_int_equal(devices_attach(&cv->devs, v, &cv->board, null_fd, false, &e), 0);
	cv->devs_attached = true;
}

static int setup(void **state)
{
	host_setup(state);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	fake_vm_init(&vm_b);
	drv.io_read = vm_read;
	drv.io_write = vm_write;
	io_vm = &vm;
	return 0;
}

static int teardown(void **state)
{
	if (a.devs_attached)
		devices_destroy(&a.devs);
	if (b.devs_attached)
		devices_destroy(&b.devs);
	a.devs_attached = b.devs_attached = false;
	host_virtio_destroy(b.virtio);
	b.virtio = NULL;
	if (a.virtio == hv)
		a.virtio = NULL;
	close(null_fd);
	return host_teardown(state);
}

static uint16_t read_chain(unsigned sector, uint64_t *data)
{
	uint64_t hdr = fake_alloc(16, 16), buf = fake_alloc(512, 16), st = fake_alloc(1, 1);
	struct fake_buf c[3] = { { hdr, 16, false }, { buf, 512, true }, { st, 1, true } };

	memset(fake_ptr(hdr), 0, 16);
	virtio_st32(fake_ptr(hdr), VIRTIO_BLK_T_IN);
	virtio_st64((uint8_t *)fake_ptr(hdr) + 8, sector);
	*data = buf;
	return drv_chain(&drv, 0, c, 3);
}

static bool wait_used_polling(uint32_t *id, uint32_t *len)
{
	for (int i = 0; i < 500; i++) {
		if (drv_used(&drv, 0, id, len))
			return true;
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	return false;
}

/* A saved with a request in flight; the blob and its length. */
static void *save_a(size_t *size, uint16_t *pending, uint64_t *data)
{
	uint64_t d1;
	uint32_t id, len;
	void *blob;

	build(&a, &vm, &hv, DISK_BYTES, true);
	start();
	drv_init(&drv, NULL, 1, 8, true);
	drv_publish(&drv, 0, read_chain(1, &d1));
	drv_kick(&drv, 0);
	assert_true(wait_used_polling(&id, &len));
	*pending = read_chain(2, data);
	drv_publish(&drv, 0, *pending);      /* posted, not notified yet */
	fake_vm_write(&vm, 0x09000000 + UARTIMSC, 4, 0x50);
	devices_state_pause(&a);
	assert_int_equal(devices_state_save(&a, &blob, size, err, sizeof(err)), 0);
	devices_state_resume(&a);
	/* The saving process is gone (its disk lock too). */
	devices_destroy(&a.devs);
	a.devs_attached = false;
	host_virtio_destroy(hv);
	hv = NULL;
	a.virtio = NULL;
	return blob;
}

static void test_restore_resumes_devices(void **state)
{
	struct host_virtio *hvb = NULL;
	struct snapshot_machine ma, mb;
	struct armvm_error e;
	void *blob, *blob2;
	size_t size, size2;
	uint16_t pending;
	uint64_t data;
	uint32_t id, len;

	(void)state;
	blob = save_a(&size, &pending, &data);
	print_message("devices blob: %zu bytes (4 platform devices, 30 absent "
		      "transports, virtio-blk, virtio-rng)\n", size);
	devices_state_machine(&a, &ma);
	build(&b, &vm_b, &hvb, DISK_BYTES, true);
	devices_state_machine(&b, &mb);
	assert_int_equal(snapshot_machine_compare(&ma, &mb, err, sizeof(err)), 0);
	/* Through a snapshot file, as armvm snapshot / restore do. */
	{
		struct snapshot_section sec = { .name = SNAPSHOT_SECTION_DEVICES,
						.data = blob, .size = size };
		const struct snapshot_section *got;
		struct snapshot_file f;
		char path[160];

		snprintf(path, sizeof(path), "%s/vm.snap", tmpdir);
		assert_int_equal(snapshot_file_write(path, &ma, &sec, 1, err, sizeof(err)), 0);
		assert_int_equal(snapshot_file_read(path, &f, err, sizeof(err)), 0);
		assert_int_equal(snapshot_machine_compare(&f.machine, &mb, err, sizeof(err)), 0);
		got = snapshot_file_section(&f, SNAPSHOT_SECTION_DEVICES);
		assert_non_null(got);
		assert_int_equal(devices_state_load(&b, got->data, got->size, err,
						    sizeof(err)), 0);
		snapshot_file_free(&f);
	}
	assert_int_equal(devices_state_save(&b, &blob2, &size2, err, sizeof(err)), 0);
	assert_int_equal(size, size2);
	assert_memory_equal(blob, blob2, size);
	assert_int_equal(fake_vm_read(&vm_b, 0x09000000 + UARTIMSC, 4), 0x50);
	/* The restored disk serves the request posted before the snapshot. */
	io_vm = &vm_b;
	assert_int_equal(host_virtio_start(hvb, &e), 0);
	assert_true(wait_used_polling(&id, &len));
	assert_int_equal(id, pending);
	assert_int_equal(len, 513);
	assert_int_equal(((uint8_t *)fake_ptr(data))[511], 0x11);
	/* While paused, a notified request waits; resumed, it is served. */
	devices_state_pause(&b);
	pending = read_chain(3, &data);
	drv_publish(&drv, 0, pending);
	drv_kick(&drv, 0);
	nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	assert_false(drv_used(&drv, 0, &id, &len));
	devices_state_resume(&b);
	assert_true(wait_used_polling(&id, &len));
	assert_int_equal(id, pending);
	free(blob);
	free(blob2);
}

static void test_other_options_refused(void **state)
{
	struct host_virtio *hvb = NULL;
	void *blob, *before, *after;
	size_t size, nb, na;
	uint16_t pending;
	uint64_t data;

	(void)state;
	blob = save_a(&size, &pending, &data);
	/* No disk on the restoring side. */
	build(&b, &vm_b, &hvb, DISK_BYTES, false);
	assert_int_equal(devices_state_load(&b, blob, size, err, sizeof(err)), -1);
	assert_string_equal(err, "the snapshot has a virtio-blk at 0xa000000 that this VM "
			    "lacks (restore with the same device options)");
	devices_destroy(&b.devs);
	b.devs_attached = false;
	host_virtio_destroy(hvb);
	hvb = NULL;
	fake_vm_init(&vm_b);
	/* A disk of another size: refused, and nothing changed. */
	build(&b, &vm_b, &hvb, DISK_BYTES / 2, true);
	assert_int_equal(devices_state_save(&b, &before, &nb, err, sizeof(err)), 0);
	assert_int_equal(devices_state_load(&b, blob, size, err, sizeof(err)), -1);
	assert_string_equal(err, "virtio-blk0: disk size differs from the snapshot's");
	assert_int_equal(devices_state_save(&b, &after, &na, err, sizeof(err)), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, na);
	free(after);
	/* Damaged blobs. */
	assert_int_equal(devices_state_load(&b, blob, size - 1, err, sizeof(err)), -1);
	assert_string_equal(err, "devices: device state is truncated or malformed");
	((uint8_t *)blob)[0] = 'X';
	assert_int_equal(devices_state_load(&b, blob, size, err, sizeof(err)), -1);
	assert_string_equal(err, "devices: not a device state (bad magic)");
	((uint8_t *)blob)[0] = 'A';
	((uint8_t *)blob)[4] = 9;
	assert_int_equal(devices_state_load(&b, blob, size, err, sizeof(err)), -1);
	assert_string_equal(err, "devices: device state of an unsupported version");
	assert_int_equal(devices_state_save(&b, &after, &na, err, sizeof(err)), 0);
	assert_memory_equal(before, after, na);
	free(before);
	free(after);
	free(blob);
	b.virtio = hvb;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restore_resumes_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_options_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
