/* SPDX-License-Identifier: MIT */
/* The API's pre-boot configuration; see api_config.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/api_config.h"
#include "cli/mem_clear.h"
#include "machine/memmap.h"
#include "cli/errbuf.h"

void api_config_init(struct api_config *c)
{
	mem_clear(c, sizeof(*c));    /* 23 KiB: a static one stays unwritten */
	c->vcpus = 1;
	c->mem_mib = 128;
	c->gic = CLI_GIC_AUTO;
}

enum ftype { F_BOOL, F_INT, F_STR, F_OBJ, F_ARRAY };

struct field {
	const char *name;
	enum ftype type;
	bool required;
};

static bool type_ok(const struct json_value *m, enum ftype t)
{
	switch (t) {
	case F_BOOL: return m->type == JSON_TRUE || m->type == JSON_FALSE;
	case F_INT: return m->type == JSON_NUMBER && m->is_int;
	case F_STR: return m->type == JSON_STRING;
	case F_OBJ: return m->type == JSON_OBJECT;
	case F_ARRAY: return m->type == JSON_ARRAY;
	}
	return false;
}

static const char *ftype_name(enum ftype t)
{
	static const char *const n[] = { "a boolean", "an integer", "a string",
					 "an object", "an array" };
	return n[t];
}

/* Every member known and of its type (null = absent, as serde's Option
 * reads it), every required one present. */
static int check_fields(const struct json_doc *d, const struct json_value *v,
			const struct field *f, size_t n, const char *what,
			char *err, size_t errlen)
{
	if (!v || v->type != JSON_OBJECT)
		return errbuf_fail(err, errlen, "%s must be a JSON object", what);
	for (const struct json_value *m = json_at(d, v->child); m; m = json_at(d, m->next)) {
		size_t i;
		for (i = 0; i < n; i++)
			if (!strcmp(f[i].name, m->key))
				break;
		if (i == n)
			return errbuf_fail(err, errlen, "unknown field `%s` in %s", m->key, what);
		if (m->type == JSON_NULL && !f[i].required)
			continue;
		if (!type_ok(m, f[i].type))
			return errbuf_fail(err, errlen, "field `%s` of %s must be %s", m->key,
				    what, ftype_name(f[i].type));
	}
	for (size_t i = 0; i < n; i++) {
		const struct json_value *m = json_get(d, v, f[i].name);
		if (f[i].required && (!m || m->type == JSON_NULL))
			return errbuf_fail(err, errlen, "missing field `%s` in %s", f[i].name, what);
	}
	return 0;
}

/* A member, or NULL when absent or null. */
static const struct json_value *member(const struct json_doc *d,
				       const struct json_value *v, const char *k)
{
	const struct json_value *m = json_get(d, v, k);
	return m && m->type != JSON_NULL ? m : NULL;
}

static bool boolean(const struct json_doc *d, const struct json_value *v,
		    const char *k, bool dflt)
{
	const struct json_value *m = member(d, v, k);
	return m ? m->type == JSON_TRUE : dflt;
}

static int copy_str(char *dst, size_t cap, const struct json_value *m,
		    const char *field, char *err, size_t errlen)
{
	if (m->str_len >= cap)
		return errbuf_fail(err, errlen, "field `%s` is too long (at most %zu bytes)",
			    field, cap - 1);
	memcpy(dst, m->str, m->str_len + 1);
	return 0;
}

static int unsupported(const struct json_doc *d, const struct json_value *v,
		       const char *k, const char *why, char *err, size_t errlen)
{
	if (member(d, v, k))
		return errbuf_fail(err, errlen, "field `%s`: %s", k, why);
	return 0;
}

static const struct field machine_fields[] = {
	{ "vcpu_count", F_INT, true }, { "mem_size_mib", F_INT, true },
	{ "smt", F_BOOL, false }, { "track_dirty_pages", F_BOOL, false },
	{ "cpu_template", F_STR, false }, { "huge_pages", F_STR, false },
	{ "armvm_aarch32", F_BOOL, false }, { "armvm_gic", F_STR, false },
};

