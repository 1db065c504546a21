/* SPDX-License-Identifier: MIT */
/*
 * VM lifetime: open /dev/kvm, check what the host can do (caps.c), create
 * the VM, its in-kernel GIC (vgic.c) and its vCPUs (vcpu.c), and tear it
 * all down again; the VM's read-only accessors and counters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm/vm_internal.h"
#include "machine/memmap.h"

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
	if ((unsigned)cfg->pmu > ARMVM_FEATURE_ON || (unsigned)cfg->its > ARMVM_FEATURE_ON)
		return armvm_fail(err, ARMVM_E_INVAL, "unknown PMU or ITS setting %d/%d",
				  (int)cfg->pmu, (int)cfg->its);
	if (cfg->gic == ARMVM_GIC_NONE && cfg->pmu == ARMVM_FEATURE_ON)
		return armvm_fail(err, ARMVM_E_INVAL,
				  "a PMU needs a GIC for its interrupt");
	if ((cfg->gic == ARMVM_GIC_NONE || cfg->gic == ARMVM_GIC_V2) &&
	    cfg->its == ARMVM_FEATURE_ON)
		return armvm_fail(err, ARMVM_E_INVAL, "an ITS needs a GICv3");
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
	vm->kvm_fd = vm->vm_fd = vm->gic_fd = vm->its_fd = -1;
	vm->want_pmu = cfg->pmu;
	vm->want_its = cfg->its;
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
	    (r = memory_map_init(vm, err)) < 0 ||
	    (r = kvm_check_caps(vm->kvm_fd, cfg->arch, cfg->kvm_path, err)) < 0 ||
	    (r = create_vm_fd(vm, err)) < 0)
		goto fail;
	/* The GIC goes in before the vCPUs (a GICv2 limits their number) and is
	 * initialised after them, before anything runs. */
	if (cfg->gic != ARMVM_GIC_NONE && (r = vgic_create(vm, cfg->gic, err)) < 0)
		goto fail;
	if ((r = vgic_its_create(vm, err)) < 0 || (r = pmu_decide(vm, err)) < 0 ||
	    (r = vcpus_create(vm, err)) < 0)
		goto fail;
	/* The PMU's interrupt is a PPI of the initialised GIC (KVM
	 * devices/vcpu.rst: KVM_ARM_VCPU_PMU_V3_INIT after the vGIC's). */
	if (vm->gic_fd >= 0 &&
	    ((r = vgic_init(vm, err)) < 0 || (r = vgic_its_init(vm, err)) < 0 ||
	     (r = pmu_init(vm, err)) < 0))
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
	if (vm->its_fd >= 0)
		close(vm->its_fd);
	if (vm->gic_fd >= 0)
		close(vm->gic_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	/* Guest memory goes after the VM that maps it. */
	memory_map_destroy(vm);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	free(vm);
}

#define ARMVM_STR_(x) #x
#define ARMVM_STR(x) ARMVM_STR_(x)
const char *armvm_version(void)
{
	return ARMVM_STR(ARMVM_VERSION_MAJOR) "." ARMVM_STR(ARMVM_VERSION_MINOR);
}

enum armvm_gic armvm_vm_gic(const struct armvm_vm *vm) { return vm->gic; }
unsigned armvm_vm_nr_vcpus(const struct armvm_vm *vm) { return vm->nr_vcpus; }
enum armvm_arch armvm_vm_arch(const struct armvm_vm *vm) { return vm->arch; }
bool armvm_vm_has_pmu(const struct armvm_vm *vm) { return vm->pmu; }
bool armvm_vm_has_its(const struct armvm_vm *vm) { return vm->its_fd >= 0; }

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
