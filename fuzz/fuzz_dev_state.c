/* SPDX-License-Identifier: MIT */
/*
 * The devices' saved-state load hooks (dev_state.h, the registry's
 * save/load): random bytes, and mutations of a real saved state, loaded
 * into each simple device. A load either fails leaving the model as it
 * was, or leaves a model that survives a fuzzed guest and saves again.
 */
#include <stdlib.h>
#include <string.h>

#include "mmio_model.h"

static struct dev_instance inst, before;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	enum board_dev_type type = (enum board_dev_type)(fuzz_u8(&in) % 4);
	uint8_t saved[DEV_STATE_MAX];
	size_t len = fuzz_u16(&in) % (DEV_STATE_MAX + 16);
	uint8_t *state;
	int n;

	if (fuzz_mmio_model_init(&inst, type) != 0)
		return 0;
	/* The state: what the fuzzer gives, over a genuine saved state so
	 * mutations get past the tag and version. */
	n = dev_instance_save(&inst, saved, sizeof(saved));
	if (n < 0)
		abort();
	state = malloc(len ? len : 1);
	memset(state, 0, len);
	memcpy(state, saved, (size_t)n < len ? (size_t)n : len);
	{
		uint8_t skip = fuzz_u8(&in);     /* keep the genuine prefix */
		size_t at = skip < len ? skip : len;

		fuzz_bytes(&in, state + at, len - at);
	}
	memcpy(&before, &inst, sizeof(inst));
	if (dev_instance_load(&inst, state, len) != 0) {
		if (memcmp(&before.m, &inst.m, sizeof(inst.m)) != 0)
			abort();     /* a failed load changed the model */
	} else {
		fuzz_mmio_model_run(&inst, &in);
		if (dev_instance_save(&inst, saved, sizeof(saved)) < 0)
			abort();
	}
	free(state);
	return 0;
}
