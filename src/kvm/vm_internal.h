/* SPDX-License-Identifier: MIT */
/*
 * State shared by the files of the hosted engine. Nothing here is public:
 * embedders see only include/armvm/armvm.h.
 *
 * Threading model: the memory map (RAM, ROM and MMIO regions) is an
 * immutable struct region_table, published through vm->table and replaced
 * whole by a change (memory_map.c). Each vCPU keeps its own pointer to the
 * table it uses, taken at a safe point: a change brings every running vCPU
 * out of KVM_RUN to one (safe_point.c), publishes the new table, lets them
 * go, and only then frees the old one. So the exit path reads the table
 * without locks, atomics or allocation. Counters are per vCPU, written only
 * by the vCPU's own thread and summed on demand.
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
 *   memslots.c      RAM and ROM regions: KVM memory slots
 *   mmio_regions.c  MMIO regions served by callbacks
 *   region_move.c   removing and moving regions
 *   memory_map.c    the published region table: copy, change, publish
 *   safe_point.c    bringing running vCPUs to a safe point for a change,
 *                   and parking them there while the VM is paused
 *   vm_pause.c      armvm_vm_pause / armvm_vm_resume
 *   state_blob.c    the saved-state blob's container (no KVM: unit-tested)
 *   vcpu_state.c    a vCPU's saved state: KVM_GET_REG_LIST, MP state, events
 *   vgic_state.c    the in-kernel vGIC's saved state (v2, v3, ITS)
 *   vm_state.c      armvm_vm_state_save/load: the blob of the whole VM
 *   sysregs.c       EL1 system registers by name (AArch64 and CP15 names)
 *   power_state.c   a vCPU's PSCI power state (KVM MP state)
 *   dirty_log.c     pages the guest wrote (KVM_GET_DIRTY_LOG)
 *   hypercall.c     HVC/SMC calls routed to the embedder (SMCCC filter)
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

enum mem_kind { MEM_RAM, MEM_ROM };

struct mem_region {
	uint64_t gpa;
	uint64_t size;
	void *host;
	enum mem_kind kind;         /* ROM: a read-only slot (KVM_MEM_READONLY) */
	unsigned slot;
	uint32_t kvm_flags;         /* the slot's KVM_MEM_* flags */
	bool owned;                 /* host memory the library mmap'd */
	armvm_mem_write_fn on_write;/* read-only: guest writes reported here */
	void *opaque;
};

struct mmio_handler {
	uint64_t gpa;
	uint64_t size;
	const struct armvm_mmio_ops *ops;
	void *opaque;
};

/*
 * One version of the memory map, never changed once published: both arrays
 * sorted by gpa. The MMIO exit path searches it (mmio_find in handle_exit.h).
 */
struct region_table {
	unsigned nr_mem, nr_mmio;
	struct mem_region *mem;
	struct mmio_handler *mmio;
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
	/* The region table this vCPU uses, refreshed at each safe point, and
	 * the MMIO region of it its last MMIO exit hit (exit path cache). */
	const struct region_table *table;
	const struct mmio_handler *last_mmio;
	/* Inside the run loop (a map change waits for it); parked at a safe
	 * point (under vm->park_lock). */
	atomic_bool in_loop;
	bool parked;
	/* Parked at its run loop's safe point (not inside a callback): what
	 * armvm_vm_pause waits for. Under vm->park_lock. */
	bool loop_parked;
	/* Counters, written only by this vCPU's thread. */
	uint64_t exits;
	uint64_t mmio_exits;
	uint64_t rom_writes_dropped;
};

struct armvm_vm {
	int kvm_fd;
	int vm_fd;
	int gic_fd;                 /* -1 without an in-kernel GIC */
	int its_fd;                 /* -1 without an ITS */
	enum armvm_feature want_pmu, want_its;
	bool pmu;                   /* every vCPU has a PMUv3 */
	enum armvm_arch arch;
	enum armvm_gic gic;
	unsigned nr_vcpus;
	uint64_t gic_dist_base, gic_redist_base, gic_cpu_base;
	/* Set once any vCPU has entered KVM_RUN. */
	atomic_bool started;

	/* The current memory map (memory_map.c); changed under map_lock. */
	_Atomic(struct region_table *) table;
	pthread_mutex_t map_lock;
	/* Threads inside armvm_gpa_to_host: an old table is freed only when
	 * none is left. */
	atomic_uint table_readers;
	unsigned max_slots;         /* KVM_CAP_NR_MEMSLOTS */
	/* A map change in progress: running vCPUs park (safe_point.c). */
	atomic_bool pause;
	pthread_mutex_t park_lock;
	pthread_cond_t park_cond;
	/* armvm_vm_pause: vCPUs stay parked at their loop's safe point until
	 * armvm_vm_resume (safe_point.c). */
	atomic_bool paused;
	/* Hypercalls routed to the embedder (hypercall.c), or NULL. */
	armvm_hypercall_fn hypercall;
	void *hypercall_opaque;

