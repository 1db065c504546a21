/* SPDX-License-Identifier: MIT */
/* The EL2 partition config parser and validator (el2/tools/el2_config.h)
 * on arbitrary text: a message and -1, or a configuration, never a fault. */
#include <stdlib.h>
#include <string.h>

#include "el2_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct el2_config cfg;
	char err[256];
	uint64_t bytes;

	memcpy(text, data, size);
	text[size] = 0;
	if (el2_config_parse("fuzz.conf", text, &cfg, err, sizeof(err)) == 0)
		(void)el2_config_validate("fuzz.conf", &cfg, err, sizeof(err));
	else if (!err[0])
		abort();                 /* a failure without a message */
	(void)el2_parse_size(text, &bytes);
	free(text);
	return 0;
}
