/* SPDX-License-Identifier: MIT */
/*
 * The floor for the hosted engine's MMIO benchmark: the least a VMM can do
 * to run the mmio-bench guest on KVM. One vCPU, RAM, the guest and its
 * device tree loaded with the shared platform code, no GIC, no device
 * models: on every MMIO exit it prints UART data bytes, answers reads with
 * 0 (so the UART never looks busy) and calls KVM_RUN again. It ends on the
 * guest's PSCI SYSTEM_OFF. Compare its instructions per exit with armvm's.
 *
 * With --gic it also creates the in-kernel GIC armvm has by default (v3,
 * else v2, at the virt addresses), whose state KVM switches on every entry
 * and exit: that floor isolates what the VMM itself adds. Without it the
 * device tree describes no GIC, as `armvm run --gic none` does.
 *
 *   kvm-floor [--aarch32] [--gic] <guest.elf>
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "dev/dev_registry.h"
#include "machine/fdt_build.h"
#include "machine/loader.h"
#include "machine/memmap.h"

#define RAM_SIZE (128ULL << 20)

static void die(const char *what)
{
	fprintf(stderr, "kvm-floor: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void set_core(int vcpu, uint64_t off, uint64_t val)
{
	struct kvm_one_reg r = {
		.id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | off,
		.addr = (uint64_t)(uintptr_t)&val,
	};
	if (ioctl(vcpu, KVM_SET_ONE_REG, &r) < 0)
		die("KVM_SET_ONE_REG");
}

static void *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		die(path);
	void *buf = malloc((size_t)st.st_size);
	if (!buf || read(fd, buf, (size_t)st.st_size) != st.st_size)
		die(path);
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

static int gic_attr(int fd, uint32_t group, uint64_t attr, void *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr,
				     .addr = (uint64_t)(uintptr_t)val };
	return ioctl(fd, KVM_SET_DEVICE_ATTR, &a);
}

/* An in-kernel GICv3 (else v2) at the virt addresses; before the vCPU. */
static int gic_create(int vm, unsigned *version)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	uint64_t dist = VIRT_GIC_DIST_BASE, redist = VIRT_GIC_REDIST_BASE,
		 cpu = VIRT_GIC_CPU_BASE;
	*version = 3;
	if (ioctl(vm, KVM_CREATE_DEVICE, &cd) < 0) {
		cd.type = KVM_DEV_TYPE_ARM_VGIC_V2;
		*version = 2;
		if (ioctl(vm, KVM_CREATE_DEVICE, &cd) < 0)
			die("KVM_CREATE_DEVICE vGIC");
	}
	int r = *version == 3
		? gic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist) |
		  gic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist)
		: gic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, &dist) |
		  gic_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, &cpu);
	if (r < 0)
		die("placing the vGIC");
	return cd.fd;
}

int main(int argc, char **argv)
{
	int aarch32 = 0, gic = 0, a = 1;
	for (; a < argc - 1; a++) {
		if (!strcmp(argv[a], "--aarch32"))
			aarch32 = 1;
		else if (!strcmp(argv[a], "--gic"))
			gic = 1;
		else
			break;
	}
	if (a != argc - 1) {
		fprintf(stderr, "usage: kvm-floor [--aarch32] [--gic] <guest.elf>\n");
		return 2;
	}
	enum machine_arch arch = aarch32 ? MACHINE_ARCH_AARCH32 : MACHINE_ARCH_AARCH64;
	size_t len;
	void *file = read_file(argv[a], &len);

	int kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		die("/dev/kvm");
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM");
	void *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED)
		die("mmap");
	struct kvm_userspace_memory_region slot = {
		.guest_phys_addr = VIRT_RAM_BASE, .memory_size = RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)ram,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		die("KVM_SET_USER_MEMORY_REGION");

	/* The guest and a device tree naming the test device. */
	struct guest_ram gram = { VIRT_RAM_BASE, RAM_SIZE, ram };
	struct loader_image img;
	char err[200];
	if (loader_load_elf(&gram, arch, file, len, &img, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvm-floor: %s\n", err);
		return 1;
	}
	/* The tree describes the GIC the VM really has: none without --gic. */
	struct machine_desc m;
	machine_desc_default(&m, arch);
	m.ram_size = RAM_SIZE;
	board_add_virt(&m.board, BOARD_DEV_TESTDEV);
	m.gic_version = 0;
	int gic_fd = gic ? gic_create(vm, &m.gic_version) : -1;
	static uint8_t dtb[FDT_BUILD_DEFAULT_SIZE];
	int dtb_size = fdt_build(&m, dev_fdt_node, dtb, sizeof(dtb), err, sizeof(err));
	if (dtb_size < 0) {
		fprintf(stderr, "kvm-floor: %s\n", err);
		return 1;
	}
	memcpy(ram, dtb, (size_t)dtb_size);   /* at the RAM base, as QEMU does */

	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU");
	struct kvm_vcpu_init init;
	if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		die("KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (aarch32)
		init.features[0] |= 1u << KVM_ARM_VCPU_EL1_32BIT;
	if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
		die("KVM_ARM_VCPU_INIT");
	if (gic_fd >= 0 && gic_attr(gic_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
				    KVM_DEV_ARM_VGIC_CTRL_INIT, NULL) < 0)
		die("vGIC init");
	struct boot_regs br;
	loader_boot_regs(arch, &img, VIRT_RAM_BASE, &br);
	set_core(vcpu, KVM_REG_ARM_CORE_REG(regs.pstate), br.pstate);
	set_core(vcpu, KVM_REG_ARM_CORE_REG(regs.pc), br.pc);
	for (int i = 0; i < 4; i++)
		set_core(vcpu, KVM_REG_ARM_CORE_REG(regs.regs[i]), br.r[i]);

	int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE,
				   MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap kvm_run");

	unsigned long exits = 0;
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		exits++;
		if (run->exit_reason == KVM_EXIT_MMIO) {
			if (!run->mmio.is_write)
				memset(run->mmio.data, 0, sizeof(run->mmio.data));
			else if (run->mmio.phys_addr == VIRT_UART_BASE)
				putchar(run->mmio.data[0]);
			continue;
		}
		if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT)
			break;
		fprintf(stderr, "kvm-floor: unexpected exit %u\n", run->exit_reason);
		return 1;
	}
	fflush(stdout);
	fprintf(stderr, "kvm-floor: %lu exits\n", exits);
	return 0;
}
