/* SPDX-License-Identifier: MIT */
/*
 * cmocka tests of the control API: HTTP parsing (api_http.c), the routes
 * with their states and errors (api_router.c, api_config.c, with fake VM
 * operations), and the translation of a configuration to `armvm run`
 * options. Every error answer must be Firecracker's Error object.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cli/api_http.h"
#include "cli/api_router.h"
#include "machine/memmap.h"

/* ---- fake VM operations ---- */
static char calls[256];
static int fail_next;
static char last_snap[128], last_mem[128];
static bool last_resume;
static unsigned last_overrides;

static int fake(const char *what, char *err, size_t errlen)
{
	strcat(calls, what);
	strcat(calls, ";");
	if (fail_next) {
		fail_next = 0;
		snprintf(err, errlen, "%s failed on purpose", what);
		return -1;
	}
	return 0;
}
static int f_start(void *c, const struct api_config *cfg, char *e, size_t n)
{
	(void)c;
	(void)cfg;
	return fake("start", e, n);
}
static int f_pause(void *c, char *e, size_t n) { (void)c; return fake("pause", e, n); }
static int f_resume(void *c, char *e, size_t n) { (void)c; return fake("resume", e, n); }
static int f_create(void *c, const char *s, const char *m, char *e, size_t n)
{
	(void)c;
	snprintf(last_snap, sizeof(last_snap), "%s", s);
	snprintf(last_mem, sizeof(last_mem), "%s", m);
	return fake("create", e, n);
}
static int f_load(void *c, const struct api_snapshot_load *l, char *e, size_t n)
{
	(void)c;
	snprintf(last_snap, sizeof(last_snap), "%s", l->snapshot_path);
	snprintf(last_mem, sizeof(last_mem), "%s", l->mem_path);
	last_resume = l->resume;
	last_overrides = l->nr_override;
	return fake("load", e, n);
}
static const struct api_ops ops = { f_start, f_pause, f_resume, f_create, f_load };

static struct api a;
static struct api_response r;

static int setup(void **state)
{
	(void)state;
	api_init(&a, &ops, NULL, "anonymous-instance", "0.1");
	calls[0] = '\0';
	fail_next = 0;
	return 0;
}

static void req(const char *method, const char *path, const char *body)
{
	api_handle(&a, method, path, body, body ? strlen(body) : 0, &r);
	r.body[r.len] = '\0';
}

/* status and, for errors, a fault_message containing want. */
static void expect(int status, const char *want)
{
	if (r.status != status)
		fail_msg("status %d, want %d (body %s)", r.status, status, r.body);
	if (status >= 400) {
		if (strncmp(r.body, "{\"fault_message\":\"", 18) ||
		    strcmp(r.body + r.len - 2, "\"}"))
			fail_msg("not an Error object: %s", r.body);
		if (want && !strstr(r.body, want))
			fail_msg("fault '%s' lacks '%s'", r.body, want);
	} else if (status == 204) {
		assert_int_equal(r.len, 0);
	} else if (want && strcmp(r.body, want)) {
		fail_msg("body %s, want %s", r.body, want);
	}
}

static void test_info(void **state)
{
	(void)state;
	req("GET", "/", NULL);
	expect(200, "{\"app_name\":\"armvm\",\"id\":\"anonymous-instance\","
	       "\"state\":\"Not started\",\"vmm_version\":\"0.1\"}");
	req("GET", "/version", NULL);
	expect(200, "{\"firecracker_version\":\"0.1\"}");
	req("GET", "/machine-config", NULL);
	expect(200, "{\"vcpu_count\":1,\"mem_size_mib\":128,\"smt\":false,"
	       "\"track_dirty_pages\":false,\"huge_pages\":\"None\","
	       "\"armvm_aarch32\":false,\"armvm_gic\":\"auto\"}");
	req("GET", "/?x=1", NULL);
	expect(200, NULL);
	req("GET", "/nothing", NULL);
	expect(400, "Invalid request method and/or path: GET /nothing.");
	req("DELETE", "/", NULL);
	expect(400, "Invalid request method and/or path: DELETE /.");
	req("POST", "/actions", "{}");
	expect(400, "Invalid request method and/or path");
	req("GET", "/", "{}");
	expect(400, "no body");
	req("GET", "/drives/x/y", NULL);
	expect(400, "Invalid request method and/or path");
}