int api_config_machine(struct api_config *c, const struct json_doc *d,
		       const struct json_value *v, bool patch,
		       char *err, size_t errlen)
{
	struct field f[sizeof(machine_fields) / sizeof(machine_fields[0])];
	memcpy(f, machine_fields, sizeof(f));
	if (patch)
		f[0].required = f[1].required = false;
	if (check_fields(d, v, f, sizeof(f) / sizeof(f[0]), "MachineConfiguration",
			 err, errlen) < 0)
		return -1;
	/* PUT resets what it does not give; PATCH keeps it. */
	struct api_config n = *c;
	if (!patch) {
		n.aarch32 = false;
		n.gic = CLI_GIC_AUTO;
	}
	const struct json_value *m;
	if ((m = member(d, v, "vcpu_count"))) {
		if (m->i < 1 || m->i > API_MAX_VCPUS)
			return errbuf_fail(err, errlen, "The vCPU number is invalid! The vCPU "
				    "number can only be 1 or an even number when SMT is "
				    "enabled. (armvm: 1..%d)", API_MAX_VCPUS);
		n.vcpus = (unsigned)m->i;
	}
	if ((m = member(d, v, "mem_size_mib"))) {
		if (m->i < (int64_t)(CLI_MEM_MIN >> 20) ||
		    (uint64_t)m->i > (CLI_MEM_MAX_64 >> 20))
			return errbuf_fail(err, errlen, "The memory size (MiB) is invalid. "
				    "(armvm: %llu..%llu)",
				    (unsigned long long)(CLI_MEM_MIN >> 20),
				    (unsigned long long)(CLI_MEM_MAX_64 >> 20));
		n.mem_mib = (uint64_t)m->i;
	}
	if (boolean(d, v, "smt", false))
		return errbuf_fail(err, errlen, "Enabling simultaneous multithreading is "
			    "not supported on aarch64.");
	if (boolean(d, v, "track_dirty_pages", false))
		return errbuf_fail(err, errlen, "field `track_dirty_pages`: armvm makes full "
			    "snapshots only (no diff snapshots)");
	if ((m = member(d, v, "cpu_template")) && strcmp(m->str, "None"))
		return errbuf_fail(err, errlen, "field `cpu_template`: armvm has no CPU "
			    "templates (only \"None\")");
	if ((m = member(d, v, "huge_pages")) && strcmp(m->str, "None"))
		return errbuf_fail(err, errlen, "field `huge_pages`: armvm backs guest memory "
			    "with ordinary pages (only \"None\")");
	if ((m = member(d, v, "armvm_aarch32")))
		n.aarch32 = m->type == JSON_TRUE;
	if ((m = member(d, v, "armvm_gic"))) {
		if (!strcmp(m->str, "auto")) n.gic = CLI_GIC_AUTO;
		else if (!strcmp(m->str, "2")) n.gic = CLI_GIC_V2;
		else if (!strcmp(m->str, "3")) n.gic = CLI_GIC_V3;
		else if (!strcmp(m->str, "none")) n.gic = CLI_GIC_NONE;
		else return errbuf_fail(err, errlen, "field `armvm_gic` must be \"auto\", "
				 "\"2\", \"3\" or \"none\"");
	}
	if (n.aarch32 && n.mem_mib > ((VIRT_RAM_END_32BIT - VIRT_RAM_BASE) >> 20))
		return errbuf_fail(err, errlen, "The memory size (MiB) is invalid. (an AArch32 "
			    "guest's RAM must end below 4 GiB: at most %llu)",
			    (unsigned long long)((VIRT_RAM_END_32BIT - VIRT_RAM_BASE) >> 20));
	if (n.gic == CLI_GIC_V2 && n.vcpus > 8)
		return errbuf_fail(err, errlen, "The vCPU number is invalid! (a GICv2 serves "
			    "at most 8 vCPUs)");
	n.touched = true;
	*c = n;
	return 0;
}

