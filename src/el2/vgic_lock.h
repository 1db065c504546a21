/* SPDX-License-Identifier: MIT */
/*
 * The spinlock guarding one partition's virtual GIC state. On aarch64 it is
 * an LDAXR/STXR loop written out in assembly, so the EL2 image needs neither
 * LSE atomics (Cortex-A57 is Armv8.0) nor libgcc's out-of-line atomic
 * helpers; elsewhere (native unit tests) it uses the compiler builtins.
 * Requires the MMU and caches on (exclusives on normal memory).
 */
#ifndef ARMVM_EL2_VGIC_LOCK_H
#define ARMVM_EL2_VGIC_LOCK_H

#include <stdint.h>

struct vgic_lock {
	volatile uint32_t locked;
};

static inline void vgic_lock_init(struct vgic_lock *l)
{
	l->locked = 0;
}

#if defined(__aarch64__)
static inline void vgic_lock_acquire(struct vgic_lock *l)
{
	uint32_t tmp, fail;

	__asm__ volatile(
		"	sevl\n"
		"1:	wfe\n"
		"2:	ldaxr	%w0, [%2]\n"
		"	cbnz	%w0, 1b\n"
		"	stxr	%w1, %w3, [%2]\n"
		"	cbnz	%w1, 2b\n"
		: "=&r"(tmp), "=&r"(fail)
		: "r"(&l->locked), "r"(1u)
		: "memory");
}

static inline void vgic_lock_release(struct vgic_lock *l)
{
	/* STLR clears the exclusive monitor of waiters, which wakes their WFE. */
	__asm__ volatile("stlr	wzr, [%0]" : : "r"(&l->locked) : "memory");
}
#else
static inline void vgic_lock_acquire(struct vgic_lock *l)
{
	while (__atomic_exchange_n(&l->locked, 1u, __ATOMIC_ACQUIRE))
		;
}

static inline void vgic_lock_release(struct vgic_lock *l)
{
	__atomic_store_n(&l->locked, 0u, __ATOMIC_RELEASE);
}
#endif

#endif