static void test_machine_config(void **state)
{
	(void)state;
	req("PUT", "/machine-config", "{\"vcpu_count\": 4, \"mem_size_mib\": 256}");
	expect(204, NULL);
	req("GET", "/machine-config", NULL);
	expect(200, "{\"vcpu_count\":4,\"mem_size_mib\":256,\"smt\":false,"
	       "\"track_dirty_pages\":false,\"huge_pages\":\"None\","
	       "\"armvm_aarch32\":false,\"armvm_gic\":\"auto\"}");
	req("PATCH", "/machine-config", "{\"armvm_aarch32\": true, \"armvm_gic\": \"2\"}");
	expect(204, NULL);
	assert_true(a.cfg.aarch32);
	assert_int_equal(a.cfg.gic, CLI_GIC_V2);
	assert_int_equal(a.cfg.vcpus, 4);
	/* Each refused body leaves the configuration as it was. */
	struct api_config before = a.cfg;
	req("PUT", "/machine-config", "{\"vcpu_count\": 2}");
	expect(400, "missing field `mem_size_mib`");
	req("PUT", "/machine-config", "{\"vcpu_count\": 0, \"mem_size_mib\": 128}");
	expect(400, "The vCPU number is invalid");
	req("PUT", "/machine-config", "{\"vcpu_count\": 33, \"mem_size_mib\": 128}");
	expect(400, "The vCPU number is invalid");
	req("PATCH", "/machine-config", "{\"vcpu_count\": 9}");
	expect(400, "GICv2");
	req("PUT", "/machine-config", "{\"vcpu_count\": 1, \"mem_size_mib\": 0}");
	expect(400, "The memory size (MiB) is invalid");
	req("PATCH", "/machine-config", "{\"mem_size_mib\": 4096}");
	expect(400, "AArch32");
	req("PUT", "/machine-config", "{\"vcpu_count\": \"1\", \"mem_size_mib\": 128}");
	expect(400, "field `vcpu_count` of MachineConfiguration must be an integer");
	req("PUT", "/machine-config", "{\"vcpu_count\": 1.5, \"mem_size_mib\": 128}");
	expect(400, "must be an integer");
	req("PUT", "/machine-config", "{\"vcpu_count\": 1, \"mem_size_mib\": 128, \"smt\": true}");
	expect(400, "simultaneous multithreading");
	req("PUT", "/machine-config", "{\"vcpu_count\": 1, \"mem_size_mib\": 128, \"foo\": 1}");
	expect(400, "unknown field `foo`");
	req("PATCH", "/machine-config", "{\"track_dirty_pages\": true}");
	expect(400, "track_dirty_pages");
	req("PATCH", "/machine-config", "{\"cpu_template\": \"T2\"}");
	expect(400, "cpu_template");
	req("PATCH", "/machine-config", "{\"huge_pages\": \"2M\"}");
	expect(400, "huge_pages");
	req("PATCH", "/machine-config", "{\"armvm_gic\": \"4\"}");
	expect(400, "armvm_gic");
	req("PATCH", "/machine-config", "[]");
	expect(400, "must be a JSON object");
	req("PATCH", "/machine-config", "{\"vcpu_count\": 2,}");
	expect(400, "An error occurred when deserializing the json body of a request");
	req("PATCH", "/machine-config", NULL);
	expect(400, "The body of the request is empty.");
	assert_memory_equal(&before, &a.cfg, sizeof(before));
	/* PUT resets what it does not name. */
	req("PUT", "/machine-config", "{\"vcpu_count\": 1, \"mem_size_mib\": 64, "
	    "\"smt\": false, \"cpu_template\": null}");
	expect(204, NULL);
	assert_false(a.cfg.aarch32);
	assert_int_equal(a.cfg.gic, CLI_GIC_AUTO);
}