void api_config_machine_json(const struct api_config *c, struct json_out *o)
{
	static const char *const gic[] = { "auto", "none", "2", "3" };
	json_out_fmt(o, "{\"vcpu_count\":%u,\"mem_size_mib\":%llu,\"smt\":false,"
		     "\"track_dirty_pages\":false,\"huge_pages\":\"None\","
		     "\"armvm_aarch32\":%s,\"armvm_gic\":\"%s\"}", c->vcpus,
		     (unsigned long long)c->mem_mib, c->aarch32 ? "true" : "false",
		     gic[c->gic]);
}

static const struct field boot_fields[] = {
	{ "kernel_image_path", F_STR, true }, { "boot_args", F_STR, false },
	{ "initrd_path", F_STR, false },
};

int api_config_boot_source(struct api_config *c, const struct json_doc *d,
			   const struct json_value *v, char *err, size_t errlen)
{
	if (check_fields(d, v, boot_fields, 3, "BootSource", err, errlen) < 0)
		return -1;
	struct api_config n = *c;
	const struct json_value *m = member(d, v, "kernel_image_path");
	if (!m->str_len)
		return errbuf_fail(err, errlen, "field `kernel_image_path` is empty");
	if (copy_str(n.kernel, sizeof(n.kernel), m, m->key, err, errlen) < 0)
		return -1;
	n.initrd[0] = '\0';
	n.boot_args[0] = '\0';
	n.have_boot_args = false;
	if ((m = member(d, v, "initrd_path")) &&
	    copy_str(n.initrd, sizeof(n.initrd), m, m->key, err, errlen) < 0)
		return -1;
	if ((m = member(d, v, "boot_args"))) {
		/* The command line goes into the device tree's bootargs with
		 * root= possibly added: keep room for that. */
		if (copy_str(n.boot_args, sizeof(n.boot_args) - 64, m, m->key,
			     err, errlen) < 0)
			return -1;
		n.have_boot_args = true;
	}
	n.have_boot = true;
	n.touched = true;
	*c = n;
	return 0;
}

static bool id_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

static int check_id(const char *path_id, const struct json_value *m,
		    const char *field, char *err, size_t errlen)
{
	if (strcmp(path_id, m->str))
		return errbuf_fail(err, errlen, "The id from the path does not match the id "
			    "from the body!");
	if (!id_ok(m->str) || m->str_len >= API_ID_MAX)
		return errbuf_fail(err, errlen, "field `%s`: an id is 1..%d characters of "
			    "[A-Za-z0-9_-]", field, API_ID_MAX - 1);
	return 0;
}

static const struct field drive_fields[] = {
	{ "drive_id", F_STR, true }, { "is_root_device", F_BOOL, true },
	{ "partuuid", F_STR, false }, { "cache_type", F_STR, false },
	{ "is_read_only", F_BOOL, false }, { "path_on_host", F_STR, false },
	{ "rate_limiter", F_OBJ, false }, { "io_engine", F_STR, false },
	{ "socket", F_STR, false },
};

