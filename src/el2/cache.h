/* SPDX-License-Identifier: MIT */
/* Cache maintenance for memory EL2 writes and a guest then reads with its
 * MMU (and so its caches) off. */
#ifndef EL2_CACHE_H
#define EL2_CACHE_H

#include <stddef.h>

/* Clean [p, p + len) to the point of coherency (DC CVAC). */
void dcache_clean_range(const void *p, size_t len);
/* Invalidate all instruction caches, inner shareable (IC IALLUIS). */
void icache_invalidate_all(void);

#endif
