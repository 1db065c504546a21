/* SPDX-License-Identifier: MIT */
/*
 * The host's KVM: opening /dev/kvm, its API version, and the capabilities
 * armvm needs (api.rst, KVM_CHECK_EXTENSION).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm/vm_internal.h"

/* The only KVM API version there has ever been (api.rst, KVM_GET_API_VERSION). */
#define KVM_API_VERSION_STABLE 12

int kvm_open(const char *path, int *out, struct armvm_error *err)
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

int kvm_cap(int fd, long cap)
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

int kvm_check_caps(int kvm_fd, enum armvm_arch arch, const char *path,
		   struct armvm_error *err)
{
	static const struct { long cap; const char *name; } needed[] = {
		{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
		{ KVM_CAP_ARM_PSCI_0_2, "KVM_CAP_ARM_PSCI_0_2" },
		{ KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
		{ KVM_CAP_ONE_REG, "KVM_CAP_ONE_REG" },
	};
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!kvm_cap(kvm_fd, needed[i].cap))
			return armvm_fail(err, ARMVM_E_UNSUPPORTED,
					  "the host's KVM lacks %s", needed[i].name);
	if (arch == ARMVM_ARCH_AARCH32 && !kvm_cap(kvm_fd, KVM_CAP_ARM_EL1_32BIT))
		return armvm_fail(err, ARMVM_E_UNSUPPORTED,
				  "this host cannot run AArch32 guests: %s does not "
				  "offer KVM_CAP_ARM_EL1_32BIT (the CPU has no "
				  "AArch32 support at EL1)", path ? path : "/dev/kvm");
	return 0;
}
