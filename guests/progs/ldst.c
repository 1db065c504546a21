/* SPDX-License-Identifier: MIT */
/*
 * Loads and stores that carry no instruction syndrome (ESR ISV = 0), aimed
 * at the armvm test device (docs/testdev.md), or at a RAM buffer when the
 * DTB does not describe one (plain QEMU): AArch64 LDP/STP/LDNP/STNP/LDPSW,
 * pre/post-index writeback, SIMD&FP registers (Q pairs, register offset);
 * AArch32 LDM/STM (IA/IB/DA/DB, writeback), PUSH/POP on a device stack,
 * LDRD/STRD, writeback with register offsets, LDRSB/LDRSH/LDRH, a
 * conditional LDM, VLDR/VSTR/VLDM/VSTM, and in Thumb LDM/STM/LDMDB/LDRD/
 * STRD/LDR/STRH with writeback, PUSH/POP on a device stack and an IT block
 * whose second instruction must not run; VPUSH/VPOP; A64 LDUR/STUR/LDTRH/STTR (ISV=1: KVM decodes those; its sign extension of LDTRSH under nesting is not ours to test). Each form prints the registers it left (loaded values and
 * the written-back base), so a transcript equal to plain QEMU's shows the
 * emulation matches the CPU; the `ldst:` hash line is the access sequence
 * (sizes, offsets, values, order) the guest expects the device to log,
 * which the lab compares with armvm's `testdev:` line.
 */
#include <stdbool.h>

#include "dev/testdev.h"
#include "dev/testdev_hash.h"
#include "fdt.h"
#include "guest.h"
#include "machine/memmap.h"

const char guest_name[] = "ldst";

#define WINDOW 0x200   /* the part of the scratch area the forms use */

static uint8_t ram_scratch[WINDOW] __attribute__((aligned(16)));
static uint8_t shadow[WINDOW];
static uintptr_t base;
static uint32_t reads[4], writes[4];
static uint64_t hash = TESTDEV_HASH_INIT;
static unsigned mismatches;

static unsigned size_index(unsigned size)
{
	return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

/* The guest's record of one access it expects the device to see. */
static void expect_read(unsigned size, unsigned off)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = v << 8 | shadow[off + i];
	reads[size_index(size)]++;
	hash = testdev_hash_access(hash, false, size, off, v);
}

static void expect_write(unsigned size, unsigned off, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		shadow[off + i] = (uint8_t)(v >> (8 * i));
	writes[size_index(size)]++;
	hash = testdev_hash_access(hash, true, size, off, size == 8 ? v : v & ((1ULL << (8 * size)) - 1));
}

/* A value read back that should be what the shadow holds. */
static void check(unsigned size, unsigned off, uint64_t got)
{
	uint64_t want = 0;

	for (unsigned i = size; i-- > 0;)
		want = want << 8 | shadow[off + i];
	if (size < 8)
		got &= (1ULL << (8 * size)) - 1;
	if (got != want && mismatches++ < 4)
		printf("ldst: %u bytes at 0x%03x read 0x%llx, expected 0x%llx\n", size, off,
		       (unsigned long long)got, (unsigned long long)want);
}

static void show(const char *form, uintptr_t b, uint64_t r1, uint64_t r2)
{
	printf("ldst: %s base+0x%03x %016llx %016llx\n", form, (unsigned)(b - base),
	       (unsigned long long)r1, (unsigned long long)r2);
}

static const uint64_t q_in[4] = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL,
				  0x8899aabbccddeeffULL, 0x7766554433221100ULL };

#if defined(__aarch64__)

