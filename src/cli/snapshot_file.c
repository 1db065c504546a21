// SPDX-License-Identifier: MIT
/*
 * The snapshot file container (snapshot_file.h). Layout, version 1, all
 * little-endian (docs/snapshot.md has the table):
 *
 *   header   "ARMVMSNP", version, header length, file length, host arch,
 *            the machine (guest arch, vCPUs, GIC, flags, RAM regions, board
 *            devices), the section table (name, offset, size, CRC-32),
 *            the header's CRC-32 (its last field)
 *   sections each at the next 8-byte boundary, in table order
 *   trailer  "ARMVMEND", the CRC-32 of everything before it (the file's
 *            last field)
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cli/snapshot_file.h"
#include "dev/dev_state.h"
#include "cli/errbuf.h"

#define FIXED_HEADER   64u
#define RAM_ENTRY      16u
#define BOARD_ENTRY    32u
#define SECTION_ENTRY  40u
#define HEADER_CRC     8u           /* le32 reserved, le32 CRC of all before it */
#define TRAILER        16u          /* magic, le32 reserved, le32 CRC of all before it */

uint32_t snapshot_host_arch(void)
{
#if defined(__aarch64__)
	return SNAPSHOT_HOST_AARCH64;
#elif defined(__arm__)
	return SNAPSHOT_HOST_ARM;
#elif defined(__x86_64__)
	return SNAPSHOT_HOST_X86_64;
#else
	return 0;
#endif
}

static const char *arch_name(uint32_t a)
{
	switch (a) {
	case SNAPSHOT_HOST_AARCH64: return "aarch64";
	case SNAPSHOT_HOST_ARM: return "arm";
	case SNAPSHOT_HOST_X86_64: return "x86_64";
	}
	return "unknown";
}

static uint32_t crc(const void *p, size_t n)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static size_t header_len(uint32_t nr_ram, uint32_t nr_board, uint32_t nr_sec)
{
	return FIXED_HEADER + RAM_ENTRY * (size_t)nr_ram + BOARD_ENTRY * (size_t)nr_board +
	       SECTION_ENTRY * (size_t)nr_sec + HEADER_CRC;
}

/* ---- the machine ---- */

static const char *machine_invalid(const struct snapshot_machine *m)
{
	if (m->guest_arch > 1)
		return "unknown guest architecture";
	if (!m->nr_vcpus)
		return "no vCPUs";
	if (m->gic_version != 0 && m->gic_version != 2 && m->gic_version != 3)
		return "unknown GIC version";
	if (m->nr_ram < 1 || m->nr_ram > SNAPSHOT_MAX_RAM)
		return "bad number of RAM regions";
	for (uint32_t i = 0; i < m->nr_ram; i++) {
		const struct snapshot_ram *r = &m->ram[i];

		if (!r->size || r->base + r->size < r->base ||
		    (i && r->base < m->ram[i - 1].base + m->ram[i - 1].size))
			return "RAM regions empty, overlapping or out of order";
	}
	if (m->board.nr > BOARD_MAX_DEVS)
		return "too many board devices";
	for (uint32_t i = 0; i < m->board.nr; i++)
		if (m->board.dev[i].type >= BOARD_DEV_NR_TYPES)
			return "unknown board device type";
	return NULL;
}

/* Field by field: a struct board_dev has padding. */
static bool board_dev_equal(const struct board_dev *a, const struct board_dev *b)
{
	return a->type == b->type && a->spi == b->spi && a->base == b->base &&
	       a->size == b->size && a->options == b->options;
}

