/* SPDX-License-Identifier: MIT */
/*
 * The control API's answers to every route it serves, in success and in
 * each error class, through the router (api_router.c) with fake VM
 * operations: a transcript that tests/suites/api-spec.sh checks against
 * Firecracker's API description (../shared/peers/firecracker/
 * firecracker.yaml): path and method, status listed for the operation,
 * body matching its schema, armvm's own fields prefixed `armvm_`. Run
 * alone it checks that every answer is JSON (PASS:/FAIL: lines); with
 * API_TRANSCRIPT=FILE it also writes the transcript there, one JSON
 * object per line: {"method","path","request","status","response"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/api_router.h"

static int f_start(void *c, const struct api_config *cfg, char *e, size_t n)
{
	(void)c; (void)cfg; (void)e; (void)n;
	return 0;
}
static int f_ok(void *c, char *e, size_t n) { (void)c; (void)e; (void)n; return 0; }
static int f_create(void *c, const char *s, const char *m, char *e, size_t n)
{
	(void)c; (void)s; (void)m;
	snprintf(e, n, "cannot create the memory file '%s': No such file or directory", m);
	return strncmp(m, "/nonexistent/", 13) ? 0 : -1;
}
static int f_load(void *c, const struct api_snapshot_load *l, char *e, size_t n)
{
	(void)c;
	snprintf(e, n, "snapshot '%s': truncated", l->snapshot_path);
	return strcmp(l->snapshot_path, "/bad.snap") ? 0 : -1;
}
static const struct api_ops ops = { f_start, f_ok, f_ok, f_create, f_load };

static const struct { const char *method, *path, *body; } script[] = {
	{ "GET", "/", NULL },
	{ "GET", "/version", NULL },
	{ "GET", "/machine-config", NULL },
	{ "PUT", "/snapshot/load", "{\"snapshot_path\": \"/bad.snap\", \"mem_file_path\": \"/m\"}" },
	{ "PUT", "/snapshot/load", "{\"snapshot_path\": \"/s\"}" },
	{ "PUT", "/snapshot/load", "{\"snapshot_path\": \"/s\", \"mem_backend\": {\"backend_type\": \"Uffd\", \"backend_path\": \"/u\"}}" },
	{ "PATCH", "/vm", "{\"state\": \"Paused\"}" },
	{ "PUT", "/snapshot/create", "{\"snapshot_path\": \"/s\", \"mem_file_path\": \"/m\"}" },
	{ "PUT", "/actions", "{\"action_type\": \"InstanceStart\"}" },
	{ "PUT", "/actions", "{\"action_type\": \"FlushMetrics\"}" },
	{ "PUT", "/actions", "{\"action_type\": \"Bogus\"}" },
	{ "PUT", "/machine-config", "{\"vcpu_count\": 2, \"mem_size_mib\": 256, \"smt\": false, \"track_dirty_pages\": false, \"huge_pages\": \"None\", \"armvm_aarch32\": false, \"armvm_gic\": \"auto\"}" },
	{ "PATCH", "/machine-config", "{\"mem_size_mib\": 512}" },
	{ "PUT", "/machine-config", "{\"vcpu_count\": 64, \"mem_size_mib\": 256}" },
	{ "PUT", "/machine-config", "{\"vcpu_count\": 2, \"mem_size_mib\": 256, \"unknown\": 1}" },
	{ "PUT", "/machine-config", "{\"vcpu_count\": 2, \"mem_size_mib\": 256" },
	{ "PUT", "/machine-config", NULL },
	{ "GET", "/machine-config", NULL },
	{ "PUT", "/boot-source", "{\"kernel_image_path\": \"/vmlinux\", \"boot_args\": \"console=ttyAMA0\", \"initrd_path\": \"/initrd\"}" },
	{ "PUT", "/boot-source", "{\"boot_args\": \"x\"}" },
	{ "PUT", "/drives/rootfs", "{\"drive_id\": \"rootfs\", \"path_on_host\": \"/rootfs.ext4\", \"is_root_device\": true, \"is_read_only\": false, \"cache_type\": \"Unsafe\", \"io_engine\": \"Sync\"}" },
	{ "PUT", "/drives/data", "{\"drive_id\": \"data\", \"path_on_host\": \"/data.ext4\", \"is_root_device\": false, \"is_read_only\": true, \"partuuid\": \"0eaa91a0-01\"}" },
	{ "PUT", "/drives/data", "{\"drive_id\": \"other\", \"path_on_host\": \"/d\", \"is_root_device\": false, \"is_read_only\": true}" },
	{ "PUT", "/drives/x", "{\"drive_id\": \"x\", \"path_on_host\": \"/x\", \"is_root_device\": false, \"is_read_only\": false, \"rate_limiter\": {\"bandwidth\": {\"size\": 1, \"refill_time\": 1}}}" },
	{ "PATCH", "/drives/rootfs", "{\"drive_id\": \"rootfs\", \"path_on_host\": \"/new.ext4\"}" },
	{ "PUT", "/network-interfaces/eth0", "{\"iface_id\": \"eth0\", \"host_dev_name\": \"tap0\", \"guest_mac\": \"AA:FC:00:00:00:01\"}" },
	{ "PUT", "/network-interfaces/eth1", "{\"iface_id\": \"eth1\", \"host_dev_name\": \"tap1\", \"mtu\": 1500}" },
	{ "PATCH", "/network-interfaces/eth0", "{\"iface_id\": \"eth0\"}" },
	{ "PUT", "/entropy", "{}" },
	{ "PUT", "/entropy", "{\"rate_limiter\": {}}" },
	{ "GET", "/nothing", NULL },
	{ "DELETE", "/vm", NULL },
	{ "PUT", "/actions", "{\"action_type\": \"InstanceStart\"}" },
	{ "GET", "/", NULL },
	{ "PUT", "/actions", "{\"action_type\": \"InstanceStart\"}" },
	{ "PUT", "/boot-source", "{\"kernel_image_path\": \"/vmlinux\"}" },
	{ "PUT", "/snapshot/create", "{\"snapshot_path\": \"/s\", \"mem_file_path\": \"/m\"}" },
	{ "PATCH", "/vm", "{\"state\": \"Paused\"}" },
	{ "GET", "/", NULL },
	{ "PATCH", "/vm", "{\"state\": \"Halted\"}" },
	{ "PUT", "/snapshot/create", "{\"snapshot_path\": \"/s\", \"mem_file_path\": \"/m\", \"snapshot_type\": \"Diff\"}" },
	{ "PUT", "/snapshot/create", "{\"snapshot_path\": \"/s\", \"mem_file_path\": \"/nonexistent/m\"}" },
	{ "PUT", "/snapshot/create", "{\"snapshot_path\": \"/s\", \"mem_file_path\": \"/m\", \"snapshot_type\": \"Full\"}" },
	{ "PATCH", "/vm", "{\"state\": \"Resumed\"}" },
	{ "PUT", "/snapshot/load", "{\"snapshot_path\": \"/s\", \"mem_file_path\": \"/m\"}" },
	{ "GET", "/machine-config", NULL },
};

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

int main(void)
{
	static struct api a;
	static struct api_response r;
	static struct json_value v[256];
	static char s[8192];
	int failures = 0;
	const char *out = getenv("API_TRANSCRIPT");
	FILE *f = out ? fopen(out, "w") : NULL;
	if (out && !f) {
		printf("FAIL: api-transcript cannot write %s\n", out);
		return 1;
	}
	api_init(&a, &ops, NULL, "anonymous-instance", "0.1");
	for (size_t i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		const char *b = script[i].body;
		api_handle(&a, script[i].method, script[i].path, b, b ? strlen(b) : 0, &r);
		r.body[r.len] = '\0';
		struct json_doc d = { v, 256, 0, s, sizeof(s), 0 };
		char err[100];
		bool ok = r.len ? json_parse(r.body, r.len, &d, err, sizeof(err)) == 0
				: r.status == 204;
		if (!ok) {
			printf("FAIL: api-transcript-%zu %s %s: answer %d is not JSON: %s\n", i,
			       script[i].method, script[i].path, r.status, r.body);
			failures++;
		}
		if (f) {
			fprintf(f, "{\"method\":\"%s\",\"path\":", script[i].method);
			json_string(f, script[i].path);
			fprintf(f, ",\"request\":");
			json_string(f, b ? b : "");
			fprintf(f, ",\"status\":%d,\"response\":", r.status);
			json_string(f, r.body);
			fprintf(f, "}\n");
		}
	}
	if (f)
		fclose(f);
	if (!failures)
		printf("PASS: api-transcript (%zu answers, each JSON or empty 204)\n",
		       sizeof(script) / sizeof(script[0]));
	return failures != 0;
}
