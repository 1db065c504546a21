/* SPDX-License-Identifier: MIT */
/*
 * armvm — run AArch64 and AArch32 guest code at native speed on a Linux
 * arm64 host with /dev/kvm.
 *
 * The library is what the `armvm` command line is built on; it uses nothing
 * that is not declared here. Conventions:
 *
 *  - Every call that can fail returns 0 on success or a negative
 *    enum armvm_errcode, and, when `err` is not NULL, fills *err with the
 *    code and a one-line message naming the problem. The library never
 *    calls exit(), never prints, and holds no global state: two VMs can live
 *    in one process. (One process-wide thing is unavoidable: armvm_vm_stop()
 *    kicks vCPU threads out of KVM_RUN with the signal ARMVM_KICK_SIGNAL,
 *    for which the library installs a no-op handler once.)
 *  - Guest physical addresses (gpa) and sizes are in bytes; regions must be
 *    page aligned (the host page size) except MMIO regions, which need not.
 *  - Callbacks run on the vCPU thread that made the access, without any
 *    library lock held. They may call armvm_irq_set(), armvm_vm_stop() and
 *    the memory map calls (armvm_map_*, armvm_add_mmio, armvm_region_*).
 *  - Threading: each function below says from which threads it may be
 *    called. "Any thread" includes vCPU threads inside a callback, never a
 *    signal handler unless said so.
 *  - The memory map may change at any time, also while vCPUs run: the
 *    library brings the running vCPUs out of the guest to a safe point,
 *    changes the map and lets them go; the embedder stops nothing by hand.
 *    Each vCPU keeps a private pointer to an immutable region table taken at
 *    a safe point, so the MMIO exit path looks regions up without locks.
 *    When a map call returns, every vCPU sees the new map. A map call waits
 *    for every other running vCPU to leave its callback: a callback must
 *    not wait for something (a lock) held by a thread making a map call.
 *  - Host requirements: Linux arm64 with KVM (API 12), KVM_CAP_ONE_REG,
 *    KVM_CAP_ARM_PSCI_0_2, KVM_CAP_IMMEDIATE_EXIT; AArch32 guests need
 *    KVM_CAP_ARM_EL1_32BIT, ROM needs KVM_CAP_READONLY_MEM. What is missing
 *    is named in the error (ARMVM_E_UNSUPPORTED).
 *
 * Typical use:
 *
 *     struct armvm_vm_config cfg = { .arch = ARMVM_ARCH_AARCH64, .nr_vcpus = 1 };
 *     struct armvm_error err;
 *     struct armvm_vm *vm;
 *     void *ram;
 *     if (armvm_vm_create(&cfg, &vm, &err) < 0) { puts(err.msg); ... }
 *     armvm_map_ram(vm, 0x40000000, 64 << 20, &ram, &err);
 *     memcpy(ram, code, code_size);
 *     armvm_add_mmio(vm, 0x09000000, 0x1000, &uart_ops, uart, &err);
 *     armvm_reg_set(armvm_vcpu_get(vm, 0), ARMVM_REG_PC, 0x40000000, &err);
 *     struct armvm_exit ex;
 *     armvm_vm_run(vm, &ex, &err);      // one thread per vCPU until power off
 *     armvm_vm_destroy(vm);
 */
#ifndef ARMVM_ARMVM_H
#define ARMVM_ARMVM_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ARMVM_VERSION_MAJOR 0
#define ARMVM_VERSION_MINOR 1

/* "MAJOR.MINOR" of the library linked in (the header's may differ). Any
 * thread; never fails. */
const char *armvm_version(void);

/*
 * The signal armvm_vm_stop() sends to vCPU threads to interrupt KVM_RUN. The
 * library installs a no-op handler for it (without SA_RESTART) at the first
 * armvm_vm_create() and unblocks it on threads while they are inside
 * armvm_vcpu_run(); embedders must leave it alone.
 */
#define ARMVM_KICK_SIGNAL (SIGRTMIN + 6)

/* ---- errors ------------------------------------------------------------ */