int snapshot_machine_compare(const struct snapshot_machine *saved,
			     const struct snapshot_machine *here,
			     char *err, size_t errlen)
{
	static const char *const width[2] = { "AArch64", "AArch32" };

	if (saved->guest_arch != here->guest_arch)
		return errbuf_fail(err, errlen, "snapshot is of an %s guest; this VM is %s",
			    width[saved->guest_arch & 1], width[here->guest_arch & 1]);
	if (saved->nr_vcpus != here->nr_vcpus)
		return errbuf_fail(err, errlen, "snapshot has %u vCPUs; this VM has %u",
			    saved->nr_vcpus, here->nr_vcpus);
	if (saved->gic_version != here->gic_version)
		return errbuf_fail(err, errlen, "snapshot has GIC version %u; this VM has %u "
			    "(0 = none)", saved->gic_version, here->gic_version);
	if ((saved->flags ^ here->flags) & SNAPSHOT_MACHINE_PMU)
		return errbuf_fail(err, errlen, "snapshot's VM %s a PMU; this VM %s",
			    saved->flags & SNAPSHOT_MACHINE_PMU ? "has" : "has no",
			    here->flags & SNAPSHOT_MACHINE_PMU ? "has one" : "has none");
	if ((saved->flags ^ here->flags) & SNAPSHOT_MACHINE_ITS)
		return errbuf_fail(err, errlen, "snapshot's VM %s an ITS; this VM %s",
			    saved->flags & SNAPSHOT_MACHINE_ITS ? "has" : "has no",
			    here->flags & SNAPSHOT_MACHINE_ITS ? "has one" : "has none");
	if (saved->nr_ram != here->nr_ram)
		return errbuf_fail(err, errlen, "snapshot has %u RAM regions; this VM has %u",
			    saved->nr_ram, here->nr_ram);
	for (uint32_t i = 0; i < saved->nr_ram && i < SNAPSHOT_MAX_RAM; i++)
		if (saved->ram[i].base != here->ram[i].base ||
		    saved->ram[i].size != here->ram[i].size)
			return errbuf_fail(err, errlen, "snapshot's RAM is %llu MiB at 0x%llx; this "
				    "VM's is %llu MiB at 0x%llx",
				    (unsigned long long)(saved->ram[i].size >> 20),
				    (unsigned long long)saved->ram[i].base,
				    (unsigned long long)(here->ram[i].size >> 20),
				    (unsigned long long)here->ram[i].base);
	for (uint32_t i = 0; i < saved->board.nr || i < here->board.nr; i++) {
		const struct board_dev *a = i < saved->board.nr ? &saved->board.dev[i] : NULL;
		const struct board_dev *b = i < here->board.nr ? &here->board.dev[i] : NULL;

		if (a && b && board_dev_equal(a, b))
			continue;
		if (a && a->type >= BOARD_DEV_NR_TYPES)
			return errbuf_fail(err, errlen, "snapshot's board has an unknown device");
		if (!b || (a && (a->type != b->type || a->base != b->base)))
			return errbuf_fail(err, errlen, "snapshot's board has a %s at 0x%llx that this "
				    "VM lacks (restore with the same device options)",
				    board_dev_type_name(a->type),
				    (unsigned long long)a->base);
		if (!a)
			return errbuf_fail(err, errlen, "this VM's board has a %s at 0x%llx that the "
				    "snapshot lacks (restore with the same device options)",
				    board_dev_type_name(b->type),
				    (unsigned long long)b->base);
		return errbuf_fail(err, errlen, "the %s at 0x%llx differs from the snapshot's "
			    "(another virtio device or interrupt)",
			    board_dev_type_name(b->type), (unsigned long long)b->base);
	}
	return 0;
}

