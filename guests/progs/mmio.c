/* SPDX-License-Identifier: MIT */
/*
 * MMIO loads and stores of every size against the armvm test device
 * (docs/testdev.md), or against a 2 KiB RAM buffer when the DTB does not
 * describe one (plain QEMU). The access sequence is the same either way, so
 * the transcript is too: per-size counts and the FNV-1a hash of the sequence
 * (src/dev/testdev_hash.h), computed on the guest's side, plus how many
 * read-back values differed from what was written.
 *
 * AArch32 makes each 8-byte access as two 32-bit accesses, low word first
 * (see ARCH_HAS_MMIO64 in arch/aarch32/arch.h), and counts and hashes them
 * as such, exactly as the device sees them.
 */
#include <stdbool.h>

#include "dev/testdev.h"
#include "dev/testdev_hash.h"
#include "fdt.h"
#include "guest.h"
#include "machine/memmap.h"

const char guest_name[] = "mmio";

#define MMIO_COMPATIBLE     "armvm,testdev"
#define MMIO_RANDOM_ACCESSES 400
#define MMIO_SEED           0x2545f491u
/* Mismatches reported one by one; the rest are only counted. */
#define MMIO_MISMATCHES_SHOWN 4

static uint8_t ram_scratch[TESTDEV_SCRATCH_SIZE] __attribute__((aligned(8)));
/* What the scratch area should hold. */
static uint8_t expected[TESTDEV_SCRATCH_SIZE];

static uintptr_t scratch_base;
static uint32_t reads[4], writes[4];   /* by size: 1, 2, 4, 8 bytes */
static uint64_t hash = TESTDEV_HASH_INIT;
static unsigned mismatches;

static unsigned size_index(unsigned size)
{
	return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

static void log_access(bool is_write, unsigned size, unsigned offset, uint64_t value)
{
	if (is_write)
		writes[size_index(size)]++;
	else
		reads[size_index(size)]++;
	hash = testdev_hash_access(hash, is_write, size, offset, value);
}

static uint64_t expected_value(unsigned size, unsigned offset)
{
	uint64_t v = 0;
	for (unsigned i = size; i-- > 0;)
		v = v << 8 | expected[offset + i];
	return v;
}

static void check_value(unsigned size, unsigned offset, uint64_t got)
{
	uint64_t want = expected_value(size, offset);

	if (got == want)
		return;
	if (mismatches++ < MMIO_MISMATCHES_SHOWN)
		printf("mmio: %u-byte read at offset 0x%03x gave 0x%llx, expected 0x%llx\n",
		       size, offset, (unsigned long long)got, (unsigned long long)want);
}

static void mmio_store(unsigned size, unsigned offset, uint64_t value)
{
	uintptr_t a = scratch_base + offset;

	for (unsigned i = 0; i < size; i++)
		expected[offset + i] = (uint8_t)(value >> (8 * i));
	switch (size) {
	case 1: mmio_write8(a, (uint8_t)value); break;
	case 2: mmio_write16(a, (uint16_t)value); break;
	case 4: mmio_write32(a, (uint32_t)value); break;
	default:
#if ARCH_HAS_MMIO64
		mmio_write64(a, value);
		break;
#else
		mmio_write32(a, (uint32_t)value);
		log_access(true, 4, offset, (uint32_t)value);
		mmio_write32(a + 4, (uint32_t)(value >> 32));
		log_access(true, 4, offset + 4, (uint32_t)(value >> 32));
		return;
#endif
	}
	log_access(true, size, offset, value);
}

static void mmio_load_check(unsigned size, unsigned offset)
{
	uintptr_t a = scratch_base + offset;
	uint64_t v;

	switch (size) {
	case 1: v = mmio_read8(a); break;
	case 2: v = mmio_read16(a); break;
	case 4: v = mmio_read32(a); break;
	default: {
#if ARCH_HAS_MMIO64
		v = mmio_read64(a);
		break;
#else
		uint32_t lo = mmio_read32(a);
		log_access(false, 4, offset, lo);
		uint32_t hi = mmio_read32(a + 4);
		log_access(false, 4, offset + 4, hi);
		check_value(8, offset, (uint64_t)hi << 32 | lo);
		return;
#endif
	}
	}
	log_access(false, size, offset, v);
	check_value(size, offset, v);
}

static uint32_t xorshift32(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

void guest_main(void)
{
	if (fdt_contains_string(MMIO_COMPATIBLE)) {
		scratch_base = VIRT_ARMVM_TESTDEV_BASE;
		/* Count from zero, as this side does; not itself logged. */
		mmio_write32(VIRT_ARMVM_TESTDEV_BASE + TESTDEV_REG_LOG_RESET, 1);
	} else {
		scratch_base = (uintptr_t)ram_scratch;
	}

	/* Fill the whole window, so every later read has a known answer. */
	for (unsigned off = 0; off < TESTDEV_SCRATCH_SIZE; off += 8)
		mmio_store(8, off, 0x0101010101010101ULL * (off / 8) ^ 0x8040201008040201ULL);

	/* Mixed sizes, offsets (naturally aligned) and directions. */
	uint32_t rng = MMIO_SEED;
	for (unsigned i = 0; i < MMIO_RANDOM_ACCESSES; i++) {
		uint32_t r = xorshift32(&rng);
		unsigned size = 1u << (r & 3);
		unsigned offset = (r >> 8) & (TESTDEV_SCRATCH_SIZE - size);
		if (r & 0x10) {
			uint64_t hi = xorshift32(&rng);
			uint64_t v = hi << 32 | xorshift32(&rng);
			mmio_store(size, offset, size == 8 ? v : v & ((1ULL << (8 * size)) - 1));
		} else {
			mmio_load_check(size, offset);
		}
	}

	/* Read everything back. */
	for (unsigned off = 0; off < TESTDEV_SCRATCH_SIZE; off += 8)
		mmio_load_check(8, off);

	printf("mmio: reads 1:%u 2:%u 4:%u 8:%u writes 1:%u 2:%u 4:%u 8:%u hash %016llx\n",
	       reads[0], reads[1], reads[2], reads[3],
	       writes[0], writes[1], writes[2], writes[3], (unsigned long long)hash);
	printf("mmio: %u mismatches\n", mismatches);
}