enum armvm_errcode {
	ARMVM_OK = 0,
	ARMVM_E_INVAL = -1,      /* a bad argument or configuration */
	ARMVM_E_NOKVM = -2,      /* /dev/kvm missing or not usable */
	ARMVM_E_PERM = -3,       /* no permission on /dev/kvm */
	ARMVM_E_UNSUPPORTED = -4,/* the host cannot do it (e.g. 32-bit EL1) */
	ARMVM_E_NOMEM = -5,      /* host memory allocation failed */
	ARMVM_E_OVERLAP = -6,    /* a region overlaps one already mapped */
	ARMVM_E_KVM = -7,        /* a KVM ioctl failed unexpectedly */
	ARMVM_E_STATE = -8,      /* call not allowed in the VM's current state */
	ARMVM_E_RANGE = -9,      /* an address or index out of range */
};

struct armvm_error {
	int code;                /* enum armvm_errcode */
	char msg[256];           /* one line, no trailing newline */
};

/* ---- VM lifetime ------------------------------------------------------- */

enum armvm_arch {
	ARMVM_ARCH_AARCH64 = 0,  /* guest EL1 in AArch64 */
	ARMVM_ARCH_AARCH32 = 1,  /* guest EL1 in AArch32 (KVM_ARM_VCPU_EL1_32BIT) */
};

enum armvm_gic {
	ARMVM_GIC_AUTO = 0,      /* GICv3 if the host can, else GICv2 */
	ARMVM_GIC_V3 = 3,
	ARMVM_GIC_V2 = 2,
	ARMVM_GIC_NONE = -1,     /* no in-kernel interrupt controller */
};

#define ARMVM_MAX_VCPUS 64

/* An optional part of the machine (struct armvm_vm_config). */
enum armvm_feature {
	ARMVM_FEATURE_AUTO = 0,  /* there when the host can, as on QEMU virt */
	ARMVM_FEATURE_OFF = 1,
	ARMVM_FEATURE_ON = 2,    /* there, or armvm_vm_create() fails */
};

struct armvm_vm_config {
	enum armvm_arch arch;
	unsigned nr_vcpus;       /* 1..ARMVM_MAX_VCPUS (and what KVM allows) */
	enum armvm_gic gic;
	/* Where the GIC sits in guest physical space; 0 = QEMU virt defaults. */
	uint64_t gic_dist_base;
	uint64_t gic_redist_base;    /* GICv3 */
	uint64_t gic_cpu_base;       /* GICv2 */
	const char *kvm_path;    /* NULL = "/dev/kvm" */
	/* A PMUv3 per vCPU (KVM_ARM_VCPU_PMU_V3), its overflow interrupt on
	 * PPI 7 (INTID 23) as QEMU virt's; needs a GIC. */
	enum armvm_feature pmu;
	/* A GICv3 ITS (KVM_DEV_TYPE_ARM_VGIC_ITS) at 0x08080000 as QEMU
	 * virt's. AUTO: one when the VM has a GICv3 and the host's KVM offers
	 * an ITS; ON: fail otherwise. */
	enum armvm_feature its;
};

struct armvm_vm;
struct armvm_vcpu;

/*
 * Create a VM and its vCPUs. vCPU 0 starts powered on at the reset state
 * (PC 0 until set; AArch64: EL1h, AArch32: SVC mode, interrupts masked);
 * the others start powered off and are brought up by the guest through PSCI
 * CPU_ON, handled in the host kernel. vCPU n gets KVM's MPIDR for id n
 * (Aff0 = n % 16, Aff1 = n / 16). The in-kernel GIC (unless
 * ARMVM_GIC_NONE) has 256 SPIs and is initialised here, with the
 * architected timer's PPIs wired by KVM (virtual 27, physical 30). A GICv2
 * serves at most 8 vCPUs; AUTO tries GICv3 first, then GICv2.
 * Any thread. Errors: ARMVM_E_INVAL (configuration), ARMVM_E_NOKVM,
 * ARMVM_E_PERM, ARMVM_E_UNSUPPORTED (a capability the host lacks, named),
 * ARMVM_E_NOMEM, ARMVM_E_KVM. *out is NULL on failure.
 */
int armvm_vm_create(const struct armvm_vm_config *cfg, struct armvm_vm **out,
		    struct armvm_error *err);
/* Free the VM and all its memory. Only when no thread is inside a call on
 * it (armvm_vm_run/armvm_vcpu_run returned). NULL is a no-op. */
void armvm_vm_destroy(struct armvm_vm *vm);

/* The GIC the VM actually got (resolves ARMVM_GIC_AUTO). These three: any
 * thread, never fail. */
