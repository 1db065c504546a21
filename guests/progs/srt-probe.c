/* SPDX-License-Identifier: MIT */
/*
 * Which register an AArch32 MMIO access of a banked register reaches: the
 * Arm ARM says a data abort's ISS.SRT from AArch32 is the AArch64 view of
 * the register ("Mapping of the general-purpose registers between the
 * Execution states": LR_svc is X18, r8_fiq X24), and KVM relies on that.
 * In SVC mode the guest loads the test device's ID register into LR_svc
 * and, in FIQ mode, into r8_fiq, and stores each to the scratch window;
 * then it looks where the value went. Per access one line: "architectural"
 * (the banked register was used), "aarch32-number" (the User-mode register
 * of that number was: the hypervisor below got SRT as the AArch32 register
 * number, as QEMU's TCG reports it, docs/kvm-unit-tests.md) or "wrong".
 * Needs the test device (lab only; not an oracle guest). AArch64 has no
 * banked registers: it says so.
 */
#include "guest.h"
#include "dev/testdev.h"
#include "machine/memmap.h"

const char guest_name[] = "srt-probe";

#ifdef __arm__
#define ID_ADDR      (VIRT_ARMVM_TESTDEV_BASE + TESTDEV_REG_ID)
#define SCRATCH_ADDR (VIRT_ARMVM_TESTDEV_BASE)
#define MARK_BANKED  0x5ec0b001u   /* what the banked register holds */
#define MARK_USER    0x05e0a002u   /* what the User-mode register holds */

static void verdict(const char *what, uint32_t banked, uint32_t user, uint32_t want_b,
		    uint32_t want_u_arch, uint32_t want_b_num, uint32_t want_u_num)
{
	const char *v = "wrong";
	if (banked == want_b && user == want_u_arch)
		v = "architectural";
	else if (banked == want_b_num && user == want_u_num)
		v = "aarch32-number";
	printf("srt-probe: %s: %s (banked 0x%x, user 0x%x)\n", what, v,
	       (unsigned)banked, (unsigned)user);
}

/* ldr lr, [ID] in SVC mode: LR_svc should get the ID, LR_usr keep its mark. */
static void probe_ldr_lr(void)
{
	uint32_t svc, usr;
	__asm__ volatile(
		"cps #0x1f\n\tmov r2, lr\n\tmov lr, %[mu]\n\tcps #0x13\n\t"
		"mov lr, %[mb]\n\t"
		"ldr lr, [%[a]]\n\t"
		"mov %[s], lr\n\t"
		"cps #0x1f\n\tmov %[u], lr\n\tmov lr, r2\n\tcps #0x13\n\t"
		: [s] "=&r"(svc), [u] "=&r"(usr)
		: [a] "r"(ID_ADDR), [mb] "r"(MARK_BANKED), [mu] "r"(MARK_USER)
		: "r2", "lr", "memory");
	verdict("ldr lr_svc", svc, usr, TESTDEV_ID_VALUE, MARK_USER, MARK_BANKED,
		TESTDEV_ID_VALUE);
}

/* str lr, [scratch] in SVC mode: the device should get LR_svc. */
static void probe_str_lr(void)
{
	uint32_t got;
	__asm__ volatile(
		"cps #0x1f\n\tmov r2, lr\n\tmov lr, %[mu]\n\tcps #0x13\n\t"
		"mov lr, %[mb]\n\t"
		"str lr, [%[a]]\n\t"
		"cps #0x1f\n\tmov lr, r2\n\tcps #0x13\n\t"
		:
		: [a] "r"(SCRATCH_ADDR), [mb] "r"(MARK_BANKED), [mu] "r"(MARK_USER)
		: "r2", "lr", "memory");
	got = mmio_read32(SCRATCH_ADDR);
	verdict("str lr_svc", got == MARK_BANKED ? MARK_BANKED : 0,
		got == MARK_USER ? MARK_USER : 0, MARK_BANKED, 0, 0, MARK_USER);
}

/* ldr r8, [ID] in FIQ mode: r8_fiq should get the ID, r8_usr keep its mark. */
static void probe_ldr_r8_fiq(void)
{
	uint32_t fiq, usr;
	__asm__ volatile(
		"mov r8, %[mu]\n\t"
		"cps #0x11\n\tmov r8, %[mb]\n\t"
		"ldr r8, [%[a]]\n\t"
		"mov %[f], r8\n\tcps #0x13\n\t"
		"mov %[u], r8\n\t"
		: [f] "=&r"(fiq), [u] "=&r"(usr)
		: [a] "r"(ID_ADDR), [mb] "r"(MARK_BANKED), [mu] "r"(MARK_USER)
		: "r8", "memory");
	verdict("ldr r8_fiq", fiq, usr, TESTDEV_ID_VALUE, MARK_USER, MARK_BANKED,
		TESTDEV_ID_VALUE);
}

/* str r8, [scratch] in FIQ mode: the device should get r8_fiq. */
static void probe_str_r8_fiq(void)
{
	uint32_t got;
	__asm__ volatile(
		"mov r8, %[mu]\n\t"
		"cps #0x11\n\tmov r8, %[mb]\n\t"
		"str r8, [%[a]]\n\t"
		"cps #0x13\n\t"
		:
		: [a] "r"(SCRATCH_ADDR), [mb] "r"(MARK_BANKED), [mu] "r"(MARK_USER)
		: "r8", "memory");
	got = mmio_read32(SCRATCH_ADDR);
	verdict("str r8_fiq", got == MARK_BANKED ? MARK_BANKED : 0,
		got == MARK_USER ? MARK_USER : 0, MARK_BANKED, 0, 0, MARK_USER);
}

void guest_main(void)
{
	/* IRQs and FIQs stay masked: FIQ mode is only borrowed for its r8. */
	__asm__ volatile("cpsid if" ::: "memory");
	probe_ldr_lr();
	probe_str_lr();
	probe_ldr_r8_fiq();
	probe_str_r8_fiq();
}
#else
void guest_main(void)
{
	printf("srt-probe: %s has no banked registers\n", ARCH_NAME);
}
#endif