int api_config_drive(struct api_config *c, const char *path_id,
		     const struct json_doc *d, const struct json_value *v,
		     char *err, size_t errlen)
{
	if (check_fields(d, v, drive_fields, sizeof(drive_fields) / sizeof(drive_fields[0]),
			 "Drive", err, errlen) < 0)
		return -1;
	struct api_drive dr = { 0 };
	const struct json_value *m = member(d, v, "drive_id");
	if (check_id(path_id, m, "drive_id", err, errlen) < 0)
		return -1;
	memcpy(dr.id, m->str, m->str_len + 1);
	if (unsupported(d, v, "rate_limiter", "armvm has no rate limiters", err, errlen) ||
	    unsupported(d, v, "socket", "armvm has no vhost-user block devices", err, errlen))
		return -1;
	if ((m = member(d, v, "io_engine")) && strcmp(m->str, "Sync"))
		return errbuf_fail(err, errlen, "field `io_engine`: armvm's block I/O is "
			    "\"Sync\" only");
	/* armvm honours the guest's flushes either way: "Unsafe" is not
	 * faster, "Writeback" is what it does. */
	if ((m = member(d, v, "cache_type")) && strcmp(m->str, "Unsafe") &&
	    strcmp(m->str, "Writeback"))
		return errbuf_fail(err, errlen, "field `cache_type` must be \"Unsafe\" or "
			    "\"Writeback\"");
	if (!(m = member(d, v, "path_on_host")))
		return errbuf_fail(err, errlen, "missing field `path_on_host` in Drive");
	if (!m->str_len)
		return errbuf_fail(err, errlen, "field `path_on_host` is empty");
	if (copy_str(dr.path, sizeof(dr.path), m, m->key, err, errlen) < 0)
		return -1;
	if (!member(d, v, "is_read_only"))
		return errbuf_fail(err, errlen, "missing field `is_read_only` in Drive");
	dr.readonly = boolean(d, v, "is_read_only", false);
	dr.root = boolean(d, v, "is_root_device", false);
	if ((m = member(d, v, "partuuid")) &&
	    copy_str(dr.partuuid, sizeof(dr.partuuid), m, m->key, err, errlen) < 0)
		return -1;
	unsigned slot = c->nr_drive;
	for (unsigned i = 0; i < c->nr_drive; i++)
		if (!strcmp(c->drive[i].id, dr.id))
			slot = i;
	if (dr.root)
		for (unsigned i = 0; i < c->nr_drive; i++)
			if (i != slot && c->drive[i].root)
				return errbuf_fail(err, errlen, "A root block device already "
					    "exists!");
	if (slot == API_MAX_DRIVES)
		return errbuf_fail(err, errlen, "too many drives (armvm: at most %d)",
			    API_MAX_DRIVES);
	if (c->nr_drive + c->nr_net + c->entropy + (slot == c->nr_drive) > CLI_MAX_VIRTIO)
		return errbuf_fail(err, errlen, "too many virtio devices (at most %d)",
			    CLI_MAX_VIRTIO);
	c->drive[slot] = dr;
	if (slot == c->nr_drive)
		c->nr_drive++;
	c->touched = true;
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		unsigned v = 0;
		for (int j = 0; j < 2; j++) {
			char ch = *s++;
			v <<= 4;
			if (ch >= '0' && ch <= '9') v |= (unsigned)(ch - '0');
			else if (ch >= 'a' && ch <= 'f') v |= (unsigned)(ch - 'a' + 10);
			else if (ch >= 'A' && ch <= 'F') v |= (unsigned)(ch - 'A' + 10);
			else return -1;
		}
		mac[i] = (uint8_t)v;
		if (*s++ != (i == 5 ? '\0' : ':'))
			return -1;
	}
	return 0;
}

static const struct field net_fields[] = {
	{ "iface_id", F_STR, true }, { "host_dev_name", F_STR, true },
	{ "guest_mac", F_STR, false }, { "mtu", F_INT, false },
	{ "rx_rate_limiter", F_OBJ, false }, { "tx_rate_limiter", F_OBJ, false },
};