enum armvm_gic armvm_vm_gic(const struct armvm_vm *vm);
unsigned armvm_vm_nr_vcpus(const struct armvm_vm *vm);
enum armvm_arch armvm_vm_arch(const struct armvm_vm *vm);
/* Whether the VM got a vPMU / an ITS (for its device tree). */
bool armvm_vm_has_pmu(const struct armvm_vm *vm);
bool armvm_vm_has_its(const struct armvm_vm *vm);

/* Messages about things a guest did that it survives (a load/store without
 * instruction syndrome that cannot be emulated: an external abort is
 * injected). The library never prints: without a log function set they are
 * dropped. `line` has no trailing newline; called on the vCPU's thread. */
typedef void (*armvm_log_fn)(void *opaque, const char *line);
void armvm_vm_set_log(struct armvm_vm *vm, armvm_log_fn fn, void *opaque);


/* Whether the host can run AArch32 EL1 guests (KVM_CAP_ARM_EL1_32BIT);
 * false also when kvm_path (NULL = /dev/kvm) cannot be opened. Any thread. */
bool armvm_host_supports_aarch32(const char *kvm_path);

/* ---- memory ------------------------------------------------------------ */

/*
 * Regions: RAM and ROM are KVM memory slots, as many as the host's KVM
 * allows (KVM_CAP_NR_MEMSLOTS: 32764 on Linux 6.x; more is ARMVM_E_RANGE);
 * MMIO regions have no limit but memory. None may overlap another region
 * or the GIC (ARMVM_E_OVERLAP). gpa and size of RAM/ROM are multiples of
 * the host page size (ARMVM_E_INVAL). All calls in this section may be
 * made from any thread at any time between armvm_vm_create() and
 * armvm_vm_destroy(), also while vCPUs run (see the conventions above);
 * they are serialised against each other. Errors common to all:
 * ARMVM_E_INVAL (bad argument), ARMVM_E_OVERLAP, ARMVM_E_RANGE (too many
 * slots, an address KVM refuses), ARMVM_E_NOMEM, ARMVM_E_KVM.
 */

/*
 * Map anonymous RAM at gpa (zero filled, reserved lazily); *host_ptr (if not
 * NULL) receives its host address, valid until the region is removed or
 * the VM destroyed.
 */
int armvm_map_ram(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		  void **host_ptr, struct armvm_error *err);

/*
 * Map read-only memory holding a copy of `data` (padded with zeros to
 * `size`). Guest writes to it are dropped and counted; reads run at native
 * speed. ARMVM_E_UNSUPPORTED without KVM_CAP_READONLY_MEM.
 */
int armvm_map_rom(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		  const void *data, size_t data_len, struct armvm_error *err);

/* A guest write to read-only memory: gpa, size 1/2/4/8 and the value. The
 * memory is not changed (the callback may change it through its host
 * pointer). Runs on the writing vCPU's thread. */
typedef void (*armvm_mem_write_fn)(void *opaque, uint64_t gpa, unsigned size,
				   uint64_t value, unsigned vcpu);

#define ARMVM_MEM_READONLY  (1u << 0) /* guest writes go to on_write (KVM_MEM_READONLY) */
#define ARMVM_MEM_LOG_DIRTY (1u << 1) /* track written pages: armvm_dirty_log() */

struct armvm_mem_region {
	uint64_t gpa;
	uint64_t size;
	/* NULL: the library allocates zeroed memory (freed with the region).
	 * Else page-aligned host memory the embedder owns and keeps mapped
	 * until the region is removed: the host address of another region to
	 * alias it (the same bytes at two guest addresses), or its own. */
	void *host;
	unsigned flags;             /* ARMVM_MEM_* */
	armvm_mem_write_fn on_write;/* READONLY: reported writes (NULL: dropped
				       and counted in rom_writes_dropped) */
	void *opaque;
};

/*
 * Map a RAM region described by *r; *host_ptr (if not NULL) gets its host
 * address. READONLY needs KVM_CAP_READONLY_MEM (ARMVM_E_UNSUPPORTED).
 */
int armvm_map_mem(struct armvm_vm *vm, const struct armvm_mem_region *r,
		  void **host_ptr, struct armvm_error *err);

