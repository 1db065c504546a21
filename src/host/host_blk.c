/* SPDX-License-Identifier: MIT */
/* File-backed virtio-blk back end: pread/pwrite/fsync, punch-hole discard. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_backends.h"

static int blk_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct host_blk_file *f = ctx;
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(f->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;      /* an error, or the file shrank under us */
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int blk_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct host_blk_file *f = ctx;
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(f->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int blk_flush(void *ctx)
{
	struct host_blk_file *f = ctx;

	return fsync(f->fd) < 0 ? -1 : 0;
}

static int blk_discard(void *ctx, uint64_t off, uint64_t len)
{
	struct host_blk_file *f = ctx;

	if (fallocate(f->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)off, (off_t)len) == 0)
		return 0;
	/* Discard is a hint: a file system that cannot punch holes keeps the
	 * data, which is what a discarded range may read back as. */
	return errno == EOPNOTSUPP ? 0 : -1;
}

int host_blk_open(struct host_blk_file *f, const char *path, bool readonly,
		  struct virtio_blk_backend *be, char *err, size_t errlen)
{
	struct stat st;
	uint64_t size;
	const char *base;

	f->fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (f->fd < 0) {
		snprintf(err, errlen, "cannot open disk image %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(f->fd, &st) < 0) {
		snprintf(err, errlen, "cannot stat disk image %s: %s", path, strerror(errno));
		goto fail;
	}
	f->is_blockdev = S_ISBLK(st.st_mode);
	if (f->is_blockdev) {
		if (ioctl(f->fd, BLKGETSIZE64, &size) < 0) {
			snprintf(err, errlen, "cannot get the size of %s: %s", path, strerror(errno));
			goto fail;
		}
	} else if (S_ISREG(st.st_mode)) {
		size = (uint64_t)st.st_size;
	} else {
		snprintf(err, errlen, "disk image %s is not a regular file or block device", path);
		goto fail;
	}
	if (size < VIRTIO_BLK_SECTOR_SIZE) {
		snprintf(err, errlen, "disk image %s is smaller than one 512-byte sector", path);
		goto fail;
	}
	/* Two VMs writing one image corrupt it: take a lock, shared for
	 * read-only users. */
	if (flock(f->fd, (readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
		snprintf(err, errlen, "disk image %s is in use by another process", path);
		goto fail;
	}
	memset(be, 0, sizeof(*be));
	be->ctx = f;
	be->size = size;
	be->readonly = readonly;
	be->read = blk_read;
	be->write = blk_write;
	be->flush = blk_flush;
	be->discard = f->is_blockdev ? NULL : blk_discard;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	/* GET_ID: up to 20 bytes, NUL-padded, not necessarily terminated. */
	memcpy(be->id, base, strnlen(base, sizeof(be->id)));
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	return -1;
}

void host_blk_close(struct host_blk_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}
