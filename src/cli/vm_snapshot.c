/* SPDX-License-Identifier: MIT */
/* Snapshots of armvm run's VM; see vm_snapshot.h and docs/snapshot.md. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/devices_state.h"
#include "cli/exit_status.h"
#include "cli/json.h"
#include "cli/snapshot_file.h"
#include "cli/mem_clear.h"
#include "cli/vm_snapshot.h"
#include "machine/memmap.h"
#include "cli/errbuf.h"

#define PAGE 4096u
/* Written in one pwrite at most: a run of non-zero pages. */
#define RUN_MAX (1u << 20)

/*
 * The memory file: guest RAM byte for byte from offset 0 (so it maps
 * straight over the guest's RAM), then one page of trailer tying it to its
 * snapshot: a file from another snapshot, a truncated one or something
 * else is refused instead of restoring a guest onto the wrong memory.
 */
#define MEM_MAGIC   "ARMVMMEM"
#define MEM_VERSION 1u

struct mem_trailer {
	char magic[8];
	uint32_t version;
	uint32_t page_size;
	uint64_t ram_size;
	uint64_t nonce;          /* also in the snapshot's backends section */
};

static bool page_zero(const uint8_t *p)
{
	const uint64_t *w = (const uint64_t *)p;
	for (unsigned i = 0; i < PAGE / 8; i++)
		if (w[i])
			return false;
	return true;
}

