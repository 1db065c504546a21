// SPDX-License-Identifier: MIT
/*
 * The devices blob of a snapshot (devices_state.h, docs/snapshot.md):
 *
 *   "ADEV", le32 version, le32 record count, then per device
 *   le32 board type, le32 virtio device ID (0 for the others),
 *   le64 MMIO base, le32 state length, the model's state (dev_state.h).
 *
 * A device is known by its type, device ID and base: the restoring side's
 * board must have exactly the snapshot's devices.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/devices_state.h"
#include "dev/dev_state.h"
#include "dev/virtio_spec.h"
#include "host/host_virtio.h"

#define RECORD_HEAD 20u              /* type, device ID, base, length */
#define STATE_MAX (DEV_STATE_MAX > HOST_VIRTIO_STATE_MAX ? DEV_STATE_MAX \
						     : HOST_VIRTIO_STATE_MAX)

/* One device of cv: a platform instance or virtio device i. */
struct dev_ref {
	uint32_t type;               /* enum board_dev_type */
	uint32_t device_id;          /* VIRTIO_ID_*, or 0 */
	uint64_t base;
	struct dev_instance *inst;   /* platform device, or NULL */
	unsigned virtio;             /* else host_virtio index */
	const void *state;           /* load: its record's state */
	uint32_t state_len;
};

static unsigned nr_virtio(const struct cli_vm *cv)
{
	return cv->virtio ? host_virtio_count(cv->virtio) : 0;
}

/* Every device of cv, platform ones first: how many. */
static unsigned list_devices(struct cli_vm *cv, struct dev_ref *ref)
{
	unsigned n = 0;

	for (unsigned i = 0; i < cv->devs.nr_dev; i++) {
		struct dev_instance *inst = &cv->devs.dev[i];

		ref[n++] = (struct dev_ref){ .type = inst->desc.type,
					     .base = inst->desc.base, .inst = inst };
	}
	for (unsigned i = 0; i < nr_virtio(cv); i++) {
		struct host_virtio_slot s;

		if (host_virtio_slot(cv->virtio, i, &s) < 0)
			continue;
		ref[n++] = (struct dev_ref){ .type = BOARD_DEV_VIRTIO_MMIO,
					     .device_id = s.device_id, .base = s.base,
					     .virtio = i };
	}
	return n;
}

static const char *virtio_name(uint32_t id)
{
	switch (id) {
	case VIRTIO_ID_NET: return "virtio-net";
	case VIRTIO_ID_BLOCK: return "virtio-blk";
	case VIRTIO_ID_CONSOLE: return "virtio-console";
	case VIRTIO_ID_ENTROPY: return "virtio-rng";
	}
	return "virtio device";
}

static const char *ref_name(uint32_t type, uint32_t device_id)
{
	if (type == BOARD_DEV_VIRTIO_MMIO)
		return virtio_name(device_id);
	return type < BOARD_DEV_NR_TYPES ? board_dev_type_name(type) : "unknown device";
}

void devices_state_pause(struct cli_vm *cv)
{
	if (cv->virtio)
		host_virtio_pause(cv->virtio);
}

void devices_state_resume(struct cli_vm *cv)
{
	if (cv->virtio)
		host_virtio_resume(cv->virtio);
}

/* The lock a platform device's MMIO exits (and the UART's input) take. */
static pthread_mutex_t *platform_lock(struct cli_vm *cv, uint32_t type)
{
	return type == BOARD_DEV_PL011 ? &cv->devs.uart_lock : &cv->devs.lock;
}

static int save_platform(struct cli_vm *cv, struct dev_instance *inst,
			 void *buf, size_t len)
{
	pthread_mutex_t *lock = platform_lock(cv, inst->desc.type);
	int n;

	pthread_mutex_lock(lock);
	n = dev_instance_save(inst, buf, len);
	pthread_mutex_unlock(lock);
	return n;
}

int devices_state_save(struct cli_vm *cv, void **blob, size_t *size,
		       char *err, size_t errlen)
{
	struct dev_ref ref[CLI_MAX_DEVICES + BOARD_MAX_DEVS];
	unsigned n = list_devices(cv, ref);
	size_t cap = 12 + (size_t)n * (RECORD_HEAD + STATE_MAX);
	uint8_t *buf = malloc(cap);
	struct dev_state s;

	if (!buf) {
		snprintf(err, errlen, "devices: out of memory");
		return -1;
	}
	dev_state_begin_save(&s, buf, cap, DEVICES_STATE_MAGIC, DEVICES_STATE_VERSION);
	dev_state_put_u32(&s, n);
	for (unsigned i = 0; i < n; i++) {
		size_t at = s.pos + RECORD_HEAD;
		int len;

		len = ref[i].inst ? save_platform(cv, ref[i].inst, buf + at, cap - at)
				  : host_virtio_save(cv->virtio, ref[i].virtio,
						     buf + at, cap - at);
		if (len < 0) {
			snprintf(err, errlen, "%s at 0x%llx: its state cannot be saved",
				 ref_name(ref[i].type, ref[i].device_id),
				 (unsigned long long)ref[i].base);
			free(buf);
			return -1;
		}
		dev_state_put_u32(&s, ref[i].type);
		dev_state_put_u32(&s, ref[i].device_id);
		dev_state_put_u64(&s, ref[i].base);
		dev_state_put_u32(&s, (uint32_t)len);
		s.pos += (size_t)len;            /* the state is already there */
	}
	if (dev_state_end(&s) < 0) {
		snprintf(err, errlen, "devices: state larger than expected");
		free(buf);
		return -1;
	}
	*blob = buf;
	*size = s.pos;
	return 0;
}

