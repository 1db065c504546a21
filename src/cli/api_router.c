/* SPDX-License-Identifier: MIT */
/* The control API's routes; see api_router.h and docs/api.md. */
#include <stdio.h>
#include <string.h>

#include "cli/api_router.h"
#include "cli/mem_clear.h"

/* A request body holds at most API_HTTP_MAX_BODY bytes: this many values
 * and string bytes always suffice for one that fits. */
#define API_JSON_VALUES 1024
#define API_JSON_STRBUF (51200 + API_JSON_VALUES + 16)

void api_init(struct api *a, const struct api_ops *ops, void *ctx,
	      const char *id, const char *version)
{
	mem_clear(a, sizeof(*a));    /* 23 KiB: a static one stays unwritten */
	api_config_init(&a->cfg);
	a->ops = ops;
	a->ctx = ctx;
	a->id = id;
	a->version = version;
}

void api_fault(struct api_response *r, int status, const char *msg)
{
	struct json_out o = { r->body, sizeof(r->body), 0, false };
	r->status = status;
	json_out_raw(&o, "{\"fault_message\":");
	json_out_str(&o, msg);
	json_out_raw(&o, "}");
	if (o.overflow) {
		o.len = 0;
		o.overflow = false;
		json_out_raw(&o, "{\"fault_message\":\"error message too long\"}");
	}
	r->len = o.len;
}

static void no_content(struct api_response *r)
{
	r->status = 204;
	r->len = 0;
	r->body[0] = '\0';
}

static void faultf(struct api_response *r, const char *fmt, const char *a,
		   const char *b)
{
	char msg[600];
	snprintf(msg, sizeof(msg), fmt, a, b);
	api_fault(r, 400, msg);
}

static const char *state_name(enum api_vm_state s)
{
	return s == API_NOT_STARTED ? "Not started" : s == API_RUNNING ? "Running" : "Paused";
}

static const char PRE_BOOT_ONLY[] =
	"The requested operation is not supported after starting the microVM.";
static const char POST_BOOT_ONLY[] =
	"The requested operation is not supported before starting the microVM.";

/* What a handler needs: the parsed body (or NULL when there was none). */
struct req {
	struct api *a;
	const char *method;
	const char *id;          /* {drive_id} / {iface_id} or NULL */
	struct json_doc *d;
	const struct json_value *body;
	struct api_response *r;
};

static void get_instance(struct req *q)
{
	struct json_out o = { q->r->body, sizeof(q->r->body), 0, false };
	json_out_raw(&o, "{\"app_name\":\"armvm\",\"id\":");
	json_out_str(&o, q->a->id);
	json_out_fmt(&o, ",\"state\":\"%s\",\"vmm_version\":", state_name(q->a->state));
	json_out_str(&o, q->a->version);
	json_out_raw(&o, "}");
	q->r->status = 200;
	q->r->len = o.len;
}

static void get_version(struct req *q)
{
	struct json_out o = { q->r->body, sizeof(q->r->body), 0, false };
	json_out_raw(&o, "{\"firecracker_version\":");
	json_out_str(&o, q->a->version);
	json_out_raw(&o, "}");
	q->r->status = 200;
	q->r->len = o.len;
}

static void get_machine(struct req *q)
{
	struct json_out o = { q->r->body, sizeof(q->r->body), 0, false };
	api_config_machine_json(&q->a->cfg, &o);
	q->r->status = 200;
	q->r->len = o.len;
}

static bool pre_boot(struct req *q)
{
	if (q->a->state == API_NOT_STARTED)
		return true;
	api_fault(q->r, 400, PRE_BOOT_ONLY);
	return false;
}

/* Apply a configuration call's result. */
static void config_result(struct req *q, int rc, const char *err)
{
	if (rc < 0)
		api_fault(q->r, 400, err);
	else
		no_content(q->r);
}

static void put_machine(struct req *q)
{
	char err[512];
	if (pre_boot(q))
		config_result(q, api_config_machine(&q->a->cfg, q->d, q->body,
						    !strcmp(q->method, "PATCH"),
						    err, sizeof(err)), err);
}

