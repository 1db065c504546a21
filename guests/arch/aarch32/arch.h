/* SPDX-License-Identifier: MIT */
/* AArch32 (ARMv7-A with the virtualization extensions, ARM state)
 * accessors for the test guests; same names as arch/aarch64/arch.h. */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <stdint.h>

#define ARCH_NAME "AArch32"
/*
 * No single 64-bit MMIO access: the only AArch32 candidates are LDRD/STRD
 * (and LDM/STM), which report no instruction syndrome (ESR ISV=0) on a
 * stage-2 abort, so KVM cannot emulate them. 8-byte accesses are made as two
 * 32-bit accesses, low word first.
 */
#define ARCH_HAS_MMIO64 0

typedef int32_t sreg_t;    /* a signed general-purpose register */
typedef uint32_t ureg_t;

#define cp15_read(op1, crn, crm, op2) ({ uint32_t v_; \
	__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			 : "=r"(v_)); v_; })
#define cp15_write(op1, crn, crm, op2, v) \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			 : : "r"((uint32_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void sev(void) { __asm__ volatile("sev" ::: "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

/* CPSR.I: IRQs masked at the CPU. */
static inline void irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cpsid i" ::: "memory"); }

#define CPSR_MODE_MASK 0x1f

/* Processor mode from CPSR.M. */
static inline const char *arch_level_name(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	switch (cpsr & CPSR_MODE_MASK) {
	case 0x10: return "USR mode";
	case 0x11: return "FIQ mode";
	case 0x12: return "IRQ mode";
	case 0x13: return "SVC mode";
	case 0x16: return "MON mode";
	case 0x17: return "ABT mode";
	case 0x1a: return "HYP mode";
	case 0x1b: return "UND mode";
	case 0x1f: return "SYS mode";
	default:   return "unknown mode";
	}
}

static inline uint64_t read_mpidr(void) { return cp15_read(0, c0, c0, 5); }

/* Generic timer, virtual view (CNTFRQ, CNTV_CTL, CNTV_TVAL, CNTVCT). */
static inline uint32_t cntfrq_read(void) { return cp15_read(0, c14, c0, 0); }
static inline uint64_t cntvct_read(void)
{
	uint32_t lo, hi;
	isb();
	__asm__ volatile("mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}
static inline uint32_t cntv_ctl_read(void) { return cp15_read(0, c14, c3, 1); }
static inline void cntv_ctl_write(uint32_t v) { cp15_write(0, c14, c3, 1, v); isb(); }
static inline void cntv_tval_write(uint32_t v) { cp15_write(0, c14, c3, 0, v); isb(); }

/* GICv3 CPU interface: the cp15 encodings of the ICC_* registers. */
static inline uint32_t icc_sre_read(void) { return cp15_read(0, c12, c12, 5); }
static inline void icc_sre_write(uint32_t v) { cp15_write(0, c12, c12, 5, v); isb(); }
static inline void icc_pmr_write(uint32_t v) { cp15_write(0, c4, c6, 0, v); }
static inline void icc_igrpen1_write(uint32_t v) { cp15_write(0, c12, c12, 7, v); isb(); }
static inline uint32_t icc_iar1_read(void) { uint32_t v = cp15_read(0, c12, c12, 0); dsb_sy(); return v; }
static inline void icc_eoir1_write(uint32_t v) { cp15_write(0, c12, c12, 1, v); isb(); }

/*
 * MMIO with plain LDR/STR and a base register only (ESR ISV=1). The data
 * register is never LR (the "lr" clobber keeps the compiler from choosing
 * it; SP it never chooses): QEMU's TCG reports an AArch32 access's ISS.SRT
 * as the AArch32 register number, not the AArch64 view the architecture
 * requires (r14_svc is X18), so a hypervisor under QEMU, like KVM in the
 * lab, would emulate a banked register as LR_usr.
 */
static inline uint8_t mmio_read8(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldrb %0, [%1]" : "=r"(v) : "r"(a) : "lr", "memory"); return (uint8_t)v; }
static inline uint16_t mmio_read16(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldrh %0, [%1]" : "=r"(v) : "r"(a) : "lr", "memory"); return (uint16_t)v; }
static inline uint32_t mmio_read32(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "lr", "memory"); return v; }
static inline void mmio_write8(uintptr_t a, uint8_t v)
{ __asm__ volatile("strb %0, [%1]" : : "r"((uint32_t)v), "r"(a) : "lr", "memory"); }
static inline void mmio_write16(uintptr_t a, uint16_t v)
{ __asm__ volatile("strh %0, [%1]" : : "r"((uint32_t)v), "r"(a) : "lr", "memory"); }
static inline void mmio_write32(uintptr_t a, uint32_t v)
{ __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "lr", "memory"); }

/* SMCCC (32-bit convention) call through HVC #0: function id in r0,
 * arguments r1..r3, result in r0; r0-r3 may be clobbered. */
static inline sreg_t smccc_hvc(uint32_t fid, ureg_t a1, ureg_t a2, ureg_t a3)
{
	register uint32_t r0 __asm__("r0") = fid;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	__asm__ volatile(".arch_extension virt\n\thvc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 :
			 : "memory");
	return (sreg_t)r0;
}

#endif
