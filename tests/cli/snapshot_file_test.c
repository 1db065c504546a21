// SPDX-License-Identifier: MIT
/*
 * The snapshot file container (cli/snapshot_file.h): a written file reads
 * back the same; every bad-file class is refused with its own line: empty,
 * not a snapshot, every truncation, trailing data, any single corrupted
 * byte, another format version, another host architecture, sections out of
 * place. Writing is atomic and leaves no temporary behind. Machines that
 * differ are named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cli/snapshot_file.h"
#include "machine/memmap.h"

static char dir[64];
static char path[128];
static char err[256];
static uint8_t *img;                 /* a good file's bytes */
static size_t img_len;
static const char vm_blob[] = "vcpu and vgic state";
static uint8_t dev_blob[300];

static void machine(struct snapshot_machine *m)
{
	memset(m, 0, sizeof(*m));
	m->guest_arch = 1;
	m->nr_vcpus = 4;
	m->gic_version = 3;
	m->nr_ram = 1;
	m->ram[0] = (struct snapshot_ram){ VIRT_RAM_BASE, 256u << 20 };
	board_init(&m->board);
	board_add_virt(&m->board, BOARD_DEV_PL011);
	board_add_virt(&m->board, BOARD_DEV_PL031);
	board_add_virtio(&m->board, 0, 2);
}

static void sections(struct snapshot_section s[2])
{
	memset(s, 0, 2 * sizeof(*s));
	strcpy(s[0].name, SNAPSHOT_SECTION_VM);
	s[0].data = vm_blob;
	s[0].size = sizeof(vm_blob);
	strcpy(s[1].name, SNAPSHOT_SECTION_DEVICES);
	s[1].data = dev_blob;
	s[1].size = sizeof(dev_blob);
}