static void put_boot_source(struct req *q)
{
	char err[512];
	if (pre_boot(q))
		config_result(q, api_config_boot_source(&q->a->cfg, q->d, q->body,
							err, sizeof(err)), err);
}

static void put_drive(struct req *q)
{
	char err[512];
	if (!strcmp(q->method, "PATCH")) {
		/* PartialDrive: a new back end or rate limiter, post-boot. */
		if (q->a->state == API_NOT_STARTED)
			api_fault(q->r, 400, POST_BOOT_ONLY);
		else
			api_fault(q->r, 400, "armvm cannot change a drive of a "
				  "started microVM");
		return;
	}
	if (pre_boot(q))
		config_result(q, api_config_drive(&q->a->cfg, q->id, q->d, q->body,
						  err, sizeof(err)), err);
}

static void put_net(struct req *q)
{
	char err[512];
	if (!strcmp(q->method, "PATCH")) {
		if (q->a->state == API_NOT_STARTED)
			api_fault(q->r, 400, POST_BOOT_ONLY);
		else
			api_fault(q->r, 400, "armvm has no rate limiters to update");
		return;
	}
	if (pre_boot(q))
		config_result(q, api_config_net(&q->a->cfg, q->id, q->d, q->body,
						err, sizeof(err)), err);
}

static void put_entropy(struct req *q)
{
	char err[512];
	if (pre_boot(q))
		config_result(q, api_config_entropy(&q->a->cfg, q->d, q->body,
						    err, sizeof(err)), err);
}

/* The body is an object with exactly the string member `key` (one of
 * allowed, NULL-terminated); its value or NULL after a fault. */
static const char *enum_member(struct req *q, const char *what, const char *key,
			       const char *const *allowed)
{
	const struct json_value *b = q->body;
	if (b->type != JSON_OBJECT) {
		faultf(q->r, "%s must be a JSON object%s", what, "");
		return NULL;
	}
	for (const struct json_value *m = json_at(q->d, b->child); m; m = json_at(q->d, m->next))
		if (strcmp(m->key, key)) {
			faultf(q->r, "unknown field `%s` in %s", m->key, what);
			return NULL;
		}
	const struct json_value *m = json_get(q->d, b, key);
	if (!m || m->type != JSON_STRING) {
		faultf(q->r, m ? "field `%s` of %s must be a string" :
			     "missing field `%s` in %s", key, what);
		return NULL;
	}
	for (unsigned i = 0; allowed[i]; i++)
		if (!strcmp(m->str, allowed[i]))
			return m->str;
	faultf(q->r, "unknown variant `%s` of field `%s`", m->str, key);
	return NULL;
}

static void put_actions(struct req *q)
{
	static const char *const kinds[] = { "FlushMetrics", "InstanceStart",
					     "SendCtrlAltDel", NULL };
	const char *k = enum_member(q, "InstanceActionInfo", "action_type", kinds);
	char err[512];
	if (!k)
		return;
	if (!strcmp(k, "FlushMetrics")) {
		api_fault(q->r, 400, "armvm has no metrics to flush");
		return;
	}
	if (!strcmp(k, "SendCtrlAltDel")) {
		api_fault(q->r, 400, "SendCtrlAltDel is x86 only (an arm64 guest "
			  "has no i8042 keyboard controller)");
		return;
	}
	if (!pre_boot(q))
		return;
	if (!q->a->cfg.have_boot) {
		api_fault(q->r, 400, "Cannot start microvm without kernel configuration.");
		return;
	}
	if (q->a->ops->start(q->a->ctx, &q->a->cfg, err, sizeof(err)) < 0) {
		api_fault(q->r, 400, err);
		return;
	}
	q->a->state = API_RUNNING;
	no_content(q->r);
}

