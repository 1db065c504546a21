/*
 * kvmcheck: report what the lab's nested host offers through /dev/kvm, one
 * `key=value` a line, so lab tests can check the lab itself before any VMM
 * runs. Exit status 0 when /dev/kvm answers with the stable API version,
 * 1 otherwise (with a one-line reason on stderr).
 *
 * Keys: api, max_vcpus, el1_32bit (AArch32 guests), ipa_bits, vgic_v2,
 * vgic_v3 (whether an in-kernel vGIC of that kind can be created).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* KVM_GET_API_VERSION answers this on every kernel since 2.6.22. */
#define KVM_STABLE_API_VERSION 12

static int check_extension(int fd, long cap)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);
	return r < 0 ? 0 : r;
}

/* Ask the VM whether it could create a device of this type, without creating it. */
static int can_create_device(int vm_fd, unsigned int type)
{
	struct kvm_create_device dev = { .type = type, .flags = KVM_CREATE_DEVICE_TEST };
	return ioctl(vm_fd, KVM_CREATE_DEVICE, &dev) == 0;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/kvm";
	if (argc > 2) {
		fprintf(stderr, "usage: kvmcheck [/dev/kvm]\n");
		return 1;
	}
	int kvm = open(path, O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		fprintf(stderr, "kvmcheck: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	int api = ioctl(kvm, KVM_GET_API_VERSION, 0);
	printf("api=%d\n", api);
	if (api != KVM_STABLE_API_VERSION) {
		fprintf(stderr, "kvmcheck: KVM_GET_API_VERSION answered %d, expected %d\n",
			api, KVM_STABLE_API_VERSION);
		return 1;
	}
	printf("max_vcpus=%d\n", check_extension(kvm, KVM_CAP_MAX_VCPUS));
	printf("el1_32bit=%d\n", check_extension(kvm, KVM_CAP_ARM_EL1_32BIT));
	printf("ipa_bits=%d\n", check_extension(kvm, KVM_CAP_ARM_VM_IPA_SIZE));

	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		fprintf(stderr, "kvmcheck: KVM_CREATE_VM failed: %s\n", strerror(errno));
		return 1;
	}
	printf("vgic_v2=%d\n", can_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V2));
	printf("vgic_v3=%d\n", can_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V3));
	close(vm);
	close(kvm);
	return 0;
}
