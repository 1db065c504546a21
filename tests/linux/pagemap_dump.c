// SPDX-License-Identifier: MIT
/*
 * pagemap-dump PID: every mapping of PID with the pages it has mapped, as
 * page-offset ranges within the mapping, from /proc/PID/pagemap
 * (Documentation/admin-guide/mm/pagemap.rst), one line per mapping:
 *   <start>-<end> <perms> off=<file offset> <name>: <first>+<count><kind>... = <n> pages
 * all numbers hex but n; kind f: a file or shmem page, a: anonymous, z: the
 * shared zero page (mapped by a read, not counted in RSS; telling it apart
 * needs root, for /proc/kpageflags). A lab tool of scripts/hot-layout.py
 * (docs/performance.md, "armvm's memory beyond guest RAM, second pass");
 * that script builds it, make does not.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define PAGE 4096ul
#define PM_PRESENT     (1ull << 63)
#define PM_FILE        (1ull << 61)
#define PM_PFN_MASK    ((1ull << 55) - 1)
#define KPF_ZERO_PAGE  24

enum kind { NONE, FILE_PAGE, ANON_PAGE, ZERO_PAGE };

static enum kind page_kind(int pm, int kf, unsigned long addr)
{
	uint64_t e, flags;

	if (pread(pm, &e, sizeof(e), (off_t)(addr / PAGE * sizeof(e))) != sizeof(e) ||
	    !(e & PM_PRESENT))
		return NONE;
	if (kf >= 0 && (e & PM_PFN_MASK) &&
	    pread(kf, &flags, sizeof(flags), (off_t)((e & PM_PFN_MASK) * sizeof(flags))) == sizeof(flags) &&
	    (flags >> KPF_ZERO_PAGE & 1))
		return ZERO_PAGE;
	return e & PM_FILE ? FILE_PAGE : ANON_PAGE;
}

int main(int argc, char **argv)
{
	static const char mark[] = { '-', 'f', 'a', 'z' };
	char path[64], line[512];

	if (argc != 2) {
		fprintf(stderr, "usage: pagemap-dump PID\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%s/maps", argv[1]);
	FILE *maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%s/pagemap", argv[1]);
	int pm = open(path, O_RDONLY);
	if (!maps || pm < 0) {
		perror("pagemap-dump");
		return 1;
	}
	int kf = open("/proc/kpageflags", O_RDONLY);   /* -1 unless root */
	while (fgets(line, sizeof(line), maps)) {
		unsigned long lo, hi, off;
		char perm[8], name[256] = "[anon]";

		if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %255s", &lo, &hi, perm, &off, name) < 4)
			continue;
		unsigned long n = (hi - lo) / PAGE;
		if (n > (1ul << 20)) {           /* guest RAM and the like */
			printf("%lx-%lx %s off=%lx %s: large\n", lo, hi, perm, off, name);
			continue;
		}
		printf("%lx-%lx %s off=%lx %s:", lo, hi, perm, off, name);
		unsigned long start = 0, count = 0;
		enum kind run = NONE;
		for (unsigned long i = 0; i <= n; i++) {
			enum kind k = i < n ? page_kind(pm, kf, lo + i * PAGE) : NONE;
			if (k == run)
				continue;
			if (run != NONE) {
				printf(" %lx+%lx%c", start, i - start, mark[run]);
				count += i - start;
			}
			run = k;
			start = i;
		}
		printf(" = %lu pages\n", count);
	}
	return 0;
}