static void test_devices(void **state)
{
	(void)state;
	req("PUT", "/boot-source", "{\"kernel_image_path\": \"/k\", \"boot_args\": "
	    "\"console=ttyAMA0\", \"initrd_path\": \"/i\"}");
	expect(204, NULL);
	req("PUT", "/boot-source", "{\"boot_args\": \"x\"}");
	expect(400, "missing field `kernel_image_path`");
	req("PUT", "/boot-source", "{\"kernel_image_path\": \"\"}");
	expect(400, "empty");
	req("PUT", "/drives/rootfs", "{\"drive_id\": \"rootfs\", \"path_on_host\": "
	    "\"/r.img\", \"is_root_device\": true, \"is_read_only\": false}");
	expect(204, NULL);
	req("PUT", "/drives/data", "{\"drive_id\": \"data\", \"path_on_host\": "
	    "\"/d.img\", \"is_root_device\": false, \"is_read_only\": true, "
	    "\"cache_type\": \"Writeback\", \"io_engine\": \"Sync\"}");
	expect(204, NULL);
	req("PUT", "/drives/other", "{\"drive_id\": \"data\", \"path_on_host\": "
	    "\"/d.img\", \"is_root_device\": false, \"is_read_only\": true}");
	expect(400, "The id from the path does not match the id from the body!");
	req("PUT", "/drives/two", "{\"drive_id\": \"two\", \"path_on_host\": "
	    "\"/t.img\", \"is_root_device\": true, \"is_read_only\": true}");
	expect(400, "A root block device already exists!");
	req("PUT", "/drives/x", "{\"drive_id\": \"x\", \"path_on_host\": \"/x\", "
	    "\"is_root_device\": false, \"is_read_only\": false, \"rate_limiter\": {}}");
	expect(400, "rate limiters");
	req("PUT", "/drives/x", "{\"drive_id\": \"x\", \"path_on_host\": \"/x\", "
	    "\"is_root_device\": false, \"is_read_only\": false, \"io_engine\": \"Async\"}");
	expect(400, "io_engine");
	req("PUT", "/drives/x", "{\"drive_id\": \"x\", \"is_root_device\": false, "
	    "\"socket\": \"/s\"}");
	expect(400, "vhost-user");
	req("PUT", "/drives/x", "{\"drive_id\": \"x\", \"is_root_device\": false}");
	expect(400, "missing field `path_on_host`");
	req("PUT", "/drives/a%20b", "{\"drive_id\": \"a%20b\", \"path_on_host\": \"/x\", "
	    "\"is_root_device\": false, \"is_read_only\": false}");
	expect(400, "an id is");
	assert_int_equal(a.cfg.nr_drive, 2);
	req("PUT", "/network-interfaces/eth0", "{\"iface_id\": \"eth0\", "
	    "\"host_dev_name\": \"tap0\", \"guest_mac\": \"AA:FC:00:00:00:01\"}");
	expect(204, NULL);
	req("PUT", "/network-interfaces/eth1", "{\"iface_id\": \"eth1\", "
	    "\"host_dev_name\": \"tap0\"}");
	expect(400, "already in use");
	req("PUT", "/network-interfaces/eth1", "{\"iface_id\": \"eth1\", "
	    "\"host_dev_name\": \"tap1\", \"guest_mac\": \"AA:FC:00:00:00\"}");
	expect(400, "guest_mac");
	req("PUT", "/network-interfaces/eth1", "{\"iface_id\": \"eth1\", "
	    "\"host_dev_name\": \"a/b\"}");
	expect(400, "host_dev_name");
	req("PUT", "/network-interfaces/eth1", "{\"iface_id\": \"eth1\", "
	    "\"host_dev_name\": \"tap1\", \"mtu\": 1500}");
	expect(400, "MTU");
	req("PATCH", "/network-interfaces/eth0", "{\"iface_id\": \"eth0\"}");
	expect(400, "not supported before starting");
	req("PUT", "/entropy", "{}");
	expect(204, NULL);
	req("PUT", "/entropy", "{\"rate_limiter\": {\"bandwidth\": {}}}");
	expect(400, "rate limiters");

	/* The options armvm run gets: the root drive first, root= added. */
	struct cli_options base = { .memory = 1, .cpus = 1 }, o;
	char cmd[256], err[200];
	assert_int_equal(api_config_to_options(&a.cfg, &base, &o, cmd, sizeof(cmd),
					       err, sizeof(err)), 0);
	assert_string_equal(o.image, "/k");
	assert_string_equal(o.initrd, "/i");
	assert_string_equal(o.cmdline, "console=ttyAMA0 root=/dev/vda rw");
	assert_int_equal(o.nr_virtio, 4);
	assert_int_equal(o.virtio[0].kind, CLI_VIRTIO_BLK);
	assert_string_equal(o.virtio[0].arg, "/r.img");
	assert_false(o.virtio[0].readonly);
	assert_string_equal(o.virtio[1].arg, "/d.img");
	assert_true(o.virtio[1].readonly);
	assert_int_equal(o.virtio[2].kind, CLI_VIRTIO_NET_TAP);
	assert_memory_equal(o.virtio[2].arg, "tap0", 4);
	assert_true(o.virtio[2].has_mac);
	assert_int_equal(o.virtio[2].mac[0], 0xaa);
	assert_int_equal(o.virtio[2].mac[5], 0x01);
	assert_int_equal(o.virtio[3].kind, CLI_VIRTIO_RNG);
	assert_int_equal(o.memory, 128ULL << 20);
}

