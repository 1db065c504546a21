/* SPDX-License-Identifier: MIT */
/*
 * VM lifetime: open /dev/kvm, check what the host can do, create the VM,
 * its in-kernel GIC and its vCPUs, and tear it all down again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm/vm_internal.h"
#include "machine/memmap.h"

/* The only KVM API version there has ever been (api.rst, KVM_GET_API_VERSION). */
#define KVM_API_VERSION_STABLE 12

static int kvm_open(const char *path, int *out, struct armvm_error *err)
{
	if (!path)
		path = "/dev/kvm";
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == EACCES || e == EPERM)
			return armvm_fail(err, ARMVM_E_PERM,
					  "no permission to open %s (%s): run as a user "
					  "with access to it (group kvm)", path, strerror(e));
		return armvm_fail(err, ARMVM_E_NOKVM, "cannot open %s: %s%s", path,
				  strerror(e),
				  e == ENOENT ? " (is KVM enabled in this kernel?)" : "");
	}
	int version = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION_STABLE) {
		close(fd);
		if (version < 0)
			return armvm_fail(err, ARMVM_E_NOKVM,
					  "%s is not a KVM device: %s", path, strerror(errno));
		return armvm_fail(err, ARMVM_E_NOKVM,
				  "%s speaks KVM API version %d, armvm needs %d", path,
				  version, KVM_API_VERSION_STABLE);
	}
	*out = fd;
	return 0;
}

static int kvm_cap(int fd, long cap)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);
	return r < 0 ? 0 : r;
}

bool armvm_host_supports_aarch32(const char *kvm_path)
{
	int fd;
	if (kvm_open(kvm_path, &fd, NULL) < 0)
		return false;
	bool ok = kvm_cap(fd, KVM_CAP_ARM_EL1_32BIT) > 0;
	close(fd);
	return ok;
}

static int check_host(struct armvm_vm *vm, const struct armvm_vm_config *cfg,
		      const char *path, struct armvm_error *err)
{
	static const struct { long cap; const char *name; } needed[] = {
		{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
		{ KVM_CAP_ARM_PSCI_0_2, "KVM_CAP_ARM_PSCI_0_2" },
		{ KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
		{ KVM_CAP_ONE_REG, "KVM_CAP_ONE_REG" },
	};
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!kvm_cap(vm->kvm_fd, needed[i].cap))
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "the host's KVM lacks %s", needed[i].name);
	if (cfg->arch == ARMVM_ARCH_AARCH32 &&
	    !kvm_cap(vm->kvm_fd, KVM_CAP_ARM_EL1_32BIT))
		return armvm_fail(err, ARMVM_E_UNSUPPORTED,
				  "this host cannot run AArch32 guests: %s does not "
				  "offer KVM_CAP_ARM_EL1_32BIT (the CPU has no "
				  "AArch32 support at EL1)", path ? path : "/dev/kvm");
	return 0;
}

static int check_config(const struct armvm_vm_config *cfg,
			struct armvm_error *err)
{
	if (cfg->arch != ARMVM_ARCH_AARCH64 && cfg->arch != ARMVM_ARCH_AARCH32)
		return armvm_fail(err, ARMVM_E_INVAL, "unknown guest architecture %d",
				  (int)cfg->arch);
	if (cfg->nr_vcpus < 1 || cfg->nr_vcpus > ARMVM_MAX_VCPUS)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "vCPU count %u out of range 1..%d", cfg->nr_vcpus,
				  ARMVM_MAX_VCPUS);
	switch (cfg->gic) {
	case ARMVM_GIC_AUTO: case ARMVM_GIC_V2: case ARMVM_GIC_V3:
	case ARMVM_GIC_NONE:
		break;
	default:
		return armvm_fail(err, ARMVM_E_INVAL, "unknown GIC version %d",
				  (int)cfg->gic);
	}
	return 0;
}

static int create_vm_fd(struct armvm_vm *vm, struct armvm_error *err)
{
	int fd;
	/* KVM_CREATE_VM can fail with EINTR while the host is busy. */
	do
		fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno, "KVM_CREATE_VM");
	vm->vm_fd = fd;
	/* Have KVM report data aborts it cannot decode (no ISV) as an exit
	 * carrying the address, rather than a bare ENOSYS from KVM_RUN. */
	if (kvm_cap(fd, KVM_CAP_ARM_NISV_TO_USER)) {
		struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_NISV_TO_USER };
		ioctl(fd, KVM_ENABLE_CAP, &cap);
	}
	return 0;
}