int api_config_net(struct api_config *c, const char *path_id,
		   const struct json_doc *d, const struct json_value *v,
		   char *err, size_t errlen)
{
	if (check_fields(d, v, net_fields, sizeof(net_fields) / sizeof(net_fields[0]),
			 "NetworkInterface", err, errlen) < 0)
		return -1;
	struct api_net n = { 0 };
	const struct json_value *m = member(d, v, "iface_id");
	if (check_id(path_id, m, "iface_id", err, errlen) < 0)
		return -1;
	memcpy(n.id, m->str, m->str_len + 1);
	if (unsupported(d, v, "rx_rate_limiter", "armvm has no rate limiters", err, errlen) ||
	    unsupported(d, v, "tx_rate_limiter", "armvm has no rate limiters", err, errlen) ||
	    unsupported(d, v, "mtu", "armvm's virtio-net does not advertise an MTU",
			err, errlen))
		return -1;
	m = member(d, v, "host_dev_name");
	if (!m->str_len || m->str_len > CLI_IFNAME_MAX || strchr(m->str, '/'))
		return errbuf_fail(err, errlen, "field `host_dev_name`: a tap interface name "
			    "is 1..%d characters, no '/'", CLI_IFNAME_MAX);
	memcpy(n.tap, m->str, m->str_len + 1);
	if ((m = member(d, v, "guest_mac"))) {
		if (parse_mac(m->str, n.mac) < 0)
			return errbuf_fail(err, errlen, "field `guest_mac`: not a MAC address "
				    "(xx:xx:xx:xx:xx:xx)");
		n.have_mac = true;
	}
	unsigned slot = c->nr_net;
	for (unsigned i = 0; i < c->nr_net; i++)
		if (!strcmp(c->net[i].id, n.id))
			slot = i;
	for (unsigned i = 0; i < c->nr_net; i++)
		if (i != slot && !strcmp(c->net[i].tap, n.tap))
			return errbuf_fail(err, errlen, "The host device name %s is already "
				    "in use by another interface", n.tap);
	if (slot == API_MAX_NETS)
		return errbuf_fail(err, errlen, "too many network interfaces (armvm: at most %d)",
			    API_MAX_NETS);
	if (c->nr_drive + c->nr_net + c->entropy + (slot == c->nr_net) > CLI_MAX_VIRTIO)
		return errbuf_fail(err, errlen, "too many virtio devices (at most %d)",
			    CLI_MAX_VIRTIO);
	c->net[slot] = n;
	if (slot == c->nr_net)
		c->nr_net++;
	c->touched = true;
	return 0;
}

static const struct field entropy_fields[] = { { "rate_limiter", F_OBJ, false } };

int api_config_entropy(struct api_config *c, const struct json_doc *d,
		       const struct json_value *v, char *err, size_t errlen)
{
	if (check_fields(d, v, entropy_fields, 1, "EntropyDevice", err, errlen) < 0 ||
	    unsupported(d, v, "rate_limiter", "armvm has no rate limiters", err, errlen))
		return -1;
	if (!c->entropy && c->nr_drive + c->nr_net + 1 > CLI_MAX_VIRTIO)
		return errbuf_fail(err, errlen, "too many virtio devices (at most %d)",
			    CLI_MAX_VIRTIO);
	c->entropy = true;
	c->touched = true;
	return 0;
}

static const struct field file_fields[] = {
	{ "boot-source", F_OBJ, true }, { "machine-config", F_OBJ, false },
	{ "drives", F_ARRAY, false }, { "network-interfaces", F_ARRAY, false },
	{ "entropy", F_OBJ, false },
};

int api_config_file(struct api_config *c, const struct json_doc *d,
		    char *err, size_t errlen)
{
	const struct json_value *root = &d->v[0];
	char why[300];
	if (check_fields(d, root, file_fields, sizeof(file_fields) / sizeof(file_fields[0]),
			 "the configuration file", err, errlen) < 0)
		return -1;
	struct api_config n = *c;
	const struct json_value *m;
	if ((m = member(d, root, "machine-config")) &&
	    api_config_machine(&n, d, m, false, why, sizeof(why)) < 0)
		return errbuf_fail(err, errlen, "machine-config: %s", why);
	if (api_config_boot_source(&n, d, member(d, root, "boot-source"), why,
				   sizeof(why)) < 0)
		return errbuf_fail(err, errlen, "boot-source: %s", why);
	if ((m = member(d, root, "drives")))
		for (const struct json_value *e = json_at(d, m->child); e; e = json_at(d, e->next)) {
			const struct json_value *id = json_get(d, e, "drive_id");
			if (api_config_drive(&n, id && id->type == JSON_STRING ? id->str : "",
					     d, e, why, sizeof(why)) < 0)
				return errbuf_fail(err, errlen, "drives: %s", why);
		}
	if ((m = member(d, root, "network-interfaces")))
		for (const struct json_value *e = json_at(d, m->child); e; e = json_at(d, e->next)) {
			const struct json_value *id = json_get(d, e, "iface_id");
			if (api_config_net(&n, id && id->type == JSON_STRING ? id->str : "",
					   d, e, why, sizeof(why)) < 0)
				return errbuf_fail(err, errlen, "network-interfaces: %s", why);
		}
	if ((m = member(d, root, "entropy")) &&
	    api_config_entropy(&n, d, m, why, sizeof(why)) < 0)
		return errbuf_fail(err, errlen, "entropy: %s", why);
	*c = n;
	return 0;
}