/* A name is printable ASCII without spaces (it ends up in messages). */
static bool name_ok(const char *name)
{
	size_t n = strnlen(name, SNAPSHOT_SECTION_NAME_MAX);

	if (!n || n == SNAPSHOT_SECTION_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (name[i] <= 0x20 || name[i] >= 0x7f)
			return false;
	return true;
}

/* ---- writing ---- */

static void put_machine(struct dev_state *s, const struct snapshot_machine *m)
{
	for (uint32_t i = 0; i < m->nr_ram; i++) {
		dev_state_put_u64(s, m->ram[i].base);
		dev_state_put_u64(s, m->ram[i].size);
	}
	for (uint32_t i = 0; i < m->board.nr; i++) {
		const struct board_dev *d = &m->board.dev[i];

		dev_state_put_u32(s, d->type);
		dev_state_put_u32(s, d->spi);
		dev_state_put_u64(s, d->base);
		dev_state_put_u64(s, d->size);
		dev_state_put_u32(s, d->options);
		dev_state_put_u32(s, 0);
	}
}

/* The whole file in a new buffer: its size, or 0 with err. */
static size_t build(const struct snapshot_machine *m, const struct snapshot_section *sec,
		    unsigned n, uint8_t **out, char *err, size_t errlen)
{
	size_t hlen = header_len(m->nr_ram, m->board.nr, n), total = hlen, off;
	const char *why = machine_invalid(m);
	struct dev_state s;
	uint8_t *buf;

	if (why) {
		errbuf_fail(err, errlen, "snapshot: invalid machine: %s", why);
		return 0;
	}
	if (n > SNAPSHOT_MAX_SECTIONS) {
		errbuf_fail(err, errlen, "snapshot: more than %u sections", SNAPSHOT_MAX_SECTIONS);
		return 0;
	}
	for (unsigned i = 0; i < n; i++) {
		if (!name_ok(sec[i].name) || (sec[i].size && !sec[i].data) ||
		    sec[i].size > SNAPSHOT_MAX_FILE) {
			errbuf_fail(err, errlen, "snapshot: bad section %u", i);
			return 0;
		}
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(sec[i].name, sec[j].name)) {
				errbuf_fail(err, errlen, "snapshot: section '%s' given twice", sec[i].name);
				return 0;
			}
		total = align8(total + sec[i].size);
	}
	total += TRAILER;
	if (total > SNAPSHOT_MAX_FILE) {
		errbuf_fail(err, errlen, "snapshot: %zu bytes is larger than the %u MiB a "
		     "snapshot file may have", total, SNAPSHOT_MAX_FILE >> 20);
		return 0;
	}
	buf = calloc(1, total);
	if (!buf) {
		errbuf_fail(err, errlen, "snapshot: out of memory");
		return 0;
	}
	s = (struct dev_state){ .buf = buf, .len = total };
	dev_state_put(&s, SNAPSHOT_MAGIC, 8);
	dev_state_put_u32(&s, SNAPSHOT_FORMAT_VERSION);
	dev_state_put_u32(&s, (uint32_t)hlen);
	dev_state_put_u64(&s, total);
	dev_state_put_u32(&s, snapshot_host_arch());
	dev_state_put_u32(&s, m->guest_arch);
	dev_state_put_u32(&s, m->nr_vcpus);
	dev_state_put_u32(&s, m->gic_version);
	dev_state_put_u32(&s, m->flags);
	dev_state_put_u32(&s, m->nr_ram);
	dev_state_put_u32(&s, m->board.nr);
	dev_state_put_u32(&s, n);
	dev_state_put_u64(&s, 0);
	put_machine(&s, m);
	off = hlen;
	for (unsigned i = 0; i < n; i++) {
		char name[SNAPSHOT_SECTION_NAME_MAX] = { 0 };

		memcpy(name, sec[i].name, strlen(sec[i].name));
		dev_state_put(&s, name, sizeof(name));
		dev_state_put_u64(&s, off);
		dev_state_put_u64(&s, sec[i].size);
		dev_state_put_u32(&s, sec[i].size ? crc(sec[i].data, sec[i].size) : crc("", 0));
		dev_state_put_u32(&s, 0);
		if (sec[i].size)
			memcpy(buf + off, sec[i].data, sec[i].size);
		off = align8(off + sec[i].size);
	}
	dev_state_put_u32(&s, 0);
	dev_state_put_u32(&s, crc(buf, s.pos));
	memcpy(buf + total - TRAILER, SNAPSHOT_TRAILER_MAGIC, 8);
	s.pos = total - 4;
	dev_state_put_u32(&s, crc(buf, total - 4));
	*out = buf;
	return total;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Make the rename durable: fsync the directory holding path. */
static int sync_dir(const char *path)
{
	char dir[4096];
	int fd, r;

	if (strlen(path) >= sizeof(dir))
		return -1;
	strcpy(dir, path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

int snapshot_file_write(const char *path, const struct snapshot_machine *m,
			const struct snapshot_section *s, unsigned n,
			char *err, size_t errlen)
{
	char tmp[4096];
	uint8_t *buf;
	size_t size = build(m, s, n, &buf, err, errlen);
	int fd, e;

	if (!size)
		return -1;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= sizeof(tmp)) {
		free(buf);
		return errbuf_fail(err, errlen, "%s: path too long", path);
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		free(buf);
		return errbuf_fail(err, errlen, "%s: cannot create a file next to it: %s", path,
			    strerror(e));
	}
	if (write_all(fd, buf, size) < 0 || fsync(fd) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		free(buf);
		return errbuf_fail(err, errlen, "%s: cannot write: %s", path, strerror(e));
	}
	free(buf);
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		return errbuf_fail(err, errlen, "%s: cannot write: %s", path, strerror(e));
	}
	if (sync_dir(path) < 0)
		return errbuf_fail(err, errlen, "%s: written, but its directory cannot be synced: %s",
			    path, strerror(errno));
	return 0;
}

/* ---- reading ---- */

static void get_machine(struct dev_state *s, struct snapshot_machine *m)
{
	for (uint32_t i = 0; i < m->nr_ram; i++) {
		m->ram[i].base = dev_state_get_u64(s);
		m->ram[i].size = dev_state_get_u64(s);
	}
	for (uint32_t i = 0; i < m->board.nr; i++) {
		struct board_dev *d = &m->board.dev[i];

		d->type = dev_state_get_u32(s);
		d->spi = dev_state_get_u32(s);
		d->base = dev_state_get_u64(s);
		d->size = dev_state_get_u64(s);
		d->options = dev_state_get_u32(s);
		dev_state_get_u32(s);
	}
}

static int parse_sections(const uint8_t *p, size_t len, struct dev_state *s,
			  struct snapshot_file *f, char *err, size_t errlen)
{
	size_t expect = s->len;          /* the header's length: data follow it */
	size_t data_end = len - TRAILER;

	s->len = len;
	s->pos = expect - f->nr * SECTION_ENTRY - HEADER_CRC;
	for (unsigned i = 0; i < f->nr; i++) {
		struct snapshot_section *sec = &f->sec[i];
		uint64_t off, size;
		uint32_t sum;

		dev_state_get(s, sec->name, SNAPSHOT_SECTION_NAME_MAX);
		off = dev_state_get_u64(s);
		size = dev_state_get_u64(s);
		sum = dev_state_get_u32(s);
		dev_state_get_u32(s);
		if (!name_ok(sec->name))
			return errbuf_fail(err, errlen, "snapshot section %u has a malformed name", i);
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(sec->name, f->sec[j].name))
				return errbuf_fail(err, errlen, "snapshot has section '%s' twice",
					    sec->name);
		if (off != expect || off > data_end || size > data_end - off)
			return errbuf_fail(err, errlen, "snapshot section '%s' lies outside the file "
				    "(corrupt or truncated)", sec->name);
		if (crc(p + off, (size_t)size) != sum)
			return errbuf_fail(err, errlen, "snapshot section '%s' is corrupt (CRC "
				    "mismatch)", sec->name);
		sec->data = p + off;
		sec->size = (size_t)size;
		expect = align8((size_t)(off + size));
	}
	if (expect != data_end)
		return errbuf_fail(err, errlen, "snapshot is corrupt (data after the last section)");
	return 0;
}