static int pwrite_all(int fd, const uint8_t *p, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* RAM to path: the file is sized first (all holes), then only the runs of
 * pages that are not all zero are written. */
static int write_mem(const char *path, const uint8_t *ram, uint64_t size, uint64_t nonce,
		     char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return errbuf_fail(err, errlen, "cannot create the memory file '%s': %s", path,
			    strerror(errno));
	if (ftruncate(fd, (off_t)(size + PAGE)) < 0)
		goto io;
	for (uint64_t at = 0; at < size;) {
		if (page_zero(ram + at)) {
			at += PAGE;
			continue;
		}
		uint64_t end = at + PAGE;
		while (end < size && end - at < RUN_MAX && !page_zero(ram + end))
			end += PAGE;
		if (pwrite_all(fd, ram + at, end - at, (off_t)at) < 0)
			goto io;
		at = end;
	}
	static uint8_t tail[PAGE];
	struct mem_trailer t = { .version = MEM_VERSION, .page_size = PAGE,
				 .ram_size = size, .nonce = nonce };
	memcpy(t.magic, MEM_MAGIC, 8);
	memset(tail, 0, sizeof(tail));
	memcpy(tail, &t, sizeof(t));
	if (pwrite_all(fd, tail, PAGE, (off_t)size) < 0 || fsync(fd) < 0)
		goto io;
	if (close(fd) < 0) {
		fd = -1;
		goto io;
	}
	return 0;
io:
	errbuf_fail(err, errlen, "cannot write the memory file '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(path);
	return -1;
}

/* The back ends as JSON, for the restoring side. */
static int backends_json(const struct cli_options *o, const struct api_config *ids,
			 uint64_t mem_size, uint64_t nonce, struct json_out *j)
{
	unsigned nets = 0;
	json_out_fmt(j, "{\"version\":1,\"mem_size\":%" PRIu64 ",\"mem_nonce\":\"%016" PRIx64
		     "\",\"virtio\":[", mem_size, nonce);
	for (unsigned i = 0; i < o->nr_virtio; i++) {
		const struct cli_virtio *v = &o->virtio[i];
		char arg[4096];
		snprintf(arg, sizeof(arg), "%.*s", (int)v->arg_len, v->arg ? v->arg : "");
		json_out_raw(j, i ? "," : "");
		switch (v->kind) {
		case CLI_VIRTIO_BLK:
			json_out_raw(j, "{\"kind\":\"blk\",\"path\":");
			json_out_str(j, arg);
			json_out_fmt(j, ",\"read_only\":%s}", v->readonly ? "true" : "false");
			break;
		case CLI_VIRTIO_NET_TAP:
			/* The API's iface_id (network_overrides name it), else net<n>. */
			if (ids && nets < ids->nr_net) {
				json_out_raw(j, "{\"kind\":\"net\",\"id\":");
				json_out_str(j, ids->net[nets].id);
				json_out_raw(j, ",\"tap\":");
			} else {
				json_out_fmt(j, "{\"kind\":\"net\",\"id\":\"net%u\",\"tap\":", nets);
			}
			nets++;
			json_out_str(j, arg);
			if (v->has_mac)
				json_out_fmt(j, ",\"mac\":\"%02x:%02x:%02x:%02x:%02x:%02x\"",
					     v->mac[0], v->mac[1], v->mac[2], v->mac[3],
					     v->mac[4], v->mac[5]);
			json_out_raw(j, "}");
			break;
		case CLI_VIRTIO_RNG:
			json_out_raw(j, "{\"kind\":\"rng\"}");
			break;
		case CLI_VIRTIO_CONSOLE:
			json_out_raw(j, "{\"kind\":\"console\"}");
			break;
		}
	}
	json_out_raw(j, "]}");
	return j->overflow ? -1 : 0;
}

int vm_snapshot_create(struct cli_vm *cv, const struct cli_options *o,
		       const struct api_config *ids, const char *snapshot_path, const char *mem_path,
		       char *err, size_t errlen)
{
	struct armvm_error e = { 0 };
	void *vm_blob = NULL, *dev_blob = NULL;
	size_t vm_size = 0, dev_size = 0;
	uint64_t nonce = 0;
	static char backends[64 * 1024];
	struct json_out j = { backends, sizeof(backends), 0, false };
	int rc = -1;

	if (!armvm_vm_paused(cv->vm))
		return errbuf_fail(err, errlen, "the microVM is not paused");
	if (getrandom(&nonce, sizeof(nonce), 0) != sizeof(nonce))
		return errbuf_fail(err, errlen, "getrandom: %s", strerror(errno));
	if (backends_json(o, ids, cv->ram.size, nonce, &j) < 0)
		return errbuf_fail(err, errlen, "the devices' back ends do not fit in a snapshot");
	/* The virtio I/O thread holds still too, so that the devices' state
	 * and RAM agree. */
	devices_state_pause(cv);
	if (armvm_vm_state_save(cv->vm, &vm_blob, &vm_size, &e) < 0) {
		errbuf_fail(err, errlen, "cannot save the VM's state: %s", e.msg);
		goto out;
	}
	if (devices_state_save(cv, &dev_blob, &dev_size, err, errlen) < 0)
		goto out;
	if (write_mem(mem_path, cv->ram.host, cv->ram.size, nonce, err, errlen) < 0)
		goto out;
	struct snapshot_machine m;
	devices_state_machine(cv, &m);
	struct snapshot_section s[3] = {
		{ SNAPSHOT_SECTION_VM, vm_blob, vm_size },
		{ SNAPSHOT_SECTION_DEVICES, dev_blob, dev_size },
		{ SNAPSHOT_SECTION_BACKENDS, backends, j.len },
	};
	if (snapshot_file_write(snapshot_path, &m, s, 3, err, errlen) < 0) {
		unlink(mem_path);
		goto out;
	}
	rc = 0;
out:
	devices_state_resume(cv);
	free(vm_blob);
	free(dev_blob);
	return rc;
}

/* Strings of the restored options: they live until the next restore. */
static char restore_args[CLI_MAX_VIRTIO][4096];

static int backends_parse(const struct snapshot_section *sec, struct cli_options *o,
			  const struct api_snapshot_load *l, uint64_t *mem_size,
			  uint64_t *nonce, char *err, size_t errlen)
{
	char why[200];
	struct json_doc d = { .cap = (unsigned)sec->size + 1, .str_cap = 2 * sec->size + 2 };
	int rc = -1;
	d.v = calloc(d.cap, sizeof(*d.v));
	d.str = malloc(d.str_cap);
	if (!d.v || !d.str) {
		errbuf_fail(err, errlen, "out of memory");
		goto out;
	}
	if (json_parse(sec->data, sec->size, &d, why, sizeof(why)) < 0) {
		errbuf_fail(err, errlen, "snapshot: malformed backends section: %s", why);
		goto out;
	}
	const struct json_value *root = &d.v[0];
	const struct json_value *ver = json_get(&d, root, "version");
	const struct json_value *ms = json_get(&d, root, "mem_size");
	const struct json_value *mn = json_get(&d, root, "mem_nonce");
	const struct json_value *vl = json_get(&d, root, "virtio");
	if (!ver || ver->type != JSON_NUMBER || !ver->is_int || ver->i != 1 ||
	    !ms || ms->type != JSON_NUMBER || !ms->is_int || ms->i <= 0 ||
	    !mn || mn->type != JSON_STRING || mn->str_len != 16 ||
	    !vl || vl->type != JSON_ARRAY || vl->count > CLI_MAX_VIRTIO) {
		errbuf_fail(err, errlen, "snapshot: malformed backends section");
		goto out;
	}
	*mem_size = (uint64_t)ms->i;
	char *end;
	*nonce = strtoull(mn->str, &end, 16);
	bool from_snapshot = o->nr_virtio == 0;
	unsigned i = 0;
	for (const struct json_value *v = json_at(&d, vl->child); v; v = json_at(&d, v->next), i++) {
		const struct json_value *k = json_get(&d, v, "kind");
		if (!k || k->type != JSON_STRING) {
			errbuf_fail(err, errlen, "snapshot: malformed backends section");
			goto out;
		}
		if (!from_snapshot)
			continue;
		struct cli_virtio *cv = &o->virtio[o->nr_virtio];
		memset(cv, 0, sizeof(*cv));
		const struct json_value *p;
		if (!strcmp(k->str, "blk") && (p = json_get(&d, v, "path")) &&
		    p->type == JSON_STRING && p->str_len < sizeof(restore_args[0])) {
			const struct json_value *ro = json_get(&d, v, "read_only");
			cv->kind = CLI_VIRTIO_BLK;
			cv->readonly = ro && ro->type == JSON_TRUE;
		} else if (!strcmp(k->str, "net") && (p = json_get(&d, v, "tap")) &&
			   p->type == JSON_STRING && p->str_len <= CLI_IFNAME_MAX) {
			cv->kind = CLI_VIRTIO_NET_TAP;
			const struct json_value *id = json_get(&d, v, "id");
			for (unsigned n = 0; l && id && id->type == JSON_STRING &&
			     n < l->nr_override; n++)
				if (!strcmp(l->override_id[n], id->str))
					p = NULL, snprintf(restore_args[o->nr_virtio],
							   sizeof(restore_args[0]), "%s",
							   l->override_tap[n]);
			const struct json_value *mac = json_get(&d, v, "mac");
			unsigned b[6];
			if (mac && mac->type == JSON_STRING &&
			    sscanf(mac->str, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2],
				   &b[3], &b[4], &b[5]) == 6) {
				cv->has_mac = true;
				for (int q = 0; q < 6; q++)
					cv->mac[q] = (uint8_t)b[q];
			}
		} else if (!strcmp(k->str, "rng")) {
			cv->kind = CLI_VIRTIO_RNG;
			p = NULL;
			restore_args[o->nr_virtio][0] = '\0';
		} else if (!strcmp(k->str, "console")) {
			cv->kind = CLI_VIRTIO_CONSOLE;
			o->console_virtio = true;
			p = NULL;
			restore_args[o->nr_virtio][0] = '\0';
		} else {
			errbuf_fail(err, errlen, "snapshot: malformed backends section (device %u)", i);
			goto out;
		}
		if (p)
			memcpy(restore_args[o->nr_virtio], p->str, p->str_len + 1);
		if (cv->kind == CLI_VIRTIO_BLK || cv->kind == CLI_VIRTIO_NET_TAP) {
			cv->arg = restore_args[o->nr_virtio];
			cv->arg_len = strlen(cv->arg);
		}
		o->nr_virtio++;
	}
	rc = 0;
out:
	free(d.v);
	free(d.str);
	return rc;
}

/* Map the memory file copy-on-write: the guest's pages come from it as
 * they are first touched, and its writes stay in this process. */
static void *map_mem(const char *path, uint64_t ram_size, uint64_t nonce,
		     char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct mem_trailer t;
	if (fd < 0) {
		errbuf_fail(err, errlen, "cannot open the memory file '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		errbuf_fail(err, errlen, "memory file '%s' is not a regular file", path);
		goto bad;
	}
	if ((uint64_t)st.st_size != ram_size + PAGE) {
		errbuf_fail(err, errlen, "memory file '%s' has %lld bytes, the snapshot's RAM "
		     "needs %llu (truncated, or of another snapshot)", path,
		     (long long)st.st_size, (unsigned long long)(ram_size + PAGE));
		goto bad;
	}
	if (pread(fd, &t, sizeof(t), (off_t)ram_size) != (ssize_t)sizeof(t) ||
	    memcmp(t.magic, MEM_MAGIC, 8)) {
		errbuf_fail(err, errlen, "memory file '%s' is not an armvm memory file", path);
		goto bad;
	}
	if (t.version != MEM_VERSION || t.page_size != PAGE) {
		errbuf_fail(err, errlen, "memory file '%s': format version %u not supported "
		     "(this armvm reads %u)", path, t.version, MEM_VERSION);
		goto bad;
	}
	if (t.ram_size != ram_size || t.nonce != nonce) {
		errbuf_fail(err, errlen, "memory file '%s' belongs to another snapshot", path);
		goto bad;
	}
	void *p = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		errbuf_fail(err, errlen, "cannot map the memory file '%s': %s", path, strerror(errno));
		goto bad;
	}
	close(fd);
	return p;
bad:
	close(fd);
	return NULL;
}

int vm_snapshot_restore(const struct cli_options *base, const char *snapshot_path,
			const char *mem_path, const struct api_snapshot_load *l,
			struct cli_vm *cv, struct cli_options *o,
			char *err, size_t errlen)
{
	struct snapshot_file f;
	struct armvm_error e = { 0 };
	char why[400];
	uint64_t mem_size, nonce;
	int status = EXIT_USAGE;

	mem_clear(cv, sizeof(*cv));   /* untouched pages stay out of RSS */
	if (snapshot_file_read(snapshot_path, &f, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "snapshot '%s': %s", snapshot_path, why);
		return EXIT_USAGE;
	}
	const struct snapshot_machine *m = &f.machine;
	const struct snapshot_section *vm_sec = snapshot_file_section(&f, SNAPSHOT_SECTION_VM);
	const struct snapshot_section *dev_sec = snapshot_file_section(&f, SNAPSHOT_SECTION_DEVICES);
	const struct snapshot_section *be_sec = snapshot_file_section(&f, SNAPSHOT_SECTION_BACKENDS);
	*o = *base;
	o->dtb_out = NULL;
	if (!vm_sec || !dev_sec || !be_sec) {
		snprintf(err, errlen, "snapshot '%s' lacks its %s section", snapshot_path,
			 !vm_sec ? SNAPSHOT_SECTION_VM : !dev_sec ? SNAPSHOT_SECTION_DEVICES
							   : SNAPSHOT_SECTION_BACKENDS);
		goto out;
	}
	if (m->nr_ram != 1 || m->ram[0].base != VIRT_RAM_BASE || m->guest_arch > 1 ||
	    m->nr_vcpus < 1 || m->nr_vcpus > CLI_CPUS_MAX ||
	    (m->gic_version != 0 && m->gic_version != 2 && m->gic_version != 3)) {
		snprintf(err, errlen, "snapshot '%s' describes a machine armvm run does "
			 "not build", snapshot_path);
		goto out;
	}
	o->aarch32 = m->guest_arch == 1;
	o->cpus = m->nr_vcpus;
	o->gic = m->gic_version == 2 ? CLI_GIC_V2 : m->gic_version == 3 ? CLI_GIC_V3
								      : CLI_GIC_NONE;
	o->memory = m->ram[0].size;
	o->no_pmu = !(m->flags & SNAPSHOT_MACHINE_PMU);
	o->its = m->flags & SNAPSHOT_MACHINE_ITS;
	if (!base->nr_virtio)
		o->console_virtio = false;
	if (backends_parse(be_sec, o, l, &mem_size, &nonce, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "snapshot '%s': %s", snapshot_path, why);
		goto out;
	}
	if (mem_size != o->memory) {
		snprintf(err, errlen, "snapshot '%s' is corrupt: its RAM sizes disagree",
			 snapshot_path);
		goto out;
	}
	void *ram = map_mem(mem_path, mem_size, nonce, err, errlen);
	if (!ram)
		goto out;
	/* From here cv owns the mapping (teardown unmaps it). */
	status = cli_vm_setup_machine(o, ram, cv, err, errlen);
	if (status)
		goto out;
	status = EXIT_USAGE;
	struct snapshot_machine here;
	devices_state_machine(cv, &here);
	if (snapshot_machine_compare(m, &here, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "snapshot '%s' does not fit this VM: %s", snapshot_path, why);
		goto out;
	}
	if (armvm_vm_state_load(cv->vm, vm_sec->data, vm_sec->size, &e) < 0) {
		snprintf(err, errlen, "snapshot '%s': %s", snapshot_path, e.msg);
		status = e.code == ARMVM_E_INVAL ? EXIT_USAGE : EXIT_HOST_ERROR;
		goto out;
	}
	if (devices_state_load(cv, dev_sec->data, dev_sec->size, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "snapshot '%s': %s", snapshot_path, why);
		goto out;
	}
	status = 0;
out:
	snapshot_file_free(&f);
	return status;
}