static int add_virtio(struct cli_options *o, enum cli_virtio_kind kind,
		      const char *arg, bool ro)
{
	if (o->nr_virtio == CLI_MAX_VIRTIO)
		return -1;
	o->virtio[o->nr_virtio++] = (struct cli_virtio){
		.kind = kind, .arg = arg, .arg_len = arg ? strlen(arg) : 0,
		.readonly = ro,
	};
	return 0;
}

int api_config_to_options(const struct api_config *c, const struct cli_options *base,
			  struct cli_options *o, char *cmdline_buf, size_t cmdline_len,
			  char *err, size_t errlen)
{
	if (!c->have_boot)
		return errbuf_fail(err, errlen, "Cannot start microvm without kernel "
			    "configuration.");
	*o = *base;
	o->image = c->kernel;
	o->initrd = c->initrd[0] ? c->initrd : NULL;
	o->cpus = c->vcpus;
	o->memory = c->mem_mib << 20;
	o->aarch32 = c->aarch32;
	o->gic = c->gic;
	o->raw = false;
	o->load_addr = VIRT_RAM_BASE + 0x80000;
	o->nr_virtio = 0;
	o->console_virtio = false;
	/* Firecracker: the root drive is /dev/vda; root= is added for it. */
	const struct api_drive *root = NULL;
	for (unsigned i = 0; i < c->nr_drive; i++)
		if (c->drive[i].root)
			root = &c->drive[i];
	int n = snprintf(cmdline_buf, cmdline_len, "%s", c->boot_args);
	if (root && root->partuuid[0])
		n = snprintf(cmdline_buf, cmdline_len, "%s%sroot=PARTUUID=%s %s",
			     c->boot_args, c->boot_args[0] ? " " : "", root->partuuid,
			     root->readonly ? "ro" : "rw");
	else if (root)
		n = snprintf(cmdline_buf, cmdline_len, "%s%sroot=/dev/vda %s",
			     c->boot_args, c->boot_args[0] ? " " : "",
			     root->readonly ? "ro" : "rw");
	if (n < 0 || (size_t)n >= cmdline_len)
		return errbuf_fail(err, errlen, "boot_args too long");
	o->cmdline = (c->have_boot_args || root) ? cmdline_buf : NULL;
	if (root && add_virtio(o, CLI_VIRTIO_BLK, root->path, root->readonly) < 0)
		return errbuf_fail(err, errlen, "too many virtio devices");
	for (unsigned i = 0; i < c->nr_drive; i++)
		if (&c->drive[i] != root &&
		    add_virtio(o, CLI_VIRTIO_BLK, c->drive[i].path, c->drive[i].readonly) < 0)
			return errbuf_fail(err, errlen, "too many virtio devices");
	for (unsigned i = 0; i < c->nr_net; i++) {
		if (add_virtio(o, CLI_VIRTIO_NET_TAP, c->net[i].tap, false) < 0)
			return errbuf_fail(err, errlen, "too many virtio devices");
		struct cli_virtio *cv = &o->virtio[o->nr_virtio - 1];
		cv->has_mac = c->net[i].have_mac;
		memcpy(cv->mac, c->net[i].mac, 6);
	}
	if (c->entropy && add_virtio(o, CLI_VIRTIO_RNG, NULL, false) < 0)
		return errbuf_fail(err, errlen, "too many virtio devices");
	if (o->gic == CLI_GIC_NONE && o->nr_virtio)
		return errbuf_fail(err, errlen, "armvm_gic \"none\": the virtio devices need "
			    "interrupts");
	return 0;
}
