/* SPDX-License-Identifier: MIT */
/* The PL011, PL031, test device and boot marker under a fuzzed guest's
 * MMIO accesses (mmio_model.h); the first byte picks the device. */
#include "mmio_model.h"

static struct dev_instance inst;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };

	if (fuzz_mmio_model_init(&inst, (enum board_dev_type)(fuzz_u8(&in) % 4)) == 0)
		fuzz_mmio_model_run(&inst, &in);
	return 0;
}
