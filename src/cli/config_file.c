/* SPDX-License-Identifier: MIT */
/* Firecracker's --config-file; see config_file.h. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/config_file.h"
#include "cli/file_read.h"

int config_file_load(const char *path, struct api_config *c, char *err, size_t errlen)
{
	struct file_buf f = { 0 };
	char why[400];
	if (file_read_all(path, "configuration file", &f, err, errlen) < 0)
		return -1;
	int rc = -1;
	if (f.len > CONFIG_FILE_MAX) {
		snprintf(err, errlen, "configuration file '%s' is larger than %u bytes",
			 path, CONFIG_FILE_MAX);
		goto out;
	}
	/* Never more values than bytes, nor more string bytes than len + values. */
	struct json_doc d = { .cap = (unsigned)f.len + 1, .str_cap = 2 * f.len + 2 };
	d.v = calloc(d.cap, sizeof(*d.v));
	d.str = malloc(d.str_cap);
	if (!d.v || !d.str)
		snprintf(err, errlen, "configuration file '%s': out of memory", path);
	else if (json_parse(f.data, f.len, &d, why, sizeof(why)) < 0)
		snprintf(err, errlen, "configuration file '%s': not valid JSON: %s", path, why);
	else if (api_config_file(c, &d, why, sizeof(why)) < 0)
		snprintf(err, errlen, "configuration file '%s': %s", path, why);
	else
		rc = 0;
	free(d.v);
	free(d.str);
out:
	file_buf_free(&f);
	return rc;
}