static void patch_vm(struct req *q)
{
	static const char *const states[] = { "Paused", "Resumed", NULL };
	const char *s = enum_member(q, "Vm", "state", states);
	char err[512];
	if (!s)
		return;
	if (q->a->state == API_NOT_STARTED) {
		api_fault(q->r, 400, POST_BOOT_ONLY);
		return;
	}
	bool pause = !strcmp(s, "Paused");
	/* Firecracker: pausing a paused VM (resuming a running one) is a no-op. */
	if ((pause && q->a->state == API_PAUSED) || (!pause && q->a->state == API_RUNNING)) {
		no_content(q->r);
		return;
	}
	int rc = pause ? q->a->ops->pause(q->a->ctx, err, sizeof(err))
		       : q->a->ops->resume(q->a->ctx, err, sizeof(err));
	if (rc < 0) {
		api_fault(q->r, 400, err);
		return;
	}
	q->a->state = pause ? API_PAUSED : API_RUNNING;
	no_content(q->r);
}

/* Check members against names (NULL-terminated): the first unknown one
 * gets a fault. */
static bool only_fields(struct req *q, const struct json_value *v, const char *what,
			const char *const *names)
{
	if (v->type != JSON_OBJECT) {
		faultf(q->r, "%s must be a JSON object%s", what, "");
		return false;
	}
	for (const struct json_value *m = json_at(q->d, v->child); m; m = json_at(q->d, m->next)) {
		unsigned i;
		for (i = 0; names[i] && strcmp(names[i], m->key); i++)
			;
		if (!names[i]) {
			faultf(q->r, "unknown field `%s` in %s", m->key, what);
			return false;
		}
	}
	return true;
}

/* A string member, present and non-empty; NULL after a fault. */
static const char *need_string(struct req *q, const struct json_value *v,
			       const char *key, const char *what)
{
	const struct json_value *m = json_get(q->d, v, key);
	if (!m || m->type == JSON_NULL) {
		faultf(q->r, "missing field `%s` in %s", key, what);
		return NULL;
	}
	if (m->type != JSON_STRING || !m->str_len) {
		faultf(q->r, "field `%s` of %s must be a non-empty string", key, what);
		return NULL;
	}
	return m->str;
}

static void put_snapshot_create(struct req *q)
{
	static const char *const names[] = { "snapshot_path", "mem_file_path",
					     "snapshot_type", NULL };
	const char *what = "SnapshotCreateParams";
	char err[512];
	if (!only_fields(q, q->body, what, names))
		return;
	const char *snap = need_string(q, q->body, "snapshot_path", what);
	const char *mem = snap ? need_string(q, q->body, "mem_file_path", what) : NULL;
	if (!mem)
		return;
	const struct json_value *t = json_get(q->d, q->body, "snapshot_type");
	if (t && t->type != JSON_NULL) {
		if (t->type != JSON_STRING ||
		    (strcmp(t->str, "Full") && strcmp(t->str, "Diff"))) {
			api_fault(q->r, 400, "field `snapshot_type` must be \"Full\" or \"Diff\"");
			return;
		}
		if (!strcmp(t->str, "Diff")) {
			api_fault(q->r, 400, "armvm makes full snapshots only "
				  "(snapshot_type \"Diff\" is not supported)");
			return;
		}
	}
	if (q->a->state == API_NOT_STARTED) {
		api_fault(q->r, 400, POST_BOOT_ONLY);
		return;
	}
	if (q->a->state != API_PAUSED) {
		api_fault(q->r, 400, "Cannot create a snapshot: the microVM is not "
			  "paused (PATCH /vm {\"state\": \"Paused\"} first)");
		return;
	}
	if (q->a->ops->snapshot_create(q->a->ctx, snap, mem, err, sizeof(err)) < 0) {
		api_fault(q->r, 400, err);
		return;
	}
	no_content(q->r);
}

