// SPDX-License-Identifier: MIT
/* Fields of gdb remote-protocol packets (gdb_fields.h). */
#include "cli/gdb_fields.h"

#include <string.h>

const char gdb_hexdigits[] = "0123456789abcdef";

int gdb_hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

bool gdb_parse_hex_u64(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *q = *p;
	int digits = 0;

	while (q < end && gdb_hexval(*q) >= 0) {
		if (++digits > 16)
			return false;
		v = v << 4 | (uint64_t)gdb_hexval(*q++);
	}
	if (!digits)
		return false;
	*p = q;
	*out = v;
	return true;
}

bool gdb_expect(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return false;
	(*p)++;
	return true;
}

/* A thread id: -1 (all), 0 (any) or 1..N; out = vCPU index or -1/any. */
bool gdb_parse_thread(const char **p, const char *end, long *out)
{
	uint64_t v;

	if (*p + 2 <= end && (*p)[0] == '-' && (*p)[1] == '1') {
		*p += 2;
		*out = -1;
		return true;
	}
	if (!gdb_parse_hex_u64(p, end, &v) || v > 0xffff)
		return false;
	*out = (long)v;
	return true;
}

size_t gdb_put_hex(char *out, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = gdb_hexdigits[b[i] >> 4];
		out[2 * i + 1] = gdb_hexdigits[b[i] & 15];
	}
	return 2 * len;
}

bool gdb_get_hex(const char *in, size_t hex_len, void *buf)
{
	uint8_t *b = buf;

	if (hex_len % 2)
		return false;
	for (size_t i = 0; i < hex_len / 2; i++) {
		int hi = gdb_hexval(in[2 * i]), lo = gdb_hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

size_t gdb_reply_str(char *reply, const char *s)
{
	size_t n = strlen(s);
	memcpy(reply, s, n + 1);
	return n;
}

