/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's one spinlock (vGIC state, physical GIC tables, console,
 * device models). On aarch64 it is an LDAXR/STXR loop that waits in WFE,
 * written out in assembly so the EL2 image needs neither LSE atomics
 * (Cortex-A57 is Armv8.0) nor libgcc's out-of-line atomic helpers, whatever
 * the compiler flags; elsewhere (native unit tests) it uses the compiler
 * builtins. Requires the MMU and caches on (exclusives on normal memory).
 */
#ifndef EL2_SPINLOCK_H
#define EL2_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	volatile uint32_t locked;
};

#define SPINLOCK_INIT { 0 }

static inline void spin_lock_init(struct spinlock *l)
{
	l->locked = 0;
}

#if defined(__aarch64__)
static inline void spin_lock(struct spinlock *l)
{
	uint32_t tmp, fail;

	/* SEVL makes the first WFE fall through; later ones sleep until the
	 * holder's release clears our exclusive monitor. */
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

/* Take the lock if it is free; never waits. */
static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t tmp, fail;

	__asm__ volatile(
		"1:	ldaxr	%w0, [%2]\n"
		"	cbnz	%w0, 2f\n"
		"	stxr	%w1, %w3, [%2]\n"
		"	cbnz	%w1, 1b\n"
		"	b	3f\n"
		"2:	clrex\n"
		"3:\n"
		: "=&r"(tmp), "=&r"(fail)
		: "r"(&l->locked), "r"(1u)
		: "memory");
	return tmp == 0;
}

static inline void spin_unlock(struct spinlock *l)
{
	/* STLR clears the exclusive monitor of waiters, which wakes their WFE. */
	__asm__ volatile("stlr	wzr, [%0]" : : "r"(&l->locked) : "memory");
}
#else
static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1u, __ATOMIC_ACQUIRE))
		;
}

static inline bool spin_trylock(struct spinlock *l)
{
	return __atomic_exchange_n(&l->locked, 1u, __ATOMIC_ACQUIRE) == 0;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0u, __ATOMIC_RELEASE);
}
#endif

#endif