/*
 * Remove the RAM, ROM or MMIO region that starts at gpa (ARMVM_E_RANGE if
 * none does). Memory the library allocated is freed: removing a region
 * another one still aliases is ARMVM_E_STATE (remove the alias first).
 * When this returns no vCPU is inside the region's callbacks (but the
 * caller, if it is one) and none will enter them again.
 */
int armvm_region_remove(struct armvm_vm *vm, uint64_t gpa,
			struct armvm_error *err);

/*
 * Move the RAM, ROM or MMIO region starting at gpa to new_gpa, keeping its
 * contents (RAM/ROM) or callbacks (MMIO): a bank switch.
 */
int armvm_region_move(struct armvm_vm *vm, uint64_t gpa, uint64_t new_gpa,
		      struct armvm_error *err);

/*
 * Host pointer for [gpa, gpa+len) when it lies wholly inside one RAM or ROM
 * region, else NULL. This is the bounds-checked window device models use.
 * Any thread, lock-free; the pointer stays valid until that region is
 * removed.
 */
void *armvm_gpa_to_host(struct armvm_vm *vm, uint64_t gpa, uint64_t len);

/*
 * The pages of the region starting at gpa (mapped with ARMVM_MEM_LOG_DIRTY)
 * the guest wrote since the last call (or since it was mapped): bit n of
 * bitmap (bit n % 64 of word n / 64) is page n of the region, in host pages
 * (sysconf(_SC_PAGESIZE)). nr_words must cover the region
 * (ceil(pages / 64)), else ARMVM_E_INVAL. Uses KVM_GET_DIRTY_LOG, which
 * also re-arms the tracking. Any thread. ARMVM_E_RANGE if no region starts
 * at gpa, ARMVM_E_STATE if it is not tracked.
 */
int armvm_dirty_log(struct armvm_vm *vm, uint64_t gpa, uint64_t *bitmap,
		    size_t nr_words, struct armvm_error *err);

/* ---- MMIO callbacks ---------------------------------------------------- */

struct armvm_mmio_ops {
	/* size is 1, 2, 4 or 8; offset is relative to the region's base. */
	uint64_t (*read)(void *opaque, uint64_t offset, unsigned size,
			 unsigned vcpu);
	void (*write)(void *opaque, uint64_t offset, unsigned size,
		      uint64_t value, unsigned vcpu);
};

/*
 * Serve guest accesses to [gpa, gpa+size) with `ops` (both callbacks
 * required). A guest access that hits no RAM, ROM or MMIO region ends the
 * run with ARMVM_EXIT_CRASH naming the address. Any thread, any time (see
 * memory); errors as there.
 */
int armvm_add_mmio(struct armvm_vm *vm, uint64_t gpa, uint64_t size,
		   const struct armvm_mmio_ops *ops, void *opaque,
		   struct armvm_error *err);

/*
 * Fast paths for device back ends running on their own threads:
 * an eventfd signalled when the guest writes `len` bytes at gpa (with value
 * `datamatch` if match is true) without leaving the kernel, and an eventfd
 * that, when written, asserts (edge) SPI `spi`. Any thread. Errors:
 * ARMVM_E_INVAL, ARMVM_E_STATE (irqfd without an in-kernel GIC),
 * ARMVM_E_KVM.
 */
int armvm_add_ioeventfd(struct armvm_vm *vm, uint64_t gpa, unsigned len,
			bool match, uint64_t datamatch, int fd,
			struct armvm_error *err);
int armvm_add_irqfd(struct armvm_vm *vm, unsigned spi, int fd,
		    struct armvm_error *err);

/* ---- interrupts -------------------------------------------------------- */

/* Drive shared peripheral interrupt `spi` (0-based: INTID = spi + 32) to
 * `level`; from any thread. Needs the in-kernel GIC (else ARMVM_E_STATE);
 * ARMVM_E_RANGE past the GIC's SPIs; ARMVM_E_KVM. */
int armvm_irq_set(struct armvm_vm *vm, unsigned spi, bool level,
		  struct armvm_error *err);

/* ---- hypercalls -------------------------------------------------------- */

/* An SMCCC call (HVC or SMC) of the guest, for the embedder to answer. */
struct armvm_hypercall {
	uint32_t function;       /* the SMCCC function ID (w0 / r0) */
	bool smc;                /* conduit: SMC (else HVC) */
	uint64_t args[4];        /* x0-x3 (AArch32: r0-r3) at the call */
	uint64_t ret[4];         /* what the guest finds in x0-x3 (r0-r3) after
				    the call; preset to args, ret[0] to
				    SMCCC NOT_SUPPORTED (-1) */
};
/* Runs on the calling vCPU's thread, like an MMIO callback. */
typedef void (*armvm_hypercall_fn)(void *opaque, unsigned vcpu,
				   struct armvm_hypercall *call);

