/* SPDX-License-Identifier: MIT */
/* Whole-file reads; see file_read.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/file_read.h"

/* Nothing armvm loads (kernels, initrds) comes near this. */
#define FILE_READ_MAX (2ULL << 30)

int file_read_all(const char *path, const char *what, struct file_buf *out,
		  char *err, size_t errlen)
{
	out->data = NULL;
	out->len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s '%s': %s", what, path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s '%s' is not a regular file", what, path);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		snprintf(err, errlen, "%s '%s' is empty", what, path);
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > FILE_READ_MAX) {
		snprintf(err, errlen, "%s '%s' is too large (%lld bytes)", what, path,
			 (long long)st.st_size);
		close(fd);
		return -1;
	}
	size_t len = (size_t)st.st_size;
	char *buf = malloc(len);
	if (!buf) {
		snprintf(err, errlen, "out of memory reading %s '%s'", what, path);
		close(fd);
		return -1;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "cannot read %s '%s': %s", what, path,
				 n < 0 ? strerror(errno) : "file shrank while reading");
			free(buf);
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	close(fd);
	out->data = buf;
	out->len = len;
	return 0;
}

void file_buf_free(struct file_buf *f)
{
	free(f->data);
	f->data = NULL;
	f->len = 0;
}