static void test_lifecycle(void **state)
{
	(void)state;
	req("PATCH", "/vm", "{\"state\": \"Paused\"}");
	expect(400, "not supported before starting the microVM");
	req("PUT", "/snapshot/create", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\"}");
	expect(400, "not supported before starting the microVM");
	req("PUT", "/actions", "{\"action_type\": \"InstanceStart\"}");
	expect(400, "Cannot start microvm without kernel configuration.");
	req("PUT", "/actions", "{\"action_type\": \"Reboot\"}");
	expect(400, "unknown variant `Reboot`");
	req("PUT", "/actions", "{\"action_type\": \"InstanceStart\", \"x\": 1}");
	expect(400, "unknown field `x`");
	req("PUT", "/actions", "{}");
	expect(400, "missing field `action_type`");
	req("PUT", "/actions", "{\"action_type\": \"FlushMetrics\"}");
	expect(400, "metrics");
	req("PUT", "/boot-source", "{\"kernel_image_path\": \"/k\"}");
	expect(204, NULL);
	fail_next = 1;
	req("PUT", "/actions", "{\"action_type\": \"InstanceStart\"}");
	expect(400, "start failed on purpose");
	req("GET", "/", NULL);
	assert_non_null(strstr(r.body, "\"Not started\""));
	req("PUT", "/actions", "{\"action_type\": \"InstanceStart\"}");
	expect(204, NULL);
	req("GET", "/", NULL);
	assert_non_null(strstr(r.body, "\"Running\""));
	req("PUT", "/actions", "{\"action_type\": \"InstanceStart\"}");
	expect(400, "The requested operation is not supported after starting the microVM.");
	req("PUT", "/machine-config", "{\"vcpu_count\": 1, \"mem_size_mib\": 128}");
	expect(400, "not supported after starting");
	req("PUT", "/boot-source", "{\"kernel_image_path\": \"/k\"}");
	expect(400, "not supported after starting");
	req("PUT", "/drives/d", "{}");
	expect(400, "not supported after starting");
	req("PATCH", "/drives/d", "{\"drive_id\": \"d\"}");
	expect(400, "cannot change a drive");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\"}");
	expect(400, "not allowed after starting");
	req("PUT", "/snapshot/create", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\"}");
	expect(400, "not paused");
	req("PATCH", "/vm", "{\"state\": \"Resumed\"}");
	expect(204, NULL);                 /* already running: nothing to do */
	req("PATCH", "/vm", "{\"state\": \"Stopped\"}");
	expect(400, "unknown variant `Stopped`");
	req("PATCH", "/vm", "{\"state\": \"Paused\"}");
	expect(204, NULL);
	req("PATCH", "/vm", "{\"state\": \"Paused\"}");
	expect(204, NULL);
	req("GET", "/", NULL);
	assert_non_null(strstr(r.body, "\"Paused\""));
	req("PUT", "/snapshot/create", "{\"snapshot_path\": \"s\", \"mem_file_path\": "
	    "\"m\", \"snapshot_type\": \"Diff\"}");
	expect(400, "Diff");
	req("PUT", "/snapshot/create", "{\"snapshot_path\": \"s\"}");
	expect(400, "missing field `mem_file_path`");
	req("PUT", "/snapshot/create", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\", "
	    "\"version\": \"1.0\"}");
	expect(400, "unknown field `version`");
	fail_next = 1;
	req("PUT", "/snapshot/create", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\"}");
	expect(400, "create failed on purpose");
	req("PUT", "/snapshot/create", "{\"snapshot_path\": \"/s.snap\", \"mem_file_path\": "
	    "\"/s.mem\", \"snapshot_type\": \"Full\"}");
	expect(204, NULL);
	assert_string_equal(last_snap, "/s.snap");
	assert_string_equal(last_mem, "/s.mem");
	req("PATCH", "/vm", "{\"state\": \"Resumed\"}");
	expect(204, NULL);
	assert_string_equal(calls, "start;start;pause;create;create;resume;");
}

