/* SPDX-License-Identifier: MIT */
/*
 * Native unit tests of whole-file reads and maps (issue 8: a kernel is
 * mapped, not read into a buffer): a large file is mapped, a small one
 * read, both whole; the errors; a mapped file that shrinks under its user
 * lands in the guard instead of killing the process. One PASS:/FAIL: line
 * per case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/file_read.h"

static int failures;

static void report(int ok, const char *name, const char *detail)
{
	printf("%s: file-read-%s%s%s\n", ok ? "PASS" : "FAIL", name,
	       ok ? "" : ": ", ok ? "" : detail);
	failures += !ok;
}

static int write_file(const char *path, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	for (size_t i = 0; i < len; i++)
		fputc((int)(i * 7 % 251), f);
	return fclose(f);
}

static int content_ok(const struct file_buf *b, size_t len)
{
	const unsigned char *p = b->data;
	if (b->len != len)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (p[i] != (unsigned char)(i * 7 % 251))
			return 0;
	return 1;
}

/* Reads every byte of a mapped file that was cut short: the guard turns
 * the SIGBUS into a return of 1. */
static volatile unsigned touched;   /* keeps the reads */

static int touch_guarded(const struct file_buf *b)
{
	if (sigsetjmp(*file_guard_jmp(), 1)) {
		file_guard_disarm();
		return 1;
	}
	file_guard_arm();
	for (size_t i = 0; i < b->len; i += 4096)
		touched += ((const volatile unsigned char *)b->data)[i];
	file_guard_disarm();
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/armvm-file-read-XXXXXX", big[64], small[64], empty[64], err[256];
	struct file_buf b;
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(big, sizeof(big), "%s/big", dir);
	snprintf(small, sizeof(small), "%s/small", dir);
	snprintf(empty, sizeof(empty), "%s/empty", dir);
	const size_t big_len = 2 * FILE_MAP_MIN + 123, small_len = 4000;
	if (write_file(big, big_len) || write_file(small, small_len) || write_file(empty, 0)) {
		perror("write");
		return 1;
	}

	int r = file_map_all(big, "image", &b, err, sizeof(err));
	report(r == 0 && b.mapped && content_ok(&b, big_len), "large-mapped-whole", err);
	file_buf_free(&b);
	r = file_map_all(small, "image", &b, err, sizeof(err));
	report(r == 0 && !b.mapped && content_ok(&b, small_len), "small-read-whole", err);
	file_buf_free(&b);
	r = file_read_all(big, "image", &b, err, sizeof(err));
	report(r == 0 && !b.mapped && content_ok(&b, big_len), "read-all-reads", err);
	file_buf_free(&b);

	r = file_map_all(empty, "initrd", &b, err, sizeof(err));
	report(r < 0 && strstr(err, "initrd") && strstr(err, "is empty"), "empty", err);
	r = file_map_all(dir, "image", &b, err, sizeof(err));
	report(r < 0 && strstr(err, "is not a regular file"), "directory", err);
	snprintf(err, sizeof(err), "-");
	char missing[80];
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	r = file_map_all(missing, "image", &b, err, sizeof(err));
	report(r < 0 && strstr(err, "cannot open image"), "missing", err);

	/* Cut short after mapping: the pages past the end raise SIGBUS. */
	r = file_map_all(big, "image", &b, err, sizeof(err));
	if (r == 0 && truncate(big, 4096) == 0) {
		report(touch_guarded(&b) == 1, "shrunk-caught", "no SIGBUS reached the guard");
		/* Disarmed again: a later fault would be the old handler's. */
		report(touch_guarded(&b) == 1, "guard-rearms", "second guard missed");
	} else {
		report(0, "shrunk-caught", "cannot map or truncate");
	}
	file_buf_free(&b);

	unlink(big);
	unlink(small);
	unlink(empty);
	rmdir(dir);
	return failures ? 1 : 0;
}
