/* SPDX-License-Identifier: MIT */
/* Whole-file reads for images and initrds, with one-line errors. */
#ifndef ARMVM_CLI_FILE_READ_H
#define ARMVM_CLI_FILE_READ_H

#include <stdbool.h>
#include <stddef.h>

struct file_buf {
	void *data;
	size_t len;
	bool mapped;     /* data is a read-only mapping of the file */
};

/* Read `path` whole; an empty file is an error. `what` names it in messages
 * ("image", "initrd"). Returns 0, or -1 with a message in err. */
int file_read_all(const char *path, const char *what, struct file_buf *out,
		  char *err, size_t errlen);
/* The same, but a file of at least FILE_MAP_MIN bytes is mapped read-only
 * instead of read: a kernel is copied once, from the page cache into guest
 * RAM, not read into a buffer first (32 MiB: ~20 M instructions less). A
 * mapped file that shrinks while in use raises SIGBUS on access: callers
 * touch it inside file_guard (below). Falls back to reading. */
#define FILE_MAP_MIN (1u << 20)
int file_map_all(const char *path, const char *what, struct file_buf *out,
		 char *err, size_t errlen);
void file_buf_free(struct file_buf *f);

/* SIGBUS on a mapped file while armed: file_guard_arm() after sigsetjmp(, 1)
 * (the mask restored: SIGBUS is blocked in the handler) on
 * *file_guard_jmp() returned 0; a fault jumps back there with 1 (the
 * guard then no longer armed). file_guard_disarm() puts the previous
 * SIGBUS action back, on both paths. One guard per process, on the thread
 * that sets the VM up. */
#include <setjmp.h>
sigjmp_buf *file_guard_jmp(void);
void file_guard_arm(void);
void file_guard_disarm(void);

#endif