static uint8_t *slurp(const char *p, size_t *len)
{
	FILE *f = fopen(p, "rb");
	uint8_t *b;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static int setup(void **state)
{
	struct snapshot_machine m;
	struct snapshot_section s[2];

	(void)state;
	strcpy(dir, "/tmp/armvm-snap-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/vm.snap", dir);
	for (unsigned i = 0; i < sizeof(dev_blob); i++)
		dev_blob[i] = (uint8_t)(i * 7);
	machine(&m);
	sections(s);
	assert_int_equal(snapshot_file_write(path, &m, s, 2, err, sizeof(err)), 0);
	img = slurp(path, &img_len);
	return 0;
}

static int teardown(void **state)
{
	char cmd[96];

	(void)state;
	free(img);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static int parse(const void *b, size_t n)
{
	struct snapshot_file f;

	err[0] = 0;
	return snapshot_file_parse(b, n, &f, err, sizeof(err));
}

static void le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* After editing the header: fix its CRC and the whole file's. */
static void reseal(uint8_t *b, size_t n)
{
	uint32_t hlen = rd32(b + 12);

	le32(b + hlen - 4, (uint32_t)crc32(0, b, hlen - 4));
	le32(b + n - 4, (uint32_t)crc32(0, b, (uInt)(n - 4)));
}

static void test_round_trip(void **state)
{
	struct snapshot_machine m;
	struct snapshot_file f;
	const struct snapshot_section *s;

	(void)state;
	machine(&m);
	assert_int_equal(snapshot_file_read(path, &f, err, sizeof(err)), 0);
	assert_int_equal(f.machine.host_arch, snapshot_host_arch());
	assert_int_equal(f.machine.guest_arch, 1);
	assert_int_equal(f.machine.nr_vcpus, 4);
	assert_int_equal(f.machine.gic_version, 3);
	assert_int_equal(f.machine.nr_ram, 1);
	assert_int_equal(f.machine.ram[0].base, m.ram[0].base);
	assert_int_equal(f.machine.ram[0].size, m.ram[0].size);
	assert_int_equal(f.machine.board.nr, 3);
	assert_int_equal(f.machine.board.dev[2].options, 2);
	assert_int_equal(f.machine.board.dev[2].spi, m.board.dev[2].spi);
	assert_int_equal(f.nr, 2);
	s = snapshot_file_section(&f, SNAPSHOT_SECTION_DEVICES);
	assert_non_null(s);
	assert_int_equal(s->size, sizeof(dev_blob));
	assert_memory_equal(s->data, dev_blob, sizeof(dev_blob));
	s = snapshot_file_section(&f, SNAPSHOT_SECTION_VM);
	assert_non_null(s);
	assert_string_equal(s->data, vm_blob);
	assert_null(snapshot_file_section(&f, "memory"));
	assert_int_equal(snapshot_machine_compare(&f.machine, &m, err, sizeof(err)), 0);
	snapshot_file_free(&f);
}

static void test_empty_and_foreign(void **state)
{
	(void)state;
	assert_int_equal(parse(img, 0), -1);
	assert_string_equal(err, "snapshot file is empty");
	assert_int_equal(parse("\177ELF\2\1\1\0", 8), -1);
	assert_string_equal(err, "not an armvm snapshot (bad magic)");
	assert_int_equal(parse("ARMVMSNQ-and-more", 17), -1);
	assert_string_equal(err, "not an armvm snapshot (bad magic)");
}

static void test_every_truncation_refused(void **state)
{
	(void)state;
	for (size_t n = 1; n < img_len; n++) {
		assert_int_equal(parse(img, n), -1);
		assert_true(strstr(err, "truncated") != NULL);
	}
	assert_int_equal(parse(img, img_len), 0);
}

static void test_trailing_data_refused(void **state)
{
	uint8_t *b = malloc(img_len + 3);

	(void)state;
	memcpy(b, img, img_len);
	memset(b + img_len, 0, 3);
	assert_int_equal(parse(b, img_len + 3), -1);
	assert_string_equal(err, "snapshot has 3 bytes of trailing data after its end");
	free(b);
}

/* Any one byte changed anywhere is caught (header, sections, padding,
 * trailer), and each kind of damage is named. */
static void test_every_corrupt_byte_refused(void **state)
{
	uint8_t *b = malloc(img_len);
	unsigned header = 0, section = 0, whole = 0;

	(void)state;
	for (size_t i = 0; i < img_len; i++) {
		memcpy(b, img, img_len);
		b[i] ^= 0x10;
		assert_int_equal(parse(b, img_len), -1);
		header += strstr(err, "header is corrupt") != NULL;
		section += strstr(err, "section 'devices' is corrupt (CRC mismatch)") != NULL;
		whole += strstr(err, "whole-file CRC mismatch") != NULL;
	}
	assert_int_equal(section, sizeof(dev_blob));
	assert_true(header > 64);
	assert_true(whole > 0);
	free(b);
}

static void test_other_version_refused(void **state)
{
	uint8_t *b = malloc(img_len);

	(void)state;
	memcpy(b, img, img_len);
	le32(b + 8, 2);
	reseal(b, img_len);
	assert_int_equal(parse(b, img_len), -1);
	assert_string_equal(err, "snapshot format version 2 is not supported "
			    "(this armvm reads version 1)");
	free(b);
}

static void test_other_host_arch_refused(void **state)
{
	uint8_t *b = malloc(img_len);
	uint32_t other = snapshot_host_arch() == SNAPSHOT_HOST_AARCH64 ?
			 SNAPSHOT_HOST_X86_64 : SNAPSHOT_HOST_AARCH64;
	char want[128];

	(void)state;
	memcpy(b, img, img_len);
	le32(b + 24, other);
	reseal(b, img_len);
	assert_int_equal(parse(b, img_len), -1);
	snprintf(want, sizeof(want), "snapshot was taken on an %s host; this host is %s",
		 other == SNAPSHOT_HOST_AARCH64 ? "aarch64" : "x86_64",
		 other == SNAPSHOT_HOST_AARCH64 ? "x86_64" : "aarch64");
	assert_string_equal(err, want);
	free(b);
}

/* Valid CRCs do not make a malformed file acceptable. */
static void test_malformed_with_valid_crcs_refused(void **state)
{
	uint8_t *b = malloc(img_len);
	uint32_t hlen = rd32(img + 12);
	size_t table = hlen - 8 - 2 * 40;

	(void)state;
	/* The second section's offset moved. */
	memcpy(b, img, img_len);
	le32(b + table + 40 + 16, rd32(b + table + 40 + 16) + 8);
	reseal(b, img_len);
	assert_int_equal(parse(b, img_len), -1);
	assert_string_equal(err, "snapshot section 'devices' lies outside the file "
			    "(corrupt or truncated)");
	/* Two sections with one name. */
	memcpy(b, img, img_len);
	memcpy(b + table + 40, SNAPSHOT_SECTION_VM, sizeof(SNAPSHOT_SECTION_VM));
	reseal(b, img_len);
	assert_int_equal(parse(b, img_len), -1);
	assert_string_equal(err, "snapshot has section 'vm-state' twice");
	/* No vCPUs. */
	memcpy(b, img, img_len);
	le32(b + 32, 0);
	reseal(b, img_len);
	assert_int_equal(parse(b, img_len), -1);
	assert_string_equal(err, "snapshot describes an impossible machine: no vCPUs");
	/* More RAM regions than there is room for. */
	memcpy(b, img, img_len);
	le32(b + 44, 9);
	reseal(b, img_len);
	assert_int_equal(parse(b, img_len), -1);
	assert_string_equal(err, "snapshot header is corrupt (impossible sizes)");
	free(b);
}

static unsigned files_in_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_write_is_atomic_and_read_names_the_file(void **state)
{
	struct snapshot_machine m;
	struct snapshot_section s[2];
	struct snapshot_file f;
	char bad[160];
	size_t n;
	uint8_t *b;

	(void)state;
	machine(&m);
	sections(s);
	/* Replacing the file: the new one, no temporary left. */
	s[1].size = 10;
	assert_int_equal(snapshot_file_write(path, &m, s, 2, err, sizeof(err)), 0);
	assert_int_equal(files_in_dir(), 1);
	assert_int_equal(snapshot_file_read(path, &f, err, sizeof(err)), 0);
	assert_int_equal(snapshot_file_section(&f, SNAPSHOT_SECTION_DEVICES)->size, 10);
	snapshot_file_free(&f);
	/* A refused write leaves the old file alone. */
	strcpy(s[1].name, SNAPSHOT_SECTION_VM);
	assert_int_equal(snapshot_file_write(path, &m, s, 2, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot: section 'vm-state' given twice");
	m.nr_vcpus = 0;
	sections(s);
	assert_int_equal(snapshot_file_write(path, &m, s, 2, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot: invalid machine: no vCPUs");
	b = slurp(path, &n);
	assert_int_equal(parse(b, n), 0);
	free(b);
	assert_int_equal(files_in_dir(), 1);
	/* A directory that does not exist. */
	machine(&m);
	snprintf(bad, sizeof(bad), "%s/none/vm.snap", dir);
	assert_int_equal(snapshot_file_write(bad, &m, s, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot create a file next to it"));
	/* Reading: missing, a directory, a truncated file named. */
	assert_int_equal(snapshot_file_read(bad, &f, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(snapshot_file_read(dir, &f, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(truncate(path, 100), 0);
	assert_int_equal(snapshot_file_read(path, &f, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "truncated"));
	assert_null(f.buf);
}

static void test_machine_differences_named(void **state)
{
	struct snapshot_machine a, b;

	(void)state;
	machine(&a);
	machine(&b);
	b.guest_arch = 0;
	assert_int_equal(snapshot_machine_compare(&a, &b, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot is of an AArch32 guest; this VM is AArch64");
	machine(&b);
	b.nr_vcpus = 1;
	assert_int_equal(snapshot_machine_compare(&a, &b, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot has 4 vCPUs; this VM has 1");
	machine(&b);
	b.gic_version = 2;
	assert_int_equal(snapshot_machine_compare(&a, &b, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot has GIC version 3; this VM has 2 (0 = none)");
	machine(&b);
	b.ram[0].size = 128u << 20;
	assert_int_equal(snapshot_machine_compare(&a, &b, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot's RAM is 256 MiB at 0x40000000; this VM's is "
			    "128 MiB at 0x40000000");
	machine(&b);
	b.board.nr--;
	assert_int_equal(snapshot_machine_compare(&a, &b, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot's board has a virtio-mmio at 0xa000000 that "
			    "this VM lacks (restore with the same device options)");
	machine(&b);
	b.board.dev[2].options = 1;
	assert_int_equal(snapshot_machine_compare(&a, &b, err, sizeof(err)), -1);
	assert_string_equal(err, "the virtio-mmio at 0xa000000 differs from the "
			    "snapshot's (another virtio device or interrupt)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty_and_foreign),
		cmocka_unit_test(test_every_truncation_refused),
		cmocka_unit_test(test_trailing_data_refused),
		cmocka_unit_test(test_every_corrupt_byte_refused),
		cmocka_unit_test(test_other_version_refused),
		cmocka_unit_test(test_other_host_arch_refused),
		cmocka_unit_test(test_malformed_with_valid_crcs_refused),
		cmocka_unit_test(test_write_is_atomic_and_read_names_the_file),
		cmocka_unit_test(test_machine_differences_named),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