static void put_snapshot_load(struct req *q)
{
	static const char *const names[] = {
		"snapshot_path", "mem_file_path", "mem_backend", "enable_diff_snapshots",
		"track_dirty_pages", "resume_vm", "network_overrides", "vsock_override",
		"clock_realtime", "huge_pages", NULL };
	static const char *const backend_names[] = { "backend_type", "backend_path", NULL };
	static const char *const override_names[] = { "iface_id", "host_dev_name", NULL };
	const char *what = "SnapshotLoadParams";
	struct api_snapshot_load l = { 0 };
	char err[512];
	if (!only_fields(q, q->body, what, names))
		return;
	if (!(l.snapshot_path = need_string(q, q->body, "snapshot_path", what)))
		return;
	const struct json_value *mf = json_get(q->d, q->body, "mem_file_path");
	const struct json_value *mb = json_get(q->d, q->body, "mem_backend");
	if (mf && mf->type == JSON_NULL) mf = NULL;
	if (mb && mb->type == JSON_NULL) mb = NULL;
	if (!!mf == !!mb) {
		api_fault(q->r, 400, "Exactly one of `mem_file_path` and `mem_backend` "
			  "must be given");
		return;
	}
	if (mf) {
		if (!(l.mem_path = need_string(q, q->body, "mem_file_path", what)))
			return;
	} else {
		if (!only_fields(q, mb, "MemoryBackend", backend_names))
			return;
		const char *type = need_string(q, mb, "backend_type", "MemoryBackend");
		if (!type || !(l.mem_path = need_string(q, mb, "backend_path", "MemoryBackend")))
			return;
		if (!strcmp(type, "Uffd")) {
			api_fault(q->r, 400, "armvm loads guest memory from a file only "
				  "(backend_type \"Uffd\" is not supported)");
			return;
		}
		if (strcmp(type, "File")) {
			api_fault(q->r, 400, "field `backend_type` must be \"File\" or \"Uffd\"");
			return;
		}
	}
	static const char *const bools[] = { "enable_diff_snapshots", "track_dirty_pages",
					     "resume_vm", "clock_realtime", NULL };
	for (unsigned i = 0; bools[i]; i++) {
		const struct json_value *m = json_get(q->d, q->body, bools[i]);
		if (m && m->type != JSON_NULL && m->type != JSON_TRUE && m->type != JSON_FALSE) {
			faultf(q->r, "field `%s` of %s must be a boolean", bools[i], what);
			return;
		}
		if (m && m->type == JSON_TRUE && i < 2) {
			faultf(q->r, "field `%s`: armvm makes full snapshots only%s",
			       bools[i], "");
			return;
		}
		if (m && m->type == JSON_TRUE && i == 3) {
			api_fault(q->r, 400, "field `clock_realtime` is x86 only");
			return;
		}
	}
	const struct json_value *rv = json_get(q->d, q->body, "resume_vm");
	l.resume = rv && rv->type == JSON_TRUE;
	const struct json_value *vs = json_get(q->d, q->body, "vsock_override");
	if (vs && vs->type != JSON_NULL) {
		api_fault(q->r, 400, "field `vsock_override`: armvm has no vsock device");
		return;
	}
	const struct json_value *hp = json_get(q->d, q->body, "huge_pages");
	if (hp && hp->type != JSON_NULL &&
	    (hp->type != JSON_STRING || (strcmp(hp->str, "Snapshot") && strcmp(hp->str, "None")))) {
		api_fault(q->r, 400, "field `huge_pages`: armvm backs guest memory with "
			  "ordinary pages (\"Snapshot\" or \"None\")");
		return;
	}
	const struct json_value *no = json_get(q->d, q->body, "network_overrides");
	if (no && no->type != JSON_NULL) {
		if (no->type != JSON_ARRAY) {
			api_fault(q->r, 400, "field `network_overrides` must be an array");
			return;
		}
		if (no->count > API_MAX_NETS) {
			api_fault(q->r, 400, "too many network_overrides");
			return;
		}
		for (const struct json_value *e = json_at(q->d, no->child); e; e = json_at(q->d, e->next)) {
			if (!only_fields(q, e, "NetworkOverride", override_names))
				return;
			const char *id = need_string(q, e, "iface_id", "NetworkOverride");
			const char *tap = id ? need_string(q, e, "host_dev_name", "NetworkOverride") : NULL;
			if (!tap)
				return;
			if (strlen(tap) > CLI_IFNAME_MAX || strchr(tap, '/')) {
				api_fault(q->r, 400, "field `host_dev_name`: a tap interface "
					  "name is 1..15 characters, no '/'");
				return;
			}
			l.override_id[l.nr_override] = id;
			l.override_tap[l.nr_override++] = tap;
		}
	}
	if (q->a->state != API_NOT_STARTED) {
		api_fault(q->r, 400, "Loading a microVM snapshot not allowed after "
			  "starting the microVM.");
		return;
	}
	if (q->a->cfg.touched) {
		api_fault(q->r, 400, "Loading a microVM snapshot not allowed after "
			  "configuring boot-specific resources.");
		return;
	}
	if (q->a->ops->snapshot_load(q->a->ctx, &l, err, sizeof(err)) < 0) {
		api_fault(q->r, 400, err);
		return;
	}
	q->a->state = l.resume ? API_RUNNING : API_PAUSED;
	no_content(q->r);
}