int snapshot_file_parse(const void *buf, size_t len, struct snapshot_file *f,
			char *err, size_t errlen)
{
	const uint8_t *p = buf;
	struct dev_state s = { .buf = (uint8_t *)(uintptr_t)buf, .len = len };
	struct snapshot_file n;
	uint32_t version, hlen, nr_board, nr_sec, hcrc;
	uint64_t file_len;
	const char *why;

	memset(f, 0, sizeof(*f));
	memset(&n, 0, sizeof(n));
	if (!len)
		return errbuf_fail(err, errlen, "snapshot file is empty");
	if (memcmp(p, SNAPSHOT_MAGIC, len < 8 ? len : 8))
		return errbuf_fail(err, errlen, "not an armvm snapshot (bad magic)");
	if (len < FIXED_HEADER)
		return errbuf_fail(err, errlen, "snapshot is truncated (%zu bytes, shorter than "
			    "its header)", len);
	s.pos = 8;
	version = dev_state_get_u32(&s);
	if (version != SNAPSHOT_FORMAT_VERSION)
		return errbuf_fail(err, errlen, "snapshot format version %u is not supported "
			    "(this armvm reads version %u)", version, SNAPSHOT_FORMAT_VERSION);
	hlen = dev_state_get_u32(&s);
	file_len = dev_state_get_u64(&s);
	n.machine.host_arch = dev_state_get_u32(&s);
	n.machine.guest_arch = dev_state_get_u32(&s);
	n.machine.nr_vcpus = dev_state_get_u32(&s);
	n.machine.gic_version = dev_state_get_u32(&s);
	n.machine.flags = dev_state_get_u32(&s);
	n.machine.nr_ram = dev_state_get_u32(&s);
	nr_board = dev_state_get_u32(&s);
	nr_sec = dev_state_get_u32(&s);
	if (n.machine.nr_ram < 1 || n.machine.nr_ram > SNAPSHOT_MAX_RAM ||
	    nr_board > BOARD_MAX_DEVS || nr_sec > SNAPSHOT_MAX_SECTIONS ||
	    hlen != header_len(n.machine.nr_ram, nr_board, nr_sec))
		return errbuf_fail(err, errlen, "snapshot header is corrupt (impossible sizes)");
	if (len < hlen)
		return errbuf_fail(err, errlen, "snapshot is truncated (%zu of %llu bytes)", len,
			    (unsigned long long)file_len);
	s.pos = hlen - 4;
	hcrc = dev_state_get_u32(&s);
	if (crc(p, hlen - 4) != hcrc)
		return errbuf_fail(err, errlen, "snapshot header is corrupt (CRC mismatch)");
	if (n.machine.host_arch != snapshot_host_arch())
		return errbuf_fail(err, errlen, "snapshot was taken on an %s host; this host is %s",
			    arch_name(n.machine.host_arch), arch_name(snapshot_host_arch()));
	if (file_len < hlen + TRAILER)
		return errbuf_fail(err, errlen, "snapshot header is corrupt (impossible sizes)");
	if (len < file_len)
		return errbuf_fail(err, errlen, "snapshot is truncated (%zu of %llu bytes)", len,
			    (unsigned long long)file_len);
	if (len > file_len)
		return errbuf_fail(err, errlen, "snapshot has %llu bytes of trailing data after "
			    "its end", (unsigned long long)(len - file_len));
	if (memcmp(p + len - TRAILER, SNAPSHOT_TRAILER_MAGIC, 8))
		return errbuf_fail(err, errlen, "snapshot is corrupt (no end marker)");
	n.machine.board.nr = nr_board;
	n.nr = nr_sec;
	s.pos = FIXED_HEADER;
	get_machine(&s, &n.machine);
	why = machine_invalid(&n.machine);
	if (why)
		return errbuf_fail(err, errlen, "snapshot describes an impossible machine: %s", why);
	s.len = hlen;
	if (parse_sections(p, len, &s, &n, err, errlen) < 0)
		return -1;
	s.pos = len - 4;
	if (crc(p, len - 4) != dev_state_get_u32(&s))
		return errbuf_fail(err, errlen, "snapshot is corrupt (whole-file CRC mismatch)");
	*f = n;
	f->size = len;
	return 0;
}