/*
 * Send the guest's HVC and SMC calls to `fn`, except those the host kernel
 * owns: the Arm architecture calls (0x8000xxxx: SMCCC_VERSION...), the
 * standard secure services (0x8400xxxx/0xC400xxxx: PSCI) and KVM's vendor
 * hypervisor services (0x8600xxxx/0xC600xxxx). Needs KVM's SMCCC filter
 * (KVM_ARM_VM_SMCCC_FILTER, Linux 6.4 and later): elsewhere
 * ARMVM_E_UNSUPPORTED, and the guest's calls keep returning NOT_SUPPORTED
 * from the host kernel. Only before any vCPU has run (ARMVM_E_STATE), from
 * the thread that owns the VM; once per VM (ARMVM_E_STATE). ARMVM_E_INVAL
 * for a NULL fn; ARMVM_E_KVM if the host refuses the filter.
 */
int armvm_set_hypercall_handler(struct armvm_vm *vm, armvm_hypercall_fn fn,
				void *opaque, struct armvm_error *err);

/* ---- vCPUs and registers ----------------------------------------------- */

/* vCPU `index`, NULL when out of range; its index. Any thread. */
struct armvm_vcpu *armvm_vcpu_get(struct armvm_vm *vm, unsigned index);
unsigned armvm_vcpu_index(const struct armvm_vcpu *vcpu);

/*
 * Registers in the guest's own view. AArch64 guests use X0..X30, SP (SP_EL1
 * or SP_EL0 as PSTATE selects: the stack pointer the guest is using), PC,
 * PSTATE, and SP_EL0/SP_EL1/ELR_EL1/SPSR_EL1 explicitly. AArch32 guests use
 * R0..R15 (R13/R14 of the current mode; R15 = PC), CPSR and the banked
 * SP/LR/SPSR of each mode; the library maps them onto KVM's compat register
 * layout. Asking for a register of the other width is ARMVM_E_INVAL.
 * AArch32 values are 32 bits (a wider value is ARMVM_E_RANGE). Registers
 * are read and written while the vCPU is not in the guest: before running,
 * after armvm_*_run returned, from a callback on the vCPU's own thread, or
 * from any thread while the VM is paused (armvm_vm_pause); from another
 * thread while it runs: ARMVM_E_STATE. Other errors:
 * ARMVM_E_INVAL (unknown register), ARMVM_E_RANGE, ARMVM_E_KVM.
 */
enum armvm_reg {
	ARMVM_REG_X0 = 0,        /* X0..X30 are ARMVM_REG_X0 + n */
	ARMVM_REG_X30 = 30,
	ARMVM_REG_SP = 31,
	ARMVM_REG_PC = 32,
	ARMVM_REG_PSTATE = 33,
	ARMVM_REG_SP_EL0 = 34,
	ARMVM_REG_SP_EL1 = 35,
	ARMVM_REG_ELR_EL1 = 36,
	ARMVM_REG_SPSR_EL1 = 37,

	ARMVM_REG_R0 = 64,       /* R0..R15 are ARMVM_REG_R0 + n */
	ARMVM_REG_R13 = 77,      /* SP of the current mode */
	ARMVM_REG_R14 = 78,      /* LR of the current mode */
	ARMVM_REG_R15 = 79,      /* PC */
	ARMVM_REG_CPSR = 80,
	ARMVM_REG_SP_USR = 81, ARMVM_REG_LR_USR,
	ARMVM_REG_SP_SVC, ARMVM_REG_LR_SVC, ARMVM_REG_SPSR_SVC,
	ARMVM_REG_SP_ABT, ARMVM_REG_LR_ABT, ARMVM_REG_SPSR_ABT,
	ARMVM_REG_SP_UND, ARMVM_REG_LR_UND, ARMVM_REG_SPSR_UND,
	ARMVM_REG_SP_IRQ, ARMVM_REG_LR_IRQ, ARMVM_REG_SPSR_IRQ,
	ARMVM_REG_SP_FIQ, ARMVM_REG_LR_FIQ, ARMVM_REG_SPSR_FIQ,
	ARMVM_REG_R8_FIQ, ARMVM_REG_R9_FIQ, ARMVM_REG_R10_FIQ,
	ARMVM_REG_R11_FIQ, ARMVM_REG_R12_FIQ,
};

