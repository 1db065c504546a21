/* SPDX-License-Identifier: MIT */
/* AArch64 accessors for the test guests: system registers, barriers, MMIO,
 * SMCCC calls. Every arch.h offers the same names so guest C is shared. */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <stdint.h>

#define ARCH_NAME "AArch64"
/* AArch64 can make single 64-bit MMIO accesses (LDR/STR Xt, ISV=1). */
#define ARCH_HAS_MMIO64 1

typedef int64_t sreg_t;    /* a signed general-purpose register */
typedef uint64_t ureg_t;

#define sysreg_read(reg) ({ uint64_t v_; \
	__asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })
#define sysreg_write(reg, v) \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void sev(void) { __asm__ volatile("sev" ::: "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

/* PSTATE.I: IRQs masked at the CPU. */
static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* "EL1", "EL2": CurrentEL[3:2]. */
static inline const char *arch_level_name(void)
{
	static const char *const names[] = { "EL0", "EL1", "EL2", "EL3" };
	return names[(sysreg_read(CurrentEL) >> 2) & 3];
}

static inline uint64_t read_mpidr(void) { return sysreg_read(mpidr_el1); }

/* Generic timer, virtual view. */
static inline uint32_t cntfrq_read(void) { return (uint32_t)sysreg_read(cntfrq_el0); }
static inline uint64_t cntvct_read(void) { isb(); return sysreg_read(cntvct_el0); }
static inline uint32_t cntv_ctl_read(void) { return (uint32_t)sysreg_read(cntv_ctl_el0); }
static inline void cntv_ctl_write(uint32_t v) { sysreg_write(cntv_ctl_el0, v); isb(); }
static inline void cntv_tval_write(uint32_t v) { sysreg_write(cntv_tval_el0, v); isb(); }

/* GICv3 CPU interface system registers (generic encodings so any
 * assembler takes them). */
#define ICC_SRE_EL1     S3_0_C12_C12_5
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1
#define icc_reg_read(r)  sysreg_read(r)
#define icc_reg_write(r, v) sysreg_write(r, v)
static inline uint32_t icc_sre_read(void) { return (uint32_t)icc_reg_read(ICC_SRE_EL1); }
static inline void icc_sre_write(uint32_t v) { icc_reg_write(ICC_SRE_EL1, v); isb(); }
static inline void icc_pmr_write(uint32_t v) { icc_reg_write(ICC_PMR_EL1, v); }
static inline void icc_igrpen1_write(uint32_t v) { icc_reg_write(ICC_IGRPEN1_EL1, v); isb(); }
static inline uint32_t icc_iar1_read(void) { uint32_t v = (uint32_t)icc_reg_read(ICC_IAR1_EL1); dsb_sy(); return v; }
static inline void icc_eoir1_write(uint32_t v) { icc_reg_write(ICC_EOIR1_EL1, v); isb(); }

/*
 * MMIO with plain LDR/STR and a base register only: such accesses report a
 * valid instruction syndrome (ESR ISV=1), which KVM and our EL2 engine need
 * to emulate them.
 */
static inline uint8_t mmio_read8(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return (uint8_t)v; }
static inline uint16_t mmio_read16(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return (uint16_t)v; }
static inline uint32_t mmio_read32(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline uint64_t mmio_read64(uintptr_t a)
{ uint64_t v; __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline void mmio_write8(uintptr_t a, uint8_t v)
{ __asm__ volatile("strb %w0, [%1]" : : "r"((uint32_t)v), "r"(a) : "memory"); }
static inline void mmio_write16(uintptr_t a, uint16_t v)
{ __asm__ volatile("strh %w0, [%1]" : : "r"((uint32_t)v), "r"(a) : "memory"); }
static inline void mmio_write32(uintptr_t a, uint32_t v)
{ __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory"); }
static inline void mmio_write64(uintptr_t a, uint64_t v)
{ __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory"); }

/* SMCCC call through HVC #0: function id in x0, arguments x1..x3, result
 * in x0. x0-x17 may be clobbered by the callee (SMCCC v1.1+). */
static inline sreg_t smccc_hvc(uint32_t fid, ureg_t a1, ureg_t a2, ureg_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (sreg_t)x0;
}

#endif
