// SPDX-License-Identifier: MIT
/*
 * armvm-lab-runas UID GID COMMAND [ARG...]: run COMMAND as that user and
 * group, with no supplementary groups (the lab's busybox has no su or
 * setpriv): for tests of what armvm does when a non-root user starts it
 * (tests/lab/28-privdrop.sh).
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s UID GID COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	uid_t u = (uid_t)strtoul(argv[1], NULL, 10);
	gid_t g = (gid_t)strtoul(argv[2], NULL, 10);
	if (setgroups(0, NULL) < 0 || setresgid(g, g, g) < 0 || setresuid(u, u, u) < 0) {
		fprintf(stderr, "armvm-lab-runas: cannot become %u:%u: %s\n", (unsigned)u,
			(unsigned)g, strerror(errno));
		return 126;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "armvm-lab-runas: cannot run %s: %s\n", argv[3], strerror(errno));
	return 127;
}
