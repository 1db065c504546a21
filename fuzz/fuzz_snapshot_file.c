/* SPDX-License-Identifier: MIT */
/*
 * The snapshot file parser (src/cli/snapshot_file.h): any bytes are either
 * refused with one line or accepted with every section inside the input
 * and a machine that compares equal to itself. The first input byte picks
 * a mode: odd = "resealed", every CRC (sections, header, whole file)
 * recomputed over the mutated bytes first, so mutations of the structure
 * get past the checksums to the checks behind them.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cli/snapshot_file.h"

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t sum(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

/* Recompute the CRCs where the (fuzzed) header says they are. */
static void reseal(uint8_t *b, size_t n)
{
	uint32_t hlen, nr;

	if (n < 64 + 16)
		return;
	hlen = rd32(b + 12);
	nr = rd32(b + 52);
	if (hlen < 64 + 8 || hlen > n || nr > SNAPSHOT_MAX_SECTIONS ||
	    (size_t)nr * 40 + 8 > hlen - 64)
		return;
	for (uint32_t i = 0; i < nr; i++) {
		uint8_t *e = b + hlen - 8 - (size_t)(nr - i) * 40;
		uint64_t off = rd64(e + 16), size = rd64(e + 24);

		if (off <= n && size <= n - off)
			wr32(e + 32, sum(b + off, (size_t)size));
	}
	wr32(b + hlen - 4, sum(b, hlen - 4));
	wr32(b + n - 4, sum(b, n - 4));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot_file f;
	char err[256];
	uint8_t *buf;
	size_t n;

	if (!size)
		return 0;
	n = size - 1;
	buf = malloc(n ? n : 1);
	memcpy(buf, data + 1, n);
	if (data[0] & 1)
		reseal(buf, n);
	err[0] = 0;
	if (snapshot_file_parse(buf, n, &f, err, sizeof(err)) < 0) {
		/* One line naming the problem. */
		if (!err[0] || strchr(err, '\n'))
			abort();
	} else {
		for (unsigned i = 0; i < f.nr; i++) {
			const uint8_t *p = f.sec[i].data;

			if (p < buf || p > buf + n || f.sec[i].size > (size_t)(buf + n - p) ||
			    !memchr(f.sec[i].name, 0, sizeof(f.sec[i].name)))
				abort();
			if (snapshot_file_section(&f, f.sec[i].name) != &f.sec[i])
				abort();
		}
		if (snapshot_machine_compare(&f.machine, &f.machine, err, sizeof(err)) != 0)
			abort();
	}
	free(buf);
	return 0;
}
