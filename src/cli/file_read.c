/* SPDX-License-Identifier: MIT */
/* Whole-file reads; see file_read.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/file_read.h"

/* Nothing armvm loads (kernels, initrds) comes near this. */
#define FILE_READ_MAX (2ULL << 30)

static int read_or_map(const char *path, const char *what, struct file_buf *out,
		       bool map, char *err, size_t errlen)
{
	out->data = NULL;
	out->len = 0;
	out->mapped = false;
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
	if (map && len >= FILE_MAP_MIN) {
		void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			close(fd);
			out->data = m;
			out->len = len;
			out->mapped = true;
			return 0;
		}
	}
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

int file_read_all(const char *path, const char *what, struct file_buf *out,
		  char *err, size_t errlen)
{
	return read_or_map(path, what, out, false, err, errlen);
}

int file_map_all(const char *path, const char *what, struct file_buf *out,
		 char *err, size_t errlen)
{
	return read_or_map(path, what, out, true, err, errlen);
}

void file_buf_free(struct file_buf *f)
{
	if (f->mapped)
		munmap(f->data, f->len);
	else
		free(f->data);
	f->mapped = false;
	f->data = NULL;
	f->len = 0;
}

/* The guard's state is the process's: a signal handler has no other. */
static sigjmp_buf guard_jmp;
static volatile sig_atomic_t guard_armed;
static bool guard_installed;
static struct sigaction guard_old;

static void guard_sigbus(int sig)
{
	if (guard_armed) {
		guard_armed = 0;
		siglongjmp(guard_jmp, 1);
	}
	sigaction(sig, &guard_old, NULL);
	raise(sig);
}

sigjmp_buf *file_guard_jmp(void)
{
	return &guard_jmp;
}

void file_guard_arm(void)
{
	if (!guard_installed) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = guard_sigbus;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, &guard_old);
		guard_installed = true;
	}
	guard_armed = 1;
}

void file_guard_disarm(void)
{
	guard_armed = 0;
	if (guard_installed)
		sigaction(SIGBUS, &guard_old, NULL);
	guard_installed = false;
}
