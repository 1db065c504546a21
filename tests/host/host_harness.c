/* SPDX-License-Identifier: MIT */
/* The src/host test harness; see host_harness.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_harness.h"

struct armvm_vm vm;
struct host_virtio *hv;
struct fake_drv drv;
uint64_t cur_base;
char tmpdir[64];
char img[128];
static char last_log[400];
static unsigned log_count;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* Called on the I/O thread; the tests read the copy via logged(). */
static void test_log(void *ctx, const char *dev, const char *msg)
{
	(void)ctx;
	pthread_mutex_lock(&log_lock);
	snprintf(last_log, sizeof(last_log), "%s: %s", dev, msg);
	log_count++;
	pthread_mutex_unlock(&log_lock);
}

/* Whether the last diagnostic contains s. */
unsigned logs_seen(void)
{
	unsigned n;

	pthread_mutex_lock(&log_lock);
	n = log_count;
	pthread_mutex_unlock(&log_lock);
	return n;
}

bool logged(const char *s)
{
	bool r;

	pthread_mutex_lock(&log_lock);
	r = strstr(last_log, s) != NULL;
	pthread_mutex_unlock(&log_lock);
	return r;
}

uint32_t io_read(void *ctx, uint64_t off)
{
	(void)ctx;
	return (uint32_t)fake_vm_read(&vm, cur_base + off, 4);
}

void io_write(void *ctx, uint64_t off, uint32_t v)
{
	(void)ctx;
	fake_vm_write(&vm, cur_base + off, 4, v);
}

void make_hv(unsigned first_slot, uint64_t ram_size)
{
	struct host_virtio_config c = {
		.vm = &vm, .ram_base = FAKE_RAM_BASE, .ram_size = ram_size,
		.first_slot = first_slot, .log = test_log,
	};
	struct armvm_error err;

	assert_int_equal(host_virtio_create(&c, &hv, &err), 0);
}

int host_setup(void **state)
{
	(void)state;
	fake_reset();
	fake_vm_init(&vm);
	memset(&drv, 0, sizeof(drv));
	drv.io_read = io_read;
	drv.io_write = io_write;
	cur_base = 0x0a000000;
	last_log[0] = 0;
	log_count = 0;
	strcpy(tmpdir, "/tmp/armvm-virtio-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(img, sizeof(img), "%s/disk.img", tmpdir);
	make_hv(0, FAKE_RAM_SIZE);
	return 0;
}

int host_teardown(void **state)
{
	char cmd[128];

	(void)state;
	host_virtio_destroy(hv);
	hv = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

void start(void)
{
	struct armvm_error err;

	assert_int_equal(host_virtio_start(hv, &err), 0);
}

bool wait_used(unsigned spi, unsigned q, uint32_t *id, uint32_t *len)
{
	for (int i = 0; i < 100; i++) {
		if (drv_used(&drv, q, id, len))
			return true;
		fake_vm_wait_irq(&vm, spi, 50);
	}
	return drv_used(&drv, q, id, len);
}

void write_image(size_t size, uint8_t fill)
{
	FILE *f = fopen(img, "wb");
	uint8_t buf[512];

	assert_non_null(f);
	memset(buf, fill, sizeof(buf));
	for (size_t i = 0; i < size; i += sizeof(buf))
		fwrite(buf, 1, size - i < sizeof(buf) ? size - i : sizeof(buf), f);
	fclose(f);
}
