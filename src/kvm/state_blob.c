/* SPDX-License-Identifier: MIT */
/*
 * The state blob's container (state_blob.h): writing records, checking a
 * whole blob before anything of it is used, walking its records. Plain C,
 * no KVM: unit-tested on any host.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm/state_blob.h"

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) four bits at a
 * time: small, and the blob is tens of kilobytes. */
uint32_t state_crc32(const void *buf, size_t len)
{
	static const uint32_t nibble[16] = {
		0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
		0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
		0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
	};
	const uint8_t *p = buf;
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ nibble[crc & 15];
		crc = (crc >> 4) ^ nibble[crc & 15];
	}
	return ~crc;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

void state_writer_init(struct state_writer *w)
{
	memset(w, 0, sizeof(*w));
	w->len = STATE_HEADER_SIZE;
	w->cap = 64 * 1024;
	w->buf = calloc(1, w->cap);
	if (!w->buf)
		w->failed = true;
}

static uint8_t *room(struct state_writer *w, size_t n)
{
	if (w->failed)
		return NULL;
	if (w->len + n > w->cap) {
		size_t cap = w->cap;
		while (w->len + n > cap)
			cap *= 2;
		uint8_t *b = realloc(w->buf, cap);
		if (!b) {
			w->failed = true;
			return NULL;
		}
		memset(b + w->cap, 0, cap - w->cap);
		w->buf = b;
		w->cap = cap;
	}
	uint8_t *p = w->buf + w->len;
	w->len += n;
	return p;
}

void state_put(struct state_writer *w, const void *data, size_t len)
{
	uint8_t *p = room(w, len);
	if (p)
		memcpy(p, data, len);
}

void state_put_u32(struct state_writer *w, uint32_t v)
{
	uint8_t *p = room(w, 4);
	if (p)
		put_le32(p, v);
}

void state_put_u64(struct state_writer *w, uint64_t v)
{
	uint8_t *p = room(w, 8);
	if (p)
		put_le64(p, v);
}

static void pad8(struct state_writer *w)
{
	size_t n = (8 - (w->len & 7)) & 7;
	if (n)
		room(w, n);     /* zeroed on allocation */
}

void state_rec_begin(struct state_writer *w, enum state_rec type, uint32_t vcpu)
{
	w->rec = w->len;
	state_put_u32(w, (uint32_t)type);
	state_put_u32(w, vcpu);
	state_put_u64(w, 0);
}

void state_put_reg(struct state_writer *w, uint64_t id, const void *value)
{
	state_put_u64(w, id);
	state_put(w, value, state_reg_size(id));
	pad8(w);
}

void state_put_attr(struct state_writer *w, uint32_t group, uint32_t size, uint64_t attr,
		    uint64_t value)
{
	state_put_u32(w, group);
	state_put_u32(w, size);
	state_put_u64(w, attr);
	state_put_u64(w, value);
}

void state_rec_end(struct state_writer *w)
{
	if (w->failed)
		return;
	put_le64(w->buf + w->rec + 8, w->len - w->rec - STATE_REC_HEAD);
	pad8(w);
}

bool state_writer_finish(struct state_writer *w, const struct state_header *h)
{
	if (w->failed) {
		free(w->buf);
		w->buf = NULL;
		return false;
	}
	uint8_t *p = w->buf;
	memcpy(p, STATE_MAGIC, 8);
	put_le32(p + 8, h->version);
	put_le32(p + 12, STATE_HEADER_SIZE);
	put_le32(p + 16, h->arch);
	put_le32(p + 20, h->nr_vcpus);
	put_le32(p + 24, h->gic);
	put_le32(p + 28, h->flags);
	put_le64(p + 32, w->len - STATE_HEADER_SIZE);
	put_le32(p + 40, state_crc32(p + STATE_HEADER_SIZE, w->len - STATE_HEADER_SIZE));
	put_le32(p + 44, state_crc32(p, 44));
	return true;
}

