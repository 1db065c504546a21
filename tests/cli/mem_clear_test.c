/* SPDX-License-Identifier: MIT */
/*
 * Native unit tests of mem_clear() (issue 8: the run's static state is
 * cleared without making its untouched pages resident): it zeroes like
 * memset at any alignment and length, and a page already zero is not
 * written (a read-only page of zeros is cleared without a fault). One
 * PASS:/FAIL: line per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cli/mem_clear.h"

static int failures;

static void report(int ok, const char *name)
{
	printf("%s: mem-clear-%s\n", ok ? "PASS" : "FAIL", name);
	failures += !ok;
}

static int zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	/* Like memset: every offset and length over three pages, the bytes
	 * around the range kept. */
	static unsigned char buf[3 * 4096 + 64];
	int ok = 1;
	const size_t offs[] = { 0, 1, 7, 4095, 4096, 4097 };
	const size_t lens[] = { 0, 1, 15, 4096, 4097, 8191, 2 * 4096 + 3 };
	for (size_t a = 0; a < sizeof(offs) / sizeof(offs[0]); a++)
		for (size_t b = 0; b < sizeof(lens) / sizeof(lens[0]); b++) {
			memset(buf, 0xa5, sizeof(buf));
			mem_clear(buf + offs[a], lens[b]);
			ok &= zero(buf + offs[a], lens[b]);
			ok &= offs[a] == 0 || buf[offs[a] - 1] == 0xa5;
			ok &= buf[offs[a] + lens[b]] == 0xa5;
		}
	report(ok, "like-memset");

	/* One byte set in the middle page of three: cleared. */
	unsigned char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		report(0, "one-byte");
		report(0, "zero-pages-not-written");
		return 1;
	}
	m[4096 + 100] = 1;
	mem_clear(m, 3 * 4096);
	report(zero(m, 3 * 4096), "one-byte");

	/* Pages of zeros made read-only: a write would be SIGSEGV. */
	if (mprotect(m, 3 * 4096, PROT_READ) == 0) {
		mem_clear(m, 3 * 4096);
		report(1, "zero-pages-not-written");
	} else {
		report(0, "zero-pages-not-written");
	}
	munmap(m, 3 * 4096);
	return failures ? 1 : 0;
}