	struct armvm_vcpu vcpus[ARMVM_MAX_VCPUS];

	/* armvm_vm_set_thread_start: run first on armvm_vm_run's threads. */
	void (*thread_start)(void *ctx, unsigned vcpu);
	void *thread_start_ctx;
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
/* vgic_its.c: the ITS, created with a GICv3 when wanted and offered,
 * initialised after the GIC. */
int vgic_its_create(struct armvm_vm *vm, struct armvm_error *err);
int vgic_its_init(struct armvm_vm *vm, struct armvm_error *err);

/* pmu.c: whether the vCPUs get KVM_ARM_VCPU_PMU_V3 (decided before they
 * are created), and its interrupt and init once the GIC is initialised. */
int pmu_decide(struct armvm_vm *vm, struct armvm_error *err);
int pmu_init(struct armvm_vm *vm, struct armvm_error *err);

int vcpus_create(struct armvm_vm *vm, struct armvm_error *err);
void vcpu_destroy(struct armvm_vcpu *vcpu);

/* memory_map.c: the RAM or ROM region of table t holding [gpa, gpa+len),
 * or NULL. */
const struct mem_region *mem_find(const struct region_table *t, uint64_t gpa,
				  uint64_t len);
int memory_map_init(struct armvm_vm *vm, struct armvm_error *err);
/* Unmap and free everything (the VM is gone). */
void memory_map_destroy(struct armvm_vm *vm);
/*
 * A change of the memory map: map_change_begin() takes the map lock and
 * brings every running vCPU to a safe point, and returns a private copy of
 * the table with room for one more region of each kind; the caller edits it
 * (and KVM's slots), then map_change_end() publishes it (or, with NULL,
 * keeps the old one), lets the vCPUs go and frees the table not used.
 */
struct map_change {
	struct armvm_vm *vm;
	struct armvm_vcpu *self;    /* the caller's own vCPU (a callback), or NULL */
	struct region_table *table; /* the copy to edit */
};
int map_change_begin(struct armvm_vm *vm, struct map_change *c,
		     struct armvm_error *err);
void map_change_end(struct map_change *c, bool publish);
/* Insert into / remove from a table being edited (arrays stay sorted). */
void table_insert_mem(struct region_table *t, const struct mem_region *m);
void table_insert_mmio(struct region_table *t, const struct mmio_handler *h);
void table_remove_mem(struct region_table *t, unsigned index);
void table_remove_mmio(struct region_table *t, unsigned index);
/* The lock alone, for readers of the map that change nothing. */
void map_lock(struct armvm_vm *vm, struct armvm_vcpu *self);
/* The vCPU of vm whose thread is calling, or NULL. */
struct armvm_vcpu *vm_current_vcpu(struct armvm_vm *vm);

/* memslots.c: set (size > 0) or delete a KVM memory slot for m. */
int mem_slot_set(struct armvm_vm *vm, const struct mem_region *m, uint64_t gpa,
		 uint64_t size, struct armvm_error *err);

/* safe_point.c: stop running vCPUs at a safe point, and let them go. */
void vcpus_pause(struct armvm_vm *vm, struct armvm_vcpu *self);
void vcpus_resume(struct armvm_vm *vm);
/* A vCPU's thread at its run loop's safe point: park while a change is in
 * progress or the VM is paused, then take up the current table. */
void vcpu_safe_point(struct armvm_vcpu *v);
/* The same from inside a callback (a map call waiting for the map lock):
 * parks for a map change only, never for armvm_vm_pause (the exit is not
 * complete there), and leaves the vCPU kicked if the VM is paused. */
void vcpu_safe_point_in_callback(struct armvm_vcpu *v);
/* Park every vCPU at its loop until vcpus_release (armvm_vm_pause): returns
 * once each vCPU inside its loop is parked there. */
void vcpus_hold(struct armvm_vm *vm);
void vcpus_release(struct armvm_vm *vm);
/* Whether the calling thread may read and write v's registers: v is not
 * in armvm_vcpu_run, or this is its thread, or the VM is paused and v is
 * parked at its loop. */
bool vcpu_state_accessible(struct armvm_vcpu *v);
/* Entering and leaving armvm_vcpu_run's loop. */
void vcpu_loop_enter(struct armvm_vcpu *v);
void vcpu_loop_leave(struct armvm_vcpu *v);

/* address_map.c: true when [gpa, gpa+size) overlaps any RAM, ROM or MMIO
 * region of t or the GIC (skipping the RAM/ROM region at index `skip_mem`
 * and the MMIO region at `skip_mmio`; -1 for none). */
bool vm_range_in_use(const struct armvm_vm *vm, const struct region_table *t,
		     uint64_t gpa, uint64_t size, int skip_mem, int skip_mmio);

/* vm_log.c: one message to the embedder's log function, if any. */
void vm_log(const struct armvm_vm *vm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* vm_stop.c: install the no-op ARMVM_KICK_SIGNAL handler (once). */
void kick_signal_install(void);

#endif
