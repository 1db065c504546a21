/* SPDX-License-Identifier: MIT */
/*
 * The pre-boot configuration a control-API client (or --config-file)
 * builds, in Firecracker's terms (../shared/peers/firecracker/
 * firecracker.yaml: MachineConfiguration, BootSource, Drive,
 * NetworkInterface, EntropyDevice), and its translation to `armvm run`
 * options. Each body is checked completely before anything changes: an
 * unknown field, a wrong type or a value armvm cannot honour is refused
 * with one line and leaves the configuration as it was.
 *
 * armvm's own fields (docs/api.md) carry the prefix `armvm_` so they cannot
 * clash with Firecracker's: in MachineConfiguration `armvm_aarch32`
 * (boolean: the guest's EL1 runs AArch32) and `armvm_gic` ("auto", "2",
 * "3" or "none").
 */
#ifndef ARMVM_CLI_API_CONFIG_H
#define ARMVM_CLI_API_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/json.h"
#include "cli/options.h"

#define API_MAX_DRIVES   16
#define API_MAX_NETS     8
#define API_ID_MAX       64
#define API_PATH_MAX     1024
#define API_ARGS_MAX     2048
#define API_MAX_VCPUS    32     /* Firecracker's MachineConfiguration maximum */

struct api_drive {
	char id[API_ID_MAX];
	char path[API_PATH_MAX];
	char partuuid[API_ID_MAX];
	bool root, readonly;
};

struct api_net {
	char id[API_ID_MAX];
	char tap[CLI_IFNAME_MAX + 1];
	bool have_mac;
	uint8_t mac[6];
};

struct api_config {
	unsigned vcpus;           /* 1 */
	uint64_t mem_mib;         /* 128 */
	bool aarch32;             /* armvm_aarch32 */
	enum cli_gic gic;         /* armvm_gic */
	bool have_boot;
	char kernel[API_PATH_MAX];
	char initrd[API_PATH_MAX];    /* "" = none */
	char boot_args[API_ARGS_MAX];
	bool have_boot_args;
	struct api_drive drive[API_MAX_DRIVES];
	unsigned nr_drive;
	struct api_net net[API_MAX_NETS];
	unsigned nr_net;
	bool entropy;
	bool touched;             /* anything set: /snapshot/load is refused */
};

void api_config_init(struct api_config *c);

/* Each applies one request body (JSON object v of d) or returns -1 with
 * a fault message in err and c unchanged. path_id: the {id} of the URL. */
int api_config_machine(struct api_config *c, const struct json_doc *d,
		       const struct json_value *v, bool patch,
		       char *err, size_t errlen);
int api_config_boot_source(struct api_config *c, const struct json_doc *d,
			   const struct json_value *v, char *err, size_t errlen);
int api_config_drive(struct api_config *c, const char *path_id,
		     const struct json_doc *d, const struct json_value *v,
		     char *err, size_t errlen);
int api_config_net(struct api_config *c, const char *path_id,
		   const struct json_doc *d, const struct json_value *v,
		   char *err, size_t errlen);
int api_config_entropy(struct api_config *c, const struct json_doc *d,
		       const struct json_value *v, char *err, size_t errlen);

/* A Firecracker --config-file document: "boot-source", "machine-config",
 * "drives", "network-interfaces", "entropy" (the other sections of
 * FullVmConfiguration are refused by name). */
int api_config_file(struct api_config *c, const struct json_doc *d,
		    char *err, size_t errlen);

/* MachineConfiguration as GET /machine-config returns it. */
void api_config_machine_json(const struct api_config *c, struct json_out *o);

/*
 * The `armvm run` options for c, on top of base (the command line's
 * other options): image, initrd, command line (with root= for the root
 * drive, as Firecracker adds it), vCPUs, RAM, and the virtio devices in
 * Firecracker's order: drives (the root drive first), network
 * interfaces, entropy. cmdline_buf holds the command line. -1 + err if
 * there is no kernel.
 */
int api_config_to_options(const struct api_config *c, const struct cli_options *base,
			  struct cli_options *o, char *cmdline_buf, size_t cmdline_len,
			  char *err, size_t errlen);

#endif
