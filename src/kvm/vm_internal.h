/* SPDX-License-Identifier: MIT */
/*
 * State shared by the files of the hosted engine. Nothing here is public:
 * embedders see only include/armvm/armvm.h.
 *
 * Threading model: the VM's configuration (memory regions, MMIO regions)
 * is frozen when the first vCPU enters KVM_RUN, so the exit path reads it
 * without locks. Counters are per vCPU, written only by the vCPU's own
 * thread and summed on demand.
 *
 * The files, each one concern, calling only down this list:
 *   vm.c            VM lifetime: create (host checks, GIC, vCPUs), destroy
 *   vm_run.c        running a whole VM, one thread per vCPU
 *   vcpu_run.c      the vCPU run loop around KVM_RUN
 *   handle_exit.h/c KVM exits, each handler returning an exit_action
 *                   (the MMIO exit inline in the .h: the hot path)
 *   vm_stop.c       stopping from any thread: stop flags, kick signal
 *   vcpu.c          vCPU creation (target, features, kvm_run page)
 *   regs.c          guest registers <-> KVM core registers
 *   vgic.c          the in-kernel GIC (KVM's vGIC device)
 *   irq.c           SPI lines, irqfd, ioeventfd
 *   memslots.c      RAM and ROM memory slots
 *   mmio_regions.c  the MMIO region table the exit path searches
 *   address_map.c   no two regions (or the GIC) overlap
 *   caps.c          /dev/kvm, API version, capabilities
 *   error.c         filling struct armvm_error
 */
#ifndef ARMVM_KVM_VM_INTERNAL_H
#define ARMVM_KVM_VM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/kvm.h>

#include "armvm/armvm.h"

#define ARMVM_MAX_MEM_REGIONS  32
#define ARMVM_MAX_MMIO_REGIONS 64

enum mem_kind { MEM_RAM, MEM_ROM };

struct mem_region {
	uint64_t gpa;
	uint64_t size;
	void *host;
	enum mem_kind kind;
	unsigned slot;
};

struct mmio_handler {
	uint64_t gpa;
	uint64_t size;
	const struct armvm_mmio_ops *ops;
	void *opaque;
};

struct armvm_vcpu {
	struct armvm_vm *vm;
	unsigned index;
	int fd;
	struct kvm_run *run;        /* shared page(s) mmap'd from the vcpu fd */
	size_t run_size;
	/* Set by armvm_vm_stop(), consumed when the vCPU returns STOPPED. */
	atomic_bool stop;
	/* The thread inside armvm_vcpu_run, valid while `running` is true, and
	 * its kernel thread id for the kick signal (0 when not kickable). */
	pthread_t thread;
	atomic_bool running;
	_Atomic pid_t kick_tid;
	/* The MMIO region this vCPU's last MMIO exit hit (exit path cache). */
	const struct mmio_handler *last_mmio;
	/* Counters, written only by this vCPU's thread. */
	uint64_t exits;
	uint64_t mmio_exits;
	uint64_t rom_writes_dropped;
};

struct armvm_vm {
	int kvm_fd;
	int vm_fd;
	int gic_fd;                 /* -1 without an in-kernel GIC */
	enum armvm_arch arch;
	enum armvm_gic gic;
	unsigned nr_vcpus;
	uint64_t gic_dist_base, gic_redist_base, gic_cpu_base;
	/* Set once any vCPU has entered KVM_RUN; freezes the region tables. */
	atomic_bool started;

	struct mem_region mem[ARMVM_MAX_MEM_REGIONS];
	unsigned nr_mem;
	/* Sorted by gpa, non-overlapping: the MMIO exit path searches it
	 * (mmio_find in handle_exit.h). */
	struct mmio_handler mmio[ARMVM_MAX_MMIO_REGIONS];
	unsigned nr_mmio;

	struct armvm_vcpu vcpus[ARMVM_MAX_VCPUS];

	/* vm_log.c: where messages about a surviving guest go (or NULL) */
	armvm_log_fn log;
	void *log_opaque;
};

/* error.c */
int armvm_fail(struct armvm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Map an errno from a KVM ioctl onto an error code and message. */
int armvm_fail_errno(struct armvm_error *err, int code, int errnum,
		     const char *what);

/* caps.c: /dev/kvm and what the host's KVM can do. */
int kvm_open(const char *path, int *out, struct armvm_error *err);
/* KVM_CHECK_EXTENSION on a /dev/kvm or VM fd; 0 when absent. */
int kvm_cap(int fd, long cap);
/* Everything a VM of this architecture needs from the host's KVM. */
int kvm_check_caps(int kvm_fd, enum armvm_arch arch, const char *path,
		   struct armvm_error *err);

/* vgic.c: create before the vCPUs, initialise after them. */
int vgic_create(struct armvm_vm *vm, enum armvm_gic want,
		struct armvm_error *err);
int vgic_init(struct armvm_vm *vm, struct armvm_error *err);
/* Number of SPIs the in-kernel GIC is given. */
unsigned vgic_nr_spis(void);

/* vcpu.c: create all of the VM's vCPUs (vCPU 0 on, the others off). */
int vcpus_create(struct armvm_vm *vm, struct armvm_error *err);
void vcpu_destroy(struct armvm_vcpu *vcpu);

/* memslots.c: the RAM or ROM slot holding [gpa, gpa+len), or NULL. */
const struct mem_region *mem_find(const struct armvm_vm *vm, uint64_t gpa,
				  uint64_t len);
void mem_unmap_all(struct armvm_vm *vm);

/* address_map.c: true when [gpa, gpa+size) overlaps any RAM, ROM or MMIO
 * region or the GIC. */
bool vm_range_in_use(const struct armvm_vm *vm, uint64_t gpa, uint64_t size);

/* vm_log.c: one message to the embedder's log function, if any. */
void vm_log(const struct armvm_vm *vm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* vm_stop.c: install the no-op ARMVM_KICK_SIGNAL handler (once). */
void kick_signal_install(void);

#endif
