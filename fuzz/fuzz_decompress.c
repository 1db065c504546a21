/* SPDX-License-Identifier: MIT */
/*
 * The kernel decompressors (src/machine/decompress.c: gzip, xz, lzma,
 * lz4 legacy and frame, zstd) and the kernel-file step around them
 * (decompress_kernel.c: a whole compressed file, or an arm32 zImage whose
 * payload is found and inflated natively). Input: a selector byte (arch,
 * mode, the output cap: 64 KiB to 2 MiB so a run stays fast), then the
 * file. decompress_buffer gets an exact-size output buffer, so ASan sees
 * any write past the cap; a success must report no more than the cap and
 * no more input used than given.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "machine/decompress.h"
#include "machine/decompress_kernel.h"

static const size_t caps[4] = { 64u << 10, 256u << 10, 1u << 20, 2u << 20 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t sel = fuzz_u8(&in);
	size_t cap = caps[(sel >> 2) & 3];
	size_t len = in.n;
	/* The file, copied so ASan bounds it. */
	uint8_t *file = malloc(len ? len : 1);
	char err[200];

	memcpy(file, in.p, len);
	enum decompress_method m = decompress_detect(file, len);
	(void)decompress_method_name(m);
	if (sel & 0x10) {
		/* One buffer straight through its decompressor. */
		if (decompress_supported(m)) {
			uint8_t *out = malloc(cap);
			size_t got = 0, used = 0;

			if (decompress_buffer(m, file, len, out, cap, "the cap", &got,
					      sel & 0x20 ? &used : NULL, err, sizeof(err)) == 0 &&
			    (got > cap || used > len))
				abort();
			free(out);
		}
	} else {
		struct decompressed_kernel k;
		enum machine_arch arch = sel & 1 ? MACHINE_ARCH_AARCH32 : MACHINE_ARCH_AARCH64;
		enum decompress_mode mode = sel & 2 ? DECOMPRESS_MODE_GUEST : DECOMPRESS_MODE_AUTO;

		memset(&k, 0, sizeof(k));
		if (decompress_kernel(arch, file, len, cap, mode, &k, err, sizeof(err)) == 0) {
			if (!k.image || (k.buf && k.image_size > k.buf_cap) ||
			    (!k.buf && k.image_size > len))
				abort();
			/* Every byte reported is there to read. */
			volatile uint8_t sink = 0;
			for (size_t i = 0; i < k.image_size; i += 4096)
				sink ^= ((const uint8_t *)k.image)[i];
			if (k.image_size)
				sink ^= ((const uint8_t *)k.image)[k.image_size - 1];
			(void)sink;
			decompressed_kernel_free(&k);
		}
	}
	free(file);
	return 0;
}