/* The device of ref[0..n) the record names, or NULL. */
static struct dev_ref *find_ref(struct dev_ref *ref, unsigned n, uint32_t type,
				uint32_t device_id, uint64_t base)
{
	for (unsigned i = 0; i < n; i++)
		if (ref[i].type == type && ref[i].device_id == device_id &&
		    ref[i].base == base)
			return &ref[i];
	return NULL;
}

/* Parse the records and match them with cv's devices one to one. */
static int match_records(struct dev_ref *ref, unsigned n, const void *blob,
			 size_t size, char *err, size_t errlen)
{
	struct dev_state s;
	uint32_t count;

	if (size < 8 || memcmp(blob, DEVICES_STATE_MAGIC, 4)) {
		snprintf(err, errlen, "devices: not a device state (bad magic)");
		return -1;
	}
	if (!dev_state_begin_load(&s, blob, size, DEVICES_STATE_MAGIC,
				  DEVICES_STATE_VERSION)) {
		snprintf(err, errlen, "devices: device state of an unsupported version");
		return -1;
	}
	count = dev_state_get_u32(&s);
	for (uint32_t i = 0; i < count && !s.bad; i++) {
		uint32_t type = dev_state_get_u32(&s);
		uint32_t device_id = dev_state_get_u32(&s);
		uint64_t base = dev_state_get_u64(&s);
		uint32_t len = dev_state_get_u32(&s);
		struct dev_ref *r;

		if (s.bad || len > s.len - s.pos)
			break;
		r = find_ref(ref, n, type, device_id, base);
		if (!r) {
			snprintf(err, errlen, "the snapshot has a %s at 0x%llx that this VM "
				 "lacks (restore with the same device options)",
				 ref_name(type, device_id), (unsigned long long)base);
			return -1;
		}
		if (r->state) {
			snprintf(err, errlen, "devices: the %s at 0x%llx is saved twice",
				 ref_name(type, device_id), (unsigned long long)base);
			return -1;
		}
		r->state = s.buf + s.pos;
		r->state_len = len;
		s.pos += len;
	}
	if (s.bad || s.pos != s.len) {
		snprintf(err, errlen, "devices: device state is truncated or malformed");
		return -1;
	}
	for (unsigned i = 0; i < n; i++)
		if (!ref[i].state) {
			snprintf(err, errlen, "this VM has a %s at 0x%llx that the snapshot "
				 "lacks (restore with the same device options)",
				 ref_name(ref[i].type, ref[i].device_id),
				 (unsigned long long)ref[i].base);
			return -1;
		}
	return 0;
}

static int platform_failed(const struct dev_ref *r, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s at 0x%llx: saved state is invalid or of another version",
		 ref_name(r->type, 0), (unsigned long long)r->base);
	return -1;
}

int devices_state_load(struct cli_vm *cv, const void *blob, size_t size,
		       char *err, size_t errlen)
{
	struct dev_ref ref[CLI_MAX_DEVICES + BOARD_MAX_DEVS];
	unsigned n = list_devices(cv, ref);
	struct dev_instance *scratch;

	if (match_records(ref, n, blob, size, err, errlen) < 0)
		return -1;
	/* Every device checked before any changes: a load into a copy. */
	scratch = malloc(sizeof(*scratch));
	if (!scratch) {
		snprintf(err, errlen, "devices: out of memory");
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		struct dev_ref *r = &ref[i];

		if (!r->inst) {
			if (host_virtio_check(cv->virtio, r->virtio, r->state,
					      r->state_len, err, errlen) < 0)
				goto fail;
			continue;
		}
		pthread_mutex_lock(platform_lock(cv, r->type));
		*scratch = *r->inst;
		pthread_mutex_unlock(platform_lock(cv, r->type));
		if (dev_instance_load(scratch, r->state, r->state_len) < 0) {
			platform_failed(r, err, errlen);
			goto fail;
		}
	}
	free(scratch);
	for (unsigned i = 0; i < n; i++) {
		struct dev_ref *r = &ref[i];
		int rc;

		if (!r->inst) {
			rc = host_virtio_load(cv->virtio, r->virtio, r->state,
					      r->state_len, err, errlen);
		} else {
			pthread_mutex_lock(platform_lock(cv, r->type));
			rc = dev_instance_load(r->inst, r->state, r->state_len);
			if (rc == 0)
				dev_instance_sync_irq(r->inst);
			pthread_mutex_unlock(platform_lock(cv, r->type));
			if (rc < 0)
				platform_failed(r, err, errlen);
		}
		/* Checked above with the same bytes: cannot fail now. */
		if (rc < 0)
			return -1;
	}
	return 0;
fail:
	free(scratch);
	return -1;
}

void devices_state_machine(const struct cli_vm *cv, struct snapshot_machine *m)
{
	memset(m, 0, sizeof(*m));
	m->host_arch = snapshot_host_arch();
	m->guest_arch = (uint32_t)armvm_vm_arch(cv->vm);
	m->nr_vcpus = armvm_vm_nr_vcpus(cv->vm);
	switch (armvm_vm_gic(cv->vm)) {
	case ARMVM_GIC_V2: m->gic_version = 2; break;
	case ARMVM_GIC_V3: m->gic_version = 3; break;
	default: m->gic_version = 0; break;
	}
	if (armvm_vm_has_pmu(cv->vm))
		m->flags |= SNAPSHOT_MACHINE_PMU;
	if (armvm_vm_has_its(cv->vm))
		m->flags |= SNAPSHOT_MACHINE_ITS;
	m->nr_ram = 1;
	m->ram[0] = (struct snapshot_ram){ cv->ram.gpa, cv->ram.size };
	m->board = cv->board;
}