struct route {
	const char *path;       /* a trailing '*': one more segment, the id */
	const char *methods;    /* "GET PUT PATCH" */
	bool body;              /* PUT/PATCH need a JSON body */
	void (*fn)(struct req *q);
	void (*get)(struct req *q);
};

static const struct route routes[] = {
	{ "/", "GET", false, NULL, get_instance },
	{ "/version", "GET", false, NULL, get_version },
	{ "/machine-config", "GET PUT PATCH", true, put_machine, get_machine },
	{ "/boot-source", "PUT", true, put_boot_source, NULL },
	{ "/drives/*", "PUT PATCH", true, put_drive, NULL },
	{ "/network-interfaces/*", "PUT PATCH", true, put_net, NULL },
	{ "/entropy", "PUT", true, put_entropy, NULL },
	{ "/actions", "PUT", true, put_actions, NULL },
	{ "/vm", "PATCH", true, patch_vm, NULL },
	{ "/snapshot/create", "PUT", true, put_snapshot_create, NULL },
	{ "/snapshot/load", "PUT", true, put_snapshot_load, NULL },
};

static bool method_in(const char *list, const char *m)
{
	size_t n = strlen(m);
	for (const char *p = list; (p = strstr(p, m)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* Path matches route pattern; *id gets the {id} segment. */
static bool path_match(const char *pat, const char *path, char *id, size_t idlen)
{
	size_t n = strlen(pat);
	if (pat[n - 1] != '*')
		return !strcmp(pat, path);
	if (strncmp(pat, path, n - 1))
		return false;
	const char *seg = path + n - 1;
	if (!*seg || strchr(seg, '/') || strlen(seg) >= idlen)
		return false;
	strcpy(id, seg);
	return true;
}

void api_handle(struct api *a, const char *method, const char *target,
		const char *body, size_t body_len, struct api_response *r)
{
	static struct json_value values[API_JSON_VALUES];
	static char strbuf[API_JSON_STRBUF];
	char path[1024], id[API_ID_MAX + 1];
	snprintf(path, sizeof(path), "%s", target);
	path[strcspn(path, "?")] = '\0';    /* a query string names nothing here */
	if (strlen(path) > 1 && path[strlen(path) - 1] == '/')
		path[strlen(path) - 1] = '\0';
	const struct route *rt = NULL;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (path_match(routes[i].path, path, id, sizeof(id))) {
			rt = &routes[i];
			break;
		}
	if (!rt || !method_in(rt->methods, method)) {
		faultf(r, "Invalid request method and/or path: %s %s.", method, path);
		return;
	}
	struct json_doc d = { values, API_JSON_VALUES, 0, strbuf, sizeof(strbuf), 0 };
	struct req q = { a, method, rt->path[strlen(rt->path) - 1] == '*' ? id : NULL,
			 &d, NULL, r };
	if (!strcmp(method, "GET")) {
		if (body_len) {
			api_fault(r, 400, "GET requests take no body.");
			return;
		}
		rt->get(&q);
		return;
	}
	if (!body_len) {
		api_fault(r, 400, "The body of the request is empty.");
		return;
	}
	char err[200], msg[300];
	if (json_parse(body, body_len, &d, err, sizeof(err)) < 0) {
		snprintf(msg, sizeof(msg), "An error occurred when deserializing the "
			 "json body of a request: %s.", err);
		api_fault(r, 400, msg);
		return;
	}
	q.body = &d.v[0];
	rt->fn(&q);
}