int armvm_reg_get(struct armvm_vcpu *vcpu, enum armvm_reg reg, uint64_t *value,
		  struct armvm_error *err);
int armvm_reg_set(struct armvm_vcpu *vcpu, enum armvm_reg reg, uint64_t value,
		  struct armvm_error *err);
/* Printable name of a register ("x0", "r13_svc", "cpsr"), "?" for none.
 * Any thread. */
const char *armvm_reg_name(enum armvm_reg reg);

/* The FP/SIMD registers: V0-V31 (little-endian bytes), FPSR, FPCR. An
 * AArch32 guest's D<2n> and D<2n+1> are the low and high halves of V<n>,
 * its FPSCR the FPSR bits ORed with the FPCR bits (ARMVM_SYSREG_FPSCR reads
 * and writes it whole; FPEXC is ARMVM_SYSREG_FPEXC). Same threading rule. */
struct armvm_fp {
	uint8_t v[32][16];
	uint32_t fpsr, fpcr;
};
int armvm_fp_get(struct armvm_vcpu *vcpu, struct armvm_fp *fp, struct armvm_error *err);
int armvm_fp_set(struct armvm_vcpu *vcpu, const struct armvm_fp *fp, struct armvm_error *err);

/*
 * Guest memory by the guest's virtual address, translated through the
 * vCPU's own stage-1 tables (its SCTLR/TCR/TTBRn at EL1; flat with the MMU
 * off). Permissions are not checked: a debugger writes breakpoints into
 * read-only text. Copies up to the first address that is not RAM or ROM
 * (*done bytes, if done is not NULL), then ARMVM_E_RANGE. Same threading
 * rule as the registers.
 */
int armvm_vcpu_read_virt(struct armvm_vcpu *vcpu, uint64_t va, void *buf, size_t len,
			 size_t *done, struct armvm_error *err);
int armvm_vcpu_write_virt(struct armvm_vcpu *vcpu, uint64_t va, const void *buf, size_t len,
			  size_t *done, struct armvm_error *err);

/*
 * Debugging a guest (KVM_SET_GUEST_DEBUG): the vCPU returns
 * ARMVM_EXIT_DEBUG when it executes a software breakpoint (BRK / BKPT the
 * embedder planted with armvm_vcpu_write_virt, with sw_breakpoints set),
 * reaches a hardware breakpoint, touches a watched range, or has executed
 * one instruction (single_step). Hardware breakpoints and watchpoints: up
 * to what armvm_vm_debug_limits() reports. A watched range is 1..8 bytes
 * within one aligned doubleword. A zeroed struct turns debugging off.
 * Same threading rule as the registers.
 */
#define ARMVM_MAX_HW_DEBUG 16
struct armvm_watchpoint {
	uint64_t addr;
	unsigned len;                /* 1..8, not crossing an 8-byte boundary */
	bool on_read, on_write;
};
struct armvm_debug {
	bool single_step;
	bool sw_breakpoints;
	unsigned nr_breakpoints;
	uint64_t breakpoint[ARMVM_MAX_HW_DEBUG];      /* instruction addresses */
	unsigned nr_watchpoints;
	struct armvm_watchpoint watchpoint[ARMVM_MAX_HW_DEBUG];
};
int armvm_vcpu_set_debug(struct armvm_vcpu *vcpu, const struct armvm_debug *dbg,
			 struct armvm_error *err);
/* How many hardware breakpoints and watchpoints KVM offers
 * (KVM_CAP_GUEST_DEBUG_HW_BPS / _WPS); 0 each without guest debug. */
void armvm_vm_debug_limits(const struct armvm_vm *vm, unsigned *breakpoints,
			   unsigned *watchpoints);

/* ---- running ----------------------------------------------------------- */

/* What stopped a vCPU with ARMVM_EXIT_DEBUG. */
enum armvm_debug_event {
	ARMVM_DEBUG_NONE = 0,
	ARMVM_DEBUG_SW_BREAKPOINT,   /* BRK / BKPT */
	ARMVM_DEBUG_HW_BREAKPOINT,
	ARMVM_DEBUG_WATCHPOINT,      /* addr: the data address */
	ARMVM_DEBUG_STEP,
	ARMVM_DEBUG_OTHER,
};

