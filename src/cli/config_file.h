/* SPDX-License-Identifier: MIT */
/* `armvm run --config-file FILE`: Firecracker's JSON configuration
 * (api_config_file) read from a file. */
#ifndef ARMVM_CLI_CONFIG_FILE_H
#define ARMVM_CLI_CONFIG_FILE_H

#include <stddef.h>

#include "cli/api_config.h"

/* The largest configuration file taken. */
#define CONFIG_FILE_MAX (1u << 20)

/* Read, parse and apply path to c. 0, or -1 with one line in err naming
 * the file and the problem. */
int config_file_load(const char *path, struct api_config *c, char *err, size_t errlen);

#endif