int snapshot_file_read(const char *path, struct snapshot_file *f,
		       char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	int fd, e;

	memset(f, 0, sizeof(*f));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errbuf_fail(err, errlen, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return errbuf_fail(err, errlen, "%s: not a regular file", path);
	}
	if ((uint64_t)st.st_size > SNAPSHOT_MAX_FILE) {
		close(fd);
		return errbuf_fail(err, errlen, "%s: %llu bytes is larger than any armvm snapshot",
			    path, (unsigned long long)st.st_size);
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		close(fd);
		return errbuf_fail(err, errlen, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			close(fd);
			free(buf);
			return errbuf_fail(err, errlen, "%s: %s", path, strerror(e));
		}
		if (r == 0)
			break;           /* shrank meanwhile: the checks say truncated */
		got += (size_t)r;
	}
	close(fd);
	if (snapshot_file_parse(buf, got, f, err, errlen) < 0) {
		char line[256];

		/* Name the file too. */
		snprintf(line, sizeof(line), "%s", err);
		snprintf(err, errlen, "%s: %s", path, line);
		free(buf);
		return -1;
	}
	f->buf = buf;
	return 0;
}

void snapshot_file_free(struct snapshot_file *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

const struct snapshot_section *snapshot_file_section(const struct snapshot_file *f,
						     const char *name)
{
	for (unsigned i = 0; i < f->nr; i++)
		if (!strncmp(f->sec[i].name, name, SNAPSHOT_SECTION_NAME_MAX))
			return &f->sec[i];
	return NULL;
}
