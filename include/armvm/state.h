/* SPDX-License-Identifier: MIT */
/*
 * armvm — the guest's system registers, timers and power state, pausing a
 * VM and its saved state (snapshots). Part of <armvm/armvm.h>, which
 * includes it; include that header, not this one. The conventions at the
 * head of armvm.h (errors, threading) hold here too.
 */
#ifndef ARMVM_STATE_H
#define ARMVM_STATE_H

#ifndef ARMVM_ARMVM_H
#error "include <armvm/armvm.h>, which includes <armvm/state.h>"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- system registers, timers, power state ----------------------------- */

/*
 * The EL1 system registers in the guest's own view, by name. AArch64 guests
 * use the AArch64 names; AArch32 guests their CP15 (and VFP) names, which
 * the library maps onto KVM's AArch64 registers as the Arm ARM maps them
 * architecturally (ARM DDI 0487, G8 / D19 "AArch32 System register
 * mappings"): e.g. DFAR is FAR_EL1[31:0] and IFAR FAR_EL1[63:32], TTBCR is
 * TCR_EL1[31:0], DACR is DACR32_EL2. Asking for a register of the other
 * width is ARMVM_E_INVAL; an AArch32 register is 32 bits (64 for TTBR0/1,
 * PAR, the CVALs and the count) and a wider value is ARMVM_E_RANGE. A
 * 32-bit register that is half of a 64-bit one is written back without
 * touching the other half. The timer registers have one name for both
 * widths. Same threading rule as armvm_reg_get; ARMVM_E_UNSUPPORTED when
 * the host's KVM does not expose the register.
 */
enum armvm_sysreg {
	/* AArch64 */
	ARMVM_SYSREG_SCTLR_EL1 = 0,
	ARMVM_SYSREG_ACTLR_EL1,
	ARMVM_SYSREG_CPACR_EL1,
	ARMVM_SYSREG_TTBR0_EL1,
	ARMVM_SYSREG_TTBR1_EL1,
	ARMVM_SYSREG_TCR_EL1,
	ARMVM_SYSREG_ESR_EL1,
	ARMVM_SYSREG_AFSR0_EL1,
	ARMVM_SYSREG_AFSR1_EL1,
	ARMVM_SYSREG_FAR_EL1,
	ARMVM_SYSREG_PAR_EL1,
	ARMVM_SYSREG_MAIR_EL1,
	ARMVM_SYSREG_AMAIR_EL1,
	ARMVM_SYSREG_VBAR_EL1,
	ARMVM_SYSREG_CONTEXTIDR_EL1,
	ARMVM_SYSREG_TPIDR_EL0,
	ARMVM_SYSREG_TPIDRRO_EL0,
	ARMVM_SYSREG_TPIDR_EL1,
	ARMVM_SYSREG_CNTKCTL_EL1,
	ARMVM_SYSREG_CSSELR_EL1,
	ARMVM_SYSREG_MDSCR_EL1,
	ARMVM_SYSREG_MIDR_EL1,
	ARMVM_SYSREG_MPIDR_EL1,

	/* AArch32 (CP15, VFP) */
	ARMVM_SYSREG_SCTLR = 64,
	ARMVM_SYSREG_ACTLR,
	ARMVM_SYSREG_CPACR,
	ARMVM_SYSREG_TTBR0,      /* 64-bit (LPAE) view */
	ARMVM_SYSREG_TTBR1,
	ARMVM_SYSREG_TTBCR,
	ARMVM_SYSREG_TTBCR2,
	ARMVM_SYSREG_DACR,
	ARMVM_SYSREG_DFSR,
	ARMVM_SYSREG_IFSR,
	ARMVM_SYSREG_ADFSR,
	ARMVM_SYSREG_AIFSR,
	ARMVM_SYSREG_DFAR,
	ARMVM_SYSREG_IFAR,
	ARMVM_SYSREG_PAR,        /* 64-bit view */
	ARMVM_SYSREG_PRRR,       /* = MAIR0 */
	ARMVM_SYSREG_NMRR,       /* = MAIR1 */
	ARMVM_SYSREG_MAIR0,
	ARMVM_SYSREG_MAIR1,
	ARMVM_SYSREG_AMAIR0,
	ARMVM_SYSREG_AMAIR1,
	ARMVM_SYSREG_VBAR,
	ARMVM_SYSREG_CONTEXTIDR,
	ARMVM_SYSREG_TPIDRURW,
	ARMVM_SYSREG_TPIDRURO,
	ARMVM_SYSREG_TPIDRPRW,
	ARMVM_SYSREG_CNTKCTL,
	ARMVM_SYSREG_CSSELR,
	ARMVM_SYSREG_MIDR,
	ARMVM_SYSREG_MPIDR,
	ARMVM_SYSREG_FPEXC,
	ARMVM_SYSREG_FPSCR,      /* FPSR | FPCR bits (armvm_fp) */

