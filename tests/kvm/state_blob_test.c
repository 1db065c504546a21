// SPDX-License-Identifier: MIT
/*
 * The VM state blob's container (src/kvm/state_blob.c), natively: a blob
 * written and read back, and every class of bad blob refused with one line
 * before anything of it is used: truncated at every length, any single
 * corrupted byte, a wrong magic or version (with valid checksums), trailing
 * bytes, torn records and entries, missing or doubled records, and a blob of
 * another VM shape.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kvm/state_blob.h"

/* KVM register ids of the sizes the blob sees: bits 55:52 = log2(bytes). */
#define ID64(n)  ((3ull << 52) | (n))
#define ID128(n) ((4ull << 52) | (n))
#define ID32(n)  ((2ull << 52) | (n))

struct blob {
	uint8_t *p;
	size_t n;
};

/* A well-formed blob: `vcpus` vCPUs, a GICv3 record, optionally spoilt by
 * `spoil` between the records (see the tests). */
enum spoil { NONE, NO_MP, TWO_REGS, TORN_REG, BAD_GIC_SIZE, WIDE_GIC32, ITS_FOR_VCPU, ITS_MISSING,
	     ITS_EXTRA };

static struct blob make(unsigned vcpus, enum spoil spoil)
{
	struct state_writer w;
	state_writer_init(&w);
	for (unsigned c = 0; c < vcpus; c++) {
		uint64_t x = 0x1111111111111111ull * (c + 1);
		uint8_t q[16];
		uint32_t s = 0xabcd0000u + c;
		for (unsigned i = 0; i < 16; i++)
			q[i] = (uint8_t)(i + c);
		for (int times = spoil == TWO_REGS && c == 0 ? 2 : 1; times; times--) {
			state_rec_begin(&w, STATE_REC_VCPU_REGS, c);
			state_put_reg(&w, ID64(1), &x);
			state_put_reg(&w, ID128(2), q);
			state_put_reg(&w, ID32(3), &s);
			if (spoil == TORN_REG && c == 0) {
				state_put_u64(&w, ID128(4));   /* a 16-byte value ... */
				state_put_u32(&w, 7);          /* ... cut to 4 */
			}
			state_rec_end(&w);
		}
		if (!(spoil == NO_MP && c == vcpus - 1)) {
			state_rec_begin(&w, STATE_REC_VCPU_MP, c);
			state_put_u32(&w, c ? 1 : 0);
			state_rec_end(&w);
		}
	}
	state_rec_begin(&w, spoil == ITS_FOR_VCPU ? STATE_REC_ITS : STATE_REC_GIC,
			spoil == ITS_FOR_VCPU ? 0 : STATE_VM_RECORD);
	state_put_attr(&w, 1, 4, 0x0, 0x12);
	state_put_attr(&w, 6, 8, 0xc65cull | 1ull << 32, 0x1122334455667788ull);
	if (spoil == BAD_GIC_SIZE)
		state_put_attr(&w, 1, 3, 0x4, 0);
	if (spoil == WIDE_GIC32)
		state_put_attr(&w, 1, 4, 0x8, 0x100000000ull);
	state_rec_end(&w);
	if (spoil == ITS_EXTRA) {
		state_rec_begin(&w, STATE_REC_ITS, STATE_VM_RECORD);
		state_put_attr(&w, 8, 8, 0x0, 1);
		state_rec_end(&w);
	}
	struct state_header h = { .version = STATE_VERSION, .arch = 1, .nr_vcpus = vcpus, .gic = 3,
				  .flags = STATE_F_PMU | (spoil == ITS_MISSING ? STATE_F_ITS : 0) };
	assert_true(state_writer_finish(&w, &h));
	return (struct blob){ w.buf, w.len };
}

static char msg[256];

static int check(const struct blob *b, struct state_header *h)
{
	msg[0] = 0;
	int r = state_check(b->p, b->n, h, msg, sizeof(msg));
	if (r < 0) {
		/* One line naming the problem. */
		assert_true(msg[0] != 0);
		assert_null(strchr(msg, '\n'));
	}
	return r;
}

/* Re-seal the header after editing it, so only the edited field is wrong. */
static void reseal(struct blob *b)
{
	uint32_t crc = state_crc32(b->p, 44);
	memcpy(b->p + 44, &crc, 4);
}

static void test_crc32_known_value(void **state)
{
	(void)state;
	assert_int_equal(state_crc32("123456789", 9), 0xcbf43926u);
	assert_int_equal(state_crc32("", 0), 0);
}

