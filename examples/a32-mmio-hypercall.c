/* SPDX-License-Identifier: MIT */
/*
 * The smallest AArch32-on-arm64 program with libarmvm: twelve ARM
 * instructions in guest RAM read an MMIO register, add 2, write the result
 * back, ask the host to double it with a hypercall and report the answer.
 *
 *   example-a32-mmio-hypercall
 *
 * The hypercall needs a host kernel whose KVM can hand SMCCC calls to user
 * space (Linux 6.4 or later); on an older one armvm_set_hypercall_handler()
 * says so (ARMVM_E_UNSUPPORTED) and the guest's call returns NOT_SUPPORTED.
 */
#include <stdio.h>
#include <string.h>

#include "armvm/armvm.h"

#define RAM   0x40000000u
#define REG   0x0a000000u     /* one 32-bit MMIO register */

static const uint32_t guest[] = {
	0xe3004000, /* movw r4, #0                                   */
	0xe3404a00, /* movt r4, #0x0a00     r4 = the MMIO register    */
	0xe5941000, /* ldr  r1, [r4]        read it (the host says 40) */
	0xe2811002, /* add  r1, r1, #2                                */
	0xe5841000, /* str  r1, [r4]        tell the host              */
	0xe3000001, /* movw r0, #1                                   */
	0xe3480300, /* movt r0, #0x8300     SMCCC OEM call 0x83000001  */
	0xe1400070, /* hvc  #0              r1 = the argument, r0 = answer */
	0xe5840000, /* str  r0, [r4]        report the answer          */
	0xe3000008, /* movw r0, #8                                   */
	0xe3480400, /* movt r0, #0x8400     PSCI SYSTEM_OFF            */
	0xe1400070, /* hvc  #0                                       */
};

static uint64_t reg_read(void *opaque, uint64_t off, unsigned size, unsigned vcpu)
{
	(void)opaque; (void)off; (void)size; (void)vcpu;
	return 40;
}

static void reg_write(void *opaque, uint64_t off, unsigned size, uint64_t value,
		      unsigned vcpu)
{
	unsigned *writes = opaque;
	(void)off; (void)size; (void)vcpu;
	printf(++*writes == 1 ? "guest computed %llu\n" : "hypercall answered %llu\n",
	       (unsigned long long)value);
}

/* Runs on the vCPU's thread: x0-x3 / r0-r3 in, r0-r3 out. */
static void hypercall(void *opaque, unsigned vcpu, struct armvm_hypercall *call)
{
	(void)opaque; (void)vcpu;
	if (call->function == 0x83000001)
		call->ret[0] = call->args[1] * 2;
}

int main(void)
{
	struct armvm_vm_config cfg = { .arch = ARMVM_ARCH_AARCH32, .nr_vcpus = 1 };
	const struct armvm_mmio_ops ops = { reg_read, reg_write };
	struct armvm_error err;
	struct armvm_exit ex;
	struct armvm_vm *vm;
	unsigned writes = 0;
	void *ram;

	printf("libarmvm %s\n", armvm_version());
	if (armvm_vm_create(&cfg, &vm, &err) < 0) {
		fprintf(stderr, "example: %s\n", err.msg);
		return 1;
	}
	if (armvm_map_ram(vm, RAM, 0x10000, &ram, &err) < 0 ||
	    armvm_add_mmio(vm, REG, 4, &ops, &writes, &err) < 0 ||
	    armvm_reg_set(armvm_vcpu_get(vm, 0), ARMVM_REG_R15, RAM, &err) < 0)
		goto fail;
	memcpy(ram, guest, sizeof(guest));
	if (armvm_set_hypercall_handler(vm, hypercall, NULL, &err) < 0) {
		if (err.code != ARMVM_E_UNSUPPORTED)
			goto fail;
		printf("hypercalls: not on this host (%s)\n", err.msg);
	}
	if (armvm_vm_run(vm, &ex, &err) < 0)
		goto fail;
	printf("guest %s\n", ex.reason == ARMVM_EXIT_POWEROFF ? "powered off" : ex.detail);
	armvm_vm_destroy(vm);
	return ex.reason == ARMVM_EXIT_POWEROFF ? 0 : 1;
fail:
	fprintf(stderr, "example: %s\n", err.msg);
	armvm_vm_destroy(vm);
	return 1;
}