	/* The generic timer, both widths */
	ARMVM_SYSREG_CNTV_CTL = 128,
	ARMVM_SYSREG_CNTV_CVAL,
	/* The guest's virtual count (CNTVCT). Writing it sets the VM's counter
	 * offset (CNTVOFF) so the guest's time goes on from the value written:
	 * how a restored guest's clock continues instead of jumping
	 * (KVM_REG_ARM_TIMER_CNT). */
	ARMVM_SYSREG_CNTVCT,
	/* The EL1 physical timer: Linux 6.4+ (KVM_REG_ARM_PTIMER_*; earlier
	 * KVM keeps no state userspace can reach: ARMVM_E_UNSUPPORTED). */
	ARMVM_SYSREG_CNTP_CTL,
	ARMVM_SYSREG_CNTP_CVAL,
};

int armvm_sysreg_get(struct armvm_vcpu *vcpu, enum armvm_sysreg reg, uint64_t *value,
		     struct armvm_error *err);
int armvm_sysreg_set(struct armvm_vcpu *vcpu, enum armvm_sysreg reg, uint64_t value,
		     struct armvm_error *err);
/* "sctlr_el1", "dfar", "cntv_ctl"; "?" for none. Any thread. */
const char *armvm_sysreg_name(enum armvm_sysreg reg);

/* A vCPU's power state as PSCI sees it (KVM's MP state). */
enum armvm_power_state {
	ARMVM_POWER_ON = 0,        /* running or runnable */
	ARMVM_POWER_OFF = 1,       /* CPU_OFF, or never brought up by CPU_ON */
	ARMVM_POWER_SUSPENDED = 2, /* SYSTEM_SUSPEND / WFI-like suspend */
};
int armvm_vcpu_power_get(struct armvm_vcpu *vcpu, enum armvm_power_state *state,
			 struct armvm_error *err);
int armvm_vcpu_power_set(struct armvm_vcpu *vcpu, enum armvm_power_state state,
			 struct armvm_error *err);

/* ---- pausing and saved state (snapshots) -------------------------------- */

/*
 * Every vCPU out of the guest and parked: armvm_vm_run's threads, or a vCPU
 * whose armvm_vcpu_run is waiting (one entering armvm_vcpu_run while paused
 * parks before guest code). Returns once all are. From any thread but a
 * vCPU's (ARMVM_E_STATE); idempotent. A paused VM's vCPUs still leave on
 * armvm_vm_stop() (within ~20 ms), returning ARMVM_EXIT_STOPPED; the VM
 * stays paused until armvm_vm_resume(). Memory map calls work while paused.
 */
int armvm_vm_pause(struct armvm_vm *vm, struct armvm_error *err);
/* Let the parked vCPUs go on. Any thread; a no-op when not paused. */
void armvm_vm_resume(struct armvm_vm *vm);
bool armvm_vm_paused(const struct armvm_vm *vm);

/* The version of the blob armvm_vm_state_save() writes (docs/library.md
 * describes the format). */
#define ARMVM_STATE_VERSION 1

/*
 * The VM's state but its RAM, as one versioned, self-checking blob
 * (malloc'ed; the caller frees it): every vCPU's registers (all of
 * KVM_GET_REG_LIST: core, FP/SIMD, system, timers, firmware
 * pseudo-registers), MP state (power state), pending SError, and the
 * in-kernel vGIC (v2 or v3: distributor, redistributors, CPU interfaces,
 * pending/active state, line levels). With an ITS, its tables and the LPI
 * pending tables are written into guest RAM first (save the RAM after this
 * call). The VM paused, or no vCPU inside armvm_vcpu_run (not yet run, or
 * its run returned); else ARMVM_E_STATE. Any thread but a vCPU's. Errors:
 * ARMVM_E_STATE, ARMVM_E_NOMEM, ARMVM_E_KVM.
 */
int armvm_vm_state_save(struct armvm_vm *vm, void **blob, size_t *size,
			struct armvm_error *err);

/*
 * Into a freshly created VM of the same arch, vCPU count and GIC version
 * (else ARMVM_E_INVAL with one line saying what differs), its RAM mapped
 * (and filled, when the VM has an ITS), before any run (ARMVM_E_STATE).
 * Checks the whole blob before changing anything: a truncated, corrupt,
 * wrong-version or wrong-architecture blob is ARMVM_E_INVAL and changes
 * nothing; so is a register or GIC attribute this host's KVM does not have.
 * If KVM still refuses a value part way (a host with other ID registers),
 * ARMVM_E_KVM: destroy that VM. Any thread but a vCPU's.
 */
int armvm_vm_state_load(struct armvm_vm *vm, const void *blob, size_t size,
			struct armvm_error *err);

#ifdef __cplusplus
}
#endif
#endif