static void test_roundtrip(void **state)
{
	(void)state;
	struct blob b = make(4, NONE);
	struct state_header h;
	assert_int_equal(check(&b, &h), 0);
	assert_int_equal(h.version, STATE_VERSION);
	assert_int_equal(h.arch, 1);
	assert_int_equal(h.nr_vcpus, 4);
	assert_int_equal(h.gic, 3);
	assert_int_equal(h.flags, STATE_F_PMU);
	assert_int_equal(h.body_size, b.n - STATE_HEADER_SIZE);

	size_t pos = 0;
	struct state_rec_view r;
	unsigned regs = 0, mps = 0, gics = 0;
	while (state_next_rec(b.p, &pos, &r)) {
		if (r.type == STATE_REC_VCPU_REGS) {
			size_t rp = 0;
			uint64_t id;
			const uint8_t *v;
			unsigned k = 0;
			while (state_next_reg(&r, &rp, &id, &v)) {
				if (k == 0) {
					uint64_t x;
					memcpy(&x, v, 8);
					assert_int_equal(id, ID64(1));
					assert_true(x == 0x1111111111111111ull * (r.vcpu + 1));
				} else if (k == 1) {
					assert_int_equal(id, ID128(2));
					assert_int_equal(v[15], 15 + r.vcpu);
				} else {
					uint32_t s;
					memcpy(&s, v, 4);
					assert_int_equal(id, ID32(3));
					assert_int_equal(s, 0xabcd0000u + r.vcpu);
				}
				k++;
			}
			assert_int_equal(k, 3);
			regs++;
		} else if (r.type == STATE_REC_VCPU_MP) {
			uint32_t mp;
			memcpy(&mp, r.data, 4);
			assert_int_equal(mp, r.vcpu ? 1 : 0);
			mps++;
		} else if (r.type == STATE_REC_GIC) {
			size_t ap = 0;
			struct state_attr a;
			assert_true(state_next_attr(&r, &ap, &a));
			assert_int_equal(a.group, 1);
			assert_int_equal(a.value, 0x12);
			assert_true(state_next_attr(&r, &ap, &a));
			assert_int_equal(a.size, 8);
			assert_true(a.attr == (0xc65cull | 1ull << 32));
			assert_true(a.value == 0x1122334455667788ull);
			assert_false(state_next_attr(&r, &ap, &a));
			gics++;
		}
	}
	assert_int_equal(regs, 4);
	assert_int_equal(mps, 4);
	assert_int_equal(gics, 1);
	free(b.p);
}

static void test_truncated_at_every_length(void **state)
{
	(void)state;
	struct blob b = make(2, NONE);
	struct state_header h;
	for (size_t n = 0; n < b.n; n++) {
		struct blob t = { b.p, n };
		assert_int_equal(check(&t, &h), -1);
		if (n >= STATE_HEADER_SIZE)
			assert_non_null(strstr(msg, "truncated"));
	}
	free(b.p);
}

static void test_every_corrupt_byte(void **state)
{
	(void)state;
	struct blob b = make(2, NONE);
	struct state_header h;
	for (size_t i = 0; i < b.n; i++) {
		b.p[i] ^= 0x01;
		assert_int_equal(check(&b, &h), -1);
		b.p[i] ^= 0x01;
	}
	assert_int_equal(check(&b, &h), 0);
	free(b.p);
}

static void test_magic_version_trailing(void **state)
{
	(void)state;
	struct state_header h;
	struct blob b = make(1, NONE);
	b.p[0] = 'X';
	reseal(&b);
	assert_int_equal(check(&b, &h), -1);
	assert_non_null(strstr(msg, "magic"));
	free(b.p);

	b = make(1, NONE);
	b.p[8] = 2;
	reseal(&b);
	assert_int_equal(check(&b, &h), -1);
	assert_non_null(strstr(msg, "version 2"));
	free(b.p);

	b = make(1, NONE);
	uint8_t *longer = calloc(1, b.n + 8);
	memcpy(longer, b.p, b.n);
	struct blob l = { longer, b.n + 8 };
	assert_int_equal(check(&l, &h), -1);
	assert_non_null(strstr(msg, "trailing"));
	free(longer);
	free(b.p);

	b = make(1, NONE);
	b.p[16] = 7;   /* arch */
	reseal(&b);
	assert_int_equal(check(&b, &h), -1);
	assert_non_null(strstr(msg, "architecture"));
	free(b.p);
}

static void expect_refused(enum spoil spoil, const char *words)
{
	struct blob b = make(2, spoil);
	struct state_header h;
	assert_int_equal(check(&b, &h), -1);
	if (!strstr(msg, words))
		fail_msg("\"%s\" does not say \"%s\"", msg, words);
	free(b.p);
}

static void test_bad_records(void **state)
{
	(void)state;
	expect_refused(NO_MP, "vCPU 1 has no MP state record");
	expect_refused(TWO_REGS, "two register records for vCPU 0");
	expect_refused(TORN_REG, "cut short");
	expect_refused(BAD_GIC_SIZE, "value size 3");
	expect_refused(WIDE_GIC32, "too wide");
	expect_refused(ITS_FOR_VCPU, "ITS record for vCPU 0");
	expect_refused(ITS_MISSING, "no ITS record");
	expect_refused(ITS_EXTRA, "an unexpected ITS record");
}

static void test_fits(void **state)
{
	(void)state;
	struct blob b = make(2, NONE);
	struct state_header h;
	assert_int_equal(check(&b, &h), 0);
	assert_int_equal(state_check_fits(&h, 1, 2, 3, STATE_F_PMU, msg, sizeof(msg)), 0);
	assert_int_equal(state_check_fits(&h, 0, 2, 3, STATE_F_PMU, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "the state is of an AArch32 guest, this VM is AArch64");
	assert_int_equal(state_check_fits(&h, 1, 4, 3, STATE_F_PMU, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "the state has 2 vCPUs, this VM 4");
	assert_int_equal(state_check_fits(&h, 1, 2, 2, STATE_F_PMU, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "the state has GICv3, this VM GICv2");
	assert_int_equal(state_check_fits(&h, 1, 2, 0, STATE_F_PMU, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "the state has GICv3, this VM no GIC");
	assert_int_equal(state_check_fits(&h, 1, 2, 3, STATE_F_PMU | STATE_F_ITS, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "the state has no ITS, this VM has one");
	assert_int_equal(state_check_fits(&h, 1, 2, 3, 0, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "the state has a PMU, this VM none");
	free(b.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_known_value),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_truncated_at_every_length),
		cmocka_unit_test(test_every_corrupt_byte),
		cmocka_unit_test(test_magic_version_trailing),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
