/* SPDX-License-Identifier: MIT */
/* Zeroing that leaves zero pages untouched; see mem_clear.h. */
#include <stdint.h>
#include <string.h>

#include "cli/mem_clear.h"

/* The smallest page size of the hosts armvm runs on (Arm: 4, 16, 64 KiB). */
#define CLEAR_CHUNK 4096u

static int all_zero(const unsigned char *p, size_t len)
{
	size_t i = 0;
	for (; i + sizeof(uint64_t) <= len; i += sizeof(uint64_t)) {
		uint64_t w;
		memcpy(&w, p + i, sizeof(w));   /* a plain load; no alignment assumed */
		if (w)
			return 0;
	}
	for (; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

void mem_clear(void *p, size_t len)
{
	unsigned char *c = p;
	while (len) {
		/* Chunks end on page boundaries so a zero page is never written. */
		size_t n = CLEAR_CHUNK - ((uintptr_t)c & (CLEAR_CHUNK - 1));
		if (n > len)
			n = len;
		if (!all_zero(c, n))
			memset(c, 0, n);
		c += n;
		len -= n;
	}
}