enum armvm_exit_reason {
	ARMVM_EXIT_POWEROFF = 1, /* PSCI SYSTEM_OFF */
	ARMVM_EXIT_RESET,        /* PSCI SYSTEM_RESET */
	ARMVM_EXIT_STOPPED,      /* armvm_vm_stop() was called */
	ARMVM_EXIT_CRASH,        /* the guest did something that cannot go on:
				    an access outside any region, an abort KVM
				    cannot decode, a failed entry, PSCI
				    SYSTEM_CRASH... see exit.detail */
	ARMVM_EXIT_ERROR,        /* a host-side failure; see the error */
	ARMVM_EXIT_DEBUG,        /* a breakpoint, watchpoint or single step the
				    embedder asked for (armvm_vcpu_set_debug):
				    addr is the PC, or the data address of a
				    watchpoint; detail names which */
};

struct armvm_exit {
	enum armvm_exit_reason reason;
	unsigned vcpu;           /* the vCPU that saw it */
	uint64_t addr;           /* CRASH on memory access: the guest address */
	char detail[160];        /* one line describing a CRASH */
	enum armvm_debug_event debug;  /* DEBUG: which event */
};

/*
 * Run one vCPU on the calling thread until an exit the embedder must see.
 * MMIO is dispatched to the registered callbacks inside this call. For a VM
 * with more than one vCPU every vCPU needs a thread in armvm_vcpu_run (the
 * host kernel handles PSCI CPU_ON only between running vCPUs): use
 * armvm_vm_run unless you want to own the threads. One thread per vCPU at
 * a time (a second: ARMVM_E_STATE); a failed KVM_RUN is ARMVM_E_KVM with
 * exit->reason ARMVM_EXIT_ERROR. Returns 0 with *exit filled otherwise.
 */
int armvm_vcpu_run(struct armvm_vcpu *vcpu, struct armvm_exit *exit,
		   struct armvm_error *err);

/*
 * Run every vCPU, one thread each (vCPU 0 on the caller's), until the first
 * exit the embedder must see; then stop the others and join them before
 * returning. *exit is that first exit (STOPPED if armvm_vm_stop() ended
 * the run); a host-side failure returns its negative code (ARMVM_E_NOMEM
 * or ARMVM_E_INVAL when a thread cannot start, or a vCPU's error). One
 * thread at a time per VM, not mixed with armvm_vcpu_run on its vCPUs.
 */
int armvm_vm_run(struct armvm_vm *vm, struct armvm_exit *exit,
		 struct armvm_error *err);

/*
 * Called first on each thread armvm_vm_run starts (vCPUs 1..n; vCPU 0 runs
 * on the caller's thread), before it runs guest code: where an embedder
 * installs a per-thread sandbox (armvm run: its seccomp filter). NULL (the
 * default) = nothing. Set it before armvm_vm_run.
 */
void armvm_vm_set_thread_start(struct armvm_vm *vm, void (*fn)(void *ctx, unsigned vcpu),
			       void *ctx);

/*
 * Ask all vCPUs to stop: safe from any thread and from a signal handler.
 * Running vCPUs return ARMVM_EXIT_STOPPED promptly (a vCPU spinning in the
 * guest is kicked out of KVM_RUN with ARMVM_KICK_SIGNAL). The request is
 * remembered per vCPU until that vCPU returns STOPPED, so a stop that
 * races with armvm_vcpu_run() being entered is not lost; armvm_vm_run()
 * clears what is left of it before returning.
 */
void armvm_vm_stop(struct armvm_vm *vm);

/* Counters kept per VM, for benchmarks and diagnostics. Any thread (while
 * vCPUs run the sums may lag by the exits in flight); never fails. */
struct armvm_stats {
	uint64_t exits;          /* KVM_RUN returns (including interrupted ones) */
	uint64_t mmio_exits;
	uint64_t rom_writes_dropped;
};
void armvm_vm_stats(struct armvm_vm *vm, struct armvm_stats *out);

/* The guest's system registers, power state, pausing and saved state
 * (snapshots): in their own header, part of this one. */
#include "state.h"

#ifdef __cplusplus
}
#endif
#endif
