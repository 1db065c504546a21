/* SPDX-License-Identifier: MIT */
/*
 * The container of armvm_vm_state_save()'s blob, apart from KVM so that
 * its checks are unit-tested on any host (tests/kvm/state_blob_test.c).
 * Little-endian throughout (the only host is arm64 little-endian; the
 * reader checks the magic, so a big-endian host would refuse the blob).
 *
 *   header (48 bytes)
 *     0  magic "ARMVMST\n"      24 gic: 0 none, 2, 3
 *     8  version                 28 flags (STATE_F_*)
 *    12  header size (48)        32 body size (u64)
 *    16  arch (enum armvm_arch)  40 CRC-32 of the body
 *    20  vCPU count              44 CRC-32 of bytes 0..43
 *   body: records, each
 *     0  type (STATE_REC_*)   4  vCPU index (~0: the VM)   8  payload length
 *    16  payload, padded with zeros to a multiple of 8
 *
 * Payloads: VCPU_REGS a run of { u64 KVM register id, value of the id's
 * size, padded to 8 }; VCPU_MP a u32 KVM MP state (+ pad); VCPU_EVENTS
 * struct kvm_vcpu_events; GIC and ITS a run of { u32 KVM device-attribute
 * group, u32 value size (4 or 8), u64 attribute, u64 value }, in the order
 * they are to be written back.
 */
#ifndef ARMVM_KVM_STATE_BLOB_H
#define ARMVM_KVM_STATE_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATE_MAGIC        "ARMVMST\n"
#define STATE_HEADER_SIZE  48
#define STATE_VERSION      1
#define STATE_F_PMU        (1u << 0)
#define STATE_F_ITS        (1u << 1)
#define STATE_VM_RECORD    0xFFFFFFFFu
#define STATE_REC_HEAD     16
#define STATE_GIC_ENTRY    24
#define STATE_MAX_REG_SIZE 256     /* KVM_REG_SIZE_U2048: an SVE Z register */

enum state_rec {
	STATE_REC_VCPU_REGS = 1,
	STATE_REC_VCPU_MP = 2,
	STATE_REC_VCPU_EVENTS = 3,
	STATE_REC_GIC = 4,
	STATE_REC_ITS = 5,
};

struct state_header {
	uint32_t version, arch, nr_vcpus, gic, flags;
	uint64_t body_size;
};

/* The byte size of a KVM register value: 1 << the id's size field
 * (KVM_REG_SIZE_MASK, bits 55:52; api.rst "KVM_SET_ONE_REG"). */
static inline size_t state_reg_size(uint64_t id)
{
	return (size_t)1 << ((id >> 52) & 0xf);
}

uint32_t state_crc32(const void *buf, size_t len);

/* A blob being written: a growable buffer. Any allocation failure is
 * remembered (failed) and reported by state_writer_finish. */
struct state_writer {
	uint8_t *buf;
	size_t len, cap;
	size_t rec;          /* offset of the open record's head */
	bool failed;
};
void state_writer_init(struct state_writer *w);
void state_rec_begin(struct state_writer *w, enum state_rec type, uint32_t vcpu);
void state_put(struct state_writer *w, const void *data, size_t len);
void state_put_u32(struct state_writer *w, uint32_t v);
void state_put_u64(struct state_writer *w, uint64_t v);
void state_put_reg(struct state_writer *w, uint64_t id, const void *value);
void state_put_attr(struct state_writer *w, uint32_t group, uint32_t size, uint64_t attr,
		    uint64_t value);
void state_rec_end(struct state_writer *w);
/* Fill the header and checksums; false when memory ran out (buffer freed). */
bool state_writer_finish(struct state_writer *w, const struct state_header *h);

/*
 * The whole structure of a blob: header, checksums, version, record framing
 * and each payload's own framing, one VCPU_REGS and one VCPU_MP record per
 * vCPU, a GIC record when there is a GIC. 0 or -1 with one line in msg.
 */
int state_check(const void *blob, size_t size, struct state_header *h, char *msg,
		size_t msglen);
/* Whether a checked blob fits a VM of this arch, vCPU count, GIC and
 * features; -1 with the first difference in msg. */
int state_check_fits(const struct state_header *h, uint32_t arch, uint32_t nr_vcpus,
		     uint32_t gic, uint32_t flags, char *msg, size_t msglen);

/* Walking a checked blob's records. */
struct state_rec_view {
	uint32_t type, vcpu;
	const uint8_t *data;
	uint64_t len;
};
/* *pos starts at 0; false at the end. */
bool state_next_rec(const void *blob, size_t *pos, struct state_rec_view *r);
/* Entries of a VCPU_REGS payload: *pos starts at 0. */
bool state_next_reg(const struct state_rec_view *r, size_t *pos, uint64_t *id,
		    const uint8_t **value);
/* Entries of a GIC/ITS payload. */
struct state_attr {
	uint32_t group, size;
	uint64_t attr, value;
};
bool state_next_attr(const struct state_rec_view *r, size_t *pos, struct state_attr *a);

#endif