static void forms(void)
{
	uintptr_t b;
	uint64_t x1 = 0x1111222233334444ULL, x2 = 0x85556666f7778888ULL, r1, r2;
	uint64_t q_out[8];

	/* SIMD&FP on: CPACR_EL1.FPEN = 0b11 */
	sysreg_write(cpacr_el1, sysreg_read(cpacr_el1) | 3u << 20);
	isb();

	b = base + 0x100;
	__asm__ volatile("stp %1, %2, [%0, #-16]!" : "+r"(b) : "r"(x1), "r"(x2) : "memory");
	expect_write(8, 0xf0, x1); expect_write(8, 0xf8, x2);
	show("stp-pre", b, 0, 0);
	__asm__ volatile("ldp %1, %2, [%0], #16" : "+r"(b), "=&r"(r1), "=&r"(r2) : : "memory");
	expect_read(8, 0xf0); expect_read(8, 0xf8);
	check(8, 0xf0, r1); check(8, 0xf8, r2);
	show("ldp-post", b, r1, r2);

	b = base + 0x20;
	__asm__ volatile("ldp %w1, %w2, [%0, #8]" : "+r"(b), "=&r"(r1), "=&r"(r2) : : "memory");
	expect_read(4, 0x28); expect_read(4, 0x2c);
	show("ldp-w", b, r1, r2);
	b = base + 0x30;
	__asm__ volatile("ldpsw %1, %2, [%0], #8" : "+r"(b), "=&r"(r1), "=&r"(r2) : : "memory");
	expect_read(4, 0x30); expect_read(4, 0x34);
	show("ldpsw-post", b, r1, r2);
	b = base + 0x48;
	__asm__ volatile("stnp %w1, %w2, [%0, #-8]" : "+r"(b) : "r"(x1), "r"(x2) : "memory");
	expect_write(4, 0x40, (uint32_t)x1); expect_write(4, 0x44, (uint32_t)x2);
	b = base + 0x40;
	__asm__ volatile("ldnp %1, %2, [%0]" : "+r"(b), "=&r"(r1), "=&r"(r2) : : "memory");
	expect_read(8, 0x40); expect_read(8, 0x48);
	show("ldnp", b, r1, r2);

	b = base + 0x58;
	__asm__ volatile("str %1, [%0, #8]!" : "+r"(b) : "r"(x2) : "memory");
	expect_write(8, 0x60, x2);
	show("str-pre", b, 0, 0);
	__asm__ volatile("ldr %w1, [%0], #-4" : "+r"(b), "=&r"(r1) : : "memory");
	expect_read(4, 0x60);
	show("ldr-w-post", b, r1, 0);
	b = base + 0x70;
	__asm__ volatile("strb %w1, [%0], #1" : "+r"(b) : "r"(x2) : "memory");
	expect_write(1, 0x70, x2 & 0xff);
	__asm__ volatile("ldrsb %1, [%0, #-1]!" : "+r"(b), "=&r"(r1) : : "memory");
	expect_read(1, 0x70);
	show("ldrsb-pre", b, r1, 0);
	b = base + 0x72;
	__asm__ volatile("strh %w1, [%0, #2]!" : "+r"(b) : "r"(x2 >> 16) : "memory");
	expect_write(2, 0x74, (x2 >> 16) & 0xffff);
	__asm__ volatile("ldrsh %w1, [%0], #2" : "+r"(b), "=&r"(r1) : : "memory");
	expect_read(2, 0x74);
	show("ldrsh-post", b, r1, 0);
	b = base + 0x78;
	__asm__ volatile("ldrsw %1, [%0], #4" : "+r"(b), "=&r"(r1) : : "memory");
	expect_read(4, 0x78);
	show("ldrsw-post", b, r1, 0);

	b = base + 0xe0;
	__asm__ volatile("stur %1, [%0, #-8]\n\tsttr %w2, [%0, #4]" : : "r"(b), "r"(x1), "r"(x2) : "memory");
	expect_write(8, 0xd8, x1); expect_write(4, 0xe4, (uint32_t)x2);
	__asm__ volatile("ldur %w1, [%0, #-4]\n\tldtrh %w2, [%0, #6]" : "+r"(b), "=&r"(r1), "=&r"(r2) : : "memory");
	expect_read(4, 0xdc); expect_read(2, 0xe6);
	show("ldur/ldtrh", b, r1, r2);

	/* SIMD&FP: q0/q1 from RAM, then to and from the device */
	b = base + 0x80;
	__asm__ volatile("ldp q0, q1, [%1]\n\t"
			 "str q0, [%0, #16]\n\t"
			 "stp d1, d0, [%0, #48]!\n\t"
			 : "+r"(b) : "r"(q_in) : "v0", "v1", "memory");
	expect_write(8, 0x90, q_in[0]); expect_write(8, 0x98, q_in[1]);
	expect_write(8, 0xb0, q_in[2]); expect_write(8, 0xb8, q_in[0]);
	show("str-q/stp-d", b, 0, 0);
	b = base + 0x80;
	uint64_t four = 4, one = 1;
	__asm__ volatile("ldr q2, [%0, #16]!\n\t"
			 "ldp q3, q4, [%0], #-16\n\t"
			 "ldr s5, [%0, %2]\n\t"
			 "ldr q6, [%0, %3, lsl #4]\n\t"
			 "stp q2, q3, [%1]\n\t"
			 "stp q5, q6, [%1, #32]\n\t"
			 : "+r"(b) : "r"(q_out), "r"(four), "r"(one) : "v2", "v3", "v4", "v5", "v6", "memory");
	expect_read(8, 0x90); expect_read(8, 0x98);
	expect_read(8, 0x90); expect_read(8, 0x98); expect_read(8, 0xa0); expect_read(8, 0xa8);
	expect_read(4, 0x84);
	expect_read(8, 0x90); expect_read(8, 0x98);
	show("ldr-q-pre", b, q_out[0], q_out[1]);
	show("ldp-q-post", b, q_out[2], q_out[3]);
	show("ldr-s-reg", b, q_out[4], q_out[5]);
	show("ldr-q-lsl", b, q_out[6], q_out[7]);
	check(8, 0x90, q_out[0]);
	check(8, 0x98, q_out[7]);
}

