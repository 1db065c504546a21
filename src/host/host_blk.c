/* SPDX-License-Identifier: MIT */
/* File-backed virtio-blk back end: one preadv/pwritev per request,
 * fdatasync, punch-hole discard; errors as negative errnos. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "host/host_backends.h"

/* struct dev_iovec is declared to match struct iovec (host_net.c checks). */

/*
 * One preadv/pwritev for the whole request; only a short transfer (a
 * signal, a file at its size limit) needs another call, for the rest.
 * Returns 0 or a negative errno.
 */
static int blk_rw(struct host_blk_file *f, uint64_t off,
		  const struct dev_iovec *diov, unsigned n, bool write)
{
	const struct iovec *iov = (const struct iovec *)diov;
	struct iovec rest[VIRTQ_MAX_SEGS];
	size_t total = 0;

	for (unsigned i = 0; i < n; i++)
		total += iov[i].iov_len;
	while (total) {
		ssize_t done = write ? pwritev(f->fd, iov, (int)n, (off_t)off)
				     : preadv(f->fd, iov, (int)n, (off_t)off);

		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return -errno;
		if (done == 0)
			return write ? -ENOSPC : -EIO;   /* the file shrank under us */
		off += (uint64_t)done;
		total -= (size_t)done;
		if (!total)
			break;
		/* Skip what was transferred: a copy, as the caller's is const. */
		while ((size_t)done >= iov[0].iov_len) {
			done -= (ssize_t)iov[0].iov_len;
			iov++;
			n--;
		}
		memcpy(rest, iov, n * sizeof(*iov));
		rest[0].iov_base = (uint8_t *)rest[0].iov_base + done;
		rest[0].iov_len -= (size_t)done;
		iov = rest;
	}
	return 0;
}

static int blk_read(void *ctx, uint64_t off, const struct dev_iovec *iov,
		    unsigned n)
{
	return blk_rw(ctx, off, iov, n, false);
}

static int blk_write(void *ctx, uint64_t off, const struct dev_iovec *iov,
		     unsigned n)
{
	return blk_rw(ctx, off, iov, n, true);
}

/* The image's size never changes, so the data (fdatasync) is all a flush
 * needs to make durable. */
static int blk_flush(void *ctx)
{
	struct host_blk_file *f = ctx;

	return fdatasync(f->fd) < 0 ? -errno : 0;
}

static const char *blk_error_str(int errnum)
{
	return strerror(errnum);
}

static int blk_discard(void *ctx, uint64_t off, uint64_t len)
{
	struct host_blk_file *f = ctx;

	if (fallocate(f->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)off, (off_t)len) == 0)
		return 0;
	/* Discard is a hint: a file system that cannot punch holes keeps the
	 * data, which is what a discarded range may read back as. */
	return errno == EOPNOTSUPP ? 0 : -errno;
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
	be->error_str = blk_error_str;
	/* The name in host error reports: the path, or its tail if long. */
	if (strlen(path) < sizeof(f->path))
		memcpy(f->path, path, strlen(path) + 1);
	else
		snprintf(f->path, sizeof(f->path), "...%s",
			 path + strlen(path) - (sizeof(f->path) - 4));
	be->name = f->path;
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
