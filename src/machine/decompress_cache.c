// SPDX-License-Identifier: MIT
/* A cache of inflated kernels: see decompress_cache.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "machine/decompress_cache.h"
#include "machine/file_checksum.h"

#define CACHE_MAGIC "ARMVMKC1"

struct cache_header {
	char magic[8];
	uint64_t image_size;
	uint64_t text_offset;
	uint64_t bss_size;
	uint32_t arm32_image;
	uint32_t file_method;
	uint32_t payload_method;
	uint32_t pad;
	uint64_t data_offset;        /* page aligned: the data maps as it is */
};

static int entry_path(char *path, size_t n, const char *dir, enum machine_arch arch,
		      enum decompress_mode mode, const void *file, size_t len)
{
	/* Every warm boot pays it: the CPU's CRC instructions (file_checksum.h). */
	uint64_t crc = file_checksum(file, len);
	int r = snprintf(path, n, "%s/%016llx-%zu-%c%c.kernel", dir,
			 (unsigned long long)crc, len,
			 arch == MACHINE_ARCH_AARCH32 ? 'a' : 'b',
			 mode == DECOMPRESS_MODE_GUEST ? 'g' : 'n');
	return r > 0 && (size_t)r < n ? 0 : -1;
}

bool decompress_cache_load(const char *dir, enum machine_arch arch,
			   enum decompress_mode mode, const void *file, size_t len,
			   struct decompressed_kernel *out)
{
	char path[4096];
	struct cache_header h;
	struct stat st;
	void *map;
	int fd;

	if (!dir || !file || !len ||
	    entry_path(path, sizeof(path), dir, arch, mode, file, len) < 0)
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    memcmp(h.magic, CACHE_MAGIC, 8) || h.data_offset < sizeof(h) ||
	    h.data_offset % 4096 || h.image_size == 0 ||
	    (uint64_t)st.st_size != h.data_offset + h.image_size) {
		close(fd);
		return false;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return false;
	*out = (struct decompressed_kernel){
		.image = (const uint8_t *)map + h.data_offset,
		.image_size = (size_t)h.image_size,
		.buf = map, .buf_cap = (size_t)st.st_size,
		.file_method = (enum decompress_method)h.file_method,
		.payload_method = (enum decompress_method)h.payload_method,
		.arm32_image = h.arm32_image != 0,
		.text_offset = h.text_offset, .bss_size = h.bss_size,
	};
	return true;
}

static bool write_all(int fd, const void *p, size_t n, off_t at)
{
	const uint8_t *b = p;
	while (n) {
		ssize_t w = pwrite(fd, b, n, at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		b += w;
		n -= (size_t)w;
		at += w;
	}
	return true;
}

void decompress_cache_store(const char *dir, enum machine_arch arch,
			    enum decompress_mode mode, const void *file, size_t len,
			    const struct decompressed_kernel *k)
{
	char path[4096], tmp[4200];
	struct cache_header h = {
		.image_size = k->image_size, .text_offset = k->text_offset,
		.bss_size = k->bss_size, .arm32_image = k->arm32_image,
		.file_method = k->file_method, .payload_method = k->payload_method,
		.data_offset = 4096,
	};
	int fd;

	if (!dir || !k->buf || !k->image_size ||
	    entry_path(path, sizeof(path), dir, arch, mode, file, len) < 0)
		return;
	memcpy(h.magic, CACHE_MAGIC, 8);
	mkdir(dir, 0700);                /* exists already: fine */
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	bool ok = write_all(fd, &h, sizeof(h), 0) &&
		  write_all(fd, k->image, k->image_size, (off_t)h.data_offset);
	if (close(fd) < 0)
		ok = false;
	if (!ok || rename(tmp, path) < 0)
		unlink(tmp);
}