#else /* AArch32 */

/* The Thumb forms, entered with r0 = base, r1 = results (RAM, 10 words). */
void thumb_forms(uintptr_t b, uint32_t *out);
__asm__(".text\n"
	".syntax unified\n"
	".thumb\n"
	".align 2\n"
	".global thumb_forms\n"
	".type thumb_forms, %function\n"
	".thumb_func\n"
	"thumb_forms:\n"
	"	push {r4-r7, lr}\n"
	"	add.w r2, r0, #0xc0\n"
	"	movw r3, #0x1111\n"
	"	movt r3, #0xa1a1\n"
	"	movw r4, #0x2222\n"
	"	movt r4, #0x5252\n"
	"	stmia r2!, {r3, r4}\n"          /* 16-bit: W 0xc0, 0xc4; r2 = 0xc8 */
	"	ldmdb r2!, {r5, r6}\n"          /* 32-bit: R 0xc0, 0xc4; r2 = 0xc0 */
	"	str r5, [r1, #0]\n"
	"	str r6, [r1, #4]\n"
	"	ldrd r5, r6, [r2, #8]!\n"       /* R 0xc8, 0xcc; r2 = 0xc8 */
	"	str r5, [r1, #8]\n"
	"	str r6, [r1, #12]\n"
	"	strd r3, r4, [r2], #8\n"        /* W 0xc8, 0xcc; r2 = 0xd0 */
	"	ldr r5, [r2, #4]!\n"            /* R 0xd4; r2 = 0xd4 */
	"	str r5, [r1, #16]\n"
	"	strh r3, [r2], #4\n"            /* W 2@0xd4; r2 = 0xd8 */
	"	movs r5, #0\n"
	"	movs r6, #0\n"
	"	cmp r0, r0\n"
	"	ite eq\n"
	"	ldmeq r2!, {r5, r6}\n"          /* runs: R 0xd8, 0xdc; r2 = 0xe0 */
	"	ldmne r2!, {r5, r6}\n"          /* must not run */
	"	str r5, [r1, #20]\n"
	"	str r6, [r1, #24]\n"
	"	subs r2, r2, r0\n"
	"	str r2, [r1, #28]\n"
	"	mov r7, sp\n"
	"	add.w r2, r0, #0xf0\n"
	"	mov sp, r2\n"
	"	push {r3, r4}\n"             /* 16-bit: W 0xe8, 0xec; sp = 0xe8 */
	"	pop {r5, r6}\n"              /* R 0xe8, 0xec */
	"	mov sp, r7\n"
	"	str r5, [r1, #32]\n"
	"	ldr r6, [r2, #-4]\n"         /* 32-bit imm8, no writeback: R 0xec */
	"	str r6, [r1, #36]\n"
	"	pop {r4-r7, pc}\n"
	".arm\n");

