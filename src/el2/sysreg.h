/* SPDX-License-Identifier: MIT */
/* System register and barrier accessors for the EL2 hypervisor. */
#ifndef EL2_SYSREG_H
#define EL2_SYSREG_H

#include <stdint.h>

#define read_sysreg(reg) __extension__ ({				\
	uint64_t __val;							\
	__asm__ volatile("mrs %0, " #reg : "=r"(__val));		\
	__val; })

#define write_sysreg(reg, val)						\
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)))

/* Registers the assembler only knows by their encoding (S3_x_Cx_Cx_x). */
#define read_sysreg_s(enc) __extension__ ({				\
	uint64_t __val;							\
	__asm__ volatile("mrs %0, " enc : "=r"(__val));			\
	__val; })
#define write_sysreg_s(enc, val)					\
	__asm__ volatile("msr " enc ", %0" : : "r"((uint64_t)(val)))

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ volatile("yield" ::: "memory"); }

#endif