static int create_vcpus(struct armvm_vm *vm, struct armvm_error *err)
{
	int max = kvm_cap(vm->vm_fd, KVM_CAP_MAX_VCPUS);
	if (max <= 0)
		max = kvm_cap(vm->vm_fd, KVM_CAP_NR_VCPUS);
	if (max > 0 && vm->nr_vcpus > (unsigned)max)
		return armvm_fail(err, ARMVM_E_UNSUPPORTED,
				  "%u vCPUs asked for, the host's KVM allows %d",
				  vm->nr_vcpus, max);

	struct kvm_vcpu_init init;
	memset(&init, 0, sizeof(init));
	if (ioctl(vm->vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return armvm_fail_errno(err, ARMVM_E_KVM, errno,
					"KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (vm->arch == ARMVM_ARCH_AARCH32)
		init.features[0] |= 1u << KVM_ARM_VCPU_EL1_32BIT;

	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct kvm_vcpu_init this = init;
		/* Secondaries wait for PSCI CPU_ON, handled in the host kernel. */
		if (i > 0)
			this.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
		int r = vcpu_create(vm, i, &this, err);
		if (r < 0)
			return r;
	}
	return 0;
}

int armvm_vm_create(const struct armvm_vm_config *cfg, struct armvm_vm **out,
		    struct armvm_error *err)
{
	if (!cfg || !out)
		return armvm_fail(err, ARMVM_E_INVAL, "NULL configuration or result");
	*out = NULL;
	int r = check_config(cfg, err);
	if (r < 0)
		return r;

	struct armvm_vm *vm = calloc(1, sizeof(*vm));
	if (!vm)
		return armvm_fail(err, ARMVM_E_NOMEM, "cannot allocate the VM");
	vm->kvm_fd = vm->vm_fd = vm->gic_fd = -1;
	for (unsigned i = 0; i < ARMVM_MAX_VCPUS; i++)
		vm->vcpus[i].fd = -1;
	vm->arch = cfg->arch;
	vm->nr_vcpus = cfg->nr_vcpus;
	vm->gic = ARMVM_GIC_NONE;
	vm->gic_dist_base = cfg->gic_dist_base ? cfg->gic_dist_base : VIRT_GIC_DIST_BASE;
	vm->gic_redist_base = cfg->gic_redist_base ? cfg->gic_redist_base
						   : VIRT_GIC_REDIST_BASE;
	vm->gic_cpu_base = cfg->gic_cpu_base ? cfg->gic_cpu_base : VIRT_GIC_CPU_BASE;

	if ((r = kvm_open(cfg->kvm_path, &vm->kvm_fd, err)) < 0 ||
	    (r = check_host(vm, cfg, cfg->kvm_path, err)) < 0 ||
	    (r = create_vm_fd(vm, err)) < 0)
		goto fail;
	/* The GIC goes in before the vCPUs (a GICv2 limits their number) and is
	 * initialised after them, before anything runs. */
	if (cfg->gic != ARMVM_GIC_NONE && (r = vgic_create(vm, cfg->gic, err)) < 0)
		goto fail;
	if ((r = create_vcpus(vm, err)) < 0)
		goto fail;
	if (vm->gic_fd >= 0 && (r = vgic_init(vm, err)) < 0)
		goto fail;
	kick_signal_install();
	*out = vm;
	return 0;
fail:
	armvm_vm_destroy(vm);
	return r;
}

void armvm_vm_destroy(struct armvm_vm *vm)
{
	if (!vm)
		return;
	for (unsigned i = 0; i < ARMVM_MAX_VCPUS; i++)
		vcpu_destroy(&vm->vcpus[i]);
	if (vm->gic_fd >= 0)
		close(vm->gic_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	/* Guest memory goes after the VM that maps it. */
	mem_unmap_all(vm);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	free(vm);
}

enum armvm_gic armvm_vm_gic(const struct armvm_vm *vm) { return vm->gic; }
unsigned armvm_vm_nr_vcpus(const struct armvm_vm *vm) { return vm->nr_vcpus; }
enum armvm_arch armvm_vm_arch(const struct armvm_vm *vm) { return vm->arch; }

void armvm_vm_stats(struct armvm_vm *vm, struct armvm_stats *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		const struct armvm_vcpu *v = &vm->vcpus[i];
		out->exits += v->exits;
		out->mmio_exits += v->mmio_exits;
		out->rom_writes_dropped += v->rom_writes_dropped;
	}
}