static void test_snapshot_load(void **state)
{
	(void)state;
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\"}");
	expect(400, "Exactly one of `mem_file_path` and `mem_backend`");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\", "
	    "\"mem_backend\": {\"backend_type\": \"File\", \"backend_path\": \"m\"}}");
	expect(400, "Exactly one");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_backend\": "
	    "{\"backend_type\": \"Uffd\", \"backend_path\": \"/u.sock\"}}");
	expect(400, "Uffd");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_backend\": "
	    "{\"backend_type\": \"File\"}}");
	expect(400, "missing field `backend_path`");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\", "
	    "\"enable_diff_snapshots\": true}");
	expect(400, "full snapshots only");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\", "
	    "\"resume_vm\": 1}");
	expect(400, "must be a boolean");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\", "
	    "\"network_overrides\": [{\"iface_id\": \"eth0\"}]}");
	expect(400, "missing field `host_dev_name`");
	fail_next = 1;
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\"}");
	expect(400, "load failed on purpose");
	req("GET", "/", NULL);
	assert_non_null(strstr(r.body, "\"Not started\""));
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"/a.snap\", \"mem_backend\": "
	    "{\"backend_type\": \"File\", \"backend_path\": \"/a.mem\"}, \"resume_vm\": true, "
	    "\"network_overrides\": [{\"iface_id\": \"eth0\", \"host_dev_name\": \"tap9\"}]}");
	expect(204, NULL);
	assert_string_equal(last_snap, "/a.snap");
	assert_string_equal(last_mem, "/a.mem");
	assert_true(last_resume);
	assert_int_equal(last_overrides, 1);
	req("GET", "/", NULL);
	assert_non_null(strstr(r.body, "\"Running\""));
	/* A fresh instance that was configured first refuses a load. */
	setup(NULL);
	req("PUT", "/entropy", "{}");
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\"}");
	expect(400, "not allowed after configuring boot-specific resources");
	setup(NULL);
	req("PUT", "/snapshot/load", "{\"snapshot_path\": \"s\", \"mem_file_path\": \"m\"}");
	expect(204, NULL);
	req("GET", "/", NULL);
	assert_non_null(strstr(r.body, "\"Paused\""));
}