static int fail(char *msg, size_t msglen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *rec_name(uint32_t type)
{
	switch (type) {
	case STATE_REC_VCPU_REGS: return "vCPU registers";
	case STATE_REC_VCPU_MP: return "vCPU MP state";
	case STATE_REC_VCPU_EVENTS: return "vCPU events";
	case STATE_REC_GIC: return "GIC";
	case STATE_REC_ITS: return "ITS";
	default: return NULL;
	}
}

/* One record's payload framing. */
static int check_payload(const struct state_rec_view *r, char *msg, size_t msglen)
{
	size_t pos = 0;

	switch (r->type) {
	case STATE_REC_VCPU_REGS:
		while (pos < r->len) {
			if (r->len - pos < 8)
				return fail(msg, msglen, "vCPU %u register record: a torn entry", r->vcpu);
			uint64_t id = le64(r->data + pos);
			size_t sz = state_reg_size(id);
			if (sz > STATE_MAX_REG_SIZE)
				return fail(msg, msglen, "vCPU %u register 0x%llx: size %zu out of range",
					    r->vcpu, (unsigned long long)id, sz);
			size_t step = 8 + ((sz + 7) & ~(size_t)7);
			if (r->len - pos < step)
				return fail(msg, msglen, "vCPU %u register 0x%llx: value cut short",
					    r->vcpu, (unsigned long long)id);
			pos += step;
		}
		return 0;
	case STATE_REC_VCPU_MP:
		if (r->len != 4)
			return fail(msg, msglen, "vCPU %u MP state: %llu bytes, 4 expected", r->vcpu,
				    (unsigned long long)r->len);
		return 0;
	case STATE_REC_VCPU_EVENTS:
		if (r->len == 0 || r->len > 1024)
			return fail(msg, msglen, "vCPU %u events: %llu bytes", r->vcpu,
				    (unsigned long long)r->len);
		return 0;
	case STATE_REC_GIC:
	case STATE_REC_ITS:
		if (r->len % STATE_GIC_ENTRY)
			return fail(msg, msglen, "%s record: %llu bytes, not whole entries",
				    rec_name(r->type), (unsigned long long)r->len);
		for (pos = 0; pos < r->len; pos += STATE_GIC_ENTRY) {
			uint32_t size = le32(r->data + pos + 4);
			uint64_t value = le64(r->data + pos + 16);
			if (size != 4 && size != 8)
				return fail(msg, msglen, "%s entry %zu: value size %u",
					    rec_name(r->type), pos / STATE_GIC_ENTRY, size);
			if (size == 4 && value >> 32)
				return fail(msg, msglen, "%s entry %zu: 32-bit value 0x%llx too wide",
					    rec_name(r->type), pos / STATE_GIC_ENTRY,
					    (unsigned long long)value);
		}
		return 0;
	}
	return fail(msg, msglen, "unknown record type %u", r->type);
}

int state_check(const void *blob, size_t size, struct state_header *h, char *msg,
		size_t msglen)
{
	const uint8_t *p = blob;

	if (!blob || size < STATE_HEADER_SIZE)
		return fail(msg, msglen, "state blob truncated: %zu bytes, the header alone is %d",
			    size, STATE_HEADER_SIZE);
	if (memcmp(p, STATE_MAGIC, 8) != 0)
		return fail(msg, msglen, "not an armvm VM state blob (bad magic)");
	if (state_crc32(p, 44) != le32(p + 44))
		return fail(msg, msglen, "state blob header corrupt (checksum mismatch)");
	h->version = le32(p + 8);
	if (h->version != STATE_VERSION)
		return fail(msg, msglen, "state blob version %u, this library reads version %d",
			    h->version, STATE_VERSION);
	if (le32(p + 12) != STATE_HEADER_SIZE)
		return fail(msg, msglen, "state blob header size %u, expected %d", le32(p + 12),
			    STATE_HEADER_SIZE);
	h->arch = le32(p + 16);
	h->nr_vcpus = le32(p + 20);
	h->gic = le32(p + 24);
	h->flags = le32(p + 28);
	h->body_size = le64(p + 32);
	if (h->body_size != size - STATE_HEADER_SIZE)
		return fail(msg, msglen, "state blob %s: %zu bytes, its header says %llu",
			    h->body_size > size - STATE_HEADER_SIZE ? "truncated" : "has trailing bytes",
			    size, (unsigned long long)h->body_size + STATE_HEADER_SIZE);
	if (state_crc32(p + STATE_HEADER_SIZE, h->body_size) != le32(p + 40))
		return fail(msg, msglen, "state blob corrupt (body checksum mismatch)");
	if (h->arch > 1)
		return fail(msg, msglen, "state blob for unknown architecture %u", h->arch);
	if (h->nr_vcpus < 1 || h->nr_vcpus > 64)
		return fail(msg, msglen, "state blob vCPU count %u out of range", h->nr_vcpus);
	if (h->gic != 0 && h->gic != 2 && h->gic != 3)
		return fail(msg, msglen, "state blob GIC version %u unknown", h->gic);

	/* Records: framing, and which are there. */
	uint8_t seen_regs[64] = { 0 }, seen_mp[64] = { 0 };
	unsigned gic_records = 0, its_records = 0;
	size_t pos = 0;
	struct state_rec_view r;
	while (pos < h->body_size) {
		if (h->body_size - pos < STATE_REC_HEAD)
			return fail(msg, msglen, "state blob: a torn record head at byte %zu",
				    pos + STATE_HEADER_SIZE);
		const uint8_t *q = p + STATE_HEADER_SIZE + pos;
		r.type = le32(q);
		r.vcpu = le32(q + 4);
		r.len = le64(q + 8);
		r.data = q + STATE_REC_HEAD;
		if (!rec_name(r.type))
			return fail(msg, msglen, "state blob: unknown record type %u", r.type);
		if (r.len > h->body_size - pos - STATE_REC_HEAD)
			return fail(msg, msglen, "state blob: %s record runs past the end",
				    rec_name(r.type));
		bool per_vcpu = r.type == STATE_REC_VCPU_REGS || r.type == STATE_REC_VCPU_MP ||
				r.type == STATE_REC_VCPU_EVENTS;
		if (per_vcpu ? r.vcpu >= h->nr_vcpus : r.vcpu != STATE_VM_RECORD)
			return fail(msg, msglen, "state blob: %s record for vCPU %u", rec_name(r.type),
				    r.vcpu);
		if (check_payload(&r, msg, msglen) < 0)
			return -1;
		if (r.type == STATE_REC_VCPU_REGS && seen_regs[r.vcpu]++)
			return fail(msg, msglen, "state blob: two register records for vCPU %u", r.vcpu);
		if (r.type == STATE_REC_VCPU_MP && seen_mp[r.vcpu]++)
			return fail(msg, msglen, "state blob: two MP state records for vCPU %u", r.vcpu);
		if (r.type == STATE_REC_GIC)
			gic_records++;
		if (r.type == STATE_REC_ITS && (its_records++ || !gic_records))
			return fail(msg, msglen, "state blob: an ITS record %s",
				    its_records > 1 ? "twice" : "before the GIC record");
		pos += STATE_REC_HEAD + ((r.len + 7) & ~(uint64_t)7);
	}
	if (pos != h->body_size)
		return fail(msg, msglen, "state blob: the last record's padding is cut off");
	for (unsigned i = 0; i < h->nr_vcpus; i++)
		if (!seen_regs[i] || !seen_mp[i])
			return fail(msg, msglen, "state blob: vCPU %u has no %s record", i,
				    seen_regs[i] ? "MP state" : "register");
	if (gic_records != (h->gic ? 1u : 0u))
		return fail(msg, msglen, "state blob: %u GIC records for %s", gic_records,
			    h->gic ? "a GIC" : "no GIC");
	if (its_records != (h->flags & STATE_F_ITS ? 1u : 0u))
		return fail(msg, msglen, "state blob: %s ITS record", its_records ? "an unexpected" : "no");
	return 0;
}

int state_check_fits(const struct state_header *h, uint32_t arch, uint32_t nr_vcpus,
		     uint32_t gic, uint32_t flags, char *msg, size_t msglen)
{
	static const char *const arch_name[] = { "AArch64", "AArch32" };
	if (h->arch != arch)
		return fail(msg, msglen, "the state is of an %s guest, this VM is %s",
			    arch_name[h->arch & 1], arch_name[arch & 1]);
	if (h->nr_vcpus != nr_vcpus)
		return fail(msg, msglen, "the state has %u vCPUs, this VM %u", h->nr_vcpus,
			    nr_vcpus);
	if (h->gic != gic) {
		char a[8], b[8];
		snprintf(a, sizeof(a), h->gic ? "GICv%u" : "no GIC", h->gic);
		snprintf(b, sizeof(b), gic ? "GICv%u" : "no GIC", gic);
		return fail(msg, msglen, "the state has %s, this VM %s", a, b);
	}
	if ((h->flags ^ flags) & STATE_F_ITS)
		return fail(msg, msglen, "the state has %s ITS, this VM %s",
			    h->flags & STATE_F_ITS ? "an" : "no", flags & STATE_F_ITS ? "has one" : "none");
	if ((h->flags ^ flags) & STATE_F_PMU)
		return fail(msg, msglen, "the state has %s PMU, this VM %s",
			    h->flags & STATE_F_PMU ? "a" : "no", flags & STATE_F_PMU ? "has one" : "none");
	return 0;
}

bool state_next_rec(const void *blob, size_t *pos, struct state_rec_view *r)
{
	const uint8_t *p = blob;
	uint64_t body = le64(p + 32);

	if (*pos >= body)
		return false;
	const uint8_t *q = p + STATE_HEADER_SIZE + *pos;
	r->type = le32(q);
	r->vcpu = le32(q + 4);
	r->len = le64(q + 8);
	r->data = q + STATE_REC_HEAD;
	*pos += STATE_REC_HEAD + ((r->len + 7) & ~(uint64_t)7);
	return true;
}

bool state_next_reg(const struct state_rec_view *r, size_t *pos, uint64_t *id,
		    const uint8_t **value)
{
	if (*pos >= r->len)
		return false;
	*id = le64(r->data + *pos);
	*value = r->data + *pos + 8;
	*pos += 8 + ((state_reg_size(*id) + 7) & ~(size_t)7);
	return true;
}

bool state_next_attr(const struct state_rec_view *r, size_t *pos, struct state_attr *a)
{
	if (*pos + STATE_GIC_ENTRY > r->len)
		return false;
	const uint8_t *q = r->data + *pos;
	a->group = le32(q);
	a->size = le32(q + 4);
	a->attr = le64(q + 8);
	a->value = le64(q + 16);
	*pos += STATE_GIC_ENTRY;
	return true;
}
