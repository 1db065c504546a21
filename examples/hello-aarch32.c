/* SPDX-License-Identifier: MIT */
/*
 * hello-aarch32: the smallest useful libarmvm program. A 32-bit ARM guest of
 * ten instructions reads N from an emulated device register, adds N + ... + 1
 * and writes the sum to another register of the device; this program serves
 * that device with armvm_add_mmio() and prints what the guest computed.
 *
 * Build it against an installed libarmvm (on an arm64 host, or cross):
 *
 *     cc -o hello-aarch32 hello-aarch32.c $(pkg-config --cflags --libs armvm)
 *     cc -static -o hello-aarch32 hello-aarch32.c \
 *         $(pkg-config --static --cflags --libs armvm)
 *
 * Run it on a Linux arm64 host with /dev/kvm whose CPUs run AArch32 at EL1:
 *
 *     ./hello-aarch32 [N]      ->  hello-aarch32: the guest says 1 + ... + 10 = 55
 */
#include <armvm/armvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE  0x40000000u
#define RAM_SIZE  (2u << 20)
#define DEV_BASE  0x0a000000u   /* the device: +0 N (read), +4 result (write) */
#define DEV_SIZE  0x1000u

/* The guest, A32 encodings (r12 holds DEV_BASE when it starts). */
static const uint32_t guest[] = {
	0xe59c1000, /*    ldr  r1, [r12]      N from the device            */
	0xe3a02000, /*    mov  r2, #0                                        */
	0xe0822001, /* 1: add  r2, r2, r1                                    */
	0xe2511001, /*    subs r1, r1, #1                                    */
	0x1afffffc, /*    bne  1b                                            */
	0xe58c2004, /*    str  r2, [r12, #4]  the sum to the device          */
	0xe3000008, /*    movw r0, #0x0008    PSCI SYSTEM_OFF = 0x84000008   */
	0xe3480400, /*    movt r0, #0x8400                                   */
	0xe1400070, /*    hvc  #0             power off                      */
	0xeafffffe, /*    b    .                                             */
};

struct device {
	uint32_t n;          /* what the guest reads at +0 */
	uint32_t result;     /* what it wrote at +4 */
	int written;
};

static uint64_t dev_read(void *opaque, uint64_t offset, unsigned size, unsigned vcpu)
{
	struct device *d = opaque;
	(void)size; (void)vcpu;
	return offset == 0 ? d->n : 0;
}

static void dev_write(void *opaque, uint64_t offset, unsigned size, uint64_t value,
		      unsigned vcpu)
{
	struct device *d = opaque;
	(void)size; (void)vcpu;
	if (offset == 4) {
		d->result = (uint32_t)value;
		d->written = 1;
	}
}

static const struct armvm_mmio_ops dev_ops = { .read = dev_read, .write = dev_write };

int main(int argc, char **argv)
{
	struct device dev = { .n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 10 };
	struct armvm_vm_config cfg = {
		.arch = ARMVM_ARCH_AARCH32, .nr_vcpus = 1, .gic = ARMVM_GIC_NONE,
	};
	struct armvm_error err = { 0 };
	struct armvm_exit ex;
	struct armvm_vm *vm = NULL;
	struct armvm_vcpu *cpu;
	void *ram;

	if (dev.n == 0 || dev.n > 65535) {
		fprintf(stderr, "hello-aarch32: N must be 1..65535\n");
		return 2;
	}
	if (!armvm_host_supports_aarch32(NULL)) {
		fprintf(stderr, "hello-aarch32: this host cannot run AArch32 guests "
			"(no /dev/kvm, or no KVM_CAP_ARM_EL1_32BIT)\n");
		return 2;
	}
	if (armvm_vm_create(&cfg, &vm, &err) < 0 ||
	    armvm_map_ram(vm, RAM_BASE, RAM_SIZE, &ram, &err) < 0 ||
	    armvm_add_mmio(vm, DEV_BASE, DEV_SIZE, &dev_ops, &dev, &err) < 0)
		goto fail;
	memcpy(ram, guest, sizeof(guest));
	cpu = armvm_vcpu_get(vm, 0);
	if (armvm_reg_set(cpu, ARMVM_REG_R15, RAM_BASE, &err) < 0 ||
	    armvm_reg_set(cpu, ARMVM_REG_R0 + 12, DEV_BASE, &err) < 0 ||
	    armvm_vm_run(vm, &ex, &err) < 0)
		goto fail;

	if (ex.reason != ARMVM_EXIT_POWEROFF || !dev.written) {
		fprintf(stderr, "hello-aarch32: the guest stopped without an answer "
			"(exit %d%s%s)\n", (int)ex.reason, ex.detail[0] ? ": " : "", ex.detail);
		armvm_vm_destroy(vm);
		return 1;
	}
	printf("hello-aarch32: the guest says 1 + ... + %u = %u\n", dev.n, dev.result);
	armvm_vm_destroy(vm);
	return dev.result == dev.n * (dev.n + 1) / 2 ? 0 : 1;

fail:
	fprintf(stderr, "hello-aarch32: %s\n", err.msg);
	armvm_vm_destroy(vm);
	return 1;
}