static void test_config_file(void **state)
{
	(void)state;
	static struct json_value v[128];
	static char s[2048];
	struct json_doc d = { v, 128, 0, s, sizeof(s), 0 };
	char err[300];
	const char *good = "{\"boot-source\": {\"kernel_image_path\": \"/k\"}, "
		"\"machine-config\": {\"vcpu_count\": 2, \"mem_size_mib\": 256}, "
		"\"drives\": [{\"drive_id\": \"r\", \"path_on_host\": \"/r\", "
		"\"is_root_device\": true, \"is_read_only\": true}], "
		"\"network-interfaces\": [], \"entropy\": {}}";
	assert_int_equal(json_parse(good, strlen(good), &d, err, sizeof(err)), 0);
	assert_int_equal(api_config_file(&a.cfg, &d, err, sizeof(err)), 0);
	assert_int_equal(a.cfg.vcpus, 2);
	assert_int_equal(a.cfg.nr_drive, 1);
	assert_true(a.cfg.entropy);
	const char *bad = "{\"boot-source\": {\"kernel_image_path\": \"/k\"}, "
		"\"vsock\": {}}";
	assert_int_equal(json_parse(bad, strlen(bad), &d, err, sizeof(err)), 0);
	assert_int_equal(api_config_file(&a.cfg, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown field `vsock`"));
	const char *bad2 = "{\"boot-source\": {\"kernel_image_path\": \"/k\"}, "
		"\"drives\": [{\"drive_id\": \"r\", \"is_root_device\": 1}]}";
	assert_int_equal(json_parse(bad2, strlen(bad2), &d, err, sizeof(err)), 0);
	assert_int_equal(api_config_file(&a.cfg, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "drives: field `is_root_device`"));
	const char *none = "{\"machine-config\": {\"vcpu_count\": 2, \"mem_size_mib\": 256}}";
	assert_int_equal(json_parse(none, strlen(none), &d, err, sizeof(err)), 0);
	assert_int_equal(api_config_file(&a.cfg, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "missing field `boot-source`"));
}

/* ---- HTTP ---- */
static enum api_http_parse parse(const char *s, struct api_http_request *rq,
				 size_t *used, int *status, const char **why)
{
	return api_http_parse_request(s, strlen(s), rq, used, status, why);
}

static void test_http(void **state)
{
	(void)state;
	struct api_http_request rq;
	size_t used;
	int st;
	const char *why;
	const char *two = "PUT /vm HTTP/1.1\r\nHost: x\r\ncontent-length: 20\r\n\r\n"
		"{\"state\": \"Paused\"}\n" "GET / HTTP/1.1\r\nConnection: close\r\n\r\n";
	assert_int_equal(parse(two, &rq, &used, &st, &why), API_HTTP_DONE);
	assert_string_equal(rq.method, "PUT");
	assert_string_equal(rq.path, "/vm");
	assert_int_equal(rq.body_len, 20);
	assert_memory_equal(rq.body, "{\"state\": \"Paused\"}\n", 20);
	assert_false(rq.close);
	assert_int_equal(parse(two + used, &rq, &used, &st, &why), API_HTTP_DONE);
	assert_string_equal(rq.method, "GET");
	assert_null(rq.body);
	assert_true(rq.close);
	/* Incomplete: headers, then body. */
	assert_int_equal(parse("GET / HTTP/1.1\r\n", &rq, &used, &st, &why), API_HTTP_INCOMPLETE);
	assert_int_equal(parse("PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", &rq, &used,
			       &st, &why), API_HTTP_INCOMPLETE);
	assert_int_equal(parse("GET / HTTP/1.0\r\n\r\n", &rq, &used, &st, &why), API_HTTP_DONE);
	assert_true(rq.close);
	static const struct { const char *in; int status; } bad[] = {
		{ "GET / HTTP/2.0\r\n\r\n", 505 },
		{ "GET / FOO\r\n\r\n", 400 },
		{ "GET\r\n\r\n", 400 },
		{ "GET x HTTP/1.1\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nBad Header\r\n\r\n", 400 },
		{ "PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400 },
		{ "PUT / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400 },
		{ "PUT / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400 },
		{ "PUT / HTTP/1.1\r\nContent-Length: 51201\r\n\r\n", 413 },
		{ "PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501 },
		{ "VERYLONGMETHOD / HTTP/1.1\r\n\r\n", 501 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		st = 0;
		if (parse(bad[i].in, &rq, &used, &st, &why) != API_HTTP_BAD || st != bad[i].status)
			fail_msg("'%s': status %d, want %d", bad[i].in, st, bad[i].status);
	}
	static char big[API_HTTP_MAX_HEAD + 100];
	memset(big, 'a', sizeof(big) - 1);
	assert_int_equal(parse(big, &rq, &used, &st, &why), API_HTTP_BAD);
	assert_int_equal(st, 431);
	static char longpath[API_HTTP_MAX_PATH + 40];
	snprintf(longpath, sizeof(longpath), "GET /%0*d HTTP/1.1\r\n\r\n", API_HTTP_MAX_PATH, 0);
	assert_int_equal(parse(longpath, &rq, &used, &st, &why), API_HTTP_BAD);
	assert_int_equal(st, 414);

	/* A response and a request round-trip through both ends. */
	char out[512];
	int n = api_http_format_response(out, sizeof(out), 400, "{\"fault_message\":\"x\"}",
					 21, false);
	assert_true(n > 0);
	const char *body;
	size_t blen;
	assert_int_equal(api_http_parse_response(out, (size_t)n, &st, &body, &blen, &why),
			 API_HTTP_DONE);
	assert_int_equal(st, 400);
	assert_int_equal(blen, 21);
	assert_int_equal(api_http_parse_response(out, (size_t)n - 1, &st, &body, &blen, &why),
			 API_HTTP_INCOMPLETE);
	n = api_http_format_response(out, sizeof(out), 204, NULL, 0, true);
	out[n] = '\0';
	assert_null(strstr(out, "Content-Length"));
	assert_int_equal(api_http_parse_response(out, (size_t)n, &st, &body, &blen, &why),
			 API_HTTP_DONE);
	assert_int_equal(st, 204);
	assert_int_equal(blen, 0);
	n = api_http_format_request(out, sizeof(out), "PATCH", "/vm", "{}", 2);
	assert_int_equal(api_http_parse_request(out, (size_t)n, &rq, &used, &st, &why),
			 API_HTTP_DONE);
	assert_string_equal(rq.method, "PATCH");
	assert_int_equal(rq.body_len, 2);
	assert_int_equal(api_http_format_response(out, 10, 200, "{}", 2, false), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_info, setup),
		cmocka_unit_test_setup(test_machine_config, setup),
		cmocka_unit_test_setup(test_devices, setup),
		cmocka_unit_test_setup(test_lifecycle, setup),
		cmocka_unit_test_setup(test_snapshot_load, setup),
		cmocka_unit_test_setup(test_config_file, setup),
		cmocka_unit_test(test_http),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