static void forms(void)
{
	uintptr_t b;
	uint32_t r1 = 0x11112222, r2 = 0x83334444, r3 = 0x55556666;
	uint32_t o1, o2, o3;

	b = base + 0x100;
	__asm__ volatile("mov r1, %1\n\tmov r2, %2\n\tmov r3, %3\n\tstmia %0!, {r1, r2, r3}"
			 : "+r"(b) : "r"(r1), "r"(r2), "r"(r3) : "r1", "r2", "r3", "memory");
	expect_write(4, 0x100, r1); expect_write(4, 0x104, r2); expect_write(4, 0x108, r3);
	show("stmia-wb", b, 0, 0);
	__asm__ volatile("ldmdb %0!, {r4, r5, r6}\n\tmov %1, r4\n\tmov %2, r5\n\tmov %3, r6"
			 : "+r"(b), "=r"(o1), "=r"(o2), "=r"(o3) : : "r4", "r5", "r6", "memory");
	expect_read(4, 0x100); expect_read(4, 0x104); expect_read(4, 0x108);
	check(4, 0x108, o3);
	show("ldmdb-wb", b, o1, (uint64_t)o2 << 32 | o3);
	b = base + 0x20;
	__asm__ volatile("ldmib %0, {r4, r5}\n\tmov %1, r4\n\tmov %2, r5"
			 : "+r"(b), "=r"(o1), "=r"(o2) : : "r4", "r5", "memory");
	expect_read(4, 0x24); expect_read(4, 0x28);
	show("ldmib", b, o1, o2);
	b = base + 0x44;
	__asm__ volatile("mov r4, %1\n\tmov r5, %2\n\tstmda %0!, {r4, r5}"
			 : "+r"(b) : "r"(r2), "r"(r3) : "r4", "r5", "memory");
	expect_write(4, 0x40, r2); expect_write(4, 0x44, r3);
	show("stmda-wb", b, 0, 0);
	/* PUSH/POP with the stack on the device (no exceptions can come) */
	b = base + 0x58;
	__asm__ volatile("mov r12, sp\n\tmov sp, %0\n\tmov r4, %3\n\tmov r5, %4\n\t"
			 "push {r4, r5}\n\tpop {r5, r6}\n\tmov %0, sp\n\tmov sp, r12\n\t"
			 "mov %1, r5\n\tmov %2, r6"
			 : "+r"(b), "=r"(o1), "=r"(o2) : "r"(r1), "r"(r3) : "r4", "r5", "r6", "r12", "memory");
	expect_write(4, 0x50, r1); expect_write(4, 0x54, r3);
	expect_read(4, 0x50); expect_read(4, 0x54);
	show("push/pop", b, o1, o2);
	b = base + 0x58;
	uint32_t eight = 8, two = 2;
	__asm__ volatile("mov r2, %1\n\tmov r3, %2\n\tstrd r2, r3, [%0, #8]!"
			 : "+r"(b) : "r"(r1), "r"(r2) : "r2", "r3", "memory");
	expect_write(4, 0x60, r1); expect_write(4, 0x64, r2);
	show("strd-pre", b, 0, 0);
	__asm__ volatile("ldrd r4, r5, [%0], %3\n\tmov %1, r4\n\tmov %2, r5"
			 : "+r"(b), "=r"(o1), "=r"(o2) : "r"(eight) : "r4", "r5", "memory");
	expect_read(4, 0x60); expect_read(4, 0x64);
	show("ldrd-post-reg", b, o1, o2);
	__asm__ volatile("ldr %1, [%0, #4]!" : "+r"(b), "=r"(o1) : : "memory");
	expect_read(4, 0x6c);
	show("ldr-pre", b, o1, 0);
	b = base + 0x70;
	__asm__ volatile("str %1, [%0], %2, lsl #1" : "+r"(b) : "r"(r3), "r"(two) : "memory");
	expect_write(4, 0x70, r3);
	show("str-post-lsl", b, 0, 0);
	__asm__ volatile("strb %1, [%0], #1" : "+r"(b) : "r"(r2) : "memory");
	expect_write(1, 0x74, r2 & 0xff);
	__asm__ volatile("ldrsb %1, [%0, #-1]!" : "+r"(b), "=r"(o1) : : "memory");
	expect_read(1, 0x74);
	show("ldrsb-pre", b, o1, 0);
	b = base + 0x76;
	__asm__ volatile("strh %1, [%0], #2" : "+r"(b) : "r"(r2 >> 16) : "memory");
	expect_write(2, 0x76, r2 >> 16);
	__asm__ volatile("ldrsh %1, [%0, #-2]!" : "+r"(b), "=r"(o1) : : "memory");
	expect_read(2, 0x76);
	show("ldrsh-pre", b, o1, 0);
	b = base + 0x7a;
	__asm__ volatile("ldrh %1, [%0], -%2" : "+r"(b), "=r"(o1) : "r"(two) : "memory");
	expect_read(2, 0x7a);
	show("ldrh-post-neg", b, o1, 0);
	b = base + 0x100;
	__asm__ volatile("mov r4, #0\n\tcmp r4, #0\n\tldmeq %0, {r4}\n\tmov %1, r4"
			 : "+r"(b), "=r"(o1) : : "r4", "cc", "memory");
	expect_read(4, 0x100);
	show("ldmeq", b, o1, 0);

	/* VFP: CPACR cp10/cp11 full access, FPEXC.EN */
	__asm__ volatile("mrc p15, 0, r0, c1, c0, 2\n\torr r0, r0, #0xf00000\n\tmcr p15, 0, r0, c1, c0, 2\n\t"
			 "isb\n\tmov r0, #0x40000000\n\t.fpu vfpv3\n\tvmsr fpexc, r0" : : : "r0", "memory");
	uint32_t vout[8];
	b = base + 0x80;
	__asm__ volatile(".fpu vfpv3\n\tvldr d0, [%1]\n\t"
			 "vstr d0, [%0, #8]\n\t"
			 "vldr s2, [%0, #12]\n\t"
			 "vstr s2, [%2]\n\t"
			 : "+r"(b) : "r"(q_in), "r"(vout) : "memory");
	expect_write(4, 0x88, (uint32_t)q_in[0]); expect_write(4, 0x8c, (uint32_t)(q_in[0] >> 32));
	expect_read(4, 0x8c);
	b = base + 0x88;
	uintptr_t b2 = base + 0xb0;
	__asm__ volatile(".fpu vfpv3\n\tvldmia %0!, {s4-s6}\n\t"
			 "vstmdb %1!, {s4-s6}\n\t"
			 "vstmia %2, {s4-s6}\n\t"
			 : "+r"(b), "+r"(b2) : "r"(vout + 1) : "memory");
	expect_read(4, 0x88); expect_read(4, 0x8c); expect_read(4, 0x90);
	expect_write(4, 0xa4, (uint32_t)q_in[0]); expect_write(4, 0xa8, (uint32_t)(q_in[0] >> 32));
	expect_write(4, 0xac, shadow[0x90] | shadow[0x91] << 8 | shadow[0x92] << 16 | (uint32_t)shadow[0x93] << 24);
	show("vldr/vstr", b, vout[0], (uint64_t)vout[1] << 32 | vout[2]);
	show("vldm/vstmdb", b2, vout[3], 0);

	b = base + 0xc0;
	__asm__ volatile(".fpu vfpv3\n\tmov r12, sp\n\tmov sp, %0\n\tvpush {d2}\n\tvpop {s6-s7}\n\t"
			 "mov %0, sp\n\tmov sp, r12\n\tvmov %1, s6\n\tvmov %2, s7"
			 : "+r"(b), "=r"(o1), "=r"(o2) : : "r12", "memory");
	expect_write(4, 0xb8, vout[1]); expect_write(4, 0xbc, vout[2]);
	expect_read(4, 0xb8); expect_read(4, 0xbc);
	show("vpush/vpop", b, o1, o2);

	/* Thumb */
	uint32_t t[10];
	thumb_forms(base, t);
	expect_write(4, 0xc0, 0xa1a11111); expect_write(4, 0xc4, 0x52522222);
	expect_read(4, 0xc0); expect_read(4, 0xc4);
	expect_read(4, 0xc8); expect_read(4, 0xcc);
	expect_write(4, 0xc8, 0xa1a11111); expect_write(4, 0xcc, 0x52522222);
	expect_read(4, 0xd4);
	expect_write(2, 0xd4, 0x1111);
	expect_read(4, 0xd8); expect_read(4, 0xdc);
	expect_write(4, 0xe8, 0xa1a11111); expect_write(4, 0xec, 0x52522222);
	expect_read(4, 0xe8); expect_read(4, 0xec);
	expect_read(4, 0xec);
	for (unsigned i = 0; i < 10; i += 2)
		show("thumb", base, t[i], t[i + 1]);
}

#endif

void guest_main(void)
{
	if (fdt_contains_string("armvm,testdev")) {
		base = VIRT_ARMVM_TESTDEV_BASE;
		mmio_write32(VIRT_ARMVM_TESTDEV_BASE + TESTDEV_REG_LOG_RESET, 1);
	} else {
		base = (uintptr_t)ram_scratch;
	}
	/* A known pattern, with high bits set for the sign extensions */
	for (unsigned off = 0; off < WINDOW; off += 4) {
		uint32_t v = 0x9e3779b9u * (off / 4 + 1);
		mmio_write32(base + off, v);
		expect_write(4, off, v);
	}
	forms();
	printf("ldst: reads 1:%u 2:%u 4:%u 8:%u writes 1:%u 2:%u 4:%u 8:%u hash %016llx\n",
	       reads[0], reads[1], reads[2], reads[3],
	       writes[0], writes[1], writes[2], writes[3], (unsigned long long)hash);
	printf("ldst: %u mismatches\n", mismatches);
}
